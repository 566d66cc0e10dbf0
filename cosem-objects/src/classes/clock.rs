//! Clock (class id 8, version 0): the meter's date and time, time zone and daylight-saving
//! rules.

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::{ClockStatus, DateTime};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, enum_type, structure_type};

use super::register::dummy;

enum_type! {
    /// The clock's time source (`clock_base`), an open registry.
    pub struct ClockBase {
        /// Not defined.
        NOT_DEFINED = 0,
        /// Internal crystal.
        INTERNAL_CRYSTAL = 1,
        /// Mains frequency, 50 Hz.
        MAINS_50HZ = 2,
        /// Mains frequency, 60 Hz.
        MAINS_60HZ = 3,
        /// GPS.
        GPS = 4,
        /// Radio controlled.
        RADIO_CONTROLLED = 5,
    }
}

/// A Clock object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: local date and time, with deviation and status.
    pub time: DateTime,
    /// Attribute 3: the deviation of local standard time from UTC, in minutes (long).
    pub time_zone: i16,
    /// Attribute 4: the clock status (unsigned).
    pub status: ClockStatus,
    /// Attribute 5: when daylight saving begins (a date-time with wildcards).
    pub daylight_savings_begin: DateTime,
    /// Attribute 6: when daylight saving ends.
    pub daylight_savings_end: DateTime,
    /// Attribute 7: the daylight-saving shift in minutes (integer).
    pub daylight_savings_deviation: i8,
    /// Attribute 8: whether daylight saving is applied.
    pub daylight_savings_enabled: bool,
    /// Attribute 9: the time source.
    pub clock_base: ClockBase,
}

impl_class! {
    Clock, ClassId::CLOCK, 0,
    attributes {
        2 => time: Dynamic,
        3 => time_zone: Static,
        4 => status: Dynamic,
        5 => daylight_savings_begin: Static,
        6 => daylight_savings_end: Static,
        7 => daylight_savings_deviation: Static,
        8 => daylight_savings_enabled: Static,
        9 => clock_base: Static,
    },
    methods {
        1 => "adjust_to_quarter", false, 0x60;
        2 => "adjust_to_measuring_period", false, 0x68;
        3 => "adjust_to_minute", false, 0x70;
        4 => "adjust_to_preset_time", false, 0x78;
        5 => "preset_adjusting_time", false, 0x80;
        6 => "shift_time", false, 0x88;
    },
}

structure_type! {
    /// The parameters of `preset_adjusting_time`: the time to set, and the window in which
    /// `adjust_to_preset_time` may set it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct PresetTime {
        /// The time `adjust_to_preset_time` sets.
        pub preset_time: DateTime,
        /// The start of the validity window.
        pub validity_interval_start: DateTime,
        /// The end of the validity window.
        pub validity_interval_end: DateTime,
    }
}

/// The methods of Clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockMethod {
    /// Method 1: round the time to the nearest quarter hour (parameter `integer(0)`).
    AdjustToQuarter,
    /// Method 2: round to the nearest measuring period (parameter `integer(0)`).
    AdjustToMeasuringPeriod,
    /// Method 3: round to the nearest minute (parameter `integer(0)`).
    AdjustToMinute,
    /// Method 4: set the preset time if now is in its window (parameter `integer(0)`).
    AdjustToPresetTime,
    /// Method 5: store a preset time.
    PresetAdjustingTime(PresetTime),
    /// Method 6: shift the time by -900..=900 seconds (long).
    ShiftTime(i16),
}

impl Method for ClockMethod {
    fn id(&self) -> i8 {
        match self {
            Self::AdjustToQuarter => 1,
            Self::AdjustToMeasuringPeriod => 2,
            Self::AdjustToMinute => 3,
            Self::AdjustToPresetTime => 4,
            Self::PresetAdjustingTime(_) => 5,
            Self::ShiftTime(_) => 6,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::PresetAdjustingTime(p) => p.to_data(),
            Self::ShiftTime(s) => s.to_data(),
            _ => dummy(),
        }
    }

    /// The dummy parameters of methods 1 to 4 are not checked; `shift_time` must be within
    /// ±900 seconds.
    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::AdjustToQuarter),
            2 => Ok(Self::AdjustToMeasuringPeriod),
            3 => Ok(Self::AdjustToMinute),
            4 => Ok(Self::AdjustToPresetTime),
            5 => PresetTime::from_data(p).map(Self::PresetAdjustingTime),
            6 => {
                let s = i16::from_data(p)?;
                if s.unsigned_abs() > 900 {
                    return Err(Error::OutOfRange);
                }
                Ok(Self::ShiftTime(s))
            }
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
