//! Profile generic buffers without an allocator: capture object definitions, a borrowed
//! view of the buffer that walks rows and cells, typed cells with scaler and unit applied,
//! and the range and entry selective-access descriptors.
//!
//! The owned class (`classes::profile_generic::ProfileGeneric`, feature `alloc`) builds on
//! this module.
//!
//! ```
//! use cosem_objects::profile::{Buffer, CellRef, Column};
//! use cosem_objects::{ObisCode, ScalerUnit, Unit};
//! use dlms_apdu::descriptor::CaptureObjectDefinition;
//! use dlms_apdu::registry::ClassId;
//! use dlms_apdu::DataRef;
//!
//! // One row: the clock's time and an energy register of scaler -1 Wh.
//! let bytes = [
//!     0x01, 0x01, 0x02, 0x02,
//!     0x09, 0x0C, 0x07, 0xE4, 0x01, 0x01, 0x03, 0x00, 0x0F, 0x00, 0x00, 0x80, 0x00, 0x00,
//!     0x06, 0x00, 0x00, 0x30, 0x39,
//! ];
//! let columns = [
//!     Column::new(CaptureObjectDefinition {
//!         class_id: ClassId::CLOCK, logical_name: [0, 0, 1, 0, 0, 255],
//!         attribute_index: 2, data_index: 0,
//!     }, None),
//!     Column::new(CaptureObjectDefinition {
//!         class_id: ClassId::REGISTER, logical_name: [1, 0, 1, 8, 0, 255],
//!         attribute_index: 2, data_index: 0,
//!     }, Some(ScalerUnit::new(-1, Unit::WATT_HOUR))),
//! ];
//! let buffer = Buffer::new(&DataRef::parse_exact(&bytes)?)?;
//! let row = buffer.rows().next().unwrap()?;
//! let cells: Vec<CellRef<'_>> = row.typed(&columns).collect::<Result<_, _>>()?;
//! assert!(matches!(cells[0], CellRef::DateTime(dt) if dt.time.minute == 15));
//! let CellRef::Scaled { value, unit } = cells[1] else { unreachable!() };
//! assert_eq!((value.to_string().as_str(), unit), ("1234.5", Unit::WATT_HOUR));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::cmp::Ordering;

use dlms_apdu::data::{CompactIter, Sequence, SequenceIter};
use dlms_apdu::descriptor::{
    CaptureObjectDefinition, EntryDescriptor, RangeDescriptor, SelectiveAccess,
};
use dlms_apdu::registry::ClassId;
use dlms_apdu::{DataRef, DataType, List};

use crate::datetime::DateTime;
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::unit::{Decimal, ScalerUnit, Unit};
use crate::value::{FromData, next, structure, unexpected};

/// A structure of class id, logical name, attribute index and data index.
impl FromData for CaptureObjectDefinition {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 4)?.iter();
        Ok(Self {
            class_id: next(&mut it)?,
            logical_name: next::<ObisCode>(&mut it)?.0,
            attribute_index: next(&mut it)?,
            data_index: next(&mut it)?,
        })
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for CaptureObjectDefinition {
    fn to_data(&self) -> dlms_apdu::Data {
        use dlms_apdu::Data;
        Data::Structure(alloc::vec![
            Data::LongUnsigned(self.class_id.0),
            Data::OctetString(self.logical_name.to_vec()),
            Data::Integer(self.attribute_index),
            Data::LongUnsigned(self.data_index),
        ])
    }
}

crate::value::enum_type! {
    /// How the buffer is sorted (`sort_method`).
    pub struct SortMethod {
        /// First in, first out: the oldest entry is dropped.
        FIFO = 1,
        /// Last in, first out.
        LIFO = 2,
        /// Largest `sort_object` value first.
        LARGEST = 3,
        /// Smallest first.
        SMALLEST = 4,
        /// Nearest to zero first.
        NEAREST_TO_ZERO = 5,
        /// Farthest from zero first.
        FARTHEST_FROM_ZERO = 6,
    }
}

/// Whether a capture object's attribute holds a date-time (the clock's time, the capture
/// times of extended and demand registers), so that a 12-octet octet string in its
/// column reads as one.
#[must_use]
pub fn is_date_time_column(c: &CaptureObjectDefinition) -> bool {
    matches!(
        (c.class_id, c.attribute_index),
        (ClassId::CLOCK, 2) | (ClassId::EXTENDED_REGISTER, 5) | (ClassId::DEMAND_REGISTER, 6 | 7)
    )
}

/// One column of a buffer: the captured attribute and, for registers, its scaler and unit
/// (read separately from the register's attribute 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Column {
    /// The captured attribute.
    pub object: CaptureObjectDefinition,
    /// The scaler and unit to apply to the column's integers, if any.
    pub scaler_unit: Option<ScalerUnit>,
}

impl Column {
    /// A column.
    #[must_use]
    pub const fn new(object: CaptureObjectDefinition, scaler_unit: Option<ScalerUnit>) -> Self {
        Self {
            object,
            scaler_unit,
        }
    }
}

/// A cell read with its column's meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// null-data (a value the meter did not capture, or left out by a compressed profile).
    Null,
    /// A date-time (tagged, or an octet string of 12 in a date-time column).
    DateTime(DateTime),
    /// An integer with its column's scaler and unit applied, exactly.
    Scaled {
        /// The value.
        value: Decimal,
        /// Its unit.
        unit: Unit,
    },
    /// An integer in a column without a scaler.
    Integer(i128),
    /// Any other value, as it is.
    Value(DataRef<'a>),
}

/// An integer value's number, or `None`.
fn integer(d: &DataRef<'_>) -> Option<i128> {
    ScalerUnit::new(0, Unit::COUNT)
        .scale(d)
        .ok()
        .map(|v| v.mantissa)
}

impl<'a> CellRef<'a> {
    /// Reads `cell` with the meaning `column` gives it (none: integers stay integers,
    /// date-times only when tagged).
    #[must_use]
    pub fn decode(cell: DataRef<'a>, column: Option<&Column>) -> Self {
        match cell {
            DataRef::NullData => return Self::Null,
            DataRef::DateTime(dt) => return Self::DateTime(dt),
            DataRef::OctetString(b) if column.is_some_and(|c| is_date_time_column(&c.object)) => {
                if let Ok(bytes) = <[u8; 12]>::try_from(b) {
                    return Self::DateTime(DateTime::from_bytes(bytes));
                }
            }
            _ => {}
        }
        match (integer(&cell), column.and_then(|c| c.scaler_unit)) {
            (Some(raw), Some(su)) => Self::Scaled {
                value: Decimal::new(raw, i16::from(su.scaler)),
                unit: su.unit,
            },
            (Some(raw), None) => Self::Integer(raw),
            (None, _) => Self::Value(cell),
        }
    }
}

/// A profile generic buffer, borrowed: an array of structures (or a compact-array of
/// them), one per entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Buffer<'a> {
    data: DataRef<'a>,
}

/// The entries of a [`Buffer`].
#[derive(Debug, Clone)]
pub struct Rows<'a> {
    inner: RowsInner<'a>,
}

#[derive(Debug, Clone)]
enum RowsInner<'a> {
    Array(SequenceIter<'a>),
    Compact(CompactIter<'a>),
    Empty,
}

/// One entry of a buffer: its cells in capture-object order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    cells: Sequence<'a>,
}

impl<'a> Buffer<'a> {
    /// A view of `data`, the buffer attribute's value.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] when `data` is neither an array nor a compact-array.
    pub fn new(data: &DataRef<'a>) -> Result<Self> {
        match data {
            DataRef::Array(_) | DataRef::CompactArray(_) => Ok(Self { data: *data }),
            other => Err(unexpected(DataType::Array, other)),
        }
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.data {
            DataRef::Array(s) => s.len(),
            DataRef::CompactArray(c) => c.len(),
            _ => 0,
        }
    }

    /// Whether the buffer has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in buffer order; each is an error if it is not a structure.
    #[must_use]
    pub fn rows(&self) -> Rows<'a> {
        let inner = match &self.data {
            DataRef::CompactArray(c) => RowsInner::Compact(c.iter()),
            DataRef::Array(s) => RowsInner::Array(s.iter()),
            // `new` admits only the two types above.
            _ => RowsInner::Empty,
        };
        Rows { inner }
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = Result<Row<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let d = match &mut self.inner {
            RowsInner::Array(it) => it.next()?,
            RowsInner::Compact(it) => it.next()?,
            RowsInner::Empty => return None,
        };
        Some(
            d.as_structure()
                .map(|cells| Row { cells })
                .ok_or_else(|| unexpected(DataType::Structure, &d)),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            RowsInner::Array(it) => it.size_hint(),
            RowsInner::Compact(it) => it.size_hint(),
            RowsInner::Empty => (0, Some(0)),
        }
    }
}

impl<'a> Row<'a> {
    /// A row of these cells.
    #[must_use]
    pub const fn new(cells: Sequence<'a>) -> Self {
        Self { cells }
    }

    /// Number of cells.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the row has no cells.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Cell `i` (from 0).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<DataRef<'a>> {
        self.cells.get(i)
    }

    /// The cells as they are.
    #[must_use]
    pub fn cells(&self) -> SequenceIter<'a> {
        self.cells.iter()
    }

    /// The cells read with their columns' meaning. An empty `columns` reads every cell
    /// without one; otherwise the row must have one cell per column.
    pub fn typed<'c>(
        &self,
        columns: &'c [Column],
    ) -> impl Iterator<Item = Result<CellRef<'a>>> + use<'a, 'c> {
        let mismatch = !columns.is_empty() && columns.len() != self.len();
        let err = mismatch.then_some(Error::ElementCount {
            expected: columns.len(),
            found: self.len(),
        });
        let mut cols = columns.iter();
        let cells = self
            .cells
            .iter()
            .take(if mismatch { 0 } else { usize::MAX });
        err.map(Err)
            .into_iter()
            .chain(cells.map(move |c| Ok(CellRef::decode(c, cols.next()))))
    }
}

/// A selective access to a profile's buffer (access selectors 1 and 2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selection<'a> {
    /// By a range of values of one column (selector 1).
    Range(RangeDescriptor<'a>),
    /// By entry and column numbers (selector 2).
    Entry(EntryDescriptor),
}

impl<'a> Selection<'a> {
    /// The selection a GET request's access selection asks for.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a selector other than 1 or 2; [`Error::Decode`] for
    /// parameters that are not the selector's descriptor.
    pub fn from_access(access: &SelectiveAccess<'a>) -> Result<Self> {
        match access.selector {
            RangeDescriptor::SELECTOR => Ok(Self::Range(RangeDescriptor::from_access(access)?)),
            EntryDescriptor::SELECTOR => Ok(Self::Entry(EntryDescriptor::from_access(access)?)),
            _ => Err(Error::OutOfRange),
        }
    }

    /// The selector and parameters, encoded into `out` (which they borrow).
    ///
    /// # Errors
    /// [`Error::Decode`] with a buffer-too-small kind when `out` is too short.
    pub fn to_access<'b>(&self, out: &'b mut [u8]) -> Result<SelectiveAccess<'b>> {
        Ok(match self {
            Self::Range(r) => r.to_access(out)?,
            Self::Entry(e) => e.to_access(out)?,
        })
    }
}

/// A range selection by the clock column: the entries whose time lies in `from..=to`
/// (date-times as 12-octet octet strings, which the descriptor borrows), with the columns
/// `selected` (empty for all).
#[must_use]
pub fn clock_range<'a>(
    from: &'a [u8; 12],
    to: &'a [u8; 12],
    selected: &'a [CaptureObjectDefinition],
) -> RangeDescriptor<'a> {
    RangeDescriptor {
        restricting_object: CaptureObjectDefinition {
            class_id: ClassId::CLOCK,
            logical_name: crate::obis::known::CLOCK.0,
            attribute_index: 2,
            data_index: 0,
        },
        from_value: DataRef::OctetString(from),
        to_value: DataRef::OctetString(to),
        selected_values: List::new(selected),
    }
}

/// The fields of a date-time in the order they compare: year, month, day, hour, minute,
/// second, hundredths (the weekday, deviation and status do not take part).
fn date_time_key(dt: &DateTime) -> [u16; 7] {
    [
        dt.date.year,
        u16::from(dt.date.month),
        u16::from(dt.date.day),
        u16::from(dt.time.hour),
        u16::from(dt.time.minute),
        u16::from(dt.time.second),
        u16::from(dt.time.hundredths),
    ]
}

/// Compares two values of a restricting column: integers by value, date-times (tagged or
/// 12-octet octet strings) field by field, other octet strings byte-wise. `None` when the
/// two cannot be compared.
#[must_use]
pub fn compare_values(a: &DataRef<'_>, b: &DataRef<'_>) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (integer(a), integer(b)) {
        return Some(x.cmp(&y));
    }
    if let (Ok(x), Ok(y)) = (DateTime::from_data(a), DateTime::from_data(b)) {
        return Some(date_time_key(&x).cmp(&date_time_key(&y)));
    }
    match (a, b) {
        (DataRef::OctetString(x), DataRef::OctetString(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Whether `row` lies in the range `r` selects, given the buffer's capture objects.
///
/// # Errors
/// [`Error::OutOfRange`] when the restricting object is not a captured column or its
/// values do not compare with the range's bounds.
pub fn in_range(
    r: &RangeDescriptor<'_>,
    row: &Row<'_>,
    capture_objects: &[CaptureObjectDefinition],
) -> Result<bool> {
    let col = capture_objects
        .iter()
        .position(|c| {
            c.class_id == r.restricting_object.class_id
                && c.logical_name == r.restricting_object.logical_name
                && c.attribute_index == r.restricting_object.attribute_index
        })
        .ok_or(Error::OutOfRange)?;
    let v = row.get(col).ok_or(Error::OutOfRange)?;
    let lo = compare_values(&v, &r.from_value).ok_or(Error::OutOfRange)?;
    let hi = compare_values(&v, &r.to_value).ok_or(Error::OutOfRange)?;
    Ok(lo != Ordering::Less && hi != Ordering::Greater)
}

/// The rows and columns (0-based, end exclusive) an entry descriptor selects from a
/// buffer of `entries` rows and `columns` columns; `None` when it selects nothing.
#[must_use]
pub fn entry_window(
    e: &EntryDescriptor,
    entries: usize,
    columns: usize,
) -> Option<(core::ops::Range<usize>, core::ops::Range<usize>)> {
    let span = |from: usize, to: usize, n: usize| {
        let first = from.max(1).checked_sub(1)?;
        let last = if to == 0 { n } else { to.min(n) };
        (first < last).then_some(first..last)
    };
    let rows = span(
        usize::try_from(e.from_entry).ok()?,
        usize::try_from(e.to_entry).ok()?,
        entries,
    )?;
    let cols = span(
        usize::from(e.from_selected_value),
        usize::from(e.to_selected_value),
        columns,
    )?;
    Some((rows, cols))
}
