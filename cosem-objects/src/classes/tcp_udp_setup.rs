//! TCP-UDP setup (class id 41, version 0): the transport layer of the DLMS/COSEM wrapper
//! (IEC 62056-47), usually instance `0.0.25.0.0.255`.

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData};

/// A TCP-UDP setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpUdpSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the TCP or UDP port the server listens on (4059 by default).
    pub port: u16,
    /// Attribute 3: the logical name of the IP setup object (IPv4 or IPv6 setup) below.
    pub ip_reference: ObisCode,
    /// Attribute 4: the maximum segment size, in octets (40 to 65 535, 576 by default).
    pub mss: u16,
    /// Attribute 5: the number of simultaneous connections the server supports.
    pub nb_of_sim_conn: u8,
    /// Attribute 6: the time without traffic after which the connection closes, in seconds
    /// (0 = never; 180 by default).
    pub inactivity_time_out: u16,
}

impl ClassInfo for TcpUdpSetup {
    const CLASS_ID: ClassId = ClassId::TCP_UDP_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "TCP-UDP_port", AttributeKind::Static),
        attribute(3, "IP_reference", AttributeKind::Static),
        attribute(4, "MSS", AttributeKind::Static),
        attribute(5, "nb_of_sim_conn", AttributeKind::Static),
        attribute(6, "inactivity_time_out", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for TcpUdpSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.port.to_data(),
            3 => self.ip_reference.to_data(),
            4 => self.mss.to_data(),
            5 => self.nb_of_sim_conn.to_data(),
            6 => self.inactivity_time_out.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.port = u16::from_data(value)?,
            3 => self.ip_reference = ObisCode::from_data(value)?,
            4 => self.mss = u16::from_data(value)?,
            5 => self.nb_of_sim_conn = u8::from_data(value)?,
            6 => self.inactivity_time_out = u16::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
