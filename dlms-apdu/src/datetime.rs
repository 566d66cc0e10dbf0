//! COSEM date-time, date and time (IEC 62056-6-2, clause 4.1.6.1), with their
//! not-specified markers, the deviation from UTC and the clock status.
//!
//! The types keep the wire values as they are, so every octet string round-trips, even one
//! whose fields a strict reader would reject; accessors interpret them.

/// A date: year (`0xFFFF` not specified), month, day of month, day of week (1 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Date {
    /// Year; `0xFFFF` = not specified.
    pub year: u16,
    /// Month 1..=12; `0xFD` daylight-saving end, `0xFE` daylight-saving begin, `0xFF` not
    /// specified.
    pub month: u8,
    /// Day of month 1..=31; `0xFD` second-last day, `0xFE` last day, `0xFF` not specified.
    pub day: u8,
    /// Day of week 1..=7 (1 = Monday); `0xFF` not specified.
    pub weekday: u8,
}

/// A time of day: hour, minute, second, hundredths (`0xFF` = not specified in each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Time {
    /// Hour 0..=23; `0xFF` not specified.
    pub hour: u8,
    /// Minute 0..=59; `0xFF` not specified.
    pub minute: u8,
    /// Second 0..=59; `0xFF` not specified.
    pub second: u8,
    /// Hundredths of a second 0..=99; `0xFF` not specified.
    pub hundredths: u8,
}

/// The deviation of local time from UTC in minutes, as sent (`0x8000` = not specified).
///
/// The sign follows the wire value; IEC 62056-6-2 and meters disagree about its
/// direction, so this type does not convert it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Deviation(pub i16);

/// The clock status octet (`0xFF` = not specified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ClockStatus(pub u8);

/// A date-time: date, time, deviation and clock status, 12 octets on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateTime {
    /// The date part.
    pub date: Date,
    /// The time part.
    pub time: Time,
    /// Deviation from UTC.
    pub deviation: Deviation,
    /// Clock status.
    pub clock_status: ClockStatus,
}

impl Date {
    /// Octets on the wire.
    pub const LEN: usize = 5;

    /// Reads the five octets of a date.
    #[must_use]
    pub const fn from_bytes(b: [u8; 5]) -> Self {
        Self {
            year: u16::from_be_bytes([b[0], b[1]]),
            month: b[2],
            day: b[3],
            weekday: b[4],
        }
    }

    /// The five octets of this date.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 5] {
        let y = self.year.to_be_bytes();
        [y[0], y[1], self.month, self.day, self.weekday]
    }
}

impl Time {
    /// Octets on the wire.
    pub const LEN: usize = 4;

    /// Reads the four octets of a time.
    #[must_use]
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        Self {
            hour: b[0],
            minute: b[1],
            second: b[2],
            hundredths: b[3],
        }
    }

    /// The four octets of this time.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 4] {
        [self.hour, self.minute, self.second, self.hundredths]
    }
}

impl DateTime {
    /// Octets on the wire.
    pub const LEN: usize = 12;

    /// Reads the twelve octets of a date-time.
    #[must_use]
    pub const fn from_bytes(b: [u8; 12]) -> Self {
        Self {
            date: Date::from_bytes([b[0], b[1], b[2], b[3], b[4]]),
            time: Time::from_bytes([b[5], b[6], b[7], b[8]]),
            deviation: Deviation(i16::from_be_bytes([b[9], b[10]])),
            clock_status: ClockStatus(b[11]),
        }
    }

    /// The twelve octets of this date-time.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 12] {
        let d = self.date.to_bytes();
        let t = self.time.to_bytes();
        let dev = self.deviation.0.to_be_bytes();
        [
            d[0],
            d[1],
            d[2],
            d[3],
            d[4],
            t[0],
            t[1],
            t[2],
            t[3],
            dev[0],
            dev[1],
            self.clock_status.0,
        ]
    }
}
