//! compact-array: a type description and contents whose elements carry no tags
//! (IEC 62056-5-3, the `Data` CHOICE alternative `compact-array [19]` with its
//! `contents-description` `TypeDescription` and `array-contents` octet string).
//!
//! The type description is parsed and the contents are decoded completely against it when
//! the compact-array is parsed, so walking its elements later cannot fail.
//!
//! Contents layout (as gurux-dlms 1.0.203 decodes it too): each element is its value with no
//! tag; a simple type takes the bytes of its value after the tag (octet-, visible- and
//! utf8-strings and bit-strings keep their length prefix); an array described with `count`
//! elements is those `count` values with no count prefix; a structure is its fields in order
//! with no count prefix. The number of elements is whatever the contents hold.
//!
//! Limits, besides [`MAX_DEPTH`] for the nesting of the description: decoding the contents
//! may take at most [`STEPS_PER_BYTE`] description steps per content byte (plus one pass
//! over the description), so that a description padded with types that take no bytes
//! (null-data, empty structures) cannot make a few octets cost billions of steps or
//! elements; such contents are refused with [`ErrorKind::InvalidValue`].

use super::{DataRef, DataType, Layout, MAX_DEPTH, Sequence, SequenceInner};
use crate::codec::{Reader, Writer, codec_fns, emit_with, length_len, next_validated};
use crate::error::{Error, ErrorKind, Result};

/// Description steps that decoding a compact-array's contents may take per content byte.
///
/// Real descriptions need one or two; only descriptions stuffed with types that take no
/// bytes (null-data, dont-care, empty structures and arrays) come near.
pub const STEPS_PER_BYTE: usize = 64;

/// The description of the element type of a compact-array (IEC 62056-5-3
/// `TypeDescription`), borrowed and validated.
///
/// ```
/// use dlms_apdu::data::{DataType, TypeDescription};
///
/// // structure { long-unsigned, enum }
/// let td = TypeDescription::parse_exact(&[0x02, 0x02, 0x12, 0x16])?;
/// let TypeDescription::Structure(fields) = td else { unreachable!() };
/// let types: Vec<_> = fields.iter().map(|f| f.data_type()).collect();
/// assert_eq!(types, [DataType::LongUnsigned, DataType::Enum]);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeDescription<'a> {
    /// A simple type (not array, structure or compact-array); writing a description that
    /// names a constructed type here fails with [`ErrorKind::InvalidValue`].
    Simple(DataType),
    /// An array of a fixed number of elements of one type.
    Array(ArrayDescription<'a>),
    /// A structure of fields of the given types.
    Structure(StructureDescription<'a>),
}

/// The description of an array inside a type description: element count and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArrayDescription<'a> {
    count: u16,
    element: &'a [u8],
}

/// The description of a structure inside a type description: its field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StructureDescription<'a> {
    count: usize,
    fields: &'a [u8],
}

/// Iterator over the field descriptions of a [`StructureDescription`].
#[derive(Debug, Clone)]
pub struct FieldIter<'a> {
    reader: Reader<'a>,
    left: usize,
}

/// Reads one type description at nesting `depth`, checking it completely.
fn read<'a>(r: &mut Reader<'a>, depth: usize) -> Result<TypeDescription<'a>> {
    if depth > MAX_DEPTH {
        return Err(r.err(ErrorKind::DepthExceeded));
    }
    let start = r.position();
    let tag = r.u8()?;
    let inner = depth.saturating_add(1);
    match DataType::from_tag(tag) {
        Some(DataType::Array) => {
            let count = r.u16()?;
            let at = r.position();
            read(r, inner)?;
            Ok(TypeDescription::Array(ArrayDescription {
                count,
                element: r.since(at),
            }))
        }
        Some(DataType::Structure) => {
            // Every field description takes at least its tag octet.
            let count = r.count(1)?;
            let at = r.position();
            for _ in 0..count {
                read(r, inner)?;
            }
            Ok(TypeDescription::Structure(StructureDescription {
                count,
                fields: r.since(at),
            }))
        }
        Some(DataType::CompactArray) | None => {
            Err(r.err_at(ErrorKind::UnknownTag { found: tag }, start))
        }
        Some(ty) => Ok(TypeDescription::Simple(ty)),
    }
}

/// Checks that `raw` is exactly one type description, nested as that of a top-level
/// compact-array.
pub(super) fn check_description(raw: &[u8]) -> Result<()> {
    let mut r = Reader::new(raw);
    read(&mut r, 2)?;
    r.finish()
}

/// Reads a description that was validated before (at some depth), so it cannot fail; the
/// fallback only keeps this free of panics.
fn read_valid(raw: &[u8]) -> TypeDescription<'_> {
    read(&mut Reader::new(raw), 1).unwrap_or(TypeDescription::Simple(DataType::NullData))
}

codec_fns! {
    TypeDescription<'a>, "one type description";
    parse:
    /// [`ErrorKind::Truncated`], [`ErrorKind::UnknownTag`] (an unknown type or a nested
    /// compact-array), [`ErrorKind::LengthExceeds`] (a structure with more fields than
    /// bytes remain), [`ErrorKind::InvalidLength`] or [`ErrorKind::DepthExceeded`].
    emit:
    /// [`ErrorKind::InvalidValue`] for a [`Simple`](Self::Simple) description naming a
    /// constructed type, [`ErrorKind::BufferTooSmall`] if `out` is shorter than
    /// [`buffer_len`](Self::buffer_len).
}

impl<'a> TypeDescription<'a> {
    /// Parses one top-level type description at a reader's cursor.
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        read(r, 1)
    }

    /// The described type.
    #[must_use]
    pub const fn data_type(&self) -> DataType {
        match self {
            Self::Simple(ty) => *ty,
            Self::Array(_) => DataType::Array,
            Self::Structure(_) => DataType::Structure,
        }
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            Self::Simple(_) => 1,
            Self::Array(a) => a.element.len().saturating_add(3),
            Self::Structure(s) => length_len(s.count)
                .saturating_add(s.fields.len())
                .saturating_add(1),
        }
    }

    /// Writes the encoded description at a writer's cursor.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match self {
            Self::Simple(ty) if ty.is_constructed() => Err(ErrorKind::InvalidValue.into()),
            Self::Simple(ty) => w.u8(ty.tag()),
            Self::Array(a) => {
                w.u8(DataType::Array.tag())?;
                w.u16(a.count)?;
                w.bytes(a.element)
            }
            Self::Structure(s) => {
                w.u8(DataType::Structure.tag())?;
                w.length(s.count)?;
                w.bytes(s.fields)
            }
        }
    }

    /// Whether `value` has this type: the same simple type; an array of exactly the
    /// described count whose elements all match; a structure whose fields match one by one.
    #[must_use]
    pub fn matches(&self, value: &DataRef<'_>) -> bool {
        match (self, value) {
            (Self::Simple(ty), v) => !ty.is_constructed() && v.data_type() == *ty,
            (Self::Array(a), DataRef::Array(s)) => {
                let element = a.element();
                s.len() == usize::from(a.count) && s.iter().all(|v| element.matches(&v))
            }
            (Self::Structure(d), DataRef::Structure(s)) => {
                s.len() == d.count && d.iter().zip(s.iter()).all(|(f, v)| f.matches(&v))
            }
            _ => false,
        }
    }

    /// Bytes `value` takes untagged in a compact-array's contents.
    fn untagged_len(&self, value: &DataRef<'_>) -> Result<usize> {
        match (self, value) {
            (Self::Simple(ty), v) if !ty.is_constructed() && v.data_type() == *ty => {
                Ok(v.body_len())
            }
            (Self::Array(a), DataRef::Array(s)) if s.len() == usize::from(a.count) => {
                let element = a.element();
                s.iter().try_fold(0usize, |n, v| {
                    Ok(n.saturating_add(element.untagged_len(&v)?))
                })
            }
            (Self::Structure(d), DataRef::Structure(s)) if s.len() == d.count => {
                d.iter().zip(s.iter()).try_fold(0usize, |n, (f, v)| {
                    Ok(n.saturating_add(f.untagged_len(&v)?))
                })
            }
            _ => Err(ErrorKind::InvalidValue.into()),
        }
    }

    /// Writes `value` untagged (its type checked by [`untagged_len`](Self::untagged_len)).
    fn write_untagged(&self, value: &DataRef<'_>, w: &mut Writer<'_>) -> Result<()> {
        match (self, value) {
            (Self::Simple(_), v) => v.write_body(w),
            (Self::Array(a), DataRef::Array(s)) => {
                let element = a.element();
                s.iter().try_for_each(|v| element.write_untagged(&v, w))
            }
            (Self::Structure(d), DataRef::Structure(s)) => d
                .iter()
                .zip(s.iter())
                .try_for_each(|(f, v)| f.write_untagged(&v, w)),
            _ => Err(ErrorKind::InvalidValue.into()),
        }
    }
}

impl<'a> ArrayDescription<'a> {
    /// Number of elements (`number-of-elements`, Unsigned16).
    #[must_use]
    pub const fn len(&self) -> u16 {
        self.count
    }

    /// Whether the array has no elements.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The element type.
    #[must_use]
    pub fn element(&self) -> TypeDescription<'a> {
        read_valid(self.element)
    }
}

impl<'a> StructureDescription<'a> {
    /// Number of fields.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the structure has no fields.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Iterates over the field types.
    #[must_use]
    pub fn iter(&self) -> FieldIter<'a> {
        FieldIter {
            reader: Reader::new(self.fields),
            left: self.count,
        }
    }
}

impl<'a> IntoIterator for &StructureDescription<'a> {
    type Item = TypeDescription<'a>;
    type IntoIter = FieldIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> Iterator for FieldIter<'a> {
    type Item = TypeDescription<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        next_validated(&mut self.left, || read(&mut self.reader, 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for FieldIter<'_> {}

/// A compact-array: a type description and the contents, whose elements carry no tags.
///
/// Parsed as part of a [`DataRef`] (or checked by [`new`](Self::new)), so its elements
/// decode completely; [`iter`](Self::iter) yields them as `DataRef`s (an array or
/// structure element walks its untagged fields lazily).
///
/// ```
/// use dlms_apdu::DataRef;
///
/// // compact-array of structure { long-unsigned, enum }: (1, 30), (2, 32)
/// let bytes = [0x13, 0x02, 0x02, 0x12, 0x16, 0x06, 0x00, 0x01, 0x1E, 0x00, 0x02, 0x20];
/// let c = DataRef::parse_exact(&bytes)?.as_compact_array().unwrap();
/// assert_eq!(c.len(), 2);
/// let rows: Vec<Vec<u64>> = c
///     .iter()
///     .map(|row| row.as_structure().unwrap().iter().filter_map(|v| v.as_u64()).collect())
///     .collect();
/// assert_eq!(rows, [[1, 30], [2, 32]]);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompactArray<'a> {
    description: &'a [u8],
    contents: &'a [u8],
    count: usize,
}

impl<'a> CompactArray<'a> {
    /// A compact-array from an encoded type description and contents, both checked as
    /// [`DataRef::parse`] checks those of a top-level value.
    ///
    /// # Errors
    /// As [`TypeDescription::parse`] for the description ([`ErrorKind::TrailingBytes`] if
    /// bytes follow it), and as [`DataRef::parse`] for the contents, with offsets into
    /// `contents`; [`ErrorKind::InvalidValue`] if the contents do not decode into whole
    /// elements or exceed the step limit ([`STEPS_PER_BYTE`]).
    pub fn new(description: &'a [u8], contents: &'a [u8]) -> Result<Self> {
        check_description(description)?;
        let count = validate(description, contents, 0)?;
        Ok(Self {
            description,
            contents,
            count,
        })
    }

    /// A compact-array from parts already validated together.
    pub(super) const fn from_valid(
        description: &'a [u8],
        contents: &'a [u8],
        count: usize,
    ) -> Self {
        Self {
            description,
            contents,
            count,
        }
    }

    /// The encoded type description of the elements.
    #[must_use]
    pub const fn description(&self) -> &'a [u8] {
        self.description
    }

    /// The type description of the elements.
    #[must_use]
    pub fn type_description(&self) -> TypeDescription<'a> {
        read_valid(self.description)
    }

    /// The encoded contents (the elements without their tags).
    #[must_use]
    pub const fn contents(&self) -> &'a [u8] {
        self.contents
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
    pub fn iter(&self) -> CompactIter<'a> {
        CompactIter {
            description: self.description,
            contents: Reader::new(self.contents),
            left: self.count,
        }
    }
}

impl<'a> IntoIterator for &CompactArray<'a> {
    type Item = DataRef<'a>;
    type IntoIter = CompactIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over the elements of a [`CompactArray`].
#[derive(Debug, Clone)]
pub struct CompactIter<'a> {
    description: &'a [u8],
    contents: Reader<'a>,
    left: usize,
}

impl<'a> Iterator for CompactIter<'a> {
    type Item = DataRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        next_validated(&mut self.left, || {
            decode(&mut Reader::new(self.description), &mut self.contents)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for CompactIter<'_> {}

/// Parses a compact-array after its tag, the value being at nesting `depth`.
pub(super) fn parse<'a>(r: &mut Reader<'a>, depth: usize) -> Result<CompactArray<'a>> {
    let at = r.position();
    read(r, depth.saturating_add(1))?;
    let description = r.since(at);
    let contents = r.octets()?;
    let base = r.offset().saturating_sub(contents.len());
    let count = validate(description, contents, base)?;
    Ok(CompactArray::from_valid(description, contents, count))
}

/// Decodes all of `contents` (which starts `base` bytes into the caller's input) as
/// elements of the validated `description`; returns the number of elements.
pub(super) fn validate(description: &[u8], contents: &[u8], base: usize) -> Result<usize> {
    let mut c = Reader::with_base(contents, base);
    let mut budget = contents
        .len()
        .saturating_mul(STEPS_PER_BYTE)
        .saturating_add(description.len());
    let mut count = 0usize;
    while !c.is_empty() {
        let at = c.position();
        walk(&mut Reader::new(description), &mut c, &mut budget)?;
        if c.position() == at {
            // An element of no bytes cannot fill the contents that remain.
            return Err(c.err(ErrorKind::InvalidValue));
        }
        count = count.saturating_add(1);
    }
    Ok(count)
}

/// Skips one element of description `d` (validated) in contents `c`, checking it, and
/// charging one step of `budget` per description node visited.
fn walk(d: &mut Reader<'_>, c: &mut Reader<'_>, budget: &mut usize) -> Result<()> {
    *budget = budget
        .checked_sub(1)
        .ok_or_else(|| c.err(ErrorKind::InvalidValue))?;
    let start = d.position();
    let tag = d.u8()?;
    match DataType::from_tag(tag) {
        Some(DataType::Array) => {
            let count = d.u16()?;
            if count == 0 {
                read(d, 1)?;
                return Ok(());
            }
            let element = d.clone();
            for _ in 0..count {
                *d = element.clone();
                walk(d, c, budget)?;
            }
            Ok(())
        }
        Some(DataType::Structure) => {
            let count = d.count(1)?;
            for _ in 0..count {
                walk(d, c, budget)?;
            }
            Ok(())
        }
        Some(ty) if !ty.is_constructed() => DataRef::parse_body(ty, c, 1).map(|_| ()),
        _ => Err(d.err_at(ErrorKind::UnknownTag { found: tag }, start)),
    }
}

/// Decodes one element of description `d` (validated) from contents `c` (validated).
pub(super) fn decode<'a>(d: &mut Reader<'a>, c: &mut Reader<'a>) -> Result<DataRef<'a>> {
    let start = d.position();
    let tag = d.u8()?;
    // Validated contents: the step budget is not needed again.
    let mut budget = usize::MAX;
    match DataType::from_tag(tag) {
        Some(DataType::Array) => {
            let count = d.u16()?;
            let at = d.position();
            let from = c.position();
            if count == 0 {
                read(d, 1)?;
            } else {
                let element = d.clone();
                for _ in 0..count {
                    *d = element.clone();
                    walk(d, c, &mut budget)?;
                }
            }
            Ok(DataRef::Array(Sequence {
                inner: SequenceInner::Untagged {
                    count: usize::from(count),
                    layout: Layout::Repeat(d.since(at)),
                    raw: c.since(from),
                },
            }))
        }
        Some(DataType::Structure) => {
            let count = d.count(1)?;
            let at = d.position();
            let from = c.position();
            for _ in 0..count {
                walk(d, c, &mut budget)?;
            }
            Ok(DataRef::Structure(Sequence {
                inner: SequenceInner::Untagged {
                    count,
                    layout: Layout::Fields(d.since(at)),
                    raw: c.since(from),
                },
            }))
        }
        Some(ty) if !ty.is_constructed() => DataRef::parse_body(ty, c, 1),
        _ => Err(d.err_at(ErrorKind::UnknownTag { found: tag }, start)),
    }
}

/// Checks `value` against `description` and returns its untagged size; an element of no
/// bytes is refused, since the contents could not tell how many there were.
pub(super) fn element_len(description: &TypeDescription<'_>, value: &DataRef<'_>) -> Result<usize> {
    match description.untagged_len(value)? {
        0 => Err(ErrorKind::InvalidValue.into()),
        n => Ok(n),
    }
}

/// Writes `value` untagged into exactly `out` (sized by [`element_len`]).
pub(super) fn write_element(
    description: &TypeDescription<'_>,
    value: &DataRef<'_>,
    out: &mut [u8],
) -> Result<()> {
    let mut w = Writer::new(out);
    description.write_untagged(value, &mut w)
}

/// Writes a compact-array into a caller's buffer, one element at a time, with no
/// allocator: tag, type description, contents length and untagged elements.
///
/// The buffer always holds the final layout, so it needs no room beyond the finished
/// encoding; when the contents outgrow their length form (127, 255, 65535 bytes), the
/// contents move by one byte.
///
/// ```
/// use dlms_apdu::DataRef;
/// use dlms_apdu::data::{CompactArrayBuilder, DataType, TypeDescription};
///
/// let mut buf = [0u8; 16];
/// let mut b = CompactArrayBuilder::new(TypeDescription::Simple(DataType::LongUnsigned), &mut buf)?;
/// for v in [1, 2, 3] {
///     b.push(&DataRef::LongUnsigned(v))?;
/// }
/// let n = b.finish()?;
/// assert_eq!(&buf[..n], &[0x13, 0x12, 0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03]);
/// # Ok::<(), dlms_apdu::Error>(())
/// ```
#[derive(Debug)]
pub struct CompactArrayBuilder<'d, 'b> {
    description: TypeDescription<'d>,
    out: &'b mut [u8],
    /// Where the contents length starts (after tag and description).
    header: usize,
    /// Bytes of the contents length in its current form.
    length_len: usize,
    /// End of the contents written so far.
    end: usize,
    count: usize,
}

impl<'d, 'b> CompactArrayBuilder<'d, 'b> {
    /// Starts a compact-array of `description` in `out`: writes the tag, the description
    /// and an empty contents length.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a [`TypeDescription::Simple`] naming a constructed
    /// type, [`ErrorKind::DepthExceeded`] for a description nested too deep for a
    /// top-level value, [`ErrorKind::BufferTooSmall`].
    pub fn new(description: TypeDescription<'d>, out: &'b mut [u8]) -> Result<Self> {
        let header = description.buffer_len().saturating_add(1);
        let start = header.saturating_add(1);
        emit_with(out, start, |w| {
            w.u8(DataType::CompactArray.tag())?;
            description.write(w)?;
            w.u8(0)
        })?;
        // Check the description as a top-level compact-array's (depth).
        let written = out.get(1..header).unwrap_or(&[]);
        read(&mut Reader::new(written), 2)?;
        Ok(Self {
            description,
            out,
            header,
            length_len: 1,
            end: start,
            count: 0,
        })
    }

    /// Appends one element.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] if `element` does not have the described type (see
    /// [`TypeDescription::matches`]) or takes no bytes untagged (a description of only
    /// null-data, dont-care or empty parts), [`ErrorKind::BufferTooSmall`] if it does not fit,
    /// [`ErrorKind::TooLong`] past 2³² − 1 content bytes. Nothing is written on error.
    pub fn push(&mut self, element: &DataRef<'_>) -> Result<()> {
        let n = element_len(&self.description, element)?;
        let contents_start = self.header.saturating_add(self.length_len);
        let contents_len = self.end.saturating_sub(contents_start);
        let new_len = contents_len.saturating_add(n);
        let new_length_len = length_len(new_len);
        if new_length_len > 5 {
            return Err(Error::from(ErrorKind::TooLong {
                len: new_len,
                max: u32::MAX as usize,
            }));
        }
        let shift = new_length_len.saturating_sub(self.length_len);
        let new_end = self.end.saturating_add(shift).saturating_add(n);
        let available = self.out.len();
        if new_end > available {
            return Err(Error::from(ErrorKind::BufferTooSmall {
                needed: new_end,
                available,
            }));
        }
        let at = self.end.saturating_add(shift);
        // Write the element where it will end up, then move the earlier contents.
        let dst = self
            .out
            .get_mut(at..new_end)
            .ok_or(Error::from(ErrorKind::BufferTooSmall {
                needed: new_end,
                available,
            }))?;
        write_element(&self.description, element, dst)?;
        if shift > 0 {
            // `contents_start..self.end` and its image `shift` bytes on both lie below
            // `at <= new_end <= available`, checked above.
            let region = self.out.get_mut(contents_start..at).ok_or(Error::from(
                ErrorKind::BufferTooSmall {
                    needed: at,
                    available,
                },
            ))?;
            region.copy_within(..contents_len, shift);
        }
        self.length_len = new_length_len;
        self.end = new_end;
        self.count = self.count.saturating_add(1);
        Ok(())
    }

    /// Number of elements pushed.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether no element was pushed yet.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Bytes the compact-array takes so far (what [`finish`](Self::finish) returns).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.end
    }

    /// Writes the contents length and returns the bytes of the whole compact-array,
    /// after checking that its contents decode as [`DataRef::parse`] would decode them.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] if the contents exceed the step limit of
    /// [`STEPS_PER_BYTE`] (only descriptions with many parts that take no bytes can).
    pub fn finish(self) -> Result<usize> {
        let contents_start = self.header.saturating_add(self.length_len);
        let contents_len = self.end.saturating_sub(contents_start);
        let description = self.out.get(1..self.header).unwrap_or(&[]);
        let contents = self.out.get(contents_start..self.end).unwrap_or(&[]);
        validate(description, contents, contents_start)?;
        emit_with(
            self.out.get_mut(self.header..).unwrap_or(&mut []),
            self.length_len,
            |w| w.length(contents_len),
        )?;
        Ok(self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use std::vec::Vec;

    #[test]
    fn descriptions() {
        let td = TypeDescription::parse_exact(&hex!("01 0003 0202 12 0A")).unwrap();
        let TypeDescription::Array(a) = td else {
            panic!()
        };
        assert_eq!(a.len(), 3);
        let TypeDescription::Structure(s) = a.element() else {
            panic!()
        };
        let f: Vec<_> = s.iter().collect();
        assert_eq!(
            f,
            [
                TypeDescription::Simple(DataType::LongUnsigned),
                TypeDescription::Simple(DataType::VisibleString)
            ]
        );
        let mut out = [0u8; 8];
        let n = td.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &hex!("0100030202120A")[..]);
        assert_eq!(
            TypeDescription::parse(&hex!("13")).unwrap_err().kind(),
            ErrorKind::UnknownTag { found: 0x13 }
        );
        assert_eq!(
            TypeDescription::parse(&hex!("0205 12")).unwrap_err().kind(),
            ErrorKind::LengthExceeds {
                declared: 5,
                available: 1
            }
        );
        assert_eq!(
            TypeDescription::Simple(DataType::Array)
                .emit(&mut out)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn nested_contents() {
        // compact-array of structure { octet-string, array[2] of unsigned }
        let bytes = hex!("13 0202 09 01000211 08 02AABB0102 00 0304");
        let c = DataRef::parse_exact(&bytes)
            .unwrap()
            .as_compact_array()
            .unwrap();
        assert_eq!(c.len(), 2);
        let rows: Vec<_> = c.iter().collect();
        let row0: Vec<_> = rows[0].as_structure().unwrap().iter().collect();
        assert_eq!(row0[0], DataRef::OctetString(&hex!("AABB")));
        let arr: Vec<_> = row0[1].as_array().unwrap().iter().collect();
        assert_eq!(arr, [DataRef::Unsigned(1), DataRef::Unsigned(2)]);
        let row1: Vec<_> = rows[1].as_structure().unwrap().iter().collect();
        assert_eq!(row1[0], DataRef::OctetString(&[]));
        // Tagged form of an untagged element.
        let mut out = [0u8; 32];
        let n = rows[1].emit(&mut out).unwrap();
        assert_eq!(&out[..n], &hex!("0202 0900 0102 1103 1104"));
        assert_eq!(DataRef::parse_exact(&out[..n]).unwrap(), rows[1]);
    }

    #[test]
    fn contents_must_decode_completely() {
        // long-unsigned elements, 5 content bytes: the last element is cut.
        let err = DataRef::parse_exact(&hex!("13 12 05 0001000200")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 1 });
        assert_eq!(err.offset(), 7);
        // A utf8-string element that is not UTF-8.
        let err = DataRef::parse_exact(&hex!("13 0C 02 01FF")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(err.offset(), 3);
        // Elements that take no bytes cannot fill contents.
        let err = DataRef::parse_exact(&hex!("13 00 01 00")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        // ... but no contents is fine.
        let v = DataRef::parse_exact(&hex!("13 00 00")).unwrap();
        assert!(v.as_compact_array().unwrap().is_empty());
    }

    #[test]
    fn step_budget() {
        // structure { unsigned, array[65535] of null-data }: one content byte would stand
        // for 65535 elements.
        let err = DataRef::parse_exact(&hex!("13 0202 11 01FFFF00 01 05")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        // A small array of null-data is fine.
        let v = DataRef::parse_exact(&hex!("13 0202 11 01000300 02 0506")).unwrap();
        let c = v.as_compact_array().unwrap();
        assert_eq!(c.len(), 2);
        let row: Vec<_> = c
            .iter()
            .next()
            .unwrap()
            .as_structure()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(row[1].as_array().unwrap().len(), 3);
    }

    #[test]
    fn builder() {
        let td = TypeDescription::parse_exact(&hex!("02021216")).unwrap();
        let mut buf = [0u8; 12];
        let mut b = CompactArrayBuilder::new(td, &mut buf).unwrap();
        for (a, e) in [(1u16, 30u8), (2, 32)] {
            let row = hex_row(a, e);
            b.push(&DataRef::parse_exact(&row).unwrap()).unwrap();
        }
        assert_eq!(b.len(), 2);
        assert_eq!(
            b.push(&DataRef::LongUnsigned(1)).unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
        let n = b.finish().unwrap();
        assert_eq!(&buf[..n], &hex!("13020212160600011E000220"));
    }

    fn hex_row(a: u16, e: u8) -> [u8; 7] {
        let [a0, a1] = a.to_be_bytes();
        [0x02, 0x02, 0x12, a0, a1, 0x16, e]
    }

    #[test]
    fn builder_length_forms() {
        // 200 octet-strings of 1 byte: 400 content bytes, lengths move 1 -> 2 -> 3 bytes.
        let mut buf = [0u8; 2 + 3 + 400];
        let mut b =
            CompactArrayBuilder::new(TypeDescription::Simple(DataType::OctetString), &mut buf)
                .unwrap();
        for i in 0..200u8 {
            b.push(&DataRef::OctetString(&[i])).unwrap();
        }
        let n = b.finish().unwrap();
        assert_eq!(n, buf.len());
        assert_eq!(&buf[..7], &hex!("13 09 820190 0100"));
        let c = DataRef::parse_exact(&buf)
            .unwrap()
            .as_compact_array()
            .unwrap();
        assert_eq!(c.len(), 200);
        assert!(
            c.iter()
                .zip(0..=255u8)
                .all(|(v, i)| v == DataRef::OctetString(&[i]))
        );
        // One byte short: the last push fails and leaves the builder as it was.
        let mut short = [0u8; 2 + 3 + 399];
        let mut b =
            CompactArrayBuilder::new(TypeDescription::Simple(DataType::OctetString), &mut short)
                .unwrap();
        for i in 0..199u8 {
            b.push(&DataRef::OctetString(&[i])).unwrap();
        }
        let err = b.push(&DataRef::OctetString(&[0])).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::BufferTooSmall {
                needed: 405,
                available: 404
            }
        );
        let n = b.finish().unwrap();
        assert_eq!(
            DataRef::parse_exact(&short[..n])
                .unwrap()
                .as_compact_array()
                .unwrap()
                .len(),
            199
        );
    }

    #[test]
    fn new_checks_parts() {
        let c = CompactArray::new(&hex!("12"), &hex!("00010002")).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            CompactArray::new(&hex!("1212"), &[]).unwrap_err().kind(),
            ErrorKind::TrailingBytes
        );
        assert_eq!(
            CompactArray::new(&hex!("12"), &hex!("000100"))
                .unwrap_err()
                .offset(),
            2
        );
    }
}
