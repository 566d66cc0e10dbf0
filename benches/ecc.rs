//! The elliptic-curve operations of security suites 1 (P-256) and 2 (P-384): ECDH, the KDF,
//! ECDSA signing and verification, and the on-curve check of a received public key.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dlms_security::ecc::{Curve, PrivateKey, PublicKey, SharedSecret};
use dlms_security::kdf::{AlgorithmId, derive, other_info};
use dlms_security::{KeySize, SecuritySuite};
use std::hint::black_box;

const CURVES: [(Curve, &str); 2] = [(Curve::P256, "P-256"), (Curve::P384, "P-384")];

/// A fixed key pair on `curve` (a valid scalar, well below either order).
fn key(curve: Curve, fill: u8) -> PrivateKey {
    PrivateKey::from_slice(curve, &vec![fill; curve.scalar_len()]).unwrap()
}

fn ecc(c: &mut Criterion) {
    // The message HLS-7 signs: two system titles and two 32-octet challenges.
    let msg = [0x5Au8; 8 + 8 + 32 + 32];
    let mut g = c.benchmark_group("ecc");
    for (curve, name) in CURVES {
        let own = key(curve, 0x11);
        let peer = key(curve, 0x22).public_key();
        let xy = peer.to_xy();
        let sig = own.sign(&msg).unwrap();
        let own_pub = own.public_key();
        g.bench_function(BenchmarkId::new("ecdh", name), |b| {
            b.iter(|| own.diffie_hellman(black_box(&peer)).unwrap())
        });
        g.bench_function(BenchmarkId::new("public_key_from_xy", name), |b| {
            b.iter(|| PublicKey::from_xy(curve, black_box(&xy)).unwrap())
        });
        g.bench_function(BenchmarkId::new("ecdsa_sign", name), |b| {
            b.iter(|| own.sign(black_box(&msg)).unwrap())
        });
        g.bench_function(BenchmarkId::new("ecdsa_verify", name), |b| {
            b.iter(|| own_pub.verify(black_box(&msg), &sig).unwrap())
        });
        let suite = curve.suite();
        let z = SharedSecret::from_slice(&vec![0x33; curve.scalar_len()]).unwrap();
        let info = other_info(
            AlgorithmId::gcm(suite),
            b"MMM\0\0\xBCaN",
            None,
            b"MMM\0\0\0\0\x01",
        )
        .unwrap();
        let size = match suite {
            SecuritySuite::Suite2 => KeySize::Aes256,
            _ => KeySize::Aes128,
        };
        g.bench_function(BenchmarkId::new("kdf", name), |b| {
            b.iter(|| derive(suite, black_box(&z), info.as_slice(), size).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, ecc);
criterion_main!(benches);
