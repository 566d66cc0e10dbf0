//! Human-readable rendering of APDUs and data, as a protocol analyser prints them: one
//! field per line, children indented under their parent.
//!
//! ```
//! use dlms_apdu::DataRef;
//! use dlms_apdu::render::Tree;
//!
//! let (value, _) = DataRef::parse(&[0x02, 0x02, 0x12, 0x00, 0x01, 0x09, 0x01, 0xAB])?;
//! let text = format!("{}", Tree(&value));
//! assert_eq!(text, "structure (2)\n  long-unsigned: 1\n  octet-string: ab\n");
//! # Ok::<(), dlms_apdu::Error>(())
//! ```
//!
//! Rendering needs no allocator: it writes into any [`core::fmt::Write`].

use core::fmt::{self, Display, Write};

use crate::data::DataRef;

/// Writes an indented tree into a [`fmt::Write`].
#[derive(Debug)]
pub struct Renderer<'w, W: Write> {
    out: &'w mut W,
    indent: usize,
}

impl<'w, W: Write> Renderer<'w, W> {
    /// A renderer writing at indentation 0.
    pub fn new(out: &'w mut W) -> Self {
        Self { out, indent: 0 }
    }

    fn pad(&mut self) -> fmt::Result {
        for _ in 0..self.indent {
            self.out.write_str("  ")?;
        }
        Ok(())
    }

    /// One line: `name: value`.
    ///
    /// # Errors
    /// Whatever the underlying writer returns.
    pub fn field(&mut self, name: &str, value: impl Display) -> fmt::Result {
        self.pad()?;
        writeln!(self.out, "{name}: {value}")
    }

    /// One line: `name: ` and the bytes in lowercase hex.
    ///
    /// # Errors
    /// Whatever the underlying writer returns.
    pub fn hex(&mut self, name: &str, bytes: &[u8]) -> fmt::Result {
        self.field(name, Hex(bytes))
    }

    /// A line naming a node, then its children (written by `children`) indented one step.
    ///
    /// # Errors
    /// Whatever the underlying writer or `children` returns.
    pub fn node(
        &mut self,
        name: impl Display,
        children: impl FnOnce(&mut Self) -> fmt::Result,
    ) -> fmt::Result {
        self.pad()?;
        writeln!(self.out, "{name}")?;
        self.indent = self.indent.saturating_add(1);
        let res = children(self);
        self.indent = self.indent.saturating_sub(1);
        res
    }

    /// Renders a [`Render`] value in place.
    ///
    /// # Errors
    /// Whatever the underlying writer returns.
    pub fn render(&mut self, value: &(impl Render + ?Sized)) -> fmt::Result {
        value.render(self)
    }
}

/// A value that can render itself as a tree.
pub trait Render {
    /// Writes this value's lines into `r`.
    ///
    /// # Errors
    /// Whatever the underlying writer returns.
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result;
}

/// A [`Display`] adapter that renders a [`Render`] value as a tree.
#[derive(Debug, Clone, Copy)]
pub struct Tree<'a, T: ?Sized>(pub &'a T);

impl<T: Render + ?Sized> Display for Tree<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Renderer::new(f);
        self.0.render(&mut r)
    }
}

/// A [`Display`] adapter printing bytes as lowercase hex.
#[derive(Debug, Clone, Copy)]
pub struct Hex<'a>(pub &'a [u8]);

impl Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Render for DataRef<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        let name = self.data_type().name();
        match self {
            Self::Array(s) | Self::Structure(s) => r
                .node(format_args!("{name} ({})", s.len()), |r| {
                    s.iter().try_for_each(|v| v.render(r))
                }),
            Self::OctetString(b) => r.hex(name, b),
            Self::VisibleString(b) => match core::str::from_utf8(b) {
                Ok(s) => r.field(name, format_args!("{s:?}")),
                Err(_) => r.hex(name, b),
            },
            Self::Utf8String(s) => r.field(name, format_args!("{s:?}")),
            Self::BitString(b) => {
                r.field(name, format_args!("{} bits {}", b.len(), Hex(b.as_bytes())))
            }
            Self::CompactArray(c) => r.node(format_args!("{name} ({})", c.len()), |r| {
                r.hex("type-description", c.description())?;
                c.iter().try_for_each(|v| v.render(r))
            }),
            Self::NullData | Self::DontCare => {
                r.pad()?;
                writeln!(r.out, "{name}")
            }
            Self::Boolean(v) => r.field(name, v),
            Self::DoubleLong(v) | Self::DeltaDoubleLong(v) => r.field(name, v),
            Self::DoubleLongUnsigned(v) | Self::DeltaDoubleLongUnsigned(v) => r.field(name, v),
            Self::Bcd(v) => r.field(name, format_args!("{v:02x}")),
            Self::Integer(v) | Self::DeltaInteger(v) => r.field(name, v),
            Self::Long(v) | Self::DeltaLong(v) => r.field(name, v),
            Self::Unsigned(v) | Self::Enum(v) | Self::DeltaUnsigned(v) => r.field(name, v),
            Self::LongUnsigned(v) | Self::DeltaLongUnsigned(v) => r.field(name, v),
            Self::Long64(v) => r.field(name, v),
            Self::Long64Unsigned(v) => r.field(name, v),
            Self::Float32(v) => r.field(name, v),
            Self::Float64(v) => r.field(name, v),
            Self::DateTime(v) => r.field(name, v),
            Self::Date(v) => r.field(name, v),
            Self::Time(v) => r.field(name, v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn compact_array_renders_its_elements() {
        // compact-array of two structure{long-unsigned, enum} (the A-XDR vector collection's
        // "compact-array-struct").
        let bytes = [
            0x13, 0x02, 0x02, 0x12, 0x16, 0x06, 0x00, 0x01, 0x1E, 0x00, 0x02, 0x20,
        ];
        let v = DataRef::parse_exact(&bytes).unwrap();
        let text = format!("{}", Tree(&v));
        assert_eq!(
            text,
            "compact-array (2)\n  type-description: 02021216\n  structure (2)\n    \
             long-unsigned: 1\n    enum: 30\n  structure (2)\n    long-unsigned: 2\n    enum: 32\n"
        );
    }
}
