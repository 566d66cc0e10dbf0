//! IEC HDLC setup (class id 23, version 1): the HDLC link parameters of a port
//! (IEC 62056-46), usually instance `0.0.22.0.0.255` (or `0.x.22.0.0.255` per channel).
//!
//! Version 1 widened the maximum information field lengths from `unsigned` to
//! `long-unsigned`; this type implements version 1.

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData};

use super::iec_local_port_setup::BaudRate;

/// An IEC HDLC setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IecHdlcSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the speed of the port (9 600 baud by default).
    pub comm_speed: BaudRate,
    /// Attribute 3: the largest number of frames the server sends before it waits for an
    /// acknowledgement (1 to 7).
    pub window_size_transmit: u8,
    /// Attribute 4: the largest number of frames the server receives before it acknowledges
    /// (1 to 7).
    pub window_size_receive: u8,
    /// Attribute 5: the largest information field the server sends, in octets (32 to 2 030,
    /// 128 by default).
    pub max_info_field_length_transmit: u16,
    /// Attribute 6: the largest information field the server receives, in octets.
    pub max_info_field_length_receive: u16,
    /// Attribute 7: the time-out between two octets of a frame, in milliseconds (20 to
    /// 6 000).
    pub inter_octet_time_out: u16,
    /// Attribute 8: the time without traffic after which the link disconnects, in seconds
    /// (0 = never).
    pub inactivity_time_out: u16,
    /// Attribute 9: the server's physical HDLC address.
    pub device_address: u16,
}

impl ClassInfo for IecHdlcSetup {
    const CLASS_ID: ClassId = ClassId::IEC_HDLC_SETUP;
    const VERSION: u8 = 1;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "comm_speed", AttributeKind::Static),
        attribute(3, "window_size_transmit", AttributeKind::Static),
        attribute(4, "window_size_receive", AttributeKind::Static),
        attribute(5, "max_info_field_length_transmit", AttributeKind::Static),
        attribute(6, "max_info_field_length_receive", AttributeKind::Static),
        attribute(7, "inter_octet_time_out", AttributeKind::Static),
        attribute(8, "inactivity_time_out", AttributeKind::Static),
        attribute(9, "device_address", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for IecHdlcSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.comm_speed.to_data(),
            3 => self.window_size_transmit.to_data(),
            4 => self.window_size_receive.to_data(),
            5 => self.max_info_field_length_transmit.to_data(),
            6 => self.max_info_field_length_receive.to_data(),
            7 => self.inter_octet_time_out.to_data(),
            8 => self.inactivity_time_out.to_data(),
            9 => self.device_address.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.comm_speed = BaudRate::from_data(value)?,
            3 => self.window_size_transmit = u8::from_data(value)?,
            4 => self.window_size_receive = u8::from_data(value)?,
            5 => self.max_info_field_length_transmit = u16::from_data(value)?,
            6 => self.max_info_field_length_receive = u16::from_data(value)?,
            7 => self.inter_octet_time_out = u16::from_data(value)?,
            8 => self.inactivity_time_out = u16::from_data(value)?,
            9 => self.device_address = u16::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
