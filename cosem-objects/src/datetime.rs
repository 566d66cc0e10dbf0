//! COSEM date, time and date-time, with optional calendar conversion.
//!
//! The types are those of `dlms_apdu::datetime`, re-exported: they keep every field as
//! sent, with its not-specified marker. Attributes carry them in two forms: the tagged
//! A-XDR `date-time` (`date`, `time`) and, far more often, an `octet-string` of 12 (5, 4)
//! octets, as the clock's `time` attribute and profile buffers do. [`FromData`] accepts
//! both; [`ToData`](crate::ToData) writes the octet string, and [`Tagged`] writes the tagged
//! form.
//!
//! With the `chrono` feature, [`calendar`] converts to and from `chrono` types when every
//! field the conversion needs is specified.

pub use dlms_apdu::datetime::{ClockStatus, Date, DateTime, DayOfMonth, Deviation, Month, Time};

use dlms_apdu::{DataRef, DataType};

use crate::error::{Error, Result};
use crate::value::{FromData, unexpected};

/// The octets of an octet string of exactly `N` octets.
fn fixed<const N: usize>(data: &DataRef<'_>) -> Result<[u8; N]> {
    match data {
        DataRef::OctetString(b) => <[u8; N]>::try_from(*b).map_err(|_| Error::ElementCount {
            expected: N,
            found: b.len(),
        }),
        other => Err(unexpected(DataType::OctetString, other)),
    }
}

/// A `date-time` or an `octet-string` of 12 octets.
impl FromData for DateTime {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::DateTime(v) => Ok(*v),
            other => fixed(other).map(Self::from_bytes),
        }
    }
}

/// A `date` or an `octet-string` of 5 octets.
impl FromData for Date {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Date(v) => Ok(*v),
            other => fixed(other).map(Self::from_bytes),
        }
    }
}

/// A `time` or an `octet-string` of 4 octets.
impl FromData for Time {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Time(v) => Ok(*v),
            other => fixed(other).map(Self::from_bytes),
        }
    }
}

/// The clock status octet, an unsigned (the Clock's `status` attribute).
impl FromData for ClockStatus {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        u8::from_data(data).map(Self)
    }
}

/// A date, time or date-time that converts to the tagged A-XDR form (`date-time`, `date`,
/// `time`) rather than to the octet string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tagged<T>(pub T);

impl FromData for Tagged<DateTime> {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::DateTime(v) => Ok(Self(*v)),
            other => Err(unexpected(DataType::DateTime, other)),
        }
    }
}

impl FromData for Tagged<Date> {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Date(v) => Ok(Self(*v)),
            other => Err(unexpected(DataType::Date, other)),
        }
    }
}

impl FromData for Tagged<Time> {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Time(v) => Ok(Self(*v)),
            other => Err(unexpected(DataType::Time, other)),
        }
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use dlms_apdu::Data;

    use super::{ClockStatus, Date, DateTime, Tagged, Time};
    use crate::value::ToData;

    /// An unsigned.
    impl ToData for ClockStatus {
        fn to_data(&self) -> Data {
            Data::Unsigned(self.0)
        }
    }

    /// An octet string of 12 octets.
    impl ToData for DateTime {
        fn to_data(&self) -> Data {
            Data::OctetString(self.to_bytes().to_vec())
        }
    }

    /// An octet string of 5 octets.
    impl ToData for Date {
        fn to_data(&self) -> Data {
            Data::OctetString(self.to_bytes().to_vec())
        }
    }

    /// An octet string of 4 octets.
    impl ToData for Time {
        fn to_data(&self) -> Data {
            Data::OctetString(self.to_bytes().to_vec())
        }
    }

    impl ToData for Tagged<DateTime> {
        fn to_data(&self) -> Data {
            Data::DateTime(self.0)
        }
    }

    impl ToData for Tagged<Date> {
        fn to_data(&self) -> Data {
            Data::Date(self.0)
        }
    }

    impl ToData for Tagged<Time> {
        fn to_data(&self) -> Data {
            Data::Time(self.0)
        }
    }
}

/// Conversions to and from `chrono` (feature `chrono`).
///
/// The deviation is read as IEC 62056-6-2 defines it, minutes *of local time to UTC*:
/// `UTC = local + deviation`, so central European time (UTC+1) has deviation -60 and the
/// `chrono` offset is `-deviation` minutes east. Meters that send the opposite sign need
/// the caller to negate [`Deviation`] first.
///
/// Hundredths that are not specified read as zero; every other field the conversion
/// needs must be specified.
#[cfg(feature = "chrono")]
pub mod calendar {
    use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

    use super::{ClockStatus, Date, DateTime, Deviation, Time};
    use crate::error::{Error, Result};

    /// The calendar date, when year, month and day are specified (the weekday is not
    /// checked).
    ///
    /// # Errors
    /// [`Error::NotSpecified`] when a field is not specified, is a marker (last day,
    /// daylight-saving month) or the date does not exist.
    pub fn to_naive_date(d: &Date) -> Result<NaiveDate> {
        let year = d.year().ok_or(Error::NotSpecified)?;
        if !(1..=12).contains(&d.month) || !(1..=31).contains(&d.day) {
            return Err(Error::NotSpecified);
        }
        NaiveDate::from_ymd_opt(i32::from(year), u32::from(d.month), u32::from(d.day))
            .ok_or(Error::NotSpecified)
    }

    /// The time of day, when hour, minute and second are specified.
    ///
    /// # Errors
    /// [`Error::NotSpecified`] when one is not specified or out of range.
    pub fn to_naive_time(t: &Time) -> Result<NaiveTime> {
        let hundredths = t.hundredths().unwrap_or(0);
        if hundredths > 99 {
            return Err(Error::NotSpecified);
        }
        let (h, m, s) = (
            t.hour().ok_or(Error::NotSpecified)?,
            t.minute().ok_or(Error::NotSpecified)?,
            t.second().ok_or(Error::NotSpecified)?,
        );
        NaiveTime::from_hms_milli_opt(
            u32::from(h),
            u32::from(m),
            u32::from(s),
            u32::from(hundredths).saturating_mul(10),
        )
        .ok_or(Error::NotSpecified)
    }

    /// The local date and time (deviation and status ignored).
    ///
    /// # Errors
    /// As [`to_naive_date`] and [`to_naive_time`].
    pub fn to_naive(dt: &DateTime) -> Result<NaiveDateTime> {
        Ok(NaiveDateTime::new(
            to_naive_date(&dt.date)?,
            to_naive_time(&dt.time)?,
        ))
    }

    /// The date and time with its offset from UTC.
    ///
    /// # Errors
    /// As [`to_naive`], and [`Error::NotSpecified`] when the deviation is not specified or
    /// outside ±720 minutes.
    pub fn to_fixed_offset(dt: &DateTime) -> Result<chrono::DateTime<FixedOffset>> {
        let naive = to_naive(dt)?;
        let dev = dt
            .deviation
            .minutes()
            .filter(|m| m.unsigned_abs() <= Deviation::MAX_MINUTES.unsigned_abs())
            .ok_or(Error::NotSpecified)?;
        let offset =
            FixedOffset::east_opt(i32::from(dev).saturating_mul(-60)).ok_or(Error::NotSpecified)?;
        naive
            .and_local_timezone(offset)
            .single()
            .ok_or(Error::NotSpecified)
    }

    /// The COSEM date of a calendar date, with its weekday.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a year outside 0..=65534.
    pub fn from_naive_date(d: NaiveDate) -> Result<Date> {
        let year = u16::try_from(d.year())
            .ok()
            .filter(|&y| y != Date::YEAR_NOT_SPECIFIED)
            .ok_or(Error::OutOfRange)?;
        // chrono guarantees month 1..=12, day 1..=31 and weekday 1..=7.
        let small = |v: u32| u8::try_from(v).map_err(|_| Error::OutOfRange);
        Ok(Date::new(
            year,
            small(d.month())?,
            small(d.day())?,
            small(d.weekday().number_from_monday())?,
        ))
    }

    /// The COSEM time of a time of day (to the hundredth; a leap second reads as 59.99).
    ///
    /// # Errors
    /// None in practice; [`Error::OutOfRange`] guards the narrowing.
    pub fn from_naive_time(t: NaiveTime) -> Result<Time> {
        let small = |v: u32| u8::try_from(v).map_err(|_| Error::OutOfRange);
        let hundredths = (t.nanosecond() / 10_000_000).min(99);
        Ok(Time::new(
            small(t.hour())?,
            small(t.minute())?,
            small(t.second())?,
            small(hundredths)?,
        ))
    }

    /// A local date-time with deviation and clock status not specified.
    ///
    /// # Errors
    /// As [`from_naive_date`].
    pub fn from_naive(dt: NaiveDateTime) -> Result<DateTime> {
        Ok(DateTime::new(
            from_naive_date(dt.date())?,
            from_naive_time(dt.time())?,
            Deviation::NOT_SPECIFIED,
            ClockStatus::NOT_SPECIFIED,
        ))
    }

    /// A date-time with its deviation (`-offset` in minutes) and the given clock status.
    ///
    /// # Errors
    /// As [`from_naive_date`], and [`Error::OutOfRange`] for an offset that is not a whole
    /// number of minutes or beyond ±720 minutes.
    pub fn from_fixed_offset(
        dt: &chrono::DateTime<FixedOffset>,
        status: ClockStatus,
    ) -> Result<DateTime> {
        let secs = dt.offset().local_minus_utc();
        if secs % 60 != 0 {
            return Err(Error::OutOfRange);
        }
        let dev = i16::try_from(secs / -60)
            .ok()
            .filter(|m| m.unsigned_abs() <= Deviation::MAX_MINUTES.unsigned_abs())
            .ok_or(Error::OutOfRange)?;
        let local = dt.naive_local();
        Ok(DateTime::new(
            from_naive_date(local.date())?,
            from_naive_time(local.time())?,
            Deviation(dev),
            status,
        ))
    }
}
