//! Owned A-XDR `Data` (feature `alloc`): [`Data`] and its owned parts.

use alloc::string::String;
use alloc::vec::Vec;

use super::compact::{self, CompactArray, CompactIter, TypeDescription};
use super::{BitString, DataRef, DataType, Sequence, SequenceInner};
use crate::codec::{Reader, Writer, codec_fns};
use crate::datetime::{Date, DateTime, Time};
use crate::error::{ErrorKind, Result};

/// An owned bit-string: a bit count and the octets that hold the bits (first bit in the
/// most significant bit of the first octet).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BitStringBuf {
    bits: usize,
    bytes: Vec<u8>,
}

impl BitStringBuf {
    /// A bit-string of `bits` bits held in `bytes`, or `None` unless `bytes` has exactly
    /// the `ceil(bits / 8)` octets the count needs.
    #[must_use]
    pub fn new(bits: usize, bytes: Vec<u8>) -> Option<Self> {
        (bits.div_ceil(8) == bytes.len()).then_some(Self { bits, bytes })
    }

    /// A bit-string of the given bits, first bit first; unused trailing bits are zero.
    #[must_use]
    pub fn from_bits(bits: impl IntoIterator<Item = bool>) -> Self {
        let mut out = Self::default();
        for bit in bits {
            out.push(bit);
        }
        out
    }

    /// Appends one bit.
    pub fn push(&mut self, bit: bool) {
        let shift = self.bits % 8;
        if shift == 0 {
            self.bytes.push(0);
        }
        if bit {
            if let Some(last) = self.bytes.last_mut() {
                *last |= 0x80 >> shift;
            }
        }
        self.bits = self.bits.saturating_add(1);
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

    /// Bit `i` (0 = the most significant bit of the first octet), `None` past the end.
    #[must_use]
    pub fn bit(&self, i: usize) -> Option<bool> {
        self.as_ref().bit(i)
    }

    /// The octets holding the bits.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The borrowed form.
    #[must_use]
    pub fn as_ref(&self) -> BitString<'_> {
        BitString {
            bits: self.bits,
            bytes: &self.bytes,
        }
    }
}

impl From<BitString<'_>> for BitStringBuf {
    fn from(b: BitString<'_>) -> Self {
        Self {
            bits: b.bits,
            bytes: b.bytes.to_vec(),
        }
    }
}

/// An owned type description of a compact-array, kept encoded and validated.
///
/// ```
/// use dlms_apdu::data::{DataType, TypeDescriptionBuf};
///
/// let lu = TypeDescriptionBuf::simple(DataType::LongUnsigned).unwrap();
/// let en = TypeDescriptionBuf::simple(DataType::Enum).unwrap();
/// let row = TypeDescriptionBuf::structure([&lu, &en])?;
/// assert_eq!(row.as_bytes(), &[0x02, 0x02, 0x12, 0x16]);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeDescriptionBuf {
    raw: Vec<u8>,
}

impl TypeDescriptionBuf {
    /// The description of a simple type, `None` for array, structure or compact-array.
    #[must_use]
    pub fn simple(ty: DataType) -> Option<Self> {
        (!ty.is_constructed()).then(|| Self {
            raw: alloc::vec![ty.tag()],
        })
    }

    /// An array of `count` elements of type `element`.
    ///
    /// # Errors
    /// [`ErrorKind::DepthExceeded`] if the result would nest deeper than a top-level
    /// compact-array's description may.
    pub fn array(count: u16, element: &Self) -> Result<Self> {
        let mut raw = Vec::with_capacity(element.raw.len().saturating_add(3));
        raw.push(DataType::Array.tag());
        raw.extend_from_slice(&count.to_be_bytes());
        raw.extend_from_slice(&element.raw);
        Self::checked(raw)
    }

    /// A structure of the given field types.
    ///
    /// # Errors
    /// [`ErrorKind::DepthExceeded`] as for [`array`](Self::array).
    pub fn structure<'f>(fields: impl IntoIterator<Item = &'f Self>) -> Result<Self> {
        let mut body = Vec::new();
        let mut count = 0usize;
        for f in fields {
            body.extend_from_slice(&f.raw);
            count = count.saturating_add(1);
        }
        let mut raw = Vec::with_capacity(body.len().saturating_add(6));
        raw.push(DataType::Structure.tag());
        push_length(&mut raw, count)?;
        raw.extend_from_slice(&body);
        Self::checked(raw)
    }

    /// Parses one type description from the start of `input`.
    ///
    /// # Errors
    /// As [`TypeDescription::parse`].
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8])> {
        let (td, rest) = TypeDescription::parse(input)?;
        Ok((Self::try_from(td)?, rest))
    }

    fn checked(raw: Vec<u8>) -> Result<Self> {
        compact::check_description(&raw)?;
        Ok(Self { raw })
    }

    /// The typed, borrowed form.
    #[must_use]
    pub fn as_ref(&self) -> TypeDescription<'_> {
        // Validated on construction.
        TypeDescription::parse(&self.raw)
            .map(|(td, _)| td)
            .unwrap_or(TypeDescription::Simple(DataType::NullData))
    }

    /// The encoded description.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.raw
    }
}

impl TryFrom<TypeDescription<'_>> for TypeDescriptionBuf {
    type Error = crate::Error;

    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a [`TypeDescription::Simple`] naming a constructed
    /// type, [`ErrorKind::DepthExceeded`] as for [`TypeDescriptionBuf::array`].
    fn try_from(td: TypeDescription<'_>) -> Result<Self> {
        let mut raw = alloc::vec![0u8; td.buffer_len()];
        td.emit(&mut raw)?;
        Self::checked(raw)
    }
}

/// Appends an A-XDR length.
fn push_length(out: &mut Vec<u8>, len: usize) -> Result<()> {
    let mut buf = [0u8; 5];
    let n = crate::codec::emit_with(&mut buf, crate::codec::length_len(len), |w| w.length(len))?;
    out.extend_from_slice(buf.get(..n).unwrap_or(&[]));
    Ok(())
}

/// An owned compact-array: its encoded type description and contents, validated together.
///
/// ```
/// use dlms_apdu::data::{CompactArrayBuf, Data, DataType, TypeDescriptionBuf};
///
/// let td = TypeDescriptionBuf::simple(DataType::LongUnsigned).unwrap();
/// let c = CompactArrayBuf::from_data(td.as_ref(), &[Data::from(1u16), Data::from(2u16)])?;
/// assert_eq!(Data::CompactArray(c).to_vec(), [0x13, 0x12, 0x04, 0x00, 0x01, 0x00, 0x02]);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CompactArrayBuf {
    description: Vec<u8>,
    contents: Vec<u8>,
    count: usize,
}

impl CompactArrayBuf {
    /// A compact-array of `description` holding `elements`.
    ///
    /// # Errors
    /// As [`CompactArrayBuilder::new`](super::CompactArrayBuilder::new) and
    /// [`push`](super::CompactArrayBuilder::push) (an element of another type, or one that
    /// takes no bytes), and [`ErrorKind::InvalidValue`] if the result would exceed the step
    /// limit of [`STEPS_PER_BYTE`](super::STEPS_PER_BYTE).
    pub fn new<'e>(
        description: TypeDescription<'_>,
        elements: impl IntoIterator<Item = DataRef<'e>>,
    ) -> Result<Self> {
        let description = TypeDescriptionBuf::try_from(description)?;
        let td = description.as_ref();
        let mut contents = Vec::new();
        let mut count = 0usize;
        for e in elements {
            let n = compact::element_len(&td, &e)?;
            let at = contents.len();
            contents.resize(at.saturating_add(n), 0);
            compact::write_element(&td, &e, contents.get_mut(at..).unwrap_or(&mut []))?;
            count = count.saturating_add(1);
        }
        if compact::validate(&description.raw, &contents, 0)? != count {
            return Err(ErrorKind::InvalidValue.into());
        }
        Ok(Self {
            description: description.raw,
            contents,
            count,
        })
    }

    /// A compact-array of `description` holding owned `elements`.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    pub fn from_data(description: TypeDescription<'_>, elements: &[Data]) -> Result<Self> {
        Self::new(description, elements.iter().map(Data::as_ref))
    }

    /// The borrowed form.
    #[must_use]
    pub fn as_ref(&self) -> CompactArray<'_> {
        CompactArray::from_valid(&self.description, &self.contents, self.count)
    }

    /// The type description of the elements.
    #[must_use]
    pub fn type_description(&self) -> TypeDescription<'_> {
        self.as_ref().type_description()
    }

    /// Number of elements.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether there are no elements.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Iterates over the elements.
    #[must_use]
    pub fn iter(&self) -> CompactIter<'_> {
        self.as_ref().iter()
    }

    /// The elements as owned values.
    #[must_use]
    pub fn to_elements(&self) -> Vec<Data> {
        self.iter().map(Data::from).collect()
    }
}

impl From<CompactArray<'_>> for CompactArrayBuf {
    fn from(c: CompactArray<'_>) -> Self {
        Self {
            description: c.description().to_vec(),
            contents: c.contents().to_vec(),
            count: c.len(),
        }
    }
}

/// One A-XDR `Data` value, owned (feature `alloc`).
///
/// The same variants as [`DataRef`], with owned strings, vectors and the owned parts
/// [`BitStringBuf`] and [`CompactArrayBuf`]. `Data::from(data_ref)` copies a borrowed value;
/// [`as_ref`](Self::as_ref) borrows an owned one as a `DataRef` without encoding it, and
/// the codec methods go through that view.
///
/// ```
/// use dlms_apdu::{Data, DataRef};
///
/// let v = Data::Structure(vec![Data::from(1u16), Data::octet_string([0, 0, 1, 0, 0, 255])]);
/// let bytes = v.to_vec();
/// assert_eq!(bytes, [0x02, 0x02, 0x12, 0x00, 0x01, 0x09, 0x06, 0, 0, 1, 0, 0, 255]);
/// assert_eq!(DataRef::parse_exact(&bytes)?, v.as_ref());
/// assert_eq!(Data::parse_exact(&bytes)?, v);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
///
/// # Serde
///
/// With the `serde` feature, a value is a map of one entry, the standard's name of its
/// type in kebab-case and the value: `{"double-long-unsigned": 123}`. Integers, enum and
/// bcd are numbers; floats are numbers, with `"NaN"`, `"inf"` and `"-inf"` as strings for
/// the values JSON cannot hold; boolean is a boolean; null-data and dont-care carry `null`;
/// octet-string is lowercase hex (`{"octet-string": "0100010800ff"}`); utf8-string is a
/// string; visible-string is a string of its octets, each as the character of the same
/// code (U+0000 to U+00FF, so ASCII reads as itself and any octet survives); bit-string is
/// a string of `0` and `1`, one per bit (unused trailing bits are not kept); date-time,
/// date and time are the lowercase hex of their 12, 5 and 4 octets; array and structure
/// are sequences of values; compact-array is
/// `{"type-description": TD, "elements": [values]}` where `TD` is a simple type's name
/// (`"long-unsigned"`), `{"array": {"count": N, "element": TD}}` or
/// `{"structure": [TD, ...]}`. Reading accepts upper-case hex and refuses nesting deeper
/// than [`MAX_DEPTH`](super::MAX_DEPTH).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Data {
    /// null-data.
    #[default]
    NullData,
    /// array: elements of one type.
    Array(Vec<Data>),
    /// structure: elements of any types.
    Structure(Vec<Data>),
    /// boolean.
    Boolean(bool),
    /// bit-string.
    BitString(BitStringBuf),
    /// double-long.
    DoubleLong(i32),
    /// double-long-unsigned.
    DoubleLongUnsigned(u32),
    /// octet-string.
    OctetString(Vec<u8>),
    /// visible-string (the octets).
    VisibleString(Vec<u8>),
    /// utf8-string.
    Utf8String(String),
    /// bcd (one octet).
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
    CompactArray(CompactArrayBuf),
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
    Data, "one value (tag and encoded value)", [parse, parse_exact, emit];
    parse:
    /// As [`DataRef::parse`].
}

impl Data {
    /// Parses one top-level value at a reader's cursor.
    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        DataRef::parse_from(r).map(Self::from)
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.as_ref().buffer_len()
    }

    /// Writes the tag and the encoded value at a writer's cursor.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        self.as_ref().write(w)
    }

    /// The encoding in a new vector.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        self.as_ref().to_vec()
    }

    /// The A-XDR type of this value.
    #[must_use]
    pub fn data_type(&self) -> DataType {
        self.as_ref().data_type()
    }

    /// Borrows this value as a [`DataRef`] (arrays and structures borrow their elements;
    /// nothing is encoded).
    #[must_use]
    pub fn as_ref(&self) -> DataRef<'_> {
        fn owned(items: &[Data]) -> Sequence<'_> {
            Sequence {
                inner: SequenceInner::Owned(items),
            }
        }
        match self {
            Self::NullData => DataRef::NullData,
            Self::Array(v) => DataRef::Array(owned(v)),
            Self::Structure(v) => DataRef::Structure(owned(v)),
            Self::Boolean(v) => DataRef::Boolean(*v),
            Self::BitString(b) => DataRef::BitString(b.as_ref()),
            Self::DoubleLong(v) => DataRef::DoubleLong(*v),
            Self::DoubleLongUnsigned(v) => DataRef::DoubleLongUnsigned(*v),
            Self::OctetString(b) => DataRef::OctetString(b),
            Self::VisibleString(b) => DataRef::VisibleString(b),
            Self::Utf8String(s) => DataRef::Utf8String(s),
            Self::Bcd(v) => DataRef::Bcd(*v),
            Self::Integer(v) => DataRef::Integer(*v),
            Self::Long(v) => DataRef::Long(*v),
            Self::Unsigned(v) => DataRef::Unsigned(*v),
            Self::LongUnsigned(v) => DataRef::LongUnsigned(*v),
            Self::CompactArray(c) => DataRef::CompactArray(c.as_ref()),
            Self::Long64(v) => DataRef::Long64(*v),
            Self::Long64Unsigned(v) => DataRef::Long64Unsigned(*v),
            Self::Enum(v) => DataRef::Enum(*v),
            Self::Float32(v) => DataRef::Float32(*v),
            Self::Float64(v) => DataRef::Float64(*v),
            Self::DateTime(v) => DataRef::DateTime(*v),
            Self::Date(v) => DataRef::Date(*v),
            Self::Time(v) => DataRef::Time(*v),
            Self::DeltaInteger(v) => DataRef::DeltaInteger(*v),
            Self::DeltaLong(v) => DataRef::DeltaLong(*v),
            Self::DeltaDoubleLong(v) => DataRef::DeltaDoubleLong(*v),
            Self::DeltaUnsigned(v) => DataRef::DeltaUnsigned(*v),
            Self::DeltaLongUnsigned(v) => DataRef::DeltaLongUnsigned(*v),
            Self::DeltaDoubleLongUnsigned(v) => DataRef::DeltaDoubleLongUnsigned(*v),
            Self::DontCare => DataRef::DontCare,
        }
    }

    /// An octet-string.
    #[must_use]
    pub fn octet_string(bytes: impl Into<Vec<u8>>) -> Self {
        Self::OctetString(bytes.into())
    }

    /// A visible-string.
    #[must_use]
    pub fn visible_string(bytes: impl Into<Vec<u8>>) -> Self {
        Self::VisibleString(bytes.into())
    }

    /// A utf8-string.
    #[must_use]
    pub fn utf8_string(s: impl Into<String>) -> Self {
        Self::Utf8String(s.into())
    }

    /// An array of the given elements (not checked to share one type).
    #[must_use]
    pub fn array(items: impl IntoIterator<Item = Self>) -> Self {
        Self::Array(items.into_iter().collect())
    }

    /// A structure of the given fields.
    #[must_use]
    pub fn structure(items: impl IntoIterator<Item = Self>) -> Self {
        Self::Structure(items.into_iter().collect())
    }

    /// Whether this is null-data.
    #[must_use]
    pub const fn is_null(&self) -> bool {
        matches!(self, Self::NullData)
    }

    /// As [`DataRef::as_bool`].
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        self.as_ref().as_bool()
    }

    /// As [`DataRef::as_u64`].
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        self.as_ref().as_u64()
    }

    /// As [`DataRef::as_i64`].
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        self.as_ref().as_i64()
    }

    /// As [`DataRef::as_f64`].
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        self.as_ref().as_f64()
    }

    /// The octets of an octet-string.
    #[must_use]
    pub fn as_octet_string(&self) -> Option<&[u8]> {
        match self {
            Self::OctetString(b) => Some(b),
            _ => None,
        }
    }

    /// As [`DataRef::as_str`].
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Utf8String(s) => Some(s),
            Self::VisibleString(b) => core::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// The elements of an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Self]> {
        match self {
            Self::Array(v) => Some(v),
            _ => None,
        }
    }

    /// The fields of a structure.
    #[must_use]
    pub fn as_structure(&self) -> Option<&[Self]> {
        match self {
            Self::Structure(v) => Some(v),
            _ => None,
        }
    }

    /// As [`DataRef::as_date_time`].
    #[must_use]
    pub fn as_date_time(&self) -> Option<DateTime> {
        self.as_ref().as_date_time()
    }
}

impl crate::render::Render for Data {
    fn render<W: core::fmt::Write>(
        &self,
        r: &mut crate::render::Renderer<'_, W>,
    ) -> core::fmt::Result {
        self.as_ref().render(r)
    }
}

impl From<DataRef<'_>> for Data {
    fn from(v: DataRef<'_>) -> Self {
        match v {
            DataRef::NullData => Self::NullData,
            DataRef::Array(s) => Self::Array(s.iter().map(Self::from).collect()),
            DataRef::Structure(s) => Self::Structure(s.iter().map(Self::from).collect()),
            DataRef::Boolean(v) => Self::Boolean(v),
            DataRef::BitString(b) => Self::BitString(b.into()),
            DataRef::DoubleLong(v) => Self::DoubleLong(v),
            DataRef::DoubleLongUnsigned(v) => Self::DoubleLongUnsigned(v),
            DataRef::OctetString(b) => Self::OctetString(b.to_vec()),
            DataRef::VisibleString(b) => Self::VisibleString(b.to_vec()),
            DataRef::Utf8String(s) => Self::Utf8String(s.into()),
            DataRef::Bcd(v) => Self::Bcd(v),
            DataRef::Integer(v) => Self::Integer(v),
            DataRef::Long(v) => Self::Long(v),
            DataRef::Unsigned(v) => Self::Unsigned(v),
            DataRef::LongUnsigned(v) => Self::LongUnsigned(v),
            DataRef::CompactArray(c) => Self::CompactArray(c.into()),
            DataRef::Long64(v) => Self::Long64(v),
            DataRef::Long64Unsigned(v) => Self::Long64Unsigned(v),
            DataRef::Enum(v) => Self::Enum(v),
            DataRef::Float32(v) => Self::Float32(v),
            DataRef::Float64(v) => Self::Float64(v),
            DataRef::DateTime(v) => Self::DateTime(v),
            DataRef::Date(v) => Self::Date(v),
            DataRef::Time(v) => Self::Time(v),
            DataRef::DeltaInteger(v) => Self::DeltaInteger(v),
            DataRef::DeltaLong(v) => Self::DeltaLong(v),
            DataRef::DeltaDoubleLong(v) => Self::DeltaDoubleLong(v),
            DataRef::DeltaUnsigned(v) => Self::DeltaUnsigned(v),
            DataRef::DeltaLongUnsigned(v) => Self::DeltaLongUnsigned(v),
            DataRef::DeltaDoubleLongUnsigned(v) => Self::DeltaDoubleLongUnsigned(v),
            DataRef::DontCare => Self::DontCare,
        }
    }
}

impl From<&DataRef<'_>> for Data {
    fn from(v: &DataRef<'_>) -> Self {
        Self::from(*v)
    }
}

impl<'a> From<&'a Data> for DataRef<'a> {
    fn from(v: &'a Data) -> Self {
        v.as_ref()
    }
}

impl PartialEq<DataRef<'_>> for Data {
    fn eq(&self, other: &DataRef<'_>) -> bool {
        self.as_ref() == *other
    }
}

impl PartialEq<Data> for DataRef<'_> {
    fn eq(&self, other: &Data) -> bool {
        *self == other.as_ref()
    }
}

macro_rules! from_scalar {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<$t> for Data {
            #[doc = concat!("A ", stringify!($variant), " value.")]
            fn from(v: $t) -> Self {
                Self::$variant(v)
            }
        }
    )*};
}

from_scalar! {
    bool => Boolean,
    i8 => Integer,
    i16 => Long,
    i32 => DoubleLong,
    i64 => Long64,
    u8 => Unsigned,
    u16 => LongUnsigned,
    u32 => DoubleLongUnsigned,
    u64 => Long64Unsigned,
    f32 => Float32,
    f64 => Float64,
    DateTime => DateTime,
    Date => Date,
    Time => Time,
    String => Utf8String,
    BitStringBuf => BitString,
    CompactArrayBuf => CompactArray,
}

impl From<&str> for Data {
    /// A utf8-string.
    fn from(s: &str) -> Self {
        Self::Utf8String(s.into())
    }
}

impl From<&[u8]> for Data {
    /// An octet-string.
    fn from(b: &[u8]) -> Self {
        Self::OctetString(b.to_vec())
    }
}

impl From<Vec<u8>> for Data {
    /// An octet-string.
    fn from(b: Vec<u8>) -> Self {
        Self::OctetString(b)
    }
}

impl<T: Into<Data>> From<Option<T>> for Data {
    /// The value, or null-data for `None`.
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::NullData, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use std::vec;

    #[test]
    fn construct_and_emit() {
        let v = Data::structure([
            Data::from(1u16),
            Data::octet_string(hex!("0000010000FF")),
            Data::from(10i8),
            Data::visible_string("ABC"),
        ]);
        // The `structure` vector of the A-XDR set.
        let bytes = hex!("020412000109060000010000FF0F0A0A03414243");
        assert_eq!(v.buffer_len(), bytes.len());
        assert_eq!(v.to_vec(), bytes);
        assert_eq!(Data::parse_exact(&bytes).unwrap(), v);
        assert_eq!(DataRef::parse_exact(&bytes).unwrap(), v);
        assert_eq!(
            v.as_ref().as_structure().unwrap().get(3).unwrap().as_str(),
            Some("ABC")
        );
    }

    #[test]
    fn compact_round_trip() {
        let bytes = hex!("13020212160600011E000220");
        let d = Data::parse_exact(&bytes).unwrap();
        let Data::CompactArray(c) = &d else { panic!() };
        assert_eq!(
            c.to_elements(),
            vec![
                Data::structure([Data::from(1u16), Data::Enum(30)]),
                Data::structure([Data::from(2u16), Data::Enum(32)])
            ]
        );
        let again = CompactArrayBuf::from_data(c.type_description(), &c.to_elements()).unwrap();
        assert_eq!(&again, c);
        assert_eq!(d.to_vec(), bytes);
        // Elements of the wrong type.
        assert_eq!(
            CompactArrayBuf::from_data(c.type_description(), &[Data::from(1u16)])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn bit_strings() {
        let b =
            BitStringBuf::from_bits([true, false, true, true, false, false, false, false, true]);
        assert_eq!(b.len(), 9);
        assert_eq!(b.as_bytes(), &[0xB0, 0x80]);
        assert_eq!(Data::from(b).to_vec(), hex!("0409B080"));
        assert!(BitStringBuf::new(9, vec![0]).is_none());
    }

    #[test]
    fn type_descriptions() {
        let lu = TypeDescriptionBuf::simple(DataType::LongUnsigned).unwrap();
        let arr = TypeDescriptionBuf::array(3, &lu).unwrap();
        assert_eq!(arr.as_bytes(), &hex!("01000312"));
        assert!(TypeDescriptionBuf::simple(DataType::Structure).is_none());
        let mut deep = lu;
        for _ in 0..14 {
            deep = TypeDescriptionBuf::array(1, &deep).unwrap();
        }
        assert_eq!(
            TypeDescriptionBuf::array(1, &deep).unwrap_err().kind(),
            ErrorKind::DepthExceeded
        );
    }

    #[test]
    fn accessors() {
        assert_eq!(Data::from(-1i8).as_i64(), Some(-1));
        assert_eq!(Data::from(-1i8).as_u64(), None);
        assert_eq!(Data::from(u64::MAX).as_i64(), None);
        assert_eq!(Data::from(u64::MAX).as_u64(), Some(u64::MAX));
        assert_eq!(Data::Enum(3).as_u64(), Some(3));
        assert_eq!(Data::Bcd(3).as_u64(), None);
        assert_eq!(Data::from(1.5f32).as_f64(), Some(1.5));
        assert_eq!(Data::from(None::<u8>), Data::NullData);
        let dt = Data::octet_string(hex!("07E2020C0100000000800000"));
        assert_eq!(dt.as_date_time().unwrap().date.year(), Some(2018));
    }
}
