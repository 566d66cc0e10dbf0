#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(all(feature = "cert", feature = "suite1", feature = "suite2"))]
//! Certificates and certificate requests of the DLMS profile (suites 1 and 2).
//!
//! The certificates under `tests/data/certs/` come from `make_certs.py` there (the Python
//! `cryptography` package, fixed keys listed in `manifest.json`): an independent
//! implementation issues them, this crate parses and verifies them.

use core::time::Duration;

use dlms_security::cert::{Certificate, CertificateRequest, Usage, certificate_request};
use dlms_security::ecc::{Curve, PrivateKey};
use dlms_security::{CertError, Error, SystemTitle};
use proptest::prelude::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/certs/");

fn read(file: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{file}")).unwrap()
}

fn cert(file: &str) -> Certificate {
    Certificate::from_der(&read(file)).unwrap()
}

fn manifest() -> serde_json::Value {
    serde_json::from_slice(&read("manifest.json")).unwrap()
}

fn curve(name: &str) -> Curve {
    match name {
        "P256" => Curve::P256,
        "P384" => Curve::P384,
        other => panic!("curve {other}"),
    }
}

fn title(hex_text: &str) -> SystemTitle {
    SystemTitle::from_slice(&hex::decode(hex_text).unwrap()).unwrap()
}

#[test]
fn every_certificate_parses_with_its_key_title_usage_and_issuer() {
    let m = manifest();
    let not_before = Duration::from_secs(m["not_before_unix"].as_u64().unwrap());
    let not_after = Duration::from_secs(m["not_after_unix"].as_u64().unwrap());
    let entries = m["certificates"].as_array().unwrap();
    assert_eq!(entries.len(), 12);
    for e in entries {
        let file = e["file"].as_str().unwrap();
        let der = read(file);
        let c = Certificate::from_der(&der).unwrap();
        assert_eq!(c.to_der(), der.as_slice(), "{file}");
        let crv = curve(e["curve"].as_str().unwrap());
        let private =
            PrivateKey::from_slice(crv, &hex::decode(e["private"].as_str().unwrap()).unwrap())
                .unwrap();
        assert_eq!(c.public_key(), &private.public_key(), "{file}");
        assert_eq!(c.curve(), crv);
        assert_eq!(c.not_before(), not_before);
        assert_eq!(c.not_after(), not_after);
        assert_eq!(c.is_ca(), e["ca"].as_bool().unwrap(), "{file}");
        match e["system_title"].as_str() {
            Some(t) => assert_eq!(c.system_title().unwrap(), title(t), "{file}"),
            None => assert_eq!(
                c.system_title(),
                Err(Error::Certificate(CertError::SubjectName))
            ),
        }
        let usage = match e["usage"].as_str() {
            Some("DigitalSignature") => Ok(Usage::DigitalSignature),
            Some("KeyAgreement") => Ok(Usage::KeyAgreement),
            Some("Tls") => Ok(Usage::Tls),
            None => Err(Error::Certificate(CertError::KeyUsage)),
            Some(other) => panic!("usage {other}"),
        };
        assert_eq!(c.usage(), usage, "{file}");
        let issuer = cert(e["issuer"].as_str().unwrap());
        if e["outside_profile"].as_bool() == Some(true) {
            continue; // p384_by_p256.der: see a_p256_ca_cannot_certify_a_p384_key
        }
        c.verify_signature(issuer.public_key()).unwrap();
        if e["issuer_is_ca"].as_bool() == Some(false) {
            assert_eq!(
                c.verify_signed_by(&issuer),
                Err(Error::Certificate(CertError::NotCa))
            );
        } else {
            c.verify_signed_by(&issuer).unwrap();
        }
        assert_eq!(c.issuer(), issuer.subject());
        assert!(format!("{c:?}").contains("CN="));
    }
}

#[test]
fn serial_numbers_and_usage_codes() {
    // make_certs.py numbers the CAs from 0x1000 and the end entities from 0x2000.
    assert_eq!(cert("ca_p256.der").serial_number(), &[0x10, 0x00]);
    assert_eq!(cert("server_sign_p256.der").serial_number(), &[0x20, 0x00]);
    assert_eq!(Usage::DigitalSignature.certificate_type(), 0);
    assert_eq!(Usage::KeyAgreement.certificate_type(), 1);
    assert_eq!(Usage::Tls.certificate_type(), 2);
}

#[test]
fn pem_and_der_give_the_same_certificate() {
    let pem = String::from_utf8(read("server_sign_p256.pem")).unwrap();
    let from_pem = Certificate::from_pem(&pem).unwrap();
    assert_eq!(from_pem, cert("server_sign_p256.der"));
    assert_eq!(Certificate::from_pem(&from_pem.to_pem()).unwrap(), from_pem);
    assert_eq!(
        Certificate::from_pem("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"),
        Err(Error::Certificate(CertError::Malformed))
    );
    assert_eq!(
        Certificate::from_pem("no pem here"),
        Err(Error::Certificate(CertError::Malformed))
    );
}

#[test]
fn validity_period_bounds() {
    let c = cert("client_sign_p256.der");
    let start = c.not_before();
    let end = c.not_after();
    c.check_validity(start).unwrap();
    c.check_validity(end).unwrap();
    assert_eq!(
        c.check_validity(start - Duration::from_secs(1)),
        Err(Error::Certificate(CertError::NotYetValid))
    );
    assert_eq!(
        c.check_validity(end + Duration::from_secs(1)),
        Err(Error::Certificate(CertError::Expired))
    );
}

#[test]
fn a_p384_ca_certifies_a_p256_key_with_sha384() {
    let leaf = cert("server_sign_p256_by_p384.der");
    assert_eq!(leaf.curve(), Curve::P256);
    leaf.verify_signed_by(&cert("ca_p384.der")).unwrap();
    // ecdsa-with-SHA384 cannot be checked with a P-256 key.
    assert_eq!(
        leaf.verify_signature(cert("ca_p256.der").public_key()),
        Err(Error::CurveMismatch)
    );
}

#[test]
fn a_p256_ca_cannot_certify_a_p384_key() {
    // The certificate is well formed and its ecdsa-with-SHA256 signature by the P-256 CA is
    // sound, but outside the profile.
    let leaf = cert("p384_by_p256.der");
    let ca = cert("ca_p256.der");
    assert_eq!(leaf.curve(), Curve::P384);
    assert_eq!(leaf.issuer(), ca.subject());
    assert_eq!(leaf.verify_signed_by(&ca), Err(Error::CurveMismatch));
    assert_eq!(
        leaf.verify_signature(ca.public_key()),
        Err(Error::CurveMismatch)
    );
}

#[test]
fn wrong_issuer_is_rejected() {
    let leaf = cert("server_sign_p256.der");
    let other_ca = cert("ca_p384.der");
    assert_eq!(
        leaf.verify_signed_by(&other_ca),
        Err(Error::Certificate(CertError::IssuerMismatch))
    );
    // ecdsa-with-SHA256 with a P-384 key: the hash does not fit the curve.
    assert_eq!(
        leaf.verify_signature(other_ca.public_key()),
        Err(Error::CurveMismatch)
    );
    // Right curve, wrong key.
    assert_eq!(
        leaf.verify_signature(cert("client_sign_p256.der").public_key()),
        Err(Error::AuthenticationFailed)
    );
    // A certificate is not its own issuer, and an end entity is not a CA.
    assert_eq!(
        leaf.verify_signed_by(&leaf),
        Err(Error::Certificate(CertError::IssuerMismatch))
    );
    assert!(!leaf.is_ca());
}

#[test]
fn an_end_entity_cannot_act_as_ca() {
    // Issuer name and signature both match the end entity, which is not a CA.
    let issued = cert("issued_by_end_entity.der");
    let end_entity = cert("server_sign_p256.der");
    assert_eq!(issued.issuer(), end_entity.subject());
    issued.verify_signature(end_entity.public_key()).unwrap();
    assert_eq!(
        issued.verify_signed_by(&end_entity),
        Err(Error::Certificate(CertError::NotCa))
    );
    // A root is its own issuer.
    let ca = cert("ca_p256.der");
    ca.verify_signed_by(&ca).unwrap();
}

#[test]
fn flipped_signature_byte_fails_verification() {
    let ca = cert("ca_p256.der");
    let mut der = read("server_sign_p256.der");
    let last = der.len() - 1; // the last octet of s
    der[last] ^= 0x01;
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.verify_signed_by(&ca), Err(Error::AuthenticationFailed));
}

#[test]
fn flipped_tbs_byte_fails_verification() {
    let ca = cert("ca_p256.der");
    let der = read("server_sign_p256.der");
    let good = Certificate::from_der(&der).unwrap();
    // Change the last hexadecimal digit of the subject CN ("...614E" -> "...614F"): still
    // a well-formed certificate, now for another system title.
    let pos = der
        .windows(16)
        .position(|w| w == b"4D4D4D0000BC614E")
        .unwrap()
        + 15;
    let mut tampered = der.clone();
    tampered[pos] = b'F';
    let c = Certificate::from_der(&tampered).unwrap();
    assert_eq!(c.system_title().unwrap(), title("4D4D4D0000BC614F"));
    assert_ne!(c.tbs_der(), good.tbs_der());
    assert_eq!(c.verify_signed_by(&ca), Err(Error::AuthenticationFailed));
}

#[test]
fn every_single_bit_flip_is_rejected_by_parse_or_verification() {
    for (file, issuer) in [
        ("server_sign_p256.der", "ca_p256.der"),
        ("client_agree_p384.der", "ca_p384.der"),
        ("server_sign_p256_by_p384.der", "ca_p384.der"),
    ] {
        let ca = cert(issuer);
        let der = read(file);
        for i in 0..der.len() {
            let mut m = der.clone();
            m[i] ^= 0x01;
            let r = Certificate::from_der(&m).and_then(|c| c.verify_signed_by(&ca));
            assert!(r.is_err(), "{file}: flip at {i} accepted");
        }
    }
}

#[test]
fn truncations_and_byte_changes_never_panic() {
    for file in ["server_sign_p256.der", "ca_p384.der", "client_tls_p256.der"] {
        let der = read(file);
        for len in 0..der.len() {
            assert!(Certificate::from_der(&der[..len]).is_err(), "{file}: {len}");
            assert!(CertificateRequest::from_der(&der[..len]).is_err());
        }
        let mut longer = der.clone();
        longer.push(0);
        assert_eq!(
            Certificate::from_der(&longer),
            Err(Error::Certificate(CertError::Malformed))
        );
        for i in 0..der.len() {
            for v in [0x00, 0x7F, 0x80, 0xFF] {
                let mut m = der.clone();
                m[i] = v;
                // Any outcome but a panic; whatever parses must still answer every query.
                if let Ok(c) = Certificate::from_der(&m) {
                    let _ = c.system_title();
                    let _ = c.usage();
                    let _ = c.is_ca();
                    let _ = c.verify_signature(c.public_key());
                }
            }
        }
    }
}

fn csr_key(curve: Curve) -> PrivateKey {
    let scalar = match curve {
        Curve::P256 => vec![0x5A; 32],
        Curve::P384 => vec![0x3C; 48],
    };
    PrivateKey::from_slice(curve, &scalar).unwrap()
}

#[test]
fn certificate_request_round_trips_and_self_verifies() {
    let st = title("4D4D4D0000BC614E");
    for crv in [Curve::P256, Curve::P384] {
        let key = csr_key(crv);
        let der = certificate_request(&key, st).unwrap();
        // RFC 6979 signatures: the request is deterministic.
        assert_eq!(certificate_request(&key, st).unwrap(), der);
        let req = CertificateRequest::from_der(&der).unwrap();
        assert_eq!(req.public_key(), &key.public_key());
        assert_eq!(req.system_title().unwrap(), st);
        assert_eq!(req.subject().to_string(), "CN=4D4D4D0000BC614E");
        assert_eq!(req.to_der(), der.as_slice());
        let expected_alg = match crv {
            Curve::P256 => "1.2.840.10045.4.3.2",
            Curve::P384 => "1.2.840.10045.4.3.3",
        };
        assert_eq!(req.as_x509().algorithm.oid.to_string(), expected_alg);
        assert!(req.as_x509().info.attributes.is_empty());
        assert_eq!(
            CertificateRequest::from_pem(&req.to_pem())
                .unwrap()
                .to_der(),
            der.as_slice()
        );
        // A certificate is not a request, nor the reverse.
        assert!(Certificate::from_der(&der).is_err());
    }
}

#[test]
fn tampered_certificate_requests_are_rejected() {
    let der = certificate_request(&csr_key(Curve::P256), title("4D4D4D0000000001")).unwrap();
    for i in 0..der.len() {
        let mut m = der.clone();
        m[i] ^= 0x01;
        assert!(
            CertificateRequest::from_der(&m).is_err(),
            "flip at {i} accepted"
        );
    }
    for len in 0..der.len() {
        assert!(CertificateRequest::from_der(&der[..len]).is_err());
    }
    // The CN flip alone: a well-formed request whose signature no longer matches.
    let pos = der
        .windows(16)
        .position(|w| w == b"4D4D4D0000000001")
        .unwrap()
        + 15;
    let mut m = der.clone();
    m[pos] = b'2';
    assert_eq!(
        CertificateRequest::from_der(&m).err(),
        Some(Error::AuthenticationFailed)
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Certificate::from_der(&bytes);
        let _ = CertificateRequest::from_der(&bytes);
    }

    #[test]
    fn garbled_certificates_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut der = read("server_agree_p384.der");
        let len = der.len();
        for (i, v) in edits {
            der[i.index(len)] = v;
        }
        if let Ok(c) = Certificate::from_der(&der) {
            let _ = c.system_title();
            let _ = c.usage();
            let _ = c.verify_signed_by(&cert("ca_p384.der"));
        }
    }
}

#[test]
fn certificate_request_for_the_green_book_client_key_is_pinned() {
    // The client signing key of DLMS UA 1000-2 Annex C (as in the key-agreement vectors).
    // RFC 6979 makes the request deterministic; the committed copy was checked with
    // `openssl req -verify` (self-signature OK, subject CN = 4D4D4D0000000001).
    let key = PrivateKey::from_slice(
        Curve::P256,
        &hex::decode("418073C239FA6125011DE4D6CD2E645780289F761BB21BFB0835CB5585E8B373").unwrap(),
    )
    .unwrap();
    let der = certificate_request(&key, title("4D4D4D0000000001")).unwrap();
    assert_eq!(der, read("csr_client_p256.der"));
    // Version 0, the subject CN as a UTF8String, id-ecPublicKey on prime256v1, no attributes.
    assert_eq!(&der[5..8], &[0x02, 0x01, 0x00]);
    assert_eq!(&der[19..23], &[0x0C, 0x10, b'4', b'D']);
    assert_eq!(&der[128..130], &[0xA0, 0x00]);
}
