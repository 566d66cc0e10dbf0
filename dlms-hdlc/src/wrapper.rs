//! The IEC 62056-47 wrapper that carries DLMS/COSEM APDUs over TCP and UDP (port 4059).
//!
//! ```text
//! version (2) = 0x0001 | source wPort (2) | destination wPort (2) | length (2) | APDU
//! ```
//!
//! All fields are big-endian; `length` counts the APDU bytes only. A wPort is the SAP of the
//! application process: client 16 is the public client, client 1 the management client, and
//! server 1 the management logical device.
//!
//! - [`Wrapper`] is a view over one whole PDU (header and APDU), for datagrams.
//! - [`WrapperHeader`] parses and emits the 8-byte header, alone or with its APDU.
//! - [`WrapperDeframer`] cuts a TCP byte stream into PDUs without allocating.
//!
//! # Example
//!
//! Build a PDU, feed it to a deframer in two chunks, and get the APDU back:
//!
//! ```
//! use dlms_hdlc::wrapper::{WrapperDeframer, WrapperHeader};
//!
//! let apdu = [0x60, 0x03, 0x80, 0x01, 0x00];
//! let mut pdu = [0u8; 16];
//! let n = WrapperHeader::emit_pdu(16, 1, &apdu, &mut pdu)?;
//! assert_eq!(n, 8 + apdu.len());
//!
//! let mut deframer = WrapperDeframer::new([0u8; 64], 32);
//! assert_eq!(deframer.handle_input(&pdu[..5]), 5);
//! assert!(deframer.poll_event().is_none()); // header incomplete: need more bytes
//! assert_eq!(deframer.handle_input(&pdu[5..n]), n - 5);
//! let (header, got) = deframer.poll_event().expect("a whole PDU")?;
//! assert_eq!((header.source, header.destination, header.length), (16, 1, 5));
//! assert_eq!(got, &apdu[..]);
//! assert!(deframer.poll_event().is_none());
//! # Ok::<(), dlms_hdlc::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Result, out_prefix};

/// Length of the wrapper header: version, source, destination and length, two bytes each.
pub const HEADER_LEN: usize = 8;
/// The only wrapper version defined (IEC 62056-47): `0x0001`.
pub const VERSION: u16 = 1;
/// The IANA-registered TCP and UDP port for DLMS/COSEM.
pub const PORT: u16 = 4059;

/// The largest APDU the 16-bit length field can announce.
const MAX_LENGTH: usize = u16::MAX as usize;

/// Field offsets within the header.
const VERSION_AT: usize = 0;
const SOURCE_AT: usize = 2;
const DESTINATION_AT: usize = 4;
const LENGTH_AT: usize = 6;

/// A read/write view over one whole wrapper PDU: the 8-byte header followed by exactly
/// `length` APDU bytes.
///
/// [`Wrapper::new_checked`] proves the version and that the length field matches the bytes
/// after the header, so that no accessor panics afterwards.
///
/// ```
/// use dlms_hdlc::wrapper::Wrapper;
///
/// let pdu = [0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x02, 0xC0, 0x01];
/// let w = Wrapper::new_checked(&pdu[..])?;
/// assert_eq!((w.version(), w.source(), w.destination()), (1, 16, 1));
/// assert_eq!(w.length(), 2);
/// assert_eq!(w.apdu(), &[0xC0, 0x01]);
/// # Ok::<(), dlms_hdlc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrapper<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Wrapper<T> {
    /// Wraps and validates a PDU: a whole header with version 1, and a length field equal
    /// to the number of bytes after the header.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] if `buffer` is shorter than the header;
    /// [`ErrorKind::WrapperVersion`] (offset 0) for a version other than 1;
    /// [`ErrorKind::Length`] (offset 6) if the length field disagrees with the bytes present.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let (header, apdu) = WrapperHeader::parse(buffer.as_ref())?;
        let declared = usize::from(header.length);
        if declared != apdu.len() {
            return Err(Error::new(
                ErrorKind::Length {
                    declared,
                    actual: apdu.len(),
                },
                LENGTH_AT,
            ));
        }
        Ok(Self { buffer })
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    fn field(&self, at: usize) -> u16 {
        // `at` is a header offset below `HEADER_LEN`, within the buffer by `new_checked`;
        // the fallback is never taken.
        let b = self.bytes();
        u16::from_be_bytes([
            b.get(at).copied().unwrap_or(0),
            b.get(at.saturating_add(1)).copied().unwrap_or(0),
        ])
    }

    /// The version field (always [`VERSION`] for a checked view).
    #[must_use]
    pub fn version(&self) -> u16 {
        self.field(VERSION_AT)
    }

    /// The source wPort.
    #[must_use]
    pub fn source(&self) -> u16 {
        self.field(SOURCE_AT)
    }

    /// The destination wPort.
    #[must_use]
    pub fn destination(&self) -> u16 {
        self.field(DESTINATION_AT)
    }

    /// The length field: the number of APDU bytes.
    #[must_use]
    pub fn length(&self) -> u16 {
        self.field(LENGTH_AT)
    }

    /// The header fields.
    #[must_use]
    pub fn header(&self) -> WrapperHeader {
        WrapperHeader {
            source: self.source(),
            destination: self.destination(),
            length: self.length(),
        }
    }

    /// The APDU: every byte after the header.
    #[must_use]
    pub fn apdu(&self) -> &[u8] {
        self.bytes().get(HEADER_LEN..).unwrap_or(&[])
    }
}

impl<'a> Wrapper<&'a [u8]> {
    /// The APDU, borrowed for the buffer's lifetime.
    #[must_use]
    pub fn apdu_ref(&self) -> &'a [u8] {
        self.buffer.get(HEADER_LEN..).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Wrapper<T> {
    fn set_field(&mut self, at: usize, value: u16) {
        // `at` is a header offset, within the buffer by `new_checked`.
        if let Some(dst) = self.buffer.as_mut().get_mut(at..at.saturating_add(2)) {
            dst.copy_from_slice(&value.to_be_bytes());
        }
    }

    /// Sets the source wPort.
    pub fn set_source(&mut self, value: u16) {
        self.set_field(SOURCE_AT, value);
    }

    /// Sets the destination wPort.
    pub fn set_destination(&mut self, value: u16) {
        self.set_field(DESTINATION_AT, value);
    }

    /// The APDU, mutable (e.g. to decrypt in place). Its length is fixed by the header.
    pub fn apdu_mut(&mut self) -> &mut [u8] {
        self.buffer
            .as_mut()
            .get_mut(HEADER_LEN..)
            .unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Wrapper<T> {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

/// The wrapper header without its version, which is always [`VERSION`].
///
/// ```
/// use dlms_hdlc::wrapper::WrapperHeader;
///
/// let header = WrapperHeader { source: 1, destination: 1, length: 0x0123 };
/// let mut out = [0u8; 8];
/// assert_eq!(header.emit(&mut out)?, 8);
/// assert_eq!(out, [0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01, 0x23]);
/// assert_eq!(WrapperHeader::parse(&out)?, (header, &[][..]));
/// # Ok::<(), dlms_hdlc::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct WrapperHeader {
    /// The source wPort (the sender's SAP).
    pub source: u16,
    /// The destination wPort (the receiver's SAP).
    pub destination: u16,
    /// The number of APDU bytes that follow the header.
    pub length: u16,
}

impl WrapperHeader {
    /// Parses the 8-byte header at the start of `input` and returns it with everything after
    /// it (the APDU and whatever follows; the length field is not checked against it).
    ///
    /// The version is checked as soon as its two bytes are present, so a stream that does not
    /// start with `0x0001` is rejected before the rest of the header arrives.
    ///
    /// # Errors
    /// [`ErrorKind::WrapperVersion`] (offset 0) for a version other than 1;
    /// [`ErrorKind::Truncated`] (offset `input.len()`) if `input` is shorter than the header.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8])> {
        use nom::Parser;
        use nom::number::complete::be_u16;

        let truncated = || {
            Error::new(
                ErrorKind::Truncated {
                    needed: HEADER_LEN.saturating_sub(input.len()),
                },
                input.len(),
            )
        };
        let version: nom::IResult<&[u8], u16, ()> = be_u16.parse(input);
        let (rest, version) = version.map_err(|_| truncated())?;
        if version != VERSION {
            return Err(Error::new(
                ErrorKind::WrapperVersion { found: version },
                VERSION_AT,
            ));
        }
        let fields: nom::IResult<&[u8], (u16, u16, u16), ()> = (be_u16, be_u16, be_u16).parse(rest);
        let (rest, (source, destination, length)) = fields.map_err(|_| truncated())?;
        Ok((
            Self {
                source,
                destination,
                length,
            },
            rest,
        ))
    }

    /// Parses a whole PDU at the start of `input`: the header, its APDU (exactly `length`
    /// bytes) and the bytes that follow it.
    ///
    /// # Errors
    /// As [`parse`](Self::parse); [`ErrorKind::Truncated`] (offset `input.len()`) if fewer
    /// than `length` bytes follow the header.
    pub fn parse_pdu(input: &[u8]) -> Result<(Self, &[u8], &[u8])> {
        let (header, after) = Self::parse(input)?;
        let length = usize::from(header.length);
        let (apdu, rest) = after.split_at_checked(length).ok_or_else(|| {
            Error::new(
                ErrorKind::Truncated {
                    needed: length.saturating_sub(after.len()),
                },
                input.len(),
            )
        })?;
        Ok((header, apdu, rest))
    }

    /// The header length: what [`emit`](Self::emit) writes, always [`HEADER_LEN`].
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header (with version 1) into the start of `out` and returns the bytes
    /// written ([`HEADER_LEN`]).
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than [`HEADER_LEN`].
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let out = out_prefix(out, HEADER_LEN)?;
        let [v0, v1] = VERSION.to_be_bytes();
        let [s0, s1] = self.source.to_be_bytes();
        let [d0, d1] = self.destination.to_be_bytes();
        let [l0, l1] = self.length.to_be_bytes();
        out.copy_from_slice(&[v0, v1, s0, s1, d0, d1, l0, l1]);
        Ok(HEADER_LEN)
    }

    /// Writes a whole PDU, header and `apdu`, into the start of `out` and returns the bytes
    /// written (`HEADER_LEN + apdu.len()`).
    ///
    /// # Errors
    /// [`ErrorKind::TooLong`] if `apdu` is longer than 65535 bytes;
    /// [`ErrorKind::BufferTooSmall`] if `out` cannot hold the PDU.
    pub fn emit_pdu(source: u16, destination: u16, apdu: &[u8], out: &mut [u8]) -> Result<usize> {
        let length = u16::try_from(apdu.len()).map_err(|_| {
            Error::new(
                ErrorKind::TooLong {
                    len: apdu.len(),
                    max: MAX_LENGTH,
                },
                0,
            )
        })?;
        // Cannot saturate: `apdu.len()` fits 16 bits.
        let needed = HEADER_LEN.saturating_add(apdu.len());
        // `needed` is at least HEADER_LEN, so the split cannot fail.
        let (head, body) = out_prefix(out, needed)?
            .split_at_mut_checked(HEADER_LEN)
            .ok_or(Error::new(ErrorKind::Truncated { needed: HEADER_LEN }, 0))?;
        let header = Self {
            source,
            destination,
            length,
        };
        header.emit(head)?;
        body.copy_from_slice(apdu);
        Ok(needed)
    }

    /// The header in a new vector.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut v = alloc::vec![0; HEADER_LEN];
        // Cannot fail: `v` is exactly `HEADER_LEN` bytes long.
        let _ = self.emit(&mut v);
        v
    }

    /// A whole PDU, header and `apdu`, in a new vector.
    ///
    /// # Errors
    /// [`ErrorKind::TooLong`] if `apdu` is longer than 65535 bytes.
    #[cfg(feature = "alloc")]
    pub fn to_vec_pdu(source: u16, destination: u16, apdu: &[u8]) -> Result<alloc::vec::Vec<u8>> {
        let mut v = alloc::vec![0; HEADER_LEN.saturating_add(apdu.len())];
        Self::emit_pdu(source, destination, apdu, &mut v)?;
        Ok(v)
    }
}

/// Cuts a TCP byte stream into wrapper PDUs, in a caller-supplied buffer.
///
/// Sans-IO: feed received bytes with [`handle_input`](Self::handle_input), then call
/// [`poll_event`](Self::poll_event) until it returns `None`. Each event is one whole PDU; its
/// APDU borrows the deframer's buffer and stays valid until the next call. Any chunking works,
/// and several PDUs in one chunk come out one per poll, in order.
///
/// # Failure is final
///
/// The wrapper has no flag or checksum to resynchronise on. A header whose version is not 1,
/// or whose length exceeds [`max_apdu`](Self::max_apdu), leaves the stream position unknown:
/// `poll_event` then returns that error ([`ErrorKind::WrapperVersion`] or
/// [`ErrorKind::TooLong`]) on this and every later call, and `handle_input` accepts nothing,
/// until [`reset`](Self::reset). The caller should close the TCP connection (and reset the
/// deframer before reusing it for a new one).
///
/// ```
/// use dlms_hdlc::wrapper::{WrapperDeframer, WrapperHeader};
/// use dlms_hdlc::ErrorKind;
///
/// let mut deframer = WrapperDeframer::new([0u8; 32], 16);
/// let mut pdu = [0u8; 40];
/// let n = WrapperHeader::emit_pdu(1, 1, &[0xAB; 20], &mut pdu)?;
/// deframer.handle_input(&pdu[..n]);
/// let err = deframer.poll_event().expect("an error").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::TooLong { len: 20, max: 16 });
/// assert_eq!(deframer.poll_event(), Some(Err(err))); // stays failed
/// deframer.reset();
/// assert_eq!(deframer.poll_event(), None);
/// # Ok::<(), dlms_hdlc::Error>(())
/// ```
#[derive(Debug)]
pub struct WrapperDeframer<B: AsRef<[u8]> + AsMut<[u8]>> {
    buffer: B,
    /// Effective APDU limit: `min(max_apdu, buffer.len() - HEADER_LEN)`.
    max_apdu: usize,
    /// Buffered bytes are `buffer[start..end]`.
    start: usize,
    end: usize,
    /// Length of the PDU at `start` already returned by `poll_event`, dropped on the next call.
    returned: usize,
    /// The error that stopped the stream, repeated until `reset`.
    failed: Option<Error>,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> WrapperDeframer<B> {
    /// Creates a deframer that buffers in `buffer` and accepts APDUs of at most `max_apdu`
    /// bytes, reduced to `buffer.len() - HEADER_LEN` if the buffer cannot hold more.
    ///
    /// A buffer longer than one maximal PDU lets several PDUs be buffered at once. A buffer
    /// shorter than [`HEADER_LEN`] cannot hold a header: `poll_event` then reports
    /// [`ErrorKind::BufferTooSmall`] once it is full.
    pub fn new(buffer: B, max_apdu: usize) -> Self {
        let max_apdu = max_apdu.min(buffer.as_ref().len().saturating_sub(HEADER_LEN));
        Self {
            buffer,
            max_apdu,
            start: 0,
            end: 0,
            returned: 0,
            failed: None,
        }
    }

    /// The largest APDU accepted: the smaller of the `max_apdu` given to
    /// [`new`](Self::new) and what the buffer can hold after a header.
    #[must_use]
    pub fn max_apdu(&self) -> usize {
        self.max_apdu
    }

    /// Bytes received but not yet returned as part of a PDU.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.end
            .saturating_sub(self.start)
            .saturating_sub(self.returned)
    }

    /// Forgets all buffered bytes and any failure, ready for a new connection.
    pub fn reset(&mut self) {
        self.start = 0;
        self.end = 0;
        self.returned = 0;
        self.failed = None;
    }

    /// Drops the PDU returned by the last `poll_event`.
    fn release(&mut self) {
        self.start = self.start.saturating_add(self.returned).min(self.end);
        self.returned = 0;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Copies as much of `bytes` as fits into the buffer and returns how many were taken.
    ///
    /// Returns less than `bytes.len()` when the buffer is full: call
    /// [`poll_event`](Self::poll_event) to drain it, then offer the rest again. Returns 0
    /// once the deframer has failed (see the type's documentation).
    pub fn handle_input(&mut self, bytes: &[u8]) -> usize {
        if self.failed.is_some() {
            return 0;
        }
        self.release();
        let (start, end) = (self.start, self.end);
        let buffer = self.buffer.as_mut();
        if start > 0 {
            buffer.copy_within(start..end, 0);
        }
        let held = end.saturating_sub(start);
        let free = buffer.get_mut(held..).unwrap_or(&mut []);
        let n = bytes.len().min(free.len());
        if let (Some(dst), Some(src)) = (free.get_mut(..n), bytes.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.start = 0;
        self.end = held.saturating_add(n);
        n
    }

    /// Returns the next whole PDU as its header and APDU, `None` if more bytes are needed,
    /// or the error that stopped the stream.
    ///
    /// The APDU borrows the buffer; it is released by the next call to `poll_event` or
    /// [`handle_input`](Self::handle_input).
    ///
    /// # Errors
    /// `Some(Err(..))`, repeated on every call until [`reset`](Self::reset), with offsets
    /// relative to the start of the offending PDU:
    /// [`ErrorKind::WrapperVersion`] (offset 0) for a version other than 1;
    /// [`ErrorKind::TooLong`] (offset 6) for a length above [`max_apdu`](Self::max_apdu);
    /// [`ErrorKind::BufferTooSmall`] if the buffer is too short for a header at all.
    pub fn poll_event(&mut self) -> Option<Result<(WrapperHeader, &[u8])>> {
        if let Some(err) = self.failed {
            return Some(Err(err));
        }
        self.release();
        let capacity = self.buffer.as_ref().len();
        let held = self
            .buffer
            .as_ref()
            .get(self.start..self.end)
            .unwrap_or(&[]);
        let header = match WrapperHeader::parse(held) {
            Ok((header, _)) => header,
            Err(err) if matches!(err.kind(), ErrorKind::Truncated { .. }) => {
                if held.len() < capacity {
                    return None;
                }
                // Only a buffer shorter than a header can be full with a header incomplete.
                return Some(Err(self.fail(Error::new(
                    ErrorKind::BufferTooSmall {
                        needed: HEADER_LEN,
                        available: capacity,
                    },
                    0,
                ))));
            }
            Err(err) => return Some(Err(self.fail(err))),
        };
        let length = usize::from(header.length);
        if length > self.max_apdu {
            return Some(Err(self.fail(Error::new(
                ErrorKind::TooLong {
                    len: length,
                    max: self.max_apdu,
                },
                LENGTH_AT,
            ))));
        }
        // Cannot saturate: `length` fits 16 bits.
        let pdu_len = HEADER_LEN.saturating_add(length);
        let apdu_start = self.start.saturating_add(HEADER_LEN);
        let apdu_end = self.start.saturating_add(pdu_len);
        if apdu_end > self.end {
            return None;
        }
        self.returned = pdu_len;
        let apdu = self
            .buffer
            .as_ref()
            .get(apdu_start..apdu_end)
            .unwrap_or(&[]);
        Some(Ok((header, apdu)))
    }

    fn fail(&mut self, err: Error) -> Error {
        self.failed = Some(err);
        err
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use hex_literal::hex;
    use proptest::prelude::*;

    // xdom/jdlms @968f7232a087, src/test/java/org/openmuc/jdlms/internal/sessionlayer/client/
    // WrapperHeaderTest.java:
    // version 1, source wPort 16, destination wPort 17, length 34, payload an AARQ.
    const JDLMS_AARQ: [u8; 42] = hex!(
        "0001001000110022"
        "602080020780A109060760857405080102BE0F040D01000000065F0400181A200000"
    );
    const JDLMS_PAYLOAD: [u8; 34] =
        hex!("602080020780A109060760857405080102BE0F040D01000000065F0400181A200000");

    #[test]
    fn deconstruct() {
        let w = Wrapper::new_checked(&JDLMS_AARQ[..]).unwrap();
        assert_eq!(w.version(), 1);
        assert_eq!(w.source(), 16);
        assert_eq!(w.destination(), 17);
        assert_eq!(w.length(), 34);
        assert_eq!(w.apdu(), &JDLMS_PAYLOAD);
        assert_eq!(w.apdu_ref(), &JDLMS_PAYLOAD);
        assert_eq!(
            w.header(),
            WrapperHeader {
                source: 16,
                destination: 17,
                length: 34
            }
        );
        assert_eq!(w.as_ref(), &JDLMS_AARQ);
        assert_eq!(w.into_inner(), &JDLMS_AARQ);
    }

    #[test]
    fn construct() {
        let mut buf = [0u8; 42];
        let n = WrapperHeader::emit_pdu(1, 1, &[0u8; 34], &mut buf).unwrap();
        assert_eq!(n, 42);
        let mut w = Wrapper::new_checked(&mut buf[..]).unwrap();
        w.set_source(16);
        w.set_destination(17);
        w.apdu_mut().copy_from_slice(&JDLMS_PAYLOAD);
        assert_eq!(w.as_ref(), &JDLMS_AARQ);
    }

    #[test]
    fn parse() {
        let input = [&JDLMS_AARQ[..], &[0xAA, 0xBB]].concat();
        let (header, rest) = WrapperHeader::parse(&input).unwrap();
        assert_eq!(
            header,
            WrapperHeader {
                source: 16,
                destination: 17,
                length: 34
            }
        );
        assert_eq!(rest, &input[8..]);
        let (h2, apdu, rest) = WrapperHeader::parse_pdu(&input).unwrap();
        assert_eq!(h2, header);
        assert_eq!(apdu, &JDLMS_PAYLOAD);
        assert_eq!(rest, &[0xAA, 0xBB]);
    }

    #[test]
    fn emit() {
        let header = WrapperHeader {
            source: 16,
            destination: 17,
            length: 34,
        };
        assert_eq!(header.buffer_len(), HEADER_LEN);
        let mut out = [0u8; 8];
        assert_eq!(header.emit(&mut out), Ok(8));
        assert_eq!(out, JDLMS_AARQ[..8]);
        let mut out = [0u8; 50];
        assert_eq!(
            WrapperHeader::emit_pdu(16, 17, &JDLMS_PAYLOAD, &mut out),
            Ok(42)
        );
        assert_eq!(out[..42], JDLMS_AARQ);
    }

    #[test]
    fn jdlms_negative_versions() {
        // WrapperHeaderTest: version 0x1001 and version 0x0002 are both rejected.
        for (version, found) in [([0x10, 0x01], 0x1001), ([0x00, 0x02], 2)] {
            let mut pdu = JDLMS_AARQ;
            pdu[..2].copy_from_slice(&version);
            let err = Wrapper::new_checked(&pdu[..]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WrapperVersion { found });
            assert_eq!(err.offset(), 0);
            assert_eq!(WrapperHeader::parse(&pdu).unwrap_err(), err);
            // The version alone is enough to reject.
            assert_eq!(WrapperHeader::parse(&pdu[..2]).unwrap_err(), err);
        }
    }

    #[test]
    fn truncated() {
        let err = WrapperHeader::parse(&JDLMS_AARQ[..5]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 3 });
        assert_eq!(err.offset(), 5);
        let err = WrapperHeader::parse(&[]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 8 });
        let err = WrapperHeader::parse_pdu(&JDLMS_AARQ[..40]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 2 });
        assert_eq!(err.offset(), 40);
        let err = Wrapper::new_checked(&JDLMS_AARQ[..7]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 1 });
    }

    #[test]
    fn length_mismatch() {
        let err = Wrapper::new_checked(&JDLMS_AARQ[..41]).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::Length {
                declared: 34,
                actual: 33
            }
        );
        assert_eq!(err.offset(), 6);
        let long = [&JDLMS_AARQ[..], &[0]].concat();
        assert_eq!(
            Wrapper::new_checked(&long[..]).unwrap_err().kind(),
            ErrorKind::Length {
                declared: 34,
                actual: 35
            }
        );
    }

    #[test]
    fn emit_errors() {
        let header = WrapperHeader {
            source: 1,
            destination: 1,
            length: 0,
        };
        assert_eq!(
            header.emit(&mut [0u8; 7]).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 8,
                available: 7
            }
        );
        assert_eq!(
            WrapperHeader::emit_pdu(1, 1, &[1, 2, 3], &mut [0u8; 10])
                .unwrap_err()
                .kind(),
            ErrorKind::BufferTooSmall {
                needed: 11,
                available: 10
            }
        );
        let big = [0u8; 65536];
        assert_eq!(
            WrapperHeader::emit_pdu(1, 1, &big, &mut [0u8; 70000])
                .unwrap_err()
                .kind(),
            ErrorKind::TooLong {
                len: 65536,
                max: 65535
            }
        );
        let mut out = [0u8; 65535 + 8];
        assert_eq!(
            WrapperHeader::emit_pdu(1, 1, &big[..65535], &mut out),
            Ok(65543)
        );
        assert_eq!(Wrapper::new_checked(&out[..]).unwrap().length(), 65535);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn to_vec() {
        let header = WrapperHeader {
            source: 16,
            destination: 17,
            length: 34,
        };
        assert_eq!(header.to_vec(), JDLMS_AARQ[..8]);
        assert_eq!(
            WrapperHeader::to_vec_pdu(16, 17, &JDLMS_PAYLOAD).unwrap(),
            JDLMS_AARQ
        );
    }

    #[test]
    fn deframer_one_byte_at_a_time() {
        let stream = [&JDLMS_AARQ[..], &JDLMS_AARQ].concat();
        let mut d = WrapperDeframer::new([0u8; 64], 1024);
        assert_eq!(d.max_apdu(), 56);
        let mut got = 0;
        for b in &stream {
            assert_eq!(d.handle_input(core::slice::from_ref(b)), 1);
            while let Some(ev) = d.poll_event() {
                let (header, apdu) = ev.unwrap();
                assert_eq!(header.length, 34);
                assert_eq!(apdu, &JDLMS_PAYLOAD);
                got += 1;
            }
        }
        assert_eq!(got, 2);
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn deframer_several_in_one_chunk() {
        let mut stream = [0u8; 3 * 42 + 8];
        let mut n = 0;
        for port in [1u16, 2, 3] {
            n += WrapperHeader::emit_pdu(port, 1, &JDLMS_PAYLOAD, &mut stream[n..]).unwrap();
        }
        n += WrapperHeader::emit_pdu(4, 1, &[], &mut stream[n..]).unwrap();
        let mut d = WrapperDeframer::new([0u8; 200], 64);
        assert_eq!(d.handle_input(&stream[..n]), n);
        assert_eq!(d.buffered(), n);
        for port in [1u16, 2, 3] {
            let (header, apdu) = d.poll_event().unwrap().unwrap();
            assert_eq!(header.source, port);
            assert_eq!(apdu, &JDLMS_PAYLOAD);
        }
        let (header, apdu) = d.poll_event().unwrap().unwrap();
        assert_eq!((header.source, apdu), (4, &[][..]));
        assert_eq!(d.buffered(), 0);
        assert!(d.poll_event().is_none());
    }

    #[test]
    fn deframer_full_buffer() {
        // The buffer holds exactly one maximal PDU; the second waits until the first is polled.
        let stream = [&JDLMS_AARQ[..], &JDLMS_AARQ].concat();
        let mut d = WrapperDeframer::new([0u8; 42], 100);
        assert_eq!(d.max_apdu(), 34);
        assert_eq!(d.handle_input(&stream), 42);
        assert_eq!(d.handle_input(&stream[42..]), 0);
        assert!(d.poll_event().unwrap().is_ok());
        assert_eq!(d.handle_input(&stream[42..]), 42);
        assert_eq!(d.poll_event().unwrap().unwrap().1, &JDLMS_PAYLOAD);
        assert!(d.poll_event().is_none());
    }

    #[test]
    fn deframer_failures_are_sticky() {
        let mut d = WrapperDeframer::new([0u8; 64], 33);
        d.handle_input(&JDLMS_AARQ);
        let err = d.poll_event().unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooLong { len: 34, max: 33 });
        assert_eq!(err.offset(), 6);
        assert_eq!(d.poll_event(), Some(Err(err)));
        assert_eq!(d.handle_input(&JDLMS_AARQ), 0);
        d.reset();
        assert_eq!(d.buffered(), 0);

        // A bad version is caught as soon as two bytes are in.
        let mut d = WrapperDeframer::new([0u8; 64], 64);
        d.handle_input(&[0x00]);
        assert_eq!(d.poll_event(), None);
        d.handle_input(&[0x02]);
        let err = d.poll_event().unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrapperVersion { found: 2 });
        assert_eq!(d.poll_event(), Some(Err(err)));
        d.reset();
        d.handle_input(&JDLMS_AARQ);
        assert!(d.poll_event().unwrap().is_ok());
    }

    #[test]
    fn deframer_tiny_buffer() {
        let mut d = WrapperDeframer::new([0u8; 4], 64);
        assert_eq!(d.max_apdu(), 0);
        assert_eq!(d.handle_input(&JDLMS_AARQ), 4);
        assert_eq!(
            d.poll_event().unwrap().unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 8,
                available: 4
            }
        );
        let mut d = WrapperDeframer::new([0u8; 0], 64);
        assert_eq!(d.handle_input(&JDLMS_AARQ), 0);
        assert!(d.poll_event().unwrap().is_err());
    }

    proptest! {
        #[test]
        fn header_roundtrip(source: u16, destination: u16, length: u16) {
            let header = WrapperHeader { source, destination, length };
            let mut out = [0u8; 8];
            prop_assert_eq!(header.emit(&mut out), Ok(8));
            prop_assert_eq!(WrapperHeader::parse(&out), Ok((header, &[][..])));
        }

        #[test]
        fn view_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(w) = Wrapper::new_checked(&bytes[..]) {
                prop_assert_eq!(usize::from(w.length()), w.apdu().len());
                prop_assert_eq!(w.version(), VERSION);
            }
        }
    }
}
