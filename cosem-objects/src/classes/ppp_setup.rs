//! PPP setup (class id 44, version 0): the PPP link (RFC 1661) of a dial-up or serial IP
//! interface, usually instance `0.0.25.3.0.255`.
//!
//! The LCP and IPCP options are `structure { type: unsigned, length: unsigned, data }`
//! where the type of `data` depends on the option. The options whose data type is well
//! established are read into typed variants; any other option (an unknown type, or a known
//! type with data of another A-XDR type) is kept as it was sent in the `Other` variant, so
//! every value round-trips.

use alloc::vec::Vec;
use core::net::Ipv4Addr;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, next, structure};

use crate::value::helpers::{next_octets, owned_octets};

/// Reads `structure { type: unsigned, length: unsigned, data }` into its three parts.
fn option_parts<'a>(data: &DataRef<'a>) -> Result<(u8, u8, DataRef<'a>)> {
    let s = structure(data, 3)?;
    let mut it = s.iter();
    let kind = next(&mut it)?;
    let length = next(&mut it)?;
    let value = it.next().ok_or(Error::ElementCount {
        expected: 3,
        found: 2,
    })?;
    Ok((kind, length, value))
}

/// The type of an LCP option (RFC 1661 and its extensions), an open registry carried as
/// `unsigned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LcpOptionType(pub u8);

impl LcpOptionType {
    /// Maximum-Receive-Unit.
    pub const MAX_RECEIVE_UNIT: Self = Self(1);
    /// Async-Control-Character-Map.
    pub const ASYNC_CONTROL_CHARACTER_MAP: Self = Self(2);
    /// Authentication-Protocol.
    pub const AUTHENTICATION_PROTOCOL: Self = Self(3);
    /// Magic-Number.
    pub const MAGIC_NUMBER: Self = Self(5);
    /// Protocol-Field-Compression.
    pub const PROTOCOL_FIELD_COMPRESSION: Self = Self(7);
    /// Address-and-Control-Field-Compression.
    pub const ADDRESS_AND_CONTROL_FIELD_COMPRESSION: Self = Self(8);
    /// FCS-Alternatives.
    pub const FCS_ALTERNATIVES: Self = Self(9);
    /// Callback.
    pub const CALLBACK: Self = Self(13);
}

/// The value of an LCP option.
#[derive(Debug, Clone, PartialEq)]
pub enum LcpOptionValue {
    /// Type 1, `long-unsigned`: the largest frame the interface receives (1 500 by default).
    MaxReceiveUnit(u16),
    /// Type 2, `double-long-unsigned`: the control characters that are escaped.
    AsyncControlCharacterMap(u32),
    /// Type 3, `long-unsigned`: the authentication protocol (0xC023 PAP, 0xC223 CHAP,
    /// 0xC227 EAP).
    AuthenticationProtocol(u16),
    /// Type 5, `double-long-unsigned`: the magic number.
    MagicNumber(u32),
    /// Type 7, `boolean`: whether the protocol field is compressed.
    ProtocolFieldCompression(bool),
    /// Type 8, `boolean`: whether the address and control fields are compressed.
    AddressAndControlFieldCompression(bool),
    /// Type 9, `unsigned`: the frame check sequences allowed (bit 0 none, bit 1 CCITT-16,
    /// bit 2 CCITT-32).
    FcsAlternatives(u8),
    /// Type 13, `unsigned`: the callback operation.
    Callback(u8),
    /// Any other option, or a known type whose data has another A-XDR type.
    Other {
        /// The option type.
        kind: LcpOptionType,
        /// The data as sent.
        data: Data,
    },
}

impl LcpOptionValue {
    /// The option type.
    #[must_use]
    pub fn kind(&self) -> LcpOptionType {
        match self {
            Self::MaxReceiveUnit(_) => LcpOptionType::MAX_RECEIVE_UNIT,
            Self::AsyncControlCharacterMap(_) => LcpOptionType::ASYNC_CONTROL_CHARACTER_MAP,
            Self::AuthenticationProtocol(_) => LcpOptionType::AUTHENTICATION_PROTOCOL,
            Self::MagicNumber(_) => LcpOptionType::MAGIC_NUMBER,
            Self::ProtocolFieldCompression(_) => LcpOptionType::PROTOCOL_FIELD_COMPRESSION,
            Self::AddressAndControlFieldCompression(_) => {
                LcpOptionType::ADDRESS_AND_CONTROL_FIELD_COMPRESSION
            }
            Self::FcsAlternatives(_) => LcpOptionType::FCS_ALTERNATIVES,
            Self::Callback(_) => LcpOptionType::CALLBACK,
            Self::Other { kind, .. } => *kind,
        }
    }

    /// The option data.
    #[must_use]
    pub fn data(&self) -> Data {
        match self {
            Self::MaxReceiveUnit(v) | Self::AuthenticationProtocol(v) => Data::LongUnsigned(*v),
            Self::AsyncControlCharacterMap(v) | Self::MagicNumber(v) => {
                Data::DoubleLongUnsigned(*v)
            }
            Self::ProtocolFieldCompression(v) | Self::AddressAndControlFieldCompression(v) => {
                Data::Boolean(*v)
            }
            Self::FcsAlternatives(v) | Self::Callback(v) => Data::Unsigned(*v),
            Self::Other { data, .. } => data.clone(),
        }
    }

    /// The value for option `kind` with `data`.
    fn new(kind: u8, data: &DataRef<'_>) -> Self {
        match (kind, *data) {
            (1, DataRef::LongUnsigned(v)) => Self::MaxReceiveUnit(v),
            (2, DataRef::DoubleLongUnsigned(v)) => Self::AsyncControlCharacterMap(v),
            (3, DataRef::LongUnsigned(v)) => Self::AuthenticationProtocol(v),
            (5, DataRef::DoubleLongUnsigned(v)) => Self::MagicNumber(v),
            (7, DataRef::Boolean(v)) => Self::ProtocolFieldCompression(v),
            (8, DataRef::Boolean(v)) => Self::AddressAndControlFieldCompression(v),
            (9, DataRef::Unsigned(v)) => Self::FcsAlternatives(v),
            (13, DataRef::Unsigned(v)) => Self::Callback(v),
            (kind, data) => Self::Other {
                kind: LcpOptionType(kind),
                data: Data::from(&data),
            },
        }
    }
}

/// One LCP option the interface negotiates (`LCP_options`).
#[derive(Debug, Clone, PartialEq)]
pub struct LcpOption {
    /// The option's length field in the LCP packet, as configured.
    pub length: u8,
    /// The option type and data.
    pub value: LcpOptionValue,
}

impl FromData for LcpOption {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let (kind, length, value) = option_parts(data)?;
        Ok(Self {
            length,
            value: LcpOptionValue::new(kind, &value),
        })
    }
}

impl ToData for LcpOption {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::Unsigned(self.value.kind().0),
            Data::Unsigned(self.length),
            self.value.data(),
        ])
    }
}

/// The type of an IPCP option (RFC 1332 and its extensions), an open registry carried as
/// `unsigned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IpcpOptionType(pub u8);

impl IpcpOptionType {
    /// IP-Compression-Protocol.
    pub const IP_COMPRESSION_PROTOCOL: Self = Self(2);
    /// Preferred local IP address (IP-Address).
    pub const PREFERRED_LOCAL_IP_ADDRESS: Self = Self(3);
    /// Preferred peer IP address.
    pub const PREFERRED_PEER_IP_ADDRESS: Self = Self(20);
    /// GAO.
    pub const GAO: Self = Self(21);
    /// USIP.
    pub const USIP: Self = Self(22);
}

/// The value of an IPCP option.
#[derive(Debug, Clone, PartialEq)]
pub enum IpcpOptionValue {
    /// Type 2, `long-unsigned`: the compression protocol (0x002D Van Jacobson).
    IpCompressionProtocol(u16),
    /// Type 3, `double-long-unsigned`: the address the interface asks for.
    PreferredLocalIpAddress(Ipv4Addr),
    /// Type 20, `double-long-unsigned`: the address the interface proposes to the peer.
    PreferredPeerIpAddress(Ipv4Addr),
    /// Any other option, or a known type whose data has another A-XDR type.
    Other {
        /// The option type.
        kind: IpcpOptionType,
        /// The data as sent.
        data: Data,
    },
}

impl IpcpOptionValue {
    /// The option type.
    #[must_use]
    pub fn kind(&self) -> IpcpOptionType {
        match self {
            Self::IpCompressionProtocol(_) => IpcpOptionType::IP_COMPRESSION_PROTOCOL,
            Self::PreferredLocalIpAddress(_) => IpcpOptionType::PREFERRED_LOCAL_IP_ADDRESS,
            Self::PreferredPeerIpAddress(_) => IpcpOptionType::PREFERRED_PEER_IP_ADDRESS,
            Self::Other { kind, .. } => *kind,
        }
    }

    /// The option data.
    #[must_use]
    pub fn data(&self) -> Data {
        match self {
            Self::IpCompressionProtocol(v) => Data::LongUnsigned(*v),
            Self::PreferredLocalIpAddress(a) | Self::PreferredPeerIpAddress(a) => {
                Data::DoubleLongUnsigned(u32::from(*a))
            }
            Self::Other { data, .. } => data.clone(),
        }
    }

    /// The value for option `kind` with `data`.
    fn new(kind: u8, data: &DataRef<'_>) -> Self {
        match (kind, *data) {
            (2, DataRef::LongUnsigned(v)) => Self::IpCompressionProtocol(v),
            (3, DataRef::DoubleLongUnsigned(v)) => Self::PreferredLocalIpAddress(v.into()),
            (20, DataRef::DoubleLongUnsigned(v)) => Self::PreferredPeerIpAddress(v.into()),
            (kind, data) => Self::Other {
                kind: IpcpOptionType(kind),
                data: Data::from(&data),
            },
        }
    }
}

/// One IPCP option the interface negotiates (`IPCP_options`).
#[derive(Debug, Clone, PartialEq)]
pub struct IpcpOption {
    /// The option's length field in the IPCP packet, as configured.
    pub length: u8,
    /// The option type and data.
    pub value: IpcpOptionValue,
}

impl FromData for IpcpOption {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let (kind, length, value) = option_parts(data)?;
        Ok(Self {
            length,
            value: IpcpOptionValue::new(kind, &value),
        })
    }
}

impl ToData for IpcpOption {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            Data::Unsigned(self.value.kind().0),
            Data::Unsigned(self.length),
            self.value.data(),
        ])
    }
}

/// The credentials of the PPP authentication (`PPP_authentication`).
///
/// Encoded as `null-data` (no authentication), `structure { user_name: octet-string,
/// password: octet-string }` (PAP) or `structure { user_name: octet-string,
/// algorithm_id: unsigned }` (CHAP); the type of the second element tells PAP from CHAP.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum PppAuthentication {
    /// No authentication.
    #[default]
    None,
    /// PAP (RFC 1334) with a user name and a password.
    Pap {
        /// The user name (peer id).
        user_name: Vec<u8>,
        /// The password.
        password: Vec<u8>,
    },
    /// CHAP (RFC 1994) with a user name and the hash algorithm (5 = MD5).
    Chap {
        /// The user name.
        user_name: Vec<u8>,
        /// The CHAP algorithm id.
        algorithm_id: u8,
    },
}

impl FromData for PppAuthentication {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        if data.is_null() {
            return Ok(Self::None);
        }
        let s = structure(data, 2)?;
        let mut it = s.iter();
        let user_name = next_octets(&mut it)?;
        match it.next() {
            Some(DataRef::Unsigned(algorithm_id)) => Ok(Self::Chap {
                user_name,
                algorithm_id,
            }),
            Some(d) => Ok(Self::Pap {
                user_name,
                password: owned_octets(&d)?,
            }),
            None => Err(Error::ElementCount {
                expected: 2,
                found: 1,
            }),
        }
    }
}

impl ToData for PppAuthentication {
    fn to_data(&self) -> Data {
        match self {
            Self::None => Data::NullData,
            Self::Pap {
                user_name,
                password,
            } => Data::Structure(alloc::vec![
                Data::OctetString(user_name.clone()),
                Data::OctetString(password.clone()),
            ]),
            Self::Chap {
                user_name,
                algorithm_id,
            } => Data::Structure(alloc::vec![
                Data::OctetString(user_name.clone()),
                Data::Unsigned(*algorithm_id),
            ]),
        }
    }
}

/// A PPP setup object.
#[derive(Debug, Clone, PartialEq)]
pub struct PppSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the logical name of the physical layer object below (a modem
    /// configuration or a port setup).
    pub phy_reference: ObisCode,
    /// Attribute 3: the LCP options.
    pub lcp_options: Vec<LcpOption>,
    /// Attribute 4: the IPCP options.
    pub ipcp_options: Vec<IpcpOption>,
    /// Attribute 5: the authentication credentials.
    pub ppp_authentication: PppAuthentication,
}

impl ClassInfo for PppSetup {
    const CLASS_ID: ClassId = ClassId::PPP_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "PHY_reference", AttributeKind::Static),
        attribute(3, "LCP_options", AttributeKind::Static),
        attribute(4, "IPCP_options", AttributeKind::Static),
        attribute(5, "PPP_authentication", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for PppSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.phy_reference.to_data(),
            3 => self.lcp_options.to_data(),
            4 => self.ipcp_options.to_data(),
            5 => self.ppp_authentication.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.phy_reference = ObisCode::from_data(value)?,
            3 => self.lcp_options = Vec::from_data(value)?,
            4 => self.ipcp_options = Vec::from_data(value)?,
            5 => self.ppp_authentication = PppAuthentication::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
