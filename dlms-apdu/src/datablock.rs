//! Splitting long values into GET/SET/ACTION data blocks, and reassembling them.
//!
//! A value too long for one APDU travels as a series of data blocks (IEC 62056-5-3, the
//! xDLMS ASN.1 module: `DataBlock-G` for GET responses, `DataBlock-SA` for SET requests and
//! ACTION requests and responses). Each block carries a block number (counting from 1), a
//! last-block flag and a slice of the encoded value (its raw-data).
//!
//! - [`Splitter`] cuts an encoded value into [`DataBlockSa`] views of a chosen payload size,
//!   for building `GET-Response-With-Datablock`, `SET-Request-With-Datablock` or
//!   `ACTION-Request/Response-With-Pblock` APDUs ([`DataBlockG::from`] converts a view to
//!   the GET form).
//! - [`Reassembler`] collects the raw-data of received blocks, in order, into a buffer the
//!   caller provides (no allocator), and rejects gaps, duplicates, overflow and blocks after
//!   the last. `VecReassembler` (feature `alloc`) does the same into a growing `Vec`
//!   with a size limit.
//!
//! ```
//! use dlms_apdu::datablock::{Progress, Reassembler, Splitter};
//! use dlms_apdu::DataRef;
//!
//! // An encoded array of three long-unsigned values, cut into 4-byte blocks.
//! let value = [0x01, 0x03, 0x12, 0x00, 0x01, 0x12, 0x00, 0x02, 0x12, 0x00, 0x03];
//! let mut buf = [0u8; 32];
//! let mut rx = Reassembler::new(&mut buf);
//! let mut progress = Progress::More;
//! for block in Splitter::new(&value, 4)? {
//!     progress = rx.push_sa(&block)?;
//! }
//! assert_eq!(progress, Progress::Complete);
//! let DataRef::Array(items) = rx.data_ref()? else { unreachable!() };
//! assert_eq!(items.len(), 3);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt;

use crate::codec::{Reader, Writer, codec_field, octets_len};
use crate::data::DataRef;
use crate::error::{Error, ErrorKind, Result};
use crate::registry::DataAccessResult;
use crate::render::{Render, Renderer};

/// The result of a `DataBlock-G`: a slice of the encoded value, or the error that ends the
/// transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataBlockResult<'a> {
    /// `raw-data [0]`: the next slice of the encoded value.
    RawData(&'a [u8]),
    /// `data-access-result [1]`: the transfer failed.
    AccessResult(DataAccessResult),
}

/// One block of a long GET response (`DataBlock-G`, IEC 62056-5-3 xDLMS ASN.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataBlockG<'a> {
    /// Whether this is the last block.
    pub last_block: bool,
    /// The block number, counting from 1.
    pub block_number: u32,
    /// The raw-data, or the error that ends the transfer.
    pub result: DataBlockResult<'a>,
}

/// One block of a long SET request or ACTION request/response (`DataBlock-SA`,
/// IEC 62056-5-3 xDLMS ASN.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataBlockSa<'a> {
    /// Whether this is the last block.
    pub last_block: bool,
    /// The block number, counting from 1.
    pub block_number: u32,
    /// The next slice of the encoded value.
    pub raw_data: &'a [u8],
}

impl<'a> DataBlockG<'a> {
    /// Parses last-block, block-number and the result CHOICE.
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let last_block = r.u8()? != 0;
        let block_number = r.u32()?;
        let at = r.position();
        let result = match r.u8()? {
            0 => DataBlockResult::RawData(r.octets()?),
            1 => DataBlockResult::AccessResult(DataAccessResult(r.u8()?)),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        };
        Ok(Self {
            last_block,
            block_number,
            result,
        })
    }

    /// Bytes on the wire: last-block, block-number, the CHOICE octet and its value.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let result = match self.result {
            DataBlockResult::RawData(raw) => octets_len(raw.len()),
            DataBlockResult::AccessResult(_) => 1,
        };
        result.saturating_add(6)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(u8::from(self.last_block))?;
        w.u32(self.block_number)?;
        match self.result {
            DataBlockResult::RawData(raw) => {
                w.u8(0)?;
                w.octets(raw)
            }
            DataBlockResult::AccessResult(res) => {
                w.u8(1)?;
                w.u8(res.0)
            }
        }
    }
}

codec_field!(DataBlockG<'a>, DataBlockSa<'a>);

impl<'a> From<DataBlockSa<'a>> for DataBlockG<'a> {
    fn from(block: DataBlockSa<'a>) -> Self {
        Self {
            last_block: block.last_block,
            block_number: block.block_number,
            result: DataBlockResult::RawData(block.raw_data),
        }
    }
}

impl<'a> DataBlockSa<'a> {
    /// Parses last-block, block-number and raw-data.
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            last_block: r.u8()? != 0,
            block_number: r.u32()?,
            raw_data: r.octets()?,
        })
    }

    /// Bytes on the wire: last-block, block-number and the length-prefixed raw-data.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        octets_len(self.raw_data.len()).saturating_add(5)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(u8::from(self.last_block))?;
        w.u32(self.block_number)?;
        w.octets(self.raw_data)
    }
}

impl Render for DataBlockG<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("datablock", |r| {
            r.field("last-block", self.last_block)?;
            r.field("block-number", self.block_number)?;
            match self.result {
                DataBlockResult::RawData(raw) => r.hex("raw-data", raw),
                DataBlockResult::AccessResult(res) => r.field("data-access-result", res),
            }
        })
    }
}

impl Render for DataBlockSa<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("datablock", |r| {
            r.field("last-block", self.last_block)?;
            r.field("block-number", self.block_number)?;
            r.hex("raw-data", self.raw_data)
        })
    }
}

/// The largest raw-data length whose length-prefixed encoding fits in `budget` bytes.
///
/// Subtract the fixed part of the APDU from the negotiated maximum PDU size to get the
/// budget: 9 octets for `GET-Response-With-Datablock` (tag, CHOICE, invoke-id, last-block,
/// block-number, result CHOICE), 8 for `SET-Request-With-Datablock` and the
/// `-With-Pblock` ACTION forms; the first-block forms add their descriptors.
/// Returns 0 also when not even an empty raw-data fits (`budget` 0).
#[must_use]
pub fn raw_data_capacity(budget: usize) -> usize {
    // The length prefix takes 1..=5 octets.
    (1..=5)
        .map(|k| budget.saturating_sub(k))
        .find(|&n| octets_len(n) <= budget)
        .unwrap_or(0)
}

/// Cuts an encoded value into successive data blocks of at most `block_size` bytes of
/// raw-data, numbered from 1, the last one flagged.
///
/// An empty value yields one empty last block.
#[derive(Debug, Clone)]
pub struct Splitter<'a> {
    rest: &'a [u8],
    block_size: usize,
    next: u32,
    done: bool,
}

impl<'a> Splitter<'a> {
    /// A splitter over `value` with `block_size` bytes of raw-data per block.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidValue`] if `block_size` is 0, [`ErrorKind::TooLong`] if the value
    /// needs more blocks than a 32-bit block number can count.
    pub fn new(value: &'a [u8], block_size: usize) -> Result<Self> {
        if block_size == 0 {
            return Err(Error::from(ErrorKind::InvalidValue));
        }
        let blocks = value.len().div_ceil(block_size);
        if u32::try_from(blocks).is_err() {
            return Err(Error::from(ErrorKind::TooLong {
                len: blocks,
                max: u32::MAX as usize,
            }));
        }
        Ok(Self {
            rest: value,
            block_size,
            next: 1,
            done: false,
        })
    }

    fn remaining_blocks(&self) -> usize {
        if self.done {
            0
        } else {
            self.rest.len().div_ceil(self.block_size).max(1)
        }
    }
}

impl<'a> Iterator for Splitter<'a> {
    type Item = DataBlockSa<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (raw_data, rest) = self
            .rest
            .split_at_checked(self.block_size.min(self.rest.len()))?;
        self.rest = rest;
        let last_block = rest.is_empty();
        let block = DataBlockSa {
            last_block,
            block_number: self.next,
            raw_data,
        };
        // `new` proved that every block number fits in a u32.
        self.next = self.next.saturating_add(1);
        self.done = last_block;
        Some(block)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining_blocks();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Splitter<'_> {}

impl core::iter::FusedIterator for Splitter<'_> {}

/// Where a block transfer stands after a block was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// More blocks are expected.
    More,
    /// The last block arrived; the value is complete.
    Complete,
    /// The sender ended the transfer with an error (a `DataBlock-G` data-access-result).
    Aborted(DataAccessResult),
}

/// The block-numbering state shared by both reassemblers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockOrder {
    /// The block number expected next; `None` once the numbers ran out.
    next: Option<u32>,
    /// The last block number accepted (0 before the first).
    received: u32,
    state: Progress,
}

impl BlockOrder {
    const fn new() -> Self {
        Self {
            next: Some(1),
            received: 0,
            state: Progress::More,
        }
    }

    /// Checks that block `number` may be accepted now.
    fn check(&self, number: u32) -> Result<()> {
        let Some(expected) = self.next.filter(|_| self.state == Progress::More) else {
            return Err(Error::from(ErrorKind::BlockSequence));
        };
        if number == expected {
            Ok(())
        } else if number != 0 && number < expected {
            Err(Error::from(ErrorKind::BlockDuplicate { number }))
        } else {
            Err(Error::from(ErrorKind::BlockGap {
                expected,
                found: number,
            }))
        }
    }

    /// Records block `number` as accepted.
    fn advance(&mut self, number: u32, last_block: bool) -> Progress {
        self.received = number;
        self.next = number.checked_add(1);
        if last_block {
            self.state = Progress::Complete;
        }
        self.state
    }

    /// Ends the transfer at block `number`, which carried the data-access-result `result`.
    fn abort(&mut self, number: u32, result: DataAccessResult) -> Result<Progress> {
        self.check(number)?;
        self.received = number;
        self.state = Progress::Aborted(result);
        Ok(self.state)
    }
}

/// The methods both reassemblers share, built on their own `push`, `received` and the
/// block numbering in `order`.
macro_rules! reassembler_fns {
    () => {
        /// Accepts a `DataBlock-SA` (SET request, ACTION request or response).
        ///
        /// # Errors
        /// As [`push`](Self::push).
        pub fn push_sa(&mut self, block: &DataBlockSa<'_>) -> Result<Progress> {
            self.push(block.block_number, block.last_block, block.raw_data)
        }

        /// Accepts a `DataBlock-G` (GET response). A data-access-result ends the transfer:
        /// the result is [`Progress::Aborted`] and no value is handed out.
        ///
        /// # Errors
        /// As [`push`](Self::push).
        pub fn push_g(&mut self, block: &DataBlockG<'_>) -> Result<Progress> {
            match block.result {
                DataBlockResult::RawData(raw) => {
                    self.push(block.block_number, block.last_block, raw)
                }
                DataBlockResult::AccessResult(res) => self.order.abort(block.block_number, res),
            }
        }

        /// Where the transfer stands.
        #[must_use]
        pub const fn progress(&self) -> Progress {
            self.order.state
        }

        /// Whether the last block arrived.
        #[must_use]
        pub fn is_complete(&self) -> bool {
            self.order.state == Progress::Complete
        }

        /// The number of the last block accepted (0 before the first): the number a client
        /// acknowledges in `GET-Request-Next`.
        #[must_use]
        pub const fn last_block_number(&self) -> u32 {
            self.order.received
        }

        /// The reassembled value, once the last block arrived.
        #[must_use]
        pub fn data(&self) -> Option<&[u8]> {
            if self.is_complete() {
                Some(self.received())
            } else {
                None
            }
        }

        /// The reassembled value parsed as one A-XDR `Data` that fills it exactly.
        ///
        /// # Errors
        /// [`ErrorKind::BlockSequence`] before the last block, else as
        /// [`DataRef::parse_exact`].
        pub fn data_ref(&self) -> Result<DataRef<'_>> {
            let data = self.data().ok_or(Error::from(ErrorKind::BlockSequence))?;
            DataRef::parse_exact(data)
        }
    };
}

/// Reassembles the raw-data of data blocks into a buffer the caller provides.
///
/// Blocks must arrive in order, numbered from 1. A block that repeats an earlier number is
/// refused with [`ErrorKind::BlockDuplicate`], one that skips ahead with
/// [`ErrorKind::BlockGap`], one that does not fit the buffer with
/// [`ErrorKind::ReassemblyOverflow`], and any block after the last (or after an aborted
/// transfer) with [`ErrorKind::BlockSequence`]. A refused block changes nothing, so the
/// transfer may continue with the right block.
#[derive(Debug)]
pub struct Reassembler<'b> {
    buf: &'b mut [u8],
    len: usize,
    order: BlockOrder,
}

impl<'b> Reassembler<'b> {
    /// A reassembler writing into `buf`; its length is the largest value accepted.
    pub fn new(buf: &'b mut [u8]) -> Self {
        Self {
            buf,
            len: 0,
            order: BlockOrder::new(),
        }
    }

    /// Accepts block `block_number` carrying `raw_data`.
    ///
    /// # Errors
    /// [`ErrorKind::BlockGap`], [`ErrorKind::BlockDuplicate`],
    /// [`ErrorKind::ReassemblyOverflow`] or [`ErrorKind::BlockSequence`]; the state is then
    /// unchanged.
    pub fn push(
        &mut self,
        block_number: u32,
        last_block: bool,
        raw_data: &[u8],
    ) -> Result<Progress> {
        self.order.check(block_number)?;
        let capacity = self.buf.len();
        let overflow = Error::from(ErrorKind::ReassemblyOverflow { capacity });
        let end = self.len.checked_add(raw_data.len()).ok_or(overflow)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(overflow)?
            .copy_from_slice(raw_data);
        self.len = end;
        Ok(self.order.advance(block_number, last_block))
    }

    reassembler_fns!();

    /// Bytes received so far.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether no bytes were received yet.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The largest value the buffer holds.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.len()
    }

    /// The raw-data received so far, complete or not.
    #[must_use]
    pub fn received(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Forgets everything received, ready for a new transfer into the same buffer.
    pub fn reset(&mut self) {
        self.len = 0;
        self.order = BlockOrder::new();
    }
}

#[cfg(feature = "alloc")]
pub use owned::VecReassembler;

#[cfg(feature = "alloc")]
mod owned {
    use alloc::vec::Vec;

    use super::{BlockOrder, DataBlockG, DataBlockResult, DataBlockSa, Progress};
    use crate::data::DataRef;
    use crate::error::{Error, ErrorKind, Result};

    /// Reassembles data blocks into a growing `Vec`, up to a size limit.
    ///
    /// The same rules as [`Reassembler`](super::Reassembler) apply; the limit plays the
    /// part of the buffer's capacity.
    #[derive(Debug, Clone)]
    pub struct VecReassembler {
        buf: Vec<u8>,
        limit: usize,
        order: BlockOrder,
    }

    impl VecReassembler {
        /// A reassembler accepting values of at most `limit` bytes.
        #[must_use]
        pub const fn new(limit: usize) -> Self {
            Self {
                buf: Vec::new(),
                limit,
                order: BlockOrder::new(),
            }
        }

        /// Accepts block `block_number` carrying `raw_data`.
        ///
        /// # Errors
        /// [`ErrorKind::BlockGap`], [`ErrorKind::BlockDuplicate`],
        /// [`ErrorKind::ReassemblyOverflow`] (over the limit, or the allocation failed) or
        /// [`ErrorKind::BlockSequence`]; the state is then unchanged.
        pub fn push(
            &mut self,
            block_number: u32,
            last_block: bool,
            raw_data: &[u8],
        ) -> Result<Progress> {
            self.order.check(block_number)?;
            let overflow = Error::from(ErrorKind::ReassemblyOverflow {
                capacity: self.limit,
            });
            let end = self.buf.len().checked_add(raw_data.len()).ok_or(overflow)?;
            if end > self.limit {
                return Err(overflow);
            }
            self.buf.try_reserve(raw_data.len()).map_err(|_| overflow)?;
            self.buf.extend_from_slice(raw_data);
            Ok(self.order.advance(block_number, last_block))
        }

        reassembler_fns!();

        /// The raw-data received so far, complete or not.
        #[must_use]
        pub fn received(&self) -> &[u8] {
            &self.buf
        }

        /// The reassembled value.
        ///
        /// # Errors
        /// [`ErrorKind::BlockSequence`] before the last block.
        pub fn into_vec(self) -> Result<Vec<u8>> {
            if self.is_complete() {
                Ok(self.buf)
            } else {
                Err(Error::from(ErrorKind::BlockSequence))
            }
        }

        /// Forgets everything received, keeping the allocation.
        pub fn reset(&mut self) {
            self.buf.clear();
            self.order = BlockOrder::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::emit_with;
    use hex_literal::hex;
    use std::vec::Vec;

    #[test]
    fn deconstruct_and_construct_g() {
        // last-block FALSE, block 1, raw-data [0] of 4 octets.
        let bytes = hex!("00 00000001 00 04 01020304");
        let mut r = Reader::new(&bytes);
        let b = DataBlockG::parse_from(&mut r).unwrap();
        assert!(r.is_empty());
        assert_eq!(
            b,
            DataBlockG {
                last_block: false,
                block_number: 1,
                result: DataBlockResult::RawData(&hex!("01020304")),
            }
        );
        assert_eq!(b.buffer_len(), bytes.len());
        let mut out = [0u8; 16];
        let n = emit_with(&mut out, b.buffer_len(), |w| b.write(w)).unwrap();
        assert_eq!(&out[..n], &bytes);

        let err = hex!("01 00000002 01 01");
        let b = DataBlockG::parse_from(&mut Reader::new(&err)).unwrap();
        assert_eq!(
            b.result,
            DataBlockResult::AccessResult(DataAccessResult::HARDWARE_FAULT)
        );
        let bad = hex!("01 00000002 02 01");
        let e = DataBlockG::parse_from(&mut Reader::new(&bad)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 2 });
        assert_eq!(e.offset(), 5);
    }

    #[test]
    fn deconstruct_and_construct_sa() {
        let bytes = hex!("01 00000003 02 6263");
        let b = DataBlockSa::parse_from(&mut Reader::new(&bytes)).unwrap();
        assert!(b.last_block);
        assert_eq!(b.block_number, 3);
        assert_eq!(b.raw_data, b"bc");
        let mut out = [0u8; 16];
        let n = emit_with(&mut out, b.buffer_len(), |w| b.write(w)).unwrap();
        assert_eq!(&out[..n], &bytes);
        for cut in 0..bytes.len() {
            assert!(DataBlockSa::parse_from(&mut Reader::new(&bytes[..cut])).is_err());
        }
    }

    #[test]
    fn capacity() {
        assert_eq!(raw_data_capacity(0), 0);
        assert_eq!(raw_data_capacity(1), 0);
        assert_eq!(raw_data_capacity(128), 127);
        assert_eq!(raw_data_capacity(129), 127);
        assert_eq!(raw_data_capacity(130), 128);
        for budget in 1..70_000usize {
            let n = raw_data_capacity(budget);
            assert!(octets_len(n) <= budget);
            assert!(octets_len(n + 1) > budget, "budget {budget}");
        }
    }

    #[test]
    fn split_and_reassemble() {
        let value: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for size in [1usize, 7, 100, 999, 1000, 5000] {
            let blocks: Vec<_> = Splitter::new(&value, size).unwrap().collect();
            assert_eq!(blocks.len(), value.len().div_ceil(size));
            assert_eq!(blocks.first().unwrap().block_number, 1);
            assert!(blocks.last().unwrap().last_block);
            assert_eq!(blocks.iter().filter(|b| b.last_block).count(), 1);
            let mut buf = [0u8; 1000];
            let mut rx = Reassembler::new(&mut buf);
            for b in &blocks {
                rx.push_sa(b).unwrap();
            }
            assert_eq!(rx.data(), Some(&value[..]));
            assert_eq!(rx.last_block_number() as usize, blocks.len());
        }
        let empty: Vec<_> = Splitter::new(&[], 4).unwrap().collect();
        assert_eq!(
            empty,
            [DataBlockSa {
                last_block: true,
                block_number: 1,
                raw_data: &[]
            }]
        );
        assert_eq!(
            Splitter::new(&value, 0).unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
        let s = Splitter::new(&value, 300).unwrap();
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn refusals_leave_state_unchanged() {
        let mut buf = [0u8; 6];
        let mut rx = Reassembler::new(&mut buf);
        assert_eq!(
            rx.push(2, false, b"ab").unwrap_err().kind(),
            ErrorKind::BlockGap {
                expected: 1,
                found: 2
            }
        );
        assert_eq!(
            rx.push(0, false, b"ab").unwrap_err().kind(),
            ErrorKind::BlockGap {
                expected: 1,
                found: 0
            }
        );
        assert_eq!(rx.push(1, false, b"ab").unwrap(), Progress::More);
        assert_eq!(
            rx.push(1, false, b"ab").unwrap_err().kind(),
            ErrorKind::BlockDuplicate { number: 1 }
        );
        assert_eq!(
            rx.push(2, false, b"cdefg").unwrap_err().kind(),
            ErrorKind::ReassemblyOverflow { capacity: 6 }
        );
        assert_eq!(rx.data_ref().unwrap_err().kind(), ErrorKind::BlockSequence);
        assert_eq!(rx.push(2, true, b"cdef").unwrap(), Progress::Complete);
        assert_eq!(rx.data(), Some(&b"abcdef"[..]));
        assert_eq!(
            rx.push(3, true, b"").unwrap_err().kind(),
            ErrorKind::BlockSequence
        );
        rx.reset();
        assert!(rx.is_empty());
        assert_eq!(rx.push(1, true, b"").unwrap(), Progress::Complete);
    }

    #[test]
    fn get_error_aborts() {
        let mut buf = [0u8; 8];
        let mut rx = Reassembler::new(&mut buf);
        let first = DataBlockG {
            last_block: false,
            block_number: 1,
            result: DataBlockResult::RawData(b"ab"),
        };
        assert_eq!(rx.push_g(&first).unwrap(), Progress::More);
        let fail = DataBlockG {
            last_block: true,
            block_number: 2,
            result: DataBlockResult::AccessResult(DataAccessResult::LONG_GET_ABORTED),
        };
        assert_eq!(
            rx.push_g(&fail).unwrap(),
            Progress::Aborted(DataAccessResult::LONG_GET_ABORTED)
        );
        assert_eq!(rx.data(), None);
        assert_eq!(
            rx.push_g(&first).unwrap_err().kind(),
            ErrorKind::BlockSequence
        );
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn owned_reassembler() {
        let mut rx = VecReassembler::new(5);
        assert_eq!(rx.push(1, false, b"abc").unwrap(), Progress::More);
        assert_eq!(
            rx.push(2, true, b"def").unwrap_err().kind(),
            ErrorKind::ReassemblyOverflow { capacity: 5 }
        );
        assert_eq!(
            rx.push(3, true, b"de").unwrap_err().kind(),
            ErrorKind::BlockGap {
                expected: 2,
                found: 3
            }
        );
        assert_eq!(rx.push(2, true, b"de").unwrap(), Progress::Complete);
        assert_eq!(rx.into_vec().unwrap(), b"abcde");
    }
}
