//! Modem configuration (class id 27, version 1): the speed, the initialisation commands and
//! the result strings of a PSTN or GSM modem, usually instance `0.0.2.0.0.255`.
//!
//! Version 1 gives each initialisation step a third element, the delay after the response;
//! a two-element step of version 0 is refused with [`Error::ElementCount`].

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, array, next, structure};

use super::iec_local_port_setup::BaudRate;
use crate::value::helpers::{next_octets, owned_octets};

/// One step of the modem initialisation: a command, the answer expected to it, and a pause.
///
/// Encoded as `structure { request: octet-string, response: octet-string,
/// delay_after_response: long-unsigned }`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InitializationString {
    /// The command sent to the modem, e.g. `ATZ`.
    pub request: Vec<u8>,
    /// The answer expected from the modem, e.g. `OK`.
    pub response: Vec<u8>,
    /// The pause after the answer before the next command, in milliseconds.
    pub delay_after_response: u16,
}

impl FromData for InitializationString {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 3)?;
        let mut it = s.iter();
        let request = next_octets(&mut it)?;
        let response = next_octets(&mut it)?;
        let delay_after_response = next(&mut it)?;
        Ok(Self {
            request,
            response,
            delay_after_response,
        })
    }
}

impl ToData for InitializationString {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::OctetString(self.request.clone()),
            Data::OctetString(self.response.clone()),
            self.delay_after_response.to_data(),
        ])
    }
}

/// A modem configuration object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModemConfiguration {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the speed between the meter and the modem (300 baud by default).
    pub comm_speed: BaudRate,
    /// Attribute 3: the commands that initialise the modem, in order.
    pub initialization_string: Vec<InitializationString>,
    /// Attribute 4: the modem's result strings, in the order of the standard's list
    /// (`OK`, `CONNECT`, `RING`, `NO CARRIER`, `ERROR`, `CONNECT 1200`, ...).
    pub modem_profile: Vec<Vec<u8>>,
}

impl ClassInfo for ModemConfiguration {
    const CLASS_ID: ClassId = ClassId::MODEM_CONFIGURATION;
    const VERSION: u8 = 1;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "comm_speed", AttributeKind::Static),
        attribute(3, "initialization_string", AttributeKind::Static),
        attribute(4, "modem_profile", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for ModemConfiguration {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.comm_speed.to_data(),
            3 => self.initialization_string.to_data(),
            4 => Data::Array(
                self.modem_profile
                    .iter()
                    .map(|p| Data::OctetString(p.clone()))
                    .collect(),
            ),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.comm_speed = BaudRate::from_data(value)?,
            3 => self.initialization_string = Vec::from_data(value)?,
            4 => {
                self.modem_profile = array(value)?
                    .iter()
                    .map(|d| owned_octets(&d))
                    .collect::<Result<_>>()?;
            }
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
