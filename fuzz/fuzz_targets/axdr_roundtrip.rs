#![no_main]
//! Structured round trip of A-XDR Data: an arbitrary value tree, built as an owned `Data`,
//! emits at its `buffer_len`; the bytes parse (borrowed and owned) to a value that emits
//! the same bytes and compares equal (NaN floats aside).

use dlms_apdu::data::BitStringBuf;
use dlms_apdu::datetime::{Date, DateTime, Time};
use dlms_apdu::{Data, DataRef, MAX_DEPTH};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

#[derive(Arbitrary, Debug)]
enum Value {
    NullData,
    Array(Vec<Value>),
    Structure(Vec<Value>),
    Boolean(bool),
    BitString(Vec<bool>),
    DoubleLong(i32),
    DoubleLongUnsigned(u32),
    OctetString(Vec<u8>),
    VisibleString(Vec<u8>),
    Utf8String(String),
    Bcd(u8),
    Integer(i8),
    Long(i16),
    Unsigned(u8),
    LongUnsigned(u16),
    Long64(i64),
    Long64Unsigned(u64),
    Enum(u8),
    Float32(f32),
    Float64(f64),
    DateTime([u8; 12]),
    Date([u8; 5]),
    Time([u8; 4]),
    DeltaInteger(i8),
    DeltaLong(i16),
    DeltaDoubleLong(i32),
    DeltaUnsigned(u8),
    DeltaLongUnsigned(u16),
    DeltaDoubleLongUnsigned(u32),
    DontCare,
}

/// The owned value, its nesting depth, and whether it holds a NaN.
fn build(v: &Value) -> (Data, usize, bool) {
    let seq = |items: &[Value]| {
        let built: Vec<_> = items.iter().map(build).collect();
        let depth = built.iter().map(|b| b.1).max().unwrap_or(0) + 1;
        let nan = built.iter().any(|b| b.2);
        (
            built.into_iter().map(|b| b.0).collect::<Vec<_>>(),
            depth,
            nan,
        )
    };
    match v {
        Value::Array(items) => {
            let (items, d, nan) = seq(items);
            (Data::Array(items), d, nan)
        }
        Value::Structure(items) => {
            let (items, d, nan) = seq(items);
            (Data::Structure(items), d, nan)
        }
        Value::NullData => (Data::NullData, 1, false),
        Value::Boolean(b) => (Data::Boolean(*b), 1, false),
        Value::BitString(bits) => (
            Data::BitString(BitStringBuf::from_bits(bits.iter().copied())),
            1,
            false,
        ),
        Value::DoubleLong(x) => (Data::DoubleLong(*x), 1, false),
        Value::DoubleLongUnsigned(x) => (Data::DoubleLongUnsigned(*x), 1, false),
        Value::OctetString(x) => (Data::OctetString(x.clone()), 1, false),
        Value::VisibleString(x) => (Data::VisibleString(x.clone()), 1, false),
        Value::Utf8String(x) => (Data::Utf8String(x.clone()), 1, false),
        Value::Bcd(x) => (Data::Bcd(*x), 1, false),
        Value::Integer(x) => (Data::Integer(*x), 1, false),
        Value::Long(x) => (Data::Long(*x), 1, false),
        Value::Unsigned(x) => (Data::Unsigned(*x), 1, false),
        Value::LongUnsigned(x) => (Data::LongUnsigned(*x), 1, false),
        Value::Long64(x) => (Data::Long64(*x), 1, false),
        Value::Long64Unsigned(x) => (Data::Long64Unsigned(*x), 1, false),
        Value::Enum(x) => (Data::Enum(*x), 1, false),
        Value::Float32(x) => (Data::Float32(*x), 1, x.is_nan()),
        Value::Float64(x) => (Data::Float64(*x), 1, x.is_nan()),
        Value::DateTime(b) => (Data::DateTime(DateTime::from_bytes(*b)), 1, false),
        Value::Date(b) => (Data::Date(Date::from_bytes(*b)), 1, false),
        Value::Time(b) => (Data::Time(Time::from_bytes(*b)), 1, false),
        Value::DeltaInteger(x) => (Data::DeltaInteger(*x), 1, false),
        Value::DeltaLong(x) => (Data::DeltaLong(*x), 1, false),
        Value::DeltaDoubleLong(x) => (Data::DeltaDoubleLong(*x), 1, false),
        Value::DeltaUnsigned(x) => (Data::DeltaUnsigned(*x), 1, false),
        Value::DeltaLongUnsigned(x) => (Data::DeltaLongUnsigned(*x), 1, false),
        Value::DeltaDoubleLongUnsigned(x) => (Data::DeltaDoubleLongUnsigned(*x), 1, false),
        Value::DontCare => (Data::DontCare, 1, false),
    }
}

libfuzzer_sys::fuzz_target!(|value: Value| {
    let (data, depth, nan) = build(&value);
    let mut bytes = vec![0u8; data.buffer_len()];
    let n = data.emit(&mut bytes).expect("emit at buffer_len");
    assert_eq!(n, bytes.len());
    assert_eq!(data.as_ref().buffer_len(), n);
    let parsed = match DataRef::parse_exact(&bytes) {
        Ok(p) => p,
        Err(e) => {
            assert!(depth > MAX_DEPTH, "emitted data does not parse: {e}");
            return;
        }
    };
    assert!(depth <= MAX_DEPTH, "data nested {depth} deep parsed");
    let owned = Data::from(parsed);
    let mut again = vec![0u8; owned.buffer_len()];
    owned.emit(&mut again).expect("emit the parsed value");
    assert_eq!(again, bytes, "the parsed value emits other bytes");
    let mut borrowed = vec![0u8; parsed.buffer_len()];
    parsed.emit(&mut borrowed).expect("emit the borrowed value");
    assert_eq!(borrowed, bytes);
    if !nan {
        assert_eq!(owned, data);
        assert_eq!(parsed, data.as_ref());
    }
    let (direct, rest) = Data::parse(&bytes).expect("owned parse");
    assert!(rest.is_empty());
    let mut third = vec![0u8; direct.buffer_len()];
    direct.emit(&mut third).expect("emit the owned parse");
    assert_eq!(third, bytes);
});
