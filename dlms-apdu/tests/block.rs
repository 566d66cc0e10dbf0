#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! general-block-transfer against real meter pushes and between our own sender and receiver.
//!
//! `data/block_captures.json` holds the GBT APDUs of Landis+Gyr E450/E570 pushes
//! (scs/smartmeter-datacollector `tests/testdata/lg_e450.py` and `lg_e570.py`), extracted from
//! their HDLC UI frames by `data/block_captures.py`, with the reassembled APDU the collection
//! records for each message.

mod common;

use common::{json_array, unhex};
use dlms_apdu::ErrorKind;
use dlms_apdu::block::{GeneralBlockTransfer, Pacing, Progress, Receiver, Sender};
use dlms_apdu::ciphered::GeneralGloDedCiphering;
use dlms_apdu::notification::DataNotification;
use proptest::prelude::*;
use serde_json::Value;

fn captures() -> Vec<Value> {
    json_array(include_str!("data/block_captures.json"), "items")
}

fn blocks_of(item: &Value) -> Vec<Vec<u8>> {
    item["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(unhex)
        .collect()
}

#[test]
fn pushes_reassemble_to_the_recorded_apdus() {
    let mut complete = 0;
    for item in captures() {
        let id = item["id"].as_str().unwrap();
        let Value::String(_) = &item["reassembled"] else {
            continue;
        };
        let expected = unhex(&item["reassembled"]);
        let mut storage = vec![0u8; 2048];
        let mut r = Receiver::new(&mut storage, 0).unwrap();
        #[cfg(feature = "alloc")]
        let mut v = dlms_apdu::block::VecReceiver::new(2048, 0).unwrap();
        let blocks = blocks_of(&item);
        for (i, b) in blocks.iter().enumerate() {
            let gbt = GeneralBlockTransfer::parse_exact(b).unwrap_or_else(|e| panic!("{id}: {e}"));
            // Every block re-emits byte for byte.
            let mut out = vec![0u8; gbt.buffer_len()];
            gbt.emit(&mut out).unwrap();
            assert_eq!(&out, b, "{id}");
            let progress = r
                .handle(&gbt)
                .unwrap_or_else(|e| panic!("{id} block {i}: {e}"));
            #[cfg(feature = "alloc")]
            v.handle(&gbt).unwrap();
            let last = i + 1 == blocks.len();
            assert_eq!(
                progress,
                if last {
                    Progress::Complete
                } else {
                    Progress::Stored
                },
                "{id}"
            );
        }
        assert_eq!(r.apdu(), Some(&expected[..]), "{id}");
        assert!(!r.is_ack_due(), "{id}: pushes are not acknowledged");
        #[cfg(feature = "alloc")]
        assert_eq!(v.take_apdu().unwrap(), expected, "{id}");
        match expected[0] {
            0x0F => {
                // The reassembled push is a complete data-notification whose body decodes.
                let n = DataNotification::parse_exact(r.apdu().unwrap())
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                assert!(n.notification_body.buffer_len() > 1, "{id}");
            }
            0xDB => {
                let g = GeneralGloDedCiphering::parse_exact(&expected).unwrap();
                assert_eq!(&g.system_title[..3], b"LGZ", "{id}");
            }
            other => panic!("{id}: unexpected APDU tag {other:#04x}"),
        }
        complete += 1;
    }
    assert_eq!(complete, 8);
}

#[test]
fn incomplete_push_waits() {
    let item = captures()
        .into_iter()
        .find(|i| i.get("partial").is_some())
        .unwrap();
    let mut storage = vec![0u8; 1024];
    let mut r = Receiver::new(&mut storage, 0).unwrap();
    for b in blocks_of(&item) {
        assert_eq!(
            r.handle(&GeneralBlockTransfer::parse_exact(&b).unwrap())
                .unwrap(),
            Progress::Stored
        );
    }
    assert!(!r.is_complete());
    assert_eq!(r.apdu(), None);
    assert_eq!(r.received(), &unhex(&item["partial"])[..]);
    // The capture's next message starts again at block 1: a duplicate of this transfer.
    let next = captures()
        .into_iter()
        .find(|i| i["id"] == "scs-lg_e450-unencrypted_valid_data#message2")
        .unwrap();
    let first = blocks_of(&next).remove(0);
    assert_eq!(
        r.handle(&GeneralBlockTransfer::parse_exact(&first).unwrap())
            .unwrap_err()
            .kind(),
        ErrorKind::BlockDuplicate { number: 1 }
    );
}

#[test]
fn broken_push_sequence_is_rejected() {
    let item = captures()
        .into_iter()
        .find(|i| i["id"] == "scs-lg_e450-unencrypted_invalid_data")
        .unwrap();
    let mut storage = vec![0u8; 1024];
    let mut r = Receiver::new(&mut storage, 0).unwrap();
    let results: Vec<_> = blocks_of(&item)
        .iter()
        .map(|b| {
            let gbt = GeneralBlockTransfer::parse_exact(b).unwrap();
            (gbt.block_number, r.handle(&gbt).map_err(|e| e.kind()))
        })
        .collect();
    assert_eq!(
        results,
        [
            (1, Ok(Progress::Stored)),
            (2, Ok(Progress::Stored)),
            (2, Err(ErrorKind::BlockDuplicate { number: 2 })),
            (
                4,
                Err(ErrorKind::BlockGap {
                    expected: 3,
                    found: 4
                })
            ),
            (3, Ok(Progress::Stored)),
        ]
    );
    assert!(!r.is_complete());
}

/// A small deterministic generator for loss and duplication.
struct Lossy(u64);

impl Lossy {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// How many copies of a message arrive: 0 (lost), 1 or 2 (duplicated).
    fn copies(&mut self, loss_pct: u64, dup_pct: u64) -> usize {
        let roll = self.next() % 100;
        if roll < loss_pct {
            0
        } else if roll < loss_pct + dup_pct {
            2
        } else {
            1
        }
    }
}

/// Runs a windowed transfer over a channel that loses and duplicates in both directions;
/// returns the reassembled APDU.
fn windowed_transfer(
    apdu: &[u8],
    block_size: usize,
    window: u8,
    rx_window: u8,
    seed: u64,
    loss_pct: u64,
    dup_pct: u64,
) -> Vec<u8> {
    let mut sender = Sender::new(apdu, block_size, Pacing::Windowed { window }).unwrap();
    let mut storage = vec![0u8; apdu.len()];
    let mut receiver = Receiver::new(&mut storage, rx_window).unwrap();
    let mut net = Lossy(seed | 1);
    let mut wire = vec![0u8; block_size + 16];
    let mut ack = [0u8; 16];
    for _round in 0..100_000 {
        if sender.is_acknowledged() {
            return receiver.apdu().expect("complete").to_vec();
        }
        let mut moved = false;
        while let Some(n) = sender.poll_transmit(&mut wire).unwrap() {
            moved = true;
            let block = GeneralBlockTransfer::parse_exact(&wire[..n]).unwrap();
            for _ in 0..net.copies(loss_pct, dup_pct) {
                match receiver.handle(&block) {
                    Ok(_) => {}
                    Err(e) => assert!(
                        matches!(
                            e.kind(),
                            ErrorKind::BlockDuplicate { .. } | ErrorKind::BlockGap { .. }
                        ),
                        "{e}"
                    ),
                }
            }
        }
        if let Some(n) = receiver.poll_ack(&mut ack).unwrap() {
            moved = true;
            let a = GeneralBlockTransfer::parse_exact(&ack[..n]).unwrap();
            assert!(a.block_data.is_empty());
            for _ in 0..net.copies(loss_pct, dup_pct) {
                sender.handle_ack(&a).unwrap();
            }
        }
        if !moved {
            // Nothing in flight and nothing to send: both sides time out.
            sender.handle_timeout();
        }
    }
    panic!("transfer did not finish");
}

#[test]
fn lossless_windowed_transfer_acknowledges_each_window() {
    let apdu: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    let mut sender = Sender::new(&apdu, 64, Pacing::Windowed { window: 4 }).unwrap();
    let mut storage = vec![0u8; 1000];
    let mut receiver = Receiver::new(&mut storage, 4).unwrap();
    let mut wire = [0u8; 128];
    let mut ack = [0u8; 16];
    let mut acks = Vec::new();
    loop {
        let mut in_window = 0;
        while let Some(n) = sender.poll_transmit(&mut wire).unwrap() {
            receiver
                .handle(&GeneralBlockTransfer::parse_exact(&wire[..n]).unwrap())
                .unwrap();
            in_window += 1;
        }
        assert!(in_window <= 4);
        let Some(n) = receiver.poll_ack(&mut ack).unwrap() else {
            break;
        };
        let a = GeneralBlockTransfer::parse_exact(&ack[..n]).unwrap();
        acks.push((a.block_number, a.block_number_ack));
        sender.handle_ack(&a).unwrap();
    }
    assert_eq!(sender.block_count(), 16);
    assert_eq!(acks, [(1, 4), (2, 8), (3, 12), (4, 16)]);
    assert!(sender.is_acknowledged());
    assert_eq!(receiver.apdu(), Some(&apdu[..]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn unacknowledged_round_trip_with_duplication(
        apdu in proptest::collection::vec(any::<u8>(), 0..3000),
        block_size in 1usize..300,
        seed in any::<u64>(),
    ) {
        prop_assume!(apdu.len().div_ceil(block_size) <= usize::from(u16::MAX));
        let mut sender = Sender::new(&apdu, block_size, Pacing::Unacknowledged).unwrap();
        let mut storage = vec![0u8; apdu.len()];
        let mut receiver = Receiver::new(&mut storage, 0).unwrap();
        let mut net = Lossy(seed | 1);
        let mut wire = vec![0u8; block_size + 16];
        while let Some(n) = sender.poll_transmit(&mut wire).unwrap() {
            let block = GeneralBlockTransfer::parse_exact(&wire[..n]).unwrap();
            for copy in 0..net.copies(0, 30) {
                let res = receiver.handle(&block);
                if copy == 0 {
                    prop_assert!(res.is_ok());
                } else {
                    prop_assert_eq!(
                        res.unwrap_err().kind(),
                        ErrorKind::BlockDuplicate { number: u32::from(block.block_number) }
                    );
                }
            }
        }
        prop_assert!(sender.is_sent());
        prop_assert_eq!(receiver.apdu(), Some(&apdu[..]));
        prop_assert!(!receiver.is_ack_due());
    }

    #[test]
    fn windowed_round_trip(
        apdu in proptest::collection::vec(any::<u8>(), 0..3000),
        block_size in 1usize..300,
        window in 1u8..=63,
        rx_window in 0u8..=63,
        seed in any::<u64>(),
    ) {
        let got = windowed_transfer(&apdu, block_size, window, rx_window, seed, 0, 0);
        prop_assert_eq!(got, apdu);
    }

    #[test]
    fn windowed_round_trip_with_loss_and_duplication(
        apdu in proptest::collection::vec(any::<u8>(), 1..2000),
        block_size in 8usize..200,
        window in 1u8..=16,
        rx_window in 0u8..=16,
        seed in any::<u64>(),
        loss in 0u64..30,
        dup in 0u64..20,
    ) {
        let got = windowed_transfer(&apdu, block_size, window, rx_window, seed, loss, dup);
        prop_assert_eq!(got, apdu);
    }
}
