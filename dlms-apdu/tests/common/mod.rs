//! Helpers the integration tests share; each test crate uses some of them (its own header
//! allows what tests may do).
#![allow(dead_code)]

use dlms_apdu::{ErrorKind, Result};
use serde_json::Value;

/// The items of the array `key` of the JSON document `json`.
pub(crate) fn json_array(json: &str, key: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(json).unwrap();
    doc[key].as_array().expect("an array").clone()
}

/// The bytes of a JSON hex string.
pub(crate) fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

/// Runs `emit` over a buffer of `len` bytes, checks that it wrote all of them and returns
/// them.
pub(crate) fn emitted(len: usize, emit: impl FnOnce(&mut [u8]) -> Result<usize>) -> Vec<u8> {
    let mut out = vec![0u8; len];
    assert_eq!(emit(&mut out).unwrap(), len);
    out
}

/// Whether an error says the input was cut short.
pub(crate) fn is_cut_short(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Truncated { .. } | ErrorKind::LengthExceeds { .. }
    )
}

/// Checks that `parse` fails on every proper prefix of `bytes` with an error that says the
/// input was cut short; `what` names the input in a failure.
pub(crate) fn every_cut_is_short(bytes: &[u8], what: &str, parse: impl Fn(&[u8]) -> Result<()>) {
    for n in 0..bytes.len() {
        let err = parse(&bytes[..n]).unwrap_err();
        assert!(is_cut_short(err.kind()), "{what}[..{n}]: {err}");
    }
}
