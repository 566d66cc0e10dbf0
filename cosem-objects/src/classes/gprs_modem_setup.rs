//! GPRS modem setup (class id 45, version 0): the access point, PIN and quality of service
//! of a GPRS modem, usually instance `0.0.25.4.0.255`.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, next, structure};

use crate::value::helpers::owned_octets;

/// A GPRS quality-of-service profile (3GPP TS 23.107 release 97/98 parameters), each an
/// `unsigned` class number as the modem's `AT+CGQREQ` command takes it (0 = subscribed
/// value).
///
/// Encoded as `structure { precedence, delay, reliability, peak_throughput,
/// mean_throughput }`, all `unsigned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct QosElement {
    /// The precedence class.
    pub precedence: u8,
    /// The delay class.
    pub delay: u8,
    /// The reliability class.
    pub reliability: u8,
    /// The peak throughput class.
    pub peak_throughput: u8,
    /// The mean throughput class.
    pub mean_throughput: u8,
}

impl FromData for QosElement {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 5)?;
        let mut it = s.iter();
        Ok(Self {
            precedence: next(&mut it)?,
            delay: next(&mut it)?,
            reliability: next(&mut it)?,
            peak_throughput: next(&mut it)?,
            mean_throughput: next(&mut it)?,
        })
    }
}

impl ToData for QosElement {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.precedence.to_data(),
            self.delay.to_data(),
            self.reliability.to_data(),
            self.peak_throughput.to_data(),
            self.mean_throughput.to_data(),
        ])
    }
}

/// The two quality-of-service profiles (`quality_of_service`).
///
/// Encoded as `structure { default: QoS_element, requested: QoS_element }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct QualityOfService {
    /// The minimum the network must grant (`AT+CGQMIN`).
    pub default: QosElement,
    /// The profile the modem requests (`AT+CGQREQ`).
    pub requested: QosElement,
}

impl FromData for QualityOfService {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 2)?;
        let mut it = s.iter();
        Ok(Self {
            default: next(&mut it)?,
            requested: next(&mut it)?,
        })
    }
}

impl ToData for QualityOfService {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.default.to_data(),
            self.requested.to_data(),
        ])
    }
}

/// A GPRS modem setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GprsModemSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the access point name, e.g. `internet.example`.
    pub apn: Vec<u8>,
    /// Attribute 3: the SIM card's PIN.
    pub pin_code: u16,
    /// Attribute 4: the quality of service.
    pub quality_of_service: QualityOfService,
}

impl ClassInfo for GprsModemSetup {
    const CLASS_ID: ClassId = ClassId::GPRS_MODEM_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "APN", AttributeKind::Static),
        attribute(3, "PIN_code", AttributeKind::Static),
        attribute(4, "quality_of_service", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for GprsModemSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => Data::OctetString(self.apn.clone()),
            3 => self.pin_code.to_data(),
            4 => self.quality_of_service.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.apn = owned_octets(value)?,
            3 => self.pin_code = u16::from_data(value)?,
            4 => self.quality_of_service = QualityOfService::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
