//! Entry points for the cargo-fuzz targets in the repository's `fuzz/` directory.
//!
//! Each function takes arbitrary bytes and must never panic; round-trip targets assert that
//! whatever parses re-emits to bytes that parse to the same value. Not part of the stable
//! API.

use crate::data::DataRef;

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
