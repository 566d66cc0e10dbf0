//! Receive-side replay protection per (system title, key).
//!
//! [`ReplayGuard`] remembers, for each sender system title and key in use, the last
//! invocation counter whose APDU verified. A counter equal to or below it is a replay.
//! The guard is consulted before decryption ([`check`](ReplayGuard::check)) and advanced
//! only after the tag verifies ([`accept`](ReplayGuard::accept)), so a forged APDU with a
//! high counter cannot lock out the genuine sender. Counters under a dedicated key are kept
//! apart from counters under the global keys: each key has its own sequence.
//!
//! # Threat model
//!
//! - **What is protected**: a receiver acts on each protected APDU at most once, and in the
//!   sender's order. An attacker who records APDUs and plays them back, or delays one until
//!   a later one arrived, is refused with [`Error::Replay`].
//! - **Why `check` and `accept` are two steps**: the counter travels in clear and is
//!   authenticated only by the tag. Were the guard advanced before the tag verified, one
//!   forged APDU with counter 2^32 - 1 would lock the genuine sender out for the life of the
//!   key. [`ReplayGuard::check`] is cheap and read-only; [`ReplayGuard::accept`] runs only
//!   once the tag verified.
//! - **Keys apart**: a dedicated key starts its counters afresh each association, so its
//!   sequence must not be compared with the global key's ([`KeyUse`]). When a key changes,
//!   [`ReplayGuard::forget`] its pair: the new key's counters start again.
//! - **Persistence**: the guard lives in RAM. A receiver that must refuse replays across its
//!   own restarts saves [`ReplayGuard::entries`] and restores them with `accept` on start.
//! - **What is not protected**: dropped or withheld APDUs (a gap in the counters is
//!   accepted), and broadcast APDUs shared by many receivers (each keeps its own guard).

use crate::error::{Error, Result};
use crate::iv::{InvocationCounter, SystemTitle};

/// Which key protected an APDU: each has its own counter sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyUse {
    /// The global unicast encryption key.
    GlobalUnicast,
    /// The global broadcast encryption key.
    Broadcast,
    /// The association's dedicated key.
    Dedicated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    title: SystemTitle,
    key: KeyUse,
    last: u32,
}

/// The last accepted invocation counter of up to `N` (system title, key) pairs, with no
/// allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayGuard<const N: usize> {
    slots: [Option<Slot>; N],
}

impl<const N: usize> Default for ReplayGuard<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> ReplayGuard<N> {
    /// An empty guard: the first counter from any sender is accepted.
    #[must_use]
    pub const fn new() -> Self {
        Self { slots: [None; N] }
    }

    fn find(&self, title: &SystemTitle, key: KeyUse) -> Option<&Slot> {
        self.slots
            .iter()
            .flatten()
            .find(|s| s.title == *title && s.key == key)
    }

    /// The last accepted counter from `title` under `key`, if any.
    #[must_use]
    pub fn last(&self, title: &SystemTitle, key: KeyUse) -> Option<InvocationCounter> {
        self.find(title, key).map(|s| InvocationCounter(s.last))
    }

    /// Whether `counter` from `title` under `key` would be accepted. Call before decrypting.
    ///
    /// # Errors
    /// [`Error::Replay`] if `counter` is not above the last accepted one.
    pub fn check(
        &self,
        title: &SystemTitle,
        key: KeyUse,
        counter: InvocationCounter,
    ) -> Result<()> {
        match self.find(title, key) {
            Some(s) if counter.0 <= s.last => Err(Error::Replay {
                received: counter.0,
                last: s.last,
            }),
            _ => Ok(()),
        }
    }

    /// Records `counter` as accepted. Call only after the APDU's tag verified.
    ///
    /// # Errors
    /// [`Error::Replay`] as for [`check`](Self::check) (nothing changes);
    /// [`Error::ReplayGuardFull`] if the pair is new and all `N` slots are in use.
    pub fn accept(
        &mut self,
        title: &SystemTitle,
        key: KeyUse,
        counter: InvocationCounter,
    ) -> Result<()> {
        self.check(title, key, counter)?;
        if let Some(s) = self
            .slots
            .iter_mut()
            .flatten()
            .find(|s| s.title == *title && s.key == key)
        {
            s.last = counter.0;
            return Ok(());
        }
        let free = self
            .slots
            .iter_mut()
            .find(|s| s.is_none())
            .ok_or(Error::ReplayGuardFull)?;
        *free = Some(Slot {
            title: *title,
            key,
            last: counter.0,
        });
        Ok(())
    }

    /// Forgets the pair (when its key changes, its counters start again).
    pub fn forget(&mut self, title: &SystemTitle, key: KeyUse) {
        for s in &mut self.slots {
            if matches!(s, Some(x) if x.title == *title && x.key == key) {
                *s = None;
            }
        }
    }

    /// Every remembered pair and its last counter, to persist the guard.
    pub fn entries(&self) -> impl Iterator<Item = (SystemTitle, KeyUse, InvocationCounter)> + '_ {
        self.slots
            .iter()
            .flatten()
            .map(|s| (s.title, s.key, InvocationCounter(s.last)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rejects_equal_and_lower_per_key() {
        let t = SystemTitle([1; 8]);
        let mut g = ReplayGuard::<2>::new();
        g.check(&t, KeyUse::GlobalUnicast, InvocationCounter(0))
            .unwrap();
        g.accept(&t, KeyUse::GlobalUnicast, InvocationCounter(10))
            .unwrap();
        assert_eq!(
            g.check(&t, KeyUse::GlobalUnicast, InvocationCounter(10)),
            Err(Error::Replay {
                received: 10,
                last: 10
            })
        );
        assert!(
            g.check(&t, KeyUse::GlobalUnicast, InvocationCounter(9))
                .is_err()
        );
        // The dedicated key has its own sequence.
        g.accept(&t, KeyUse::Dedicated, InvocationCounter(1))
            .unwrap();
        g.accept(&t, KeyUse::GlobalUnicast, InvocationCounter(11))
            .unwrap();
        assert_eq!(
            g.accept(
                &SystemTitle([2; 8]),
                KeyUse::GlobalUnicast,
                InvocationCounter(1)
            ),
            Err(Error::ReplayGuardFull)
        );
        g.forget(&t, KeyUse::Dedicated);
        g.accept(
            &SystemTitle([2; 8]),
            KeyUse::GlobalUnicast,
            InvocationCounter(1),
        )
        .unwrap();
        assert_eq!(g.entries().count(), 2);
    }
}
