//! Special days table (class id 11, version 0): dates that use a day profile of their own
//! (holidays), overriding the week profile of the activity calendar.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::Date;
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, structure_type};

structure_type! {
    /// One special day (`spec_day_entry`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct SpecialDay {
        /// The entry's index (long-unsigned).
        pub index: u16,
        /// The date, wildcards allowed (octet-string date).
        pub specialday_date: Date,
        /// The day profile of the activity calendar to use (unsigned).
        pub day_id: u8,
    }
}

/// A Special days table object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDaysTable {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the entries.
    pub entries: Vec<SpecialDay>,
}

impl_class! {
    SpecialDaysTable, ClassId::SPECIAL_DAYS_TABLE, 0,
    attributes { 2 => entries: Static },
    methods {
        1 => "insert", true, 0x10;
        2 => "delete", true, 0x18;
    },
}

/// The methods of Special days table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialDaysTableMethod {
    /// Method 1, `insert` (replaces an entry of the same index).
    Insert(SpecialDay),
    /// Method 2, `delete` the entry with this index (long-unsigned).
    Delete(u16),
}

impl Method for SpecialDaysTableMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Insert(_) => 1,
            Self::Delete(_) => 2,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::Insert(v) => v.to_data(),
            Self::Delete(v) => v.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => FromData::from_data(p).map(Self::Insert),
            2 => u16::from_data(p).map(Self::Delete),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
