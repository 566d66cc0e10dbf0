//! Profile generic (class id 7, version 1): a buffer of captured values (load profiles,
//! event logs, billing values), with the capture objects that name its columns.
//!
//! The borrowed, allocation-free view of a buffer and the selective-access descriptors are
//! in [`crate::profile`]; this module adds the owned class, typed owned rows, and the
//! server side of capture and selective access.

use alloc::vec::Vec;

use dlms_apdu::descriptor::CaptureObjectDefinition;
use dlms_apdu::{Data, DataRef, DataType};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::DateTime;
use crate::error::{Error, Result};
use crate::obis::ObisCode;
pub use crate::profile::{Buffer, CellRef, Column, Row, Selection, SortMethod};
use crate::profile::{entry_window, in_range};
use crate::unit::{Decimal, Unit};
use crate::value::{FromData, ToData, unexpected};

use super::register::dummy;

/// One entry (row) of the buffer: a structure with one value per capture object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry(pub Vec<Data>);

/// A structure of any length.
impl FromData for Entry {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let s = data
            .as_structure()
            .ok_or_else(|| unexpected(DataType::Structure, data))?;
        Ok(Self(s.iter().map(Data::from).collect()))
    }
}

impl ToData for Entry {
    fn to_data(&self) -> Data {
        Data::Structure(self.0.clone())
    }
}

/// A cell of a typed row, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// null-data.
    Null,
    /// A date-time.
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
    /// Any other value.
    Value(Data),
}

impl From<CellRef<'_>> for Cell {
    fn from(c: CellRef<'_>) -> Self {
        match c {
            CellRef::Null => Self::Null,
            CellRef::DateTime(d) => Self::DateTime(d),
            CellRef::Scaled { value, unit } => Self::Scaled { value, unit },
            CellRef::Integer(i) => Self::Integer(i),
            CellRef::Value(v) => Self::Value(Data::from(v)),
        }
    }
}

/// Every entry of a buffer, typed by `columns` (empty: no column meaning).
///
/// # Errors
/// [`Error::UnexpectedType`] when the buffer is not an array of structures;
/// [`Error::ElementCount`] when an entry has another number of cells than `columns`.
pub fn typed_rows(buffer: &DataRef<'_>, columns: &[Column]) -> Result<Vec<Vec<Cell>>> {
    Buffer::new(buffer)?
        .rows()
        .map(|row| row?.typed(columns).map(|c| c.map(Cell::from)).collect())
        .collect()
}

/// A Profile generic object.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileGeneric {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the entries, oldest first for FIFO sorting.
    pub buffer: Vec<Entry>,
    /// Attribute 3: the captured attributes, one per column.
    pub capture_objects: Vec<CaptureObjectDefinition>,
    /// Attribute 4: seconds between automatic captures (0 = none; double-long-unsigned).
    pub capture_period: u32,
    /// Attribute 5: the sort order.
    pub sort_method: SortMethod,
    /// Attribute 6: the column sorted by (all zero when none).
    pub sort_object: CaptureObjectDefinition,
    /// Attribute 7: the number of entries in the buffer.
    pub entries_in_use: u32,
    /// Attribute 8: the buffer's capacity in entries.
    pub profile_entries: u32,
}

impl_class! {
    ProfileGeneric, ClassId::PROFILE_GENERIC, 1,
    attributes {
        2 => buffer: Dynamic,
        3 => capture_objects: Static,
        4 => capture_period: Static,
        5 => sort_method: Static,
        6 => sort_object: Static,
        7 => entries_in_use: Dynamic,
        8 => profile_entries: Static,
    },
    methods {
        1 => "reset", false, 0x58;
        2 => "capture", false, 0x60;
    },
}

impl ProfileGeneric {
    /// An empty FIFO profile with these columns and capacity.
    #[must_use]
    pub fn new(
        logical_name: ObisCode,
        capture_objects: Vec<CaptureObjectDefinition>,
        capture_period: u32,
        profile_entries: u32,
    ) -> Self {
        Self {
            logical_name,
            buffer: Vec::new(),
            capture_objects,
            capture_period,
            sort_method: SortMethod::FIFO,
            sort_object: CaptureObjectDefinition {
                class_id: ClassId(0),
                logical_name: [0; 6],
                attribute_index: 0,
                data_index: 0,
            },
            entries_in_use: 0,
            profile_entries,
        }
    }

    /// The columns, with the scaler and unit of each (`None` where not given): `scalers`
    /// maps a capture object to its register's scaler-unit.
    #[must_use]
    pub fn columns(
        &self,
        scalers: impl Fn(&CaptureObjectDefinition) -> Option<crate::unit::ScalerUnit>,
    ) -> Vec<Column> {
        self.capture_objects
            .iter()
            .map(|c| Column::new(*c, scalers(c)))
            .collect()
    }

    /// Appends an entry as `capture` does for FIFO sorting: when the buffer is full the
    /// oldest entry is dropped. Other sort methods are the meter's to implement.
    ///
    /// # Errors
    /// [`Error::ElementCount`] when the entry does not have one value per capture object.
    pub fn push_entry(&mut self, entry: Entry) -> Result<()> {
        if entry.0.len() != self.capture_objects.len() {
            return Err(Error::ElementCount {
                expected: self.capture_objects.len(),
                found: entry.0.len(),
            });
        }
        let capacity = usize::try_from(self.profile_entries).unwrap_or(usize::MAX);
        if capacity == 0 {
            return Ok(());
        }
        while self.buffer.len() >= capacity {
            self.buffer.remove(0);
        }
        self.buffer.push(entry);
        self.entries_in_use = u32::try_from(self.buffer.len()).unwrap_or(u32::MAX);
        Ok(())
    }

    /// Empties the buffer (the `reset` method).
    pub fn reset(&mut self) {
        self.buffer.clear();
        self.entries_in_use = 0;
    }

    /// The buffer as a selective access returns it: the selected entries, each cut to the
    /// selected columns.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] when a range's restricting object is not a column or its
    /// bounds do not compare with the column's values, or a selected column is unknown.
    pub fn select(&self, selection: &Selection<'_>) -> Result<Data> {
        match selection {
            Selection::Entry(e) => {
                let Some((rows, cols)) =
                    entry_window(e, self.buffer.len(), self.capture_objects.len())
                else {
                    return Ok(Data::Array(Vec::new()));
                };
                let out = self
                    .buffer
                    .get(rows)
                    .unwrap_or(&[])
                    .iter()
                    .map(|entry| Data::Structure(entry.0.get(cols.clone()).unwrap_or(&[]).to_vec()))
                    .collect();
                Ok(Data::Array(out))
            }
            Selection::Range(r) => {
                let keep: Vec<usize> = if r.selected_values.is_empty() {
                    (0..self.capture_objects.len()).collect()
                } else {
                    r.selected_values
                        .iter()
                        .map(|s| {
                            self.capture_objects
                                .iter()
                                .position(|c| {
                                    c.class_id == s.class_id
                                        && c.logical_name == s.logical_name
                                        && c.attribute_index == s.attribute_index
                                })
                                .ok_or(Error::OutOfRange)
                        })
                        .collect::<Result<_>>()?
                };
                let mut out = Vec::new();
                for entry in &self.buffer {
                    let data = entry.to_data();
                    let row = data
                        .as_ref()
                        .as_structure()
                        .map(Row::new)
                        .ok_or(Error::OutOfRange)?;
                    if in_range(r, &row, &self.capture_objects)? {
                        let cells = keep
                            .iter()
                            .map(|&i| entry.0.get(i).cloned().unwrap_or(Data::NullData))
                            .collect();
                        out.push(Data::Structure(cells));
                    }
                }
                Ok(Data::Array(out))
            }
        }
    }
}

/// The methods of Profile generic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileGenericMethod {
    /// Method 1, `reset`: empty the buffer (parameter `integer(0)`).
    Reset,
    /// Method 2, `capture`: capture one entry now (parameter `integer(0)`).
    Capture,
}

impl Method for ProfileGenericMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Reset => 1,
            Self::Capture => 2,
        }
    }

    fn parameters(&self) -> Data {
        dummy()
    }

    /// The dummy parameters are not checked.
    fn from_parameters(id: i8, _p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::Reset),
            2 => Ok(Self::Capture),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
