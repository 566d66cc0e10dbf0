//! MAC address setup (class id 43, version 0): the hardware address of a network
//! interface, usually instance `0.0.25.2.0.255`.

use core::fmt;

use dlms_apdu::{Data, DataRef, DataType};

use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, unexpected};

/// A 48-bit IEEE 802 MAC address, carried as an octet-string of six octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MacAddress(pub [u8; 6]);

impl MacAddress {
    /// The six octets, most significant first.
    #[must_use]
    pub const fn octets(&self) -> [u8; 6] {
        self.0
    }

    /// Whether the group bit (least significant bit of the first octet) is set.
    #[must_use]
    pub const fn is_multicast(&self) -> bool {
        self.0[0] & 0x01 != 0
    }
}

impl From<[u8; 6]> for MacAddress {
    fn from(octets: [u8; 6]) -> Self {
        Self(octets)
    }
}

impl From<MacAddress> for [u8; 6] {
    fn from(mac: MacAddress) -> Self {
        mac.0
    }
}

/// The usual form `00:1a:2b:3c:4d:5e`.
impl fmt::Display for MacAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl fmt::Debug for MacAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MacAddress({self})")
    }
}

/// An octet-string of exactly six octets; another length is [`Error::ElementCount`].
impl FromData for MacAddress {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::OctetString(b) => {
                <[u8; 6]>::try_from(*b)
                    .map(Self)
                    .map_err(|_| Error::ElementCount {
                        expected: 6,
                        found: b.len(),
                    })
            }
            other => Err(unexpected(DataType::OctetString, other)),
        }
    }
}

impl ToData for MacAddress {
    fn to_data(&self) -> Data {
        Data::OctetString(self.0.to_vec())
    }
}

/// A MAC address setup object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacAddressSetup {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the interface's MAC address.
    pub mac_address: MacAddress,
}

impl ClassInfo for MacAddressSetup {
    const CLASS_ID: ClassId = ClassId::MAC_ADDRESS_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "MAC_address", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[];
}

impl InterfaceClass for MacAddressSetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.mac_address.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.mac_address = MacAddress::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
