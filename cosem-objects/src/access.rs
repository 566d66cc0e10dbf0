//! Access rights to attributes and methods, as the object list of an association states
//! them (IEC 62056-6-2, Association LN, `object_list`).

use dlms_apdu::{DataRef, DataType};

use crate::error::Result;
use crate::value::{FromData, unexpected};

/// Access to one attribute (the `attribute_access_item` access-mode enum), an open
/// registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AttributeAccess(pub u8);

impl AttributeAccess {
    /// No access.
    pub const NO_ACCESS: Self = Self(0);
    /// Read only.
    pub const READ_ONLY: Self = Self(1);
    /// Write only.
    pub const WRITE_ONLY: Self = Self(2);
    /// Read and write.
    pub const READ_WRITE: Self = Self(3);
    /// Read only, authenticated request required.
    pub const AUTHENTICATED_READ_ONLY: Self = Self(4);
    /// Write only, authenticated request required.
    pub const AUTHENTICATED_WRITE_ONLY: Self = Self(5);
    /// Read and write, authenticated request required.
    pub const AUTHENTICATED_READ_WRITE: Self = Self(6);

    /// Whether reading is allowed (in some form).
    #[must_use]
    pub const fn can_read(self) -> bool {
        matches!(self.0, 1 | 3 | 4 | 6)
    }

    /// Whether writing is allowed (in some form).
    #[must_use]
    pub const fn can_write(self) -> bool {
        matches!(self.0, 2 | 3 | 5 | 6)
    }

    /// Whether requests must be authenticated (modes 4 to 6).
    #[must_use]
    pub const fn needs_authentication(self) -> bool {
        matches!(self.0, 4..=6)
    }
}

/// Access to one method (the `method_access_item` access-mode enum; version 0 of
/// Association LN used a boolean, read here as 0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MethodAccess(pub u8);

impl MethodAccess {
    /// No access.
    pub const NO_ACCESS: Self = Self(0);
    /// Access.
    pub const ACCESS: Self = Self(1);
    /// Access with an authenticated request.
    pub const AUTHENTICATED_ACCESS: Self = Self(2);

    /// Whether invoking is allowed (in some form).
    #[must_use]
    pub const fn can_invoke(self) -> bool {
        matches!(self.0, 1 | 2)
    }

    /// Whether requests must be authenticated.
    #[must_use]
    pub const fn needs_authentication(self) -> bool {
        self.0 == 2
    }
}

impl FromData for AttributeAccess {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Enum(v) => Ok(Self(*v)),
            other => Err(unexpected(DataType::Enum, other)),
        }
    }
}

/// An enum, or (Association LN version 0) a boolean.
impl FromData for MethodAccess {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Enum(v) => Ok(Self(*v)),
            DataRef::Boolean(b) => Ok(Self(u8::from(*b))),
            other => Err(unexpected(DataType::Enum, other)),
        }
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for AttributeAccess {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::Enum(self.0)
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for MethodAccess {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::Enum(self.0)
    }
}
