//! A-XDR encoded COSEM `Data` (IEC 62056-6-2, clause 4.1.5 and IEC 62056-5-3 `Data`).
//!
//! [`DataRef`] borrows from the input and stays lazy: an array or structure is a count plus
//! the raw bytes of its elements, walked by an iterator, so decoding nested data needs no
//! allocator. Every length and count read from the wire is checked against the bytes that
//! remain before it sizes anything, and nesting deeper than [`MAX_DEPTH`] is refused.
//!
//! A compact-array ([`CompactArray`]) keeps its type description ([`TypeDescription`]) and
//! untagged contents; they are validated when parsed, so its iterator yields every element
//! as a `DataRef` and cannot fail. [`CompactArrayBuilder`] writes one into a caller's buffer.
//!
//! With the `alloc` feature, [`Data`] is the owned form (`From<DataRef>` one way,
//! [`Data::as_ref`] the other), with [`CompactArrayBuf`], [`TypeDescriptionBuf`] and
//! [`BitStringBuf`] for its owned parts. With the `serde` feature the owned types serialize
//! with the standard's kebab-case names; see [`Data`] for the format.
//!
//! ```
//! use dlms_apdu::DataRef;
//!
//! // structure { long-unsigned 1, octet-string 0.0.1.0.0.255 }
//! let bytes = [0x02, 0x02, 0x12, 0x00, 0x01, 0x09, 0x06, 0, 0, 1, 0, 0, 0xFF];
//! let value = DataRef::parse_exact(&bytes)?;
//! let fields = value.as_structure().unwrap();
//! assert_eq!(fields.get(0).and_then(|v| v.as_u64()), Some(1));
//! assert_eq!(fields.get(1).and_then(|v| v.as_octet_string()), Some(&[0, 0, 1, 0, 0, 0xFF][..]));
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use crate::codec::{
    Reader, Writer, codec_field, codec_fns, length_len, next_validated, octets_len,
};
use crate::datetime::{Date, DateTime, Time};
use crate::error::{ErrorKind, Result};

mod compact;
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "serde")]
mod serde_impl;

pub use compact::{
    ArrayDescription, CompactArray, CompactArrayBuilder, CompactIter, FieldIter, STEPS_PER_BYTE,
    StructureDescription, TypeDescription,
};
#[cfg(feature = "alloc")]
pub use owned::{BitStringBuf, CompactArrayBuf, Data, TypeDescriptionBuf};

/// The deepest nesting of arrays, structures and compact-array type descriptions accepted.
///
/// A value at the top level has depth 1; each array, structure or type-description level
/// adds one. Real meters stay well below 8.
pub const MAX_DEPTH: usize = 16;

/// The A-XDR type tags of `Data` (a closed set: the code interprets each one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u8)]
pub enum DataType {
    /// null-data \[0\].
    NullData = 0,
    /// array \[1\].
    Array = 1,
    /// structure \[2\].
    Structure = 2,
    /// boolean \[3\].
    Boolean = 3,
    /// bit-string \[4\].
    BitString = 4,
    /// double-long \[5\]: i32.
    DoubleLong = 5,
    /// double-long-unsigned \[6\]: u32.
    DoubleLongUnsigned = 6,
    /// octet-string \[9\].
    OctetString = 9,
    /// visible-string \[10\].
    VisibleString = 10,
    /// utf8-string \[12\].
    Utf8String = 12,
    /// bcd \[13\].
    Bcd = 13,
    /// integer \[15\]: i8.
    Integer = 15,
    /// long \[16\]: i16.
    Long = 16,
    /// unsigned \[17\]: u8.
    Unsigned = 17,
    /// long-unsigned \[18\]: u16.
    LongUnsigned = 18,
    /// compact-array \[19\].
    CompactArray = 19,
    /// long64 \[20\]: i64.
    Long64 = 20,
    /// long64-unsigned \[21\]: u64.
    Long64Unsigned = 21,
    /// enum \[22\].
    Enum = 22,
    /// float32 \[23\].
    Float32 = 23,
    /// float64 \[24\].
    Float64 = 24,
    /// date-time \[25\]: 12 octets.
    DateTime = 25,
    /// date \[26\]: 5 octets.
    Date = 26,
    /// time \[27\]: 4 octets.
    Time = 27,
    /// delta-integer \[28\]: i8.
    DeltaInteger = 28,
    /// delta-long \[29\]: i16.
    DeltaLong = 29,
    /// delta-double-long \[30\]: i32.
    DeltaDoubleLong = 30,
    /// delta-unsigned \[31\]: u8.
    DeltaUnsigned = 31,
    /// delta-long-unsigned \[32\]: u16.
    DeltaLongUnsigned = 32,
    /// delta-double-long-unsigned \[33\]: u32.
    DeltaDoubleLongUnsigned = 33,
    /// dont-care \[255\].
    DontCare = 255,
}

impl DataType {
    /// The type for a tag octet, or `None` for a tag that names no type.
    #[must_use]
    pub const fn from_tag(tag: u8) -> Option<Self> {
        Some(match tag {
            0 => Self::NullData,
            1 => Self::Array,
            2 => Self::Structure,
            3 => Self::Boolean,
            4 => Self::BitString,
            5 => Self::DoubleLong,
            6 => Self::DoubleLongUnsigned,
            9 => Self::OctetString,
            10 => Self::VisibleString,
            12 => Self::Utf8String,
            13 => Self::Bcd,
            15 => Self::Integer,
            16 => Self::Long,
            17 => Self::Unsigned,
            18 => Self::LongUnsigned,
            19 => Self::CompactArray,
            20 => Self::Long64,
            21 => Self::Long64Unsigned,
            22 => Self::Enum,
            23 => Self::Float32,
            24 => Self::Float64,
            25 => Self::DateTime,
            26 => Self::Date,
            27 => Self::Time,
            28 => Self::DeltaInteger,
            29 => Self::DeltaLong,
            30 => Self::DeltaDoubleLong,
            31 => Self::DeltaUnsigned,
            32 => Self::DeltaLongUnsigned,
            33 => Self::DeltaDoubleLongUnsigned,
            255 => Self::DontCare,
            _ => return None,
        })
    }

    /// The tag octet.
    #[must_use]
    pub const fn tag(self) -> u8 {
        self as u8
    }

    /// The standard's name (`"double-long-unsigned"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::NullData => "null-data",
            Self::Array => "array",
            Self::Structure => "structure",
            Self::Boolean => "boolean",
            Self::BitString => "bit-string",
            Self::DoubleLong => "double-long",
            Self::DoubleLongUnsigned => "double-long-unsigned",
            Self::OctetString => "octet-string",
            Self::VisibleString => "visible-string",
            Self::Utf8String => "utf8-string",
            Self::Bcd => "bcd",
            Self::Integer => "integer",
            Self::Long => "long",
            Self::Unsigned => "unsigned",
            Self::LongUnsigned => "long-unsigned",
            Self::CompactArray => "compact-array",
            Self::Long64 => "long64",
            Self::Long64Unsigned => "long64-unsigned",
            Self::Enum => "enum",
            Self::Float32 => "float32",
            Self::Float64 => "float64",
            Self::DateTime => "date-time",
            Self::Date => "date",
            Self::Time => "time",
            Self::DeltaInteger => "delta-integer",
            Self::DeltaLong => "delta-long",
            Self::DeltaDoubleLong => "delta-double-long",
            Self::DeltaUnsigned => "delta-unsigned",
            Self::DeltaLongUnsigned => "delta-long-unsigned",
            Self::DeltaDoubleLongUnsigned => "delta-double-long-unsigned",
            Self::DontCare => "dont-care",
        }
    }

    /// Whether the type is constructed (array, structure, compact-array); the others are
    /// the simple types a compact-array's type description names directly.
    #[must_use]
    pub const fn is_constructed(self) -> bool {
        matches!(self, Self::Array | Self::Structure | Self::CompactArray)
    }

    /// The type with the standard's name `name` (`"double-long-unsigned"`), as
    /// [`name`](Self::name) gives it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        (0..=u8::MAX)
            .filter_map(Self::from_tag)
            .find(|ty| ty.name() == name)
    }

    /// Octets of a value of this type when its size is fixed (without the tag), `None` for
    /// the variable-length and constructed types.
    #[must_use]
    pub const fn fixed_len(self) -> Option<usize> {
        Some(match self {
            Self::NullData | Self::DontCare => 0,
            Self::Boolean
            | Self::Bcd
            | Self::Integer
            | Self::Unsigned
            | Self::Enum
            | Self::DeltaInteger
            | Self::DeltaUnsigned => 1,
            Self::Long | Self::LongUnsigned | Self::DeltaLong | Self::DeltaLongUnsigned => 2,
            Self::DoubleLong
            | Self::DoubleLongUnsigned
            | Self::Float32
            | Self::DeltaDoubleLong
            | Self::DeltaDoubleLongUnsigned => 4,
            Self::Long64 | Self::Long64Unsigned | Self::Float64 => 8,
            Self::DateTime => DateTime::LEN,
            Self::Date => Date::LEN,
            Self::Time => Time::LEN,
            Self::Array
            | Self::Structure
            | Self::BitString
            | Self::OctetString
            | Self::VisibleString
            | Self::Utf8String
            | Self::CompactArray => return None,
        })
    }
}

impl core::fmt::Display for DataType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A bit-string: a bit count and the octets that hold the bits, first bit in the most
/// significant bit of the first octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BitString<'a> {
    bits: usize,
    bytes: &'a [u8],
}

impl<'a> BitString<'a> {
    /// A bit-string of `bits` bits held in `bytes`, or `None` unless `bytes` has exactly
    /// the `ceil(bits / 8)` octets the count needs.
    #[must_use]
    pub const fn new(bits: usize, bytes: &'a [u8]) -> Option<Self> {
        if bits.div_ceil(8) == bytes.len() {
            Some(Self { bits, bytes })
        } else {
            None
        }
    }

    /// Number of bits.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bits
    }

    /// Whether the bit-string has no bits.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The octets holding the bits (unused trailing bits as sent).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Bit `i` (0 = the most significant bit of the first octet), `None` past the end.
    #[must_use]
    pub fn bit(&self, i: usize) -> Option<bool> {
        if i >= self.bits {
            return None;
        }
        let byte = self.bytes.get(i / 8)?;
        Some(byte & (0x80 >> (i % 8)) != 0)
    }
}

/// The elements of an array or structure, decoded one by one as the iterator walks them.
///
/// A sequence parsed from bytes is a count and the encoded elements; one inside a
/// compact-array walks the untagged contents along the type description; one from an owned
/// [`Data`] (feature `alloc`) borrows its elements. The three compare
/// equal when their elements do.
#[derive(Debug, Clone, Copy)]
pub struct Sequence<'a> {
    inner: SequenceInner<'a>,
}

#[derive(Debug, Clone, Copy)]
enum SequenceInner<'a> {
    /// Tagged elements as they came from the wire (already validated).
    Encoded {
        count: usize,
        raw: &'a [u8],
        /// Depth of the elements.
        depth: usize,
    },
    /// Untagged elements from the contents of a compact-array (already validated).
    Untagged {
        count: usize,
        layout: Layout<'a>,
        raw: &'a [u8],
    },
    /// The elements of an owned value.
    #[cfg(feature = "alloc")]
    Owned(&'a [Data]),
}

/// How the untagged elements of a sequence inside a compact-array are described.
#[derive(Debug, Clone, Copy)]
enum Layout<'a> {
    /// A structure: the descriptions of its fields, one after the other.
    Fields(&'a [u8]),
    /// An array: the description of its element type, for every element.
    Repeat(&'a [u8]),
}

impl<'a> Sequence<'a> {
    /// Number of elements.
    #[must_use]
    pub const fn len(&self) -> usize {
        match self.inner {
            SequenceInner::Encoded { count, .. } | SequenceInner::Untagged { count, .. } => count,
            #[cfg(feature = "alloc")]
            SequenceInner::Owned(items) => items.len(),
        }
    }

    /// Whether there are no elements.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The encoded (tagged) elements, when the sequence was parsed from A-XDR bytes;
    /// `None` for one inside a compact-array or from an owned value.
    #[must_use]
    pub const fn raw(&self) -> Option<&'a [u8]> {
        match self.inner {
            SequenceInner::Encoded { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// Iterates over the elements.
    #[must_use]
    pub fn iter(&self) -> SequenceIter<'a> {
        let inner = match self.inner {
            SequenceInner::Encoded { count, raw, depth } => IterInner::Encoded {
                reader: Reader::new(raw),
                left: count,
                depth,
            },
            SequenceInner::Untagged { count, layout, raw } => IterInner::Untagged {
                fields: Reader::new(match layout {
                    Layout::Fields(fields) => fields,
                    Layout::Repeat(_) => &[],
                }),
                layout,
                contents: Reader::new(raw),
                left: count,
            },
            #[cfg(feature = "alloc")]
            SequenceInner::Owned(items) => IterInner::Owned(items.iter()),
        };
        SequenceIter { inner }
    }

    /// The element with index `i`, `None` past the end (walks the elements before it).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<DataRef<'a>> {
        self.iter().nth(i)
    }

    /// Bytes of the tagged elements.
    fn content_len(&self) -> usize {
        match self.inner {
            SequenceInner::Encoded { raw, .. } => raw.len(),
            _ => self
                .iter()
                .fold(0usize, |n, v| n.saturating_add(v.buffer_len())),
        }
    }

    /// Writes the tagged elements.
    fn emit_content(&self, w: &mut Writer<'_>) -> Result<()> {
        match self.inner {
            SequenceInner::Encoded { raw, .. } => w.bytes(raw),
            _ => self.iter().try_for_each(|v| v.write(w)),
        }
    }
}

impl PartialEq for Sequence<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a> IntoIterator for &Sequence<'a> {
    type Item = DataRef<'a>;
    type IntoIter = SequenceIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for Sequence<'a> {
    type Item = DataRef<'a>;
    type IntoIter = SequenceIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over the elements of a [`Sequence`].
#[derive(Debug, Clone)]
pub struct SequenceIter<'a> {
    inner: IterInner<'a>,
}

#[derive(Debug, Clone)]
enum IterInner<'a> {
    Encoded {
        reader: Reader<'a>,
        left: usize,
        depth: usize,
    },
    Untagged {
        layout: Layout<'a>,
        /// The field descriptions still to come (structures only).
        fields: Reader<'a>,
        contents: Reader<'a>,
        left: usize,
    },
    #[cfg(feature = "alloc")]
    Owned(core::slice::Iter<'a, Data>),
}

impl<'a> Iterator for SequenceIter<'a> {
    type Item = DataRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            IterInner::Encoded {
                reader,
                left,
                depth,
            } => next_validated(left, || DataRef::parse_at(reader, *depth)),
            IterInner::Untagged {
                layout,
                fields,
                contents,
                left,
            } => next_validated(left, || match *layout {
                Layout::Fields(_) => compact::decode(fields, contents),
                Layout::Repeat(element) => compact::decode(&mut Reader::new(element), contents),
            }),
            #[cfg(feature = "alloc")]
            IterInner::Owned(items) => items.next().map(Data::as_ref),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = match &self.inner {
            IterInner::Encoded { left, .. } | IterInner::Untagged { left, .. } => *left,
            #[cfg(feature = "alloc")]
            IterInner::Owned(items) => items.len(),
        };
        (left, Some(left))
    }
}

impl ExactSizeIterator for SequenceIter<'_> {}

impl core::iter::FusedIterator for SequenceIter<'_> {}

/// One A-XDR `Data` value, borrowed from its encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum DataRef<'a> {
    /// null-data.
    NullData,
    /// array: elements of one type.
    Array(Sequence<'a>),
    /// structure: elements of any types.
    Structure(Sequence<'a>),
    /// boolean (any non-zero octet reads as true).
    Boolean(bool),
    /// bit-string.
    BitString(BitString<'a>),
    /// double-long.
    DoubleLong(i32),
    /// double-long-unsigned.
    DoubleLongUnsigned(u32),
    /// octet-string.
    OctetString(&'a [u8]),
    /// visible-string (the octets as sent).
    VisibleString(&'a [u8]),
    /// utf8-string.
    Utf8String(&'a str),
    /// bcd (one octet as sent).
    Bcd(u8),
    /// integer.
    Integer(i8),
    /// long.
    Long(i16),
    /// unsigned.
    Unsigned(u8),
    /// long-unsigned.
    LongUnsigned(u16),
    /// compact-array.
    CompactArray(CompactArray<'a>),
    /// long64.
    Long64(i64),
    /// long64-unsigned.
    Long64Unsigned(u64),
    /// enum.
    Enum(u8),
    /// float32.
    Float32(f32),
    /// float64.
    Float64(f64),
    /// date-time.
    DateTime(DateTime),
    /// date.
    Date(Date),
    /// time.
    Time(Time),
    /// delta-integer.
    DeltaInteger(i8),
    /// delta-long.
    DeltaLong(i16),
    /// delta-double-long.
    DeltaDoubleLong(i32),
    /// delta-unsigned.
    DeltaUnsigned(u8),
    /// delta-long-unsigned.
    DeltaLongUnsigned(u16),
    /// delta-double-long-unsigned.
    DeltaDoubleLongUnsigned(u32),
    /// dont-care.
    DontCare,
}

codec_fns! {
    DataRef<'a>, "one value (tag and encoded value)", [parse, parse_exact, emit];
    parse:
    /// [`ErrorKind::Truncated`], [`ErrorKind::UnknownTag`], [`ErrorKind::LengthExceeds`],
    /// [`ErrorKind::InvalidLength`], [`ErrorKind::InvalidValue`] or
    /// [`ErrorKind::DepthExceeded`], at the offending byte.
}

codec_field!(DataRef<'a>);

impl<'a> DataRef<'a> {
    /// Parses one top-level value at a reader's cursor.
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Self::parse_at(r, 1)
    }

    /// Parses one value from a reader at nesting `depth` (1 at the top).
    pub(crate) fn parse_at(r: &mut Reader<'a>, depth: usize) -> Result<Self> {
        if depth > MAX_DEPTH {
            return Err(r.err(ErrorKind::DepthExceeded));
        }
        let start = r.position();
        let tag = r.u8()?;
        let ty = DataType::from_tag(tag)
            .ok_or_else(|| r.err_at(ErrorKind::UnknownTag { found: tag }, start))?;
        Self::parse_body(ty, r, depth)
    }

    /// Parses the value of type `ty` that follows its tag, at nesting `depth`.
    fn parse_body(ty: DataType, r: &mut Reader<'a>, depth: usize) -> Result<Self> {
        Ok(match ty {
            DataType::NullData => Self::NullData,
            DataType::DontCare => Self::DontCare,
            DataType::Array | DataType::Structure => {
                // Every element takes at least its tag octet.
                let count = r.count(1)?;
                let body = r.position();
                let inner = depth.saturating_add(1);
                for _ in 0..count {
                    Self::parse_at(r, inner)?;
                }
                let seq = Sequence {
                    inner: SequenceInner::Encoded {
                        count,
                        raw: r.since(body),
                        depth: inner,
                    },
                };
                if ty == DataType::Array {
                    Self::Array(seq)
                } else {
                    Self::Structure(seq)
                }
            }
            DataType::Boolean => Self::Boolean(r.u8()? != 0),
            DataType::BitString => {
                let at = r.position();
                let bits = r.length()?;
                let bytes_needed = bits.div_ceil(8);
                let available = r.remaining();
                let n = usize::try_from(bytes_needed)
                    .ok()
                    .filter(|&n| n <= available)
                    .ok_or_else(|| {
                        r.err_at(
                            ErrorKind::LengthExceeds {
                                declared: u64::from(bytes_needed),
                                available,
                            },
                            at,
                        )
                    })?;
                let bytes = r.take(n)?;
                let bits =
                    usize::try_from(bits).map_err(|_| r.err_at(ErrorKind::InvalidLength, at))?;
                Self::BitString(BitString { bits, bytes })
            }
            DataType::DoubleLong => Self::DoubleLong(r.i32()?),
            DataType::DoubleLongUnsigned => Self::DoubleLongUnsigned(r.u32()?),
            DataType::OctetString => Self::OctetString(r.octets()?),
            DataType::VisibleString => Self::VisibleString(r.octets()?),
            DataType::Utf8String => {
                let at = r.position();
                let bytes = r.octets()?;
                let s = core::str::from_utf8(bytes)
                    .map_err(|_| r.err_at(ErrorKind::InvalidValue, at))?;
                Self::Utf8String(s)
            }
            DataType::Bcd => Self::Bcd(r.u8()?),
            DataType::Integer => Self::Integer(r.i8()?),
            DataType::Long => Self::Long(r.i16()?),
            DataType::Unsigned => Self::Unsigned(r.u8()?),
            DataType::LongUnsigned => Self::LongUnsigned(r.u16()?),
            DataType::CompactArray => Self::CompactArray(compact::parse(r, depth)?),
            DataType::Long64 => Self::Long64(r.i64()?),
            DataType::Long64Unsigned => Self::Long64Unsigned(r.u64()?),
            DataType::Enum => Self::Enum(r.u8()?),
            DataType::Float32 => Self::Float32(f32::from_bits(r.u32()?)),
            DataType::Float64 => Self::Float64(f64::from_bits(r.u64()?)),
            DataType::DateTime => Self::DateTime(DateTime::from_bytes(r.array()?)),
            DataType::Date => Self::Date(Date::from_bytes(r.array()?)),
            DataType::Time => Self::Time(Time::from_bytes(r.array()?)),
            DataType::DeltaInteger => Self::DeltaInteger(r.i8()?),
            DataType::DeltaLong => Self::DeltaLong(r.i16()?),
            DataType::DeltaDoubleLong => Self::DeltaDoubleLong(r.i32()?),
            DataType::DeltaUnsigned => Self::DeltaUnsigned(r.u8()?),
            DataType::DeltaLongUnsigned => Self::DeltaLongUnsigned(r.u16()?),
            DataType::DeltaDoubleLongUnsigned => Self::DeltaDoubleLongUnsigned(r.u32()?),
        })
    }

    /// The A-XDR type of this value.
    #[must_use]
    pub const fn data_type(&self) -> DataType {
        match self {
            Self::NullData => DataType::NullData,
            Self::Array(_) => DataType::Array,
            Self::Structure(_) => DataType::Structure,
            Self::Boolean(_) => DataType::Boolean,
            Self::BitString(_) => DataType::BitString,
            Self::DoubleLong(_) => DataType::DoubleLong,
            Self::DoubleLongUnsigned(_) => DataType::DoubleLongUnsigned,
            Self::OctetString(_) => DataType::OctetString,
            Self::VisibleString(_) => DataType::VisibleString,
            Self::Utf8String(_) => DataType::Utf8String,
            Self::Bcd(_) => DataType::Bcd,
            Self::Integer(_) => DataType::Integer,
            Self::Long(_) => DataType::Long,
            Self::Unsigned(_) => DataType::Unsigned,
            Self::LongUnsigned(_) => DataType::LongUnsigned,
            Self::CompactArray(_) => DataType::CompactArray,
            Self::Long64(_) => DataType::Long64,
            Self::Long64Unsigned(_) => DataType::Long64Unsigned,
            Self::Enum(_) => DataType::Enum,
            Self::Float32(_) => DataType::Float32,
            Self::Float64(_) => DataType::Float64,
            Self::DateTime(_) => DataType::DateTime,
            Self::Date(_) => DataType::Date,
            Self::Time(_) => DataType::Time,
            Self::DeltaInteger(_) => DataType::DeltaInteger,
            Self::DeltaLong(_) => DataType::DeltaLong,
            Self::DeltaDoubleLong(_) => DataType::DeltaDoubleLong,
            Self::DeltaUnsigned(_) => DataType::DeltaUnsigned,
            Self::DeltaLongUnsigned(_) => DataType::DeltaLongUnsigned,
            Self::DeltaDoubleLongUnsigned(_) => DataType::DeltaDoubleLongUnsigned,
            Self::DontCare => DataType::DontCare,
        }
    }

    /// Bytes [`emit`](Self::emit) writes: the tag and the encoded value.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.body_len().saturating_add(1)
    }

    /// Bytes of the encoded value without its tag (its form inside a compact-array, for
    /// the simple types).
    fn body_len(&self) -> usize {
        match self {
            Self::Array(s) | Self::Structure(s) => {
                length_len(s.len()).saturating_add(s.content_len())
            }
            Self::BitString(b) => length_len(b.bits).saturating_add(b.bytes.len()),
            Self::OctetString(b) | Self::VisibleString(b) => octets_len(b.len()),
            Self::Utf8String(s) => octets_len(s.len()),
            Self::CompactArray(c) => c
                .description()
                .len()
                .saturating_add(octets_len(c.contents().len())),
            other => other.data_type().fixed_len().unwrap_or(0),
        }
    }

    /// The encoding (tag and value) in a new vector.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut out = alloc::vec![0u8; self.buffer_len()];
        // The buffer has exactly the length `emit` needs, the one error it can return.
        let _ = self.emit(&mut out);
        out
    }

    /// Writes the tag and the encoded value at a writer's cursor.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.data_type().tag())?;
        self.write_body(w)
    }

    /// Writes the encoded value without its tag.
    fn write_body(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::NullData | Self::DontCare => Ok(()),
            Self::Array(ref s) | Self::Structure(ref s) => {
                w.length(s.len())?;
                s.emit_content(w)
            }
            Self::Boolean(v) => w.u8(u8::from(v)),
            Self::BitString(b) => {
                w.length(b.bits)?;
                w.bytes(b.bytes)
            }
            Self::DoubleLong(v) | Self::DeltaDoubleLong(v) => w.bytes(&v.to_be_bytes()),
            Self::DoubleLongUnsigned(v) | Self::DeltaDoubleLongUnsigned(v) => w.u32(v),
            Self::OctetString(b) | Self::VisibleString(b) => w.octets(b),
            Self::Utf8String(s) => w.octets(s.as_bytes()),
            Self::Bcd(v) | Self::Unsigned(v) | Self::Enum(v) | Self::DeltaUnsigned(v) => w.u8(v),
            Self::Integer(v) | Self::DeltaInteger(v) => w.bytes(&v.to_be_bytes()),
            Self::Long(v) | Self::DeltaLong(v) => w.bytes(&v.to_be_bytes()),
            Self::LongUnsigned(v) | Self::DeltaLongUnsigned(v) => w.u16(v),
            Self::CompactArray(c) => {
                w.bytes(c.description())?;
                w.octets(c.contents())
            }
            Self::Long64(v) => w.bytes(&v.to_be_bytes()),
            Self::Long64Unsigned(v) => w.u64(v),
            Self::Float32(v) => w.u32(v.to_bits()),
            Self::Float64(v) => w.u64(v.to_bits()),
            Self::DateTime(v) => w.bytes(&v.to_bytes()),
            Self::Date(v) => w.bytes(&v.to_bytes()),
            Self::Time(v) => w.bytes(&v.to_bytes()),
        }
    }

    /// Whether this is null-data.
    #[must_use]
    pub const fn is_null(&self) -> bool {
        matches!(self, Self::NullData)
    }

    /// The value of a boolean.
    #[must_use]
    pub const fn as_bool(&self) -> Option<bool> {
        match *self {
            Self::Boolean(v) => Some(v),
            _ => None,
        }
    }

    /// The value of any integer type (integer, long, double-long, long64, their unsigned
    /// and delta forms, and enum), widened.
    fn as_i128(&self) -> Option<i128> {
        Some(match *self {
            Self::Integer(v) | Self::DeltaInteger(v) => i128::from(v),
            Self::Long(v) | Self::DeltaLong(v) => i128::from(v),
            Self::DoubleLong(v) | Self::DeltaDoubleLong(v) => i128::from(v),
            Self::Long64(v) => i128::from(v),
            Self::Unsigned(v) | Self::DeltaUnsigned(v) | Self::Enum(v) => i128::from(v),
            Self::LongUnsigned(v) | Self::DeltaLongUnsigned(v) => i128::from(v),
            Self::DoubleLongUnsigned(v) | Self::DeltaDoubleLongUnsigned(v) => i128::from(v),
            Self::Long64Unsigned(v) => i128::from(v),
            _ => return None,
        })
    }

    /// The value of any integer type (signed, unsigned, delta, or enum) if it is not
    /// negative; `None` for other types and negative values.
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i128().and_then(|v| u64::try_from(v).ok())
    }

    /// The value of any integer type (signed, unsigned, delta, or enum) if it fits in an
    /// `i64`; `None` for other types and for long64-unsigned values above `i64::MAX`.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        self.as_i128().and_then(|v| i64::try_from(v).ok())
    }

    /// The value of a float32 or float64.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Self::Float32(v) => Some(f64::from(v)),
            Self::Float64(v) => Some(v),
            _ => None,
        }
    }

    /// The octets of an octet-string.
    #[must_use]
    pub const fn as_octet_string(&self) -> Option<&'a [u8]> {
        match *self {
            Self::OctetString(b) => Some(b),
            _ => None,
        }
    }

    /// The octets of a visible-string, as sent.
    #[must_use]
    pub const fn as_visible_string(&self) -> Option<&'a [u8]> {
        match *self {
            Self::VisibleString(b) => Some(b),
            _ => None,
        }
    }

    /// The text of a utf8-string, or of a visible-string whose octets are UTF-8.
    #[must_use]
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Self::Utf8String(s) => Some(s),
            Self::VisibleString(b) => core::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// The bits of a bit-string.
    #[must_use]
    pub const fn as_bit_string(&self) -> Option<BitString<'a>> {
        match *self {
            Self::BitString(b) => Some(b),
            _ => None,
        }
    }

    /// The elements of an array.
    #[must_use]
    pub const fn as_array(&self) -> Option<Sequence<'a>> {
        match *self {
            Self::Array(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a structure.
    #[must_use]
    pub const fn as_structure(&self) -> Option<Sequence<'a>> {
        match *self {
            Self::Structure(s) => Some(s),
            _ => None,
        }
    }

    /// The compact-array.
    #[must_use]
    pub const fn as_compact_array(&self) -> Option<CompactArray<'a>> {
        match *self {
            Self::CompactArray(c) => Some(c),
            _ => None,
        }
    }

    /// A date-time, or an octet-string of its 12 octets (the form COSEM attributes such
    /// as the clock's time use, IEC 62056-6-2, clause 4.1.6.1).
    #[must_use]
    pub fn as_date_time(&self) -> Option<DateTime> {
        match *self {
            Self::DateTime(v) => Some(v),
            Self::OctetString(b) => b.try_into().ok().map(DateTime::from_bytes),
            _ => None,
        }
    }

    /// A date, or an octet-string of its 5 octets.
    #[must_use]
    pub fn as_date(&self) -> Option<Date> {
        match *self {
            Self::Date(v) => Some(v),
            Self::OctetString(b) => b.try_into().ok().map(Date::from_bytes),
            _ => None,
        }
    }

    /// A time, or an octet-string of its 4 octets.
    #[must_use]
    pub fn as_time(&self) -> Option<Time> {
        match *self {
            Self::Time(v) => Some(v),
            Self::OctetString(b) => b.try_into().ok().map(Time::from_bytes),
            _ => None,
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::canonical;
    use hex_literal::hex;

    fn round_trip(bytes: &[u8]) -> DataRef<'_> {
        canonical!(DataRef, bytes)
    }

    #[test]
    fn scalars() {
        assert_eq!(round_trip(&hex!("05FFFFFFFE")), DataRef::DoubleLong(-2));
        assert_eq!(round_trip(&hex!("1204D2")), DataRef::LongUnsigned(1234));
        assert_eq!(round_trip(&hex!("173FC00000")), DataRef::Float32(1.5));
        assert_eq!(
            round_trip(&hex!("0A03414243")),
            DataRef::VisibleString(b"ABC")
        );
        assert_eq!(round_trip(&hex!("0C04C3A4C3B6")), DataRef::Utf8String("äö"));
    }

    #[test]
    fn nested() {
        let v = round_trip(&hex!("020412000109060000010000FF0F0A0A03414243"));
        let DataRef::Structure(s) = v else { panic!() };
        assert_eq!(s.len(), 4);
        let items: std::vec::Vec<_> = s.iter().collect();
        assert_eq!(items[1], DataRef::OctetString(&hex!("0000010000FF")));
        assert_eq!(items[3], DataRef::VisibleString(b"ABC"));
    }

    #[test]
    fn compact_array_span() {
        let v = round_trip(&hex!("13020212160600011E000220"));
        let DataRef::CompactArray(c) = v else {
            panic!()
        };
        assert_eq!(c.description(), &hex!("02021216"));
        assert_eq!(c.contents(), &hex!("00011E000220"));
    }

    #[test]
    fn bit_string() {
        let v = round_trip(&hex!("040CB0F0"));
        let DataRef::BitString(b) = v else { panic!() };
        assert_eq!(b.len(), 12);
        assert_eq!(b.bit(0), Some(true));
        assert_eq!(b.bit(1), Some(false));
        assert_eq!(b.bit(12), None);
    }

    #[test]
    fn errors_carry_offsets() {
        let err = DataRef::parse(&hex!("0202 120001 07")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTag { found: 7 });
        assert_eq!(err.offset(), 5);
        let err = DataRef::parse(&hex!("01 84FFFFFFFF 00")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthExceeds {
                declared: 0xFFFF_FFFF,
                available: 1
            }
        );
        assert_eq!(err.offset(), 1);
    }

    #[test]
    fn accessors() {
        let v = DataRef::parse_exact(&hex!("0204 0F FF 15 FFFFFFFFFFFFFFFF 0300 0C0161")).unwrap();
        let f: std::vec::Vec<_> = v.as_structure().unwrap().iter().collect();
        assert_eq!((f[0].as_i64(), f[0].as_u64()), (Some(-1), None));
        assert_eq!((f[1].as_i64(), f[1].as_u64()), (None, Some(u64::MAX)));
        assert_eq!(f[2].as_bool(), Some(false));
        assert_eq!(f[3].as_str(), Some("a"));
        assert_eq!(f[3].as_octet_string(), None);
        assert_eq!(v.as_structure().unwrap().get(4), None);
        assert!(DataRef::NullData.is_null());
        let dt = DataRef::OctetString(&hex!("07E40101FF00030000FFC400"));
        assert_eq!(dt.as_date_time().unwrap().deviation.minutes(), Some(-60));
        assert_eq!(DataRef::OctetString(&[1, 2]).as_date_time(), None);
        assert_eq!(
            DataType::from_name("long64-unsigned"),
            Some(DataType::Long64Unsigned)
        );
        assert_eq!(DataType::from_name("long-64"), None);
    }

    #[test]
    fn renders_date_time() {
        use crate::render::Tree;
        use std::string::ToString;
        let v = DataRef::parse_exact(&hex!("1907E40101FF00030000FFC400")).unwrap();
        assert_eq!(
            Tree(&v).to_string(),
            "date-time: 2020-01-01 00:03:00.00 dev -60 status 00\n"
        );
        let v = DataRef::parse_exact(&hex!("1B0C1E2DFF")).unwrap();
        assert_eq!(Tree(&v).to_string(), "time: 12:30:45.**\n");
    }

    #[test]
    fn sequences_compare_by_elements() {
        // The same structure parsed from a compact-array element and from tagged bytes.
        let c = DataRef::parse_exact(&hex!("13 02021216 03 00011E")).unwrap();
        let from_compact = c.as_compact_array().unwrap().iter().next().unwrap();
        let tagged = DataRef::parse_exact(&hex!("0202 120001 161E")).unwrap();
        assert_eq!(from_compact, tagged);
        assert_eq!(from_compact.as_structure().unwrap().raw(), None);
        assert!(tagged.as_structure().unwrap().raw().is_some());
    }

    #[test]
    fn depth_bomb() {
        let mut bomb = [0u8; 2000];
        for pair in bomb.chunks_mut(2) {
            pair.copy_from_slice(&[0x01, 0x01]);
        }
        assert_eq!(
            DataRef::parse(&bomb).unwrap_err().kind(),
            ErrorKind::DepthExceeded
        );
    }
}
