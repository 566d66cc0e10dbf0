//! general-block-transfer (GBT): the APDU, a sender that splits an APDU into blocks and a
//! receiver that reassembles them (IEC 62056-5-3, the xDLMS ASN.1 module
//! `General-Block-Transfer`, and the DLMS UA Green Book, DLMS UA 1000-2, on the general
//! block transfer mechanism).
//!
//! # The rules implemented
//!
//! 1. A GBT APDU is `E0`, the block-control octet (bit 7 last-block, bit 6 streaming, bits
//!    0-5 window), block-number (u16), block-number-ack (u16) and the block-data as a
//!    length-prefixed octet string.
//! 2. The blocks of one transfer are numbered from 1, one number per block; the block that
//!    ends the transfer has last-block set.
//! 3. The window field tells the peer how many blocks the party sending the APDU can receive
//!    before it acknowledges (its receive window, 1..=63); 0 means it acknowledges nothing,
//!    as in the unconfirmed pushes of Landis+Gyr E450/E570 meters.
//! 4. A sender may send as many blocks as the peer's window without waiting. It sets
//!    streaming on every block that another block of the same window follows; the block
//!    that closes a window (streaming clear) asks for an acknowledgement. An unacknowledged
//!    sender (pushes) sets streaming on every block and never waits, as the captured meters
//!    do.
//! 5. The receiver acknowledges a window with a GBT APDU whose block-number-ack is the
//!    highest block number it holds in sequence, whose window is its own receive window,
//!    with last-block set and empty block-data (as Gurux.DLMS.Net does). Its own
//!    block-number counts its acknowledgements from 1.
//! 6. An acknowledgement of fewer blocks than were sent asks the sender to go back and send
//!    again from block-number-ack + 1 (the retransmission request); a sender that hears
//!    nothing re-sends its unacknowledged blocks on [`Sender::handle_timeout`].
//! 7. The receiver stores blocks only in sequence. A block number already held is a
//!    duplicate ([`ErrorKind::BlockDuplicate`]), a higher one than expected is a gap (blocks
//!    were lost, [`ErrorKind::BlockGap`]); neither is stored, and if such a block closes a
//!    window an acknowledgement becomes due so the sender learns where to resume (also after
//!    the transfer completed, when the final acknowledgement was lost). A block numbered
//!    after the last one, or 0, is [`ErrorKind::BlockSequence`]; data beyond the reassembly
//!    buffer is [`ErrorKind::ReassemblyOverflow`].
//! 8. A sender's data blocks carry in block-number-ack the last block number it received
//!    from the peer (0 before any), as Gurux does; a data-notification push carries 0.
//!
//! Gurux.DLMS.Net (`GXDLMS.GetLNPdu`, `GXDLMS.HandleGbt`) agrees on the encoding, on
//! numbering from 1 and on the acknowledgement's last-block bit.
//!
//! ```
//! use dlms_apdu::block::{GeneralBlockTransfer, Pacing, Receiver, Sender};
//!
//! let apdu = [0x0Fu8; 100];
//! let mut sender = Sender::new(&apdu, 40, Pacing::Windowed { window: 2 })?;
//! let mut storage = [0u8; 128];
//! let mut receiver = Receiver::new(&mut storage, 2)?;
//! let mut wire = [0u8; 64];
//! let mut ack = [0u8; 16];
//! loop {
//!     while let Some(n) = sender.poll_transmit(&mut wire)? {
//!         let block = GeneralBlockTransfer::parse_exact(&wire[..n])?;
//!         receiver.handle(&block)?;
//!     }
//!     let Some(n) = receiver.poll_ack(&mut ack)? else { break };
//!     sender.handle_ack(&GeneralBlockTransfer::parse_exact(&ack[..n])?)?;
//! }
//! assert_eq!(receiver.apdu(), Some(&apdu[..]));
//! assert!(sender.is_acknowledged());
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{Reader, Writer, codec_fns, octets_len};
use crate::error::{Error, ErrorKind, Result};
use crate::render::{Render, Renderer};

/// The largest window the 6-bit window field holds.
pub const MAX_WINDOW: u8 = 63;

/// The block-control octet: bit 7 last-block, bit 6 streaming, bits 0-5 window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlockControl(pub u8);

impl BlockControl {
    /// An octet with the given flags and window (masked to 6 bits).
    #[must_use]
    pub const fn new(last_block: bool, streaming: bool, window: u8) -> Self {
        let mut v = window & MAX_WINDOW;
        if last_block {
            v |= 0x80;
        }
        if streaming {
            v |= 0x40;
        }
        Self(v)
    }

    /// Whether this block ends the transfer (bit 7).
    #[must_use]
    pub const fn is_last_block(self) -> bool {
        self.0 & 0x80 != 0
    }

    /// Whether more blocks of the same window follow without waiting (bit 6).
    #[must_use]
    pub const fn is_streaming(self) -> bool {
        self.0 & 0x40 != 0
    }

    /// The sender's receive window (bits 0-5).
    #[must_use]
    pub const fn window(self) -> u8 {
        self.0 & MAX_WINDOW
    }
}

/// A general-block-transfer APDU (`E0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralBlockTransfer<'a> {
    /// Last-block, streaming and window.
    pub control: BlockControl,
    /// The number of this block (from 1).
    pub block_number: u16,
    /// The last block number received from the peer.
    pub block_number_ack: u16,
    /// This block's part of the transferred APDU.
    pub block_data: &'a [u8],
}

impl<'a> GeneralBlockTransfer<'a> {
    /// The APDU tag.
    pub const TAG: u8 = 0xE0;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            control: BlockControl(r.u8()?),
            block_number: r.u16()?,
            block_number_ack: r.u16()?,
            block_data: r.octets()?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        octets_len(self.block_data.len()).saturating_add(6)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        w.u8(self.control.0)?;
        w.u16(self.block_number)?;
        w.u16(self.block_number_ack)?;
        w.octets(self.block_data)
    }
}

codec_fns! {
    GeneralBlockTransfer<'a>, "a general-block-transfer APDU";
    parse:
    /// [`ErrorKind::UnexpectedTag`] unless the tag is `E0`, [`ErrorKind::Truncated`],
    /// [`ErrorKind::LengthExceeds`] or [`ErrorKind::InvalidLength`].
}

impl Render for GeneralBlockTransfer<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("general-block-transfer", |r| {
            r.field(
                "block-control",
                format_args!(
                    "{:#04x} (last-block {}, streaming {}, window {})",
                    self.control.0,
                    self.control.is_last_block(),
                    self.control.is_streaming(),
                    self.control.window()
                ),
            )?;
            r.field("block-number", self.block_number)?;
            r.field("block-number-ack", self.block_number_ack)?;
            r.hex("block-data", self.block_data)
        })
    }
}

/// How a [`Sender`] paces its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pacing {
    /// Send every block at once and expect no acknowledgement (pushes): streaming set on
    /// every block, window field 0, as Landis+Gyr E450/E570 meters send.
    Unacknowledged,
    /// Send up to `window` (1..=63) blocks, then wait for the peer's acknowledgement. An
    /// acknowledgement that advertises a non-zero window replaces it.
    Windowed {
        /// Blocks per window.
        window: u8,
    },
}

/// Checks a window given by a caller.
fn check_window(window: u8) -> Result<u8> {
    if window == 0 || window > MAX_WINDOW {
        Err(Error::from(ErrorKind::InvalidValue))
    } else {
        Ok(window)
    }
}

/// Splits a complete APDU into GBT blocks and paces them (sans-IO: it writes APDUs into the
/// caller's buffers and is told about acknowledgements and timeouts).
#[derive(Debug, Clone)]
pub struct Sender<'a> {
    apdu: &'a [u8],
    block_size: usize,
    blocks: u16,
    /// Blocks per window; 0 when unacknowledged.
    window: u8,
    /// The window advertised in our blocks.
    receive_window: u8,
    /// The next block number to send.
    next: u16,
    /// The highest block number the peer acknowledged.
    acked: u16,
    /// The last block number the peer sent us (our block-number-ack).
    peer_block: u16,
}

impl<'a> Sender<'a> {
    /// A sender for `apdu` in blocks of at most `block_size` octets of block-data.
    ///
    /// An empty APDU is sent as one empty last block.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a zero block size or a window outside 1..=63,
    /// [`ErrorKind::TooLong`] if the APDU needs more than 65535 blocks.
    pub fn new(apdu: &'a [u8], block_size: usize, pacing: Pacing) -> Result<Self> {
        if block_size == 0 {
            return Err(Error::from(ErrorKind::InvalidValue));
        }
        let window = match pacing {
            Pacing::Unacknowledged => 0,
            Pacing::Windowed { window } => check_window(window)?,
        };
        let needed = apdu.len().div_ceil(block_size).max(1);
        let blocks = u16::try_from(needed).map_err(|_| {
            Error::from(ErrorKind::TooLong {
                len: apdu.len(),
                max: block_size.saturating_mul(usize::from(u16::MAX)),
            })
        })?;
        Ok(Self {
            apdu,
            block_size,
            blocks,
            window,
            receive_window: window,
            next: 1,
            acked: 0,
            peer_block: 0,
        })
    }

    /// Sets the window advertised in our blocks (default: the pacing window, 0 when
    /// unacknowledged).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a window above 63.
    pub fn with_receive_window(mut self, window: u8) -> Result<Self> {
        if window > MAX_WINDOW {
            return Err(Error::from(ErrorKind::InvalidValue));
        }
        self.receive_window = window;
        Ok(self)
    }

    /// Number of blocks the APDU takes.
    #[must_use]
    pub const fn block_count(&self) -> u16 {
        self.blocks
    }

    /// The highest block number the peer acknowledged.
    #[must_use]
    pub const fn acknowledged(&self) -> u16 {
        self.acked
    }

    /// The current number of blocks per window (0 when unacknowledged).
    #[must_use]
    pub const fn window(&self) -> u8 {
        self.window
    }

    /// Whether nothing is left to send: every block went out and no acknowledgement asked
    /// for some of them again.
    #[must_use]
    pub const fn is_sent(&self) -> bool {
        self.next > self.blocks
    }

    /// Whether the peer acknowledged every block (always false when unacknowledged).
    #[must_use]
    pub const fn is_acknowledged(&self) -> bool {
        self.acked >= self.blocks
    }

    /// The last block number this window allows, or the last block when unacknowledged.
    fn window_end(&self) -> u16 {
        if self.window == 0 {
            self.blocks
        } else {
            self.acked
                .saturating_add(u16::from(self.window))
                .min(self.blocks)
        }
    }

    /// The block-data of block `n` (1-based).
    fn data_of(&self, n: u16) -> &'a [u8] {
        let start = usize::from(n.saturating_sub(1)).saturating_mul(self.block_size);
        let end = start.saturating_add(self.block_size).min(self.apdu.len());
        self.apdu.get(start..end).unwrap_or(&[])
    }

    /// The next block to send, if the window allows one (without advancing).
    #[must_use]
    pub fn peek(&self) -> Option<GeneralBlockTransfer<'a>> {
        let end = self.window_end();
        if self.next > end {
            return None;
        }
        let last = self.next == self.blocks;
        let streaming = self.window == 0 || self.next < end;
        Some(GeneralBlockTransfer {
            control: BlockControl::new(last, streaming, self.receive_window),
            block_number: self.next,
            block_number_ack: self.peer_block,
            block_data: self.data_of(self.next),
        })
    }

    /// Writes the next block into `out` and returns its length, or `None` when the window
    /// is exhausted (wait for an acknowledgement) or every block was sent.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] (the block stays unsent).
    pub fn poll_transmit(&mut self, out: &mut [u8]) -> Result<Option<usize>> {
        let Some(block) = self.peek() else {
            return Ok(None);
        };
        let n = block.emit(out)?;
        self.next = self.next.saturating_add(1);
        Ok(Some(n))
    }

    /// The next block as a new vector, or `None` (see [`poll_transmit`](Self::poll_transmit)).
    ///
    /// # Errors
    /// None in practice.
    #[cfg(feature = "alloc")]
    pub fn poll_transmit_vec(&mut self) -> Result<Option<alloc::vec::Vec<u8>>> {
        let Some(block) = self.peek() else {
            return Ok(None);
        };
        let v = block.to_vec()?;
        self.next = self.next.saturating_add(1);
        Ok(Some(v))
    }

    /// Takes the peer's GBT APDU into account: its block-number-ack acknowledges our blocks
    /// up to that number (fewer than were sent asks for the rest again), its window (if not
    /// 0) becomes our window, and its block-number becomes our block-number-ack. Any
    /// block-data it carries is the peer's own transfer and is not looked at here.
    ///
    /// An acknowledgement older than one already seen is ignored.
    ///
    /// # Errors
    /// [`ErrorKind::BlockSequence`] if it acknowledges a block not sent yet (nothing changes).
    pub fn handle_ack(&mut self, ack: &GeneralBlockTransfer<'_>) -> Result<()> {
        let n = ack.block_number_ack;
        let sent = self.next.saturating_sub(1);
        if n > sent {
            return Err(Error::from(ErrorKind::BlockSequence));
        }
        self.peer_block = ack.block_number;
        if self.window != 0 && ack.control.window() != 0 {
            self.window = ack.control.window();
        }
        if n >= self.acked {
            self.acked = n;
            // Go back to the first block not acknowledged.
            self.next = n.saturating_add(1);
        }
        Ok(())
    }

    /// No acknowledgement came: send the unacknowledged blocks of the window again (nothing
    /// changes for an unacknowledged sender).
    pub fn handle_timeout(&mut self) {
        if self.window != 0 {
            self.next = self.acked.saturating_add(1);
        }
    }
}

/// What a received block did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Progress {
    /// Stored; more blocks of this window follow.
    Stored,
    /// Stored; the block closed a window, so an acknowledgement is due
    /// ([`Receiver::poll_ack`]).
    WindowEnd,
    /// Stored the last block: the APDU is complete (an acknowledgement is due too when the
    /// last block did not stream).
    Complete,
}

/// The numbering side of reassembly, shared by the slice- and vector-backed receivers.
#[derive(Debug, Clone)]
struct Sequencer {
    /// The highest block number held in sequence.
    last: u16,
    complete: bool,
    ack_due: bool,
    window: u8,
    /// The block-number of our next acknowledgement.
    ack_number: u16,
}

impl Sequencer {
    fn new(window: u8) -> Self {
        Self {
            last: 0,
            complete: false,
            ack_due: false,
            window,
            ack_number: 1,
        }
    }

    /// Checks that `block` is the next one; marks an acknowledgement due when a rejected
    /// block closes a window.
    fn check(&mut self, block: &GeneralBlockTransfer<'_>) -> Result<()> {
        let found = block.block_number;
        if self.complete {
            // A block of this transfer sent again (its acknowledgement was lost) is a
            // duplicate and re-opens the acknowledgement; any later one is out of sequence.
            if found == 0 || found > self.last {
                return Err(Error::from(ErrorKind::BlockSequence));
            }
            if !block.control.is_streaming() {
                self.ack_due = true;
            }
            return Err(Error::from(ErrorKind::BlockDuplicate {
                number: u32::from(found),
            }));
        }
        let expected = self
            .last
            .checked_add(1)
            .ok_or(Error::from(ErrorKind::BlockSequence))?;
        if found == expected {
            return Ok(());
        }
        if !block.control.is_streaming() {
            self.ack_due = true;
        }
        if found == 0 {
            return Err(Error::from(ErrorKind::BlockSequence));
        }
        if found < expected {
            Err(Error::from(ErrorKind::BlockDuplicate {
                number: u32::from(found),
            }))
        } else {
            Err(Error::from(ErrorKind::BlockGap {
                expected: u32::from(expected),
                found: u32::from(found),
            }))
        }
    }

    /// Records a stored block.
    fn accept(&mut self, block: &GeneralBlockTransfer<'_>) -> Progress {
        self.last = block.block_number;
        let streaming = block.control.is_streaming();
        if block.control.is_last_block() {
            self.complete = true;
            self.ack_due = !streaming;
            Progress::Complete
        } else if streaming {
            Progress::Stored
        } else {
            self.ack_due = true;
            Progress::WindowEnd
        }
    }

    /// The acknowledgement to send, if one is due (without clearing it).
    fn ack(&self) -> Option<GeneralBlockTransfer<'static>> {
        self.ack_due.then_some(GeneralBlockTransfer {
            control: BlockControl::new(true, false, self.window),
            block_number: self.ack_number,
            block_number_ack: self.last,
            block_data: &[],
        })
    }

    fn sent_ack(&mut self) {
        self.ack_due = false;
        self.ack_number = self.ack_number.wrapping_add(1).max(1);
    }

    fn reset(&mut self) {
        *self = Self::new(self.window);
    }
}

/// The state queries both receivers answer from their [`Sequencer`] in `seq`.
macro_rules! receiver_fns {
    () => {
        /// Makes an acknowledgement due now (for instance when the window's last block never
        /// came): it asks the sender to resume after the last block held in sequence.
        pub fn request_retransmission(&mut self) {
            self.seq.ack_due = true;
        }

        /// Whether an acknowledgement is due.
        #[must_use]
        pub const fn is_ack_due(&self) -> bool {
            self.seq.ack_due
        }

        /// Whether the last block was stored.
        #[must_use]
        pub const fn is_complete(&self) -> bool {
            self.seq.complete
        }

        /// The highest block number held in sequence (0 before the first block).
        #[must_use]
        pub const fn last_block_number(&self) -> u16 {
            self.seq.last
        }
    };
}

/// Reassembles a GBT transfer into a caller-provided buffer and tells the caller when to
/// acknowledge (sans-IO).
#[derive(Debug)]
pub struct Receiver<'b> {
    buf: &'b mut [u8],
    len: usize,
    seq: Sequencer,
}

impl<'b> Receiver<'b> {
    /// A receiver storing into `buf` that advertises `window` (0..=63; 0 for a receiver of
    /// unacknowledged pushes) in its acknowledgements.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a window above 63.
    pub fn new(buf: &'b mut [u8], window: u8) -> Result<Self> {
        if window > MAX_WINDOW {
            return Err(Error::from(ErrorKind::InvalidValue));
        }
        Ok(Self {
            buf,
            len: 0,
            seq: Sequencer::new(window),
        })
    }

    /// Takes one received block.
    ///
    /// # Errors
    /// [`ErrorKind::BlockDuplicate`], [`ErrorKind::BlockGap`], [`ErrorKind::BlockSequence`]
    /// or [`ErrorKind::ReassemblyOverflow`]; the block is not stored and the transfer stays
    /// as it was (a retransmission can still complete it).
    pub fn handle(&mut self, block: &GeneralBlockTransfer<'_>) -> Result<Progress> {
        self.seq.check(block)?;
        let end = self.len.saturating_add(block.block_data.len());
        let capacity = self.buf.len();
        let dst = self
            .buf
            .get_mut(self.len..end)
            .ok_or(Error::from(ErrorKind::ReassemblyOverflow { capacity }))?;
        dst.copy_from_slice(block.block_data);
        self.len = end;
        Ok(self.seq.accept(block))
    }

    /// Writes the due acknowledgement into `out` and returns its length, or `None` if none
    /// is due.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] (the acknowledgement stays due).
    pub fn poll_ack(&mut self, out: &mut [u8]) -> Result<Option<usize>> {
        let Some(ack) = self.seq.ack() else {
            return Ok(None);
        };
        let n = ack.emit(out)?;
        self.seq.sent_ack();
        Ok(Some(n))
    }

    receiver_fns!();

    /// The octets stored so far.
    #[must_use]
    pub fn received(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// The reassembled APDU once the transfer is complete.
    #[must_use]
    pub fn apdu(&self) -> Option<&[u8]> {
        self.seq.complete.then(|| self.received())
    }

    /// Forgets the transfer, to receive a new one into the same buffer.
    pub fn reset(&mut self) {
        self.len = 0;
        self.seq.reset();
    }
}

/// A [`Receiver`] that reassembles into a growing vector, bounded by a maximum length.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone)]
pub struct VecReceiver {
    buf: alloc::vec::Vec<u8>,
    max_len: usize,
    seq: Sequencer,
}

#[cfg(feature = "alloc")]
impl VecReceiver {
    /// A receiver of APDUs up to `max_len` octets that advertises `window` (0..=63).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] for a window above 63.
    pub fn new(max_len: usize, window: u8) -> Result<Self> {
        if window > MAX_WINDOW {
            return Err(Error::from(ErrorKind::InvalidValue));
        }
        Ok(Self {
            buf: alloc::vec::Vec::new(),
            max_len,
            seq: Sequencer::new(window),
        })
    }

    /// Takes one received block (see [`Receiver::handle`]).
    ///
    /// # Errors
    /// As [`Receiver::handle`].
    pub fn handle(&mut self, block: &GeneralBlockTransfer<'_>) -> Result<Progress> {
        self.seq.check(block)?;
        let end = self.buf.len().saturating_add(block.block_data.len());
        if end > self.max_len {
            return Err(Error::from(ErrorKind::ReassemblyOverflow {
                capacity: self.max_len,
            }));
        }
        self.buf.extend_from_slice(block.block_data);
        Ok(self.seq.accept(block))
    }

    /// The due acknowledgement as a new vector, or `None`.
    ///
    /// # Errors
    /// None in practice.
    pub fn poll_ack(&mut self) -> Result<Option<alloc::vec::Vec<u8>>> {
        let Some(ack) = self.seq.ack() else {
            return Ok(None);
        };
        let v = ack.to_vec()?;
        self.seq.sent_ack();
        Ok(Some(v))
    }

    receiver_fns!();

    /// The octets stored so far.
    #[must_use]
    pub fn received(&self) -> &[u8] {
        &self.buf
    }

    /// Takes the reassembled APDU once complete, leaving the receiver ready for a new
    /// transfer.
    pub fn take_apdu(&mut self) -> Option<alloc::vec::Vec<u8>> {
        if !self.seq.complete {
            return None;
        }
        self.seq.reset();
        Some(core::mem::take(&mut self.buf))
    }

    /// Forgets the transfer.
    pub fn reset(&mut self) {
        self.buf.clear();
        self.seq.reset();
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
mod tests {
    use super::*;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::vec::Vec;

    /// The last block of a Landis+Gyr E570 push (scs/smartmeter-datacollector,
    /// `tests/testdata/lg_e570.py`), after the HDLC header.
    const LAST_BLOCK: [u8; 13] = hex!("E0C00004000006120000120000");

    #[test]
    fn deconstruct() {
        let b = GeneralBlockTransfer::parse_exact(&LAST_BLOCK).unwrap();
        assert!(b.control.is_last_block() && b.control.is_streaming());
        assert_eq!(b.control.window(), 0);
        assert_eq!(b.block_number, 4);
        assert_eq!(b.block_number_ack, 0);
        assert_eq!(b.block_data, &hex!("120000120000"));
    }

    #[test]
    fn construct_and_emit() {
        let b = GeneralBlockTransfer {
            control: BlockControl::new(true, true, 0),
            block_number: 4,
            block_number_ack: 0,
            block_data: &hex!("120000120000"),
        };
        let mut out = [0u8; 13];
        assert_eq!(b.emit(&mut out).unwrap(), 13);
        assert_eq!(out, LAST_BLOCK);
        assert!(b.emit(&mut out[..12]).is_err());
        assert_eq!(BlockControl::new(false, false, 0xFF).0, 0x3F);
    }

    #[test]
    fn errors() {
        for n in 0..LAST_BLOCK.len() {
            assert!(GeneralBlockTransfer::parse(&LAST_BLOCK[..n]).is_err());
        }
        assert_eq!(
            GeneralBlockTransfer::parse(&hex!("E1")).unwrap_err().kind(),
            ErrorKind::UnexpectedTag {
                expected: 0xE0,
                found: 0xE1
            }
        );
        let err = GeneralBlockTransfer::parse(&hex!("E0C0000100000501")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::LengthExceeds { .. }));
        assert_eq!(err.offset(), 6);
    }

    #[test]
    fn render() {
        let b = GeneralBlockTransfer::parse_exact(&LAST_BLOCK).unwrap();
        assert_eq!(
            format!("{}", Tree(&b)),
            "general-block-transfer\n  block-control: 0xc0 (last-block true, streaming true, \
             window 0)\n  block-number: 4\n  block-number-ack: 0\n  block-data: 120000120000\n"
        );
    }

    fn blocks(sender: &mut Sender<'_>) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut buf = [0u8; 300];
        while let Some(n) = sender.poll_transmit(&mut buf).unwrap() {
            out.push(buf[..n].to_vec());
        }
        out
    }

    #[test]
    fn unacknowledged_sender_streams_everything() {
        let apdu: Vec<u8> = (0..=250).collect();
        let mut s = Sender::new(&apdu, 100, Pacing::Unacknowledged).unwrap();
        assert_eq!(s.block_count(), 3);
        let sent = blocks(&mut s);
        assert_eq!(sent.len(), 3);
        assert!(s.is_sent() && !s.is_acknowledged());
        for (i, b) in sent.iter().enumerate() {
            let g = GeneralBlockTransfer::parse_exact(b).unwrap();
            assert!(g.control.is_streaming());
            assert_eq!(g.control.window(), 0);
            assert_eq!(g.control.is_last_block(), i == 2);
            assert_eq!(usize::from(g.block_number), i + 1);
            assert_eq!(g.block_number_ack, 0);
        }
        let mut storage = [0u8; 251];
        let mut r = Receiver::new(&mut storage, 0).unwrap();
        for b in &sent {
            r.handle(&GeneralBlockTransfer::parse_exact(b).unwrap())
                .unwrap();
        }
        assert_eq!(r.apdu(), Some(&apdu[..]));
        assert!(!r.is_ack_due());
    }

    #[test]
    fn windowed_sender_waits_and_goes_back() {
        let apdu = [7u8; 50];
        let mut s = Sender::new(&apdu, 10, Pacing::Windowed { window: 3 }).unwrap();
        let first = blocks(&mut s);
        assert_eq!(first.len(), 3);
        let flags: Vec<_> = first
            .iter()
            .map(|b| GeneralBlockTransfer::parse_exact(b).unwrap().control)
            .map(|c| (c.is_streaming(), c.is_last_block(), c.window()))
            .collect();
        assert_eq!(
            flags,
            [(true, false, 3), (true, false, 3), (false, false, 3)]
        );
        // The peer got block 1 only and asks again from 2, with a window of 2.
        let ack = GeneralBlockTransfer {
            control: BlockControl::new(true, false, 2),
            block_number: 1,
            block_number_ack: 1,
            block_data: &[],
        };
        s.handle_ack(&ack).unwrap();
        let again = blocks(&mut s);
        let numbers: Vec<_> = again
            .iter()
            .map(|b| GeneralBlockTransfer::parse_exact(b).unwrap())
            .map(|g| (g.block_number, g.block_number_ack, g.control.is_streaming()))
            .collect();
        assert_eq!(numbers, [(2, 1, true), (3, 1, false)]);
        // Acknowledging a block not sent yet is refused.
        let bad = GeneralBlockTransfer {
            block_number_ack: 4,
            ..ack
        };
        assert_eq!(
            s.handle_ack(&bad).unwrap_err().kind(),
            ErrorKind::BlockSequence
        );
        // A timeout resends the unacknowledged window.
        s.handle_timeout();
        assert_eq!(blocks(&mut s).len(), 2);
        assert!(Sender::new(&apdu, 0, Pacing::Unacknowledged).is_err());
        assert!(Sender::new(&apdu, 10, Pacing::Windowed { window: 0 }).is_err());
        assert!(Sender::new(&apdu, 10, Pacing::Windowed { window: 64 }).is_err());
        assert!(Sender::new(&[0u8; 70_000], 1, Pacing::Unacknowledged).is_err());
    }

    fn block(n: u16, last: bool, streaming: bool, data: &[u8]) -> GeneralBlockTransfer<'_> {
        GeneralBlockTransfer {
            control: BlockControl::new(last, streaming, 0),
            block_number: n,
            block_number_ack: 0,
            block_data: data,
        }
    }

    #[test]
    fn receiver_rejects_out_of_sequence_blocks() {
        let mut storage = [0u8; 8];
        let mut r = Receiver::new(&mut storage, 4).unwrap();
        assert_eq!(
            r.handle(&block(1, false, true, b"ab")).unwrap(),
            Progress::Stored
        );
        assert_eq!(
            r.handle(&block(1, false, true, b"ab")).unwrap_err().kind(),
            ErrorKind::BlockDuplicate { number: 1 }
        );
        assert_eq!(
            r.handle(&block(3, false, true, b"cd")).unwrap_err().kind(),
            ErrorKind::BlockGap {
                expected: 2,
                found: 3
            }
        );
        assert!(!r.is_ack_due());
        // A rejected block that closes a window makes an acknowledgement due.
        assert!(r.handle(&block(3, false, false, b"cd")).is_err());
        let mut ack = [0u8; 16];
        let n = r.poll_ack(&mut ack).unwrap().unwrap();
        let a = GeneralBlockTransfer::parse_exact(&ack[..n]).unwrap();
        assert_eq!((a.block_number, a.block_number_ack), (1, 1));
        assert!(a.control.is_last_block() && !a.control.is_streaming());
        assert_eq!(a.control.window(), 4);
        assert_eq!(r.poll_ack(&mut ack).unwrap(), None);
        assert_eq!(
            r.handle(&block(2, false, false, b"cd")).unwrap(),
            Progress::WindowEnd
        );
        assert_eq!(
            r.handle(&block(3, false, true, b"efghi"))
                .unwrap_err()
                .kind(),
            ErrorKind::ReassemblyOverflow { capacity: 8 }
        );
        assert_eq!(
            r.handle(&block(3, true, true, b"efgh")).unwrap(),
            Progress::Complete
        );
        assert_eq!(r.apdu(), Some(&b"abcdefgh"[..]));
        assert_eq!(
            r.handle(&block(4, true, true, b"")).unwrap_err().kind(),
            ErrorKind::BlockSequence
        );
        // The last block again (its acknowledgement was lost): a duplicate, re-acknowledged.
        assert_eq!(
            r.handle(&block(3, true, false, b"efgh"))
                .unwrap_err()
                .kind(),
            ErrorKind::BlockDuplicate { number: 3 }
        );
        assert!(r.is_ack_due());
        r.reset();
        assert_eq!(r.received(), b"");
        assert_eq!(
            r.handle(&block(0, false, true, b"")).unwrap_err().kind(),
            ErrorKind::BlockSequence
        );
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn vec_receiver() {
        let mut r = VecReceiver::new(4, 1).unwrap();
        r.handle(&block(1, false, false, b"ab")).unwrap();
        let ack = r.poll_ack().unwrap().unwrap();
        assert_eq!(ack, hex!("E0810001000100"));
        assert_eq!(
            r.handle(&block(2, true, false, b"cde")).unwrap_err().kind(),
            ErrorKind::ReassemblyOverflow { capacity: 4 }
        );
        r.handle(&block(2, true, false, b"cd")).unwrap();
        assert_eq!(r.take_apdu().unwrap(), b"abcd");
        assert_eq!(r.received(), b"");
    }

    proptest! {
        #[test]
        fn gbt_round_trip(c in any::<u8>(), bn in any::<u16>(), bna in any::<u16>(),
                          data in proptest::collection::vec(any::<u8>(), 0..400)) {
            let b = GeneralBlockTransfer {
                control: BlockControl(c), block_number: bn, block_number_ack: bna, block_data: &data,
            };
            let mut out = std::vec![0u8; b.buffer_len()];
            b.emit(&mut out).unwrap();
            prop_assert_eq!(GeneralBlockTransfer::parse_exact(&out).unwrap(), b);
        }

        #[test]
        fn arbitrary_input_never_panics(body in proptest::collection::vec(any::<u8>(), 0..32)) {
            let mut input = std::vec![0xE0];
            input.extend(body);
            let _ = GeneralBlockTransfer::parse(&input);
        }
    }
}
