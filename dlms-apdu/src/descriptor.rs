//! COSEM attribute and method descriptors and selective access (IEC 62056-5-3, the xDLMS
//! ASN.1 module: `Cosem-Attribute-Descriptor`, `Cosem-Method-Descriptor`,
//! `Selective-Access-Descriptor`).

use core::fmt;

use crate::codec::{Field, Reader, Writer, codec_field, codec_fns};
use crate::data::DataRef;
use crate::error::{Error, Result};
use crate::list::{List, list_item};
use crate::registry::ClassId;
use crate::render::{Render, Renderer};

/// A COSEM attribute: class id, logical name (instance id) and attribute index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttributeDescriptor {
    /// The interface class.
    pub class_id: ClassId,
    /// The logical name (OBIS code) of the instance.
    pub instance_id: [u8; 6],
    /// The attribute index (1 = logical name).
    pub attribute_id: i8,
}

/// A COSEM method: class id, logical name (instance id) and method index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MethodDescriptor {
    /// The interface class.
    pub class_id: ClassId,
    /// The logical name (OBIS code) of the instance.
    pub instance_id: [u8; 6],
    /// The method index.
    pub method_id: i8,
}

/// Selective access: an access selector and its parameters (for profile generic, 1 = range
/// descriptor and 2 = entry descriptor).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectiveAccess<'a> {
    /// The access selector.
    pub selector: u8,
    /// The selector's parameters.
    pub parameters: DataRef<'a>,
}

/// An attribute descriptor with optional selective access
/// (`Cosem-Attribute-Descriptor-With-Selection` and the descriptor plus `OPTIONAL` access
/// selection of GET/SET-Request-Normal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttributeWithSelection<'a> {
    /// The attribute.
    pub attribute: AttributeDescriptor,
    /// Selective access, when present.
    pub access: Option<SelectiveAccess<'a>>,
}

/// Implements a descriptor of class id, instance id and one member index (`$id`): its
/// constructor, its nine-octet codec and its analyser rendering (`$node`, with the index
/// on a line named `$id_name`).
macro_rules! descriptor {
    ($name:ident, $id:ident, $node:literal, $id_name:literal) => {
        impl $name {
            /// Octets on the wire.
            pub const LEN: usize = 9;

            /// Creates a descriptor.
            #[must_use]
            pub const fn new(class_id: ClassId, instance_id: [u8; 6], $id: i8) -> Self {
                Self {
                    class_id,
                    instance_id,
                    $id,
                }
            }

            pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
                Ok(Self {
                    class_id: ClassId(r.u16()?),
                    instance_id: r.array()?,
                    $id: r.i8()?,
                })
            }

            /// Octets on the wire ([`LEN`](Self::LEN)).
            #[allow(clippy::unused_self)]
            pub(crate) const fn buffer_len(&self) -> usize {
                Self::LEN
            }

            pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
                w.u16(self.class_id.0)?;
                w.bytes(&self.instance_id)?;
                w.bytes(&self.$id.to_be_bytes())
            }
        }

        codec_fns! {
            $name, "the nine octets of a descriptor", [parse, emit];
            parse:
            /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated) if fewer than 9 octets
            /// remain.
            emit:
            /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall) if `out` is
            /// shorter than [`LEN`](Self::LEN).
        }

        impl Render for $name {
            fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
                r.node($node, |r| {
                    r.field("class-id", Class(self.class_id))?;
                    r.field("instance-id", Obis(&self.instance_id))?;
                    r.field($id_name, self.$id)
                })
            }
        }
    };
}

descriptor!(
    AttributeDescriptor,
    attribute_id,
    "cosem-attribute-descriptor",
    "attribute-id"
);
descriptor!(
    MethodDescriptor,
    method_id,
    "cosem-method-descriptor",
    "method-id"
);

impl<'a> SelectiveAccess<'a> {
    /// Parses selector and parameters (without the `OPTIONAL` presence octet).
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            selector: r.u8()?,
            parameters: DataRef::parse_at(r, 1)?,
        })
    }

    /// Bytes of selector and parameters.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.parameters.buffer_len().saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.selector)?;
        self.parameters.write(w)
    }
}

impl<'a> AttributeWithSelection<'a> {
    /// An attribute without selective access.
    #[must_use]
    pub const fn plain(attribute: AttributeDescriptor) -> Self {
        Self {
            attribute,
            access: None,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            attribute: AttributeDescriptor::parse_from(r)?,
            access: Field::parse_field(r)?,
        })
    }

    /// Bytes on the wire: the descriptor, the presence octet and any selective access.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        AttributeDescriptor::LEN.saturating_add(self.access.field_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        self.attribute.write(w)?;
        self.access.write_field(w)
    }
}

list_item!(MethodDescriptor, fixed MethodDescriptor::LEN);
list_item!(AttributeWithSelection<'a>, AttributeDescriptor::LEN + 1);
codec_field!(
    AttributeDescriptor,
    MethodDescriptor,
    SelectiveAccess<'a>,
    AttributeWithSelection<'a>,
);

/// A logical name printed as `a.b.c.d.e.f`.
struct Obis<'a>(&'a [u8; 6]);

impl fmt::Display for Obis<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = *self.0;
        write!(f, "{a}.{b}.{c}.{d}.{e}.{g}")
    }
}

/// A class id printed as its number and name.
struct Class(ClassId);

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0.0, self.0)
    }
}

impl Render for SelectiveAccess<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("access-selection", |r| {
            r.field("access-selector", self.selector)?;
            r.node("access-parameters", |r| r.render(&self.parameters))
        })
    }
}

impl Render for AttributeWithSelection<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.render(&self.attribute)?;
        if let Some(access) = &self.access {
            r.render(access)?;
        }
        Ok(())
    }
}

/// A-XDR tags used by the typed selective-access parameters.
const STRUCTURE: u8 = 2;
const ARRAY: u8 = 1;
const OCTET_STRING: u8 = 9;
const INTEGER: u8 = 15;
const LONG_UNSIGNED: u8 = 18;
const DOUBLE_LONG_UNSIGNED: u8 = 6;

/// Reads a structure header and checks its element count.
fn expect_structure(r: &mut Reader<'_>, count: u32) -> Result<()> {
    r.expect(STRUCTURE)?;
    let at = r.position();
    if r.length()? == count {
        Ok(())
    } else {
        Err(r.err_at(crate::ErrorKind::InvalidValue, at))
    }
}

/// The parameters of a selective access as a structure's elements, checked for selector
/// and element count; offsets of later errors count from the parameters' first octet.
fn structure_body<'a>(
    access: &SelectiveAccess<'a>,
    selector: u8,
    count: usize,
) -> Result<Reader<'a>> {
    if access.selector != selector {
        return Err(Error::from(crate::ErrorKind::InvalidValue));
    }
    match access.parameters {
        DataRef::Structure(seq) if seq.len() == count => {
            // A count below 0x80 takes one octet after the tag.
            Ok(Reader::with_base(seq.raw().unwrap_or(&[]), 2))
        }
        _ => Err(Error::from(crate::ErrorKind::InvalidValue)),
    }
}

/// Emits `value` into `out` and parses it back as the parameters of a selective access.
fn access_from<'b>(
    selector: u8,
    out: &'b mut [u8],
    emit: impl FnOnce(&mut [u8]) -> Result<usize>,
) -> Result<SelectiveAccess<'b>> {
    let n = emit(&mut *out)?;
    let out: &'b [u8] = out;
    let bytes = out.get(..n).unwrap_or(&[]);
    Ok(SelectiveAccess {
        selector,
        parameters: DataRef::parse_exact(bytes)?,
    })
}

/// A capture object definition (DLMS UA Blue Book, profile generic `capture_objects`):
/// a structure of class id (long-unsigned), logical name (octet-string of 6), attribute
/// index (integer) and data index (long-unsigned; 0 = the whole attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaptureObjectDefinition {
    /// The interface class.
    pub class_id: ClassId,
    /// The logical name (OBIS code).
    pub logical_name: [u8; 6],
    /// The attribute index.
    pub attribute_index: i8,
    /// The element of the attribute (0 = all of it).
    pub data_index: u16,
}

impl CaptureObjectDefinition {
    /// Octets of the encoded structure.
    pub const LEN: usize = 18;

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        expect_structure(r, 4)?;
        r.expect(LONG_UNSIGNED)?;
        let class_id = ClassId(r.u16()?);
        r.expect(OCTET_STRING)?;
        let at = r.position();
        if r.length()? != 6 {
            return Err(r.err_at(crate::ErrorKind::InvalidValue, at));
        }
        let logical_name = r.array()?;
        r.expect(INTEGER)?;
        let attribute_index = r.i8()?;
        r.expect(LONG_UNSIGNED)?;
        let data_index = r.u16()?;
        Ok(Self {
            class_id,
            logical_name,
            attribute_index,
            data_index,
        })
    }

    /// Octets of the encoded structure ([`LEN`](Self::LEN)).
    #[must_use]
    #[allow(clippy::unused_self)]
    pub const fn buffer_len(&self) -> usize {
        Self::LEN
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&[STRUCTURE, 4, LONG_UNSIGNED])?;
        w.u16(self.class_id.0)?;
        w.bytes(&[OCTET_STRING, 6])?;
        w.bytes(&self.logical_name)?;
        w.bytes(&[INTEGER])?;
        w.bytes(&self.attribute_index.to_be_bytes())?;
        w.u8(LONG_UNSIGNED)?;
        w.u16(self.data_index)
    }
}

codec_fns! {
    CaptureObjectDefinition, "the encoded structure", [parse, emit];
    parse:
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated),
    /// [`ErrorKind::UnexpectedTag`](crate::ErrorKind::UnexpectedTag) for an element of another
    /// type, [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a wrong element count
    /// or logical-name length.
}

list_item!(CaptureObjectDefinition, CaptureObjectDefinition::LEN);

impl Render for CaptureObjectDefinition {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("capture-object-definition", |r| {
            r.field("class-id", Class(self.class_id))?;
            r.field("logical-name", Obis(&self.logical_name))?;
            r.field("attribute-index", self.attribute_index)?;
            r.field("data-index", self.data_index)
        })
    }
}

/// Profile generic selective access by range (access selector 1, DLMS UA Blue Book,
/// profile generic `buffer`): the rows whose restricting object lies between two values,
/// with the selected columns (an empty list = all columns).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeDescriptor<'a> {
    /// The column the range applies to (typically the clock's time).
    pub restricting_object: CaptureObjectDefinition,
    /// The oldest value included.
    pub from_value: DataRef<'a>,
    /// The newest value included.
    pub to_value: DataRef<'a>,
    /// The columns to return; empty for all of them.
    pub selected_values: List<'a, CaptureObjectDefinition>,
}

impl<'a> RangeDescriptor<'a> {
    /// The access selector of a range descriptor.
    pub const SELECTOR: u8 = 1;

    fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        expect_structure(r, 4)?;
        Self::parse_body(r)
    }

    fn parse_body(r: &mut Reader<'a>) -> Result<Self> {
        let restricting_object = CaptureObjectDefinition::parse_from(r)?;
        let from_value = DataRef::parse_at(r, 2)?;
        let to_value = DataRef::parse_at(r, 2)?;
        r.expect(ARRAY)?;
        let selected_values = List::parse_from(r)?;
        Ok(Self {
            restricting_object,
            from_value,
            to_value,
            selected_values,
        })
    }

    /// The typed parameters of a selective access with selector 1.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for another selector or
    /// parameters that are not a structure of four; otherwise as [`parse`](Self::parse), with
    /// offsets counted from the parameters' first octet.
    pub fn from_access(access: &SelectiveAccess<'a>) -> Result<Self> {
        let mut r = structure_body(access, Self::SELECTOR, 4)?;
        let v = Self::parse_body(&mut r)?;
        r.finish()?;
        Ok(v)
    }

    /// Octets of the encoded parameters.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        (2 + CaptureObjectDefinition::LEN + 1)
            .saturating_add(self.from_value.buffer_len())
            .saturating_add(self.to_value.buffer_len())
            .saturating_add(self.selected_values.buffer_len())
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&[STRUCTURE, 4])?;
        self.restricting_object.write(w)?;
        self.from_value.write(w)?;
        self.to_value.write(w)?;
        w.u8(ARRAY)?;
        self.selected_values.write(w)
    }

    /// Encodes the parameters into `out` and returns the selective access (selector 1)
    /// that carries them, borrowing `out`.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall).
    pub fn to_access<'b>(&self, out: &'b mut [u8]) -> Result<SelectiveAccess<'b>> {
        access_from(Self::SELECTOR, out, |out| self.emit(out))
    }
}

codec_fns! {
    RangeDescriptor<'a>, "the encoded parameters (a structure of four)", [parse, emit];
    parse:
    /// As [`CaptureObjectDefinition::parse`], and any A-XDR error of the values.
}

impl Render for RangeDescriptor<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("range-descriptor", |r| {
            r.node("restricting-object", |r| r.render(&self.restricting_object))?;
            r.node("from-value", |r| r.render(&self.from_value))?;
            r.node("to-value", |r| r.render(&self.to_value))?;
            self.selected_values
                .render_as(r, "selected-values", |r, c| r.render(&c))
        })
    }
}

/// Profile generic selective access by entry (access selector 2, DLMS UA Blue Book,
/// profile generic `buffer`): rows and columns by index, counting from 1; a `to_entry` or
/// `to_selected_value` of 0 means "up to the last".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryDescriptor {
    /// The first row (double-long-unsigned).
    pub from_entry: u32,
    /// The last row (0 = the newest).
    pub to_entry: u32,
    /// The first column (long-unsigned).
    pub from_selected_value: u16,
    /// The last column (0 = the last).
    pub to_selected_value: u16,
}

impl EntryDescriptor {
    /// The access selector of an entry descriptor.
    pub const SELECTOR: u8 = 2;
    /// Octets of the encoded parameters.
    pub const LEN: usize = 18;

    fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        expect_structure(r, 4)?;
        Self::parse_body(r)
    }

    fn parse_body(r: &mut Reader<'_>) -> Result<Self> {
        r.expect(DOUBLE_LONG_UNSIGNED)?;
        let from_entry = r.u32()?;
        r.expect(DOUBLE_LONG_UNSIGNED)?;
        let to_entry = r.u32()?;
        r.expect(LONG_UNSIGNED)?;
        let from_selected_value = r.u16()?;
        r.expect(LONG_UNSIGNED)?;
        let to_selected_value = r.u16()?;
        Ok(Self {
            from_entry,
            to_entry,
            from_selected_value,
            to_selected_value,
        })
    }

    /// The typed parameters of a selective access with selector 2.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for another selector or
    /// parameters that are not a structure of four; otherwise as [`parse`](Self::parse), with
    /// offsets counted from the parameters' first octet.
    pub fn from_access(access: &SelectiveAccess<'_>) -> Result<Self> {
        let mut r = structure_body(access, Self::SELECTOR, 4)?;
        let v = Self::parse_body(&mut r)?;
        r.finish()?;
        Ok(v)
    }

    /// Octets of the encoded parameters ([`LEN`](Self::LEN)).
    #[allow(clippy::unused_self)]
    const fn buffer_len(&self) -> usize {
        Self::LEN
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&[STRUCTURE, 4, DOUBLE_LONG_UNSIGNED])?;
        w.u32(self.from_entry)?;
        w.u8(DOUBLE_LONG_UNSIGNED)?;
        w.u32(self.to_entry)?;
        w.u8(LONG_UNSIGNED)?;
        w.u16(self.from_selected_value)?;
        w.u8(LONG_UNSIGNED)?;
        w.u16(self.to_selected_value)
    }

    /// Encodes the parameters into `out` and returns the selective access (selector 2)
    /// that carries them, borrowing `out`.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall).
    pub fn to_access<'b>(&self, out: &'b mut [u8]) -> Result<SelectiveAccess<'b>> {
        access_from(Self::SELECTOR, out, |out| self.emit(out))
    }
}

codec_fns! {
    EntryDescriptor, "the encoded parameters (a structure of four)", [parse, emit];
    parse:
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated),
    /// [`ErrorKind::UnexpectedTag`](crate::ErrorKind::UnexpectedTag) for an element of another
    /// type, [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a wrong element count.
    emit:
    /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall) if `out` is shorter
    /// than [`LEN`](Self::LEN).
}

impl Render for EntryDescriptor {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("entry-descriptor", |r| {
            r.field("from-entry", self.from_entry)?;
            r.field("to-entry", self.to_entry)?;
            r.field("from-selected-value", self.from_selected_value)?;
            r.field("to-selected-value", self.to_selected_value)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::emit_with;
    use hex_literal::hex;

    #[test]
    fn attribute_with_range_selection() {
        // Profile generic 1.0.99.1.0.255 attribute 2 with access selector 1 (range) and,
        // for brevity, an empty structure as its parameters.
        let bytes = hex!("000701006301 00FF 02 01 01 0200");
        let mut r = Reader::new(&bytes);
        let a = AttributeWithSelection::parse_from(&mut r).unwrap();
        assert!(r.is_empty());
        assert_eq!(a.attribute.class_id, ClassId::PROFILE_GENERIC);
        assert_eq!(a.attribute.instance_id, hex!("0100630100FF"));
        assert_eq!(a.attribute.attribute_id, 2);
        let access = a.access.unwrap();
        assert_eq!(access.selector, 1);
        assert_eq!(a.buffer_len(), bytes.len());
        let mut out = [0u8; 16];
        let n = emit_with(&mut out, a.buffer_len(), |w| a.write(w)).unwrap();
        assert_eq!(&out[..n], &bytes);
    }

    #[test]
    fn descriptors_round_trip() {
        let m = MethodDescriptor::new(ClassId::ASSOCIATION_LN, hex!("0000280000FF"), 1);
        let mut out = [0u8; 9];
        m.emit(&mut out).unwrap();
        assert_eq!(out, hex!("000F0000280000FF01"));
        assert_eq!(MethodDescriptor::parse(&out).unwrap().0, m);
        assert!(MethodDescriptor::parse(&out[..8]).is_err());
    }
}
