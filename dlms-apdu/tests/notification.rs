#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Data-notifications pushed by real meters (Landis+Gyr, Iskra, Kaifa, Sagemcom, Aidon,
//! Kamstrup) and from public test suites (`tests/data/notifications.json`, each with its
//! source): every one parses completely, matches the decoded tree recorded with the capture,
//! and re-emits byte for byte.

mod common;

use common::{is_cut_short, json_array, unhex};
use dlms_apdu::DataRef;
use dlms_apdu::notification::{DataNotification, DateTimeEncoding};
use dlms_apdu::render::Tree;
use serde_json::Value;

struct Vector {
    id: String,
    bytes: Vec<u8>,
    expect: Value,
    incomplete: bool,
}

fn vectors() -> Vec<Vector> {
    json_array(include_str!("data/notifications.json"), "vectors")
        .iter()
        .map(|v| Vector {
            id: v["id"].as_str().unwrap().to_owned(),
            bytes: unhex(&v["hex"]),
            expect: v["expect"].clone(),
            incomplete: v["note"]
                .as_str()
                .is_some_and(|n| n.starts_with("incomplete")),
        })
        .collect()
}

#[test]
fn every_capture_parses_matches_and_re_emits() {
    let vs = vectors();
    assert!(vs.len() >= 30, "{}", vs.len());
    let mut tagged = 0;
    let mut checked = 0;
    for v in vs.iter().filter(|v| !v.incomplete) {
        let n = DataNotification::parse_exact(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        let mut out = vec![0u8; n.buffer_len()];
        assert_eq!(n.emit(&mut out).unwrap(), v.bytes.len(), "{}", v.id);
        assert_eq!(out, v.bytes, "{}", v.id);
        if n.date_time_encoding == DateTimeEncoding::TaggedData {
            tagged += 1;
        }
        if v.expect.is_null() {
            continue;
        }
        checked += 1;
        let e = &v.expect;
        assert_eq!(
            format!("{:08X}", n.long_invoke_id_and_priority.0),
            e["long_invoke_id_and_priority"].as_str().unwrap(),
            "{}",
            v.id
        );
        assert_eq!(
            n.date_time_encoding == DateTimeEncoding::TaggedData,
            e["date_time_tagged"].as_bool().unwrap(),
            "{}",
            v.id
        );
        assert_eq!(
            hex::encode_upper(n.date_time),
            e["date_time"].as_str().unwrap(),
            "{}",
            v.id
        );
        assert_eq!(n.date_time().is_some(), n.date_time.len() == 12);
        let (kind, len) = match n.notification_body {
            DataRef::Structure(s) => ("structure", s.len()),
            DataRef::Array(s) => ("array", s.len()),
            other => panic!("{}: {other:?}", v.id),
        };
        assert_eq!(kind, e["body_type"].as_str().unwrap(), "{}", v.id);
        assert_eq!(len as u64, e["body_len"].as_u64().unwrap(), "{}", v.id);
    }
    // The Kaifa HAN samples use the tagged date-time variant.
    assert_eq!(tagged, 3);
    assert!(checked >= 30, "{checked}");
}

#[test]
fn incomplete_capture_fails_cleanly() {
    // scs/smartmeter-datacollector tests/testdata/lg_e450.py: the capture ends before the
    // last general-block-transfer block, so the reassembled APDU is cut short.
    let v = vectors().into_iter().find(|v| v.incomplete).unwrap();
    let err = DataNotification::parse(&v.bytes).unwrap_err();
    assert!(is_cut_short(err.kind()), "{err:?}");
}

#[test]
fn truncation_at_every_length() {
    for v in vectors().iter().filter(|v| v.bytes.len() < 300) {
        for n in 0..v.bytes.len() {
            assert!(
                DataNotification::parse(&v.bytes[..n]).is_err(),
                "{} cut at {n}",
                v.id
            );
        }
    }
}

#[test]
fn render_reitermarkus_sample() {
    // reitermarkus/dlms-cosem-rs src/lib.rs: the plain data-notification its tests decode.
    let v = vectors()
        .into_iter()
        .find(|v| v.id == "reitermarkus-data-notification-plain")
        .unwrap();
    let n = DataNotification::parse_exact(&v.bytes).unwrap();
    let dt = n.date_time().unwrap();
    assert_eq!((dt.date.year, dt.date.month, dt.date.day), (2016, 9, 8));
    assert_eq!((dt.time.hour, dt.time.minute, dt.time.second), (19, 13, 25));
    assert_eq!(dt.deviation.0, -60);
    let text = format!("{}", Tree(&n));
    assert!(
        text.starts_with(
            "data-notification\n  long-invoke-id-and-priority: 0x00005539\n  date-time: 07e0090804130d1900ffc480\n  notification-body\n    structure (7)\n      octet-string: 07e0090804130d1900000080\n      octet-string: 0100010800ff\n      double-long-unsigned: 0\n"
        ),
        "{text}"
    );
}
