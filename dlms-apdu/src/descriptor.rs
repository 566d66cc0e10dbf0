//! COSEM attribute and method descriptors and selective access (IEC 62056-5-3, the xDLMS
//! ASN.1 module: `Cosem-Attribute-Descriptor`, `Cosem-Method-Descriptor`,
//! `Selective-Access-Descriptor`).

use crate::codec::{Reader, Writer, emit_with};
use crate::data::DataRef;
use crate::error::Result;
use crate::registry::ClassId;

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

impl AttributeDescriptor {
    /// Octets on the wire.
    pub const LEN: usize = 9;

    /// Creates a descriptor.
    #[must_use]
    pub const fn new(class_id: ClassId, instance_id: [u8; 6], attribute_id: i8) -> Self {
        Self {
            class_id,
            instance_id,
            attribute_id,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            class_id: ClassId(r.u16()?),
            instance_id: r.array()?,
            attribute_id: r.i8()?,
        })
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u16(self.class_id.0)?;
        w.bytes(&self.instance_id)?;
        w.bytes(&self.attribute_id.to_be_bytes())
    }

    /// Parses a descriptor from the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated) if fewer than 9 octets remain.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8])> {
        let mut r = Reader::new(input);
        let v = Self::parse_from(&mut r)?;
        Ok((v, r.rest()))
    }

    /// Writes the 9 octets of the descriptor.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        emit_with(out, Self::LEN, |w| self.write(w))
    }
}

impl MethodDescriptor {
    /// Octets on the wire.
    pub const LEN: usize = 9;

    /// Creates a descriptor.
    #[must_use]
    pub const fn new(class_id: ClassId, instance_id: [u8; 6], method_id: i8) -> Self {
        Self {
            class_id,
            instance_id,
            method_id,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            class_id: ClassId(r.u16()?),
            instance_id: r.array()?,
            method_id: r.i8()?,
        })
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u16(self.class_id.0)?;
        w.bytes(&self.instance_id)?;
        w.bytes(&self.method_id.to_be_bytes())
    }

    /// Parses a descriptor from the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated) if fewer than 9 octets remain.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8])> {
        let mut r = Reader::new(input);
        let v = Self::parse_from(&mut r)?;
        Ok((v, r.rest()))
    }

    /// Writes the 9 octets of the descriptor.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        emit_with(out, Self::LEN, |w| self.write(w))
    }
}

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

    /// Parses an `OPTIONAL` selective access: a presence octet, then selector and parameters.
    pub(crate) fn parse_optional(r: &mut Reader<'a>) -> Result<Option<Self>> {
        if r.optional()? {
            Ok(Some(Self::parse_from(r)?))
        } else {
            Ok(None)
        }
    }

    /// Bytes of an `OPTIONAL` selective access, presence octet included.
    #[must_use]
    pub(crate) fn optional_len(access: Option<&Self>) -> usize {
        access.map_or(1, |a| a.buffer_len().saturating_add(1))
    }

    /// Writes an `OPTIONAL` selective access, presence octet included.
    pub(crate) fn write_optional(access: Option<&Self>, w: &mut Writer<'_>) -> Result<()> {
        match access {
            None => w.u8(0),
            Some(a) => {
                w.u8(1)?;
                a.write(w)
            }
        }
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
            access: SelectiveAccess::parse_optional(r)?,
        })
    }

    /// Bytes on the wire: the descriptor, the presence octet and any selective access.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        AttributeDescriptor::LEN.saturating_add(SelectiveAccess::optional_len(self.access.as_ref()))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        self.attribute.write(w)?;
        SelectiveAccess::write_optional(self.access.as_ref(), w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
