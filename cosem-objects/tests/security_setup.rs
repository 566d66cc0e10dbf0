#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]
//! Security setup versions 0 and 1: attributes, every method's parameters and results.
//! Key material comes from `tests/data/security_setup_vectors.json`: the RFC 3394 section 4.1
//! key wrap (as used by xdom/jdlms `SecurityUtilsTest.java` @968f7232a087) and the signed
//! ephemeral key of DLMS UA Green Book Table C.1 (as cited by EnergyICT and Gurux tests).

mod common;

use common::{round_trip_attributes, round_trip_value};
use cosem_objects::classes::security_setup::*;
use cosem_objects::{
    ClassId, ClassInfo, Error, FromData, InterfaceClass, Method, ObisCode, ToData,
};
use dlms_apdu::DataRef;
use hex_literal::hex;
use proptest::prelude::*;

fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("data/security_setup_vectors.json")).unwrap()
}

fn unhex(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

const SERVER_TITLE: [u8; 8] = hex!("4D4D4D0000000001");
const CLIENT_TITLE: [u8; 8] = hex!("4D4D4D0000BC614E");

#[test]
fn version_0_round_trips() {
    let s = SecuritySetupV0 {
        logical_name: ObisCode::new(0, 0, 43, 0, 0, 255),
        security_policy: SecurityPolicyV0::ALL_AUTHENTICATED_AND_ENCRYPTED,
        security_suite: SecuritySuite::AES_GCM_128,
        client_system_title: CLIENT_TITLE.to_vec(),
        server_system_title: SERVER_TITLE.to_vec(),
    };
    round_trip_attributes(&s);
    round_trip_attributes(&SecuritySetupV0::default());
    assert_eq!(SecuritySetupV0::CLASS_ID, ClassId::SECURITY_SETUP);
    assert_eq!(SecuritySetupV0::VERSION, 0);
    assert_eq!(SecuritySetupV0::ATTRIBUTES.len(), 5);
    assert_eq!(SecuritySetupV0::METHODS.len(), 2);
    assert_eq!(
        SecuritySetupV0::method_info(2).unwrap().name,
        "global_key_transfer"
    );
    assert_eq!(s.attribute(2).unwrap().to_vec(), hex!("16 03"));
    assert_eq!(s.attribute(6), Err(Error::NoSuchAttribute(6)));
}

fn sample_v1() -> SecuritySetup {
    SecuritySetup {
        logical_name: ObisCode::new(0, 0, 43, 0, 1, 255),
        security_policy: SecurityPolicy::AUTHENTICATED_REQUEST
            .union(SecurityPolicy::ENCRYPTED_REQUEST)
            .union(SecurityPolicy::AUTHENTICATED_RESPONSE)
            .union(SecurityPolicy::ENCRYPTED_RESPONSE),
        security_suite: SecuritySuite::ECDH_ECDSA_AES_GCM_128_SHA_256,
        client_system_title: CLIENT_TITLE.to_vec(),
        server_system_title: SERVER_TITLE.to_vec(),
        certificates: vec![
            CertificateInfo {
                entity: CertificateEntity::SERVER,
                certificate_type: CertificateType::DIGITAL_SIGNATURE,
                serial_number: vec![0x01, 0x23],
                issuer: b"CN=Test CA".to_vec(),
                subject: b"CN=4D4D4D0000000001".to_vec(),
                subject_alt_name: vec![],
            },
            CertificateInfo {
                entity: CertificateEntity::CERTIFICATION_AUTHORITY,
                certificate_type: CertificateType::OTHER,
                serial_number: vec![0x7F],
                issuer: b"CN=Root".to_vec(),
                subject: b"CN=Test CA".to_vec(),
                subject_alt_name: b"ca.example".to_vec(),
            },
        ],
    }
}

#[test]
fn version_1_round_trips() {
    let s = sample_v1();
    round_trip_attributes(&s);
    round_trip_attributes(&SecuritySetup::default());
    assert_eq!(SecuritySetup::VERSION, 1);
    assert_eq!(SecuritySetup::ATTRIBUTES.len(), 6);
    assert_eq!(SecuritySetup::METHODS.len(), 8);
    assert_eq!(
        SecuritySetup::attribute_info(6).unwrap().name,
        "certificates"
    );
    assert_eq!(
        SecuritySetup::method_info(5).unwrap().name,
        "generate_certificate_request"
    );
    // Bits 2, 3, 5, 6.
    assert_eq!(s.security_policy, SecurityPolicy(0x6C));
    assert_eq!(s.attribute(2).unwrap().to_vec(), hex!("16 6C"));
    assert!(
        s.security_policy
            .contains(SecurityPolicy::ENCRYPTED_RESPONSE)
    );
    assert!(
        !s.security_policy
            .contains(SecurityPolicy::DIGITALLY_SIGNED_REQUEST)
    );
    assert_eq!(
        s.certificates[0].to_data().to_vec(),
        [
            &hex!("02 06 16 00 16 00 09 02 01 23 09 0A")[..],
            b"CN=Test CA",
            &hex!("09 13"),
            b"CN=4D4D4D0000000001",
            &hex!("09 00"),
        ]
        .concat()
    );
    // Five fields: refused.
    let five = hex!("01 01 02 05 16 00 16 00 09 00 09 00 09 00");
    let mut t = s.clone();
    assert_eq!(
        t.set_attribute(6, &DataRef::parse_exact(&five).unwrap()),
        Err(Error::ElementCount {
            expected: 6,
            found: 5
        })
    );
}

#[test]
fn key_transfer_with_rfc3394_wrapped_key() {
    let v = vectors();
    let wrapped = unhex(&v["key_wrap"]["expected_wrapped"]);
    assert_eq!(wrapped.len(), 24);
    let keys = vec![KeyData {
        key_id: KeyId::GLOBAL_UNICAST_ENCRYPTION,
        data: wrapped.clone(),
    }];
    let m = SecuritySetupMethod::KeyTransfer(keys.clone());
    let bytes = m.parameters().to_vec();
    assert_eq!(
        bytes,
        [&hex!("01 01 02 02 16 00 09 18")[..], &wrapped].concat()
    );
    let back = SecuritySetupMethod::from_parameters(2, &DataRef::parse_exact(&bytes).unwrap());
    assert_eq!(back, Ok(m));
    // The same parameters are version 0's global_key_transfer.
    assert_eq!(
        SecuritySetupV0Method::from_parameters(2, &DataRef::parse_exact(&bytes).unwrap()),
        Ok(SecuritySetupV0Method::GlobalKeyTransfer(keys))
    );
    // Key ids 0..3 and a key id as unsigned (refused).
    let bad = [&hex!("01 01 02 02 11 00 09 18")[..], &wrapped].concat();
    assert!(SecuritySetupMethod::from_parameters(2, &DataRef::parse_exact(&bad).unwrap()).is_err());
}

/// key_agreement's key_data for the Ephemeral Unified Model: the ephemeral public key
/// X || Y and its signature r || s (Green Book Table C.1); 128 octets, so the octet-string
/// length takes the long form `81 80`.
#[test]
fn key_agreement_with_green_book_signed_ephemeral_key() {
    let v = vectors();
    let message = unhex(&v["ephemeral_key_signature"]["message"]);
    assert_eq!(message[0], 0, "key_id 0 prefix");
    let public = &message[1..];
    let signature = unhex(&v["ephemeral_key_signature"]["signature_r_s"]);
    let key_data = [public, &signature].concat();
    assert_eq!(key_data.len(), 128);
    let m = SecuritySetupMethod::KeyAgreement(vec![KeyData {
        key_id: KeyId::GLOBAL_UNICAST_ENCRYPTION,
        data: key_data.clone(),
    }]);
    let bytes = m.parameters().to_vec();
    assert_eq!(bytes[..9], hex!("01 01 02 02 16 00 09 81 80"));
    assert_eq!(bytes[9..], key_data);
    assert_eq!(
        SecuritySetupMethod::from_parameters(3, &DataRef::parse_exact(&bytes).unwrap()),
        Ok(m)
    );
    // The server answers with its own signed ephemeral key, same type.
    let result =
        SecuritySetupResult::from_result(3, &DataRef::parse_exact(&bytes).unwrap()).unwrap();
    assert_eq!(result.method_id(), 3);
    let SecuritySetupResult::KeyAgreement(keys) = &result else {
        panic!("{result:?}")
    };
    assert_eq!(keys[0].data, key_data);
    assert_eq!(result.to_data().to_vec(), bytes);
}

#[test]
fn every_version_1_method_round_trips() {
    let by_entity = CertificateIdentification::ByEntity {
        entity: CertificateEntity::SERVER,
        certificate_type: CertificateType::KEY_AGREEMENT,
        system_title: SERVER_TITLE.to_vec(),
    };
    let by_serial = CertificateIdentification::BySerial {
        serial_number: vec![0x01, 0x23],
        issuer: b"CN=Test CA".to_vec(),
    };
    let methods = [
        SecuritySetupMethod::SecurityActivate(SecurityPolicy(0x6C)),
        SecuritySetupMethod::KeyTransfer(vec![
            KeyData {
                key_id: KeyId::AUTHENTICATION,
                data: vec![1; 24],
            },
            KeyData {
                key_id: KeyId::MASTER,
                data: vec![2; 24],
            },
        ]),
        SecuritySetupMethod::KeyAgreement(vec![]),
        SecuritySetupMethod::GenerateKeyPair(KeyPairId::KEY_AGREEMENT),
        SecuritySetupMethod::GenerateCertificateRequest(KeyPairId::DIGITAL_SIGNATURE),
        SecuritySetupMethod::ImportCertificate(hex!("30 82 01 00").to_vec()),
        SecuritySetupMethod::ExportCertificate(by_entity.clone()),
        SecuritySetupMethod::RemoveCertificate(by_serial.clone()),
    ];
    for (i, m) in methods.iter().enumerate() {
        assert_eq!(m.id(), i as i8 + 1);
        let bytes = m.parameters().to_vec();
        let back =
            SecuritySetupMethod::from_parameters(m.id(), &DataRef::parse_exact(&bytes).unwrap());
        assert_eq!(back.as_ref(), Ok(m));
    }
    assert_eq!(methods[3].parameters().to_vec(), hex!("16 01"));
    // The certificate identification choice, by entity and by serial.
    assert_eq!(
        by_entity.to_data().to_vec(),
        hex!("02 02 16 00 02 03 16 00 16 01 09 08 4D 4D 4D 00 00 00 00 01")
    );
    assert_eq!(
        by_serial.to_data().to_vec(),
        [
            &hex!("02 02 16 01 02 02 09 02 01 23 09 0A")[..],
            b"CN=Test CA"
        ]
        .concat()
    );
    // An unknown identification type, and by-entity options of the by-serial shape.
    let unknown = hex!("02 02 16 02 02 02 09 00 09 00");
    assert_eq!(
        CertificateIdentification::from_data(&DataRef::parse_exact(&unknown).unwrap()),
        Err(Error::OutOfRange)
    );
    let mixed = hex!("02 02 16 00 02 02 09 00 09 00");
    assert!(CertificateIdentification::from_data(&DataRef::parse_exact(&mixed).unwrap()).is_err());
    assert_eq!(
        SecuritySetupMethod::from_parameters(9, &DataRef::Integer(0)),
        Err(Error::NoSuchMethod(9))
    );
}

#[test]
fn version_0_methods() {
    let m = SecuritySetupV0Method::SecurityActivate(SecurityPolicyV0::ALL_ENCRYPTED);
    assert_eq!(m.id(), 1);
    assert_eq!(m.parameters().to_vec(), hex!("16 02"));
    assert_eq!(
        SecuritySetupV0Method::from_parameters(1, &DataRef::Enum(2)),
        Ok(m)
    );
    assert_eq!(
        SecuritySetupV0Method::from_parameters(3, &DataRef::Enum(2)),
        Err(Error::NoSuchMethod(3))
    );
    assert!(SecuritySetupV0Method::from_parameters(1, &DataRef::Unsigned(2)).is_err());
}

#[test]
fn method_results() {
    let csr = hex!("30 81 9A 30 41").to_vec();
    let data = csr.to_data();
    // An array of unsigned is not an octet string.
    assert!(SecuritySetupResult::from_result(5, &data.as_ref()).is_err());
    let octets = dlms_apdu::Data::octet_string(csr.clone());
    assert_eq!(
        SecuritySetupResult::from_result(5, &octets.as_ref()),
        Ok(SecuritySetupResult::CertificateRequest(csr.clone()))
    );
    assert_eq!(
        SecuritySetupResult::from_result(7, &octets.as_ref()),
        Ok(SecuritySetupResult::Certificate(csr))
    );
    assert_eq!(
        SecuritySetupResult::from_result(1, &octets.as_ref()),
        Err(Error::NoSuchMethod(1))
    );
}

proptest! {
    #[test]
    fn certificate_info_round_trips(
        entity in 0u8..4, ty in 0u8..4,
        serial in proptest::collection::vec(any::<u8>(), 0..20),
        issuer in proptest::collection::vec(any::<u8>(), 0..200),
        subject in proptest::collection::vec(any::<u8>(), 0..200),
        alt in proptest::collection::vec(any::<u8>(), 0..50),
    ) {
        round_trip_value(&CertificateInfo {
            entity: CertificateEntity(entity),
            certificate_type: CertificateType(ty),
            serial_number: serial,
            issuer,
            subject,
            subject_alt_name: alt,
        });
    }

    #[test]
    fn key_data_round_trips(keys in proptest::collection::vec((0u8..4, proptest::collection::vec(any::<u8>(), 0..300)), 0..4)) {
        let keys: Vec<KeyData> = keys.into_iter().map(|(id, data)| KeyData { key_id: KeyId(id), data }).collect();
        round_trip_value(&keys);
        let m = SecuritySetupMethod::KeyTransfer(keys);
        let bytes = m.parameters().to_vec();
        prop_assert_eq!(SecuritySetupMethod::from_parameters(2, &DataRef::parse_exact(&bytes).unwrap()).unwrap(), m);
    }

    #[test]
    fn certificate_identification_round_trips(by_serial in any::<bool>(), a in proptest::collection::vec(any::<u8>(), 0..40), b in proptest::collection::vec(any::<u8>(), 0..40), e in any::<u8>(), t in any::<u8>()) {
        let id = if by_serial {
            CertificateIdentification::BySerial { serial_number: a, issuer: b }
        } else {
            CertificateIdentification::ByEntity { entity: CertificateEntity(e), certificate_type: CertificateType(t), system_title: a }
        };
        round_trip_value(&id);
    }
}

proptest! {
    /// Arbitrary data as parameters of every method never panics, in both versions.
    #[test]
    fn arbitrary_parameters_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64), id in 0i8..10) {
        if let Ok((v, _)) = DataRef::parse(&bytes) {
            let _ = SecuritySetupMethod::from_parameters(id, &v);
            let _ = SecuritySetupV0Method::from_parameters(id, &v);
            let _ = SecuritySetupResult::from_result(id, &v);
            let _ = CertificateInfo::from_data(&v);
        }
    }
}

/// ACTION requests built by the Gurux DLMS library for Python (gurux-dlms 1.0.203 from PyPI,
/// through its public API; `tests/data/gurux_peer_vectors.json`): each decodes into the
/// typed method, and the typed method re-encodes to the same parameters.
fn gurux_action(name: &str) -> (ClassId, [u8; 6], i8, Vec<u8>) {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/gurux_peer_vectors.json")).unwrap();
    assert_eq!(json["provenance"]["generator"], "gurux-dlms 1.0.203 (PyPI)");
    let apdu = unhex(&json["actions"][name]);
    let dlms_apdu::action::ActionRequest::Normal(req) =
        dlms_apdu::action::ActionRequest::parse_exact(&apdu).unwrap()
    else {
        panic!("{name}")
    };
    // C3 01 invoke, class (2), instance (6), method (1), parameters present (1).
    assert_eq!(apdu[12], 1);
    let params = apdu[13..].to_vec();
    assert_eq!(req.parameters.unwrap().to_vec(), params);
    (
        req.method.class_id,
        req.method.instance_id,
        req.method.method_id,
        params,
    )
}

#[test]
fn gurux_security_setup_actions() {
    let wrapped = unhex(&vectors()["key_wrap"]["expected_wrapped"]);
    let cases: [(&str, SecuritySetupMethod); 7] = [
        (
            "security_activate",
            SecuritySetupMethod::SecurityActivate(SecurityPolicy(0x6C)),
        ),
        (
            // Gurux wraps the key itself: the RFC 3394 section 4.1 result.
            "global_key_transfer",
            SecuritySetupMethod::KeyTransfer(vec![KeyData {
                key_id: KeyId::GLOBAL_UNICAST_ENCRYPTION,
                data: wrapped,
            }]),
        ),
        (
            "generate_key_pair",
            SecuritySetupMethod::GenerateKeyPair(KeyPairId::KEY_AGREEMENT),
        ),
        (
            "generate_certificate_request",
            SecuritySetupMethod::GenerateCertificateRequest(KeyPairId::DIGITAL_SIGNATURE),
        ),
        (
            "export_certificate_by_entity",
            SecuritySetupMethod::ExportCertificate(CertificateIdentification::ByEntity {
                entity: CertificateEntity::SERVER,
                certificate_type: CertificateType::KEY_AGREEMENT,
                system_title: SERVER_TITLE.to_vec(),
            }),
        ),
        (
            // Gurux sends the serial number as a DER INTEGER and the issuer as a DER Name.
            "export_certificate_by_serial",
            SecuritySetupMethod::ExportCertificate(CertificateIdentification::BySerial {
                serial_number: hex!("02 02 01 23").to_vec(),
                issuer: hex!("300F310D300B06035504030C0454657374").to_vec(),
            }),
        ),
        (
            "remove_certificate_by_entity",
            SecuritySetupMethod::RemoveCertificate(CertificateIdentification::ByEntity {
                entity: CertificateEntity::CERTIFICATION_AUTHORITY,
                certificate_type: CertificateType::OTHER,
                system_title: CLIENT_TITLE.to_vec(),
            }),
        ),
    ];
    for (name, expected) in cases {
        let (class, instance, id, params) = gurux_action(name);
        assert_eq!(class, ClassId::SECURITY_SETUP, "{name}");
        assert_eq!(instance, [0, 0, 43, 0, 0, 255]);
        let m = SecuritySetupMethod::from_parameters(id, &DataRef::parse_exact(&params).unwrap())
            .unwrap();
        assert_eq!(m, expected, "{name}");
        assert_eq!(m.parameters().to_vec(), params, "{name}");
    }
}
