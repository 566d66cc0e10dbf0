//! Raw-nonce operations for known-answer tests. Not for production use.
//!
//! Everything here lets the caller choose the IV outright, which is how published test
//! vectors are written and how a nonce gets reused by mistake. Production code builds IVs
//! only through [`crate::iv::Iv::new`] from counters drawn from a [`crate::counter::Lease`].

use crate::iv::Iv;

/// An IV from twelve raw octets.
#[must_use]
pub const fn iv_from_raw(raw: [u8; 12]) -> Iv {
    Iv::from_raw(raw)
}

/// [`SecurityContext::protect`](crate::protect::SecurityContext::protect) under a counter
/// the caller chooses instead of one drawn from a lease: for reproducing published
/// examples. Sending two APDUs under one counter and key breaks AES-GCM.
///
/// # Errors
/// As [`SecurityContext::protect`](crate::protect::SecurityContext::protect), except the
/// lease errors.
pub fn protect_with_counter<C: crate::gcm::ApduCipher>(
    context: &crate::protect::SecurityContext<C>,
    protection: crate::protect::Protection,
    counter: crate::iv::InvocationCounter,
    plain: &[u8],
    out: &mut [u8],
) -> crate::error::Result<usize> {
    context.protect_with(protection, || Ok(counter), plain, out)
}
