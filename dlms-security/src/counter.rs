//! Send-side invocation counters that never reuse an IV, even across power loss.
//!
//! A sender must never use an invocation counter twice under one key: with AES-GCM a
//! repeated IV leaks the XOR of two plaintexts and lets an attacker forge tags. Keeping the
//! counter in RAM and writing it to flash "now and then" is how open stacks get this wrong:
//! a power loss between a send and the write rewinds the counter.
//!
//! Here counters are inputs, never hidden state. The caller's [`CounterStore`] holds a
//! *high-water mark*: the first counter that has never been handed out. [`reserve`] loads
//! it, persists `mark + block` and only then returns a [`Lease`] of the counters in between.
//! Whatever instant the power fails at:
//!
//! - before the new mark is durable, no counter of the new block has been used, and the
//!   next start hands out the same block again;
//! - after it, the next start begins above the whole block, skipping the unused rest.
//!
//! Either way no IV repeats. Skipped counters are harmless: a receiver only needs them to
//! increase. The price is at most one block of counters per power cycle; choose the block so
//! that flash wear stays acceptable (one write per `block` APDUs).
//!
//! When the mark reaches 2^32 the key is exhausted: [`Error::CounterExhausted`] asks for a
//! new key and the counter never wraps.
//!
//! # Threat model
//!
//! - **What is protected**: the uniqueness of the GCM IV `system title ‖ counter` under one
//!   key. The attacker sees every APDU and may cut the power at any instant (a meter's
//!   supply is in the attacker's hands); the store is trusted to keep its contract.
//! - **What the design rules out**: a counter handed out twice, whether by a restart, a
//!   power loss during [`CounterStore::persist`], a failed write (the error is returned and
//!   no lease exists) or an overflow (the counter stops at 2^32 - 1).
//! - **What the caller must still do**: implement `persist` so that it returns only once the
//!   value is durable (flush, fsync, wait for the flash write), keep one store per key, and
//!   start the counters again (from a fresh store) only together with a new key. Two
//!   processes drawing leases from copies of one store reuse counters: a store has one owner.
//! - **What is not protected**: the secrecy of the counters (they travel in clear) and a
//!   store rolled back from outside (restoring an old flash image rewinds the mark).
//!
//! The receiving side of the same story is [`crate::replay`].

use crate::error::{Error, Result};
use crate::iv::InvocationCounter;

/// One past the largest counter: the high-water mark of an exhausted key.
pub const EXHAUSTED: u64 = 1 << 32;

/// Durable storage for one key's high-water mark (a flash page, an EEPROM cell, a file, a
/// database row).
///
/// The contract: after [`persist`](Self::persist) returns `Ok`, a later
/// [`load`](Self::load), even after a power loss, returns that value or a higher one.
pub trait CounterStore {
    /// The persisted high-water mark: the first counter never handed out (0 for a new key).
    ///
    /// # Errors
    /// [`Error::Storage`] if the value cannot be read.
    fn load(&mut self) -> Result<u64>;

    /// Makes `high_water` durable before returning.
    ///
    /// # Errors
    /// [`Error::Storage`] if the value cannot be written durably.
    fn persist(&mut self, high_water: u64) -> Result<()>;
}

/// Reserves the next `block` counters of `store`: loads the high-water mark, persists the
/// mark `block` higher (capped at 2^32), and returns the counters in between.
///
/// # Errors
/// - [`Error::CounterExhausted`] if the key has no counter left;
/// - [`Error::InvalidLength`] if `block` is 0;
/// - [`Error::Storage`] from the store, in which case no lease is returned.
pub fn reserve<S: CounterStore + ?Sized>(store: &mut S, block: u32) -> Result<Lease> {
    if block == 0 {
        return Err(Error::InvalidLength(0));
    }
    let start = store.load()?;
    if start >= EXHAUSTED {
        return Err(Error::CounterExhausted);
    }
    let end = start.saturating_add(u64::from(block)).min(EXHAUSTED);
    store.persist(end)?;
    Ok(Lease { next: start, end })
}

/// A block of counters reserved and persisted by [`reserve`]: each is handed out once.
///
/// Neither `Clone` nor `Copy`, so a block cannot be spent twice.
#[derive(Debug, PartialEq, Eq)]
pub struct Lease {
    next: u64,
    end: u64,
}

impl Lease {
    /// The next counter of the block.
    ///
    /// # Errors
    /// [`Error::CounterExhausted`] when the block ended at 2^32 (the key is used up);
    /// [`Error::LeaseExhausted`] when the block is used up (reserve another).
    pub fn next_counter(&mut self) -> Result<InvocationCounter> {
        if self.next >= self.end {
            return Err(if self.end >= EXHAUSTED {
                Error::CounterExhausted
            } else {
                Error::LeaseExhausted
            });
        }
        let ic = u32::try_from(self.next).map_err(|_| Error::CounterExhausted)?;
        self.next = self.next.saturating_add(1);
        Ok(InvocationCounter(ic))
    }

    /// Counters left in the block.
    #[must_use]
    pub const fn remaining(&self) -> u64 {
        self.end.saturating_sub(self.next)
    }

    /// The counter [`next_counter`](Self::next_counter) would hand out, without spending it.
    #[must_use]
    pub fn peek(&self) -> Option<InvocationCounter> {
        if self.next < self.end {
            u32::try_from(self.next).ok().map(InvocationCounter)
        } else {
            None
        }
    }
}

/// A [`CounterStore`] in RAM: for tests, and for hosts that persist it by other means.
/// It survives nothing; do not use it on a device.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MemoryStore {
    high_water: u64,
}

impl MemoryStore {
    /// A store whose next counter is `high_water`.
    #[must_use]
    pub const fn new(high_water: u64) -> Self {
        Self { high_water }
    }
}

impl CounterStore for MemoryStore {
    fn load(&mut self) -> Result<u64> {
        Ok(self.high_water)
    }

    fn persist(&mut self, high_water: u64) -> Result<()> {
        self.high_water = self.high_water.max(high_water);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_lease_hands_out_its_block_once() {
        let mut store = MemoryStore::new(5);
        let mut lease = reserve(&mut store, 3).unwrap();
        assert_eq!(store.load().unwrap(), 8);
        assert_eq!(lease.peek(), Some(InvocationCounter(5)));
        let got: [u32; 3] = core::array::from_fn(|_| lease.next_counter().unwrap().0);
        assert_eq!(got, [5, 6, 7]);
        assert_eq!(lease.next_counter(), Err(Error::LeaseExhausted));
        let mut next = reserve(&mut store, 2).unwrap();
        assert_eq!(next.next_counter().unwrap(), InvocationCounter(8));
    }

    #[test]
    fn exhaustion_never_wraps() {
        let mut store = MemoryStore::new(EXHAUSTED - 2);
        let mut lease = reserve(&mut store, 10).unwrap();
        assert_eq!(lease.remaining(), 2);
        assert_eq!(
            lease.next_counter().unwrap(),
            InvocationCounter(u32::MAX - 1)
        );
        assert_eq!(lease.next_counter().unwrap(), InvocationCounter::MAX);
        assert_eq!(lease.next_counter(), Err(Error::CounterExhausted));
        assert_eq!(reserve(&mut store, 1), Err(Error::CounterExhausted));
        assert_eq!(reserve(&mut store, 0), Err(Error::InvalidLength(0)));
    }
}
