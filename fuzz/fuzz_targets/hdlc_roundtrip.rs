#![no_main]
//! Structured round trips of the HDLC codecs: a frame built from arbitrary fields emits,
//! parses back to the same frame and, cut into segments, reassembles to the same
//! information field; SNRM/UA link parameters and the wrapper header emit and parse back.

use dlms_hdlc::segment::{FrameKind, Reassembler, Segmenter};
use dlms_hdlc::{
    Address, AddressSize, Control, FrameRepr, LinkParams, MAX_FRAME_LEN, WrapperHeader,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

#[derive(Arbitrary, Debug)]
struct Addr {
    upper: u16,
    lower: u16,
    size: u8,
}

impl Addr {
    fn address(&self) -> Option<Address> {
        let size = match self.size % 3 {
            0 => AddressSize::One,
            1 => AddressSize::Two,
            _ => AddressSize::Four,
        };
        Address::new(self.upper, self.lower, size).ok()
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    segmented: bool,
    dest: Addr,
    src: Addr,
    control: Control,
    info: Vec<u8>,
    max_info: u16,
    i_frames: Option<(u8, u8, u8)>,
    params: LinkParams,
    wrapper: WrapperHeader,
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let (Some(dest), Some(src)) = (input.dest.address(), input.src.address()) else {
        return;
    };

    // One frame.
    let repr = FrameRepr {
        segmented: input.segmented,
        dest,
        src,
        control: input.control,
        info: &input.info,
    };
    let mut wire = vec![0u8; MAX_FRAME_LEN + 2];
    if let Ok(n) = repr.emit(&mut wire) {
        assert_eq!(n, repr.buffer_len());
        let parsed = FrameRepr::parse_exact(&wire[..n]).expect("an emitted frame parses");
        assert_eq!(parsed.segmented, repr.segmented);
        assert_eq!(parsed.dest, dest);
        assert_eq!(parsed.src, src);
        assert_eq!(parsed.control, repr.control.normalized());
        assert_eq!(parsed.info, repr.info);
        let mut flagged = vec![0u8; MAX_FRAME_LEN + 2];
        let m = repr.emit_flagged(&mut flagged).expect("flagged");
        assert_eq!(FrameRepr::parse_flagged(&flagged[..m]), Ok(parsed));
    }

    // The same information field in segments, and back.
    let kind = match input.i_frames {
        Some((ns, nr, window)) => FrameKind::I { ns, nr, window },
        None => FrameKind::Ui,
    };
    let frames = Segmenter::new(&input.info, usize::from(input.max_info)).frames(dest, src, kind);
    let count = frames.len();
    let mut reassembler = Reassembler::new(vec![0u8; input.info.len()]);
    let mut joined = None;
    for (i, frame) in frames.enumerate() {
        assert_eq!(frame.segmented, i + 1 < count);
        let n = frame.emit(&mut wire).expect("a segment's frame emits");
        let parsed = FrameRepr::parse_exact(&wire[..n]).expect("a segment's frame parses");
        assert_eq!(parsed, frame);
        assert!(joined.is_none(), "reassembled before the last segment");
        joined = reassembler
            .push(&parsed)
            .expect("segments in order reassemble")
            .map(<[u8]>::to_vec);
    }
    assert_eq!(joined.as_deref(), Some(&input.info[..]));

    // SNRM/UA parameters.
    let mut out = [0u8; 64];
    let n = input.params.emit(&mut out).expect("parameters emit");
    assert_eq!(n, input.params.buffer_len());
    if let Ok(parsed) = LinkParams::parse(&out[..n]) {
        assert_eq!(parsed, input.params);
    } else {
        let p = input.params;
        assert!(
            p.max_info_tx == 0 || p.max_info_rx == 0 || p.window_tx == 0 || p.window_rx == 0,
            "emitted parameters do not parse: {p:?}"
        );
    }
    let agreed = input
        .params
        .negotiate(&LinkParams::parse(&out[..n]).unwrap_or_default());
    let _ = agreed;

    // The wrapper header.
    let n = input.wrapper.emit(&mut out).expect("wrapper header emits");
    assert_eq!(
        WrapperHeader::parse(&out[..n]),
        Ok((input.wrapper, &[][..]))
    );
});
