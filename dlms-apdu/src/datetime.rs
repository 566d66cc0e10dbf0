//! COSEM date-time, date and time (IEC 62056-6-2, clause 4.1.6.1 "Date and time formats"),
//! with their not-specified markers, the deviation from UTC and the clock status.
//!
//! The types keep the wire values as they are, so every octet string round-trips, even one
//! whose fields a strict reader would reject. The public fields hold those wire values; the
//! methods of the same names interpret them, returning `None` for a field that is not
//! specified, and `is_valid` checks every field against its range.
//!
//! # Display
//!
//! The [`Display`] forms print one field after the other; a field that
//! is not specified prints as `*` repeated to its width:
//!
//! | type | form | example |
//! |---|---|---|
//! | [`Date`] | `YYYY-MM-DD` and, when specified, the weekday | `2018-02-12 mon`, `****-03-last sun` |
//! | [`Time`] | `hh:mm:ss.cc` (`cc` hundredths) | `12:30:**.**` |
//! | [`Deviation`] | signed minutes, or `*` | `-60` |
//! | [`ClockStatus`] | two hex digits, or `*` for `0xFF` | `80` |
//! | [`DateTime`] | `DATE TIME dev DEVIATION status STATUS` | `2020-01-01 00:03:00.00 dev -60 status 00` |
//!
//! The month markers print as `dst-end` (`0xFD`) and `dst-begin` (`0xFE`), the day-of-month
//! markers as `2nd-last` (`0xFD`) and `last` (`0xFE`); weekdays as `mon` to `sun`. A value
//! outside the field's range prints in decimal (`13`; `wd9` for a weekday), so nothing is
//! hidden; [`DateTime::is_valid`] tells whether any field is out of range.

use core::fmt::{self, Display};
use core::ops::BitOr;

/// The octet that marks a one-octet field as not specified.
const NS: u8 = 0xFF;

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

/// The month of a [`Date`], with the two markers the standard defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Month {
    /// A month number (1..=12 when valid; other values as sent).
    Number(u8),
    /// `0xFD`: the month in which daylight-saving time ends.
    DaylightSavingEnd,
    /// `0xFE`: the month in which daylight-saving time begins.
    DaylightSavingBegin,
}

/// The day of month of a [`Date`], with the two markers the standard defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayOfMonth {
    /// A day number (1..=31 when valid; other values as sent).
    Number(u8),
    /// `0xFD`: the second-last day of the month.
    SecondLast,
    /// `0xFE`: the last day of the month.
    Last,
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
/// IEC 62056-6-2 gives the range -720..=720 minutes "of local time to UTC" (central
/// European time is -60). Meters and libraries disagree about the sign, so this type keeps
/// the wire value and does not convert it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Deviation(pub i16);

/// The clock status octet: bit flags (IEC 62056-6-2, clause 4.1.6.1), `0xFF` = not
/// specified.
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

/// `Some(v)` unless `v` is the one-octet not-specified marker.
const fn specified(v: u8) -> Option<u8> {
    if v == NS { None } else { Some(v) }
}

impl Date {
    /// Octets on the wire.
    pub const LEN: usize = 5;
    /// The year value meaning "not specified".
    pub const YEAR_NOT_SPECIFIED: u16 = 0xFFFF;
    /// The month value for "daylight-saving end".
    pub const MONTH_DAYLIGHT_SAVING_END: u8 = 0xFD;
    /// The month value for "daylight-saving begin".
    pub const MONTH_DAYLIGHT_SAVING_BEGIN: u8 = 0xFE;
    /// The day-of-month value for "second-last day of the month".
    pub const DAY_SECOND_LAST: u8 = 0xFD;
    /// The day-of-month value for "last day of the month".
    pub const DAY_LAST: u8 = 0xFE;
    /// Every field not specified.
    pub const NOT_SPECIFIED: Self = Self {
        year: Self::YEAR_NOT_SPECIFIED,
        month: NS,
        day: NS,
        weekday: NS,
    };

    /// A date from its wire values (see the fields for the markers).
    #[must_use]
    pub const fn new(year: u16, month: u8, day: u8, weekday: u8) -> Self {
        Self {
            year,
            month,
            day,
            weekday,
        }
    }

    /// Reads the five octets of a date.
    #[must_use]
    pub const fn from_bytes(b: [u8; 5]) -> Self {
        let [y0, y1, month, day, weekday] = b;
        Self {
            year: u16::from_be_bytes([y0, y1]),
            month,
            day,
            weekday,
        }
    }

    /// The five octets of this date.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 5] {
        let [y0, y1] = self.year.to_be_bytes();
        [y0, y1, self.month, self.day, self.weekday]
    }

    /// The year, `None` if not specified.
    #[must_use]
    pub const fn year(&self) -> Option<u16> {
        if self.year == Self::YEAR_NOT_SPECIFIED {
            None
        } else {
            Some(self.year)
        }
    }

    /// The month or its marker, `None` if not specified.
    #[must_use]
    pub const fn month(&self) -> Option<Month> {
        match self.month {
            NS => None,
            Self::MONTH_DAYLIGHT_SAVING_END => Some(Month::DaylightSavingEnd),
            Self::MONTH_DAYLIGHT_SAVING_BEGIN => Some(Month::DaylightSavingBegin),
            m => Some(Month::Number(m)),
        }
    }

    /// The day of month or its marker, `None` if not specified.
    #[must_use]
    pub const fn day(&self) -> Option<DayOfMonth> {
        match self.day {
            NS => None,
            Self::DAY_SECOND_LAST => Some(DayOfMonth::SecondLast),
            Self::DAY_LAST => Some(DayOfMonth::Last),
            d => Some(DayOfMonth::Number(d)),
        }
    }

    /// The day of week (1 = Monday .. 7 = Sunday), `None` if not specified.
    #[must_use]
    pub const fn weekday(&self) -> Option<u8> {
        specified(self.weekday)
    }

    /// Whether every field is in its range or holds one of its markers.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        let month = matches!(self.month, 1..=12 | 0xFD..=0xFF);
        let day = matches!(self.day, 1..=31 | 0xFD..=0xFF);
        let weekday = matches!(self.weekday, 1..=7 | NS);
        month && day && weekday
    }
}

impl Time {
    /// Octets on the wire.
    pub const LEN: usize = 4;
    /// Every field not specified.
    pub const NOT_SPECIFIED: Self = Self {
        hour: NS,
        minute: NS,
        second: NS,
        hundredths: NS,
    };

    /// A time from its wire values (`0xFF` = not specified).
    #[must_use]
    pub const fn new(hour: u8, minute: u8, second: u8, hundredths: u8) -> Self {
        Self {
            hour,
            minute,
            second,
            hundredths,
        }
    }

    /// Reads the four octets of a time.
    #[must_use]
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        let [hour, minute, second, hundredths] = b;
        Self {
            hour,
            minute,
            second,
            hundredths,
        }
    }

    /// The four octets of this time.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 4] {
        [self.hour, self.minute, self.second, self.hundredths]
    }

    /// The hour, `None` if not specified.
    #[must_use]
    pub const fn hour(&self) -> Option<u8> {
        specified(self.hour)
    }

    /// The minute, `None` if not specified.
    #[must_use]
    pub const fn minute(&self) -> Option<u8> {
        specified(self.minute)
    }

    /// The second, `None` if not specified.
    #[must_use]
    pub const fn second(&self) -> Option<u8> {
        specified(self.second)
    }

    /// The hundredths of a second, `None` if not specified.
    #[must_use]
    pub const fn hundredths(&self) -> Option<u8> {
        specified(self.hundredths)
    }

    /// Whether every field is in its range or not specified.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        matches!(self.hour, 0..=23 | NS)
            && matches!(self.minute, 0..=59 | NS)
            && matches!(self.second, 0..=59 | NS)
            && matches!(self.hundredths, 0..=99 | NS)
    }
}

impl Deviation {
    /// The value meaning "not specified" (`0x8000`).
    pub const NOT_SPECIFIED: Self = Self(i16::MIN);
    /// The largest deviation the standard allows, in minutes (either sign).
    pub const MAX_MINUTES: i16 = 720;

    /// The deviation in minutes, `None` if not specified.
    #[must_use]
    pub const fn minutes(&self) -> Option<i16> {
        if self.0 == i16::MIN {
            None
        } else {
            Some(self.0)
        }
    }

    /// Whether the deviation is within ±720 minutes or not specified.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        self.0 == i16::MIN || (self.0 >= -Self::MAX_MINUTES && self.0 <= Self::MAX_MINUTES)
    }
}

impl ClockStatus {
    /// Bit 0: the time could not be recovered after an incident (invalid value).
    pub const INVALID_VALUE: Self = Self(0x01);
    /// Bit 1: the time could be recovered but its value cannot be guaranteed.
    pub const DOUBTFUL_VALUE: Self = Self(0x02);
    /// Bit 2: the clock base differs from the one specified.
    pub const DIFFERENT_CLOCK_BASE: Self = Self(0x04);
    /// Bit 3: this clock status is not valid.
    pub const INVALID_CLOCK_STATUS: Self = Self(0x08);
    /// Bit 7: daylight-saving time is active.
    pub const DAYLIGHT_SAVING_ACTIVE: Self = Self(0x80);
    /// No flag set.
    pub const OK: Self = Self(0x00);
    /// The value meaning "not specified" (`0xFF`).
    pub const NOT_SPECIFIED: Self = Self(NS);
    /// The bits the standard reserves (4 to 6).
    pub const RESERVED: u8 = 0x70;

    /// Whether the status is specified (not `0xFF`).
    #[must_use]
    pub const fn is_specified(&self) -> bool {
        self.0 != NS
    }

    /// Whether every bit of `flags` is set (raw bit test, also on `0xFF`).
    #[must_use]
    pub const fn contains(&self, flags: Self) -> bool {
        self.0 & flags.0 == flags.0
    }

    /// Whether the status is specified and `flag` is set in it.
    const fn has(&self, flag: Self) -> bool {
        self.is_specified() && self.contains(flag)
    }

    /// The status is specified and says the value is invalid.
    #[must_use]
    pub const fn is_invalid_value(&self) -> bool {
        self.has(Self::INVALID_VALUE)
    }

    /// The status is specified and says the value is doubtful.
    #[must_use]
    pub const fn is_doubtful_value(&self) -> bool {
        self.has(Self::DOUBTFUL_VALUE)
    }

    /// The status is specified and says the clock base differs.
    #[must_use]
    pub const fn is_different_clock_base(&self) -> bool {
        self.has(Self::DIFFERENT_CLOCK_BASE)
    }

    /// The status is specified and says itself invalid.
    #[must_use]
    pub const fn is_invalid_clock_status(&self) -> bool {
        self.has(Self::INVALID_CLOCK_STATUS)
    }

    /// The status is specified and says daylight-saving time is active.
    #[must_use]
    pub const fn is_daylight_saving_active(&self) -> bool {
        self.has(Self::DAYLIGHT_SAVING_ACTIVE)
    }

    /// Whether the status is not specified or has no reserved bit set.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        self.0 == NS || self.0 & Self::RESERVED == 0
    }
}

impl BitOr for ClockStatus {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl DateTime {
    /// Octets on the wire.
    pub const LEN: usize = 12;
    /// Every field not specified.
    pub const NOT_SPECIFIED: Self = Self {
        date: Date::NOT_SPECIFIED,
        time: Time::NOT_SPECIFIED,
        deviation: Deviation::NOT_SPECIFIED,
        clock_status: ClockStatus::NOT_SPECIFIED,
    };

    /// A date-time from its parts.
    #[must_use]
    pub const fn new(
        date: Date,
        time: Time,
        deviation: Deviation,
        clock_status: ClockStatus,
    ) -> Self {
        Self {
            date,
            time,
            deviation,
            clock_status,
        }
    }

    /// Reads the twelve octets of a date-time.
    #[must_use]
    pub const fn from_bytes(b: [u8; 12]) -> Self {
        let [y0, y1, mo, d, wd, h, mi, s, c, dv0, dv1, st] = b;
        Self {
            date: Date::from_bytes([y0, y1, mo, d, wd]),
            time: Time::from_bytes([h, mi, s, c]),
            deviation: Deviation(i16::from_be_bytes([dv0, dv1])),
            clock_status: ClockStatus(st),
        }
    }

    /// The twelve octets of this date-time.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 12] {
        let [y0, y1, mo, d, wd] = self.date.to_bytes();
        let [h, mi, s, c] = self.time.to_bytes();
        let [dv0, dv1] = self.deviation.0.to_be_bytes();
        [
            y0,
            y1,
            mo,
            d,
            wd,
            h,
            mi,
            s,
            c,
            dv0,
            dv1,
            self.clock_status.0,
        ]
    }

    /// Whether every field is in its range or holds one of its markers.
    #[must_use]
    pub const fn is_valid(&self) -> bool {
        self.date.is_valid()
            && self.time.is_valid()
            && self.deviation.is_valid()
            && self.clock_status.is_valid()
    }
}

/// Writes a one-octet field as two decimal digits, or `**` when not specified.
fn two(f: &mut fmt::Formatter<'_>, v: u8) -> fmt::Result {
    match specified(v) {
        Some(v) => write!(f, "{v:02}"),
        None => f.write_str("**"),
    }
}

impl Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year() {
            Some(y) => write!(f, "{y:04}-")?,
            None => f.write_str("****-")?,
        }
        match self.month() {
            Some(Month::DaylightSavingEnd) => f.write_str("dst-end")?,
            Some(Month::DaylightSavingBegin) => f.write_str("dst-begin")?,
            _ => two(f, self.month)?,
        }
        f.write_str("-")?;
        match self.day() {
            Some(DayOfMonth::SecondLast) => f.write_str("2nd-last")?,
            Some(DayOfMonth::Last) => f.write_str("last")?,
            _ => two(f, self.day)?,
        }
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        match self.weekday() {
            None => Ok(()),
            Some(w) => match usize::from(w).checked_sub(1).and_then(|i| NAMES.get(i)) {
                Some(name) => write!(f, " {name}"),
                None => write!(f, " wd{w}"),
            },
        }
    }
}

impl Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        two(f, self.hour)?;
        f.write_str(":")?;
        two(f, self.minute)?;
        f.write_str(":")?;
        two(f, self.second)?;
        f.write_str(".")?;
        two(f, self.hundredths)
    }
}

impl Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.minutes() {
            Some(m) => write!(f, "{m:+}"),
            None => f.write_str("*"),
        }
    }
}

impl Display for ClockStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_specified() {
            write!(f, "{:02x}", self.0)
        } else {
            f.write_str("*")
        }
    }
}

impl Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} dev {} status {}",
            self.date, self.time, self.deviation, self.clock_status
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use std::string::ToString;

    // IEC 62056-6-2 example layout; the octets are the `date-time` vector of the A-XDR set
    // (cross-checked there against gurux-dlms and dlms-cosem).
    const DT: [u8; 12] = hex!("07E40101FF00030000FFC400");

    #[test]
    fn deconstruct() {
        let dt = DateTime::from_bytes(DT);
        assert_eq!(dt.date.year(), Some(2020));
        assert_eq!(dt.date.month(), Some(Month::Number(1)));
        assert_eq!(dt.date.day(), Some(DayOfMonth::Number(1)));
        assert_eq!(dt.date.weekday(), None);
        assert_eq!(dt.time.hour(), Some(0));
        assert_eq!(dt.time.minute(), Some(3));
        assert_eq!(dt.time.hundredths(), Some(0));
        assert_eq!(dt.deviation.minutes(), Some(-60));
        assert_eq!(dt.clock_status, ClockStatus::OK);
        assert!(dt.is_valid());
    }

    #[test]
    fn construct() {
        let dt = DateTime::new(
            Date::new(2020, 1, 1, 0xFF),
            Time::new(0, 3, 0, 0),
            Deviation(-60),
            ClockStatus::OK,
        );
        assert_eq!(dt.to_bytes(), DT);
        assert_eq!(DateTime::from_bytes(dt.to_bytes()), dt);
        assert_eq!(
            DateTime::NOT_SPECIFIED.to_bytes(),
            hex!("FFFFFFFFFFFFFFFFFF8000FF")
        );
    }

    #[test]
    fn markers() {
        let d = Date::new(0xFFFF, 0xFE, 0xFD, 7);
        assert_eq!(d.year(), None);
        assert_eq!(d.month(), Some(Month::DaylightSavingBegin));
        assert_eq!(d.day(), Some(DayOfMonth::SecondLast));
        assert_eq!(d.weekday(), Some(7));
        assert!(d.is_valid());
        assert_eq!(d.to_string(), "****-dst-begin-2nd-last sun");
        let d = Date::new(2024, 0xFD, 0xFE, 0xFF);
        assert_eq!(d.to_string(), "2024-dst-end-last");
        assert_eq!(Date::NOT_SPECIFIED.to_string(), "****-**-**");
        assert_eq!(Time::NOT_SPECIFIED.to_string(), "**:**:**.**");
        assert_eq!(
            DateTime::NOT_SPECIFIED.to_string(),
            "****-**-** **:**:**.** dev * status *"
        );
        assert_eq!(Deviation::NOT_SPECIFIED.minutes(), None);
    }

    #[test]
    fn ranges() {
        assert!(!Date::new(2020, 13, 1, 1).is_valid());
        assert!(!Date::new(2020, 1, 0, 1).is_valid());
        assert!(!Date::new(2020, 1, 0xE0, 1).is_valid());
        assert!(!Date::new(2020, 1, 1, 8).is_valid());
        assert!(!Time::new(24, 0, 0, 0).is_valid());
        assert!(!Time::new(0, 60, 0, 0).is_valid());
        assert!(!Time::new(0, 0, 60, 0).is_valid());
        assert!(!Time::new(0, 0, 0, 100).is_valid());
        assert!(Time::new(23, 59, 59, 99).is_valid());
        assert!(Deviation(720).is_valid() && Deviation(-720).is_valid());
        assert!(!Deviation(721).is_valid());
        assert!(!ClockStatus(0x10).is_valid());
        assert!(ClockStatus::NOT_SPECIFIED.is_valid());
        assert_eq!(Date::new(2020, 13, 0, 9).to_string(), "2020-13-00 wd9");
    }

    #[test]
    fn clock_status_flags() {
        let s = ClockStatus::DAYLIGHT_SAVING_ACTIVE | ClockStatus::DOUBTFUL_VALUE;
        assert_eq!(s, ClockStatus(0x82));
        assert!(s.is_daylight_saving_active() && s.is_doubtful_value());
        assert!(!s.is_invalid_value() && !s.is_different_clock_base());
        assert!(!s.is_invalid_clock_status());
        assert_eq!(s.to_string(), "82");
        // Not specified: no flag reads as set, though every bit is.
        let ns = ClockStatus::NOT_SPECIFIED;
        assert!(ns.contains(ClockStatus::INVALID_VALUE));
        assert!(!ns.is_invalid_value() && !ns.is_daylight_saving_active());
    }

    #[test]
    fn display() {
        assert_eq!(
            DateTime::from_bytes(DT).to_string(),
            "2020-01-01 00:03:00.00 dev -60 status 00"
        );
        let dt = DateTime::from_bytes(hex!("07E2020C01 0C1EFFFF 003C 80"));
        assert_eq!(
            dt.to_string(),
            "2018-02-12 mon 12:30:**.** dev +60 status 80"
        );
    }
}
