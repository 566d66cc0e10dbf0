//! Time as the caller gives it to the sans-IO state machines.

use core::ops::{Add, Sub};
pub use core::time::Duration;

/// A point in time, in milliseconds since an epoch of the caller's choosing.
///
/// The state machines never read a clock; every call that depends on time takes a `now`
/// argument. Arithmetic saturates, so a wrapping clock source cannot cause a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant {
    millis: u64,
}

impl Instant {
    /// The epoch.
    pub const ZERO: Self = Self { millis: 0 };

    /// An instant `millis` milliseconds after the epoch.
    #[must_use]
    pub const fn from_millis(millis: u64) -> Self {
        Self { millis }
    }

    /// Milliseconds since the epoch.
    #[must_use]
    pub const fn total_millis(self) -> u64 {
        self.millis
    }

    /// `self + d`, saturating at the largest instant.
    #[must_use]
    pub fn saturating_add(self, d: Duration) -> Self {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Self {
            millis: self.millis.saturating_add(ms),
        }
    }

    /// The time from `earlier` to `self`, or zero if `earlier` is later.
    #[must_use]
    pub fn saturating_duration_since(self, earlier: Self) -> Duration {
        Duration::from_millis(self.millis.saturating_sub(earlier.millis))
    }
}

impl Add<Duration> for Instant {
    type Output = Self;
    fn add(self, rhs: Duration) -> Self {
        let ms = u64::try_from(rhs.as_millis()).unwrap_or(u64::MAX);
        Self {
            millis: self.millis.saturating_add(ms),
        }
    }
}

impl Sub<Duration> for Instant {
    type Output = Self;
    fn sub(self, rhs: Duration) -> Self {
        let ms = u64::try_from(rhs.as_millis()).unwrap_or(u64::MAX);
        Self {
            millis: self.millis.saturating_sub(ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturating_arithmetic() {
        let t = Instant::from_millis(u64::MAX - 1);
        assert_eq!((t + Duration::from_secs(10)).total_millis(), u64::MAX);
        assert_eq!((Instant::ZERO - Duration::from_secs(1)), Instant::ZERO);
        assert_eq!(
            Instant::from_millis(1500).saturating_duration_since(Instant::from_millis(500)),
            Duration::from_secs(1)
        );
        assert_eq!(
            Instant::ZERO.saturating_duration_since(Instant::from_millis(5)),
            Duration::ZERO
        );
    }
}
