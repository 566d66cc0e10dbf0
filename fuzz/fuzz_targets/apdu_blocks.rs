#![no_main]
//! The block-transfer state machines of dlms-apdu.
//!
//! - general-block-transfer: a sender and a receiver exchange an arbitrary APDU over a
//!   channel that drops the blocks and acknowledgements the input says to drop; whatever
//!   the receiver completes must be the APDU sent, and a lossless channel must complete.
//!   Then arbitrary GBT APDUs are fed to a fresh receiver and to the sender.
//! - data blocks (long GET/SET/ACTION values): a splitter's blocks reassemble to the value;
//!   arbitrary blocks fed to a reassembler never overflow its buffer.

use dlms_apdu::block::{GeneralBlockTransfer, Pacing, Progress, Receiver, Sender};
use dlms_apdu::datablock::{self, Splitter};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

#[derive(Arbitrary, Debug)]
struct Input {
    apdu: Vec<u8>,
    block_size: u8,
    window: u8,
    receive_window: u8,
    /// Bit i set: the i-th APDU on the channel is lost.
    losses: u64,
    /// Raw GBT APDUs and data blocks for the second half.
    raw: Vec<(u16, u16, u8, Vec<u8>)>,
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    gbt_exchange(&input);
    gbt_raw(&input);
    data_blocks(&input);
});

fn gbt_exchange(input: &Input) {
    let block_size = usize::from(input.block_size).max(1);
    let pacing = if input.window % 64 == 0 {
        Pacing::Unacknowledged
    } else {
        Pacing::Windowed {
            window: input.window % 64,
        }
    };
    let Ok(mut sender) = Sender::new(&input.apdu, block_size, pacing) else {
        return;
    };
    let mut storage = vec![0u8; input.apdu.len()];
    let Ok(mut receiver) = Receiver::new(&mut storage, input.receive_window % 64) else {
        return;
    };
    let mut wire = vec![0u8; block_size + 16];
    let mut ack = [0u8; 16];
    let mut sent = 0u32;
    let lost = |i: u32| i < 64 && input.losses & (1 << i) != 0;
    // A windowed sender needs a receiver that acknowledges.
    let lossless = input.losses == 0
        && (matches!(pacing, Pacing::Unacknowledged) || input.receive_window % 64 != 0);
    let mut complete = false;
    for _round in 0..512 {
        let mut progressed = false;
        while let Ok(Some(n)) = sender.poll_transmit(&mut wire) {
            progressed = true;
            sent += 1;
            if lost(sent) {
                continue;
            }
            let block = GeneralBlockTransfer::parse_exact(&wire[..n]).expect("a sent block parses");
            if receiver.handle(&block) == Ok(Progress::Complete) {
                complete = true;
            }
        }
        match receiver.poll_ack(&mut ack) {
            Ok(Some(n)) => {
                progressed = true;
                sent += 1;
                if !lost(sent) {
                    let a = GeneralBlockTransfer::parse_exact(&ack[..n]).expect("an ack parses");
                    let _ = sender.handle_ack(&a);
                }
            }
            Ok(None) => {}
            Err(e) => panic!("poll_ack with a 16-octet buffer: {e}"),
        }
        if complete && (sender.is_acknowledged() || matches!(pacing, Pacing::Unacknowledged)) {
            break;
        }
        if !progressed {
            if matches!(pacing, Pacing::Unacknowledged) {
                break;
            }
            sender.handle_timeout();
        }
    }
    if let Some(apdu) = receiver.apdu() {
        assert_eq!(apdu, &input.apdu[..], "reassembled another APDU");
    }
    if lossless {
        assert!(complete, "a lossless exchange did not complete");
        assert_eq!(receiver.apdu(), Some(&input.apdu[..]));
    }
}

fn gbt_raw(input: &Input) {
    let mut storage = [0u8; 256];
    let Ok(mut receiver) = Receiver::new(&mut storage, input.receive_window % 64) else {
        return;
    };
    let Ok(mut sender) = Sender::new(
        &input.apdu,
        usize::from(input.block_size).max(1),
        Pacing::Windowed { window: 3 },
    ) else {
        return;
    };
    let mut out = [0u8; 300];
    for (number, ack, control, data) in &input.raw {
        let block = GeneralBlockTransfer {
            control: dlms_apdu::block::BlockControl(*control),
            block_number: *number,
            block_number_ack: *ack,
            block_data: data,
        };
        let _ = receiver.handle(&block);
        assert!(receiver.received().len() <= 256);
        let _ = receiver.poll_ack(&mut out);
        let _ = sender.handle_ack(&block);
        let _ = sender.poll_transmit(&mut out);
        if control & 1 != 0 {
            sender.handle_timeout();
        }
    }
}

fn data_blocks(input: &Input) {
    // Split and reassemble.
    if let Ok(splitter) = Splitter::new(&input.apdu, usize::from(input.block_size)) {
        let mut buf = vec![0u8; input.apdu.len()];
        let mut r = datablock::Reassembler::new(&mut buf);
        let mut last = None;
        for block in splitter {
            last = Some(
                r.push(block.block_number, block.last_block, block.raw_data)
                    .expect("splitter blocks reassemble"),
            );
        }
        assert_eq!(last, Some(datablock::Progress::Complete));
        assert_eq!(r.received(), &input.apdu[..]);
    }
    // Arbitrary blocks.
    let mut buf = [0u8; 128];
    let mut r = datablock::Reassembler::new(&mut buf);
    for (number, _, control, data) in &input.raw {
        let before = r.received().len();
        match r.push(u32::from(*number), control & 0x80 != 0, data) {
            Ok(_) => assert_eq!(r.received().len(), before + data.len()),
            Err(_) => assert_eq!(
                r.received().len(),
                before,
                "a refused block changed the state"
            ),
        }
    }
}
