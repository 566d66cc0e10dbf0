#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]

mod common;

use common::round_trip_attributes;
use cosem_objects::class::{ClassInfo, InterfaceClass, Method};
use cosem_objects::classes::profile_generic::*;
use cosem_objects::datetime::{ClockStatus, Date, DateTime, Deviation, Time};
use cosem_objects::obis::known;
use cosem_objects::profile::{clock_range, entry_window};
use cosem_objects::{ClassId, Decimal, Error, ObisCode, ScalerUnit, ToData, Unit};
use dlms_apdu::descriptor::{CaptureObjectDefinition, EntryDescriptor, SelectiveAccess};
use dlms_apdu::{Data, DataRef};
use hex_literal::hex;

fn cod(class: ClassId, ln: ObisCode, attr: i8) -> CaptureObjectDefinition {
    CaptureObjectDefinition {
        class_id: class,
        logical_name: ln.0,
        attribute_index: attr,
        data_index: 0,
    }
}

fn at(hour: u8, minute: u8) -> DateTime {
    DateTime::new(
        Date::new(2024, 5, 2, 4),
        Time::new(hour, minute, 0, 0),
        Deviation(-120),
        ClockStatus(0x80),
    )
}

/// A load profile of 96 quarter-hour entries: time, status, +A energy.
fn load_profile() -> ProfileGeneric {
    let mut p = ProfileGeneric::new(
        known::LOAD_PROFILE_1,
        vec![
            cod(ClassId::CLOCK, known::CLOCK, 2),
            cod(ClassId::DATA, ObisCode::new(0, 0, 96, 10, 1, 255), 2),
            cod(ClassId::REGISTER, known::ACTIVE_ENERGY_IMPORT, 2),
        ],
        900,
        96,
    );
    for i in 0..100u32 {
        let t = at(((i / 4) % 24) as u8, ((i % 4) * 15) as u8);
        p.push_entry(Entry(vec![
            t.to_data(),
            Data::Unsigned(0),
            Data::DoubleLongUnsigned(10_000 + i * 25),
        ]))
        .unwrap();
    }
    p
}

#[test]
fn attributes_round_trip_and_fifo() {
    let p = load_profile();
    assert_eq!(p.buffer.len(), 96);
    assert_eq!(p.entries_in_use, 96);
    // The four oldest entries were dropped.
    assert_eq!(p.buffer[0].0[2], Data::DoubleLongUnsigned(10_100));
    round_trip_attributes(&p);
    assert_eq!(ProfileGeneric::VERSION, 1);
    assert_eq!(
        ProfileGeneric::attribute_info(7).unwrap().name,
        "entries_in_use"
    );
    for m in [ProfileGenericMethod::Reset, ProfileGenericMethod::Capture] {
        let bytes = m.parameters().to_vec();
        assert_eq!(bytes, [0x0F, 0x00]);
        assert_eq!(
            ProfileGenericMethod::from_parameters(m.id(), &DataRef::parse_exact(&bytes).unwrap()),
            Ok(m)
        );
    }
    let mut q = p.clone();
    q.reset();
    assert_eq!((q.buffer.len(), q.entries_in_use), (0, 0));
    assert!(matches!(
        q.push_entry(Entry(vec![Data::NullData])),
        Err(Error::ElementCount {
            expected: 3,
            found: 1
        })
    ));
}

#[test]
fn capture_objects_encoding() {
    // class 8, 0.0.1.0.0.255, attribute 2, data index 0.
    let c = cod(ClassId::CLOCK, known::CLOCK, 2);
    assert_eq!(
        c.to_data().to_vec(),
        hex!("0204 120008 0906 0000010000FF 0F02 120000")
    );
}

#[test]
fn typed_rows_apply_scalers() {
    let p = load_profile();
    let columns = p.columns(|c| {
        (c.class_id == ClassId::REGISTER).then_some(ScalerUnit::new(-3, Unit::WATT_HOUR))
    });
    let buffer = p.attribute(2).unwrap();
    let bytes = buffer.to_vec();
    let rows = typed_rows(&DataRef::parse_exact(&bytes).unwrap(), &columns).unwrap();
    assert_eq!(rows.len(), 96);
    assert_eq!(rows[0][0], Cell::DateTime(at(1, 0)));
    assert_eq!(rows[0][1], Cell::Integer(0));
    assert_eq!(
        rows[0][2],
        Cell::Scaled {
            value: Decimal::new(10_100, -3),
            unit: Unit::WATT_HOUR
        }
    );
    // Without columns nothing is interpreted beyond integers.
    let plain = typed_rows(&DataRef::parse_exact(&bytes).unwrap(), &[]).unwrap();
    assert!(matches!(plain[0][0], Cell::Value(Data::OctetString(_))));
    // A column count that does not match the rows is an error.
    assert!(matches!(
        typed_rows(&DataRef::parse_exact(&bytes).unwrap(), &columns[..2]),
        Err(Error::ElementCount {
            expected: 2,
            found: 3
        })
    ));
}

#[test]
fn borrowed_buffer_reads_compact_arrays() {
    // compact-array of structure { long-unsigned, double-long-unsigned }, two elements.
    let bytes = hex!("13 02021206 0C 0001 0000000A 0002 00000014");
    let d = DataRef::parse_exact(&bytes).unwrap();
    let b = Buffer::new(&d).unwrap();
    assert_eq!(b.len(), 2);
    let rows: Vec<Vec<DataRef<'_>>> = b.rows().map(|r| r.unwrap().cells().collect()).collect();
    assert_eq!(rows[1][1], DataRef::DoubleLongUnsigned(20));
    assert!(Buffer::new(&DataRef::Unsigned(1)).is_err());
}

#[test]
fn entry_selection() {
    let p = load_profile();
    // Entries 2..=3, columns 2..=3 (from 1).
    let e = EntryDescriptor {
        from_entry: 2,
        to_entry: 3,
        from_selected_value: 2,
        to_selected_value: 0,
    };
    let mut buf = [0u8; 32];
    let access = Selection::Entry(e).to_access(&mut buf).unwrap();
    assert_eq!(access.selector, 2);
    let sel = Selection::from_access(&access).unwrap();
    let out = p.select(&sel).unwrap();
    assert_eq!(
        out,
        Data::Array(vec![
            Data::Structure(vec![Data::Unsigned(0), Data::DoubleLongUnsigned(10_125)]),
            Data::Structure(vec![Data::Unsigned(0), Data::DoubleLongUnsigned(10_150)]),
        ])
    );
    assert_eq!(entry_window(&e, 96, 3), Some((1..3, 1..3)));
    assert_eq!(
        entry_window(
            &EntryDescriptor {
                from_entry: 97,
                to_entry: 0,
                from_selected_value: 1,
                to_selected_value: 0
            },
            96,
            3
        ),
        None
    );
}

#[test]
fn range_selection() {
    let p = load_profile();
    let from = at(2, 0).to_bytes();
    let to = at(2, 45).to_bytes();
    let cols = [cod(ClassId::REGISTER, known::ACTIVE_ENERGY_IMPORT, 2)];
    let r = clock_range(&from, &to, &cols);
    let mut buf = [0u8; 128];
    let access = Selection::Range(r).to_access(&mut buf).unwrap();
    assert_eq!(access.selector, 1);
    // The encoded descriptor parses back to the same selection.
    let bytes = access.parameters.to_vec();
    let again = SelectiveAccess {
        selector: 1,
        parameters: DataRef::parse_exact(&bytes).unwrap(),
    };
    let sel = Selection::from_access(&again).unwrap();
    let Selection::Range(parsed) = sel else {
        panic!("not a range")
    };
    assert_eq!(parsed.restricting_object.class_id, ClassId::CLOCK);
    assert_eq!(parsed.selected_values.len(), 1);
    let out = p.select(&sel).unwrap();
    let rows = out.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        Data::Structure(vec![Data::DoubleLongUnsigned(10_000 + 8 * 25)])
    );
    // An unknown selector is refused.
    assert_eq!(
        Selection::from_access(&SelectiveAccess {
            selector: 3,
            parameters: DataRef::NullData
        }),
        Err(Error::OutOfRange)
    );
}

#[test]
fn buffer_attribute_accepts_a_compact_array() {
    let mut p = ProfileGeneric::new(
        known::LOAD_PROFILE_2,
        vec![
            cod(ClassId::DATA, ObisCode::new(0, 0, 96, 10, 2, 255), 2),
            cod(ClassId::REGISTER, known::ACTIVE_ENERGY_EXPORT, 2),
        ],
        3600,
        10,
    );
    // compact-array of structure { long-unsigned, double-long-unsigned }, two entries.
    let bytes = hex!("13 02021206 0C 0001 0000000A 0002 00000014");
    p.set_attribute(2, &DataRef::parse_exact(&bytes).unwrap())
        .unwrap();
    assert_eq!(
        p.buffer,
        vec![
            Entry(vec![Data::LongUnsigned(1), Data::DoubleLongUnsigned(10)]),
            Entry(vec![Data::LongUnsigned(2), Data::DoubleLongUnsigned(20)]),
        ]
    );
}
