//! IPv4 setup (class id 42, version 0): the IPv4 layer of a network interface, usually
//! instance `0.0.25.1.0.255`.
//!
//! Addresses travel as `double-long-unsigned` in network order (the first octet of the
//! dotted form is the most significant); this module reads them as [`Ipv4Addr`].

use alloc::vec::Vec;
use core::net::Ipv4Addr;

use dlms_apdu::{Data, DataRef};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, Method, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, array, next, structure};

use crate::value::helpers::{dummy_parameter, next_octets};

/// Reads an IPv4 address carried as `double-long-unsigned`.
fn address(data: &DataRef<'_>) -> Result<Ipv4Addr> {
    u32::from_data(data).map(Ipv4Addr::from)
}

/// An IPv4 address as `double-long-unsigned`.
fn address_data(addr: Ipv4Addr) -> Data {
    Data::DoubleLongUnsigned(u32::from(addr))
}

/// The type of an IP option (RFC 791), an open registry carried as `unsigned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IpOptionType(pub u8);

impl IpOptionType {
    /// Record route.
    pub const RECORD_ROUTE: Self = Self(0x07);
    /// Internet timestamp.
    pub const INTERNET_TIMESTAMP: Self = Self(0x44);
    /// Security.
    pub const SECURITY: Self = Self(0x82);
    /// Loose source and record route.
    pub const LOOSE_SOURCE_AND_RECORD_ROUTE: Self = Self(0x83);
    /// Strict source and record route.
    pub const STRICT_SOURCE_AND_RECORD_ROUTE: Self = Self(0x89);
}

/// One IP option the interface sends (`IP_options`).
///
/// Encoded as `structure { IP_option_type: unsigned, IP_option_length: unsigned,
/// IP_option_data: octet-string }`. The length is the option's length in the IP header, as
/// configured; it is kept as sent, not derived from the data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct IpOption {
    /// The option type.
    pub kind: IpOptionType,
    /// The option length field.
    pub length: u8,
    /// The option data.
    pub data: Vec<u8>,
}

impl FromData for IpOption {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = structure(data, 3)?;
        let mut it = s.iter();
        Ok(Self {
            kind: IpOptionType(next(&mut it)?),
            length: next(&mut it)?,
            data: next_octets(&mut it)?,
        })
    }
}

impl ToData for IpOption {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.kind.0.to_data(),
            self.length.to_data(),
            Data::OctetString(self.data.clone()),
        ])
    }
}

/// An IPv4 setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv4Setup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the logical name of the data link layer setup object below (MAC address
    /// setup, PPP setup, ...).
    pub dl_reference: ObisCode,
    /// Attribute 3: the interface's address (0.0.0.0 when none is assigned yet).
    pub ip_address: Ipv4Addr,
    /// Attribute 4: the multicast addresses the interface receives.
    pub multicast_ip_address: Vec<Ipv4Addr>,
    /// Attribute 5: the IP options the interface sends.
    pub ip_options: Vec<IpOption>,
    /// Attribute 6: the subnet mask.
    pub subnet_mask: Ipv4Addr,
    /// Attribute 7: the default gateway.
    pub gateway_ip_address: Ipv4Addr,
    /// Attribute 8: whether the address comes from DHCP.
    pub use_dhcp_flag: bool,
    /// Attribute 9: the primary DNS server.
    pub primary_dns_address: Ipv4Addr,
    /// Attribute 10: the secondary DNS server.
    pub secondary_dns_address: Ipv4Addr,
}

impl ClassInfo for Ipv4Setup {
    const CLASS_ID: ClassId = ClassId::IPV4_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "DL_reference", AttributeKind::Static),
        attribute(3, "IP_address", AttributeKind::Dynamic),
        attribute(4, "multicast_IP_address", AttributeKind::Dynamic),
        attribute(5, "IP_options", AttributeKind::Dynamic),
        attribute(6, "subnet_mask", AttributeKind::Dynamic),
        attribute(7, "gateway_IP_address", AttributeKind::Dynamic),
        attribute(8, "use_DHCP_flag", AttributeKind::Static),
        attribute(9, "primary_DNS_address", AttributeKind::Dynamic),
        attribute(10, "secondary_DNS_address", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[
        MethodInfo {
            id: 1,
            name: "add_mc_IP_address",
            mandatory: false,
            sn_offset: 0x60,
        },
        MethodInfo {
            id: 2,
            name: "delete_mc_IP_address",
            mandatory: false,
            sn_offset: 0x68,
        },
        MethodInfo {
            id: 3,
            name: "get_nbof_mc_IP_addresses",
            mandatory: false,
            sn_offset: 0x70,
        },
    ];
}

impl InterfaceClass for Ipv4Setup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.dl_reference.to_data(),
            3 => address_data(self.ip_address),
            4 => Data::Array(
                self.multicast_ip_address
                    .iter()
                    .copied()
                    .map(address_data)
                    .collect(),
            ),
            5 => self.ip_options.to_data(),
            6 => address_data(self.subnet_mask),
            7 => address_data(self.gateway_ip_address),
            8 => self.use_dhcp_flag.to_data(),
            9 => address_data(self.primary_dns_address),
            10 => address_data(self.secondary_dns_address),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.dl_reference = ObisCode::from_data(value)?,
            3 => self.ip_address = address(value)?,
            4 => {
                self.multicast_ip_address = array(value)?
                    .iter()
                    .map(|d| address(&d))
                    .collect::<Result<_>>()?;
            }
            5 => self.ip_options = Vec::from_data(value)?,
            6 => self.subnet_mask = address(value)?,
            7 => self.gateway_ip_address = address(value)?,
            8 => self.use_dhcp_flag = bool::from_data(value)?,
            9 => self.primary_dns_address = address(value)?,
            10 => self.secondary_dns_address = address(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of IPv4 setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ipv4SetupMethod {
    /// Method 1: adds a multicast address to `multicast_IP_address` (parameter
    /// `double-long-unsigned`).
    AddMcIpAddress(Ipv4Addr),
    /// Method 2: deletes a multicast address (parameter `double-long-unsigned`).
    DeleteMcIpAddress(Ipv4Addr),
    /// Method 3: asks for the number of multicast addresses (parameter `integer(0)`; the
    /// reply is a `long-unsigned`).
    GetNbofMcIpAddresses,
}

impl Method for Ipv4SetupMethod {
    fn id(&self) -> i8 {
        match self {
            Self::AddMcIpAddress(_) => 1,
            Self::DeleteMcIpAddress(_) => 2,
            Self::GetNbofMcIpAddresses => 3,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::AddMcIpAddress(a) | Self::DeleteMcIpAddress(a) => address_data(*a),
            Self::GetNbofMcIpAddresses => Data::Integer(0),
        }
    }

    fn from_parameters(id: i8, parameters: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => address(parameters).map(Self::AddMcIpAddress),
            2 => address(parameters).map(Self::DeleteMcIpAddress),
            3 => dummy_parameter(parameters).map(|()| Self::GetNbofMcIpAddresses),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
