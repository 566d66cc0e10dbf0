//! Frame parse, emit and deframe throughput for `dlms-hdlc`.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dlms_hdlc::{
    Address, Control, Deframer, DeframerEvent, Frame, FrameRepr, WrapperDeframer, WrapperHeader,
};
use std::hint::black_box;

/// An I-frame from server 1/17 to the public client carrying `info`.
fn sample(info: &[u8]) -> FrameRepr<'_> {
    FrameRepr {
        segmented: false,
        dest: Address::PUBLIC_CLIENT,
        src: Address::server(1, Some(17)).unwrap(),
        control: Control::I {
            ns: 2,
            nr: 3,
            poll: true,
        },
        info,
    }
}

fn frame_bytes(info_len: usize) -> Vec<u8> {
    let info: Vec<u8> = (0..info_len).map(|i| (i * 31) as u8).collect();
    let repr = sample(&info);
    let mut out = vec![0u8; repr.buffer_len() + 2];
    repr.emit_flagged(&mut out).unwrap();
    out
}

/// Realistic information field sizes: a 128-byte GET, a 1 KiB profile-generic block, the
/// largest field (2030 bytes).
const SIZES: [usize; 3] = [128, 1024, 2030];

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("hdlc/parse");
    for size in SIZES {
        let wire = frame_bytes(size);
        let inner = &wire[1..wire.len() - 1];
        g.throughput(Throughput::Bytes(inner.len() as u64));
        g.bench_function(format!("{size}"), |b| {
            b.iter(|| {
                Frame::new_checked(black_box(inner))
                    .unwrap()
                    .repr()
                    .info
                    .len()
            })
        });
    }
    g.finish();
}

fn emit(c: &mut Criterion) {
    let mut g = c.benchmark_group("hdlc/emit");
    for size in SIZES {
        let info = vec![0x5Au8; size];
        let repr = sample(&info);
        let mut out = vec![0u8; 2100];
        g.throughput(Throughput::Bytes(repr.buffer_len() as u64));
        g.bench_function(format!("{size}"), |b| {
            b.iter(|| black_box(&repr).emit(&mut out).unwrap())
        });
    }
    g.finish();
}

fn deframe(c: &mut Criterion) {
    let mut g = c.benchmark_group("hdlc/deframe");
    for size in SIZES {
        // 16 frames back to back, delivered in 64-byte chunks as a serial port would.
        let one = frame_bytes(size);
        let stream: Vec<u8> = (0..16).flat_map(|_| one.iter().copied()).collect();
        g.throughput(Throughput::Bytes(stream.len() as u64));
        g.bench_function(format!("{size}x16"), |b| {
            let mut d = Deframer::new(vec![0u8; 2100]);
            b.iter(|| {
                let mut frames = 0;
                for chunk in stream.chunks(64) {
                    let mut off = 0;
                    while off < chunk.len() {
                        off += d.handle_input(&chunk[off..]);
                        while let Some(ev) = d.poll_event() {
                            if let DeframerEvent::Frame(_) = ev {
                                frames += 1;
                            }
                        }
                    }
                }
                assert_eq!(frames, 16);
            })
        });
    }
    g.finish();
}

fn wrapper(c: &mut Criterion) {
    let mut g = c.benchmark_group("wrapper/deframe");
    for size in [128usize, 1024, 4096] {
        let apdu = vec![0xC4u8; size];
        let mut pdu = vec![0u8; size + 8];
        WrapperHeader::emit_pdu(1, 16, &apdu, &mut pdu).unwrap();
        let stream: Vec<u8> = (0..16).flat_map(|_| pdu.iter().copied()).collect();
        g.throughput(Throughput::Bytes(stream.len() as u64));
        g.bench_function(format!("{size}x16"), |b| {
            let mut d = WrapperDeframer::new(vec![0u8; 8192], 8000);
            b.iter(|| {
                let mut n = 0;
                let mut off = 0;
                while off < stream.len() {
                    off += d.handle_input(&stream[off..(off + 1460).min(stream.len())]);
                    while let Some(ev) = d.poll_event() {
                        n += ev.unwrap().1.len();
                    }
                }
                assert_eq!(n, size * 16);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parse, emit, deframe, wrapper);
criterion_main!(benches);
