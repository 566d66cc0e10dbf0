//! `to_vec` of every APDU type returns what its `emit` writes, for every APDU found in the
//! vector files of the other tests (each file records its own sources).
#![cfg(feature = "alloc")]
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

use std::collections::BTreeSet;

use common::emitted;
use dlms_apdu::Apdu;
use hex_literal::hex;
use serde_json::Value;

/// Every string in `v` that decodes as hex.
fn hex_strings(v: &Value, out: &mut Vec<Vec<u8>>) {
    match v {
        Value::String(s) => out.extend(hex::decode(s).ok().filter(|b| !b.is_empty())),
        Value::Array(items) => items.iter().for_each(|i| hex_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| hex_strings(i, out)),
        _ => {}
    }
}

/// The `to_vec` of the APDU type inside `apdu`.
fn inner_to_vec(apdu: &Apdu<'_>) -> Vec<u8> {
    match apdu {
        Apdu::Aarq(v) => v.to_vec(),
        Apdu::Aare(v) => v.to_vec(),
        Apdu::Rlrq(v) => v.to_vec(),
        Apdu::Rlre(v) => v.to_vec(),
        Apdu::InitiateRequest(v) => v.to_vec(),
        Apdu::InitiateResponse(v) => v.to_vec(),
        Apdu::ConfirmedServiceError(v) => v.to_vec(),
        Apdu::ExceptionResponse(v) => v.to_vec(),
        Apdu::GetRequest(v) => v.to_vec(),
        Apdu::GetResponse(v) => v.to_vec(),
        Apdu::SetRequest(v) => v.to_vec(),
        Apdu::SetResponse(v) => v.to_vec(),
        Apdu::ActionRequest(v) => v.to_vec(),
        Apdu::ActionResponse(v) => v.to_vec(),
        Apdu::AccessRequest(v) => v.to_vec(),
        Apdu::AccessResponse(v) => v.to_vec(),
        Apdu::EventNotificationRequest(v) => v.to_vec(),
        Apdu::DataNotification(v) => v.to_vec(),
        Apdu::ReadRequest(v) => v.to_vec(),
        Apdu::ReadResponse(v) => v.to_vec(),
        Apdu::WriteRequest(v) => v.to_vec(),
        Apdu::WriteResponse(v) => v.to_vec(),
        Apdu::UnconfirmedWriteRequest(v) => v.to_vec(),
        Apdu::InformationReportRequest(v) => v.to_vec(),
        Apdu::Ciphered(v) => v.to_vec(),
        Apdu::GeneralGloDedCiphering(v) => v.to_vec(),
        Apdu::GeneralCiphering(v) => v.to_vec(),
        Apdu::GeneralSigning(v) => v.to_vec(),
        Apdu::GeneralBlockTransfer(v) => v.to_vec(),
        other => panic!("no to_vec check for {}", other.name()),
    }
    .unwrap()
}

#[test]
fn every_to_vec_is_emit() {
    let mut all = Vec::new();
    for json in [
        include_str!("data/acse.json"),
        include_str!("data/block_captures.json"),
        include_str!("data/ciphered_vectors.json"),
        include_str!("data/dlms_cosem_literals.json"),
        include_str!("data/dlms_cosem_service_literals.json"),
        include_str!("data/notifications.json"),
        include_str!("data/sn_gurux.json"),
    ] {
        hex_strings(&serde_json::from_str(json).unwrap(), &mut all);
    }
    // The APDU types the vector files hold none of.
    all.extend([
        // confirmedServiceError: initiate-error, dlms-version-too-low (u9n/dlms-cosem
        // tests/test_asce/test_aare.py, the AARE user-information).
        hex!("0E 01 06 01").to_vec(),
        // exception-response with an invocation counter (as the exception module's tests).
        hex!("D8 01 06 00000021").to_vec(),
        // ACCESS-Request and -Response (this crate's module example and unit tests).
        hex!("D9 40000001 00 01 01 0008 0000010000FF 02 01 00").to_vec(),
        hex!("DA 40000000 00 00 01 0906000102030405 01 0100").to_vec(),
        // event-notification-request: no time, clock time, a long-unsigned.
        hex!("C2 00 0008 0000010000FF 02 12 0001").to_vec(),
        // general-signing: five empty header fields, content and signature of one octet.
        hex!("DF 00 00 00 00 00 01 AA 01 BB").to_vec(),
    ]);
    let mut seen = BTreeSet::new();
    for bytes in &all {
        let Ok(apdu) = Apdu::parse_exact(bytes) else {
            continue;
        };
        let emitted = emitted(apdu.buffer_len(), |o| apdu.emit(o));
        assert_eq!(inner_to_vec(&apdu), emitted, "{}", apdu.name());
        assert_eq!(apdu.to_vec().unwrap(), emitted, "{}", apdu.name());
        seen.insert(apdu.name());
    }
    assert_eq!(seen.len(), 29, "{seen:?}");
}
