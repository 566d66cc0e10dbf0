//! Entry points for the cargo-fuzz targets in the repository's `fuzz/` directory.
//!
//! Each function takes arbitrary bytes and must never panic; round-trip targets assert that
//! what parses re-emits to the same bytes. Not part of the stable API.

use crate::deframer::{Deframer, DeframerEvent};
use crate::frame::{Frame, FrameRepr};
use crate::link::{Link, LinkConfig};
use crate::params::LinkParams;
use crate::segment::Reassembler;
use crate::time::Instant;
use crate::wrapper::{WrapperDeframer, WrapperHeader};
use crate::{Address, MAX_FRAME_LEN};

/// Parses `data` as one frame; whatever parses must re-emit to the same bytes and parse
/// again to the same value.
///
/// # Panics
/// If a parsed frame does not round-trip: that is a bug the fuzzer is looking for.
#[allow(clippy::panic)]
pub fn hdlc_frame(data: &[u8]) {
    if let Ok(frame) = Frame::new_checked(data) {
        let repr = frame.repr();
        let mut out = [0u8; MAX_FRAME_LEN];
        let n = repr.emit(&mut out).unwrap_or(0);
        if out.get(..n) != Some(data) {
            panic!("frame did not re-emit to the same bytes");
        }
        if FrameRepr::parse_exact(data) != Ok(repr) {
            panic!("frame parsed differently the second time");
        }
    }
    let _ = FrameRepr::parse(data);
    let _ = FrameRepr::parse_flagged(data);
    let _ = LinkParams::parse(data);
    let _ = Address::parse(data);
}

/// Feeds `data` to a plain and a byte-stuffed deframer in chunks whose sizes come from the
/// data itself, and feeds every frame to a reassembler; every frame that comes out must be
/// valid.
///
/// # Panics
/// If a deframed frame fails validation.
#[allow(clippy::panic)]
pub fn hdlc_deframer(data: &[u8]) {
    let (chunking, stream) = data.split_first().map_or((1, data), |(c, s)| (*c, s));
    let chunk = usize::from(chunking % 64).saturating_add(1);
    let mut plain = Deframer::new([0u8; 600]);
    let mut stuffed = Deframer::new_stuffed([0u8; 600]);
    let mut reassembler = Reassembler::new([0u8; 1024]);
    for d in [&mut plain, &mut stuffed] {
        for piece in stream.chunks(chunk) {
            let mut off = 0;
            let mut stalls = 0u8;
            while off < piece.len() {
                let n = d.handle_input(piece.get(off..).unwrap_or(&[]));
                off = off.saturating_add(n);
                stalls = if n == 0 { stalls.saturating_add(1) } else { 0 };
                if stalls > 2 {
                    panic!("deframer stopped making progress");
                }
                while let Some(ev) = d.poll_event() {
                    if let DeframerEvent::Frame(f) = ev {
                        if Frame::new_checked(f.as_ref()).is_err() {
                            panic!("deframer yielded an invalid frame");
                        }
                        let _ = reassembler.push(&f.repr());
                    }
                }
            }
        }
    }
}

/// Feeds `data` to a wrapper stream deframer and the header parsers.
pub fn hdlc_wrapper(data: &[u8]) {
    let _ = WrapperHeader::parse_pdu(data);
    let _ = crate::wrapper::Wrapper::new_checked(data);
    let mut d = WrapperDeframer::new([0u8; 512], 504);
    let mut off = 0;
    while off < data.len() {
        let n = d.handle_input(data.get(off..).unwrap_or(&[]));
        let mut failed = false;
        while let Some(ev) = d.poll_event() {
            if ev.is_err() {
                failed = true;
                break;
            }
        }
        if failed {
            d.reset();
            off = off.saturating_add(1);
        } else if n == 0 {
            break;
        }
        off = off.saturating_add(n);
    }
}

/// Drives a server link and a client link with arbitrary input bytes and timeouts.
pub fn hdlc_link(data: &[u8]) {
    let server = Address::server(1, Some(17)).unwrap_or(Address::MANAGEMENT);
    let mut meter = Link::new(
        LinkConfig::server(server),
        [0u8; 600],
        [0u8; 600],
        [0u8; 600],
    );
    let mut client = Link::new(
        LinkConfig::client(Address::PUBLIC_CLIENT, server),
        [0u8; 600],
        [0u8; 600],
        [0u8; 600],
    );
    let _ = client.connect(Instant::ZERO);
    let mut out = [0u8; MAX_FRAME_LEN + 2];
    for (i, piece) in data.chunks(37).enumerate() {
        let now = Instant::from_millis(u64::try_from(i).unwrap_or(0).saturating_mul(700));
        for link in [&mut meter, &mut client] {
            let mut off = 0;
            while off < piece.len() {
                let n = link.handle_input(piece.get(off..).unwrap_or(&[]), now);
                let mut answered = false;
                while let Some(ev) = link.poll_event() {
                    answered |= matches!(ev, crate::link::LinkEvent::Received { .. });
                }
                if answered {
                    let _ = link.send(&[0xC4, 0x01, 0xC1, 0x00, 0x00]);
                }
                off = off.saturating_add(n.max(1));
            }
            link.handle_timeout(now);
            while link.poll_transmit(now, &mut out).is_some() {}
        }
    }
}
