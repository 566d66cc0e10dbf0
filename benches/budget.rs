//! The overhead budget of the security layer, measured on the same bytes in one run:
//!
//! - `budget-security`: `SecurityContext::protect` and `unprotect_in_place` against the
//!   bare `aes-gcm` AEAD (key expanded once, the same associated data) in each mode;
//! - `budget-e2e`: a head-end's receive path (HDLC deframe, segment reassembly, unprotect,
//!   APDU parse, every value decoded) and send path (encode, protect, segment, frame),
//!   secured against plain, and the receive path of a real encrypted E570 push.
//!
//! `cargo run -p dlms-benches --bin budget` prints the table from criterion's results.
#![allow(missing_docs)]

use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::U12;
use aes_gcm::aes::Aes128;
use aes_gcm::aes::cipher::KeyInit;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dlms_apdu::DataRef;
use dlms_apdu::block::{GeneralBlockTransfer, Pacing, Progress, Receiver, Sender};
use dlms_apdu::get::{GetDataResult, GetResponse, GetResponseNormal};
use dlms_apdu::notification::DataNotification;
use dlms_apdu::{Apdu, InvokeIdAndPriority};
use dlms_benches::budget::{
    AK, E2E, EK, Workload, e570_key, e570_stream, get_response, plain_apdu, profile_buffer,
    sum_fields,
};
use dlms_hdlc::segment::{FrameKind, Reassembler, Segmenter};
use dlms_hdlc::{Address, Deframer, DeframerEvent, llc};
use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, Form, GlobalUnicastKey, Mode, Protection, SecurityContext, SecuritySuite,
    SystemTitle,
};
use std::hint::black_box;

type RawGcm = aes_gcm::AesGcm<Aes128, U12, U12>;

const TITLE: SystemTitle = SystemTitle(*b"MMM\x00\x00\xBC\x61\x4E");

fn context() -> SecurityContext {
    SecurityContext::new(SecuritySuite::Suite0, TITLE, &GlobalUnicastKey::new_128(EK))
        .unwrap()
        .with_authentication_key(AuthenticationKey::new_128(AK))
        .unwrap()
}

const MODES: [(&str, Mode); 3] = [
    ("ae", Mode::AuthenticatedEncrypted),
    ("auth", Mode::Authenticated),
    ("enc", Mode::Encrypted),
];

fn security(c: &mut Criterion) {
    let ctx = context();
    let raw = RawGcm::new_from_slice(&EK).unwrap();
    let nonce = Array::<u8, U12>::from(*b"MMM\x00\x00\xBC\x61\x4E\x00\x00\x00\x01");
    let mut store = MemoryStore::new(0);
    let mut lease = reserve(&mut store, u32::MAX).unwrap();
    let mut g = c.benchmark_group("budget-security");
    for size in dlms_benches::budget::SIZES {
        let plain = plain_apdu(size);
        g.throughput(Throughput::Bytes(size as u64));
        for (short, mode) in MODES {
            let p = Protection::new(Form::Service, KeyUse::GlobalUnicast, mode);
            let sc = p.security_control(SecuritySuite::Suite0).0;
            // SC || AK, and for authentication only SC || AK || plaintext, built beforehand:
            // the primitive is given its associated data contiguous, for free.
            let mut sc_ak = vec![sc];
            sc_ak.extend_from_slice(&AK);
            let mut sc_ak_text = sc_ak.clone();
            sc_ak_text.extend_from_slice(&plain);

            // Sending: the primitive also copies the plaintext into the output buffer.
            let mut text = plain.clone();
            g.bench_with_input(
                BenchmarkId::new(format!("raw-seal-{short}"), size),
                &plain,
                |b, plain| {
                    b.iter(|| {
                        text.copy_from_slice(black_box(plain));
                        match mode {
                            Mode::AuthenticatedEncrypted => raw
                                .encrypt_inout_detached(&nonce, &sc_ak, text.as_mut_slice().into())
                                .unwrap(),
                            Mode::Authenticated => raw
                                .encrypt_inout_detached(
                                    &nonce,
                                    black_box(&sc_ak_text),
                                    (&mut [][..]).into(),
                                )
                                .unwrap(),
                            // The keystream of a GCM seal; the tag is dropped.
                            Mode::Encrypted => raw
                                .encrypt_inout_detached(&nonce, &[], text.as_mut_slice().into())
                                .unwrap(),
                        }
                    })
                },
            );
            let mut out = vec![0u8; ctx.protected_len(p, &plain).unwrap()];
            g.bench_with_input(
                BenchmarkId::new(format!("protect-{short}"), size),
                &plain,
                |b, plain| {
                    b.iter(|| {
                        ctx.protect(p, &mut lease, black_box(plain), &mut out)
                            .unwrap()
                    })
                },
            );

            // Receiving: both copy the received bytes into a working buffer first.
            let mut sealed = plain.clone();
            let tag = match mode {
                Mode::AuthenticatedEncrypted => raw
                    .encrypt_inout_detached(&nonce, &sc_ak, sealed.as_mut_slice().into())
                    .unwrap(),
                Mode::Authenticated => raw
                    .encrypt_inout_detached(&nonce, &sc_ak_text, (&mut [][..]).into())
                    .unwrap(),
                Mode::Encrypted => raw
                    .encrypt_inout_detached(&nonce, &[], sealed.as_mut_slice().into())
                    .unwrap(),
            };
            g.bench_with_input(
                BenchmarkId::new(format!("raw-open-{short}"), size),
                &sealed,
                |b, sealed| {
                    b.iter(|| {
                        text.copy_from_slice(black_box(sealed));
                        match mode {
                            Mode::AuthenticatedEncrypted => raw
                                .decrypt_inout_detached(
                                    &nonce,
                                    &sc_ak,
                                    text.as_mut_slice().into(),
                                    &tag,
                                )
                                .unwrap(),
                            Mode::Authenticated => raw
                                .decrypt_inout_detached(
                                    &nonce,
                                    black_box(&sc_ak_text),
                                    (&mut [][..]).into(),
                                    &tag,
                                )
                                .unwrap(),
                            Mode::Encrypted => {
                                raw.encrypt_inout_detached(&nonce, &[], text.as_mut_slice().into())
                                    .unwrap();
                            }
                        }
                    })
                },
            );
            let n = ctx.protect(p, &mut lease, &plain, &mut out).unwrap();
            let apdu = out[..n].to_vec();
            let mut buf = apdu.clone();
            g.bench_with_input(
                BenchmarkId::new(format!("unprotect-{short}"), size),
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
    }
    g.finish();
}

/// The server's and the client's HDLC addresses.
fn addresses() -> (Address, Address) {
    (
        Address::PUBLIC_CLIENT,
        Address::server(1, Some(17)).unwrap(),
    )
}

/// Writes `apdu` after the LLC header into I-frames of at most `max_info` octets.
fn frames(apdu: &[u8], max_info: usize, info: &mut Vec<u8>, wire: &mut Vec<u8>) {
    info.clear();
    info.extend_from_slice(&llc::RESPONSE);
    info.extend_from_slice(apdu);
    wire.clear();
    let (dest, src) = addresses();
    let kind = FrameKind::I {
        ns: 0,
        nr: 0,
        window: 1,
    };
    for f in Segmenter::new(info, max_info).frames(dest, src, kind) {
        let start = wire.len();
        wire.resize(start + f.buffer_len() + 2, 0);
        f.emit_flagged(&mut wire[start..]).unwrap();
    }
}

/// The receive path of a head-end: deframe, reassemble, (unprotect,) parse, decode every
/// value. Returns a sum over the values so nothing is optimised away.
fn receive(
    wire: &[u8],
    deframer: &mut Deframer<Vec<u8>>,
    reassembler: &mut Reassembler<Vec<u8>>,
    work: &mut [u8],
    ctx: Option<&SecurityContext>,
) -> u64 {
    let mut off = 0;
    let mut sum = 0;
    while off < wire.len() {
        off += deframer.handle_input(&wire[off..]);
        while let Some(ev) = deframer.poll_event() {
            let DeframerEvent::Frame(frame) = ev else {
                panic!("discarded")
            };
            let Some(info) = reassembler.push(&frame.repr()).unwrap() else {
                continue;
            };
            let apdu = info.strip_prefix(&llc::RESPONSE).unwrap();
            let plain = match ctx {
                None => apdu,
                Some(ctx) => {
                    let buf = &mut work[..apdu.len()];
                    buf.copy_from_slice(apdu);
                    let mut guard = ReplayGuard::<1>::new();
                    ctx.unprotect_in_place(buf, Some(TITLE), &mut guard)
                        .unwrap()
                        .plaintext
                }
            };
            sum += match Apdu::parse_exact(plain).unwrap() {
                Apdu::GetResponse(GetResponse::Normal(r)) => match r.result {
                    GetDataResult::Data(v) => sum_fields(&v),
                    GetDataResult::AccessResult(_) => 0,
                },
                _ => panic!("not a get-response"),
            };
        }
    }
    sum
}

fn e2e(c: &mut Criterion) {
    let ctx = context();
    let mut store = MemoryStore::new(0);
    let mut lease = reserve(&mut store, u32::MAX).unwrap();
    let ae = Protection::new(
        Form::Service,
        KeyUse::GlobalUnicast,
        Mode::AuthenticatedEncrypted,
    );
    let mut g = c.benchmark_group("budget-e2e");
    let mut deframer = Deframer::new(vec![0u8; 2100]);
    let mut reassembler = Reassembler::new(vec![0u8; 8192]);
    let mut work = vec![0u8; 8192];
    let (mut info, mut wire_buf) = (Vec::new(), Vec::new());
    for Workload {
        name,
        rows,
        max_info,
    } in E2E
    {
        let value = match rows {
            0 => get_response(),
            rows => profile_buffer(rows),
        };
        let data = DataRef::parse_exact(&value).unwrap();
        let resp = GetResponse::Normal(GetResponseNormal {
            invoke_id: InvokeIdAndPriority(0xC1),
            result: GetDataResult::Data(data),
        });
        let mut plain = vec![0u8; resp.buffer_len()];
        resp.emit(&mut plain).unwrap();
        let mut secured = vec![0u8; ctx.protected_len(ae, &plain).unwrap()];
        ctx.protect(ae, &mut lease, &plain, &mut secured).unwrap();
        g.throughput(Throughput::Bytes(plain.len() as u64));

        for (variant, apdu, secure) in [("plain", &plain, false), ("secured", &secured, true)] {
            frames(apdu, max_info, &mut info, &mut wire_buf);
            let wire = wire_buf.clone();
            let c = secure.then_some(&ctx);
            let expected = receive(&wire, &mut deframer, &mut reassembler, &mut work, c);
            g.bench_function(BenchmarkId::new(format!("receive-{variant}"), name), |b| {
                b.iter(|| {
                    let s = receive(
                        black_box(&wire),
                        &mut deframer,
                        &mut reassembler,
                        &mut work,
                        c,
                    );
                    assert_eq!(s, expected);
                })
            });
            let mut apdu_buf = vec![0u8; plain.len()];
            let mut prot_buf = vec![0u8; secured.len()];
            g.bench_function(BenchmarkId::new(format!("send-{variant}"), name), |b| {
                b.iter(|| {
                    let n = black_box(&resp).emit(&mut apdu_buf).unwrap();
                    let apdu = if secure {
                        let m = ctx
                            .protect(ae, &mut lease, &apdu_buf[..n], &mut prot_buf)
                            .unwrap();
                        &prot_buf[..m]
                    } else {
                        &apdu_buf[..n]
                    };
                    frames(apdu, max_info, &mut info, &mut wire_buf);
                    wire_buf.len()
                })
            });
        }
    }
    g.finish();
}

/// Deframes UI frames carrying general-block-transfer blocks, reassembles the APDU,
/// (unprotects it,) parses the data-notification and names its values. Returns the number
/// of values.
fn receive_push(
    wire: &[u8],
    deframer: &mut Deframer<Vec<u8>>,
    blocks: &mut [u8],
    work: &mut [u8],
    ctx: Option<&SecurityContext>,
) -> usize {
    let mut rx = Receiver::new(blocks, 0).unwrap();
    let mut off = 0;
    while off < wire.len() {
        off += deframer.handle_input(&wire[off..]);
        while let Some(ev) = deframer.poll_event() {
            let DeframerEvent::Frame(frame) = ev else {
                panic!("discarded")
            };
            let repr = frame.repr();
            let info = repr.info.strip_prefix(&llc::RESPONSE).unwrap_or(repr.info);
            let block = GeneralBlockTransfer::parse_exact(info).unwrap();
            if rx.handle(&block).unwrap() != Progress::Complete {
                continue;
            }
            let apdu = rx.received();
            let plain = match ctx {
                None => apdu,
                Some(ctx) => {
                    let buf = &mut work[..apdu.len()];
                    buf.copy_from_slice(apdu);
                    let mut guard = ReplayGuard::<1>::new();
                    ctx.unprotect_in_place(buf, None, &mut guard)
                        .unwrap()
                        .plaintext
                }
            };
            let n = DataNotification::parse_exact(plain).unwrap();
            return cosem_objects::push::decode(&n.notification_body)
                .unwrap()
                .values
                .len();
        }
    }
    panic!("incomplete push")
}

fn push(c: &mut Criterion) {
    let ctx = SecurityContext::new(
        SecuritySuite::Suite0,
        SystemTitle([0; 8]),
        &GlobalUnicastKey::new_128(e570_key()),
    )
    .unwrap();
    let secured = e570_stream();
    let mut deframer = Deframer::new(vec![0u8; 2100]);
    let mut blocks = vec![0u8; 8192];
    let mut work = vec![0u8; 8192];

    // The same notification in clear, in blocks and frames of the capture's sizes.
    let (plaintext, block_size) = {
        let mut rx = Receiver::new(&mut blocks, 0).unwrap();
        let mut off = 0;
        let mut first_block = 0;
        let mut apdu = None;
        while off < secured.len() && apdu.is_none() {
            off += deframer.handle_input(&secured[off..]);
            while let Some(DeframerEvent::Frame(frame)) = deframer.poll_event() {
                let repr = frame.repr();
                let info = repr.info.strip_prefix(&llc::RESPONSE).unwrap_or(repr.info);
                let block = GeneralBlockTransfer::parse_exact(info).unwrap();
                first_block = first_block.max(block.block_data.len());
                if rx.handle(&block).unwrap() == Progress::Complete {
                    apdu = Some(rx.received().to_vec());
                }
            }
        }
        let mut apdu = apdu.unwrap();
        let u = ctx.unprotect_in_place_unguarded(&mut apdu, None).unwrap();
        (u.plaintext.to_vec(), first_block)
    };
    let mut plain_wire = Vec::new();
    let mut sender = Sender::new(&plaintext, block_size, Pacing::Unacknowledged).unwrap();
    let mut gbt = vec![0u8; block_size + 16];
    let mut first = true;
    let (dest, src) = (
        Address::server(0x67, None).unwrap(),
        Address::client(0x01).unwrap(),
    );
    while let Some(n) = sender.poll_transmit(&mut gbt).unwrap() {
        let mut info = Vec::new();
        if first {
            info.extend_from_slice(&llc::RESPONSE);
            first = false;
        }
        info.extend_from_slice(&gbt[..n]);
        for f in Segmenter::new(&info, 2030).frames(dest, src, FrameKind::Ui) {
            let start = plain_wire.len();
            plain_wire.resize(start + f.buffer_len() + 2, 0);
            f.emit_flagged(&mut plain_wire[start..]).unwrap();
        }
    }

    let mut g = c.benchmark_group("budget-push");
    g.throughput(Throughput::Elements(1));
    for (variant, wire, c) in [
        ("plain", &plain_wire, None),
        ("secured", &secured, Some(&ctx)),
    ] {
        let expected = receive_push(wire, &mut deframer, &mut blocks, &mut work, c);
        assert!(expected > 10);
        g.bench_function(
            BenchmarkId::new(format!("receive-{variant}"), "e570"),
            |b| {
                b.iter(|| {
                    assert_eq!(
                        receive_push(black_box(wire), &mut deframer, &mut blocks, &mut work, c),
                        expected
                    )
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, security, e2e, push);
criterion_main!(benches);
