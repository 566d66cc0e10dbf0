//! Property tests for A-XDR `Data`: round trips over arbitrary values nested up to
//! `MAX_DEPTH` (owned and borrowed, both directions), depth and length bombs, truncation at
//! every length, and arbitrary bytes.
//!
//! The bombs run through `DataRef::parse`, which is `no_std` without `alloc` (this file
//! also runs with `--no-default-features`), so it cannot allocate; its recursion stops at
//! `MAX_DEPTH`.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use dlms_apdu::{DataRef, ErrorKind, MAX_DEPTH};
use hex_literal::hex;
use proptest::prelude::*;

/// `n` copies of `unit` followed by `tail`.
fn nested(unit: &[u8], n: usize, tail: &[u8]) -> Vec<u8> {
    let mut v = unit.repeat(n);
    v.extend_from_slice(tail);
    v
}

#[test]
fn depth_limit_exact() {
    // MAX_DEPTH - 1 arrays of one element around a null-data: depth MAX_DEPTH, accepted.
    let ok = nested(&[0x01, 0x01], MAX_DEPTH - 1, &[0x00]);
    assert!(DataRef::parse_exact(&ok).is_ok());
    let deep = nested(&[0x01, 0x01], MAX_DEPTH, &[0x00]);
    let err = DataRef::parse_exact(&deep).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthExceeded);
    assert_eq!(err.offset(), 2 * MAX_DEPTH);
    // Inside a compact-array: the description levels count on from the value's depth.
    let td_ok = nested(&[0x02, 0x01], MAX_DEPTH - 2, &[0x11]);
    let mut ca = vec![0x13];
    ca.extend_from_slice(&td_ok);
    ca.extend_from_slice(&[0x01, 0x07]);
    let v = DataRef::parse_exact(&ca).unwrap();
    assert_eq!(v.as_compact_array().unwrap().len(), 1);
    let td_deep = nested(&[0x02, 0x01], MAX_DEPTH - 1, &[0x11]);
    let mut ca = vec![0x13];
    ca.extend_from_slice(&td_deep);
    ca.extend_from_slice(&[0x01, 0x07]);
    assert_eq!(
        DataRef::parse_exact(&ca).unwrap_err().kind(),
        ErrorKind::DepthExceeded
    );
}

#[test]
fn depth_bombs() {
    for (name, unit, tail) in [
        ("arrays", &[0x01u8, 0x01][..], &[0x00u8][..]),
        ("structures", &[0x02, 0x01], &[0x00]),
        ("structures of two", &[0x02, 0x02], &[]),
        ("long-form counts", &[0x01, 0x81, 0x01], &[]),
    ] {
        let bomb = nested(unit, 100_000, tail);
        let err = DataRef::parse(&bomb).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DepthExceeded, "{name}");
        assert_eq!(err.offset(), unit.len() * MAX_DEPTH, "{name}");
    }
    // Type descriptions: nested arrays (count 1) and structures (one field).
    for unit in [&[0x01u8, 0x00, 0x01][..], &[0x02, 0x01]] {
        let mut bomb = vec![0x13];
        bomb.extend(nested(unit, 100_000, &[0x11, 0x00]));
        let err = DataRef::parse(&bomb).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DepthExceeded);
        assert_eq!(err.offset(), 1 + unit.len() * (MAX_DEPTH - 1));
    }
    // A compact-array inside nested structures.
    let mut bomb = nested(&[0x02, 0x01], MAX_DEPTH - 1, &[0x13]);
    bomb.extend_from_slice(&[0x11, 0x01, 0x05]);
    assert_eq!(
        DataRef::parse(&bomb).unwrap_err().kind(),
        ErrorKind::DepthExceeded
    );
}

#[test]
fn length_bombs() {
    let exceeds = |bytes: &[u8], declared: u64, available: usize, offset: usize| {
        let err = DataRef::parse(bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthExceeds {
                declared,
                available
            },
            "{bytes:02x?}"
        );
        assert_eq!(err.offset(), offset, "{bytes:02x?}");
    };
    // Counts and lengths of 2^32 - 1 with a few bytes behind them.
    exceeds(&hex!("01 84FFFFFFFF"), 0xFFFF_FFFF, 0, 1);
    exceeds(&hex!("01 84FFFFFFFF 000000"), 0xFFFF_FFFF, 3, 1);
    exceeds(&hex!("02 84FFFFFFFF 00"), 0xFFFF_FFFF, 1, 1);
    exceeds(&hex!("09 84FFFFFFFF AABB"), 0xFFFF_FFFF, 2, 1);
    exceeds(&hex!("0A 83FFFFFF 41"), 0xFF_FFFF, 1, 1);
    exceeds(&hex!("0C 82FFFF"), 0xFFFF, 0, 1);
    // bit-string: the octets the bit count needs.
    exceeds(&hex!("04 84FFFFFFFF 00"), 0x2000_0000, 1, 1);
    // compact-array: structure field count and contents length.
    exceeds(&hex!("13 02 84FFFFFFFF 12"), 0xFFFF_FFFF, 1, 2);
    exceeds(&hex!("13 12 84FFFFFFFF 0001"), 0xFFFF_FFFF, 2, 2);
    // A described array of 65535 elements with two content bytes: cut, not sized.
    let err = DataRef::parse(&hex!("13 01FFFF12 02 0001")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Truncated { needed: 2 });
    // Malformed lengths.
    for bytes in [
        &hex!("01 80")[..],
        &hex!("09 85FFFFFFFFFF"),
        &hex!("13 02 80"),
    ] {
        assert_eq!(
            DataRef::parse(bytes).unwrap_err().kind(),
            ErrorKind::InvalidLength,
            "{bytes:02x?}"
        );
    }
    // A structure of 255 null-data elements in 255 bytes is fine; 256 is not.
    let mut ok = hex!("02 81FF").to_vec();
    ok.extend([0u8; 255]);
    assert_eq!(
        DataRef::parse_exact(&ok)
            .unwrap()
            .as_structure()
            .unwrap()
            .len(),
        255
    );
    ok[2] = 0xFF;
    ok.truncate(ok.len() - 1);
    exceeds(&ok, 255, 254, 1);
}

#[test]
fn unknown_and_misplaced_tags() {
    for tag in [7u8, 8, 11, 14, 34, 0x80, 0xFE] {
        let err = DataRef::parse(&[tag, 0, 0, 0]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTag { found: tag });
        assert_eq!(err.offset(), 0);
    }
    // A compact-array may not describe a compact-array.
    let err = DataRef::parse(&hex!("13 0202 12 13 00")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownTag { found: 0x13 });
    assert_eq!(err.offset(), 4);
}

proptest! {
    /// Arbitrary bytes: never a panic; what parses emits again and parses to itself.
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok((v, rest)) = DataRef::parse(&bytes) {
            let used = &bytes[..bytes.len() - rest.len()];
            let mut out = vec![0u8; v.buffer_len()];
            v.emit(&mut out).unwrap();
            let again = DataRef::parse_exact(&out).unwrap();
            prop_assert!(same(&again, &v));
            // Only non-canonical forms (long-form lengths, booleans other than 0/1) change.
            if out.len() == used.len() && !has_boolean(&v) {
                prop_assert_eq!(&out[..], used);
            }
        }
    }

    /// Bytes under a structure header with a large count: errors, never a panic.
    #[test]
    fn arbitrary_sequences(count in any::<u32>(), body in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = vec![0x02, 0x84];
        bytes.extend(count.to_be_bytes());
        bytes.extend(&body);
        let _ = DataRef::parse(&bytes);
        bytes[0] = 0x13;
        bytes[1] = 0x02;
        let _ = DataRef::parse(&bytes);
    }
}

/// Equality that takes NaN as equal to itself (for values from arbitrary bytes).
fn same(a: &DataRef<'_>, b: &DataRef<'_>) -> bool {
    match (a, b) {
        (DataRef::Float32(x), DataRef::Float32(y)) => x.to_bits() == y.to_bits(),
        (DataRef::Float64(x), DataRef::Float64(y)) => x.to_bits() == y.to_bits(),
        (DataRef::Array(x), DataRef::Array(y)) | (DataRef::Structure(x), DataRef::Structure(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(&a, &b))
        }
        _ => a == b,
    }
}

fn has_boolean(v: &DataRef<'_>) -> bool {
    match v {
        DataRef::Boolean(_) => true,
        DataRef::Array(s) | DataRef::Structure(s) => s.iter().any(|e| has_boolean(&e)),
        DataRef::CompactArray(c) => c.iter().any(|e| has_boolean(&e)),
        _ => false,
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use super::*;
    use dlms_apdu::Data;
    use dlms_apdu::data::{
        BitStringBuf, CompactArrayBuf, CompactArrayBuilder, DataType, TypeDescriptionBuf,
    };
    use dlms_apdu::datetime::{Date, DateTime, Time};
    use proptest::collection::vec;
    use proptest::sample::select;

    /// Every simple type.
    const SIMPLE: [DataType; 28] = [
        DataType::NullData,
        DataType::Boolean,
        DataType::BitString,
        DataType::DoubleLong,
        DataType::DoubleLongUnsigned,
        DataType::OctetString,
        DataType::VisibleString,
        DataType::Utf8String,
        DataType::Bcd,
        DataType::Integer,
        DataType::Long,
        DataType::Unsigned,
        DataType::LongUnsigned,
        DataType::Long64,
        DataType::Long64Unsigned,
        DataType::Enum,
        DataType::Float32,
        DataType::Float64,
        DataType::DateTime,
        DataType::Date,
        DataType::Time,
        DataType::DeltaInteger,
        DataType::DeltaLong,
        DataType::DeltaDoubleLong,
        DataType::DeltaUnsigned,
        DataType::DeltaLongUnsigned,
        DataType::DeltaDoubleLongUnsigned,
        DataType::DontCare,
    ];

    fn float32() -> impl Strategy<Value = f32> {
        any::<f32>().prop_filter("NaN is not equal to itself", |f| !f.is_nan())
    }

    fn float64() -> impl Strategy<Value = f64> {
        any::<f64>().prop_filter("NaN is not equal to itself", |f| !f.is_nan())
    }

    /// Floats that serde_json's default (not `float_roundtrip`) parser reads back exactly:
    /// at most 11 significant digits.
    fn float64_json() -> impl Strategy<Value = f64> {
        any::<i32>().prop_map(|m| f64::from(m) / 100.0)
    }

    /// A value of simple type `ty` (`json`: floats that serde_json reads back exactly).
    fn scalar_of(ty: DataType, json: bool) -> BoxedStrategy<Data> {
        match ty {
            DataType::NullData => Just(Data::NullData).boxed(),
            DataType::DontCare => Just(Data::DontCare).boxed(),
            DataType::Boolean => any::<bool>().prop_map(Data::Boolean).boxed(),
            DataType::BitString => vec(any::<bool>(), 0..40)
                .prop_map(|b| Data::BitString(BitStringBuf::from_bits(b)))
                .boxed(),
            DataType::DoubleLong => any::<i32>().prop_map(Data::DoubleLong).boxed(),
            DataType::DoubleLongUnsigned => any::<u32>().prop_map(Data::DoubleLongUnsigned).boxed(),
            // Up to 300 octets: short and both long length forms.
            DataType::OctetString => {
                prop_oneof![vec(any::<u8>(), 0..8), vec(any::<u8>(), 120..300)]
                    .prop_map(Data::OctetString)
                    .boxed()
            }
            DataType::VisibleString => vec(any::<u8>(), 0..20)
                .prop_map(Data::VisibleString)
                .boxed(),
            DataType::Utf8String => ".{0,12}".prop_map(Data::Utf8String).boxed(),
            DataType::Bcd => any::<u8>().prop_map(Data::Bcd).boxed(),
            DataType::Integer => any::<i8>().prop_map(Data::Integer).boxed(),
            DataType::Long => any::<i16>().prop_map(Data::Long).boxed(),
            DataType::Unsigned => any::<u8>().prop_map(Data::Unsigned).boxed(),
            DataType::LongUnsigned => any::<u16>().prop_map(Data::LongUnsigned).boxed(),
            DataType::Long64 => any::<i64>().prop_map(Data::Long64).boxed(),
            DataType::Long64Unsigned => any::<u64>().prop_map(Data::Long64Unsigned).boxed(),
            DataType::Enum => any::<u8>().prop_map(Data::Enum).boxed(),
            DataType::Float32 => float32().prop_map(Data::Float32).boxed(),
            DataType::Float64 if json => float64_json().prop_map(Data::Float64).boxed(),
            DataType::Float64 => float64().prop_map(Data::Float64).boxed(),
            DataType::DateTime => any::<[u8; 12]>()
                .prop_map(|b| Data::DateTime(DateTime::from_bytes(b)))
                .boxed(),
            DataType::Date => any::<[u8; 5]>()
                .prop_map(|b| Data::Date(Date::from_bytes(b)))
                .boxed(),
            DataType::Time => any::<[u8; 4]>()
                .prop_map(|b| Data::Time(Time::from_bytes(b)))
                .boxed(),
            DataType::DeltaInteger => any::<i8>().prop_map(Data::DeltaInteger).boxed(),
            DataType::DeltaLong => any::<i16>().prop_map(Data::DeltaLong).boxed(),
            DataType::DeltaDoubleLong => any::<i32>().prop_map(Data::DeltaDoubleLong).boxed(),
            DataType::DeltaUnsigned => any::<u8>().prop_map(Data::DeltaUnsigned).boxed(),
            DataType::DeltaLongUnsigned => any::<u16>().prop_map(Data::DeltaLongUnsigned).boxed(),
            DataType::DeltaDoubleLongUnsigned => {
                any::<u32>().prop_map(Data::DeltaDoubleLongUnsigned).boxed()
            }
            other => panic!("not simple: {other}"),
        }
    }

    fn scalar(json: bool) -> impl Strategy<Value = Data> {
        select(&SIMPLE[..]).prop_flat_map(move |ty| scalar_of(ty, json))
    }

    /// A type description `levels` deep at most, with no part that takes no bytes.
    fn description(levels: u32) -> BoxedStrategy<TypeDescriptionBuf> {
        let leaf = select(&SIMPLE[1..27])
            .prop_map(|ty| TypeDescriptionBuf::simple(ty).unwrap())
            .boxed();
        leaf.prop_recursive(levels, 16, 4, |inner| {
            prop_oneof![
                (1u16..4, inner.clone())
                    .prop_map(|(n, e)| TypeDescriptionBuf::array(n, &e).unwrap()),
                vec(inner, 1..4).prop_map(|f| TypeDescriptionBuf::structure(&f).unwrap()),
            ]
        })
        .boxed()
    }

    /// A value of the described type.
    fn value_of(td: &TypeDescriptionBuf, json: bool) -> BoxedStrategy<Data> {
        use dlms_apdu::data::TypeDescription as Td;
        fn go(td: Td<'_>, json: bool) -> BoxedStrategy<Data> {
            match td {
                Td::Simple(ty) => scalar_of(ty, json),
                Td::Array(a) => vec(go(a.element(), json), usize::from(a.len()))
                    .prop_map(Data::Array)
                    .boxed(),
                Td::Structure(s) => s
                    .iter()
                    .map(|f| go(f, json))
                    .collect::<Vec<_>>()
                    .prop_map(Data::Structure)
                    .boxed(),
            }
        }
        go(td.as_ref(), json)
    }

    /// A compact-array: a description and up to 5 elements of it.
    fn compact(json: bool) -> impl Strategy<Value = (TypeDescriptionBuf, Vec<Data>)> {
        description(3).prop_flat_map(move |td| {
            let elements = vec(value_of(&td, json), 0..5);
            (Just(td), elements)
        })
    }

    fn compact_data(json: bool) -> impl Strategy<Value = Data> {
        compact(json).prop_map(|(td, els)| {
            Data::CompactArray(CompactArrayBuf::from_data(td.as_ref(), &els).unwrap())
        })
    }

    /// Any value nested up to 8 levels (compact-arrays add at most 4 more).
    fn data(json: bool) -> impl Strategy<Value = Data> {
        prop_oneof![4 => scalar(json), 1 => compact_data(json)].prop_recursive(8, 64, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Data::Array),
                vec(inner, 0..6).prop_map(Data::Structure),
            ]
        })
    }

    /// A value wrapped in exactly `levels` arrays or structures (as `kinds` says).
    fn chain(leaf: Data, kinds: &[bool]) -> Data {
        kinds.iter().fold(leaf, |v, &array| {
            if array {
                Data::Array(vec![v])
            } else {
                Data::Structure(vec![v, Data::NullData])
            }
        })
    }

    /// The nesting depth a parser sees.
    fn depth(v: &Data) -> usize {
        fn td_depth(td: dlms_apdu::data::TypeDescription<'_>) -> usize {
            use dlms_apdu::data::TypeDescription as Td;
            match td {
                Td::Simple(_) => 1,
                Td::Array(a) => 1 + td_depth(a.element()),
                Td::Structure(s) => 1 + s.iter().map(td_depth).max().unwrap_or(0),
            }
        }
        match v {
            Data::Array(items) | Data::Structure(items) => {
                1 + items.iter().map(depth).max().unwrap_or(0)
            }
            Data::CompactArray(c) => 1 + td_depth(c.type_description()),
            _ => 1,
        }
    }

    fn check_round_trips(x: &Data) -> Result<(), TestCaseError> {
        let bytes = x.to_vec();
        prop_assert_eq!(x.buffer_len(), bytes.len());
        // Owned: parse(emit(x)) == x, and emit(parse(b)) == b.
        let parsed = Data::parse_exact(&bytes).unwrap();
        prop_assert_eq!(&parsed, x);
        prop_assert_eq!(parsed.to_vec(), bytes.clone());
        // Borrowed: the parsed view equals the owned value's view, both ways.
        let view = DataRef::parse_exact(&bytes).unwrap();
        prop_assert_eq!(view, x.as_ref());
        prop_assert_eq!(&Data::from(view), x);
        prop_assert_eq!(&Data::from(x.as_ref()), x);
        prop_assert_eq!(view.buffer_len(), bytes.len());
        let mut out = vec![0u8; bytes.len()];
        view.emit(&mut out).unwrap();
        prop_assert_eq!(&out, &bytes);
        // Every strict prefix: an error, never a panic.
        for n in 0..bytes.len() {
            prop_assert!(DataRef::parse(&bytes[..n]).is_err());
            prop_assert!(Data::parse(&bytes[..n]).is_err());
        }
        // Trailing bytes are returned by parse, refused by parse_exact.
        let mut longer = bytes.clone();
        longer.push(0xAA);
        let (v, rest) = DataRef::parse(&longer).unwrap();
        prop_assert_eq!(v, x.as_ref());
        prop_assert_eq!(rest, &[0xAA][..]);
        prop_assert_eq!(
            DataRef::parse_exact(&longer).unwrap_err().kind(),
            ErrorKind::TrailingBytes
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn round_trips(x in data(false)) {
            prop_assume!(depth(&x) <= MAX_DEPTH);
            check_round_trips(&x)?;
        }

        /// Chains exactly up to MAX_DEPTH deep parse; one more level is refused.
        #[test]
        fn nesting_up_to_max_depth(leaf in scalar(false), kinds in vec(any::<bool>(), 0..MAX_DEPTH)) {
            let x = chain(leaf, &kinds);
            prop_assert_eq!(depth(&x), kinds.len() + 1);
            check_round_trips(&x)?;
            let deeper = Data::Array(vec![x]);
            let bytes = deeper.to_vec();
            let res = DataRef::parse_exact(&bytes);
            if kinds.len() + 2 > MAX_DEPTH {
                prop_assert_eq!(res.unwrap_err().kind(), ErrorKind::DepthExceeded);
            } else {
                prop_assert!(res.is_ok());
            }
        }

        /// The borrowed builder writes what the owned form encodes, element by element.
        #[test]
        fn builder_matches_owned((td, els) in compact(false)) {
            let owned = Data::CompactArray(CompactArrayBuf::from_data(td.as_ref(), &els).unwrap());
            let bytes = owned.to_vec();
            let mut buf = vec![0u8; bytes.len()];
            let mut b = CompactArrayBuilder::new(td.as_ref(), &mut buf).unwrap();
            for e in &els {
                b.push(&e.as_ref()).unwrap();
            }
            prop_assert_eq!(b.buffer_len(), bytes.len());
            let n = b.finish().unwrap();
            prop_assert_eq!(&buf[..n], &bytes[..]);
            let view = DataRef::parse_exact(&bytes).unwrap();
            let c = view.as_compact_array().unwrap();
            prop_assert_eq!(c.len(), els.len());
            for (got, want) in c.iter().zip(&els) {
                prop_assert_eq!(got, want.as_ref());
                prop_assert!(td.as_ref().matches(&got));
                prop_assert_eq!(&Data::from(got), want);
            }
        }
    }

    #[cfg(feature = "serde")]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// serde_json round trip (bit-strings from `from_bits` have zero unused bits).
        #[test]
        fn serde_round_trips(x in data(true)) {
            prop_assume!(depth(&x) <= MAX_DEPTH);
            let text = serde_json::to_string(&x).unwrap();
            let back: Data = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, x);
        }
    }
}
