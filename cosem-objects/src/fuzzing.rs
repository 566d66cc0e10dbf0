//! Entry points for the cargo-fuzz targets in the repository's `fuzz/` directory.
//!
//! Each function takes arbitrary bytes and must never panic; round-trip targets assert that
//! whatever parses prints to text that parses to the same value. Not part of the stable
//! API.

use core::fmt::Write;

use crate::obis::ObisCode;

/// A fixed-capacity text buffer (the longest OBIS text is 23 characters).
struct Text {
    buf: [u8; 32],
    len: usize,
}

impl Write for Text {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Parses `data` (when it is UTF-8) as OBIS text. Whatever parses must print, in both
/// forms, to text that parses to the same code.
///
/// # Panics
/// If a parsed code does not round-trip: that is a bug the fuzzer is looking for.
#[allow(clippy::panic)]
pub fn obis_text(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(code) = ObisCode::parse_text(text) else {
        return;
    };
    for alternate in [false, true] {
        let mut t = Text {
            buf: [0; 32],
            len: 0,
        };
        let printed = if alternate {
            write!(t, "{code:#}")
        } else {
            write!(t, "{code}")
        };
        if printed.is_err() {
            panic!("OBIS text longer than 32 characters");
        }
        let s = t
            .buf
            .get(..t.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("");
        match ObisCode::parse_text(s) {
            Ok(again) if again == code => {}
            other => panic!("{code} printed as {s:?} parses as {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn seeds_round_trip() {
        for s in [
            "1.0.1.8.0.255",
            "1-0:1.8.0*255",
            "255.255.255.255.255.255",
            "x",
            "",
        ] {
            super::obis_text(s.as_bytes());
        }
    }
}
