//! APDU protection throughput for `dlms-security`, beside raw AES-GCM on the same bytes.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::hazmat::iv_from_raw;
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    Aes128Gcm, AuthenticationKey, Form, GlobalUnicastKey, Mode, Protection, SecurityContext,
    SecuritySuite, SystemTitle,
};
use std::hint::black_box;

/// APDU sizes: a short request, a small response, a 1 KiB and a 4 KiB profile block.
const SIZES: [usize; 4] = [64, 256, 1024, 4096];

const TITLE: SystemTitle = SystemTitle(*b"MMM\x00\x00\xBC\x61\x4E");

/// A get-response of `len` octets.
fn plain(len: usize) -> Vec<u8> {
    let mut p = vec![0xC4, 0x01, 0xC1, 0x00];
    p.extend((0..len - 4).map(|i| i as u8));
    p
}

fn context() -> SecurityContext {
    SecurityContext::new(
        SecuritySuite::Suite0,
        TITLE,
        &GlobalUnicastKey::new_128([0x11; 16]),
    )
    .unwrap()
    .with_authentication_key(AuthenticationKey::new_128([0xD0; 16]))
    .unwrap()
}

fn security(c: &mut Criterion) {
    let ctx = context();
    let gcm = Aes128Gcm::new(&[0x11; 16]).unwrap();
    let iv = iv_from_raw(*b"MMM\x00\x00\xBC\x61\x4E\x00\x00\x00\x01");
    let mut store = MemoryStore::new(0);
    let mut lease = reserve(&mut store, u32::MAX).unwrap();
    let mut group = c.benchmark_group("security");
    for size in SIZES {
        let plain = plain(size);
        group.throughput(Throughput::Bytes(size as u64));
        for (name, mode) in [
            ("authenticated-encrypted", Mode::AuthenticatedEncrypted),
            ("authenticated", Mode::Authenticated),
            ("encrypted", Mode::Encrypted),
        ] {
            let p = Protection::new(Form::Service, KeyUse::GlobalUnicast, mode);
            let mut out = vec![0u8; ctx.protected_len(p, &plain).unwrap()];
            group.bench_with_input(
                BenchmarkId::new(format!("protect/{name}"), size),
                &plain,
                |b, plain| {
                    b.iter(|| {
                        ctx.protect(p, &mut lease, black_box(plain), &mut out)
                            .unwrap()
                    })
                },
            );
            let apdu = out.clone();
            let mut buf = apdu.clone();
            group.bench_with_input(
                BenchmarkId::new(format!("unprotect/{name}"), size),
                &apdu,
                |b, apdu| {
                    b.iter(|| {
                        buf.copy_from_slice(black_box(apdu));
                        let mut guard = ReplayGuard::<1>::new();
                        ctx.unprotect_in_place(&mut buf, Some(TITLE), &mut guard)
                            .unwrap()
                            .plaintext
                            .len()
                    })
                },
            );
        }
        // Raw AES-GCM-128 on the same bytes with the same 17-octet associated data.
        let aad = [0x30; 17];
        let mut text = plain.clone();
        group.bench_with_input(
            BenchmarkId::new("aes-gcm/seal", size),
            &plain,
            |b, plain| {
                b.iter(|| {
                    text.copy_from_slice(black_box(plain));
                    gcm.seal_in_place(&iv, &aad, &mut text).unwrap()
                })
            },
        );
        let mut sealed = plain.clone();
        let tag = gcm.seal_in_place(&iv, &aad, &mut sealed).unwrap();
        group.bench_with_input(
            BenchmarkId::new("aes-gcm/open", size),
            &sealed,
            |b, sealed| {
                b.iter(|| {
                    text.copy_from_slice(black_box(sealed));
                    gcm.open_in_place(&iv, &aad, &mut text, &tag).unwrap()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, security);
criterion_main!(benches);
