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
use dlms_apdu::descriptor::CaptureObjectDefinition;
use dlms_apdu::registry::ClassId;
use dlms_benches::budget::profile_buffer;
use std::hint::black_box;

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
