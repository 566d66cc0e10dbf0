//! AES key wrap (RFC 3394) for key transfer under the master key.
//!
//! The Security setup object (class 64) changes keys with its `key_transfer` method (and the
//! older `global_key_transfer`): each new key travels as a [`KeyId`] and the key wrapped
//! under the master key, the key-encryption key (KEK), by the RFC 3394 AES key wrap with its
//! default initial value `A6A6A6A6A6A6A6A6` (DLMS UA 1000-2, the key transfer). A 16-octet
//! key wraps to 24 octets, a 32-octet key to 40.
//!
//! [`unwrap_key`] returns the key only after the wrap's integrity check passed, as an
//! [`UnwrappedKey`] that is zeroized on drop and converts into the typed key its
//! [`KeyId`] names.
//!
//! ```
//! use dlms_security::kw::{unwrap_key, wrap_key, KeyId};
//! use dlms_security::{GlobalUnicastKey, MasterKey};
//!
//! # fn main() -> Result<(), dlms_security::Error> {
//! let kek = MasterKey::new_128([0x0F; 16]);
//! let mut wrapped = [0u8; 24];
//! let n = wrap_key(&kek, &GlobalUnicastKey::new_128([0x11; 16]), &mut wrapped)?;
//! // key_transfer sends { KeyId::GlobalUnicastEncryption.value(), wrapped[..n] }.
//! let guek: GlobalUnicastKey = unwrap_key(&kek, &wrapped[..n])?.into();
//! assert_eq!(guek.expose_secret(), &[0x11; 16]);
//! assert_eq!(KeyId::GlobalUnicastEncryption.value(), 0);
//! # Ok(())
//! # }
//! ```

use core::fmt;

use aes_kw::{KeyInit, KwAes128, KwAes192, KwAes256};
use zeroize::Zeroize;

use crate::error::{Error, Result};
use crate::key::{
    AuthenticationKey, BroadcastKey, DedicatedKey, GlobalUnicastKey, KeyBytes, KeySize, MasterKey,
};

/// The octets RFC 3394 adds to the wrapped key (its integrity check value).
pub const WRAP_OVERHEAD: usize = 8;

/// Octets of a key of `size` once wrapped: 24 for AES-128, 40 for AES-256.
#[must_use]
pub const fn wrapped_len(size: KeySize) -> usize {
    match size {
        KeySize::Aes128 => 24,
        KeySize::Aes256 => 40,
    }
}

/// The `key_id` of a Security setup `key_transfer` (and `global_key_transfer`) entry: which
/// key the wrapped key replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyId {
    /// 0: the global unicast encryption key.
    GlobalUnicastEncryption,
    /// 1: the global broadcast encryption key.
    GlobalBroadcastEncryption,
    /// 2: the authentication key.
    Authentication,
    /// 3: the master key (KEK).
    Master,
}

impl KeyId {
    /// Every key id, in the order of their values.
    pub const ALL: [Self; 4] = [
        Self::GlobalUnicastEncryption,
        Self::GlobalBroadcastEncryption,
        Self::Authentication,
        Self::Master,
    ];

    /// The enum value on the wire.
    #[must_use]
    pub const fn value(self) -> u8 {
        match self {
            Self::GlobalUnicastEncryption => 0,
            Self::GlobalBroadcastEncryption => 1,
            Self::Authentication => 2,
            Self::Master => 3,
        }
    }

    /// The key id of a wire value, or `None` for a value the standard does not define.
    #[must_use]
    pub const fn from_value(value: u8) -> Option<Self> {
        match value {
            0 => Some(Self::GlobalUnicastEncryption),
            1 => Some(Self::GlobalBroadcastEncryption),
            2 => Some(Self::Authentication),
            3 => Some(Self::Master),
            _ => None,
        }
    }

    /// The Blue Book name of the value.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::GlobalUnicastEncryption => "global-unicast-encryption-key",
            Self::GlobalBroadcastEncryption => "global-broadcast-encryption-key",
            Self::Authentication => "authentication-key",
            Self::Master => "master-key",
        }
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A key that can be wrapped for transfer: the typed keys of [`crate::key`] and
/// [`UnwrappedKey`].
pub trait WrappableKey: sealed::Sealed {
    /// The key octets (16 or 32).
    fn key_octets(&self) -> &[u8];
}

macro_rules! wrappable {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl WrappableKey for $t {
            fn key_octets(&self) -> &[u8] {
                self.expose_secret()
            }
        }
    )*};
}

wrappable!(
    GlobalUnicastKey,
    BroadcastKey,
    AuthenticationKey,
    MasterKey,
    DedicatedKey,
    UnwrappedKey
);

/// Wraps `key` under the master key `kek` into `out`, returning the octets written (24 or
/// 40).
///
/// # Errors
/// [`Error::BufferTooSmall`] if `out` is shorter than [`wrapped_len`] of the key.
pub fn wrap_key<K: WrappableKey + ?Sized>(
    kek: &MasterKey,
    key: &K,
    out: &mut [u8],
) -> Result<usize> {
    wrap_octets(kek.expose_secret(), key.key_octets(), out)
}

/// Unwraps a key that `kek` wrapped: 24 octets give an AES-128 key, 40 an AES-256 key.
///
/// # Errors
/// - [`Error::InvalidLength`] if `wrapped` is neither 24 nor 40 octets;
/// - [`Error::UnwrapFailed`] if the integrity check fails (another KEK, a damaged key).
pub fn unwrap_key(kek: &MasterKey, wrapped: &[u8]) -> Result<UnwrappedKey> {
    let len = wrapped.len();
    if len != wrapped_len(KeySize::Aes128) && len != wrapped_len(KeySize::Aes256) {
        return Err(Error::InvalidLength(len));
    }
    let mut buf = [0u8; 32];
    let result = unwrap_octets(kek.expose_secret(), wrapped, &mut buf)
        .and_then(|n| KeyBytes::from_slice(buf.get(..n).unwrap_or(&[])));
    buf.zeroize();
    result.map(UnwrappedKey)
}

/// RFC 3394 key wrap of any `key_data` (a multiple of 8 octets, at least 16) under a KEK of
/// 16, 24 or 32 octets. [`wrap_key`] is the typed form DLMS uses; this one also covers the
/// RFC's AES-192 and 192-bit key data examples.
///
/// # Errors
/// - [`Error::KeyLength`] for a KEK of another length;
/// - [`Error::InvalidLength`] if `key_data` is shorter than 16 octets or not a multiple of 8;
/// - [`Error::BufferTooSmall`] if `out` is shorter than `key_data.len() + 8`.
pub fn wrap_octets(kek: &[u8], key_data: &[u8], out: &mut [u8]) -> Result<usize> {
    let n = key_data.len();
    if n < 16 || n % 8 != 0 {
        return Err(Error::InvalidLength(n));
    }
    let needed = n.saturating_add(WRAP_OVERHEAD);
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let r = match kek.len() {
        16 => KwAes128::new_from_slice(kek).map(|k| k.wrap_key(key_data, out).map(<[u8]>::len)),
        24 => KwAes192::new_from_slice(kek).map(|k| k.wrap_key(key_data, out).map(<[u8]>::len)),
        32 => KwAes256::new_from_slice(kek).map(|k| k.wrap_key(key_data, out).map(<[u8]>::len)),
        actual => {
            return Err(Error::KeyLength {
                expected: 16,
                actual,
            });
        }
    };
    r.map_err(|_| Error::KeyLength {
        expected: 16,
        actual: kek.len(),
    })?
    .map_err(|_| Error::InvalidLength(n))
}

/// RFC 3394 key unwrap into `out`, returning the octets written (`wrapped.len() - 8`). On
/// failure `out` holds no key material.
///
/// # Errors
/// - [`Error::KeyLength`] for a KEK of other than 16, 24 or 32 octets;
/// - [`Error::InvalidLength`] if `wrapped` is shorter than 24 octets or not a multiple of 8;
/// - [`Error::BufferTooSmall`] if `out` is shorter than `wrapped.len() - 8`;
/// - [`Error::UnwrapFailed`] if the integrity check fails.
pub fn unwrap_octets(kek: &[u8], wrapped: &[u8], out: &mut [u8]) -> Result<usize> {
    let n = wrapped.len();
    if n < 24 || n % 8 != 0 {
        return Err(Error::InvalidLength(n));
    }
    let needed = n.saturating_sub(WRAP_OVERHEAD);
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let r = match kek.len() {
        16 => KwAes128::new_from_slice(kek).map(|k| k.unwrap_key(wrapped, out).map(<[u8]>::len)),
        24 => KwAes192::new_from_slice(kek).map(|k| k.unwrap_key(wrapped, out).map(<[u8]>::len)),
        32 => KwAes256::new_from_slice(kek).map(|k| k.unwrap_key(wrapped, out).map(<[u8]>::len)),
        actual => {
            return Err(Error::KeyLength {
                expected: 16,
                actual,
            });
        }
    };
    let r = r
        .map_err(|_| Error::KeyLength {
            expected: 16,
            actual: kek.len(),
        })?
        .map_err(|e| match e {
            aes_kw::Error::IntegrityCheckFailed => Error::UnwrapFailed,
            aes_kw::Error::InvalidDataSize | aes_kw::Error::InvalidOutputSize { .. } => {
                Error::InvalidLength(n)
            }
        });
    if r.is_err() {
        out.zeroize();
    }
    r
}

/// A key recovered by [`unwrap_key`] (or derived by key agreement, `kdf::AgreedKey`):
/// zeroized on drop, never `Clone`, `Debug` redacted.
///
/// Convert it into the typed key its [`KeyId`] names (`GlobalUnicastKey::from(k)`, ...),
/// which takes over the octets without a copy. (The octets zeroize themselves on drop.)
pub struct UnwrappedKey(pub(crate) KeyBytes);

impl UnwrappedKey {
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

impl fmt::Debug for UnwrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnwrappedKey({:?}, redacted)", self.size())
    }
}

macro_rules! from_unwrapped {
    ($($t:ident),*) => {$(
        impl From<UnwrappedKey> for $t {
            fn from(key: UnwrappedKey) -> Self {
                $t::from_key_bytes(key.0)
            }
        }
    )*};
}

from_unwrapped!(
    GlobalUnicastKey,
    BroadcastKey,
    AuthenticationKey,
    MasterKey,
    DedicatedKey
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn key_ids_round_trip() {
        for (i, id) in KeyId::ALL.iter().enumerate() {
            assert_eq!(usize::from(id.value()), i);
            assert_eq!(KeyId::from_value(id.value()), Some(*id));
        }
        assert_eq!(KeyId::from_value(4), None);
    }

    #[test]
    fn wrapped_lengths() {
        let kek = MasterKey::new_128([7; 16]);
        let mut out = [0u8; 40];
        let n = wrap_key(&kek, &GlobalUnicastKey::new_256([1; 32]), &mut out).unwrap();
        assert_eq!(n, wrapped_len(KeySize::Aes256));
        let k = unwrap_key(&kek, &out).unwrap();
        assert_eq!(GlobalUnicastKey::from(k).expose_secret(), &[1; 32]);
    }
}
