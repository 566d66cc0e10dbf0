//! [`Octets`]: a value of up to `N` octets kept on the stack, for the variable-size outputs
//! (public keys, signatures, transaction ids) that must not need an allocator.

use core::fmt;

use crate::error::{Error, Result};

/// Fixed-capacity octets with a length; `Debug` prints them in hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Octets<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Octets<N> {
    /// No octets.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            bytes: [0; N],
            len: 0,
        }
    }

    /// Octets copied from `s`.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if `s` is longer than `N`.
    pub fn from_slice(s: &[u8]) -> Result<Self> {
        let mut bytes = [0u8; N];
        bytes
            .get_mut(..s.len())
            .ok_or(Error::InvalidLength(s.len()))?
            .copy_from_slice(s);
        Ok(Self {
            bytes,
            len: s.len(),
        })
    }

    /// The octets.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl<const N: usize> Default for Octets<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> AsRef<[u8]> for Octets<N> {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<const N: usize> core::ops::Deref for Octets<N> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<const N: usize> fmt::Debug for Octets<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_slice() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}
