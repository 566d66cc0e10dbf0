//! The security control octet and the security suites.

pub use dlms_apdu::ciphered::SecurityControl;

use crate::error::{Error, Result};
use crate::key::KeySize;

/// A DLMS/COSEM security suite (DLMS UA 1000-2, the security suites).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecuritySuite {
    /// Suite 0: AES-GCM-128, AES-128 key wrap.
    Suite0,
    /// Suite 1: AES-GCM-128, ECDH and ECDSA on P-256, SHA-256.
    Suite1,
    /// Suite 2: AES-GCM-256, ECDH and ECDSA on P-384, SHA-384.
    Suite2,
}

impl SecuritySuite {
    /// The suite with id `id` (bits 0-3 of the security control octet).
    ///
    /// # Errors
    /// [`Error::UnsupportedSuite`] for ids other than 0, 1 and 2.
    pub const fn from_id(id: u8) -> Result<Self> {
        match id {
            0 => Ok(Self::Suite0),
            1 => Ok(Self::Suite1),
            2 => Ok(Self::Suite2),
            other => Err(Error::UnsupportedSuite(other)),
        }
    }

    /// The suite of a security control octet.
    ///
    /// # Errors
    /// [`Error::UnsupportedSuite`] for suite ids other than 0, 1 and 2.
    pub const fn of(sc: SecurityControl) -> Result<Self> {
        Self::from_id(sc.suite_id())
    }

    /// The suite id.
    #[must_use]
    pub const fn id(self) -> u8 {
        match self {
            Self::Suite0 => 0,
            Self::Suite1 => 1,
            Self::Suite2 => 2,
        }
    }

    /// The size of the suite's symmetric keys.
    #[must_use]
    pub const fn key_size(self) -> KeySize {
        match self {
            Self::Suite0 | Self::Suite1 => KeySize::Aes128,
            Self::Suite2 => KeySize::Aes256,
        }
    }
}
