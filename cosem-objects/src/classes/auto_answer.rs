//! Auto answer (class id 28, version 2): when and how a modem port answers incoming calls,
//! usually instance `0.0.2.2.0.255`.
//!
//! Version 2 added `list_of_allowed_callers` (attribute 7); a version 0 meter has
//! attributes 1 to 6 with the same types, so this type reads it too (attribute 7 is then
//! simply not read). This module also defines [`TimeWindow`], which auto connect shares.

use alloc::vec::Vec;

use dlms_apdu::datetime::DateTime;
use dlms_apdu::{Data, DataRef, DataType};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, next, structure, unexpected};

use crate::value::helpers::next_octets;
use crate::value::{closed_enum, enum_type};

/// Reads a date-time carried as an octet-string of twelve octets (IEC 62056-6-2,
/// clause 4.1.6.1), the form the window attributes use.
fn date_time(data: &DataRef<'_>) -> Result<DateTime> {
    match data {
        DataRef::OctetString(b) => <[u8; DateTime::LEN]>::try_from(*b)
            .map(DateTime::from_bytes)
            .map_err(|_| Error::ElementCount {
                expected: DateTime::LEN,
                found: b.len(),
            }),
        other => Err(unexpected(DataType::OctetString, other)),
    }
}

/// A date-time as an octet-string of twelve octets.
fn date_time_data(value: &DateTime) -> Data {
    Data::OctetString(value.to_bytes().to_vec())
}

/// A period between two date-times, as the listening window of auto answer and the calling
/// window of auto connect give it.
///
/// Encoded as `structure { start_time: octet-string, end_time: octet-string }`, each
/// octet-string holding the twelve octets of a date-time. Fields may be "not specified" to
/// make the window recur (for example every day from 08:00 to 10:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeWindow {
    /// When the window opens.
    pub start: DateTime,
    /// When the window closes.
    pub end: DateTime,
}

impl FromData for TimeWindow {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 2)?;
        let mut it = s.iter();
        let mut item = || {
            it.next()
                .ok_or(Error::ElementCount {
                    expected: 2,
                    found: 0,
                })
                .and_then(|d| date_time(&d))
        };
        let start = item()?;
        let end = item()?;
        Ok(Self { start, end })
    }
}

impl ToData for TimeWindow {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            date_time_data(&self.start),
            date_time_data(&self.end),
        ])
    }
}

enum_type! {
    /// How the port shares the line (`mode`); values 200 to 255 are manufacturer specific.
    pub struct AutoAnswerMode {
        /// The line is dedicated to the device.
        LINE_DEDICATED = 0,
        /// Shared line: a limited number of calls is allowed in a window; once reached, the
        /// window is inactive until its next start, whatever the calls' outcome.
        SHARED_LINE_CALLS = 1,
        /// Shared line: a limited number of successful calls is allowed in a window.
        SHARED_LINE_SUCCESSFUL_CALLS = 2,
        /// No modem is connected.
        NO_MODEM = 3,
    }
}

closed_enum! {
    /// Whether the port currently answers (`status`).
    AutoAnswerStatus {
        /// The window is inactive.
        Inactive = 0,
        /// The window is active: the device answers.
        Active = 1,
        /// The device never answers.
        Locked = 2,
    }
}

closed_enum! {
    /// What an allowed caller's call means.
    CallType {
        /// A normal circuit-switched data call, to be answered.
        Normal = 0,
        /// A wake-up request: the device does not answer but connects (see auto connect).
        WakeUp = 1,
    }
}

/// The rings after which the device answers (`number_of_rings`); 0 means it does not
/// answer.
///
/// Encoded as `structure { nr_rings_in_window: unsigned, nr_rings_out_of_window: unsigned }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NumberOfRings {
    /// Rings before answering inside a listening window.
    pub in_window: u8,
    /// Rings before answering outside the listening windows.
    pub out_of_window: u8,
}

impl FromData for NumberOfRings {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 2)?;
        let mut it = s.iter();
        Ok(Self {
            in_window: next(&mut it)?,
            out_of_window: next(&mut it)?,
        })
    }
}

impl ToData for NumberOfRings {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.in_window.to_data(),
            self.out_of_window.to_data(),
        ])
    }
}

/// A caller the device accepts, with the kind of call (`list_of_allowed_callers`, version 2).
///
/// Encoded as `structure { caller_id: octet-string, call_type: enum }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AllowedCaller {
    /// The caller's number as sent by the network (it may end in wildcards).
    pub caller_id: Vec<u8>,
    /// What a call from this caller means.
    pub call_type: CallType,
}

impl FromData for AllowedCaller {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 2)?;
        let mut it = s.iter();
        Ok(Self {
            caller_id: next_octets(&mut it)?,
            call_type: next(&mut it)?,
        })
    }
}

impl ToData for AllowedCaller {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::OctetString(self.caller_id.clone()),
            self.call_type.to_data(),
        ])
    }
}

/// An auto answer object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoAnswer {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: how the line is shared.
    pub mode: AutoAnswerMode,
    /// Attribute 3: the periods in which the device answers.
    pub listening_window: Vec<TimeWindow>,
    /// Attribute 4: whether the device currently answers.
    pub status: AutoAnswerStatus,
    /// Attribute 5: the calls allowed in a window (0 = no limit).
    pub number_of_calls: u8,
    /// Attribute 6: the rings before answering, in and out of the windows.
    pub number_of_rings: NumberOfRings,
    /// Attribute 7 (version 2): the callers the device accepts; empty = any caller.
    pub list_of_allowed_callers: Vec<AllowedCaller>,
}

impl ClassInfo for AutoAnswer {
    const CLASS_ID: ClassId = ClassId::AUTO_ANSWER;
    const VERSION: u8 = 2;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "mode", AttributeKind::Static),
        attribute(3, "listening_window", AttributeKind::Static),
        attribute(4, "status", AttributeKind::Dynamic),
        attribute(5, "number_of_calls", AttributeKind::Static),
        attribute(6, "number_of_rings", AttributeKind::Static),
        attribute(7, "list_of_allowed_callers", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for AutoAnswer {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.mode.to_data(),
            3 => self.listening_window.to_data(),
            4 => self.status.to_data(),
            5 => self.number_of_calls.to_data(),
            6 => self.number_of_rings.to_data(),
            7 => self.list_of_allowed_callers.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.mode = AutoAnswerMode::from_data(value)?,
            3 => self.listening_window = Vec::from_data(value)?,
            4 => self.status = AutoAnswerStatus::from_data(value)?,
            5 => self.number_of_calls = u8::from_data(value)?,
            6 => self.number_of_rings = NumberOfRings::from_data(value)?,
            7 => self.list_of_allowed_callers = Vec::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
