#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Every ciphered APDU of the shared vector collection (AES-GCM known answers, u9n/dlms-cosem
//! test literals, keyed meter captures, Green Book Annex C general-ciphering), stored with
//! provenance in `data/ciphered_vectors.json` (built by `data/ciphered_vectors.py`): each
//! parses as the right structure with the stated fields and re-emits byte for byte.

mod common;

use common::unhex;
use dlms_apdu::ciphered::{
    CipheredApdu, CipheredContent, Ciphering, GeneralCiphering, GeneralGloDedCiphering, KeyInfo,
};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("data/ciphered_vectors.json")).unwrap()
}

fn check_content(id: &str, v: &Value, content: &CipheredContent<'_>) {
    let sc = content.header.security_control;
    assert_eq!(vec![sc.0], unhex(&v["security_control"]), "{id}: SC");
    assert_eq!(
        content.header.invocation_counter.to_be_bytes().to_vec(),
        unhex(&v["invocation_counter"]),
        "{id}: IC"
    );
    assert_eq!(
        content.ciphered_text,
        unhex(&v["ciphered_text"]),
        "{id}: text"
    );
    let tag_len = sc.tag_len();
    assert_eq!(
        content.payload(tag_len).unwrap(),
        unhex(&v["payload"]),
        "{id}: payload"
    );
    match &v["auth_tag"] {
        Value::Null => assert_eq!(tag_len, 0, "{id}: no tag expected"),
        tag => assert_eq!(content.auth_tag(tag_len).unwrap(), unhex(tag), "{id}: tag"),
    }
    let mut sh = unhex(&v["security_control"]);
    sh.extend(unhex(&v["invocation_counter"]));
    assert_eq!(content.security_header_bytes().to_vec(), sh, "{id}");
}

#[test]
fn every_ciphered_vector() {
    let all = vectors();
    let list = all["vectors"].as_array().unwrap();
    assert!(list.len() >= 30);
    let (mut service, mut general) = (0, 0);
    for v in list {
        let id = v["id"].as_str().unwrap();
        let apdu = unhex(&v["apdu"]);
        assert_eq!(vec![apdu[0]], unhex(&v["tag"]), "{id}");
        let mut out = vec![0u8; apdu.len() + 4];
        match v["envelope"].as_str().unwrap() {
            "service-specific" => {
                let c = CipheredApdu::parse_exact(&apdu).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(c.tag(), apdu[0]);
                check_content(id, v, &c.content);
                let n = c.emit(&mut out).unwrap();
                assert_eq!(&out[..n], &apdu[..], "{id}: re-emit");
                service += 1;
            }
            env => {
                let g = GeneralGloDedCiphering::parse_exact(&apdu)
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                let expected = if env == "general-glo-ciphering" {
                    Ciphering::Global
                } else {
                    Ciphering::Dedicated
                };
                assert_eq!(g.ciphering, expected, "{id}");
                assert_eq!(
                    g.system_title,
                    unhex(&v["system_title"]),
                    "{id}: system title"
                );
                check_content(id, v, &g.content);
                let n = g.emit(&mut out).unwrap();
                assert_eq!(&out[..n], &apdu[..], "{id}: re-emit");
                general += 1;
            }
        }
    }
    // aes_gcm.json: eight service-specific (one the AARQ's user-information) and two
    // general-glo; then two dlms-cosem literals, 13 UDP messages and six captures.
    assert_eq!((service, general), (8, 23));
}

#[test]
fn green_book_suite_0_kinds() {
    let all = vectors();
    let find = |id: &str| {
        all["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .map(|v| unhex(&v["apdu"]))
            .unwrap()
    };
    let req = find("gb-glo-initiate-request");
    let c = CipheredApdu::parse_exact(&req).unwrap();
    assert_eq!(c.kind.name(), "glo-initiateRequest");
    let res = find("gb-glo-initiate-response");
    assert_eq!(
        CipheredApdu::parse_exact(&res).unwrap().kind.name(),
        "glo-initiateResponse"
    );
    let get = find("peer-glo-get-response-sc30");
    assert_eq!(
        CipheredApdu::parse_exact(&get).unwrap().kind.name(),
        "glo-get-response"
    );
    // Authentication only: the payload is the plaintext get-request in clear.
    let sc10 = find("gb-glo-get-request-sc10");
    let c = CipheredApdu::parse_exact(&sc10).unwrap();
    assert_eq!(c.payload(12).unwrap()[0], 0xC0);
}

#[test]
fn captures_expose_system_title_and_counter() {
    let all = vectors();
    let mut seen = 0;
    for v in all["vectors"].as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        if !(id.starts_with("scs-") || id.starts_with("fkw9-") || id.starts_with("reitermarkus-")) {
            continue;
        }
        let stated = v["stated_by_source"].as_array().unwrap();
        assert!(stated.iter().any(|s| s == "system_title"), "{id}");
        assert!(stated.iter().any(|s| s == "invocation_counter"), "{id}");
        let apdu = unhex(&v["apdu"]);
        let g = GeneralGloDedCiphering::parse_exact(&apdu).unwrap();
        assert_eq!(g.system_title.len(), 8, "{id}");
        seen += 1;
    }
    assert_eq!(seen, 6);
}

#[test]
fn general_ciphering_annex_c() {
    let all = vectors();
    let list = all["general_ciphering"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    for v in list {
        let id = v["id"].as_str().unwrap();
        let apdu = unhex(&v["apdu"]);
        let (g, spans, rest) = GeneralCiphering::parse_spanned(&apdu).unwrap();
        assert!(rest.is_empty());
        assert_eq!(g.header.transaction_id, unhex(&v["transaction_id"]), "{id}");
        assert_eq!(
            g.header.originator_system_title,
            unhex(&v["originator_system_title"])
        );
        assert_eq!(
            g.header.recipient_system_title,
            unhex(&v["recipient_system_title"])
        );
        assert!(g.header.date_time.is_empty() && g.header.other_information.is_empty());
        let Some(KeyInfo::AgreedKey {
            key_parameters,
            key_ciphered_data,
        }) = g.key_info
        else {
            panic!("{id}: agreed key expected")
        };
        assert_eq!(key_parameters, unhex(&v["key_info"]["key_parameters"]));
        assert_eq!(
            key_ciphered_data,
            unhex(&v["key_info"]["key_ciphered_data"])
        );
        assert_eq!(g.content.header.security_control.suite_id(), 1);
        assert_eq!(g.content.ciphered_text, unhex(&v["ciphered_text"]));
        assert_eq!(g.content.auth_tag(12).unwrap(), unhex(&v["auth_tag"]));
        assert_eq!(
            g.content.header.invocation_counter.to_be_bytes().to_vec(),
            unhex(&v["invocation_counter"])
        );
        // The header span runs from transaction-id through other-information, as sent.
        assert_eq!(spans.header, &apdu[1..1 + g.header.buffer_len()]);
        assert_eq!(spans.content.len(), 5 + g.content.ciphered_text.len());
        let mut out = vec![0u8; g.buffer_len()];
        g.emit(&mut out).unwrap();
        assert_eq!(out, apdu, "{id}: re-emit");
    }
}
