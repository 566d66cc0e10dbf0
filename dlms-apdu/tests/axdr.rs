//! Every A-XDR vector of `tests/data/axdr.json`: decoded, checked against the decoding tree
//! recorded with it (`own_decode`) and re-encoded byte for byte.
//!
//! The file is a copy of a vector set for IEC 62056-6-2 `Data` encodings whose values were
//! cross-checked against gurux-dlms 1.0.203 and dlms-cosem 25.1.0 (the peers' outputs are
//! recorded in it, disagreements included). Its `transcribed` items come from the
//! u9n/dlms-cosem test suite (`tests/test_dlms_data.py` at commit c52e9d44ef81); the full
//! Kamstrup HAN-port list of that file, of which the JSON holds a prefix, is given below.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

mod common;

use common::{every_cut_is_short, unhex};
use dlms_apdu::data::TypeDescription;
use dlms_apdu::{DataRef, DataType, ErrorKind};
use hex_literal::hex;
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("data/axdr.json")).unwrap()
}

/// Checks a decoded value against an `own_decode` tree:
/// `{"type", "hex"?, "value"?, "bits"?, "type_description"?, "contents_hex"?}`.
fn check(v: &DataRef<'_>, tree: &Value, at: &str) {
    let ty = tree["type"].as_str().unwrap();
    assert_eq!(v.data_type().name(), ty, "{at}: type");
    assert_eq!(DataType::from_name(ty), Some(v.data_type()), "{at}: name");
    let body = {
        let mut out = vec![0u8; v.buffer_len()];
        v.emit(&mut out).unwrap();
        out.split_off(1)
    };
    if let Some(h) = tree.get("hex") {
        // Scalars and strings: the octets after the tag (and after the length prefix of
        // the string types).
        let want = unhex(h);
        match v {
            DataRef::OctetString(b) | DataRef::VisibleString(b) => assert_eq!(*b, want, "{at}"),
            DataRef::Utf8String(s) => assert_eq!(s.as_bytes(), want, "{at}"),
            _ => assert_eq!(body, want, "{at}: value octets"),
        }
    }
    match (v, tree.get("value")) {
        (DataRef::Array(s) | DataRef::Structure(s), Some(Value::Array(items))) => {
            assert_eq!(s.len(), items.len(), "{at}: count");
            for (i, (e, t)) in s.iter().zip(items).enumerate() {
                check(&e, t, &format!("{at}[{i}]"));
            }
        }
        (DataRef::CompactArray(c), Some(value)) => {
            check_description(
                &c.type_description(),
                &tree["type_description"],
                &format!("{at}: type-description"),
            );
            assert_eq!(c.contents(), unhex(&tree["contents_hex"]), "{at}: contents");
            let plain: Vec<Value> = c.iter().map(|e| plain(&e)).collect();
            assert_eq!(Value::Array(plain), *value, "{at}: elements");
        }
        (DataRef::BitString(b), Some(value)) => {
            assert_eq!(b.len() as u64, tree["bits"].as_u64().unwrap(), "{at}: bits");
            assert_eq!(plain(v), *value, "{at}: bits");
        }
        (_, Some(value)) => assert_eq!(plain(v), *value, "{at}: value"),
        (_, None) => {}
    }
}

fn check_description(td: &TypeDescription<'_>, tree: &Value, at: &str) {
    assert_eq!(
        td.data_type().name(),
        tree["type"].as_str().unwrap(),
        "{at}"
    );
    if let TypeDescription::Structure(s) = td {
        let fields = tree["elements"].as_array().unwrap();
        assert_eq!(s.len(), fields.len(), "{at}");
        for (f, t) in s.iter().zip(fields) {
            check_description(&f, t, at);
        }
    }
}

/// A value as the plain JSON the vector file records (numbers, strings, lists).
fn plain(v: &DataRef<'_>) -> Value {
    if let Some(i) = v.as_i64() {
        return i.into();
    }
    if let Some(u) = v.as_u64() {
        return u.into();
    }
    match v {
        DataRef::NullData => Value::Null,
        DataRef::Boolean(b) => (*b).into(),
        DataRef::Bcd(b) => (*b).into(),
        DataRef::Float32(f) => f64::from(*f).into(),
        DataRef::Float64(f) => (*f).into(),
        DataRef::BitString(b) => (0..b.len())
            .map(|i| if b.bit(i).unwrap() { '1' } else { '0' })
            .collect::<String>()
            .into(),
        DataRef::VisibleString(_) | DataRef::Utf8String(_) => v.as_str().unwrap().into(),
        DataRef::Array(s) | DataRef::Structure(s) => s.iter().map(|e| plain(&e)).collect(),
        other => panic!("no plain form for {other:?}"),
    }
}

/// Re-encodes a decoded value and requires the input bytes.
fn re_encode(v: &DataRef<'_>, bytes: &[u8], id: &str) {
    assert_eq!(v.buffer_len(), bytes.len(), "{id}: buffer_len");
    let mut out = vec![0u8; bytes.len()];
    assert_eq!(v.emit(&mut out).unwrap(), bytes.len(), "{id}");
    assert_eq!(out, bytes, "{id}: re-encoded");
    // One byte short: refused, nothing panics.
    assert!(v.emit(&mut out[..bytes.len() - 1]).is_err(), "{id}");
}

#[test]
fn every_vector() {
    let doc = vectors();
    let list = doc["vectors"].as_array().unwrap();
    assert_eq!(list.len(), 35);
    for t in list {
        let id = t["id"].as_str().unwrap();
        let bytes = unhex(&t["expected_hex"]);
        let (v, rest) = DataRef::parse(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(rest.is_empty(), "{id}: consumed all");
        assert_eq!(t["own_decode_consumed_all"], Value::Bool(true));
        check(&v, &t["own_decode"], id);
        re_encode(&v, &bytes, id);
        // Truncated at every length: an error, never a panic.
        every_cut_is_short(&bytes, id, |b| DataRef::parse(b).map(drop));
    }
}

#[test]
fn transcribed() {
    let doc = vectors();
    let list = doc["transcribed"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    for t in list {
        match t["id"].as_str().unwrap() {
            "kamstrup-han-list" => {
                // A prefix of the 25-element structure: its elements parse one by one, the
                // whole is truncated.
                let bytes = unhex(&t["hex"]);
                let err = DataRef::parse(&bytes).unwrap_err();
                assert!(matches!(err.kind(), ErrorKind::Truncated { .. }), "{err}");
                assert_eq!(err.offset(), bytes.len());
                let mut rest = &bytes[2..];
                let mut n = 0;
                while !rest.is_empty() {
                    let (v, r) = DataRef::parse(rest).unwrap();
                    assert!(v.as_str().is_some() || v.as_octet_string().is_some());
                    rest = r;
                    n += 1;
                }
                assert_eq!(n, 5);
                assert!(bytes.starts_with(&KAMSTRUP_HAN[..bytes.len()]));
            }
            "visible-strings" => {
                for pair in t["pairs"].as_array().unwrap() {
                    let bytes = unhex(&pair[0]);
                    let v = DataRef::parse_exact(&bytes).unwrap();
                    assert_eq!(v.data_type(), DataType::VisibleString);
                    assert_eq!(v.as_str(), pair[1].as_str());
                    re_encode(&v, &bytes, "visible-strings");
                }
            }
            other => panic!("unknown transcribed item {other}"),
        }
    }
}

/// The Kamstrup HAN-port list of u9n/dlms-cosem `tests/test_dlms_data.py`
/// (`test_parse_data_from_kamstrup_han_port`, commit c52e9d44ef81): a structure of 25
/// elements, list identifier, then OBIS code and value pairs.
const KAMSTRUP_HAN: [u8; 196] = hex!(
    "02190A0E4B616D73747275705F563030303109060101000005FF0A103537303635363731393633383234383509060101600101FF0A1236383431313331424E31343331303130393009060101010700FF060000092609060101020700FF060000000009060101030700FF060000000009060101040700FF06000000DF090601011F0700FF060000005C09060101330700FF060000008D09060101470700FF060000037209060101200700FF1200E609060101340700FF1200E609060101480700FF1200E4"
);

#[test]
fn kamstrup_han_list() {
    let v = DataRef::parse_exact(&KAMSTRUP_HAN).unwrap();
    let s = v.as_structure().unwrap();
    assert_eq!(s.len(), 25);
    let items: Vec<_> = s.iter().collect();
    assert_eq!(items[0].as_str(), Some("Kamstrup_V0001"));
    assert_eq!(items[1].as_octet_string(), Some(&hex!("0101000005FF")[..]));
    assert_eq!(items[4].as_str(), Some("6841131BN143101090"));
    assert_eq!(items[6], DataRef::DoubleLongUnsigned(2342));
    assert_eq!(items[12].as_u64(), Some(223));
    assert_eq!(items[20], DataRef::LongUnsigned(230));
    assert_eq!(items[24], DataRef::LongUnsigned(228));
    re_encode(&v, &KAMSTRUP_HAN, "kamstrup");
}

#[cfg(feature = "serde")]
#[test]
fn owned_and_serde_round_trips() {
    use dlms_apdu::Data;
    let doc = vectors();
    for t in doc["vectors"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let bytes = unhex(&t["expected_hex"]);
        let owned = Data::parse_exact(&bytes).unwrap();
        assert_eq!(owned.to_vec(), bytes, "{id}: owned re-encoded");
        assert_eq!(
            owned.as_ref(),
            DataRef::parse_exact(&bytes).unwrap(),
            "{id}"
        );
        let text = serde_json::to_string(&owned).unwrap();
        let back: Data = serde_json::from_str(&text).unwrap();
        // Bit-strings keep no unused trailing bits in JSON; these vectors have none.
        assert_eq!(back, owned, "{id}: {text}");
    }
    // The kebab-case names, as the crate documents them.
    let obis = Data::parse_exact(&hex!("09060100010800FF")).unwrap();
    assert_eq!(
        serde_json::to_string(&obis).unwrap(),
        r#"{"octet-string":"0100010800ff"}"#
    );
    let n = Data::parse_exact(&hex!("0612345678")).unwrap();
    assert_eq!(
        serde_json::to_string(&n).unwrap(),
        r#"{"double-long-unsigned":305419896}"#
    );
}
