//! Push setup (class id 40, version 2): what a meter pushes, where, when and how it retries
//! (IEC 62056-6-2, DLMS UA 1000-1 Ed. 15).
//!
//! Version 2 has thirteen attributes and the methods `push` and `reset`. Values a version 0
//! or 1 object sends where they differ (a four- or five-element push object, a plain
//! `long-unsigned` repetition delay) are read too and written back in the form received.

use alloc::vec::Vec;

use dlms_apdu::datetime::DateTime;
use dlms_apdu::{Data, DataRef, DataType};

use super::association_ln::{class_id, method};
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::enum_type;
use crate::value::helpers::{next_octets, next_raw};
use crate::value::{FromData, ToData, next, structure, unexpected};

/// A date-time attribute, which the class types as a 12-octet `octet-string`; some servers
/// send the `date-time` type instead. Either is read; the form received is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateTimeField {
    /// The date-time.
    pub value: DateTime,
    /// Whether it travels as the `date-time` type rather than an `octet-string`.
    pub tagged: bool,
}

impl DateTimeField {
    /// A date-time in the class's octet-string form.
    #[must_use]
    pub const fn new(value: DateTime) -> Self {
        Self {
            value,
            tagged: false,
        }
    }
}

impl FromData for DateTimeField {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::DateTime(value) => Ok(Self {
                value: *value,
                tagged: true,
            }),
            DataRef::OctetString(b) => {
                let bytes = <[u8; 12]>::try_from(*b).map_err(|_| Error::ElementCount {
                    expected: 12,
                    found: b.len(),
                })?;
                Ok(Self::new(DateTime::from_bytes(bytes)))
            }
            other => Err(unexpected(DataType::OctetString, other)),
        }
    }
}

impl ToData for DateTimeField {
    fn to_data(&self) -> Data {
        if self.tagged {
            Data::DateTime(self.value)
        } else {
            Data::OctetString(self.value.to_bytes().to_vec())
        }
    }
}

/// A capture object definition: an attribute (and element) of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CaptureObject {
    /// The object's class.
    pub class_id: ClassId,
    /// The object's logical name.
    pub logical_name: ObisCode,
    /// The attribute (0: the whole object).
    pub attribute_index: i8,
    /// The element of the attribute (0: all of it).
    pub data_index: u16,
}

impl CaptureObject {
    fn read<'a>(it: &mut impl Iterator<Item = DataRef<'a>>) -> Result<Self> {
        Ok(Self {
            class_id: class_id(&next_raw(it)?)?,
            logical_name: next(it)?,
            attribute_index: next(it)?,
            data_index: next(it)?,
        })
    }

    fn fields(&self) -> [Data; 4] {
        [
            self.class_id.0.to_data(),
            self.logical_name.to_data(),
            self.attribute_index.to_data(),
            self.data_index.to_data(),
        ]
    }
}

impl FromData for CaptureObject {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        Self::read(&mut structure(data, 4)?.iter())
    }
}

impl ToData for CaptureObject {
    fn to_data(&self) -> Data {
        Data::Structure(self.fields().into())
    }
}

/// `restriction_element` of a push object (version 1 and later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Restriction {
    /// Type 0: no restriction (null-data).
    None,
    /// Type 1: entries between two dates.
    Date {
        /// From.
        from: DateTimeField,
        /// To.
        to: DateTimeField,
    },
    /// Type 2: entries between two entry numbers.
    Entry {
        /// From.
        from: u16,
        /// To.
        to: u16,
    },
}

impl FromData for Restriction {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        let kind = match next_raw(&mut it)? {
            DataRef::Enum(k) => k,
            other => return Err(unexpected(DataType::Enum, &other)),
        };
        let value = next_raw(&mut it)?;
        match kind {
            0 => match value {
                DataRef::NullData => Ok(Self::None),
                other => Err(unexpected(DataType::NullData, &other)),
            },
            1 => {
                let mut v = structure(&value, 2)?.iter();
                Ok(Self::Date {
                    from: next(&mut v)?,
                    to: next(&mut v)?,
                })
            }
            2 => {
                let mut v = structure(&value, 2)?.iter();
                Ok(Self::Entry {
                    from: next(&mut v)?,
                    to: next(&mut v)?,
                })
            }
            _ => Err(Error::OutOfRange),
        }
    }
}

impl ToData for Restriction {
    fn to_data(&self) -> Data {
        let (kind, value) = match self {
            Self::None => (0, Data::NullData),
            Self::Date { from, to } => (
                1,
                Data::Structure(alloc::vec![from.to_data(), to.to_data()]),
            ),
            Self::Entry { from, to } => (
                2,
                Data::Structure(alloc::vec![from.to_data(), to.to_data()]),
            ),
        };
        Data::Structure(alloc::vec![Data::Enum(kind), value])
    }
}

/// One element of `push_object_list`: a capture object definition, and from version 1 a
/// restriction, from version 2 the columns of a profile to push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PushObject {
    /// What to push.
    pub object: CaptureObject,
    /// `restriction` (version 1 and later; `None`: the element has four fields).
    pub restriction: Option<Restriction>,
    /// `columns` (version 2; `None`: the element has at most five fields).
    pub columns: Option<Vec<CaptureObject>>,
}

impl FromData for PushObject {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let seq = data
            .as_structure()
            .ok_or_else(|| unexpected(DataType::Structure, data))?;
        if !(4..=6).contains(&seq.len()) {
            return Err(Error::ElementCount {
                expected: 6,
                found: seq.len(),
            });
        }
        let mut it = seq.iter();
        let object = CaptureObject::read(&mut it)?;
        let restriction = it.next().map(|d| Restriction::from_data(&d)).transpose()?;
        let columns = it.next().map(|d| Vec::from_data(&d)).transpose()?;
        Ok(Self {
            object,
            restriction,
            columns,
        })
    }
}

impl ToData for PushObject {
    fn to_data(&self) -> Data {
        let mut fields: Vec<Data> = self.object.fields().into();
        if let Some(r) = &self.restriction {
            fields.push(r.to_data());
            if let Some(c) = &self.columns {
                fields.push(c.to_data());
            }
        }
        Data::Structure(fields)
    }
}

enum_type! {
    /// `transport_service` of send_destination_and_method.
    pub struct TransportService {
        /// TCP.
        TCP = 0,
        /// UDP.
        UDP = 1,
        /// FTP.
        FTP = 2,
        /// SMTP.
        SMTP = 3,
        /// SMS.
        SMS = 4,
        /// HDLC.
        HDLC = 5,
        /// M-Bus.
        MBUS = 6,
        /// ZigBee.
        ZIGBEE = 7,
        /// DLMS gateway.
        DLMS_GATEWAY = 8,
        /// Reliable CoAP.
        RELIABLE_COAP = 9,
        /// Unreliable CoAP.
        UNRELIABLE_COAP = 10,
    }
}

enum_type! {
    /// `message` of send_destination_and_method.
    pub struct MessageType {
        /// A COSEM APDU.
        COSEM_APDU = 0,
        /// An XML-encoded COSEM APDU.
        COSEM_APDU_XML = 1,
        /// Manufacturer specific.
        MANUFACTURER_SPECIFIC = 128,
    }
}

/// `send_destination_and_method` (attribute 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SendDestination {
    /// `transport_service`.
    pub transport_service: TransportService,
    /// `destination` (an address, e.g. `host:port` text or a phone number).
    pub destination: Vec<u8>,
    /// `message`.
    pub message: MessageType,
}

impl FromData for SendDestination {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 3)?.iter();
        Ok(Self {
            transport_service: next(&mut it)?,
            destination: next_octets(&mut it)?,
            message: next(&mut it)?,
        })
    }
}

impl ToData for SendDestination {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.transport_service.to_data(),
            Data::OctetString(self.destination.clone()),
            self.message.to_data(),
        ])
    }
}

/// One element of `communication_window` (attribute 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Window {
    /// `start_time`.
    pub start: DateTimeField,
    /// `end_time`.
    pub end: DateTimeField,
}

impl FromData for Window {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            start: next(&mut it)?,
            end: next(&mut it)?,
        })
    }
}

impl ToData for Window {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![self.start.to_data(), self.end.to_data()])
    }
}

/// `repetition_delay` (attribute 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepetitionDelay {
    /// Versions 0 and 1: a fixed delay in seconds.
    Fixed(u16),
    /// Version 2: the delay grows from `min` by `exponent` (in hundredths) up to `max`
    /// seconds.
    Exponential {
        /// `repetition_delay_min`.
        min: u16,
        /// `repetition_delay_exponent`.
        exponent: u16,
        /// `repetition_delay_max`.
        max: u16,
    },
}

impl Default for RepetitionDelay {
    fn default() -> Self {
        Self::Exponential {
            min: 0,
            exponent: 0,
            max: 0,
        }
    }
}

impl FromData for RepetitionDelay {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        if let DataRef::LongUnsigned(v) = data {
            return Ok(Self::Fixed(*v));
        }
        let mut it = structure(data, 3)?.iter();
        Ok(Self::Exponential {
            min: next(&mut it)?,
            exponent: next(&mut it)?,
            max: next(&mut it)?,
        })
    }
}

impl ToData for RepetitionDelay {
    fn to_data(&self) -> Data {
        match self {
            Self::Fixed(v) => v.to_data(),
            Self::Exponential { min, exponent, max } => Data::Structure(alloc::vec![
                min.to_data(),
                exponent.to_data(),
                max.to_data()
            ]),
        }
    }
}

enum_type! {
    /// `protection_type` of a protection parameters element, numbered from 1 as in the
    /// Data protection class (GuruxDLMS.c agrees; the Gurux .NET and C++ ports number the
    /// same list from 0).
    pub struct ProtectionType {
        /// Authentication.
        AUTHENTICATION = 1,
        /// Encryption.
        ENCRYPTION = 2,
        /// Authentication and encryption.
        AUTHENTICATION_AND_ENCRYPTION = 3,
        /// Digital signature.
        DIGITAL_SIGNATURE = 4,
    }
}

/// `key_info` of protection options: how the key protecting the push is found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyInfo {
    /// Type 0, `identified_key`: a key the server holds.
    Identified {
        /// `key_id` (0 global unicast, 1 global broadcast encryption key).
        key_id: u8,
    },
    /// Type 1, `wrapped_key`: a key wrapped with a key-encryption key.
    Wrapped {
        /// `kek_id` (0 master key).
        kek_id: u8,
        /// `key_ciphered_data`.
        key_ciphered_data: Vec<u8>,
    },
    /// Type 2, `agreed_key`: a key agreed by ECDH.
    Agreed {
        /// `key_parameters`.
        key_parameters: Vec<u8>,
        /// `key_ciphered_data`.
        key_ciphered_data: Vec<u8>,
    },
}

impl FromData for KeyInfo {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        let kind = match next_raw(&mut it)? {
            DataRef::Enum(k) => k,
            other => return Err(unexpected(DataType::Enum, &other)),
        };
        let options = next_raw(&mut it)?;
        match kind {
            0 => {
                let mut o = structure(&options, 1)?.iter();
                Ok(Self::Identified {
                    key_id: enum_value(&next_raw(&mut o)?)?,
                })
            }
            1 => {
                let mut o = structure(&options, 2)?.iter();
                Ok(Self::Wrapped {
                    kek_id: enum_value(&next_raw(&mut o)?)?,
                    key_ciphered_data: next_octets(&mut o)?,
                })
            }
            2 => {
                let mut o = structure(&options, 2)?.iter();
                Ok(Self::Agreed {
                    key_parameters: next_octets(&mut o)?,
                    key_ciphered_data: next_octets(&mut o)?,
                })
            }
            _ => Err(Error::OutOfRange),
        }
    }
}

/// An `enum` value.
fn enum_value(data: &DataRef<'_>) -> Result<u8> {
    match data {
        DataRef::Enum(v) => Ok(*v),
        other => Err(unexpected(DataType::Enum, other)),
    }
}

impl ToData for KeyInfo {
    fn to_data(&self) -> Data {
        let (kind, options) = match self {
            Self::Identified { key_id } => (0, alloc::vec![Data::Enum(*key_id)]),
            Self::Wrapped {
                kek_id,
                key_ciphered_data,
            } => (
                1,
                alloc::vec![
                    Data::Enum(*kek_id),
                    Data::OctetString(key_ciphered_data.clone())
                ],
            ),
            Self::Agreed {
                key_parameters,
                key_ciphered_data,
            } => (
                2,
                alloc::vec![
                    Data::OctetString(key_parameters.clone()),
                    Data::OctetString(key_ciphered_data.clone())
                ],
            ),
        };
        Data::Structure(alloc::vec![Data::Enum(kind), Data::Structure(options)])
    }
}

/// One element of `push_protection_parameters` (attribute 10).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProtectionParameters {
    /// `protection_type`.
    pub protection_type: ProtectionType,
    /// `transaction_id`.
    pub transaction_id: Vec<u8>,
    /// `originator_system_title`.
    pub originator_system_title: Vec<u8>,
    /// `recipient_system_title`.
    pub recipient_system_title: Vec<u8>,
    /// `other_information`.
    pub other_information: Vec<u8>,
    /// `key_info`.
    pub key_info: KeyInfo,
}

impl FromData for ProtectionParameters {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        let protection_type = next(&mut it)?;
        let mut o = structure(&next_raw(&mut it)?, 5)?.iter();
        Ok(Self {
            protection_type,
            transaction_id: next_octets(&mut o)?,
            originator_system_title: next_octets(&mut o)?,
            recipient_system_title: next_octets(&mut o)?,
            other_information: next_octets(&mut o)?,
            key_info: next(&mut o)?,
        })
    }
}

impl ToData for ProtectionParameters {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.protection_type.to_data(),
            Data::Structure(alloc::vec![
                Data::OctetString(self.transaction_id.clone()),
                Data::OctetString(self.originator_system_title.clone()),
                Data::OctetString(self.recipient_system_title.clone()),
                Data::OctetString(self.other_information.clone()),
                self.key_info.to_data(),
            ]),
        ])
    }
}

enum_type! {
    /// `push_operation_method` (attribute 11).
    pub struct PushOperationMethod {
        /// Unconfirmed, retry on supporting protocol layer failure.
        UNCONFIRMED_RETRY_ON_LAYER_FAILURE = 0,
        /// Unconfirmed, retry on missing supporting protocol layer confirmation.
        UNCONFIRMED_RETRY_ON_MISSING_LAYER_CONFIRMATION = 1,
        /// Confirmed, retry on missing confirmation.
        CONFIRMED = 2,
    }
}

/// `confirmation_parameters` (attribute 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConfirmationParameters {
    /// `confirmation_start_date`.
    pub start_date: DateTimeField,
    /// `confirmation_interval` in seconds.
    pub interval: u32,
}

impl FromData for ConfirmationParameters {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            start_date: next(&mut it)?,
            interval: next(&mut it)?,
        })
    }
}

impl ToData for ConfirmationParameters {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.start_date.to_data(),
            self.interval.to_data()
        ])
    }
}

/// A Push setup object (0.x.25.9.0.255).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PushSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: `push_object_list`.
    pub push_object_list: Vec<PushObject>,
    /// Attribute 3: `send_destination_and_method`.
    pub send_destination_and_method: SendDestination,
    /// Attribute 4: `communication_window`.
    pub communication_window: Vec<Window>,
    /// Attribute 5: `randomisation_start_interval` in seconds.
    pub randomisation_start_interval: u16,
    /// Attribute 6: `number_of_retries`.
    pub number_of_retries: u8,
    /// Attribute 7: `repetition_delay`.
    pub repetition_delay: RepetitionDelay,
    /// Attribute 8: `port_reference`, the logical name of the communication port setup.
    pub port_reference: ObisCode,
    /// Attribute 9: `push_client_SAP`.
    pub push_client_sap: i8,
    /// Attribute 10: `push_protection_parameters`.
    pub push_protection_parameters: Vec<ProtectionParameters>,
    /// Attribute 11: `push_operation_method`.
    pub push_operation_method: PushOperationMethod,
    /// Attribute 12: `confirmation_parameters`.
    pub confirmation_parameters: ConfirmationParameters,
    /// Attribute 13: `last_confirmation_date_time`.
    pub last_confirmation_date_time: DateTimeField,
}

impl ClassInfo for PushSetup {
    const CLASS_ID: ClassId = ClassId::PUSH_SETUP;
    const VERSION: u8 = 2;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "push_object_list", AttributeKind::Static),
        attribute(3, "send_destination_and_method", AttributeKind::Static),
        attribute(4, "communication_window", AttributeKind::Static),
        attribute(5, "randomisation_start_interval", AttributeKind::Static),
        attribute(6, "number_of_retries", AttributeKind::Static),
        attribute(7, "repetition_delay", AttributeKind::Static),
        attribute(8, "port_reference", AttributeKind::Static),
        attribute(9, "push_client_SAP", AttributeKind::Static),
        attribute(10, "push_protection_parameters", AttributeKind::Static),
        attribute(11, "push_operation_method", AttributeKind::Static),
        attribute(12, "confirmation_parameters", AttributeKind::Static),
        attribute(13, "last_confirmation_date_time", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[method(1, "push", false), method(2, "reset", false)];
}

impl InterfaceClass for PushSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.push_object_list.to_data(),
            3 => self.send_destination_and_method.to_data(),
            4 => self.communication_window.to_data(),
            5 => self.randomisation_start_interval.to_data(),
            6 => self.number_of_retries.to_data(),
            7 => self.repetition_delay.to_data(),
            8 => self.port_reference.to_data(),
            9 => self.push_client_sap.to_data(),
            10 => self.push_protection_parameters.to_data(),
            11 => self.push_operation_method.to_data(),
            12 => self.confirmation_parameters.to_data(),
            13 => self.last_confirmation_date_time.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.push_object_list = Vec::from_data(value)?,
            3 => self.send_destination_and_method = SendDestination::from_data(value)?,
            4 => self.communication_window = Vec::from_data(value)?,
            5 => self.randomisation_start_interval = u16::from_data(value)?,
            6 => self.number_of_retries = u8::from_data(value)?,
            7 => self.repetition_delay = RepetitionDelay::from_data(value)?,
            8 => self.port_reference = ObisCode::from_data(value)?,
            9 => self.push_client_sap = i8::from_data(value)?,
            10 => self.push_protection_parameters = Vec::from_data(value)?,
            11 => self.push_operation_method = PushOperationMethod::from_data(value)?,
            12 => self.confirmation_parameters = ConfirmationParameters::from_data(value)?,
            13 => self.last_confirmation_date_time = DateTimeField::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of Push setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushSetupMethod {
    /// Method 1: `push` (parameter `integer(0)`).
    Push,
    /// Method 2: `reset` (parameter `integer(0)`).
    Reset,
}

impl crate::class::Method for PushSetupMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Push => 1,
            Self::Reset => 2,
        }
    }

    fn parameters(&self) -> Data {
        Data::Integer(0)
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        let m = match id {
            1 => Self::Push,
            2 => Self::Reset,
            _ => return Err(Error::NoSuchMethod(id)),
        };
        match p {
            DataRef::Integer(0) | DataRef::NullData => Ok(m),
            _ => Err(Error::MethodParameters),
        }
    }
}
