//! OBIS codes (IEC 62056-6-1): the six-group logical names of COSEM objects.

use core::fmt;

use dlms_apdu::{DataRef, DataType};

use crate::error::{Error, Result};
use crate::value::{FromData, unexpected};

/// A six-octet OBIS code `A.B.C.D.E.F`, the logical name of a COSEM object.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ObisCode(pub [u8; 6]);

impl ObisCode {
    /// The code `a.b.c.d.e.f`.
    #[must_use]
    pub const fn new(a: u8, b: u8, c: u8, d: u8, e: u8, f: u8) -> Self {
        Self([a, b, c, d, e, f])
    }

    /// The six octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 6] {
        &self.0
    }

    /// A code from an octet string of exactly six octets.
    ///
    /// # Errors
    /// [`Error::ElementCount`] for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        <[u8; 6]>::try_from(bytes)
            .map(Self)
            .map_err(|_| Error::ElementCount {
                expected: 6,
                found: bytes.len(),
            })
    }
}

impl fmt::Debug for ObisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObisCode({self})")
    }
}

/// The dotted form `1.0.1.8.0.255`; the alternate form (`{:#}`) is `1-0:1.8.0*255`.
impl fmt::Display for ObisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        if f.alternate() {
            write!(f, "{a}-{b}:{c}.{d}.{e}*{g}")
        } else {
            write!(f, "{a}.{b}.{c}.{d}.{e}.{g}")
        }
    }
}

/// An octet string of six octets.
impl FromData for ObisCode {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::OctetString(b) => Self::from_slice(b),
            other => Err(unexpected(DataType::OctetString, other)),
        }
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for ObisCode {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::OctetString(self.0.to_vec())
    }
}
