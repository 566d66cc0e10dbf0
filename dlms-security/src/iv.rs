//! System titles, invocation counters and the GCM initialisation vector built from them.
//!
//! DLMS UA 1000-2 fixes the 96-bit IV of every AES-GCM operation as the sender's eight-octet
//! system title followed by the four-octet invocation counter, big-endian. [`Iv`] can only be
//! built that way; a raw nonce is available only through [`crate::hazmat`], for known-answer
//! tests.

use core::fmt;

use crate::error::{Error, Result};

/// An eight-octet system title: the first three octets are the manufacturer's FLAG id, the
/// other five are assigned by the manufacturer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SystemTitle(pub [u8; 8]);

impl SystemTitle {
    /// Octets in a system title.
    pub const LEN: usize = 8;

    /// A system title from a slice of exactly eight octets.
    ///
    /// # Errors
    /// [`Error::SystemTitleLength`] for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        <[u8; 8]>::try_from(bytes)
            .map(Self)
            .map_err(|_| Error::SystemTitleLength(bytes.len()))
    }

    /// The eight octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }

    /// The three-letter manufacturer id, when the first three octets are upper-case ASCII
    /// letters (as FLAG ids are, e.g. `KFM` for Kaifa).
    #[must_use]
    pub fn manufacturer(&self) -> Option<&str> {
        let id = self.0.get(..3)?;
        if id.iter().all(u8::is_ascii_uppercase) {
            core::str::from_utf8(id).ok()
        } else {
            None
        }
    }
}

impl fmt::Debug for SystemTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SystemTitle({self})")
    }
}

impl fmt::Display for SystemTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl From<[u8; 8]> for SystemTitle {
    fn from(bytes: [u8; 8]) -> Self {
        Self(bytes)
    }
}

/// A four-octet invocation counter as received or sent. A sender obtains its counters only
/// from a [`crate::counter::Lease`]; this type is what a receiver reads off the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct InvocationCounter(pub u32);

impl InvocationCounter {
    /// The last counter a key may ever use; after it the key must change.
    pub const MAX: Self = Self(u32::MAX);

    /// The counter's value.
    #[must_use]
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The four octets, big-endian, as in the security header.
    #[must_use]
    pub const fn to_bytes(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }
}

impl fmt::Display for InvocationCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

/// The 96-bit GCM initialisation vector `system title || invocation counter`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Iv([u8; 12]);

impl Iv {
    /// Octets in the IV.
    pub const LEN: usize = 12;

    /// The IV of the sender `system_title` at `counter`.
    #[must_use]
    pub fn new(system_title: &SystemTitle, counter: InvocationCounter) -> Self {
        let mut iv = [0u8; 12];
        let (title, ic) = iv.split_at_mut(SystemTitle::LEN);
        title.copy_from_slice(&system_title.0);
        ic.copy_from_slice(&counter.to_bytes());
        Self(iv)
    }

    /// Only for [`crate::hazmat`]: an IV from twelve raw octets.
    pub(crate) const fn from_raw(raw: [u8; 12]) -> Self {
        Self(raw)
    }

    /// The twelve octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv(")?;
        for b in self.0 {
            write!(f, "{b:02X}")?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn iv_is_title_then_counter() {
        // DLMS UA 1000-2 example material: system title 4D4D4D0000BC614E, IC 01234567.
        let title = SystemTitle::from_slice(&[0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E]).unwrap();
        assert_eq!(title.manufacturer(), Some("MMM"));
        let iv = Iv::new(&title, InvocationCounter(0x0123_4567));
        assert_eq!(
            iv.as_bytes(),
            &[
                0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E, 0x01, 0x23, 0x45, 0x67
            ]
        );
        assert_eq!(
            SystemTitle::from_slice(&[0; 7]),
            Err(Error::SystemTitleLength(7))
        );
    }
}
