//! Schedule (class id 10, version 0): a table of scripts to run at given times on given
//! days.

use alloc::vec::Vec;

use dlms_apdu::data::BitStringBuf;
use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::{Date, Time};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, structure_type};

structure_type! {
    /// One entry of the schedule (`schedule_table_entry`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ScheduleEntry {
        /// The entry's index (long-unsigned).
        pub index: u16,
        /// Whether the entry is active.
        pub enable: bool,
        /// The script table to run from.
        pub script_logical_name: ObisCode,
        /// The script in that table.
        pub script_selector: u16,
        /// The time of day to run (octet-string time, wildcards allowed).
        pub switch_time: Time,
        /// Minutes after `switch_time` in which a missed run is still made up (long-unsigned;
        /// 0xFFFF = always).
        pub validity_window: u16,
        /// Weekdays to run on, Monday first (bit-string of 7).
        pub exec_weekdays: BitStringBuf,
        /// Special day ids to run on (bit-string).
        pub exec_specdays: BitStringBuf,
        /// The first date the entry applies (octet-string date).
        pub begin_date: Date,
        /// The last date the entry applies (octet-string date).
        pub end_date: Date,
    }
}

structure_type! {
    /// A range of entries by index, both included (`first_index`, `last_index`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct IndexRange {
        /// The first index.
        pub first_index: u16,
        /// The last index.
        pub last_index: u16,
    }
}

structure_type! {
    /// The parameters of `enable_disable`: the entries to disable, then those to enable.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct EnableDisable {
        /// Entries to disable.
        pub disable: IndexRange,
        /// Entries to enable.
        pub enable: IndexRange,
    }
}

/// A Schedule object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the entries.
    pub entries: Vec<ScheduleEntry>,
}

impl_class! {
    Schedule, ClassId::SCHEDULE, 0,
    attributes { 2 => entries: Static },
    methods {
        1 => "enable_disable", false, 0x20;
        2 => "insert", false, 0x28;
        3 => "delete", false, 0x30;
    },
}

/// The methods of Schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleMethod {
    /// Method 1, `enable_disable`.
    EnableDisable(EnableDisable),
    /// Method 2, `insert` (replaces an entry of the same index).
    Insert(ScheduleEntry),
    /// Method 3, `delete` a range of entries.
    Delete(IndexRange),
}

impl Method for ScheduleMethod {
    fn id(&self) -> i8 {
        match self {
            Self::EnableDisable(_) => 1,
            Self::Insert(_) => 2,
            Self::Delete(_) => 3,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::EnableDisable(v) => v.to_data(),
            Self::Insert(v) => v.to_data(),
            Self::Delete(v) => v.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => FromData::from_data(p).map(Self::EnableDisable),
            2 => FromData::from_data(p).map(Self::Insert),
            3 => FromData::from_data(p).map(Self::Delete),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
