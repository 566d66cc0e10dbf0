//! IEC local port setup (class id 19, version 1): the optical or electrical port that speaks
//! IEC 62056-21 ("mode E" and its relatives), usually instance `0.0.20.0.0.255`.
//!
//! This module also defines [`BaudRate`], which the HDLC setup and modem configuration
//! classes share.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::closed_enum;
use crate::value::helpers::owned_octets;
use crate::value::{FromData, ToData};

closed_enum! {
    /// A serial line speed, the `baudrate` enum of IEC 62056-6-2 (values 0 to 9).
    BaudRate {
        /// 300 baud, the IEC 62056-21 start speed.
        Baud300 = 0,
        /// 600 baud.
        Baud600 = 1,
        /// 1 200 baud.
        Baud1200 = 2,
        /// 2 400 baud.
        Baud2400 = 3,
        /// 4 800 baud.
        Baud4800 = 4,
        /// 9 600 baud.
        Baud9600 = 5,
        /// 19 200 baud.
        Baud19200 = 6,
        /// 38 400 baud.
        Baud38400 = 7,
        /// 57 600 baud.
        Baud57600 = 8,
        /// 115 200 baud.
        Baud115200 = 9,
    }
}

impl BaudRate {
    /// Every rate, slowest first.
    pub const ALL: [Self; 10] = [
        Self::Baud300,
        Self::Baud600,
        Self::Baud1200,
        Self::Baud2400,
        Self::Baud4800,
        Self::Baud9600,
        Self::Baud19200,
        Self::Baud38400,
        Self::Baud57600,
        Self::Baud115200,
    ];

    /// The speed in bits per second.
    #[must_use]
    pub const fn bits_per_second(self) -> u32 {
        match self {
            Self::Baud300 => 300,
            Self::Baud600 => 600,
            Self::Baud1200 => 1_200,
            Self::Baud2400 => 2_400,
            Self::Baud4800 => 4_800,
            Self::Baud9600 => 9_600,
            Self::Baud19200 => 19_200,
            Self::Baud38400 => 38_400,
            Self::Baud57600 => 57_600,
            Self::Baud115200 => 115_200,
        }
    }

    /// The rate for a speed in bits per second, if it is one of the ten.
    #[must_use]
    pub fn from_bits_per_second(bps: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.bits_per_second() == bps)
    }
}

closed_enum! {
    /// The protocol the port starts in (`default_mode`).
    ProtocolMode {
        /// IEC 62056-21 (modes A to E).
        Iec62056_21 = 0,
        /// IEC 62056-46 (HDLC) directly; the other attributes of the class then do not apply.
        Hdlc = 1,
        /// Not specified.
        NotSpecified = 2,
    }
}

closed_enum! {
    /// The minimum time between the end of a request and the start of the response
    /// (`response_time`).
    ResponseTime {
        /// 20 ms.
        Ms20 = 0,
        /// 200 ms.
        Ms200 = 1,
    }
}

/// An IEC local port setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IecLocalPortSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the protocol the port starts in.
    pub default_mode: ProtocolMode,
    /// Attribute 3: the speed of the opening message.
    pub default_baud: BaudRate,
    /// Attribute 4: the speed the meter proposes for the rest of the session.
    pub prop_baud: BaudRate,
    /// Attribute 5: the minimum response time.
    pub response_time: ResponseTime,
    /// Attribute 6: the device address of the IEC 62056-21 sign-on message.
    pub device_addr: Vec<u8>,
    /// Attribute 7: the password of the P1 command (IEC 62056-21 level 1).
    pub pass_p1: Vec<u8>,
    /// Attribute 8: the password of the P2 command (level 2).
    pub pass_p2: Vec<u8>,
    /// Attribute 9: the password of the W5 command (level 5).
    pub pass_w5: Vec<u8>,
}

impl ClassInfo for IecLocalPortSetup {
    const CLASS_ID: ClassId = ClassId::IEC_LOCAL_PORT_SETUP;
    const VERSION: u8 = 1;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "default_mode", AttributeKind::Static),
        attribute(3, "default_baud", AttributeKind::Static),
        attribute(4, "prop_baud", AttributeKind::Static),
        attribute(5, "response_time", AttributeKind::Static),
        attribute(6, "device_addr", AttributeKind::Static),
        attribute(7, "pass_p1", AttributeKind::Static),
        attribute(8, "pass_p2", AttributeKind::Static),
        attribute(9, "pass_w5", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for IecLocalPortSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.default_mode.to_data(),
            3 => self.default_baud.to_data(),
            4 => self.prop_baud.to_data(),
            5 => self.response_time.to_data(),
            6 => Data::OctetString(self.device_addr.clone()),
            7 => Data::OctetString(self.pass_p1.clone()),
            8 => Data::OctetString(self.pass_p2.clone()),
            9 => Data::OctetString(self.pass_w5.clone()),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.default_mode = ProtocolMode::from_data(value)?,
            3 => self.default_baud = BaudRate::from_data(value)?,
            4 => self.prop_baud = BaudRate::from_data(value)?,
            5 => self.response_time = ResponseTime::from_data(value)?,
            6 => self.device_addr = owned_octets(value)?,
            7 => self.pass_p1 = owned_octets(value)?,
            8 => self.pass_p2 = owned_octets(value)?,
            9 => self.pass_w5 = owned_octets(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
