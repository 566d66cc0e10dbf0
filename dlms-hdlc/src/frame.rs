//! HDLC frame format type 3 (IEC 62056-46, 6.4).
//!
//! ```text
//! flag | format (2) | dest addr (1,2,4) | src addr (1,2,4) | control | [HCS (2) | info] | FCS (2) | flag
//! ```
//!
//! [`Frame`] is a view over the bytes between the flags; [`FrameRepr`] is the parsed form
//! whose information field borrows the input.

use crate::address::Address;
use crate::control::Control;
use crate::error::{Error, ErrorKind, Result, out_prefix};
use crate::fcs;

/// The flag that opens and closes every frame.
pub const FLAG: u8 = 0x7E;
/// The largest frame length the 11-bit length field can express.
pub const MAX_FRAME_LEN: usize = 0x7FF;
/// The smallest possible frame: format, two one-byte addresses, control, FCS.
pub const MIN_FRAME_LEN: usize = 7;

const FORMAT_TYPE_3: u8 = 0xA;
const SEGMENT_BIT: u16 = 0x0800;
const LENGTH_MASK: u16 = 0x07FF;

/// A read/write view over one frame, without its flags.
///
/// [`Frame::new_checked`] proves the layout and both check sequences, so that no accessor
/// panics afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<T: AsRef<[u8]>> {
    buffer: T,
    /// Offsets fixed by `new_checked`: end of destination, end of source address.
    dest_end: usize,
    src_end: usize,
}

impl<T: AsRef<[u8]>> Frame<T> {
    /// Wraps and validates a frame: format type 3, a length field equal to the buffer
    /// length, well-formed addresses, a known control field, and matching HCS and FCS.
    ///
    /// # Errors
    /// The first problem found, with its offset in `buffer`.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let layout = Layout::read(buffer.as_ref())?;
        let frame = Self {
            buffer,
            dest_end: layout.dest_end,
            src_end: layout.src_end,
        };
        frame.check_sums()?;
        Ok(frame)
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    fn byte(&self, i: usize) -> u8 {
        // Indices used here are below `header_len()`, within the buffer by `new_checked`.
        self.bytes().get(i).copied().unwrap_or(0)
    }

    /// Consumes the view, returning the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The segmentation bit: more segments of the same APDU follow.
    #[must_use]
    pub fn is_segmented(&self) -> bool {
        self.format() & SEGMENT_BIT != 0
    }

    /// The raw format field.
    #[must_use]
    pub fn format(&self) -> u16 {
        u16::from_be_bytes([self.byte(0), self.byte(1)])
    }

    /// The frame length from the format field (equal to the buffer length).
    #[must_use]
    pub fn frame_len(&self) -> usize {
        usize::from(self.format() & LENGTH_MASK)
    }

    /// The destination address.
    #[must_use]
    pub fn dest(&self) -> Address {
        self.address(2, self.dest_end)
    }

    /// The source address.
    #[must_use]
    pub fn src(&self) -> Address {
        self.address(self.dest_end, self.src_end)
    }

    fn address(&self, start: usize, end: usize) -> Address {
        self.bytes()
            .get(start..end)
            .and_then(|b| Address::parse(b).ok())
            .map_or(Address::NO_STATION, |(a, _)| a)
    }

    /// The control field.
    #[must_use]
    pub fn control(&self) -> Control {
        // Validated by `new_checked`; the fallback is never taken.
        Control::from_byte(self.byte(self.src_end)).unwrap_or(Control::Ui { poll: false })
    }

    /// Length of format, addresses and control: the bytes the HCS covers.
    #[must_use]
    pub fn header_len(&self) -> usize {
        self.src_end.saturating_add(1)
    }

    /// Whether the frame has an HCS and an information field.
    #[must_use]
    pub fn has_info(&self) -> bool {
        self.bytes().len() > self.header_len().saturating_add(2)
    }

    /// The header check sequence, if the frame has an information field.
    #[must_use]
    pub fn hcs(&self) -> Option<u16> {
        let h = self.header_len();
        self.has_info()
            .then(|| fcs::read([self.byte(h), self.byte(h.saturating_add(1))]))
    }

    /// The frame check sequence.
    #[must_use]
    pub fn fcs(&self) -> u16 {
        let n = self.bytes().len();
        fcs::read([
            self.byte(n.saturating_sub(2)),
            self.byte(n.saturating_sub(1)),
        ])
    }

    /// The information field (empty if the frame has none).
    #[must_use]
    pub fn info(&self) -> &[u8] {
        let (start, end) = self.info_range();
        self.bytes().get(start..end).unwrap_or(&[])
    }

    fn info_range(&self) -> (usize, usize) {
        let end = self.bytes().len().saturating_sub(2);
        if self.has_info() {
            (self.header_len().saturating_add(2), end)
        } else {
            (end, end)
        }
    }

    fn check_sums(&self) -> Result<()> {
        let bytes = self.bytes();
        let h = self.header_len();
        if let Some(received) = self.hcs() {
            let computed = fcs::checksum(bytes.get(..h).unwrap_or(&[]));
            if computed != received {
                return Err(Error::new(ErrorKind::Hcs { computed, received }, h));
            }
        }
        let n = bytes.len().saturating_sub(2);
        let computed = fcs::checksum(bytes.get(..n).unwrap_or(&[]));
        let received = self.fcs();
        if computed != received {
            return Err(Error::new(ErrorKind::Fcs { computed, received }, n));
        }
        Ok(())
    }
}

impl<'a> Frame<&'a [u8]> {
    /// The information field, borrowed for the buffer's lifetime.
    #[must_use]
    pub fn info_ref(&self) -> &'a [u8] {
        let (start, end) = self.info_range();
        self.buffer.get(start..end).unwrap_or(&[])
    }

    /// The parsed representation, borrowing the information field.
    #[must_use]
    pub fn repr(&self) -> FrameRepr<'a> {
        FrameRepr {
            segmented: self.is_segmented(),
            dest: self.dest(),
            src: self.src(),
            control: self.control(),
            info: self.info_ref(),
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Frame<T> {
    /// The information field, mutable (e.g. to decrypt or encrypt in place).
    ///
    /// Changing it invalidates the FCS; call [`fill_checksums`](Self::fill_checksums) after.
    pub fn info_mut(&mut self) -> &mut [u8] {
        let (start, end) = self.info_range();
        self.buffer.as_mut().get_mut(start..end).unwrap_or(&mut [])
    }

    /// Sets or clears the segmentation bit. Call [`fill_checksums`](Self::fill_checksums)
    /// after.
    pub fn set_segmented(&mut self, segmented: bool) {
        if let Some(b) = self.buffer.as_mut().first_mut() {
            // The S bit is bit 3 of the first format byte.
            let bit = SEGMENT_BIT.to_be_bytes()[0];
            if segmented { *b |= bit } else { *b &= !bit }
        }
    }

    /// Replaces the control field (e.g. to renumber an I-frame for retransmission). The
    /// frame's layout does not depend on its control field, so every accessor stays valid.
    /// Call [`fill_checksums`](Self::fill_checksums) after.
    pub fn set_control(&mut self, control: Control) {
        let at = self.src_end;
        if let Some(b) = self.buffer.as_mut().get_mut(at) {
            *b = control.to_byte();
        }
    }

    /// Recomputes the HCS (if the frame has an information field) and the FCS after the
    /// frame was changed in place.
    pub fn fill_checksums(&mut self) {
        let h = self.header_len();
        if self.has_info() {
            let hcs = fcs::checksum(self.bytes().get(..h).unwrap_or(&[])).to_le_bytes();
            let end = h.saturating_add(2);
            if let Some(dst) = self.buffer.as_mut().get_mut(h..end) {
                dst.copy_from_slice(&hcs);
            }
        }
        let n = self.bytes().len().saturating_sub(2);
        let sum = fcs::checksum(self.bytes().get(..n).unwrap_or(&[])).to_le_bytes();
        if let Some(dst) = self.buffer.as_mut().get_mut(n..) {
            dst.copy_from_slice(&sum);
        }
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Frame<T> {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

/// Where the parts of a frame lie, read from its first bytes.
struct Layout {
    len: usize,
    dest_end: usize,
    src_end: usize,
}

impl Layout {
    /// Reads the layout of the frame that fills `bytes` exactly.
    fn read(bytes: &[u8]) -> Result<Self> {
        let layout = Self::read_prefix(bytes)?;
        if layout.len != bytes.len() {
            return Err(Error::new(
                ErrorKind::Length {
                    declared: layout.len,
                    actual: bytes.len(),
                },
                0,
            ));
        }
        Ok(layout)
    }

    /// Reads the layout of the frame at the start of `bytes`, which may continue past it.
    fn read_prefix(bytes: &[u8]) -> Result<Self> {
        use nom::Parser;
        use nom::number::complete::be_u16;
        let res: nom::IResult<&[u8], u16, ()> = be_u16.parse(bytes);
        let Ok((after_format, format)) = res else {
            return Err(Error::new(
                ErrorKind::Truncated {
                    needed: 2usize.saturating_sub(bytes.len()),
                },
                bytes.len(),
            ));
        };
        let [high, _] = format.to_be_bytes();
        let found = high >> 4;
        if found != FORMAT_TYPE_3 {
            return Err(Error::new(ErrorKind::FormatType { found }, 0));
        }
        let len = usize::from(format & LENGTH_MASK);
        if len < MIN_FRAME_LEN {
            return Err(Error::new(
                ErrorKind::Length {
                    declared: len,
                    actual: bytes.len(),
                },
                0,
            ));
        }
        if bytes.len() < len {
            return Err(Error::new(
                ErrorKind::Length {
                    declared: len,
                    actual: bytes.len(),
                },
                0,
            ));
        }
        let (_, after_dest) = Address::parse(after_format).map_err(|e| e.at(2))?;
        let dest_end = consumed(bytes, after_dest);
        let (_, after_src) = Address::parse(after_dest).map_err(|e| e.at(dest_end))?;
        let src_end = consumed(bytes, after_src);
        // Control byte plus FCS must fit within the declared length.
        let min = src_end.saturating_add(3);
        if min > len {
            return Err(Error::new(
                ErrorKind::Length {
                    declared: len,
                    actual: min,
                },
                0,
            ));
        }
        let control = bytes.get(src_end).copied().unwrap_or(0);
        if Control::from_byte(control).is_none() {
            return Err(Error::new(ErrorKind::Control { found: control }, src_end));
        }
        // With an information field, the HCS needs two more bytes.
        if len != min && len < min.saturating_add(2) {
            return Err(Error::new(
                ErrorKind::Length {
                    declared: len,
                    actual: min.saturating_add(2),
                },
                0,
            ));
        }
        Ok(Self {
            len,
            dest_end,
            src_end,
        })
    }
}

/// How many bytes of `whole` a parser consumed, given the suffix `rest` it left.
fn consumed(whole: &[u8], rest: &[u8]) -> usize {
    whole.len().saturating_sub(rest.len())
}

/// A parsed frame: addresses, control and a borrowed information field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRepr<'a> {
    /// The segmentation bit: more segments of the same APDU follow.
    pub segmented: bool,
    /// Destination address.
    pub dest: Address,
    /// Source address.
    pub src: Address,
    /// Control field.
    pub control: Control,
    /// Information field; empty for a frame without one.
    pub info: &'a [u8],
}

impl<'a> FrameRepr<'a> {
    /// Parses the frame at the start of `input` (no leading flag), using its length field,
    /// and returns it with the bytes that follow.
    ///
    /// # Errors
    /// As [`Frame::new_checked`], with offsets relative to `input`.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8])> {
        let layout = Layout::read_prefix(input)?;
        let (frame, rest) = input.split_at_checked(layout.len).ok_or(Error::new(
            ErrorKind::Length {
                declared: layout.len,
                actual: input.len(),
            },
            0,
        ))?;
        Ok((Frame::new_checked(frame)?.repr(), rest))
    }

    /// Parses a frame that fills `input` exactly (no flags).
    ///
    /// # Errors
    /// As [`Frame::new_checked`].
    pub fn parse_exact(input: &'a [u8]) -> Result<Self> {
        Ok(Frame::new_checked(input)?.repr())
    }

    /// Parses a frame with its opening and closing flags, `7E ... 7E`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingFlag`] if either flag is missing, else as [`Frame::new_checked`].
    pub fn parse_flagged(input: &'a [u8]) -> Result<Self> {
        match input {
            [FLAG, inner @ .., FLAG] => Self::parse_exact(inner).map_err(|e| e.at(1)),
            [FLAG, ..] => Err(Error::new(
                ErrorKind::MissingFlag,
                input.len().saturating_sub(1),
            )),
            _ => Err(Error::new(ErrorKind::MissingFlag, 0)),
        }
    }

    fn header_len(&self) -> usize {
        2usize
            .saturating_add(self.dest.buffer_len())
            .saturating_add(self.src.buffer_len())
            .saturating_add(1)
    }

    /// The frame length without flags: what [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let hcs_info = if self.info.is_empty() {
            0
        } else {
            self.info.len().saturating_add(2)
        };
        self.header_len().saturating_add(hcs_info).saturating_add(2)
    }

    /// The largest information field that fits one frame with these addresses.
    #[must_use]
    pub fn max_info_len(dest: Address, src: Address) -> usize {
        let overhead = 2usize
            .saturating_add(dest.buffer_len())
            .saturating_add(src.buffer_len())
            .saturating_add(1 + 2 + 2);
        MAX_FRAME_LEN.saturating_sub(overhead)
    }

    /// Writes the frame without flags into the start of `out`, computing HCS and FCS, and
    /// returns the bytes written ([`buffer_len`](Self::buffer_len)).
    ///
    /// # Errors
    /// [`ErrorKind::TooLong`] if the frame exceeds [`MAX_FRAME_LEN`];
    /// [`ErrorKind::BufferTooSmall`] if `out` is too short.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if len > MAX_FRAME_LEN {
            return Err(Error::new(
                ErrorKind::TooLong {
                    len,
                    max: MAX_FRAME_LEN,
                },
                0,
            ));
        }
        let out = out_prefix(out, len)?;
        // `len` fits 11 bits (checked above), so the conversion cannot fail.
        let len11 = u16::try_from(len).unwrap_or(LENGTH_MASK) & LENGTH_MASK;
        let mut format = (u16::from(FORMAT_TYPE_3) << 12) | len11;
        if self.segmented {
            format |= SEGMENT_BIT;
        }
        let mut w = Writer { out, pos: 0 };
        w.put(&format.to_be_bytes())?;
        let n = self.dest.emit(w.rest())?;
        w.advance(n);
        let n = self.src.emit(w.rest())?;
        w.advance(n);
        w.put(&[self.control.to_byte()])?;
        if !self.info.is_empty() {
            let hcs = fcs::checksum(w.written());
            w.put(&hcs.to_le_bytes())?;
            w.put(self.info)?;
        }
        let fcs = fcs::checksum(w.written());
        w.put(&fcs.to_le_bytes())?;
        Ok(len)
    }

    /// Writes the frame with its opening and closing flags and returns the bytes written
    /// ([`buffer_len`](Self::buffer_len) + 2).
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    pub fn emit_flagged(&self, out: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let total = len.saturating_add(2);
        let out = out_prefix(out, total)?;
        let (first, rest) = out
            .split_first_mut()
            .ok_or(Error::new(ErrorKind::MissingFlag, 0))?;
        *first = FLAG;
        let n = self.emit(rest)?;
        if let Some(last) = rest.get_mut(n) {
            *last = FLAG;
        }
        Ok(total)
    }

    /// The frame without flags in a new vector.
    ///
    /// # Errors
    /// [`ErrorKind::TooLong`] if the frame exceeds [`MAX_FRAME_LEN`].
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>> {
        let mut v = alloc::vec![0; self.buffer_len()];
        self.emit(&mut v)?;
        Ok(v)
    }
}

/// A cursor over an output slice whose length was checked beforehand.
struct Writer<'o> {
    out: &'o mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.pos.saturating_add(bytes.len());
        let available = self.out.len();
        let dst = self.out.get_mut(self.pos..end).ok_or(Error::new(
            ErrorKind::BufferTooSmall {
                needed: end,
                available,
            },
            0,
        ))?;
        dst.copy_from_slice(bytes);
        self.pos = end;
        Ok(())
    }

    fn rest(&mut self) -> &mut [u8] {
        self.out.get_mut(self.pos..).unwrap_or(&mut [])
    }

    fn advance(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n);
    }

    fn written(&self) -> &[u8] {
        self.out.get(..self.pos).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::AddressSize;
    use hex_literal::hex;

    // amshan tests/test_hdlc.py (frame without flags): I-frame, no info.
    const EMPTY_INFO: [u8; 8] = hex!("A00801020110378D");
    // jDLMS HdlcFrameTest: UA from an Iskra meter with negotiation parameters.
    const UA_ISKRA: [u8; 31] =
        hex!("A01FC9022373B49681801205017E06017E0704000000010804000000015F75");

    #[test]
    fn deconstruct() {
        let f = Frame::new_checked(&UA_ISKRA[..]).unwrap();
        assert!(!f.is_segmented());
        assert_eq!(f.frame_len(), 31);
        assert_eq!(f.dest(), Address::new_one(100).unwrap());
        assert_eq!(f.src(), Address::new(1, 17, AddressSize::Two).unwrap());
        assert_eq!(f.control(), Control::Ua { poll: true });
        assert_eq!(f.hcs(), Some(0x96B4));
        assert_eq!(f.fcs(), 0x755F);
        assert_eq!(
            f.info(),
            &hex!("81801205017E06017E070400000001080400000001")
        );

        let f = Frame::new_checked(&EMPTY_INFO[..]).unwrap();
        assert_eq!(f.hcs(), None);
        assert!(f.info().is_empty());
        assert_eq!(
            f.control(),
            Control::I {
                ns: 0,
                nr: 0,
                poll: true
            }
        );
    }

    #[test]
    fn construct() {
        let repr = FrameRepr {
            segmented: false,
            dest: Address::new_one(100).unwrap(),
            src: Address::new(1, 17, AddressSize::Two).unwrap(),
            control: Control::Ua { poll: true },
            info: &hex!("81801205017E06017E070400000001080400000001"),
        };
        assert_eq!(repr.buffer_len(), UA_ISKRA.len());
        let mut out = [0u8; 40];
        assert_eq!(repr.emit(&mut out), Ok(31));
        assert_eq!(out[..31], UA_ISKRA);
        assert_eq!(repr.emit_flagged(&mut out), Ok(33));
        assert_eq!(out[0], FLAG);
        assert_eq!(out[1..32], UA_ISKRA);
        assert_eq!(out[32], FLAG);
    }

    #[test]
    fn parse_and_emit() {
        let input = [&EMPTY_INFO[..], &[0xAA]].concat();
        let (repr, rest) = FrameRepr::parse(&input).unwrap();
        assert_eq!(rest, &[0xAA]);
        assert_eq!(repr.dest.upper(), 0);
        assert_eq!(repr.src.lower(), Some(0));
        let mut out = [0u8; 8];
        repr.emit(&mut out).unwrap();
        assert_eq!(out, EMPTY_INFO);
        assert_eq!(
            FrameRepr::parse_exact(&[&EMPTY_INFO[..], &[0xAA]].concat())
                .unwrap_err()
                .kind(),
            ErrorKind::Length {
                declared: 8,
                actual: 9
            }
        );
    }

    #[test]
    fn flagged() {
        let wire = [&[FLAG][..], &EMPTY_INFO, &[FLAG]].concat();
        assert!(FrameRepr::parse_flagged(&wire).is_ok());
        assert_eq!(
            FrameRepr::parse_flagged(&wire[1..]).unwrap_err().kind(),
            ErrorKind::MissingFlag
        );
        assert_eq!(
            FrameRepr::parse_flagged(&wire[..wire.len() - 1])
                .unwrap_err()
                .kind(),
            ErrorKind::MissingFlag
        );
    }

    #[test]
    fn errors() {
        let mut bad = UA_ISKRA;
        bad[0] = 0xB0;
        assert_eq!(
            Frame::new_checked(&bad[..]).unwrap_err().kind(),
            ErrorKind::FormatType { found: 0xB }
        );
        let mut bad = UA_ISKRA;
        bad[6] ^= 1; // HCS byte
        assert!(matches!(
            Frame::new_checked(&bad[..]).unwrap_err().kind(),
            ErrorKind::Hcs { .. }
        ));
        let mut bad = UA_ISKRA;
        bad[12] ^= 1; // info byte
        let err = Frame::new_checked(&bad[..]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Fcs { .. }));
        assert_eq!(err.offset(), 29);
        let mut bad = UA_ISKRA;
        bad[5] = 0x09; // REJ
        assert_eq!(
            Frame::new_checked(&bad[..]).unwrap_err().kind(),
            ErrorKind::Control { found: 0x09 }
        );
        assert_eq!(
            Frame::new_checked(&UA_ISKRA[..30]).unwrap_err().kind(),
            ErrorKind::Length {
                declared: 31,
                actual: 30
            }
        );
        assert!(matches!(
            Frame::new_checked(&[0xA0u8][..]).unwrap_err().kind(),
            ErrorKind::Truncated { .. }
        ));
        // A declared length too short for its own header.
        assert!(matches!(
            Frame::new_checked(&hex!("A007000000000000")[..7])
                .unwrap_err()
                .kind(),
            ErrorKind::AddressLength { .. } | ErrorKind::Length { .. }
        ));
    }

    #[test]
    fn modify_in_place() {
        let mut buf = UA_ISKRA;
        let mut f = Frame::new_checked(&mut buf[..]).unwrap();
        f.info_mut()[3] = 0x06; // a different parameter id
        f.set_control(Control::Ua { poll: false });
        f.set_segmented(true);
        f.fill_checksums();
        let f = Frame::new_checked(&buf[..]).unwrap();
        assert!(f.is_segmented());
        assert_eq!(f.control(), Control::Ua { poll: false });
        assert_eq!(f.info()[3], 0x06);
        // Emitting the parsed form gives the same bytes: the checksums are the real ones.
        let mut out = [0u8; 31];
        f.repr().emit(&mut out).unwrap();
        assert_eq!(out, buf);
        let mut f = Frame::new_checked(&mut buf[..]).unwrap();
        f.set_segmented(false);
        f.fill_checksums();
        assert!(!Frame::new_checked(&buf[..]).unwrap().is_segmented());
    }

    #[test]
    fn long_frames() {
        let info = [0x5Au8; 2000];
        let repr = FrameRepr {
            segmented: true,
            dest: Address::PUBLIC_CLIENT,
            src: Address::server(1, Some(5481)).unwrap(),
            control: Control::I {
                ns: 3,
                nr: 5,
                poll: false,
            },
            info: &info,
        };
        let mut out = [0u8; 2100];
        let n = repr.emit(&mut out).unwrap();
        assert_eq!(n, 2 + 1 + 4 + 1 + 2 + 2000 + 2);
        assert_eq!(FrameRepr::parse_exact(&out[..n]).unwrap(), repr);
        let too_long = [0u8; 2040];
        let repr = FrameRepr {
            info: &too_long,
            ..repr
        };
        assert!(matches!(
            repr.emit(&mut [0u8; 4096]).unwrap_err().kind(),
            ErrorKind::TooLong { .. }
        ));
        assert_eq!(
            FrameRepr::max_info_len(
                Address::PUBLIC_CLIENT,
                Address::server(1, Some(5481)).unwrap()
            ),
            0x7FF - 12
        );
    }
}
