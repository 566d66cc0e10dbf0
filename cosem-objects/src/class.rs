//! The interface-class trait and the descriptions of attributes and methods.

pub use dlms_apdu::registry::ClassId;

use crate::value::FromData;

#[cfg(feature = "alloc")]
use crate::obis::ObisCode;

/// Whether an attribute's value changes by itself (IEC 62056-6-2 marks each attribute
/// static or dynamic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeKind {
    /// Changed only by configuration.
    Static,
    /// Changed by the meter's own operation (measurements, clocks, status).
    Dynamic,
}

/// One attribute of an interface class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttributeInfo {
    /// Attribute id (1 is always `logical_name`).
    pub id: i8,
    /// The standard's name, e.g. `"scaler_unit"`.
    pub name: &'static str,
    /// Static or dynamic.
    pub kind: AttributeKind,
    /// Offset of the attribute's short name from the object's base name (short-name
    /// referencing): `(id - 1) * 8`.
    pub sn_offset: u16,
}

/// One method of an interface class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MethodInfo {
    /// Method id, from 1.
    pub id: i8,
    /// The standard's name, e.g. `"reset"`.
    pub name: &'static str,
    /// Whether the class makes the method mandatory.
    pub mandatory: bool,
    /// Offset of the method's short name from the object's base name (short-name
    /// referencing), as the class specifies it.
    pub sn_offset: u16,
}

/// Builds an [`AttributeInfo`] with the usual short-name offset `(id - 1) * 8`.
#[must_use]
pub const fn attribute(id: i8, name: &'static str, kind: AttributeKind) -> AttributeInfo {
    // `id` is 1..=127 in this branch, so the cast keeps its value and (id - 1) * 8 is at
    // most 1008.
    #[allow(clippy::cast_sign_loss, clippy::arithmetic_side_effects)]
    let sn_offset = if id > 0 { (id as u16 - 1) * 8 } else { 0 };
    AttributeInfo {
        id,
        name,
        kind,
        sn_offset,
    }
}

/// What every interface class states about itself, with no values involved.
pub trait ClassInfo {
    /// The class id.
    const CLASS_ID: ClassId;
    /// The class version this type implements.
    const VERSION: u8;
    /// Every attribute, in id order.
    const ATTRIBUTES: &'static [AttributeInfo];
    /// Every method, in id order (empty for classes without methods).
    const METHODS: &'static [MethodInfo];

    /// The attribute with `id`.
    #[must_use]
    fn attribute_info(id: i8) -> Option<&'static AttributeInfo> {
        Self::ATTRIBUTES.iter().find(|a| a.id == id)
    }

    /// The method with `id`.
    #[must_use]
    fn method_info(id: i8) -> Option<&'static MethodInfo> {
        Self::METHODS.iter().find(|m| m.id == id)
    }
}

/// A typed COSEM object: its logical name and every attribute as a typed value that converts
/// to and from A-XDR data.
#[cfg(feature = "alloc")]
pub trait InterfaceClass: ClassInfo {
    /// The object's logical name (attribute 1).
    fn logical_name(&self) -> ObisCode;

    /// Attribute `id` as data.
    ///
    /// # Errors
    /// [`crate::Error::NoSuchAttribute`] for an id the class does not have.
    fn attribute(&self, id: i8) -> crate::Result<dlms_apdu::Data>;

    /// Sets attribute `id` from data (attribute 1, the logical name, included).
    ///
    /// # Errors
    /// [`crate::Error::NoSuchAttribute`] for an id the class does not have; the value's
    /// conversion error when `value` does not have the attribute's type.
    fn set_attribute(&mut self, id: i8, value: &dlms_apdu::DataRef<'_>) -> crate::Result<()>;
}

/// A method of an interface class with its typed parameters: one enum per class, one variant
/// per method.
#[cfg(feature = "alloc")]
pub trait Method: Sized {
    /// The method id.
    fn id(&self) -> i8;

    /// The method-invocation-parameters as data (`integer(0)` for methods whose parameter the
    /// class leaves as a dummy).
    fn parameters(&self) -> dlms_apdu::Data;

    /// The typed method from an ACTION request's method id and parameters.
    ///
    /// # Errors
    /// [`crate::Error::NoSuchMethod`] for an id the class does not have; the conversion error
    /// when the parameters do not have the method's type.
    fn from_parameters(id: i8, parameters: &dlms_apdu::DataRef<'_>) -> crate::Result<Self>;
}

/// Builds a [`MethodInfo`].
#[must_use]
pub const fn method(id: i8, name: &'static str, mandatory: bool, sn_offset: u16) -> MethodInfo {
    MethodInfo {
        id,
        name,
        mandatory,
        sn_offset,
    }
}

/// Implements [`ClassInfo`] and [`InterfaceClass`] for a class struct whose attributes
/// after `logical_name` are fields named as the standard names them, each of a type with
/// `FromData` and `ToData`.
///
/// ```text
/// impl_class! {
///     Register, ClassId::REGISTER, 0,
///     attributes { 2 => value: Dynamic, 3 => scaler_unit: Static },
///     methods { 1 => "reset", false, 0x28 },
/// }
/// ```
#[cfg(feature = "alloc")]
macro_rules! impl_class {
    (
        $ty:ty, $class:expr, $version:literal,
        attributes { $($id:literal => $field:ident $(as $aname:literal)? : $kind:ident),+ $(,)? },
        methods { $($mid:literal => $mname:literal, $mand:literal, $sn:literal);* $(;)? } $(,)?
    ) => {
        impl $crate::class::ClassInfo for $ty {
            const CLASS_ID: $crate::class::ClassId = $class;
            const VERSION: u8 = $version;
            const ATTRIBUTES: &'static [$crate::class::AttributeInfo] = &[
                $crate::class::attribute(1, "logical_name", $crate::class::AttributeKind::Static),
                $($crate::class::attribute(
                    $id,
                    $crate::class::attribute_name!($field $(, $aname)?),
                    $crate::class::AttributeKind::$kind,
                ),)+
            ];
            const METHODS: &'static [$crate::class::MethodInfo] = &[
                $($crate::class::method($mid, $mname, $mand, $sn),)*
            ];
        }

        impl $crate::class::InterfaceClass for $ty {
            fn logical_name(&self) -> $crate::obis::ObisCode {
                self.logical_name
            }

            fn attribute(&self, id: i8) -> $crate::error::Result<dlms_apdu::Data> {
                match id {
                    1 => Ok($crate::value::ToData::to_data(&self.logical_name)),
                    $($id => Ok($crate::value::ToData::to_data(&self.$field)),)+
                    _ => Err($crate::error::Error::NoSuchAttribute(id)),
                }
            }

            fn set_attribute(
                &mut self,
                id: i8,
                value: &dlms_apdu::DataRef<'_>,
            ) -> $crate::error::Result<()> {
                match id {
                    1 => self.logical_name = $crate::value::FromData::from_data(value)?,
                    $($id => self.$field = $crate::value::FromData::from_data(value)?,)+
                    _ => return Err($crate::error::Error::NoSuchAttribute(id)),
                }
                Ok(())
            }
        }
    };
}
#[cfg(feature = "alloc")]
pub(crate) use impl_class;

/// An attribute's name: the field's name, or the one given (for names that are Rust
/// keywords).
#[cfg(feature = "alloc")]
macro_rules! attribute_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $name:literal) => {
        $name
    };
}
#[cfg(feature = "alloc")]
pub(crate) use attribute_name;

/// A long-unsigned; a non-negative long is read too, as some encoders write class ids in
/// value definitions that way.
impl FromData for ClassId {
    fn from_data(data: &dlms_apdu::DataRef<'_>) -> crate::Result<Self> {
        match data {
            dlms_apdu::DataRef::Long(v) => u16::try_from(*v)
                .map(Self)
                .map_err(|_| crate::Error::OutOfRange),
            other => u16::from_data(other).map(Self),
        }
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for ClassId {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::LongUnsigned(self.0)
    }
}
