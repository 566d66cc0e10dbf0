#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! AES key wrap for Security setup key transfer.
//!
//! Vectors: `tests/data/key_wrap.json`, the RFC 3394 section 4 examples (also in
//! RustCrypto/key-wraps `aes-kw/tests` @4c1f92c96997 and, for 4.1, xdom/jdlms
//! `SecurityUtilsTest.java` @968f7232a087) and one negative derived from 4.1.

use dlms_security::kw::{
    KeyId, UnwrappedKey, WRAP_OVERHEAD, unwrap_key, unwrap_octets, wrap_key, wrap_octets,
    wrapped_len,
};
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Error, GlobalUnicastKey, KeySize, MasterKey,
};
use proptest::prelude::*;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let v: Value = serde_json::from_str(include_str!("data/key_wrap.json")).unwrap();
    v["vectors"].as_array().unwrap().clone()
}

fn hex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

#[test]
fn every_rfc3394_vector() {
    let mut positive = 0;
    let mut negative = 0;
    for v in vectors() {
        let id = v["id"].as_str().unwrap();
        let kek = hex(&v["KEK"]);
        if let Some(expected) = v.get("expected_wrapped") {
            positive += 1;
            let data = hex(&v["key_data"]);
            let expected = hex(expected);
            let mut out = [0u8; 48];
            let n = wrap_octets(&kek, &data, &mut out).unwrap();
            assert_eq!(&out[..n], expected.as_slice(), "{id}");
            let mut back = [0u8; 40];
            let n = unwrap_octets(&kek, &expected, &mut back).unwrap();
            assert_eq!(&back[..n], data.as_slice(), "{id}");
            // The typed path for the key sizes DLMS uses.
            if let (Ok(master), Some(size)) =
                (MasterKey::from_slice(&kek), KeySize::from_len(data.len()))
            {
                let key = GlobalUnicastKey::from_slice(&data).unwrap();
                let mut out = [0u8; 40];
                let n = wrap_key(&master, &key, &mut out).unwrap();
                assert_eq!(n, wrapped_len(size));
                assert_eq!(&out[..n], expected.as_slice(), "{id}");
                let k = unwrap_key(&master, &expected).unwrap();
                assert_eq!(k.size(), size);
                assert_eq!(k.expose_secret(), data.as_slice(), "{id}");
            }
        } else {
            negative += 1;
            let wrapped = hex(&v["wrapped"]);
            let mut back = [0x55u8; 16];
            assert_eq!(
                unwrap_octets(&kek, &wrapped, &mut back),
                Err(Error::UnwrapFailed),
                "{id}"
            );
            // No key material is left behind.
            assert_eq!(back, [0; 16]);
            let master = MasterKey::from_slice(&kek).unwrap();
            assert_eq!(
                unwrap_key(&master, &wrapped).unwrap_err(),
                Error::UnwrapFailed
            );
        }
    }
    assert_eq!((positive, negative), (6, 1));
}

#[test]
fn both_dlms_key_sizes() {
    // 16-octet keys wrap to 24 octets, 32-octet keys to 40, under either KEK size.
    for kek in [
        MasterKey::new_128([0x0F; 16]),
        MasterKey::new_256([0xF0; 32]),
    ] {
        let k128 = BroadcastKey::new_128([0x11; 16]);
        let mut out = [0u8; 40];
        assert_eq!(wrap_key(&kek, &k128, &mut out), Ok(24));
        let back: BroadcastKey = unwrap_key(&kek, &out[..24]).unwrap().into();
        assert_eq!(back.expose_secret(), &[0x11; 16]);

        let k256 = AuthenticationKey::new_256([0x22; 32]);
        assert_eq!(wrap_key(&kek, &k256, &mut out), Ok(40));
        let back = AuthenticationKey::from(unwrap_key(&kek, &out).unwrap());
        assert_eq!(back.size(), KeySize::Aes256);
        assert_eq!(back.expose_secret(), &[0x22; 32]);
    }
}

#[test]
fn unwrapped_keys_convert_into_every_key_type() {
    let kek = MasterKey::new_128([3; 16]);
    let mut out = [0u8; 24];
    wrap_key(&kek, &DedicatedKey::new_128([9; 16]), &mut out).unwrap();
    let k = || unwrap_key(&kek, &out).unwrap();
    assert_eq!(GlobalUnicastKey::from(k()).expose_secret(), &[9; 16]);
    assert_eq!(BroadcastKey::from(k()).expose_secret(), &[9; 16]);
    assert_eq!(AuthenticationKey::from(k()).expose_secret(), &[9; 16]);
    assert_eq!(MasterKey::from(k()).expose_secret(), &[9; 16]);
    assert_eq!(DedicatedKey::from(k()).expose_secret(), &[9; 16]);
    // An unwrapped key can be wrapped again (re-keying a second device).
    let again = k();
    let mut out2 = [0u8; 24];
    wrap_key(&kek, &again, &mut out2).unwrap();
    assert_eq!(out, out2);
    assert_eq!(format!("{again:?}"), "UnwrappedKey(Aes128, redacted)");
}

#[test]
fn wrong_lengths_and_buffers() {
    let kek = MasterKey::new_128([1; 16]);
    for len in [0, 8, 16, 23, 25, 32, 48] {
        assert_eq!(
            unwrap_key(&kek, &vec![0; len]).unwrap_err(),
            Error::InvalidLength(len)
        );
    }
    let mut small = [0u8; 23];
    assert_eq!(
        wrap_key(&kek, &GlobalUnicastKey::new_128([0; 16]), &mut small),
        Err(Error::BufferTooSmall { needed: 24 })
    );
    let mut out = [0u8; 64];
    for len in [0, 8, 15, 17, 20] {
        assert_eq!(
            wrap_octets(&[0; 16], &vec![0; len], &mut out),
            Err(Error::InvalidLength(len))
        );
    }
    assert_eq!(
        wrap_octets(&[0; 20], &[0; 16], &mut out),
        Err(Error::KeyLength {
            expected: 16,
            actual: 20
        })
    );
    assert_eq!(
        unwrap_octets(&[0; 16], &[0; 24], &mut [0u8; 15]),
        Err(Error::BufferTooSmall { needed: 16 })
    );
    assert_eq!(
        unwrap_octets(&[0; 16], &[0; 20], &mut out),
        Err(Error::InvalidLength(20))
    );
    assert_eq!(WRAP_OVERHEAD, 8);
}

#[test]
fn a_wrong_kek_fails_the_integrity_check() {
    let mut out = [0u8; 24];
    wrap_key(
        &MasterKey::new_128([1; 16]),
        &GlobalUnicastKey::new_128([2; 16]),
        &mut out,
    )
    .unwrap();
    assert_eq!(
        unwrap_key(&MasterKey::new_128([3; 16]), &out).unwrap_err(),
        Error::UnwrapFailed
    );
    // A 256-bit KEK does not unwrap what a 128-bit KEK wrapped.
    assert_eq!(
        unwrap_key(&MasterKey::new_256([1; 32]), &out).unwrap_err(),
        Error::UnwrapFailed
    );
}

#[test]
fn key_transfer_ids() {
    let table = [
        (
            0,
            KeyId::GlobalUnicastEncryption,
            "global-unicast-encryption-key",
        ),
        (
            1,
            KeyId::GlobalBroadcastEncryption,
            "global-broadcast-encryption-key",
        ),
        (2, KeyId::Authentication, "authentication-key"),
        (3, KeyId::Master, "master-key"),
    ];
    for (value, id, name) in table {
        assert_eq!(id.value(), value);
        assert_eq!(KeyId::from_value(value), Some(id));
        assert_eq!(id.to_string(), name);
    }
    for value in 4..=255 {
        assert_eq!(KeyId::from_value(value), None);
    }
    assert_eq!(KeyId::ALL.len(), 4);
}

fn any_key() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 16),
        prop::collection::vec(any::<u8>(), 32)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn wrap_unwrap_round_trip(kek in any_key(), key in any_key(), flip in 0usize..320) {
        let master = MasterKey::from_slice(&kek).unwrap();
        let k = GlobalUnicastKey::from_slice(&key).unwrap();
        let mut out = [0u8; 40];
        let n = wrap_key(&master, &k, &mut out).unwrap();
        prop_assert_eq!(n, key.len() + 8);
        let back: UnwrappedKey = unwrap_key(&master, &out[..n]).unwrap();
        prop_assert_eq!(back.expose_secret(), key.as_slice());
        // Any flipped bit is caught.
        let bit = flip % (n * 8);
        out[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(unwrap_key(&master, &out[..n]).unwrap_err(), Error::UnwrapFailed);
    }
}
