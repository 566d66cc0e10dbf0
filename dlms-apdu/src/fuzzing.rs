//! Entry points for the cargo-fuzz targets in the repository's `fuzz/` directory.
//!
//! Each function takes arbitrary bytes and must never panic; round-trip targets assert that
//! whatever parses re-emits to bytes that parse to the same value. Not part of the stable
//! API.

use core::fmt;

use crate::apdu::Apdu;
use crate::data::DataRef;
use crate::render::Tree;

/// Largest re-encoding the fuzz entry points handle on the stack.
const BUF: usize = 8192;

/// Parses `data` as A-XDR `Data`. Whatever parses must re-emit (at its
/// [`buffer_len`](DataRef::buffer_len)) to bytes that parse again and re-emit identically:
/// the canonical encoding is a fixed point.
///
/// # Panics
/// If a parsed value does not round-trip: that is a bug the fuzzer is looking for.
#[allow(clippy::panic)]
pub fn axdr_data(data: &[u8]) {
    let Ok((value, _rest)) = DataRef::parse(data) else {
        return;
    };
    walk(&value);
    let mut first = [0u8; BUF];
    let Ok(n) = value.emit(&mut first) else {
        if value.buffer_len() <= BUF {
            panic!("emit failed with a large enough buffer");
        }
        return;
    };
    let first = first.get(..n).unwrap_or(&[]);
    let again = match DataRef::parse_exact(first) {
        Ok(v) => v,
        Err(e) => panic!("re-emitted data does not parse: {e}"),
    };
    let mut second = [0u8; BUF];
    let m = again.emit(&mut second).unwrap_or(0);
    if second.get(..m) != Some(first) {
        panic!("canonical encoding is not a fixed point");
    }
}

/// Visits every nested element, so lazy iterators are exercised.
fn walk(value: &DataRef<'_>) {
    if let DataRef::Array(s) | DataRef::Structure(s) = value {
        for v in s {
            walk(&v);
        }
    }
}

/// A `fmt::Write` that discards what it is given, to exercise rendering.
struct Sink;

impl fmt::Write for Sink {
    fn write_str(&mut self, _: &str) -> fmt::Result {
        Ok(())
    }
}

/// Parses `data` as any APDU and renders what parses (rendering walks every lazy list and
/// nested value).
///
/// # Panics
/// If rendering a parsed APDU fails: that is a bug the fuzzer is looking for.
#[allow(clippy::panic)]
pub fn apdu_any(data: &[u8]) {
    if let Ok((apdu, _rest)) = Apdu::parse(data) {
        if fmt::write(&mut Sink, format_args!("{}", Tree(&apdu))).is_err() {
            panic!("rendering a parsed APDU failed");
        }
    }
}

/// Parses `data` as any APDU; whatever parses must emit at its `buffer_len`, and the
/// emitted bytes must parse to the same APDU and re-emit identically.
///
/// # Panics
/// If a parsed APDU does not round-trip: that is a bug the fuzzer is looking for.
#[allow(clippy::panic)]
pub fn apdu_roundtrip(data: &[u8]) {
    let Ok((apdu, _rest)) = Apdu::parse(data) else {
        return;
    };
    let mut first = [0u8; BUF];
    let n = match apdu.emit(&mut first) {
        Ok(n) => n,
        Err(e) => {
            if apdu.buffer_len() <= BUF {
                panic!("emit failed with a large enough buffer: {e}");
            }
            return;
        }
    };
    let first = first.get(..n).unwrap_or(&[]);
    let again = match Apdu::parse_exact(first) {
        Ok(v) => v,
        Err(e) => panic!("re-emitted APDU does not parse: {e}"),
    };
    if again.name() != apdu.name() {
        panic!("re-parsed as another APDU");
    }
    let mut second = [0u8; BUF];
    let m = again.emit(&mut second).unwrap_or(0);
    if second.get(..m) != Some(first) {
        panic!("canonical encoding is not a fixed point");
    }
}
