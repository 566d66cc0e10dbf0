//! Named values out of push messages (data-notification bodies) whose layout says which
//! object each value belongs to.
//!
//! The standard leaves a push's content to the push setup's object list, so a receiver
//! that has not read that list must recognise the layout. [`decode`] recognises four,
//! all seen in real captures:
//!
//! | [`Layout`] | body | seen from |
//! |---|---|---|
//! | [`ObjectList`](Layout::ObjectList) | array of structures `{obis, value[, scaler_unit[, capture time]]}` | Aidon HAN (NO, SE) |
//! | [`PushObjectList`](Layout::PushObjectList) | structure whose first element is the push object list (capture object definitions), then one value per listed object after the first | Landis+Gyr E450/E570/E360, Iskra AM550 |
//! | [`Keyed`](Layout::Keyed) | structure of `obis, value[, scaler_unit]` runs and `{obis, value[, scaler_unit]}` structures, possibly among unnamed values (a list id, a time stamp, nulls) | Kamstrup and Kaifa SE HAN, EVN (Kaifa), Kaifa KFM, Landis+Gyr without push list |
//! | [`Positional`](Layout::Positional) | anything else: the values in order, unnamed | Kaifa NO HAN lists (names by position need the list's definition) |
//!
//! An OBIS code is recognised as an octet string of six octets; in a keyed structure
//! the value after it belongs to it, and a following structure `{integer, enum}` is its
//! scaler-unit.

use alloc::vec::Vec;

use dlms_apdu::descriptor::CaptureObjectDefinition;
use dlms_apdu::{DataRef, DataType};

use crate::class::ClassId;
use crate::datetime::DateTime;
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::unit::{Decimal, ScalerUnit, Unit};
use crate::value::FromData;

/// Which layout a push body was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// An array of `{obis, value[, scaler_unit[, capture time]]}` structures.
    ObjectList,
    /// A structure led by its push object list.
    PushObjectList,
    /// A structure of OBIS-keyed runs.
    Keyed,
    /// No names found; the values in order.
    Positional,
}

/// One value of a push, with what the push says about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PushValue<'a> {
    /// The object's logical name, when the push carries it.
    pub logical_name: Option<ObisCode>,
    /// The object's class and attribute, when the push object list gives them.
    pub attribute: Option<(ClassId, i8)>,
    /// The value.
    pub value: DataRef<'a>,
    /// The scaler and unit, when the push carries them next to the value.
    pub scaler_unit: Option<ScalerUnit>,
    /// A capture time sent with the value (fourth element of an object-list structure).
    pub capture_time: Option<DateTime>,
}

impl PushValue<'_> {
    const fn plain(value: DataRef<'_>) -> PushValue<'_> {
        PushValue {
            logical_name: None,
            attribute: None,
            value,
            scaler_unit: None,
            capture_time: None,
        }
    }

    /// The value with its scaler applied (scaler 0 without a scaler-unit), and its unit.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] when the value is not an integer.
    pub fn scaled(&self) -> Result<(Decimal, Option<Unit>)> {
        let su = self.scaler_unit.unwrap_or_default();
        Ok((su.scale(&self.value)?, self.scaler_unit.map(|s| s.unit)))
    }
}

/// A decoded push body.
#[derive(Debug, Clone, PartialEq)]
pub struct Push<'a> {
    /// The recognised layout.
    pub layout: Layout,
    /// The values, in the order the push sends them.
    pub values: Vec<PushValue<'a>>,
}

impl<'a> Push<'a> {
    /// The first value named `logical_name`.
    #[must_use]
    pub fn get(&self, logical_name: ObisCode) -> Option<&PushValue<'a>> {
        self.values
            .iter()
            .find(|v| v.logical_name == Some(logical_name))
    }
}

fn as_obis(d: &DataRef<'_>) -> Option<ObisCode> {
    match d {
        DataRef::OctetString(b) => ObisCode::from_slice(b).ok(),
        _ => None,
    }
}

fn as_scaler_unit(d: &DataRef<'_>) -> Option<ScalerUnit> {
    let s = d.as_structure()?;
    match (s.len(), s.get(0)?, s.get(1)?) {
        (2, DataRef::Integer(_), DataRef::Enum(_)) => ScalerUnit::from_data(d).ok(),
        _ => None,
    }
}

/// Reads a push body (a data-notification's `notification_body`).
///
/// # Errors
/// [`Error::UnexpectedType`] when an object-list entry or a push object list is
/// malformed; a body of no recognised layout is not an error but [`Layout::Positional`].
pub fn decode<'a>(body: &DataRef<'a>) -> Result<Push<'a>> {
    match body {
        DataRef::Array(items) if is_object_list(items.iter()) => {
            let values = items
                .iter()
                .map(|e| object_entry(&e))
                .collect::<Result<_>>()?;
            Ok(Push {
                layout: Layout::ObjectList,
                values,
            })
        }
        DataRef::Structure(items) => {
            if let Some(DataRef::Array(list)) = items.get(0) {
                if !list.is_empty()
                    && list
                        .iter()
                        .all(|c| CaptureObjectDefinition::from_data(&c).is_ok())
                {
                    return push_object_list(list.iter(), items.iter().skip(1));
                }
            }
            let keyed = keyed(items.iter());
            if keyed.iter().any(|v| v.logical_name.is_some()) {
                return Ok(Push {
                    layout: Layout::Keyed,
                    values: keyed,
                });
            }
            Ok(positional(items.iter()))
        }
        DataRef::Array(items) => Ok(positional(items.iter())),
        other => Ok(Push {
            layout: Layout::Positional,
            values: alloc::vec![PushValue::plain(*other)],
        }),
    }
}

fn positional<'a>(items: impl Iterator<Item = DataRef<'a>>) -> Push<'a> {
    Push {
        layout: Layout::Positional,
        values: items.map(PushValue::plain).collect(),
    }
}

/// Whether every element is a structure of 2 to 4 led by an OBIS code.
fn is_object_list<'a>(mut items: impl Iterator<Item = DataRef<'a>>) -> bool {
    items.all(|e| {
        e.as_structure().is_some_and(|s| {
            (2..=4).contains(&s.len()) && s.get(0).as_ref().and_then(as_obis).is_some()
        })
    })
}

fn object_entry<'a>(e: &DataRef<'a>) -> Result<PushValue<'a>> {
    let s = e
        .as_structure()
        .ok_or_else(|| crate::value::unexpected(DataType::Structure, e))?;
    let mut it = s.iter();
    let logical_name = it.next().as_ref().and_then(as_obis);
    let value = it.next().ok_or(Error::ElementCount {
        expected: 2,
        found: s.len(),
    })?;
    let scaler_unit = match it.next() {
        Some(d) => Some(ScalerUnit::from_data(&d)?),
        None => None,
    };
    let capture_time = match it.next() {
        Some(d) => Some(DateTime::from_data(&d)?),
        None => None,
    };
    Ok(PushValue {
        logical_name,
        attribute: None,
        value,
        scaler_unit,
        capture_time,
    })
}

fn push_object_list<'a>(
    list: impl Iterator<Item = DataRef<'a>>,
    values: impl Iterator<Item = DataRef<'a>>,
) -> Result<Push<'a>> {
    // The first definition names the push object list itself, the structure's first
    // element; each later one names the next value.
    let mut out = Vec::new();
    let mut values = values;
    for c in list.skip(1) {
        let c = CaptureObjectDefinition::from_data(&c)?;
        let Some(value) = values.next() else {
            break;
        };
        out.push(PushValue {
            logical_name: Some(ObisCode(c.logical_name)),
            attribute: Some((c.class_id, c.attribute_index)),
            ..PushValue::plain(value)
        });
    }
    out.extend(values.map(PushValue::plain));
    Ok(Push {
        layout: Layout::PushObjectList,
        values: out,
    })
}

fn keyed<'a>(items: impl Iterator<Item = DataRef<'a>>) -> Vec<PushValue<'a>> {
    let items: Vec<DataRef<'a>> = items.collect();
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(item) = items.get(i) {
        let next = i.saturating_add(1);
        if is_object_list(core::iter::once(*item)) {
            if let Ok(v) = object_entry(item) {
                out.push(v);
                i = next;
                continue;
            }
        }
        match (as_obis(item), items.get(next)) {
            (Some(ln), Some(value)) => {
                let after = next.saturating_add(1);
                let scaler_unit = items.get(after).and_then(as_scaler_unit);
                out.push(PushValue {
                    logical_name: Some(ln),
                    scaler_unit,
                    ..PushValue::plain(*value)
                });
                i = if scaler_unit.is_some() {
                    after.saturating_add(1)
                } else {
                    after
                };
            }
            _ => {
                out.push(PushValue::plain(*item));
                i = next;
            }
        }
    }
    out
}
