//! Symmetric keys as newtypes: zeroized on drop, never `Clone`, `Debug` redacted.
//!
//! DLMS UA 1000-2 names the keys by use: the global unicast encryption key (GUEK), the
//! global broadcast encryption key (GBEK), the authentication key (AK), the master key or
//! key-encryption key (KEK) and the dedicated key of one association. Each use is its own
//! type here so that one cannot be passed where another is meant. Suites 0 and 1 use
//! AES-128 keys, suite 2 AES-256 keys.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, Result};

/// The two AES key sizes the security suites use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySize {
    /// AES-128: 16 octets (suites 0 and 1).
    Aes128,
    /// AES-256: 32 octets (suite 2).
    Aes256,
}

impl KeySize {
    /// Octets in a key of this size.
    #[must_use]
    pub const fn octets(self) -> usize {
        match self {
            Self::Aes128 => 16,
            Self::Aes256 => 32,
        }
    }

    /// The size of a key of `len` octets, if it is one of the two.
    #[must_use]
    pub const fn from_len(len: usize) -> Option<Self> {
        match len {
            16 => Some(Self::Aes128),
            32 => Some(Self::Aes256),
            _ => None,
        }
    }
}

/// Key material of either size; zeroized on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct KeyBytes {
    bytes: [u8; 32],
    #[zeroize(skip)]
    size: KeySize,
}

impl KeyBytes {
    pub(crate) fn from_slice(key: &[u8]) -> Result<Self> {
        let size = KeySize::from_len(key.len()).ok_or(Error::KeyLength {
            expected: 16,
            actual: key.len(),
        })?;
        let mut bytes = [0u8; 32];
        if let Some(dst) = bytes.get_mut(..key.len()) {
            dst.copy_from_slice(key);
        }
        Ok(Self { bytes, size })
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // `size.octets()` is 16 or 32, within the 32-octet array.
        self.bytes.get(..self.size.octets()).unwrap_or(&[])
    }

    pub(crate) const fn size(&self) -> KeySize {
        self.size
    }
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        ///
        /// Zeroized on drop; neither `Clone` nor `Copy`; `Debug` prints only the size.
        #[derive(Zeroize, ZeroizeOnDrop)]
        pub struct $name(KeyBytes);

        impl $name {
            /// A key from 16 (AES-128) or 32 (AES-256) octets.
            ///
            /// # Errors
            /// [`Error::KeyLength`] for any other length.
            pub fn from_slice(key: &[u8]) -> Result<Self> {
                KeyBytes::from_slice(key).map(Self)
            }

            /// The key held in `bytes` (an unwrapped or agreed key), without a copy.
            pub(crate) fn from_key_bytes(bytes: KeyBytes) -> Self {
                Self(bytes)
            }

            /// An AES-128 key.
            #[must_use]
            pub fn new_128(key: [u8; 16]) -> Self {
                let mut key = key;
                let mut bytes = [0u8; 32];
                if let Some(dst) = bytes.get_mut(..16) {
                    dst.copy_from_slice(&key);
                }
                key.zeroize();
                Self(KeyBytes { bytes, size: KeySize::Aes128 })
            }

            /// An AES-256 key.
            #[must_use]
            pub fn new_256(key: [u8; 32]) -> Self {
                let mut key = key;
                let out = Self(KeyBytes { bytes: key, size: KeySize::Aes256 });
                key.zeroize();
                out
            }

            /// The key's size.
            #[must_use]
            pub const fn size(&self) -> KeySize {
                self.0.size()
            }

            /// The key octets. Handle with care: copies are not zeroized for you.
            #[must_use]
            pub fn expose_secret(&self) -> &[u8] {
                self.0.as_slice()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, "({:?}, redacted)"), self.0.size())
            }
        }

        impl ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> subtle::Choice {
                self.0.as_slice().ct_eq(other.0.as_slice())
            }
        }
    };
}

key_type!(
    /// The global unicast encryption key (GUEK) of a Security setup object.
    GlobalUnicastKey,
    "GlobalUnicastKey"
);
key_type!(
    /// The global broadcast encryption key (GBEK), selected by the broadcast bit of the
    /// security control.
    BroadcastKey,
    "BroadcastKey"
);
key_type!(
    /// The authentication key (AK): it enters the additional authenticated data of every
    /// authenticated APDU and the GMAC of HLS mechanism 5.
    AuthenticationKey,
    "AuthenticationKey"
);
key_type!(
    /// The master key, the key-encryption key (KEK) under which other keys are wrapped for
    /// transfer (RFC 3394).
    MasterKey,
    "MasterKey"
);
key_type!(
    /// The dedicated key of one association, carried (ciphered) in the InitiateRequest and
    /// used by the `ded-` APDUs.
    DedicatedKey,
    "DedicatedKey"
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    extern crate std;
    use std::format;

    #[test]
    fn sizes_and_redaction() {
        let k = GlobalUnicastKey::new_128([0x11; 16]);
        assert_eq!(k.size(), KeySize::Aes128);
        assert_eq!(k.expose_secret(), &[0x11; 16]);
        assert_eq!(format!("{k:?}"), "GlobalUnicastKey(Aes128, redacted)");
        let k = MasterKey::from_slice(&[7; 32]).unwrap();
        assert_eq!(k.size(), KeySize::Aes256);
        assert_eq!(k.expose_secret().len(), 32);
        assert_eq!(
            AuthenticationKey::from_slice(&[0; 17]).unwrap_err(),
            Error::KeyLength {
                expected: 16,
                actual: 17
            }
        );
        let a = DedicatedKey::new_128([1; 16]);
        let b = DedicatedKey::new_128([1; 16]);
        let c = DedicatedKey::new_128([2; 16]);
        assert!(bool::from(a.ct_eq(&b)));
        assert!(!bool::from(a.ct_eq(&c)));
    }
}
