#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Block transfer: a real Kamstrup object list that arrived in 69 GET-Response-With-Datablock
//! blocks (`tests/data/kamstrup_objectlist_blocks.json`, from xdom/jdlms
//! `src/test/resources/kamsprupDataBlockGObjectListGet.txt`, provenance inside), and proptest
//! properties of the splitter and the reassemblers.

mod common;

use common::{is_cut_short, unhex};
use dlms_apdu::datablock::{
    DataBlockG, DataBlockResult, DataBlockSa, Progress, Reassembler, Splitter, raw_data_capacity,
};
use dlms_apdu::get::{GetRequest, GetRequestNext, GetResponse, GetResponseWithDatablock};
use dlms_apdu::render::Tree;
use dlms_apdu::{DataRef, ErrorKind, InvokeIdAndPriority};
use proptest::prelude::*;

const INVOKE: InvokeIdAndPriority = InvokeIdAndPriority(0xC1);

fn kamstrup_blocks() -> Vec<Vec<u8>> {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/kamstrup_objectlist_blocks.json")).unwrap();
    assert_eq!(json["provenance"]["repo"], "xdom/jdlms");
    assert_eq!(
        json["provenance"]["path"],
        "src/test/resources/kamsprupDataBlockGObjectListGet.txt"
    );
    json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(unhex)
        .collect()
}

/// Wraps raw-data into a full GET-Response-With-Datablock APDU.
fn wrap(number: u32, last: bool, raw: &[u8]) -> Vec<u8> {
    let apdu = GetResponse::WithDatablock(GetResponseWithDatablock {
        invoke_id: INVOKE,
        block: DataBlockG {
            last_block: last,
            block_number: number,
            result: DataBlockResult::RawData(raw),
        },
    });
    let mut out = vec![0u8; apdu.buffer_len()];
    assert_eq!(apdu.emit(&mut out).unwrap(), out.len());
    out
}

/// Walks a value completely; returns the number of values it holds (itself included).
fn walk(v: &DataRef<'_>) -> usize {
    match v {
        DataRef::Array(s) | DataRef::Structure(s) => {
            let mut n = 1;
            let mut seen = 0;
            for item in s {
                n += walk(&item);
                seen += 1;
            }
            assert_eq!(seen, s.len());
            n
        }
        _ => 1,
    }
}

/// Checks one object_list entry (Blue Book, Association LN attribute 2): class_id,
/// version, logical_name and access_rights (attribute and method access lists).
fn check_entry(entry: &DataRef<'_>) {
    let DataRef::Structure(fields) = entry else {
        panic!("{entry:?}")
    };
    let fields: Vec<_> = fields.iter().collect();
    assert_eq!(fields.len(), 4);
    assert!(matches!(fields[0], DataRef::LongUnsigned(_)));
    assert!(matches!(fields[1], DataRef::Unsigned(_)));
    assert!(matches!(fields[2], DataRef::OctetString(ln) if ln.len() == 6));
    let DataRef::Structure(rights) = fields[3] else {
        panic!()
    };
    let rights: Vec<_> = rights.iter().collect();
    assert_eq!(rights.len(), 2);
    let DataRef::Array(attributes) = rights[0] else {
        panic!()
    };
    for item in &attributes {
        let DataRef::Structure(item) = item else {
            panic!()
        };
        let item: Vec<_> = item.iter().collect();
        assert_eq!(item.len(), 3);
        assert!(matches!(item[0], DataRef::Integer(_)));
        assert!(matches!(item[1], DataRef::Enum(_)));
    }
    assert!(matches!(rights[1], DataRef::Array(_)));
}

#[test]
fn kamstrup_object_list() {
    let blocks = kamstrup_blocks();
    assert_eq!(blocks.len(), 69);
    let mut buf = [0u8; 8192];
    let mut rx = Reassembler::new(&mut buf);
    let count = blocks.len();
    for (i, raw) in blocks.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap();
        let last = i + 1 == count;
        let apdu = wrap(number, last, raw);
        assert_eq!(&apdu[..3], &[0xC4, 0x02, 0xC1]);
        let parsed = GetResponse::parse_exact(&apdu).unwrap();
        let GetResponse::WithDatablock(b) = parsed else {
            panic!()
        };
        assert_eq!(b.block.result, DataBlockResult::RawData(raw.as_slice()));
        let progress = rx.push_g(&b.block).unwrap();
        assert_eq!(
            progress,
            if last {
                Progress::Complete
            } else {
                Progress::More
            }
        );
        // The client acknowledges each block with GET-Request-Next.
        let next = GetRequest::Next(GetRequestNext {
            invoke_id: INVOKE,
            block_number: rx.last_block_number(),
        });
        let mut ack = [0u8; 7];
        next.emit(&mut ack).unwrap();
        assert_eq!(u32::from_be_bytes(ack[3..].try_into().unwrap()), number);
    }
    let total: usize = blocks.iter().map(Vec::len).sum();
    assert_eq!(rx.data().unwrap().len(), total);
    let value = rx.data_ref().unwrap();
    let DataRef::Array(entries) = value else {
        panic!()
    };
    assert_eq!(entries.len(), 123);
    let mut seen = 0;
    for entry in &entries {
        check_entry(&entry);
        seen += 1;
    }
    assert_eq!(seen, 123);
    assert!(walk(&value) > 123 * 4);
    // The last entry is the current association itself (class 15, 0.0.40.0.0.255).
    let last = entries.iter().last().unwrap();
    let DataRef::Structure(fields) = last else {
        panic!()
    };
    let fields: Vec<_> = fields.iter().collect();
    assert_eq!(fields[0], DataRef::LongUnsigned(15));
    assert_eq!(fields[2], DataRef::OctetString(&[0, 0, 40, 0, 0, 255]));

    // The first APDU renders as an analyser tree.
    let first = wrap(1, false, &blocks[0]);
    let text = format!("{}", Tree(&GetResponse::parse_exact(&first).unwrap()));
    assert!(text.starts_with("get-response-with-datablock\n"), "{text}");
    assert!(text.contains("block-number: 1\n"), "{text}");
}

#[test]
fn kamstrup_refusals() {
    let blocks = kamstrup_blocks();
    let total: usize = blocks.iter().map(Vec::len).sum();

    // Out of order: block 3 before block 2.
    let mut buf = vec![0u8; total];
    let mut rx = Reassembler::new(&mut buf);
    rx.push(1, false, &blocks[0]).unwrap();
    assert_eq!(
        rx.push(3, false, &blocks[2]).unwrap_err().kind(),
        ErrorKind::BlockGap {
            expected: 2,
            found: 3
        }
    );
    // A repeated block.
    rx.push(2, false, &blocks[1]).unwrap();
    assert_eq!(
        rx.push(2, false, &blocks[1]).unwrap_err().kind(),
        ErrorKind::BlockDuplicate { number: 2 }
    );
    // A buffer one octet too small refuses the last block.
    let mut small = vec![0u8; total - 1];
    let mut rx = Reassembler::new(&mut small);
    let count = blocks.len();
    for (i, raw) in blocks.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap();
        let res = rx.push(number, i + 1 == count, raw);
        if i + 1 == count {
            assert_eq!(
                res.unwrap_err().kind(),
                ErrorKind::ReassemblyOverflow {
                    capacity: total - 1
                }
            );
        } else {
            res.unwrap();
        }
    }
    assert_eq!(rx.data(), None);
    // Anything after the last block.
    let mut buf = vec![0u8; total];
    let mut rx = Reassembler::new(&mut buf);
    for (i, raw) in blocks.iter().enumerate() {
        rx.push(u32::try_from(i + 1).unwrap(), i + 1 == count, raw)
            .unwrap();
    }
    assert_eq!(
        rx.push(70, true, &[]).unwrap_err().kind(),
        ErrorKind::BlockSequence
    );
    // A value cut short (the last block missing, flagged last on the one before) is
    // complete as a transfer but not as Data.
    let mut buf = vec![0u8; total];
    let mut rx = Reassembler::new(&mut buf);
    for (i, raw) in blocks[..count - 1].iter().enumerate() {
        rx.push(u32::try_from(i + 1).unwrap(), i + 2 == count, raw)
            .unwrap();
    }
    assert!(is_cut_short(rx.data_ref().unwrap_err().kind()));
}

#[cfg(feature = "alloc")]
#[test]
fn kamstrup_owned() {
    use dlms_apdu::datablock::VecReassembler;
    let blocks = kamstrup_blocks();
    let mut rx = VecReassembler::new(1 << 16);
    let count = blocks.len();
    for (i, raw) in blocks.iter().enumerate() {
        let apdu = wrap(u32::try_from(i + 1).unwrap(), i + 1 == count, raw);
        let GetResponse::WithDatablock(b) = GetResponse::parse_exact(&apdu).unwrap() else {
            panic!()
        };
        rx.push_g(&b.block).unwrap();
    }
    let DataRef::Array(entries) = rx.data_ref().unwrap() else {
        panic!()
    };
    assert_eq!(entries.len(), 123);
    assert_eq!(rx.into_vec().unwrap().len(), 5307);
}

/// Re-split the reassembled object list into blocks that fit a PDU size, send them as
/// APDUs and reassemble again.
#[test]
fn kamstrup_resplit() {
    let blocks = kamstrup_blocks();
    let value: Vec<u8> = blocks.concat();
    for max_pdu in [64usize, 128, 256, 1024, 8192] {
        // The fixed part of GET-Response-With-Datablock: tag, CHOICE, invoke id,
        // last-block, block-number and the result CHOICE.
        let size = raw_data_capacity(max_pdu - 9);
        let mut buf = vec![0u8; value.len()];
        let mut rx = Reassembler::new(&mut buf);
        for block in Splitter::new(&value, size).unwrap() {
            let apdu = wrap(block.block_number, block.last_block, block.raw_data);
            assert!(apdu.len() <= max_pdu);
            let GetResponse::WithDatablock(b) = GetResponse::parse_exact(&apdu).unwrap() else {
                panic!()
            };
            rx.push_g(&b.block).unwrap();
        }
        assert_eq!(rx.data(), Some(value.as_slice()));
    }
}

proptest! {
    #[test]
    fn split_then_reassemble(
        value in proptest::collection::vec(any::<u8>(), 0..2000),
        size in 1usize..300,
    ) {
        let blocks: Vec<DataBlockSa<'_>> = Splitter::new(&value, size).unwrap().collect();
        prop_assert_eq!(blocks.len(), value.len().div_ceil(size).max(1));
        let mut buf = vec![0u8; value.len()];
        let mut rx = Reassembler::new(&mut buf);
        for (i, b) in blocks.iter().enumerate() {
            prop_assert_eq!(b.block_number as usize, i + 1);
            prop_assert_eq!(b.last_block, i + 1 == blocks.len());
            prop_assert!(b.raw_data.len() <= size);
            let expected = if b.last_block { Progress::Complete } else { Progress::More };
            prop_assert_eq!(rx.push_sa(b).unwrap(), expected);
        }
        prop_assert_eq!(rx.data(), Some(value.as_slice()));
    }

    /// Random block sequences never panic; whatever is accepted is exactly the in-order,
    /// gap-free prefix of the blocks offered.
    #[test]
    fn reassembler_accepts_only_in_order(
        pushes in proptest::collection::vec((0u32..6, any::<bool>(), proptest::collection::vec(any::<u8>(), 0..20)), 0..20),
        capacity in 0usize..80,
    ) {
        let mut buf = vec![0u8; capacity];
        let mut rx = Reassembler::new(&mut buf);
        let mut expected = Vec::new();
        let mut next = 1u32;
        let mut done = false;
        for (number, last, raw) in &pushes {
            let ok = !done && *number == next && expected.len() + raw.len() <= capacity;
            match rx.push(*number, *last, raw) {
                Ok(p) => {
                    prop_assert!(ok);
                    expected.extend_from_slice(raw);
                    next += 1;
                    done = *last;
                    prop_assert_eq!(p == Progress::Complete, done);
                }
                Err(e) => {
                    prop_assert!(!ok);
                    let kind_ok = matches!(
                        e.kind(),
                        ErrorKind::BlockGap { .. }
                            | ErrorKind::BlockDuplicate { .. }
                            | ErrorKind::ReassemblyOverflow { .. }
                            | ErrorKind::BlockSequence
                    );
                    prop_assert!(kind_ok);
                }
            }
            prop_assert_eq!(rx.received(), expected.as_slice());
        }
    }
}
