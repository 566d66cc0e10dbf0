//! Auto connect (class id 29, version 2): when and where the device connects by itself
//! (dials out, sends SMS, or keeps a permanent connection), usually instance
//! `0.0.2.1.0.255`.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, Method, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, array};

use super::auto_answer::TimeWindow;
use crate::value::enum_type;
use crate::value::helpers::{dummy_parameter, owned_octets};

enum_type! {
    /// How the device connects (`mode`); values 200 to 255 are manufacturer specific.
    pub struct AutoConnectMode {
        /// No automatic connection.
        NO_AUTO_CONNECT = 0,
        /// Auto dialling allowed at any time.
        AUTO_DIALLING_ANYTIME = 1,
        /// Auto dialling allowed within the calling windows.
        AUTO_DIALLING_IN_WINDOW = 2,
        /// Regular auto dialling within the calling windows; alarm-initiated dialling at any
        /// time.
        REGULAR_IN_WINDOW_ALARM_ANYTIME = 3,
        /// SMS sending through a public land mobile network.
        SMS_PLMN = 4,
        /// SMS sending through the public switched telephone network.
        SMS_PSTN = 5,
        /// E-mail sending.
        EMAIL = 6,
        /// Permanently connected to the network.
        PERMANENTLY_CONNECTED = 101,
        /// Connected within the calling windows only.
        CONNECTED_IN_WINDOW = 102,
        /// Connected within the calling windows, and as soon as `connect` is invoked.
        CONNECTED_IN_WINDOW_OR_INVOKED = 103,
        /// Usually disconnected; connects as soon as `connect` is invoked.
        CONNECTED_WHEN_INVOKED = 104,
    }
}

/// An auto connect object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoConnect {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: how the device connects.
    pub mode: AutoConnectMode,
    /// Attribute 3: the attempts for one connection (0 = none).
    pub repetitions: u8,
    /// Attribute 4: the pause between two attempts, in seconds (0 = none).
    pub repetition_delay: u16,
    /// Attribute 5: the periods in which connecting is allowed.
    pub calling_window: Vec<TimeWindow>,
    /// Attribute 6: where to connect, in order: phone numbers, e-mail or network addresses,
    /// as octet strings.
    pub destination_list: Vec<Vec<u8>>,
}

impl ClassInfo for AutoConnect {
    const CLASS_ID: ClassId = ClassId::AUTO_CONNECT;
    const VERSION: u8 = 2;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "mode", AttributeKind::Static),
        attribute(3, "repetitions", AttributeKind::Static),
        attribute(4, "repetition_delay", AttributeKind::Static),
        attribute(5, "calling_window", AttributeKind::Static),
        attribute(6, "destination_list", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[MethodInfo {
        id: 1,
        name: "connect",
        mandatory: false,
        // The Blue Book's short-name table for this class was not available; 0x38 follows
        // its usual one-slot gap after the last attribute (0x28).
        sn_offset: 0x38,
    }];
}

impl InterfaceClass for AutoConnect {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.mode.to_data(),
            3 => self.repetitions.to_data(),
            4 => self.repetition_delay.to_data(),
            5 => self.calling_window.to_data(),
            6 => Data::Array(
                self.destination_list
                    .iter()
                    .map(|d| Data::OctetString(d.clone()))
                    .collect(),
            ),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.mode = AutoConnectMode::from_data(value)?,
            3 => self.repetitions = u8::from_data(value)?,
            4 => self.repetition_delay = u16::from_data(value)?,
            5 => self.calling_window = Vec::from_data(value)?,
            6 => {
                self.destination_list = array(value)?
                    .iter()
                    .map(|d| owned_octets(&d))
                    .collect::<Result<_>>()?;
            }
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of auto connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AutoConnectMethod {
    /// Method 1 (version 1 and later): connect now, whatever the calling windows say.
    /// Parameter `integer(0)`.
    Connect,
}

impl Method for AutoConnectMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Connect => 1,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::Connect => Data::Integer(0),
        }
    }

    fn from_parameters(id: i8, parameters: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => dummy_parameter(parameters).map(|()| Self::Connect),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
