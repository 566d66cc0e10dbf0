//! Profile-generic buffer decoding into typed rows for `cosem-objects`.
#![allow(
    missing_docs,
    clippy::cast_possible_truncation,
    clippy::arithmetic_side_effects
)]

use cosem_objects::classes::profile_generic::typed_rows;
use cosem_objects::profile::{Buffer, CellRef, Column};
use cosem_objects::{ScalerUnit, Unit};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dlms_apdu::DataRef;
use dlms_apdu::data::Data;
use dlms_apdu::descriptor::CaptureObjectDefinition;
use dlms_apdu::registry::ClassId;
use std::hint::black_box;

/// A load-profile buffer of `rows` entries: time, status and four energy registers (38
/// octets an entry).
fn profile_buffer(rows: usize) -> Vec<u8> {
    Data::array((0..rows).map(|i| {
        Data::structure([
            Data::octet_string(vec![
                0x07,
                0xE8,
                0x0B,
                0x17,
                0x06,
                (i / 4 % 24) as u8,
                (i % 4 * 15) as u8,
                0,
                0,
                0xFF,
                0xC4,
                0x00,
            ]),
            Data::Unsigned(8),
            Data::DoubleLongUnsigned(1_000_000 + i as u32 * 17),
            Data::DoubleLongUnsigned(250_000 + i as u32 * 3),
            Data::DoubleLongUnsigned(42 + i as u32),
            Data::DoubleLongUnsigned(7),
        ])
    }))
    .to_vec()
}

fn columns() -> Vec<Column> {
    let cod = |class_id, logical_name, attribute_index| CaptureObjectDefinition {
        class_id,
        logical_name,
        attribute_index,
        data_index: 0,
    };
    let energy = Some(ScalerUnit::new(-3, Unit::WATT_HOUR));
    vec![
        Column::new(cod(ClassId::CLOCK, [0, 0, 1, 0, 0, 255], 2), None),
        Column::new(cod(ClassId::DATA, [0, 0, 96, 10, 1, 255], 2), None),
        Column::new(cod(ClassId::REGISTER, [1, 0, 1, 8, 0, 255], 2), energy),
        Column::new(cod(ClassId::REGISTER, [1, 0, 2, 8, 0, 255], 2), energy),
        Column::new(cod(ClassId::REGISTER, [1, 0, 3, 8, 0, 255], 2), energy),
        Column::new(cod(ClassId::REGISTER, [1, 0, 4, 8, 0, 255], 2), energy),
    ]
}

fn profile(c: &mut Criterion) {
    let bytes = profile_buffer(107); // about 4 KiB
    let columns = columns();
    let mut g = c.benchmark_group("profile_generic_4KiB");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("borrowed_typed_cells", |b| {
        b.iter(|| {
            let data = DataRef::parse_exact(black_box(&bytes)).unwrap();
            let mut n = 0usize;
            for row in Buffer::new(&data).unwrap().rows() {
                for cell in row.unwrap().typed(&columns) {
                    if matches!(cell.unwrap(), CellRef::Scaled { .. }) {
                        n += 1;
                    }
                }
            }
            n
        });
    });
    g.bench_function("owned_typed_rows", |b| {
        b.iter(|| {
            let data = DataRef::parse_exact(black_box(&bytes)).unwrap();
            typed_rows(&data, &columns).unwrap()
        });
    });
    g.finish();
}

criterion_group!(benches, profile);
criterion_main!(benches);
