//! Conversions between typed COSEM values and A-XDR data.
//!
//! [`FromData`] reads a typed value from a borrowed [`DataRef`] and needs no allocator;
//! [`ToData`] builds an owned [`Data`] and needs `alloc`. Every attribute value, method
//! parameter and method result of the interface classes implements both, so that
//! `T::from_data(&parse(emit(t.to_data())))` gives back `t`.

#[cfg(feature = "alloc")]
use dlms_apdu::Data;
use dlms_apdu::data::Sequence;
use dlms_apdu::{DataRef, DataType};

use crate::error::{Error, Result};

/// A typed value read from A-XDR data.
pub trait FromData: Sized {
    /// Reads the value from `data`.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`], [`Error::ElementCount`] or [`Error::OutOfRange`] when
    /// `data` does not hold a value of this type.
    fn from_data(data: &DataRef<'_>) -> Result<Self>;
}

/// A typed value written as A-XDR data.
#[cfg(feature = "alloc")]
pub trait ToData {
    /// The value as owned data.
    fn to_data(&self) -> Data;
}

/// The error for `found` where a value of type `expected` was needed.
#[must_use]
pub fn unexpected(expected: DataType, found: &DataRef<'_>) -> Error {
    Error::UnexpectedType {
        expected,
        found: found.data_type(),
    }
}

/// The elements of a structure of exactly `n` elements.
///
/// # Errors
/// [`Error::UnexpectedType`] if `data` is not a structure, [`Error::ElementCount`] if it has
/// another number of elements.
pub fn structure<'a>(data: &DataRef<'a>, n: usize) -> Result<Sequence<'a>> {
    let seq = data
        .as_structure()
        .ok_or_else(|| unexpected(DataType::Structure, data))?;
    if seq.len() != n {
        return Err(Error::ElementCount {
            expected: n,
            found: seq.len(),
        });
    }
    Ok(seq)
}

/// The elements of an array (any length).
///
/// # Errors
/// [`Error::UnexpectedType`] if `data` is not an array.
pub fn array<'a>(data: &DataRef<'a>) -> Result<Sequence<'a>> {
    data.as_array()
        .ok_or_else(|| unexpected(DataType::Array, data))
}

/// An octet string's contents.
///
/// # Errors
/// [`Error::UnexpectedType`] if `data` is not an octet-string.
pub fn octets<'a>(data: &DataRef<'a>) -> Result<&'a [u8]> {
    data.as_octet_string()
        .ok_or_else(|| unexpected(DataType::OctetString, data))
}

/// Reads the next element of a structure's iterator as `T`.
///
/// # Errors
/// [`Error::ElementCount`] if the iterator is exhausted, else `T`'s error.
pub fn next<'a, T: FromData>(it: &mut impl Iterator<Item = DataRef<'a>>) -> Result<T> {
    let d = it.next().ok_or(Error::ElementCount {
        expected: 1,
        found: 0,
    })?;
    T::from_data(&d)
}

macro_rules! scalar {
    ($t:ty, $variant:ident, $dt:ident) => {
        impl FromData for $t {
            fn from_data(data: &DataRef<'_>) -> Result<Self> {
                match data {
                    DataRef::$variant(v) => Ok(*v),
                    other => Err(unexpected(DataType::$dt, other)),
                }
            }
        }

        #[cfg(feature = "alloc")]
        impl ToData for $t {
            fn to_data(&self) -> Data {
                Data::$variant(*self)
            }
        }
    };
}

scalar!(bool, Boolean, Boolean);
scalar!(i8, Integer, Integer);
scalar!(i16, Long, Long);
scalar!(i32, DoubleLong, DoubleLong);
scalar!(i64, Long64, Long64);
scalar!(u8, Unsigned, Unsigned);
scalar!(u16, LongUnsigned, LongUnsigned);
scalar!(u32, DoubleLongUnsigned, DoubleLongUnsigned);
scalar!(u64, Long64Unsigned, Long64Unsigned);
scalar!(f32, Float32, Float32);
scalar!(f64, Float64, Float64);

/// Declares a struct whose A-XDR form is a structure of its fields in order, with
/// [`FromData`] and (under `alloc`) [`ToData`]. Every field type must implement both.
// The class modules, the users of this macro, need `alloc`.
#[cfg_attr(not(feature = "alloc"), allow(unused_macros))]
macro_rules! structure_type {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $($(#[$fm:meta])* pub $field:ident : $ty:ty,)+
        }
    ) => {
        $(#[$m])*
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)+
        }

        /// A structure of the fields in order.
        impl $crate::value::FromData for $name {
            fn from_data(data: &dlms_apdu::DataRef<'_>) -> $crate::error::Result<Self> {
                const FIELDS: &[&str] = &[$(stringify!($field)),+];
                let mut it = $crate::value::structure(data, FIELDS.len())?.iter();
                Ok(Self {
                    $($field: $crate::value::next(&mut it)?,)+
                })
            }
        }

        #[cfg(feature = "alloc")]
        impl $crate::value::ToData for $name {
            fn to_data(&self) -> dlms_apdu::Data {
                dlms_apdu::Data::Structure(alloc::vec![
                    $($crate::value::ToData::to_data(&self.$field)),+
                ])
            }
        }
    };
}
#[cfg_attr(not(feature = "alloc"), allow(unused_imports))]
pub(crate) use structure_type;

/// Declares an open registry carried as an A-XDR `enum`: a newtype over `u8` with named
/// constants, [`FromData`] and (under `alloc`) [`ToData`].
// The class modules, the users of this macro, need `alloc`.
#[cfg_attr(not(feature = "alloc"), allow(unused_macros))]
macro_rules! enum_type {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $($(#[$vm:meta])* $const:ident = $v:literal,)+
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u8);

        impl $name {
            $($(#[$vm])* pub const $const: Self = Self($v);)+
        }

        /// An enum.
        impl $crate::value::FromData for $name {
            fn from_data(data: &dlms_apdu::DataRef<'_>) -> $crate::error::Result<Self> {
                match data {
                    dlms_apdu::DataRef::Enum(v) => Ok(Self(*v)),
                    other => Err($crate::value::unexpected(dlms_apdu::DataType::Enum, other)),
                }
            }
        }

        #[cfg(feature = "alloc")]
        impl $crate::value::ToData for $name {
            fn to_data(&self) -> dlms_apdu::Data {
                dlms_apdu::Data::Enum(self.0)
            }
        }
    };
}
#[cfg_attr(not(feature = "alloc"), allow(unused_imports))]
pub(crate) use enum_type;

/// Declares a closed enumeration carried as an A-XDR `enum`: a value the class does not define
/// reads as [`Error::OutOfRange`].
#[cfg_attr(not(feature = "alloc"), allow(unused_macros))]
macro_rules! closed_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $value, )+
        }

        impl $name {
            /// The value on the wire.
            #[must_use]
            pub const fn value(self) -> u8 {
                self as u8
            }

            /// The variant with wire value `value`, if the class defines one.
            #[must_use]
            pub const fn from_value(value: u8) -> Option<Self> {
                match value {
                    $( $value => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        /// An `enum`; a value the class does not define is [`Error::OutOfRange`].
        impl $crate::value::FromData for $name {
            fn from_data(data: &dlms_apdu::DataRef<'_>) -> $crate::error::Result<Self> {
                match data {
                    dlms_apdu::DataRef::Enum(v) => {
                        Self::from_value(*v).ok_or($crate::error::Error::OutOfRange)
                    }
                    other => Err($crate::value::unexpected(dlms_apdu::DataType::Enum, other)),
                }
            }
        }

        #[cfg(feature = "alloc")]
        impl $crate::value::ToData for $name {
            fn to_data(&self) -> dlms_apdu::Data {
                dlms_apdu::Data::Enum(self.value())
            }
        }
    };
}
#[cfg_attr(not(feature = "alloc"), allow(unused_imports))]
pub(crate) use closed_enum;

/// Helpers the class modules share.
#[cfg(feature = "alloc")]
pub(crate) mod helpers {
    use alloc::vec::Vec;

    use dlms_apdu::{DataRef, DataType};

    use super::{octets, unexpected};
    use crate::error::{Error, Result};

    /// Reads the dummy parameter of a method that takes none (`integer(0)` in the class
    /// definitions; any `integer` is accepted, as servers ignore its value).
    pub(crate) fn dummy_parameter(data: &DataRef<'_>) -> Result<()> {
        match data {
            DataRef::Integer(_) => Ok(()),
            other => Err(unexpected(DataType::Integer, other)),
        }
    }

    /// An octet string as owned bytes.
    pub(crate) fn owned_octets(data: &DataRef<'_>) -> Result<Vec<u8>> {
        octets(data).map(<[u8]>::to_vec)
    }

    /// Reads the next element of a structure as an owned octet string.
    pub(crate) fn next_octets<'a>(it: &mut impl Iterator<Item = DataRef<'a>>) -> Result<Vec<u8>> {
        let d = it.next().ok_or(Error::ElementCount {
            expected: 1,
            found: 0,
        })?;
        owned_octets(&d)
    }

    /// Reads the next element of a structure as raw data.
    pub(crate) fn next_raw<'a>(it: &mut impl Iterator<Item = DataRef<'a>>) -> Result<DataRef<'a>> {
        it.next().ok_or(Error::ElementCount {
            expected: 1,
            found: 0,
        })
    }

    /// A visible-string as owned bytes.
    pub(crate) fn visible_string(data: &DataRef<'_>) -> Result<Vec<u8>> {
        match data {
            DataRef::VisibleString(b) => Ok(b.to_vec()),
            other => Err(unexpected(DataType::VisibleString, other)),
        }
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use alloc::vec::Vec;

    use super::{FromData, ToData};
    use crate::error::Result;
    use dlms_apdu::data::BitStringBuf;
    use dlms_apdu::{Data, DataRef};

    /// Any data, kept as it is (for attributes whose type the class leaves open, such as
    /// the value of a Data object).
    impl FromData for Data {
        fn from_data(data: &DataRef<'_>) -> Result<Self> {
            Ok(Data::from(data))
        }
    }

    impl ToData for Data {
        fn to_data(&self) -> Data {
            self.clone()
        }
    }

    /// An array of `T` (or a compact-array of them).
    impl<T: FromData> FromData for Vec<T> {
        fn from_data(data: &DataRef<'_>) -> Result<Self> {
            if let DataRef::CompactArray(c) = data {
                return c.iter().map(|d| T::from_data(&d)).collect();
            }
            super::array(data)?
                .iter()
                .map(|d| T::from_data(&d))
                .collect()
        }
    }

    impl<T: ToData> ToData for Vec<T> {
        fn to_data(&self) -> Data {
            Data::Array(self.iter().map(ToData::to_data).collect())
        }
    }

    /// An octet string's contents, owned (a `Vec<u8>` is an array of unsigned).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Octets(pub Vec<u8>);

    impl From<&[u8]> for Octets {
        fn from(b: &[u8]) -> Self {
            Self(b.to_vec())
        }
    }

    impl AsRef<[u8]> for Octets {
        fn as_ref(&self) -> &[u8] {
            &self.0
        }
    }

    /// An octet-string.
    impl FromData for Octets {
        fn from_data(data: &DataRef<'_>) -> Result<Self> {
            super::octets(data).map(Self::from)
        }
    }

    impl ToData for Octets {
        fn to_data(&self) -> Data {
            Data::OctetString(self.0.clone())
        }
    }

    /// A bit-string.
    impl FromData for BitStringBuf {
        fn from_data(data: &DataRef<'_>) -> Result<Self> {
            data.as_bit_string()
                .map(Self::from)
                .ok_or_else(|| super::unexpected(dlms_apdu::DataType::BitString, data))
        }
    }

    impl ToData for BitStringBuf {
        fn to_data(&self) -> Data {
            Data::BitString(self.clone())
        }
    }
}

#[cfg(feature = "alloc")]
pub use owned::Octets;

#[cfg(all(test, feature = "alloc"))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn scalars_and_arrays_round_trip() {
        let v: Vec<u16> = vec![1, 2, 3];
        let bytes = v.to_data().to_vec();
        assert_eq!(bytes, [0x01, 0x03, 0x12, 0, 1, 0x12, 0, 2, 0x12, 0, 3]);
        let back = Vec::<u16>::from_data(&DataRef::parse_exact(&bytes).unwrap()).unwrap();
        assert_eq!(back, v);
        assert_eq!(
            u8::from_data(&DataRef::LongUnsigned(1)),
            Err(Error::UnexpectedType {
                expected: DataType::Unsigned,
                found: DataType::LongUnsigned
            })
        );
    }
}
