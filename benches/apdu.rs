//! A-XDR Data and APDU decode/encode throughput for `dlms-apdu`.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dlms_apdu::data::Data;
use dlms_apdu::descriptor::AttributeDescriptor;
use dlms_apdu::get::{GetDataResult, GetRequest, GetRequestNormal, GetResponse, GetResponseNormal};
use dlms_apdu::registry::ClassId;
use dlms_apdu::{Apdu, DataRef, InvokeIdAndPriority};
use hex_literal::hex;
use std::hint::black_box;

/// A profile-generic buffer (attribute 2 of a load profile) of `rows` rows: each a structure
/// of a date-time octet-string, a status and four energy registers, 38 bytes a row as meters
/// send them.
fn profile_buffer(rows: usize) -> Data {
    Data::array((0..rows).map(|i| {
        let minute = (i % 4 * 15) as u8;
        Data::structure([
            Data::octet_string(vec![
                0x07,
                0xE8,
                0x0B,
                0x17,
                0x06,
                (i / 4 % 24) as u8,
                minute,
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
}

/// Rows giving a buffer of about 1 KiB and 4 KiB.
const SIZES: [(&str, usize); 2] = [("1KiB", 27), ("4KiB", 107)];

/// Decodes every value of a buffer the way a head-end does: walk each row, read each field.
fn sum_fields(v: &DataRef<'_>) -> u64 {
    let mut sum = 0u64;
    if let DataRef::Array(rows) = v {
        for row in rows {
            if let DataRef::Structure(fields) = row {
                for f in &fields {
                    sum = sum.wrapping_add(match f {
                        DataRef::OctetString(b) => b.len() as u64,
                        other => other.as_u64().unwrap_or(0),
                    });
                }
            }
        }
    }
    sum
}

fn data(c: &mut Criterion) {
    let mut g = c.benchmark_group("axdr");
    for (name, rows) in SIZES {
        let owned = profile_buffer(rows);
        let bytes = owned.to_vec();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("decode-walk/{name}"), |b| {
            b.iter(|| sum_fields(&DataRef::parse_exact(black_box(&bytes)).unwrap()))
        });
        g.bench_function(format!("decode-owned/{name}"), |b| {
            b.iter(|| Data::parse_exact(black_box(&bytes)).unwrap())
        });
        let mut out = vec![0u8; bytes.len()];
        g.bench_function(format!("encode-owned/{name}"), |b| {
            b.iter(|| black_box(&owned).emit(&mut out).unwrap())
        });
    }
    g.finish();
}

fn apdu(c: &mut Criterion) {
    let mut g = c.benchmark_group("apdu");
    // A GET-Request for a load profile with an entry descriptor, as a client sends it.
    let get = hex!("C001C100070100630100FF02 01 02 0204 0600000001 0600000064 120001 120000");
    g.throughput(Throughput::Bytes(get.len() as u64));
    g.bench_function("parse/get-request", |b| {
        b.iter(|| Apdu::parse_exact(black_box(&get)).unwrap())
    });
    let req = GetRequest::Normal(GetRequestNormal {
        invoke_id: InvokeIdAndPriority(0xC1),
        attribute: AttributeDescriptor::new(ClassId::CLOCK, [0, 0, 1, 0, 0, 255], 2),
        access: None,
    });
    let mut out = vec![0u8; 64];
    g.bench_function("emit/get-request", |b| {
        b.iter(|| black_box(&req).emit(&mut out).unwrap())
    });
    for (name, rows) in SIZES {
        let value = profile_buffer(rows).to_vec();
        let resp = GetResponse::Normal(GetResponseNormal {
            invoke_id: InvokeIdAndPriority(0xC1),
            result: GetDataResult::Data(DataRef::parse_exact(&value).unwrap()),
        });
        let mut wire = vec![0u8; resp.buffer_len()];
        resp.emit(&mut wire).unwrap();
        g.throughput(Throughput::Bytes(wire.len() as u64));
        g.bench_function(format!("parse-walk/get-response/{name}"), |b| {
            b.iter(|| match Apdu::parse_exact(black_box(&wire)).unwrap() {
                Apdu::GetResponse(GetResponse::Normal(r)) => match r.result {
                    GetDataResult::Data(v) => sum_fields(&v),
                    GetDataResult::AccessResult(_) => 0,
                },
                _ => 0,
            })
        });
        let mut out = vec![0u8; wire.len()];
        g.bench_function(format!("emit/get-response/{name}"), |b| {
            b.iter(|| black_box(&resp).emit(&mut out).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, data, apdu);
criterion_main!(benches);
