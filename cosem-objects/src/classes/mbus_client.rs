//! M-Bus client (class id 72, version 1): a wired or wireless M-Bus slave (gas, water or heat
//! meter, EN 13757) as the DLMS meter that reads it sees it, usually instances
//! `0.b.24.1.0.255` with channel `b` from 1.
//!
//! Version 1 added `configuration` and `encryption_key_status` (attributes 13 and 14) and
//! the key methods; attributes 1 to 12 are those of version 0.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef, DataType};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, Method, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, array, next, structure, unexpected};

use crate::value::closed_enum;
use crate::value::helpers::{dummy_parameter, next_octets, owned_octets};

/// One value the client captures from the slave, named by its M-Bus data and value
/// information blocks (`capture_definition_element`).
///
/// Encoded as `structure { data_information_block: octet-string,
/// value_information_block: octet-string }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CaptureDefinition {
    /// The DIB (DIF and DIFEs) of the M-Bus data record.
    pub data_information_block: Vec<u8>,
    /// The VIB (VIF and VIFEs) of the M-Bus data record.
    pub value_information_block: Vec<u8>,
}

impl FromData for CaptureDefinition {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 2)?;
        let mut it = s.iter();
        Ok(Self {
            data_information_block: next_octets(&mut it)?,
            value_information_block: next_octets(&mut it)?,
        })
    }
}

impl ToData for CaptureDefinition {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::OctetString(self.data_information_block.clone()),
            Data::OctetString(self.value_information_block.clone()),
        ])
    }
}

closed_enum! {
    /// The state of the key that protects the slave's M-Bus traffic
    /// (`encryption_key_status`).
    EncryptionKeyStatus {
        /// No key.
        NoEncryptionKey = 0,
        /// A key was set in the client (`set_encryption_key`).
        EncryptionKeySet = 1,
        /// A key was transferred to the slave (`transfer_key`).
        EncryptionKeyTransferred = 2,
        /// A key was set and transferred.
        EncryptionKeySetAndTransferred = 3,
        /// The key is in use.
        EncryptionKeyInUse = 4,
    }
}

/// An M-Bus client object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbusClient {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the logical name of the M-Bus master port setup object the slave is on.
    pub mbus_port_reference: ObisCode,
    /// Attribute 3: the values captured from the slave.
    pub capture_definition: Vec<CaptureDefinition>,
    /// Attribute 4: the capture period in seconds (0 = captures only on `capture`).
    pub capture_period: u32,
    /// Attribute 5: the slave's primary address (0 = not installed, 1 to 250).
    pub primary_address: u8,
    /// Attribute 6: the slave's identification number (eight BCD digits).
    pub identification_number: u32,
    /// Attribute 7: the slave's manufacturer (three letters packed as EN 13757-3 does).
    pub manufacturer_id: u16,
    /// Attribute 8: the slave's version.
    pub version: u8,
    /// Attribute 9: the slave's device type (medium), e.g. 3 gas, 7 water.
    pub device_type: u8,
    /// Attribute 10: the access number of the last telegram.
    pub access_number: u8,
    /// Attribute 11: the status field of the last telegram.
    pub status: u8,
    /// Attribute 12: the slave's alarm bits.
    pub alarm: u8,
    /// Attribute 13 (version 1): the configuration field of the last telegram.
    pub configuration: u16,
    /// Attribute 14 (version 1): the state of the slave's key.
    pub encryption_key_status: EncryptionKeyStatus,
}

impl MbusClient {
    /// The three letters of `manufacturer_id` (EN 13757-3: five bits per letter, `A` = 1),
    /// or `None` if a letter is outside `A` to `Z`.
    #[must_use]
    pub fn manufacturer_code(&self) -> Option<[u8; 3]> {
        let letter = |shift: u32| -> Option<u8> {
            let v = u8::try_from((self.manufacturer_id >> shift) & 0x1F).ok()?;
            (1..=26).contains(&v).then(|| v.wrapping_add(b'A' - 1))
        };
        if self.manufacturer_id & 0x8000 != 0 {
            return None;
        }
        Some([letter(10)?, letter(5)?, letter(0)?])
    }

    /// `identification_number` read as the eight BCD digits it holds, or `None` if a nibble
    /// is not a decimal digit.
    #[must_use]
    pub fn identification_number_decimal(&self) -> Option<u32> {
        self.identification_number
            .to_be_bytes()
            .iter()
            .flat_map(|b| [b >> 4, b & 0x0F])
            .try_fold(0u32, |acc, d| {
                (d < 10).then(|| acc.wrapping_mul(10).wrapping_add(u32::from(d)))
            })
    }
}

impl ClassInfo for MbusClient {
    const CLASS_ID: ClassId = ClassId::MBUS_CLIENT;
    const VERSION: u8 = 1;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "mbus_port_reference", AttributeKind::Static),
        attribute(3, "capture_definition", AttributeKind::Static),
        attribute(4, "capture_period", AttributeKind::Static),
        attribute(5, "primary_address", AttributeKind::Static),
        attribute(6, "identification_number", AttributeKind::Static),
        attribute(7, "manufacturer_id", AttributeKind::Static),
        attribute(8, "version", AttributeKind::Static),
        attribute(9, "device_type", AttributeKind::Static),
        attribute(10, "access_number", AttributeKind::Dynamic),
        attribute(11, "status", AttributeKind::Dynamic),
        attribute(12, "alarm", AttributeKind::Dynamic),
        attribute(13, "configuration", AttributeKind::Static),
        attribute(14, "encryption_key_status", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[
        method(1, "slave_install", 0x60),
        method(2, "slave_deinstall", 0x68),
        method(3, "capture", 0x70),
        method(4, "reset_alarm", 0x78),
        method(5, "synchronize_clock", 0x80),
        method(6, "data_send", 0x88),
        method(7, "set_encryption_key", 0x90),
        method(8, "transfer_key", 0x98),
    ];
}

/// A method entry at short-name offset `sn_offset` (the methods start at `0x60`, one slot
/// of 8 each).
const fn method(id: i8, name: &'static str, sn_offset: u16) -> MethodInfo {
    MethodInfo {
        id,
        name,
        mandatory: false,
        sn_offset,
    }
}

impl InterfaceClass for MbusClient {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.mbus_port_reference.to_data(),
            3 => self.capture_definition.to_data(),
            4 => self.capture_period.to_data(),
            5 => self.primary_address.to_data(),
            6 => self.identification_number.to_data(),
            7 => self.manufacturer_id.to_data(),
            8 => self.version.to_data(),
            9 => self.device_type.to_data(),
            10 => self.access_number.to_data(),
            11 => self.status.to_data(),
            12 => self.alarm.to_data(),
            13 => self.configuration.to_data(),
            14 => self.encryption_key_status.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.mbus_port_reference = ObisCode::from_data(value)?,
            3 => self.capture_definition = Vec::from_data(value)?,
            4 => self.capture_period = u32::from_data(value)?,
            5 => self.primary_address = u8::from_data(value)?,
            6 => self.identification_number = u32::from_data(value)?,
            7 => self.manufacturer_id = u16::from_data(value)?,
            8 => self.version = u8::from_data(value)?,
            9 => self.device_type = u8::from_data(value)?,
            10 => self.access_number = u8::from_data(value)?,
            11 => self.status = u8::from_data(value)?,
            12 => self.alarm = u8::from_data(value)?,
            13 => self.configuration = u16::from_data(value)?,
            14 => self.encryption_key_status = EncryptionKeyStatus::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// One M-Bus data record the client sends to the slave (`data_definition_element` of
/// `data_send`).
///
/// Encoded as `structure { data_information_block: octet-string,
/// value_information_block: octet-string, value }` where `value` has any simple type.
#[derive(Debug, Clone, PartialEq)]
pub struct DataDefinition {
    /// The DIB of the record.
    pub data_information_block: Vec<u8>,
    /// The VIB of the record.
    pub value_information_block: Vec<u8>,
    /// The value.
    pub value: Data,
}

impl FromData for DataDefinition {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 3)?;
        let mut it = s.iter();
        Ok(Self {
            data_information_block: next_octets(&mut it)?,
            value_information_block: next_octets(&mut it)?,
            value: next(&mut it)?,
        })
    }
}

impl ToData for DataDefinition {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::OctetString(self.data_information_block.clone()),
            Data::OctetString(self.value_information_block.clone()),
            self.value.clone(),
        ])
    }
}

/// The methods of M-Bus client.
#[derive(Debug, Clone, PartialEq)]
pub enum MbusClientMethod {
    /// Method 1: installs the slave with this primary address (0 = keep the address the
    /// slave has). Parameter `unsigned`; an `integer` that is not negative, as some clients
    /// send, is accepted.
    SlaveInstall(u8),
    /// Method 2: de-installs the slave. Parameter `integer(0)`.
    SlaveDeinstall,
    /// Method 3: captures the values now. Parameter `integer(0)`.
    Capture,
    /// Method 4: resets the alarm. Parameter `integer(0)`.
    ResetAlarm,
    /// Method 5: synchronises the slave's clock. Parameter `integer(0)`.
    SynchronizeClock,
    /// Method 6: sends data records to the slave. Parameter `array` of
    /// `data_definition_element`.
    DataSend(Vec<DataDefinition>),
    /// Method 7: sets the key the client uses with the slave. Parameter `octet-string`
    /// (the key; empty to remove it).
    SetEncryptionKey(Vec<u8>),
    /// Method 8: transfers a new key to the slave. Parameter `octet-string` (the key,
    /// encrypted under the slave's current key).
    TransferKey(Vec<u8>),
}

impl Method for MbusClientMethod {
    fn id(&self) -> i8 {
        match self {
            Self::SlaveInstall(_) => 1,
            Self::SlaveDeinstall => 2,
            Self::Capture => 3,
            Self::ResetAlarm => 4,
            Self::SynchronizeClock => 5,
            Self::DataSend(_) => 6,
            Self::SetEncryptionKey(_) => 7,
            Self::TransferKey(_) => 8,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::SlaveInstall(address) => Data::Unsigned(*address),
            Self::SlaveDeinstall | Self::Capture | Self::ResetAlarm | Self::SynchronizeClock => {
                Data::Integer(0)
            }
            Self::DataSend(records) => records.to_data(),
            Self::SetEncryptionKey(key) | Self::TransferKey(key) => Data::OctetString(key.clone()),
        }
    }

    fn from_parameters(id: i8, parameters: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => match parameters {
                DataRef::Unsigned(a) => Ok(Self::SlaveInstall(*a)),
                DataRef::Integer(a) => u8::try_from(*a)
                    .map(Self::SlaveInstall)
                    .map_err(|_| Error::OutOfRange),
                other => Err(unexpected(DataType::Unsigned, other)),
            },
            2 => dummy_parameter(parameters).map(|()| Self::SlaveDeinstall),
            3 => dummy_parameter(parameters).map(|()| Self::Capture),
            4 => dummy_parameter(parameters).map(|()| Self::ResetAlarm),
            5 => dummy_parameter(parameters).map(|()| Self::SynchronizeClock),
            6 => array(parameters)?
                .iter()
                .map(|d| DataDefinition::from_data(&d))
                .collect::<Result<_>>()
                .map(Self::DataSend),
            7 => owned_octets(parameters).map(Self::SetEncryptionKey),
            8 => owned_octets(parameters).map(Self::TransferKey),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
