//! Activity calendar (class id 20, version 0): seasons, week profiles and day profiles that
//! say which script (tariff) runs when, as an active and a passive calendar.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::{DateTime, Time};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{Octets, structure_type};

use super::register::dummy;

structure_type! {
    /// A season (`season_profile` element).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Season {
        /// The season's name.
        pub season_profile_name: Octets,
        /// When it starts (octet-string date-time, wildcards allowed).
        pub season_start: DateTime,
        /// The week profile it uses.
        pub week_name: Octets,
    }
}

structure_type! {
    /// A week profile: a day profile id for each weekday.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct WeekProfile {
        /// The week profile's name.
        pub week_profile_name: Octets,
        /// Monday's day profile.
        pub monday: u8,
        /// Tuesday's day profile.
        pub tuesday: u8,
        /// Wednesday's day profile.
        pub wednesday: u8,
        /// Thursday's day profile.
        pub thursday: u8,
        /// Friday's day profile.
        pub friday: u8,
        /// Saturday's day profile.
        pub saturday: u8,
        /// Sunday's day profile.
        pub sunday: u8,
    }
}

structure_type! {
    /// One switching point of a day profile (`day_profile_action`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct DayProfileAction {
        /// When (octet-string time).
        pub start_time: Time,
        /// The script table.
        pub script_logical_name: ObisCode,
        /// The script in it.
        pub script_selector: u16,
    }
}

structure_type! {
    /// A day profile: its id and its switching points.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct DayProfile {
        /// The id week profiles and special days refer to.
        pub day_id: u8,
        /// The switching points.
        pub day_schedule: Vec<DayProfileAction>,
    }
}

/// An Activity calendar object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityCalendar {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2.
    pub calendar_name_active: Octets,
    /// Attribute 3.
    pub season_profile_active: Vec<Season>,
    /// Attribute 4.
    pub week_profile_table_active: Vec<WeekProfile>,
    /// Attribute 5.
    pub day_profile_table_active: Vec<DayProfile>,
    /// Attribute 6.
    pub calendar_name_passive: Octets,
    /// Attribute 7.
    pub season_profile_passive: Vec<Season>,
    /// Attribute 8.
    pub week_profile_table_passive: Vec<WeekProfile>,
    /// Attribute 9.
    pub day_profile_table_passive: Vec<DayProfile>,
    /// Attribute 10: when the passive calendar becomes active (octet-string date-time).
    pub activate_passive_calendar_time: DateTime,
}

impl_class! {
    ActivityCalendar, ClassId::ACTIVITY_CALENDAR, 0,
    attributes {
        2 => calendar_name_active: Static,
        3 => season_profile_active: Static,
        4 => week_profile_table_active: Static,
        5 => day_profile_table_active: Static,
        6 => calendar_name_passive: Static,
        7 => season_profile_passive: Static,
        8 => week_profile_table_passive: Static,
        9 => day_profile_table_passive: Static,
        10 => activate_passive_calendar_time: Static,
    },
    methods { 1 => "activate_passive_calendar", false, 0x50 },
}

/// The method of Activity calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityCalendarMethod {
    /// Method 1, `activate_passive_calendar` now (parameter `integer(0)`).
    ActivatePassiveCalendar,
}

impl Method for ActivityCalendarMethod {
    fn id(&self) -> i8 {
        1
    }

    fn parameters(&self) -> Data {
        dummy()
    }

    /// The dummy parameter is not checked.
    fn from_parameters(id: i8, _p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::ActivatePassiveCalendar),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
