//! From a byte stream to checked frames: a sans-IO deframer for HDLC frame format type 3
//! (IEC 62056-46).
//!
//! A [`Deframer`] takes bytes as they arrive, in chunks of any size (one byte at a time
//! included), and hands out whole frames that passed [`Frame::new_checked`]. It does no I/O
//! and never allocates: it works in a buffer the caller lends it, and every frame it returns
//! borrows that buffer until the next call.
//!
//! # Plain framing (IEC 62056-46)
//!
//! Frame format type 3 carries its own length, and IEC 62056-46 does not escape `0x7E`
//! inside a frame, so the deframer is length-driven. After an opening flag (runs of flags,
//! i.e. empty frames or fill, are skipped) it reads the two-byte format field, checks the
//! format type `0xA` and takes the 11-bit frame length `L`, then waits for `L` bytes and a
//! closing flag, and validates the `L` bytes. The closing flag may also open the next frame
//! (`7E frame 7E frame 7E`); separate flags (`... 7E 7E ...`) work as well.
//!
//! So as not to wait for a length that a bit error produced, the header is checked as soon
//! as its bytes are in: addresses, control field and, when an information field follows,
//! the HCS, which covers the length field.
//!
//! ## Resynchronisation
//!
//! A frame may begin anywhere inside what looked like a broken one: a line glitch can turn
//! the start of a frame into garbage while the rest of the stream is sound. So when a
//! candidate fails (wrong format type, impossible length, address, control, HCS or FCS
//! error, no closing flag where its length says, or a length too large for the buffer),
//! the deframer gives up only the candidate's opening flag and scans the bytes it already
//! holds for the next `0x7E`, which opens the next candidate. The bytes before it are
//! reported as one [`DeframerEvent::Discarded`]. Bytes outside any frame (before the first
//! flag, or after a failed candidate when no flag is buffered) are reported as
//! [`DiscardReason::Garbage`] as soon as they are seen, so a long run of garbage may be
//! reported in several events depending on how the input was chunked. Flags themselves are
//! never counted as discarded.
//!
//! A valid frame that follows its own opening flag is therefore never lost, whatever came
//! before it, unless a preceding candidate happens to be valid itself or is still waiting for
//! bytes that its (plausible, HCS-checked) header announced. Each failed candidate costs at
//! most a rescan of the buffered bytes, so a hostile stream full of well-formed headers can
//! make the work per byte grow with the buffer size, never without bound.
//!
//! ## Buffer size
//!
//! A frame of length `L` (the bytes between the flags) needs `L + 1` bytes of buffer: the
//! frame and its closing flag; the opening flag is not stored. A candidate announcing more
//! than fits is reported as [`DiscardReason::TooLong`] at once and skipped by the rescan
//! above, so a small buffer never stalls the deframer. The recommended size is
//! `MAX_FRAME_LEN + 2` bytes, a whole frame with both flags (2049), which handles every
//! frame; a meter link that negotiated a smaller information field can use less.
//!
//! # Byte-stuffed framing (opt-in)
//!
//! Some consumer (HAN) ports send frames with HDLC transparency (RFC 1662 style): `0x7E` is
//! only ever a flag, and `0x7D` escapes the next byte, which is sent XOR `0x20`.
//! [`Deframer::new_stuffed`] selects this mode. Bytes are unstuffed while they are copied in
//! and frames are delimited by flags alone: [`Deframer::handle_input`] stops right after a
//! closing flag, so that the buffer holds at most one candidate, which the next
//! [`Deframer::poll_event`] validates. `7D 7E` aborts the frame
//! ([`DiscardReason::Aborted`]), as does a flag before the frame's announced length. A
//! candidate that outgrows the buffer is dropped as its bytes arrive and reported when its
//! closing flag comes. The buffer needs `L` bytes for a frame of length `L`.
//!
//! [`Frame::new_checked`]: crate::Frame::new_checked

use core::fmt;

use crate::address::Address;
use crate::control::Control;
use crate::error::ErrorKind;
use crate::fcs;
use crate::frame::{FLAG, Frame, MIN_FRAME_LEN};

/// The control escape of byte-stuffed framing.
const ESCAPE: u8 = 0x7D;
/// What an escaped byte is XORed with.
const ESCAPE_XOR: u8 = 0x20;
/// The format type nibble of frame format type 3.
const FORMAT_TYPE_3: u8 = 0xA;
/// The frame length bits of the format field.
const LENGTH_MASK: u16 = 0x07FF;

/// A sans-IO deframer: bytes in ([`handle_input`](Self::handle_input)), checked frames and
/// discard reports out ([`poll_event`](Self::poll_event)), in a caller-provided buffer.
///
/// See the [module documentation](self) for the framing rules, the resynchronisation rule
/// and the buffer size (`MAX_FRAME_LEN + 2` handles every frame).
///
/// # Example
///
/// ```
/// use dlms_hdlc::{Deframer, DeframerEvent, MAX_FRAME_LEN};
///
/// // Two frames sharing a flag, after a little line noise (amshan test frames).
/// let wire = [
///     &[0x00, 0x42][..],
///     &[0x7E, 0xA0, 0x08, 0x01, 0x02, 0x01, 0x10, 0x37, 0x8D],
///     &[0x7E, 0xA0, 0x0C, 0x01, 0x02, 0x01, 0x10, 0x27, 0xA0, 0x02, 0x01, 0xE7, 0xDE],
///     &[0x7E],
/// ]
/// .concat();
///
/// let mut deframer = Deframer::new([0u8; MAX_FRAME_LEN + 2]);
/// let mut infos = Vec::new();
/// // Feed in chunks of three bytes, as a serial port might deliver them.
/// for mut chunk in wire.chunks(3) {
///     while !chunk.is_empty() {
///         let used = deframer.handle_input(chunk);
///         chunk = &chunk[used..];
///         while let Some(event) = deframer.poll_event() {
///             match event {
///                 DeframerEvent::Frame(frame) => infos.push(frame.info().to_vec()),
///                 DeframerEvent::Discarded { len, reason } => println!("{len} bytes: {reason:?}"),
///             }
///         }
///     }
/// }
/// assert_eq!(infos, [vec![], vec![0x02, 0x01]]);
/// assert_eq!(deframer.stats().frames, 2);
/// assert_eq!(deframer.stats().discarded_bytes, 2);
/// ```
pub struct Deframer<B: AsRef<[u8]> + AsMut<[u8]>> {
    buffer: B,
    state: State,
}

/// What [`Deframer::poll_event`] reports.
#[derive(Debug)]
pub enum DeframerEvent<'a> {
    /// A frame that passed [`Frame::new_checked`], borrowing the deframer's buffer; valid
    /// until the next call on the deframer.
    Frame(Frame<&'a [u8]>),
    /// Bytes that were dropped.
    Discarded {
        /// How many input bytes were dropped. Flags that delimit frames are not counted; in
        /// byte-stuffed mode, escape bytes are.
        len: usize,
        /// Why they were dropped.
        reason: DiscardReason,
    },
}

/// Why a [`Deframer`] dropped bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiscardReason {
    /// Bytes outside any frame: before the first flag, or after a failed candidate up to
    /// the next flag.
    Garbage,
    /// A candidate frame failed [`Frame::new_checked`] (or the same check on its header
    /// while it was still arriving); [`ErrorKind::MissingFlag`] means that no flag followed
    /// the length its format field announced (plain mode).
    Invalid(ErrorKind),
    /// A candidate frame does not fit the buffer.
    TooLong {
        /// The frame length its format field announces; in plain mode with a buffer too
        /// small to hold even the format field (under 2 bytes), the smallest frame length.
        len: usize,
    },
    /// Byte-stuffed mode only: the frame was aborted by `7D 7E`, or cut by a flag before
    /// the length its format field announces.
    Aborted,
}

/// Counters kept by a [`Deframer`] over its lifetime (saturating).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeframerStats {
    /// Frames returned.
    pub frames: u64,
    /// Bytes reported as [`DeframerEvent::Discarded`], summed.
    pub discarded_bytes: u64,
    /// [`DeframerEvent::Discarded`] events returned.
    pub discard_events: u64,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Deframer<B> {
    /// A deframer for plain IEC 62056-46 framing (length-driven; `0x7E` may occur inside a
    /// frame), working in `buffer`.
    ///
    /// `MAX_FRAME_LEN + 2` bytes handle every frame; frames that do not fit are reported as
    /// [`DiscardReason::TooLong`]. A zero-length buffer holds nothing: every byte is then
    /// reported as garbage.
    pub fn new(buffer: B) -> Self {
        Self {
            buffer,
            state: State::new(Mode::Plain),
        }
    }

    /// A deframer for byte-stuffed framing as some consumer (HAN) ports send it: `7D xx`
    /// stands for `xx ^ 0x20`, `0x7E` is only ever a flag and `7D 7E` aborts a frame.
    ///
    /// This is not IEC 62056-46 framing; use it only for sources known to stuff.
    pub fn new_stuffed(buffer: B) -> Self {
        Self {
            buffer,
            state: State::new(Mode::Stuffed),
        }
    }

    /// Takes bytes from the start of `bytes` and returns how many it took.
    ///
    /// In plain mode it copies as many as fit. In byte-stuffed mode it also stops right
    /// after a flag that closes a candidate frame. Either way, once
    /// [`poll_event`](Self::poll_event) has returned `None` there is room again, so a caller
    /// that alternates the two, offering the rest each time, always gets through its input.
    pub fn handle_input(&mut self, bytes: &[u8]) -> usize {
        let buffer = self.buffer.as_mut();
        self.state.settle(buffer.len());
        match self.state.mode {
            Mode::Plain => self.state.input_plain(buffer, bytes),
            Mode::Stuffed => self.state.input_stuffed(buffer, bytes),
        }
    }

    /// Returns the next frame or discard report, or `None` when more input is needed.
    ///
    /// Scanning happens here, lazily: each call does the work for one event. A returned
    /// frame borrows the buffer; its bytes are released at the next call.
    ///
    /// # Errors
    ///
    /// Nothing in the stream is an error of this call: bytes that do not form a valid frame
    /// are reported as [`DeframerEvent::Discarded`] with a [`DiscardReason`], and the
    /// deframer carries on with the next flag (see the [module documentation](self)).
    pub fn poll_event(&mut self) -> Option<DeframerEvent<'_>> {
        let buffer = self.buffer.as_ref();
        self.state.settle(buffer.len());
        match self.state.mode {
            Mode::Plain => self.state.poll_plain(buffer),
            Mode::Stuffed => self.state.poll_stuffed(buffer),
        }
    }

    /// The buffer size in bytes.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buffer.as_ref().len()
    }

    /// Bytes held in the buffer and not yet resolved into a frame or a discard report.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.state.held().saturating_sub(self.state.consume)
    }

    /// Drops everything buffered, including a partly received frame, without reporting it.
    /// The next frame is taken after the next flag. The [`stats`](Self::stats) are kept.
    pub fn reset(&mut self) {
        self.state = State {
            stats: self.state.stats,
            ..State::new(self.state.mode)
        };
    }

    /// The counters so far.
    #[must_use]
    pub fn stats(&self) -> DeframerStats {
        self.state.stats
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> fmt::Debug for Deframer<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deframer")
            .field("mode", &self.state.mode)
            .field("capacity", &self.capacity())
            .field("buffered", &self.buffered())
            .field("stats", &self.state.stats)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Plain,
    Stuffed,
}

/// How a byte-stuffed candidate ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// A closing flag.
    Flag,
    /// `7D 7E`.
    Abort,
}

/// Byte-stuffed mode: the candidate frame being received.
#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    /// The last byte was `7D`.
    escape: bool,
    /// Input bytes of the candidate, escapes included (for discard reports).
    wire: usize,
    /// Unstuffed bytes of the candidate, including any that did not fit the buffer.
    count: usize,
    /// The first two unstuffed bytes (the format field), kept even if the buffer is tiny.
    head: [u8; 2],
    /// Set once the candidate has ended; input stops until it is polled.
    closed: Option<Close>,
}

/// Everything but the buffer, so that a returned frame can borrow the buffer while the
/// bookkeeping is updated.
///
/// Invariant (restored by `settle` against the buffer's current length, so that even a
/// buffer type whose length changes cannot cause a panic): `start <= end <= capacity`.
#[derive(Debug, Clone, Copy, Default)]
struct State {
    mode: Mode,
    /// `buffer[start..end]` holds the unresolved bytes.
    start: usize,
    end: usize,
    /// Bytes of the frame returned last (with its closing flag in plain mode), released at
    /// the next call.
    consume: usize,
    /// The bytes held follow a flag: `buffer[start]` opens a candidate.
    synced: bool,
    /// Garbage bytes counted but not held (byte-stuffed mode, or a zero-length buffer).
    garbage: usize,
    cand: Candidate,
    stats: DeframerStats,
}

/// The outcome of looking at a plain-mode candidate.
enum Step<'a> {
    NeedMore,
    Frame(Frame<&'a [u8]>),
    Fail(DiscardReason),
}

impl State {
    fn new(mode: Mode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }

    fn held(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Releases the frame returned last and restores the offset invariant.
    fn settle(&mut self, capacity: usize) {
        self.start = self.start.saturating_add(self.consume);
        self.consume = 0;
        self.end = self.end.min(capacity);
        self.start = self.start.min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    fn drop_front(&mut self, n: usize) {
        self.start = self.start.saturating_add(n).min(self.end);
    }

    fn discard<'a>(&mut self, len: usize, reason: DiscardReason) -> Option<DeframerEvent<'a>> {
        let s = &mut self.stats;
        s.discard_events = s.discard_events.saturating_add(1);
        s.discarded_bytes = s
            .discarded_bytes
            .saturating_add(u64::try_from(len).unwrap_or(u64::MAX));
        Some(DeframerEvent::Discarded { len, reason })
    }

    fn frame<'a>(&mut self, frame: Frame<&'a [u8]>, consume: usize) -> Option<DeframerEvent<'a>> {
        self.consume = consume;
        self.stats.frames = self.stats.frames.saturating_add(1);
        Some(DeframerEvent::Frame(frame))
    }

    /// Reports garbage counted by `handle_input`, if any.
    fn take_garbage<'a>(&mut self) -> Option<DeframerEvent<'a>> {
        match core::mem::take(&mut self.garbage) {
            0 => None,
            n => self.discard(n, DiscardReason::Garbage),
        }
    }

    fn input_plain(&mut self, buffer: &mut [u8], bytes: &[u8]) -> usize {
        if buffer.is_empty() {
            // Nothing can be held: all but the flags is garbage.
            let n = bytes.iter().filter(|&&b| b != FLAG).count();
            self.garbage = self.garbage.saturating_add(n);
            return bytes.len();
        }
        let tail = buffer.len().saturating_sub(self.end);
        if self.start > 0 && tail < bytes.len() {
            // `start <= end <= buffer.len()` (settle), so the range is in bounds.
            buffer.copy_within(self.start..self.end, 0);
            self.end = self.held();
            self.start = 0;
        }
        let n = buffer.len().saturating_sub(self.end).min(bytes.len());
        let end = self.end.saturating_add(n);
        match (buffer.get_mut(self.end..end), bytes.get(..n)) {
            (Some(dst), Some(src)) => {
                dst.copy_from_slice(src);
                self.end = end;
                n
            }
            _ => 0,
        }
    }

    fn poll_plain<'a>(&mut self, buffer: &'a [u8]) -> Option<DeframerEvent<'a>> {
        if self.garbage > 0 {
            return self.take_garbage();
        }
        loop {
            let held = buffer.get(self.start..self.end).unwrap_or(&[]);
            if held.is_empty() {
                return None;
            }
            if !self.synced {
                let Some(i) = find_flag(held) else {
                    self.drop_front(held.len());
                    return self.discard(held.len(), DiscardReason::Garbage);
                };
                self.drop_front(i.saturating_add(1));
                self.synced = true;
                if i > 0 {
                    return self.discard(i, DiscardReason::Garbage);
                }
                continue;
            }
            let fill = held.iter().take_while(|&&b| b == FLAG).count();
            if fill > 0 {
                self.drop_front(fill);
                continue;
            }
            return match check_plain(held, buffer.len()) {
                Step::NeedMore => None,
                Step::Frame(frame) => {
                    let consume = frame.as_ref().len().saturating_add(1);
                    self.frame(frame, consume)
                }
                Step::Fail(reason) => {
                    // Give up the opening flag only: everything up to the next flag is
                    // dropped, and that flag opens the next candidate.
                    let (dropped, flag) = match find_flag(held) {
                        Some(i) => (i, 1),
                        None => (held.len(), 0),
                    };
                    self.synced = flag == 1;
                    self.drop_front(dropped.saturating_add(flag));
                    self.discard(dropped, reason)
                }
            };
        }
    }

    fn input_stuffed(&mut self, buffer: &mut [u8], bytes: &[u8]) -> usize {
        let mut used = 0usize;
        for &b in bytes {
            if self.cand.closed.is_some() {
                break;
            }
            used = used.saturating_add(1);
            if b == FLAG {
                if !self.synced {
                    self.synced = true;
                } else if self.cand.escape {
                    self.cand.escape = false;
                    self.cand.closed = Some(Close::Abort);
                } else if self.cand.wire > 0 {
                    self.cand.closed = Some(Close::Flag);
                }
                // Otherwise an empty frame (fill): nothing to do.
                continue;
            }
            if !self.synced {
                self.garbage = self.garbage.saturating_add(1);
                continue;
            }
            self.cand.wire = self.cand.wire.saturating_add(1);
            if self.cand.escape {
                self.cand.escape = false;
                self.push(buffer, b ^ ESCAPE_XOR);
            } else if b == ESCAPE {
                self.cand.escape = true;
            } else {
                self.push(buffer, b);
            }
        }
        used
    }

    /// Appends an unstuffed byte to the candidate, or only counts it once the buffer is full.
    fn push(&mut self, buffer: &mut [u8], b: u8) {
        if let Some(slot) = self.cand.head.get_mut(self.cand.count) {
            *slot = b;
        }
        self.cand.count = self.cand.count.saturating_add(1);
        if let Some(slot) = buffer.get_mut(self.end) {
            *slot = b;
            self.end = self.end.saturating_add(1);
        }
    }

    fn poll_stuffed<'a>(&mut self, buffer: &'a [u8]) -> Option<DeframerEvent<'a>> {
        if self.garbage > 0 {
            return self.take_garbage();
        }
        let close = self.cand.closed?;
        let cand = core::mem::take(&mut self.cand);
        let held = buffer.get(self.start..self.end).unwrap_or(&[]);
        // The candidate is resolved either way: a frame's bytes are released at the next
        // call, a failed candidate's at once.
        let result = match close {
            Close::Abort => Err(DiscardReason::Aborted),
            Close::Flag => check_stuffed(held, &cand, buffer.len()),
        };
        match result {
            Ok(frame) => self.frame(frame, held.len()),
            Err(reason) => {
                self.drop_front(held.len());
                self.discard(cand.wire, reason)
            }
        }
    }
}

fn find_flag(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == FLAG)
}

fn invalid(kind: ErrorKind) -> DiscardReason {
    DiscardReason::Invalid(kind)
}

/// The frame length announced by a format field.
fn announced_len(format: [u8; 2]) -> usize {
    usize::from(u16::from_be_bytes(format) & LENGTH_MASK)
}

/// Looks at the plain-mode candidate at the start of `held` (the bytes after its opening
/// flag), in a buffer of `capacity` bytes.
fn check_plain(held: &[u8], capacity: usize) -> Step<'_> {
    let Some(&b0) = held.first() else {
        return Step::NeedMore;
    };
    let found = b0 >> 4;
    if found != FORMAT_TYPE_3 {
        return Step::Fail(invalid(ErrorKind::FormatType { found }));
    }
    let Some(&b1) = held.get(1) else {
        return if capacity < 2 {
            Step::Fail(DiscardReason::TooLong { len: MIN_FRAME_LEN })
        } else {
            Step::NeedMore
        };
    };
    let len = announced_len([b0, b1]);
    if len < MIN_FRAME_LEN {
        // As `Frame::new_checked` says of the `len` bytes the frame would span.
        return Step::Fail(invalid(ErrorKind::Length {
            declared: len,
            actual: len,
        }));
    }
    // The frame and its closing flag must fit.
    if len >= capacity {
        return Step::Fail(DiscardReason::TooLong { len });
    }
    let frame = held.get(..len);
    match check_header(frame.unwrap_or(held), len) {
        Err(kind) => return Step::Fail(invalid(kind)),
        Ok(false) => return Step::NeedMore,
        Ok(true) => {}
    }
    let (Some(frame), Some(&closing)) = (frame, held.get(len)) else {
        return Step::NeedMore;
    };
    if closing != FLAG {
        return Step::Fail(invalid(ErrorKind::MissingFlag));
    }
    match Frame::new_checked(frame) {
        Ok(frame) => Step::Frame(frame),
        Err(e) => Step::Fail(invalid(e.kind())),
    }
}

/// Checks the header of a frame of length `len` of which `prefix` has arrived (at least the
/// format field, at most `len` bytes), in the order and with the errors of
/// `Frame::new_checked`. `Ok(true)`: header complete and sound (HCS included when an
/// information field follows); `Ok(false)`: more bytes are needed to tell.
fn check_header(prefix: &[u8], len: usize) -> Result<bool, ErrorKind> {
    let complete = prefix.len() >= len;
    let addresses = prefix.get(2..).unwrap_or(&[]);
    let after_dest = match Address::parse(addresses) {
        Ok((_, rest)) => rest,
        Err(e) => return incomplete_or(e.kind(), complete),
    };
    let after_src = match Address::parse(after_dest) {
        Ok((_, rest)) => rest,
        Err(e) => return incomplete_or(e.kind(), complete),
    };
    let src_end = prefix.len().saturating_sub(after_src.len());
    // Control byte plus FCS must fit.
    let min = src_end.saturating_add(3);
    if min > len {
        return Err(ErrorKind::Length {
            declared: len,
            actual: min,
        });
    }
    let Some(&control) = prefix.get(src_end) else {
        return Ok(false);
    };
    if Control::from_byte(control).is_none() {
        return Err(ErrorKind::Control { found: control });
    }
    if len == min {
        // No information field, no HCS: the FCS check covers the rest.
        return Ok(true);
    }
    let with_hcs = min.saturating_add(2);
    if len < with_hcs {
        return Err(ErrorKind::Length {
            declared: len,
            actual: with_hcs,
        });
    }
    let h = src_end.saturating_add(1);
    let (Some(header), Some(&lo), Some(&hi)) = (
        prefix.get(..h),
        prefix.get(h),
        prefix.get(h.saturating_add(1)),
    ) else {
        return Ok(false);
    };
    let computed = fcs::checksum(header);
    let received = fcs::read([lo, hi]);
    if computed != received {
        return Err(ErrorKind::Hcs { computed, received });
    }
    Ok(true)
}

/// An address that ran out of input is no error while more of the frame may come.
fn incomplete_or(kind: ErrorKind, complete: bool) -> Result<bool, ErrorKind> {
    if matches!(kind, ErrorKind::Truncated { .. }) && !complete {
        Ok(false)
    } else {
        Err(kind)
    }
}

/// Judges a byte-stuffed candidate closed by a flag; `held` is what the buffer kept of it.
fn check_stuffed<'a>(
    held: &'a [u8],
    cand: &Candidate,
    capacity: usize,
) -> Result<Frame<&'a [u8]>, DiscardReason> {
    let [b0, b1] = cand.head;
    let found = b0 >> 4;
    let has_format = cand.count >= 2 && found == FORMAT_TYPE_3;
    if cand.count > held.len() {
        // It outgrew the buffer.
        if found != FORMAT_TYPE_3 {
            return Err(invalid(ErrorKind::FormatType { found }));
        }
        if cand.count < 2 {
            return Err(DiscardReason::TooLong { len: MIN_FRAME_LEN });
        }
        let len = announced_len([b0, b1]);
        if len > capacity {
            return Err(DiscardReason::TooLong { len });
        }
        // The length fits, the candidate does not: as `Frame::new_checked` would say.
        return Err(invalid(ErrorKind::Length {
            declared: len,
            actual: cand.count,
        }));
    }
    if has_format && announced_len([b0, b1]) > cand.count {
        return Err(DiscardReason::Aborted);
    }
    Frame::new_checked(held).map_err(|e| invalid(e.kind()))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::frame::{FrameRepr, MAX_FRAME_LEN};
    use hex_literal::hex;

    extern crate std;
    use std::vec::Vec;

    // toreamun/amshan tests/test_hdlc.py @3571bed437e4ab2b03c4e76464467e0ad2f7fb52.
    const EMPTY_INFO: [u8; 8] = hex!("A00801020110378D");
    const SHORT_INFO: [u8; 12] = hex!("A00C0102011027A00201E7DE");
    const FLAG_IN_INFO: [u8; 39] =
        hex!("A027010201105A87E6E7000F40000000090C07E4020F06011922FF8000000201060000157EEA5E");
    const STUFFED_WIRE: [u8; 16] = hex!("A00D0102011063AB7D5E7D5D7D23932D");
    const UNSTUFFED: [u8; 13] = hex!("A00D0102011063AB7E7D03932D");

    /// What came out of a deframer: frames (their bytes) and discards.
    #[derive(Debug, PartialEq, Eq)]
    enum Out {
        Frame(Vec<u8>),
        Discarded(usize, DiscardReason),
    }

    fn drain<B: AsRef<[u8]> + AsMut<[u8]>>(d: &mut Deframer<B>, out: &mut Vec<Out>) {
        while let Some(ev) = d.poll_event() {
            out.push(match ev {
                DeframerEvent::Frame(f) => Out::Frame(f.as_ref().to_vec()),
                DeframerEvent::Discarded { len, reason } => Out::Discarded(len, reason),
            });
        }
    }

    fn run<B: AsRef<[u8]> + AsMut<[u8]>>(
        d: &mut Deframer<B>,
        wire: &[u8],
        chunk: usize,
    ) -> Vec<Out> {
        let mut out = Vec::new();
        for mut c in wire.chunks(chunk.max(1)) {
            while !c.is_empty() {
                let n = d.handle_input(c);
                c = &c[n..];
                drain(d, &mut out);
            }
        }
        out
    }

    fn flagged(frame: &[u8]) -> Vec<u8> {
        [&[FLAG][..], frame, &[FLAG]].concat()
    }

    #[test]
    fn one_frame_any_chunking() {
        let wire = flagged(&FLAG_IN_INFO);
        for chunk in 1..=wire.len() {
            let mut d = Deframer::new([0u8; 64]);
            assert_eq!(
                run(&mut d, &wire, chunk),
                [Out::Frame(FLAG_IN_INFO.to_vec())]
            );
            assert_eq!(d.buffered(), 0);
            assert_eq!(
                d.stats(),
                DeframerStats {
                    frames: 1,
                    ..DeframerStats::default()
                }
            );
        }
    }

    #[test]
    fn frame_borrows_buffer() {
        let mut d = Deframer::new([0u8; 32]);
        let wire = flagged(&SHORT_INFO);
        assert_eq!(d.handle_input(&wire), wire.len());
        let Some(DeframerEvent::Frame(f)) = d.poll_event() else {
            panic!("no frame");
        };
        assert_eq!(f.info(), &hex!("0201"));
        assert_eq!(f.repr().info, &hex!("0201"));
        // The closing flag stays as a possible opening flag.
        assert_eq!(d.buffered(), 0);
        assert!(d.poll_event().is_none());
    }

    #[test]
    fn shared_and_separate_flags() {
        let wire = [
            &[FLAG, FLAG, FLAG][..],
            &EMPTY_INFO,
            &[FLAG],
            &SHORT_INFO,
            &[FLAG, FLAG],
            &EMPTY_INFO,
            &[FLAG, FLAG, FLAG],
        ]
        .concat();
        let mut d = Deframer::new([0u8; 16]);
        assert_eq!(
            run(&mut d, &wire, wire.len()),
            [
                Out::Frame(EMPTY_INFO.to_vec()),
                Out::Frame(SHORT_INFO.to_vec()),
                Out::Frame(EMPTY_INFO.to_vec()),
            ]
        );
        assert_eq!(d.stats().discard_events, 0);
    }

    #[test]
    fn wrong_format_type_is_rejected_early() {
        let mut d = Deframer::new([0u8; 16]);
        d.handle_input(&[FLAG, 0xB0]);
        assert!(matches!(
            d.poll_event(),
            Some(DeframerEvent::Discarded {
                len: 1,
                reason: DiscardReason::Invalid(ErrorKind::FormatType { found: 0xB })
            })
        ));
    }

    #[test]
    fn corrupted_length_caught_by_hcs() {
        // A length of 0x7FF with a plausible header: the HCS tells at once.
        let mut bad = FLAG_IN_INFO;
        bad[0] = 0xA7;
        bad[1] = 0xFF;
        let mut d = Deframer::new([0u8; MAX_FRAME_LEN + 2]);
        let wire = [&[FLAG][..], &bad[..10]].concat();
        d.handle_input(&wire);
        assert!(matches!(
            d.poll_event(),
            Some(DeframerEvent::Discarded {
                len: 10,
                reason: DiscardReason::Invalid(ErrorKind::Hcs { .. })
            })
        ));
    }

    #[test]
    fn header_errors_match_new_checked() {
        // Bad control (REJ) in a frame without information field.
        let mut bad = EMPTY_INFO;
        bad[5] = 0x09;
        let expected = Frame::new_checked(&bad[..]).unwrap_err().kind();
        let mut d = Deframer::new([0u8; 16]);
        let out = run(&mut d, &flagged(&bad), 10);
        assert_eq!(out, [Out::Discarded(8, DiscardReason::Invalid(expected))]);
        // Fed byte by byte, the candidate fails as soon as its control byte is in; the rest
        // up to the next flag follows as garbage.
        let mut d = Deframer::new([0u8; 16]);
        let out = run(&mut d, &flagged(&bad), 1);
        assert_eq!(out[0], Out::Discarded(6, DiscardReason::Invalid(expected)));
        assert!(
            out[1..]
                .iter()
                .all(|o| *o == Out::Discarded(1, DiscardReason::Garbage))
        );
        assert_eq!(d.stats().discarded_bytes, 8);
    }

    #[test]
    fn stuffed_vector() {
        let wire = flagged(&STUFFED_WIRE);
        for chunk in 1..=wire.len() {
            let mut d = Deframer::new_stuffed([0u8; 16]);
            assert_eq!(run(&mut d, &wire, chunk), [Out::Frame(UNSTUFFED.to_vec())]);
        }
        // The same bytes without stuffing awareness are no frame.
        let mut d = Deframer::new([0u8; 32]);
        assert!(
            run(&mut d, &wire, wire.len())
                .iter()
                .all(|o| matches!(o, Out::Discarded(..)))
        );
    }

    #[test]
    fn stuffed_stops_after_closing_flag() {
        let wire = [flagged(&STUFFED_WIRE), flagged(&STUFFED_WIRE)].concat();
        let mut d = Deframer::new_stuffed([0u8; 16]);
        assert_eq!(d.handle_input(&wire), 18);
        assert_eq!(d.handle_input(&wire[18..]), 0);
        assert!(matches!(d.poll_event(), Some(DeframerEvent::Frame(_))));
        assert!(d.poll_event().is_none());
        assert_eq!(d.handle_input(&wire[18..]), 18);
        assert!(matches!(d.poll_event(), Some(DeframerEvent::Frame(_))));
    }

    #[test]
    fn stuffed_abort_and_cut() {
        let mut d = Deframer::new_stuffed([0u8; 32]);
        // Garbage, an aborted frame, a frame cut short, then a good one.
        let wire = [
            &hex!("1122")[..],
            &[FLAG],
            &STUFFED_WIRE[..5],
            &[ESCAPE, FLAG],
            &STUFFED_WIRE[..8],
            &[FLAG],
            &STUFFED_WIRE,
            &[FLAG],
        ]
        .concat();
        assert_eq!(
            run(&mut d, &wire, 3),
            [
                Out::Discarded(2, DiscardReason::Garbage),
                Out::Discarded(6, DiscardReason::Aborted),
                Out::Discarded(8, DiscardReason::Aborted),
                Out::Frame(UNSTUFFED.to_vec()),
            ]
        );
        assert_eq!(
            d.stats(),
            DeframerStats {
                frames: 1,
                discarded_bytes: 16,
                discard_events: 3
            }
        );
    }

    #[test]
    fn stuffed_overflow() {
        let info = [0x55u8; 40];
        let repr = FrameRepr {
            segmented: false,
            dest: Address::PUBLIC_CLIENT,
            src: Address::MANAGEMENT,
            control: Control::Ui { poll: false },
            info: &info,
        };
        let mut wire = [0u8; 64];
        let n = repr.emit_flagged(&mut wire).unwrap();
        let wire = [&wire[..n], &flagged(&STUFFED_WIRE)[1..]].concat();
        let len = repr.buffer_len();
        for cap in [0, 1, 2, 16] {
            let mut d = Deframer::new_stuffed(std::vec![0u8; cap]);
            let out = run(&mut d, &wire, 7);
            // The format field is kept aside, so even a tiny buffer reports the length.
            assert_eq!(out[0], Out::Discarded(len, DiscardReason::TooLong { len }));
            if cap >= UNSTUFFED.len() {
                assert_eq!(out[1..], [Out::Frame(UNSTUFFED.to_vec())]);
            } else {
                assert_eq!(out.len(), 2);
            }
        }
    }

    #[test]
    fn tiny_plain_buffers_never_stall() {
        let wire = [flagged(&SHORT_INFO), hex!("0102037E7E").to_vec()].concat();
        for cap in 0..14 {
            let mut d = Deframer::new(std::vec![0u8; cap]);
            let out = run(&mut d, &wire, 1);
            let frames = out.iter().filter(|o| matches!(o, Out::Frame(_))).count();
            assert_eq!(frames, usize::from(cap >= 13), "capacity {cap}");
            assert_eq!(d.buffered(), 0, "capacity {cap}");
        }
    }

    #[test]
    fn reset_drops_partial_frame() {
        let mut d = Deframer::new([0u8; 32]);
        d.handle_input(&flagged(&SHORT_INFO)[..6]);
        assert!(d.poll_event().is_none());
        assert_eq!(d.buffered(), 5);
        d.reset();
        assert_eq!(d.buffered(), 0);
        // Unsynchronised again: a frame needs its opening flag.
        let wire = [&SHORT_INFO[..], &flagged(&EMPTY_INFO)].concat();
        let out = run(&mut d, &wire, wire.len());
        assert_eq!(
            out,
            [
                Out::Discarded(12, DiscardReason::Garbage),
                Out::Frame(EMPTY_INFO.to_vec())
            ]
        );
        assert_eq!(d.capacity(), 32);
    }
}
