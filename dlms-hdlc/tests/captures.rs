//! Every HDLC frame of the real captures in `tests/data/captures_hdlc.json` (collected from
//! public repositories; each item names its source repository, commit and path), checked against
//! the header fields recorded with it, and the segmented ones reassembled.
//!
//! `data/captures_hdlc.json` holds the HDLC-bearing items of that file unchanged, each with
//! its provenance (source repository, commit and path): Landis+Gyr E450/E570/E360 and Iskra
//! AM550 pushes (scs/smartmeter-datacollector), frames from the amshan HDLC tests
//! (toreamun/amshan) and UA/I/SNRM/RR frames from jDLMS's tests (openmuc jDLMS).

// Test code over fixed data: a panic is a test failure, indices are within the recorded
// frames, and counters cannot overflow.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use dlms_hdlc::llc::{self, Direction};
use dlms_hdlc::{Address, Control, ErrorKind, Frame, FrameKind, FrameRepr, Reassembler, Segmenter};
use serde_json::Value;

const CAPTURES: &str = include_str!("data/captures_hdlc.json");

/// Frames in the data file, so that the test cannot pass by checking none.
const FRAMES: usize = 57;
/// Of these, frames with recorded header fields.
const RECORDED: usize = 52;

fn items() -> Vec<Value> {
    let doc: Value = serde_json::from_str(CAPTURES).unwrap();
    doc["items"].as_array().unwrap().clone()
}

fn id(item: &Value) -> &str {
    item["id"].as_str().unwrap()
}

fn hex_of(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("a hex string")).expect("valid hex")
}

fn num(v: &Value) -> u64 {
    v.as_u64().expect("a number")
}

fn flag(record: &Value, key: &str) -> bool {
    record[key].as_bool().expect("a boolean")
}

/// The bytes of each frame of `item` as they are to be parsed: the recorded frames, with
/// the byte-stuffed amshan frame replaced by its unstuffed form.
fn frames(item: &Value) -> Vec<Vec<u8>> {
    if let Some(unstuffed) = item.get("unstuffed") {
        return vec![hex_of(unstuffed)];
    }
    match (item.get("frames"), item.get("frame")) {
        (Some(list), None) => list.as_array().unwrap().iter().map(hex_of).collect(),
        (None, Some(one)) => vec![hex_of(one)],
        _ => panic!("{}: neither `frames` nor `frame`", id(item)),
    }
}

/// The recorded header fields of each frame, if any.
fn records(item: &Value) -> Vec<Value> {
    match item.get("hdlc") {
        Some(Value::Array(list)) => list.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        None => Vec::new(),
        Some(other) => panic!("{}: unexpected `hdlc` {other}", id(item)),
    }
}

/// The control field the recorded kind, sequence numbers and P/F bit describe.
fn recorded_control(record: &Value) -> Control {
    let poll = flag(record, "pf");
    let n = |key: &str| u8::try_from(num(&record[key])).unwrap();
    match record["frame_kind"].as_str().unwrap() {
        "I" => Control::I {
            ns: n("ns"),
            nr: n("nr"),
            poll,
        },
        "RR" => Control::Rr { nr: n("nr"), poll },
        "RNR" => Control::Rnr { nr: n("nr"), poll },
        "SNRM" => Control::Snrm { poll },
        "DISC" => Control::Disc { poll },
        "UA" => Control::Ua { poll },
        "DM" => Control::Dm { poll },
        "FRMR" => Control::Frmr { poll },
        "UI" => Control::Ui { poll },
        other => panic!("unknown frame kind {other}"),
    }
}

fn check_address(ctx: &str, address: Address, wire: &[u8], hex: &Value, parts: &Value) {
    let recorded = hex_of(hex);
    assert_eq!(wire, &recorded[..], "{ctx}: address bytes");
    let mut out = [0u8; 4];
    let n = address.emit(&mut out).unwrap();
    assert_eq!(&out[..n], &recorded[..], "{ctx}: address emitted");
    assert_eq!(
        u64::from(address.upper()),
        num(&parts["upper"]),
        "{ctx}: upper"
    );
    assert_eq!(
        address.lower().map(u64::from),
        parts.get("lower").map(num),
        "{ctx}: lower"
    );
}

/// Checks one frame against its record; returns whether it is a valid frame.
fn check_recorded_frame(ctx: &str, bytes: &[u8], record: &Value) -> bool {
    let ok = |key: &str| record.get(key).is_none_or(|v| v.as_bool().unwrap());
    let valid = ok("length_ok") && ok("hcs_ok") && ok("fcs_ok");
    let result = Frame::new_checked(bytes);
    assert_eq!(result.is_ok(), valid, "{ctx}: {result:?}");
    let Ok(frame) = result else {
        if !ok("length_ok") {
            assert_eq!(
                result.unwrap_err().kind(),
                ErrorKind::Length {
                    declared: usize::try_from(num(&record["length"])).unwrap(),
                    actual: bytes.len(),
                },
                "{ctx}"
            );
        }
        return false;
    };

    assert_eq!(
        u64::from(frame.format() >> 12),
        num(&record["format_type"]),
        "{ctx}: format type"
    );
    assert_eq!(
        frame.is_segmented(),
        flag(record, "segmented"),
        "{ctx}: S bit"
    );
    assert_eq!(
        frame.frame_len() as u64,
        num(&record["length"]),
        "{ctx}: length"
    );
    assert_eq!(frame.frame_len(), bytes.len(), "{ctx}: length");

    let dest = frame.dest();
    let dest_end = 2 + dest.buffer_len();
    let src = frame.src();
    let src_end = dest_end + src.buffer_len();
    check_address(
        &format!("{ctx} dest"),
        dest,
        &bytes[2..dest_end],
        &record["dest_address"],
        &record["dest"],
    );
    check_address(
        &format!("{ctx} src"),
        src,
        &bytes[dest_end..src_end],
        &record["src_address"],
        &record["src"],
    );

    let control = hex_of(&record["control"]);
    assert_eq!(frame.header_len(), src_end + 1, "{ctx}: header length");
    assert_eq!(
        &bytes[src_end..=src_end],
        &control[..],
        "{ctx}: control byte"
    );
    assert_eq!([frame.control().to_byte()], control[..], "{ctx}: control");
    assert_eq!(frame.control(), recorded_control(record), "{ctx}: kind");
    assert_eq!(frame.control().is_poll(), flag(record, "pf"), "{ctx}: P/F");
    if let Some(nr) = record.get("nr") {
        assert_eq!(frame.control().nr().map(u64::from), Some(num(nr)), "{ctx}");
    }
    if let Some(ns) = record.get("ns") {
        let Control::I { ns: found, .. } = frame.control() else {
            panic!("{ctx}: N(S) recorded for a frame that is not an I-frame");
        };
        assert_eq!(u64::from(found), num(ns), "{ctx}: N(S)");
    }

    match record.get("hcs") {
        Some(hcs) => {
            let hcs = hex_of(hcs);
            assert_eq!(
                frame.hcs().map(u16::to_le_bytes),
                Some([hcs[0], hcs[1]]),
                "{ctx}: HCS"
            );
            assert_eq!(
                &bytes[src_end + 1..src_end + 3],
                &hcs[..],
                "{ctx}: HCS bytes"
            );
        }
        None => {
            assert_eq!(frame.hcs(), None, "{ctx}: HCS");
            assert!(!frame.has_info(), "{ctx}: info without HCS");
        }
    }
    assert_eq!(frame.info(), &hex_of(&record["info"])[..], "{ctx}: info");
    let fcs = hex_of(&record["fcs"]);
    assert_eq!(frame.fcs().to_le_bytes()[..], fcs[..], "{ctx}: FCS");
    assert_eq!(&bytes[bytes.len() - 2..], &fcs[..], "{ctx}: FCS bytes");

    check_round_trip(ctx, bytes);
    true
}

/// Parses the frame and emits it again: the same bytes must come out.
fn check_round_trip(ctx: &str, bytes: &[u8]) {
    let repr = FrameRepr::parse_exact(bytes).unwrap();
    assert_eq!(Frame::new_checked(bytes).unwrap().repr(), repr, "{ctx}");
    let mut out = vec![0u8; repr.buffer_len()];
    assert_eq!(repr.emit(&mut out), Ok(bytes.len()), "{ctx}");
    assert_eq!(out, bytes, "{ctx}: emit(parse(frame))");
}

#[test]
fn every_frame_matches_its_record() {
    let (mut checked, mut recorded, mut valid, mut rejected) = (0, 0, 0, 0);
    for item in items() {
        let frames = frames(&item);
        let records = records(&item);
        assert!(
            records.is_empty() || records.len() == frames.len(),
            "{}: {} frames, {} records",
            id(&item),
            frames.len(),
            records.len()
        );
        for (i, bytes) in frames.iter().enumerate() {
            let ctx = format!("{} frame {i}", id(&item));
            checked += 1;
            match records.get(i) {
                Some(record) => {
                    recorded += 1;
                    if check_recorded_frame(&ctx, bytes, record) {
                        valid += 1;
                    } else {
                        rejected += 1;
                    }
                }
                // Frames kept without header records (the deliberately invalid
                // general-block-transfer sequence): valid HDLC all the same.
                None => {
                    Frame::new_checked(&bytes[..]).unwrap();
                    check_round_trip(&ctx, bytes);
                    valid += 1;
                }
            }
        }
    }
    println!(
        "capture frames checked: {checked} ({recorded} against recorded fields); \
         {valid} valid, {rejected} rejected as recorded"
    );
    assert_eq!(checked, FRAMES);
    assert_eq!(recorded, RECORDED);
    assert_eq!(rejected, 1);
}

#[test]
fn snrm_with_wrong_length_is_rejected() {
    // jDLMS HdlcFrameTest: the length field says 11 bytes, 10 are present.
    let item = items()
        .into_iter()
        .find(|i| id(i) == "jdlms-snrm-e650-4byte-address")
        .unwrap();
    let bytes = &frames(&item)[0];
    assert!(!flag(&records(&item)[0], "length_ok"));
    let err = Frame::new_checked(&bytes[..]).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Length {
            declared: 11,
            actual: 10
        }
    );
    assert_eq!(
        FrameRepr::parse_exact(bytes).unwrap_err().kind(),
        err.kind()
    );
}

#[test]
fn stuffed_frame_parses_only_unstuffed() {
    let item = items()
        .into_iter()
        .find(|i| id(i) == "amshan-hdlc-stuffed_frame_short_info")
        .unwrap();
    let stuffed = hex_of(&item["frame"]);
    assert_eq!(
        Frame::new_checked(&stuffed[..]).unwrap_err().kind(),
        ErrorKind::Length {
            declared: 13,
            actual: 16
        }
    );
    let unstuffed = hex_of(&item["unstuffed"]);
    let frame = Frame::new_checked(&unstuffed[..]).unwrap();
    assert_eq!(frame.info(), [0x7E, 0x7D, 0x03]);
}

/// Items whose frames together carry one APDU: Iskra AM550 (S-bit segmentation) and the
/// single-frame L+G E360 push.
#[test]
fn segmented_pushes_reassemble_to_the_apdu() {
    let mut apdus = 0;
    let mut segmented_frames = 0;
    for item in items() {
        let (Some(apdu), None) = (item.get("apdu"), item.get("general_block_transfer")) else {
            continue;
        };
        let apdu = hex_of(apdu);
        let frames = frames(&item);
        let mut reassembler = Reassembler::new([0u8; 4096]);
        for (k, bytes) in frames.iter().enumerate() {
            let repr = FrameRepr::parse_exact(bytes).unwrap();
            let last = k + 1 == frames.len();
            assert_eq!(repr.segmented, !last, "{} frame {k}", id(&item));
            // The AM550 polls only on its last segment: 03 ... 03 13.
            assert_eq!(repr.control, Control::Ui { poll: last });
            let out = reassembler.push(&repr).unwrap();
            if !last {
                assert!(out.is_none());
                assert!(reassembler.is_in_progress());
                segmented_frames += 1;
                continue;
            }
            let out = out.expect("the last frame completes the APDU");
            assert_eq!(out[..3], hex_of(&item["llc"])[..], "{}", id(&item));
            let (direction, stripped) = llc::strip(out).unwrap();
            assert_eq!(direction, Direction::Response);
            assert_eq!(stripped, &apdu[..], "{}: reassembled APDU", id(&item));
            apdus += 1;
        }
        assert!(!reassembler.is_in_progress());
    }
    println!("S-bit reassembled APDUs: {apdus} ({segmented_frames} segments with S set)");
    assert_eq!(apdus, 3);
    assert_eq!(segmented_frames, 4 + 2);
}

/// Cutting the recorded Iskra APDUs into UI frames with the same information size gives
/// the captured frames byte for byte.
#[test]
fn segmenter_reproduces_iskra_frames() {
    let mut compared = 0;
    for item in items().iter().filter(|i| id(i).contains("iskra_am550")) {
        let captured = frames(item);
        let first = FrameRepr::parse_exact(&captured[0]).unwrap();
        let data = [hex_of(&item["llc"]), hex_of(&item["apdu"])].concat();
        let frames =
            Segmenter::new(&data, first.info.len()).frames(first.dest, first.src, FrameKind::Ui);
        assert_eq!(frames.len(), captured.len());
        for (repr, bytes) in frames.zip(&captured) {
            let mut out = [0u8; 256];
            let n = repr.emit(&mut out).unwrap();
            assert_eq!(&out[..n], &bytes[..], "{}", id(item));
            compared += 1;
        }
    }
    assert_eq!(compared, 5 + 3);
}

/// A general-block-transfer block header: control, block number, acknowledged block
/// number and the raw data after the A-XDR length.
fn block<'a>(ctx: &str, bytes: &'a [u8]) -> (u8, u16, u16, &'a [u8]) {
    assert_eq!(bytes[0], 0xE0, "{ctx}: general-block-transfer tag");
    let number = u16::from_be_bytes([bytes[2], bytes[3]]);
    let ack = u16::from_be_bytes([bytes[4], bytes[5]]);
    let (len, data) = match bytes[6] {
        short @ 0..=0x7F => (usize::from(short), &bytes[7..]),
        0x81 => (usize::from(bytes[7]), &bytes[8..]),
        0x82 => (
            usize::from(u16::from_be_bytes([bytes[7], bytes[8]])),
            &bytes[9..],
        ),
        other => panic!("{ctx}: length byte {other:#04x}"),
    };
    assert_eq!(data.len(), len, "{ctx}: block length");
    (bytes[1], number, ack, data)
}

/// L+G E450/E570 pushes: every UI frame is complete on its own (no S bit) and carries one
/// general-block-transfer block; the first frame of each APDU starts with the LLC header.
#[test]
fn block_transfer_frames_are_whole() {
    let mut messages = Vec::new();
    let mut invalid = None;
    for item in items() {
        if let Some(gbt) = item.get("general_block_transfer") {
            messages.push((
                id(&item).to_owned(),
                frames(&item),
                item.clone(),
                gbt.clone(),
            ));
        }
        for (m, message) in item
            .get("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let frames = frames(message);
            let gbt = message["general_block_transfer"].clone();
            messages.push((
                format!("{} message {m}", id(&item)),
                frames,
                message.clone(),
                gbt,
            ));
        }
        if item.get("error").is_some() {
            invalid = Some(item);
        }
    }

    let mut frames_checked = 0;
    let mut reassembler = Reassembler::new([0u8; 2048]);
    for (name, frames, message, gbt) in &messages {
        let gbt = gbt.as_array().unwrap();
        assert_eq!(frames.len(), gbt.len(), "{name}");
        let mut raw = Vec::new();
        for (k, (bytes, record)) in frames.iter().zip(gbt).enumerate() {
            let ctx = format!("{name} frame {k}");
            let repr = FrameRepr::parse_exact(bytes).unwrap();
            assert!(!repr.segmented, "{ctx}");
            assert_eq!(repr.control, Control::Ui { poll: true }, "{ctx}");
            let info = reassembler.push(&repr).unwrap().expect("a whole frame");
            assert_eq!(info, repr.info, "{ctx}");
            let info = repr.info;
            assert!(!reassembler.is_in_progress());
            let body = if k == 0 {
                assert_eq!(info[..3], hex_of(&message["llc"])[..], "{ctx}");
                let (direction, body) = llc::strip(info).expect("LLC on the first frame");
                assert_eq!(direction, Direction::Response);
                body
            } else {
                assert_eq!(llc::strip(info), None, "{ctx}: LLC on a later frame");
                info
            };
            let (control, number, ack, data) = block(&ctx, body);
            assert_eq!(control & 0x80 != 0, flag(record, "last_block"), "{ctx}");
            assert_eq!(control & 0x40 != 0, flag(record, "streaming"), "{ctx}");
            assert_eq!(u64::from(control & 0x3F), num(&record["window"]), "{ctx}");
            assert_eq!(u64::from(number), num(&record["block_number"]), "{ctx}");
            assert_eq!(u64::from(ack), num(&record["block_number_ack"]), "{ctx}");
            assert_eq!(data.len() as u64, num(&record["raw_data_len"]), "{ctx}");
            raw.extend_from_slice(data);
            frames_checked += 1;
        }
        assert_eq!(raw, hex_of(&message["apdu"]), "{name}: joined blocks");
    }
    // 8 items with one APDU each, and one with two.
    assert_eq!(messages.len(), 7 + 2);
    assert_eq!(frames_checked, 3 + 3 + 2 + 4 + 3 + 4 + 5 + 4 + 4);

    // The deliberately broken sequence: each frame is a whole, valid HDLC frame; the
    // duplicate is for the block-transfer layer to find (block numbers 1, 2, 2, 4, 3).
    let invalid = invalid.expect("the invalid L+G sequence");
    let numbers: Vec<u16> = frames(&invalid)
        .iter()
        .map(|bytes| {
            let repr = FrameRepr::parse_exact(bytes).unwrap();
            let info = reassembler.push(&repr).unwrap().expect("a whole frame");
            let body = llc::strip(info).map_or(info, |(_, body)| body);
            block(id(&invalid), body).1
        })
        .collect();
    assert_eq!(numbers, [1, 2, 2, 4, 3]);
    assert!(
        invalid["error"]
            .as_str()
            .unwrap()
            .contains("[1, 2, 2, 4, 3]")
    );
}

/// Single frames of other kinds: I and UI frames reassemble to their information field,
/// the others are refused.
#[test]
fn single_frames_and_other_kinds() {
    let (mut whole, mut refused) = (0, 0);
    for item in items().iter().filter(|i| i.get("frame").is_some()) {
        let bytes = &frames(item)[0];
        let Ok(repr) = FrameRepr::parse_exact(bytes) else {
            continue; // the SNRM with a wrong length field
        };
        let mut reassembler = Reassembler::new([0u8; 256]);
        match repr.control {
            Control::I { .. } | Control::Ui { .. } => {
                assert_eq!(reassembler.push(&repr), Ok(Some(repr.info)), "{}", id(item));
                whole += 1;
            }
            _ => {
                let err = reassembler.push(&repr).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::NotSegmentable, "{}", id(item));
                assert!(reassembler.is_empty());
                refused += 1;
            }
        }
    }
    // amshan: 4 I + 1 UI; jDLMS: 1 I, 3 UA, 1 RR.
    assert_eq!((whole, refused), (6, 4));
}
