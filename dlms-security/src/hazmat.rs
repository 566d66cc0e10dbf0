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
