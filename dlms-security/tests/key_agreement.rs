#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(any(feature = "suite1", feature = "suite2"))]
//! The Security setup `key_agreement` method (Ephemeral Unified Model): the Green Book
//! Table C.1 signature and Z, round trips on both curves, and tamper tests.
//!
//! Vectors: `tests/data/key_agreement.json` (DLMS UA Green Book Annex C, Table C.1, as cited
//! by the EnergyICT `ECDSASignatureImplTest` and Gurux `GXSymmetricTest` Java tests named
//! there). The method data layout follows Gurux.DLMS.Net
//! `Development/Objects/GXDLMSSecuritySetup.cs` @0a04c3db151c (`KeyAgreement`,
//! `UpdateEphemeralKeys`).

use dlms_security::ecc::{Curve, PrivateKey};
use dlms_security::kdf::AlgorithmId;
use dlms_security::key_agreement::{
    AgreedKeys, KeyAgreementData, KeyAgreementRequest, MAX_DATA_LEN, algorithm_id, respond,
};
use dlms_security::{Error, KeyId, SecuritySuite, SystemTitle};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const CLIENT: SystemTitle = SystemTitle(*b"MMM\0\0\xBCaN");
const SERVER: SystemTitle = SystemTitle(*b"MMM\0\0\0\0\x01");

#[cfg(feature = "suite1")]
mod annex_c1 {
    use super::*;
    use dlms_security::ecc::PublicKey;
    use dlms_security::kdf;
    use dlms_security::key_agreement::{Entry, signed_message};
    use serde_json::Value;

    fn h(v: &Value) -> Vec<u8> {
        hex::decode(v.as_str().unwrap()).unwrap()
    }

    fn vector(id: &str) -> Value {
        let data: Value = serde_json::from_str(include_str!("data/key_agreement.json")).unwrap();
        data["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .unwrap()
            .clone()
    }

    /// Table C.1: the client signs `00 || X || Y` of its ephemeral key, and the server's
    /// ephemeral key with it gives the published Z.
    #[test]
    fn annex_c1_signed_message_and_z() {
        let v = vector("gb-c1-ephemeral-public-key-signature");
        let client_eph = PublicKey::from_xy(
            Curve::P256,
            &h(&vector("gb-c1-ephemeral-unified-ecdh")["client_ephemeral_public"]),
        )
        .unwrap();
        let msg = signed_message(KeyId::GlobalUnicastEncryption, &client_eph).unwrap();
        assert_eq!(msg.as_slice(), h(&v["message"]));
        let signer = PublicKey::from_xy(Curve::P256, &h(&v["signer_public"])).unwrap();

        // The request entry as the client sends it verifies and yields the ephemeral key.
        let key_data = [client_eph.to_xy().as_slice(), &h(&v["signature_r_s"])].concat();
        let entry = Entry {
            key_id: KeyId::GlobalUnicastEncryption,
            key_data: &key_data,
        };
        assert_eq!(entry.verify(&signer).unwrap(), client_eph);
        // The same data under another key id, or the negative signature, does not.
        let other = Entry {
            key_id: KeyId::GlobalBroadcastEncryption,
            ..entry
        };
        assert_eq!(other.verify(&signer), Err(Error::AuthenticationFailed));
        let bad = [
            client_eph.to_xy().as_slice(),
            &h(&v["negative"]["signature_r_s"]),
        ]
        .concat();
        let bad = Entry {
            key_data: &bad,
            ..entry
        };
        assert_eq!(bad.verify(&signer), Err(Error::AuthenticationFailed));

        // Z and the key as the server derives it (Gurux convention, see tests/ecc.rs).
        let c1 = vector("gb-c1-ephemeral-unified-ecdh");
        let server_eph =
            PrivateKey::from_slice(Curve::P256, &h(&c1["server_ephemeral_private"])).unwrap();
        let z = server_eph.diffie_hellman(&client_eph).unwrap();
        assert_eq!(z.expose_secret(), h(&c1["expected_Z"]));
        let alg = algorithm_id(KeyId::GlobalUnicastEncryption, SecuritySuite::Suite1);
        assert_eq!(alg, AlgorithmId::AesGcm128);
        let info = kdf::other_info(alg, CLIENT.as_bytes(), None, SERVER.as_bytes()).unwrap();
        let k = kdf::derive(
            SecuritySuite::Suite1,
            &z,
            info.as_slice(),
            SecuritySuite::Suite1.key_size(),
        )
        .unwrap();
        assert_eq!(
            k.expose_secret(),
            &h(&c1["kdf_green_book_convention"]["derived_256"])[..16]
        );
    }
}

#[test]
fn algorithm_ids() {
    for suite in [SecuritySuite::Suite1, SecuritySuite::Suite2] {
        for id in KeyId::ALL {
            let alg = algorithm_id(id, suite);
            assert_eq!(alg.key_size(), suite.key_size());
            assert_eq!(
                alg,
                if id == KeyId::Master {
                    AlgorithmId::wrap(suite)
                } else {
                    AlgorithmId::gcm(suite)
                }
            );
        }
    }
}

struct Parties {
    suite: SecuritySuite,
    client_signing: PrivateKey,
    server_signing: PrivateKey,
    rng: ChaCha20Rng,
}

fn parties(suite: SecuritySuite, seed: u64) -> Parties {
    let curve = Curve::for_suite(suite).unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    Parties {
        suite,
        client_signing: PrivateKey::generate(curve, &mut rng).unwrap(),
        server_signing: PrivateKey::generate(curve, &mut rng).unwrap(),
        rng,
    }
}

fn request(p: &mut Parties, ids: &[KeyId]) -> (KeyAgreementRequest, Vec<u8>) {
    let mut req = KeyAgreementRequest::new(p.suite).unwrap();
    for id in ids {
        req.add(*id, &p.client_signing, &mut p.rng).unwrap();
    }
    let mut buf = [0u8; MAX_DATA_LEN];
    let n = req.emit(&mut buf).unwrap();
    assert_eq!(n, req.buffer_len());
    #[cfg(feature = "alloc")]
    assert_eq!(req.to_vec().unwrap(), &buf[..n]);
    (req, buf[..n].to_vec())
}

fn serve(p: &mut Parties, req: &[u8]) -> Result<(Vec<u8>, AgreedKeys), Error> {
    let (rsp, keys) = respond(
        p.suite,
        req,
        &p.client_signing.public_key(),
        &p.server_signing,
        &CLIENT,
        &SERVER,
        &mut p.rng,
    )?;
    let mut buf = [0u8; MAX_DATA_LEN];
    let n = rsp.emit(&mut buf).unwrap();
    assert_eq!(n, rsp.buffer_len());
    #[cfg(feature = "alloc")]
    assert_eq!(rsp.to_vec().unwrap(), &buf[..n]);
    Ok((buf[..n].to_vec(), keys))
}

fn round_trip(suite: SecuritySuite, seed: u64) {
    let curve = Curve::for_suite(suite).unwrap();
    let mut p = parties(suite, seed);
    let ids = [
        KeyId::GlobalUnicastEncryption,
        KeyId::Master,
        KeyId::Authentication,
    ];
    let (req, bytes) = request(&mut p, &ids);
    // The request's shape: array of 3 structures {enum, octet-string(X||Y||r||s)}.
    let kd = curve.public_key_len() + curve.signature_len();
    assert_eq!(bytes.len(), 2 + 3 * (7 + kd));
    assert_eq!(&bytes[..2], &[0x01, 0x03]);
    assert_eq!(
        &bytes[2..9],
        &[0x02, 0x02, 0x16, 0x00, 0x09, 0x81, kd as u8]
    );
    let parsed = KeyAgreementData::parse(&bytes).unwrap();
    assert_eq!(
        parsed.iter().map(|e| e.key_id).collect::<Vec<_>>(),
        ids.to_vec()
    );
    for e in parsed.iter() {
        e.verify(&p.client_signing.public_key()).unwrap();
    }

    let (rsp, server_keys) = serve(&mut p, &bytes).unwrap();
    assert_eq!(rsp.len(), bytes.len());
    for e in KeyAgreementData::parse(&rsp).unwrap().iter() {
        e.verify(&p.server_signing.public_key()).unwrap();
    }
    let server_pub = p.server_signing.public_key();
    let mut client_keys = req.finish(&rsp, &server_pub, &CLIENT, &SERVER).unwrap();
    assert_eq!(client_keys.len(), 3);
    assert_eq!(server_keys.len(), 3);
    for id in ids {
        let c = client_keys.get(id).unwrap();
        assert_eq!(c.size(), suite.key_size());
        assert_eq!(
            c.expose_secret(),
            server_keys.get(id).unwrap().expose_secret()
        );
    }
    // Different key ids get different keys.
    assert_ne!(
        client_keys.get(ids[0]).unwrap().expose_secret(),
        client_keys.get(ids[2]).unwrap().expose_secret()
    );
    assert!(client_keys.get(KeyId::GlobalBroadcastEncryption).is_none());
    let key: dlms_security::GlobalUnicastKey = client_keys
        .take(KeyId::GlobalUnicastEncryption)
        .unwrap()
        .into();
    assert_eq!(key.size(), suite.key_size());
    assert_eq!(client_keys.len(), 2);
}

#[cfg(feature = "suite1")]
#[test]
fn round_trip_suite1() {
    for seed in 0..3 {
        round_trip(SecuritySuite::Suite1, seed);
    }
}

#[cfg(feature = "suite2")]
#[test]
fn round_trip_suite2() {
    for seed in 0..3 {
        round_trip(SecuritySuite::Suite2, seed);
    }
}

/// Replaces the `key_data` of the first entry (which starts at offset 7: array header 2,
/// structure header 2, enum 2, octet-string tag 1, then its two length octets).
fn key_data_mut(bytes: &mut [u8]) -> &mut [u8] {
    let len = bytes[8] as usize;
    &mut bytes[9..9 + len]
}

fn tamper(suite: SecuritySuite) {
    let curve = Curve::for_suite(suite).unwrap();
    let n = curve.public_key_len();
    let mut p = parties(suite, 42);
    let ids = [KeyId::GlobalUnicastEncryption];

    // Request tampering, seen by the server.
    let (_, good) = request(&mut p, &ids);
    // 1. A wrong signature.
    let mut bad = good.clone();
    key_data_mut(&mut bad)[n + 5] ^= 1;
    assert_eq!(serve(&mut p, &bad).err(), Some(Error::AuthenticationFailed));
    // 2. The public key swapped for another valid key (the signature is the original's).
    let other = PrivateKey::generate(curve, &mut p.rng)
        .unwrap()
        .public_key();
    let mut bad = good.clone();
    key_data_mut(&mut bad)[..n].copy_from_slice(&other.to_xy());
    assert_eq!(serve(&mut p, &bad).err(), Some(Error::AuthenticationFailed));
    // 3. An off-curve point.
    let mut bad = good.clone();
    key_data_mut(&mut bad)[n - 1] ^= 1;
    assert_eq!(serve(&mut p, &bad).err(), Some(Error::InvalidPublicKey));
    // 4. Signed by someone else (a request from an impostor).
    let impostor = PrivateKey::generate(curve, &mut p.rng).unwrap();
    let mut forged = KeyAgreementRequest::new(suite).unwrap();
    forged
        .add(KeyId::GlobalUnicastEncryption, &impostor, &mut p.rng)
        .unwrap();
    let mut buf = [0u8; MAX_DATA_LEN];
    let len = forged.emit(&mut buf).unwrap();
    assert_eq!(
        serve(&mut p, &buf[..len]).err(),
        Some(Error::AuthenticationFailed)
    );
    // 5. A truncated key_data and a malformed array.
    let mut bad = good.clone();
    bad[8] -= 1;
    bad.pop();
    assert_eq!(
        serve(&mut p, &bad).err(),
        Some(Error::InvalidKeyAgreementData)
    );
    assert!(matches!(
        serve(&mut p, &good[..good.len() - 1]).err(),
        Some(Error::Decode(_))
    ));
    // The untampered request still works.
    assert!(serve(&mut p, &good).is_ok());

    // Response tampering, seen by the client.
    let server_pub = p.server_signing.public_key();
    let fresh = |p: &mut Parties| {
        let (req, bytes) = request(p, &ids);
        let (rsp, keys) = serve(p, &bytes).unwrap();
        (req, rsp, keys)
    };
    let (req, mut rsp, _) = fresh(&mut p);
    key_data_mut(&mut rsp)[n + 9] ^= 0x80;
    assert_eq!(
        req.finish(&rsp, &server_pub, &CLIENT, &SERVER).err(),
        Some(Error::AuthenticationFailed)
    );
    let (req, mut rsp, _) = fresh(&mut p);
    key_data_mut(&mut rsp)[..n].copy_from_slice(&other.to_xy());
    assert_eq!(
        req.finish(&rsp, &server_pub, &CLIENT, &SERVER).err(),
        Some(Error::AuthenticationFailed)
    );
    let (req, mut rsp, _) = fresh(&mut p);
    key_data_mut(&mut rsp)[1] ^= 1;
    assert_eq!(
        req.finish(&rsp, &server_pub, &CLIENT, &SERVER).err(),
        Some(Error::InvalidPublicKey)
    );
    // A response signed with the client's key (a reflected request) is refused.
    let (req, _, _) = fresh(&mut p);
    let (_, reflected) = request(&mut p, &ids);
    assert_eq!(
        req.finish(&reflected, &server_pub, &CLIENT, &SERVER).err(),
        Some(Error::AuthenticationFailed)
    );
    // A response for another key id than requested.
    let (req, mut rsp, _) = fresh(&mut p);
    rsp[5] = KeyId::Authentication.value();
    assert_eq!(
        req.finish(&rsp, &server_pub, &CLIENT, &SERVER).err(),
        Some(Error::InvalidKeyAgreementData)
    );
    // The wrong system title: the exchange verifies, but the two sides hold different
    // keys, so the first protected APDU under the new key fails.
    let (req, rsp, server_keys) = fresh(&mut p);
    let wrong = SystemTitle(*b"MMM\0\0\0\0\x02");
    let client_keys = req.finish(&rsp, &server_pub, &CLIENT, &wrong).unwrap();
    assert_ne!(
        client_keys
            .get(KeyId::GlobalUnicastEncryption)
            .unwrap()
            .expose_secret(),
        server_keys
            .get(KeyId::GlobalUnicastEncryption)
            .unwrap()
            .expose_secret()
    );
    // The untampered exchange agrees.
    let (req, rsp, server_keys) = fresh(&mut p);
    let client_keys = req.finish(&rsp, &server_pub, &CLIENT, &SERVER).unwrap();
    assert_eq!(
        client_keys
            .get(KeyId::GlobalUnicastEncryption)
            .unwrap()
            .expose_secret(),
        server_keys
            .get(KeyId::GlobalUnicastEncryption)
            .unwrap()
            .expose_secret()
    );
}

#[cfg(feature = "suite1")]
#[test]
fn tamper_suite1() {
    tamper(SecuritySuite::Suite1);
}

#[cfg(feature = "suite2")]
#[test]
fn tamper_suite2() {
    tamper(SecuritySuite::Suite2);
}

/// One bad entry among good ones: no key is derived at all.
#[cfg(feature = "suite1")]
#[test]
fn one_bad_entry_fails_the_whole_request() {
    let mut p = parties(SecuritySuite::Suite1, 5);
    let (_, mut bytes) = request(
        &mut p,
        &[KeyId::GlobalUnicastEncryption, KeyId::Authentication],
    );
    let last = bytes.len() - 1;
    bytes[last] ^= 1; // the second entry's signature
    assert_eq!(
        serve(&mut p, &bytes).err(),
        Some(Error::AuthenticationFailed)
    );
}

#[test]
fn misuse() {
    assert_eq!(
        KeyAgreementRequest::new(SecuritySuite::Suite0).err(),
        Some(Error::UnsupportedSuite(0))
    );
    let suite = if Curve::P256.is_enabled() {
        SecuritySuite::Suite1
    } else {
        SecuritySuite::Suite2
    };
    let mut p = parties(suite, 1);
    let mut req = KeyAgreementRequest::new(suite).unwrap();
    let mut buf = [0u8; MAX_DATA_LEN];
    assert_eq!(
        req.emit(&mut buf).err(),
        Some(Error::InvalidKeyAgreementData)
    );
    req.add(KeyId::Master, &p.client_signing, &mut p.rng)
        .unwrap();
    assert_eq!(
        req.add(KeyId::Master, &p.client_signing, &mut p.rng).err(),
        Some(Error::InvalidKeyAgreementData)
    );
    assert!(matches!(
        req.emit(&mut buf[..10]).err(),
        Some(Error::BufferTooSmall { .. })
    ));
    assert_eq!(req.key_ids().collect::<Vec<_>>(), vec![KeyId::Master]);
    #[cfg(all(feature = "suite1", feature = "suite2"))]
    {
        let other = PrivateKey::generate(Curve::P384, &mut p.rng).unwrap();
        assert_eq!(
            req.add(KeyId::Authentication, &other, &mut p.rng).err(),
            Some(Error::CurveMismatch)
        );
    }
}
