//! APDU segmentation over HDLC frames: the S bit of frame format type 3 (IEC 62056-46).
//!
//! An APDU (with its LLC header) longer than the negotiated maximum information field is
//! sent in several I or UI frames. Every frame but the last has the segmentation bit S of the
//! format field set; the receiver concatenates the information fields until a frame without
//! it arrives.
//!
//! [`Segmenter`] cuts an APDU into [`Segment`]s, and [`Segmenter::frames`] turns them into
//! ready-to-emit [`FrameRepr`]s with sequence numbers and poll bits. [`Reassembler`] joins
//! received segments in a buffer the caller provides, checking addresses and N(S).
//!
//! This is unrelated to general-block-transfer (an xDLMS service some meters use instead,
//! sending each block as one complete, unsegmented frame).

use core::fmt;
use core::iter::FusedIterator;

use crate::address::Address;
use crate::control::Control;
use crate::error::{Error, ErrorKind, Result};
use crate::frame::FrameRepr;

/// One piece of an APDU: an information field and whether more pieces follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The information field of the frame that carries this segment.
    pub info: &'a [u8],
    /// More segments of the same APDU follow: the frame's S bit.
    pub segmented: bool,
}

/// Cuts an APDU into segments of at most `max_info` bytes.
///
/// Every segment but the last is exactly `max_info` bytes long and has
/// [`segmented`](Segment::segmented) set. An APDU whose length is a multiple of `max_info`
/// ends with a full segment (no empty one follows); an empty APDU yields one empty,
/// unsegmented segment.
///
/// # Example
///
/// A 300-byte APDU (after its LLC header) sent in I-frames with the default 128-byte
/// information field, then parsed and reassembled:
///
/// ```
/// use dlms_hdlc::segment::{FrameKind, Reassembler, Segmenter};
/// use dlms_hdlc::{Address, FrameRepr, llc};
///
/// let mut info = [0u8; 303];
/// info[..3].copy_from_slice(&llc::RESPONSE);
/// for (i, b) in info[3..].iter_mut().enumerate() {
///     *b = i as u8;
/// }
///
/// let frames = Segmenter::new(&info, 128).frames(
///     Address::PUBLIC_CLIENT,
///     Address::MANAGEMENT,
///     FrameKind::I { ns: 0, nr: 0, window: 1 },
/// );
/// assert_eq!(frames.len(), 3); // 128 + 128 + 47 bytes
///
/// let mut wire = [0u8; 256];
/// let mut reassembler = Reassembler::new([0u8; 512]);
/// let mut received = 0;
/// for repr in frames {
///     let n = repr.emit(&mut wire)?;
///     let parsed = FrameRepr::parse_exact(&wire[..n])?;
///     if let Some(apdu) = reassembler.push(&parsed)? {
///         let (_, apdu) = llc::strip(apdu).unwrap();
///         assert_eq!(apdu, &info[3..]);
///         received += 1;
///     }
/// }
/// assert_eq!(received, 1);
/// # Ok::<(), dlms_hdlc::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Segmenter<'a> {
    data: &'a [u8],
    max_info: usize,
    /// Bytes handed out so far; never above `data.len()`.
    pos: usize,
    /// The last segment has been handed out.
    done: bool,
}

impl<'a> Segmenter<'a> {
    /// Starts cutting `data` into segments of at most `max_info` bytes (0 is taken as 1).
    #[must_use]
    pub fn new(data: &'a [u8], max_info: usize) -> Self {
        Self {
            data,
            max_info: max_info.max(1),
            pos: 0,
            done: false,
        }
    }

    /// The number of bytes handed out so far.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The number of bytes not yet handed out.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// Whether the last segment has been handed out.
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The remaining segments as frames from `src` to `dest`.
    ///
    /// The maximum information length is lowered, if need be, to
    /// [`FrameRepr::max_info_len`] for these addresses, so that every frame can be emitted.
    /// See [`Frames`] for the control fields.
    #[must_use]
    pub fn frames(mut self, dest: Address, src: Address, kind: FrameKind) -> Frames<'a> {
        self.max_info = self.max_info.min(FrameRepr::max_info_len(dest, src)).max(1);
        let ns = match kind {
            FrameKind::I { ns, .. } => ns & 7,
            FrameKind::Ui => 0,
        };
        Frames {
            segments: self,
            dest,
            src,
            kind,
            ns,
            in_window: 0,
        }
    }
}

impl<'a> Iterator for Segmenter<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        if self.done {
            return None;
        }
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        let (info, after) = rest
            .split_at_checked(self.max_info.min(rest.len()))
            .unwrap_or((rest, &[]));
        // `info` lies within `data`, so the sum stays at most `data.len()`.
        self.pos = self.pos.saturating_add(info.len());
        let segmented = !after.is_empty();
        self.done = !segmented;
        Some(Segment { info, segmented })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = if self.done {
            0
        } else {
            // At least one segment, even when nothing remains (the empty APDU).
            self.remaining().div_ceil(self.max_info).max(1)
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for Segmenter<'_> {}

impl FusedIterator for Segmenter<'_> {}

/// The kind of frames [`Segmenter::frames`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// Unnumbered information frames, as meters use for pushes.
    Ui,
    /// Information frames within an established link.
    I {
        /// N(S) of the first frame; later frames count on modulo 8.
        ns: u8,
        /// N(R) carried by every frame.
        nr: u8,
        /// Frames sent before the poll bit asks the peer to acknowledge (the negotiated
        /// transmit window; 0 is taken as 1).
        window: u8,
    },
}

/// Frames carrying the segments of an APDU, from [`Segmenter::frames`].
///
/// Every frame but the last has the S bit set. With [`FrameKind::Ui`], the control field is
/// UI with the poll bit set on the last frame only (`03 … 03 13`, as the Iskra AM550 sends
/// its pushes). With [`FrameKind::I`], frame *k* (counting from 0) has N(S) = `ns` + *k*
/// modulo 8 and N(R) = `nr`, and the poll bit is set on every `window`-th frame (the last of
/// each window) and on the last frame.
#[derive(Debug, Clone)]
pub struct Frames<'a> {
    segments: Segmenter<'a>,
    dest: Address,
    src: Address,
    kind: FrameKind,
    /// N(S) of the next I-frame.
    ns: u8,
    /// I-frames sent so far in the current window.
    in_window: u8,
}

impl<'a> Frames<'a> {
    /// The segmenter underneath, to see how far the APDU has been sent.
    #[must_use]
    pub fn segmenter(&self) -> &Segmenter<'a> {
        &self.segments
    }
}

impl<'a> Iterator for Frames<'a> {
    type Item = FrameRepr<'a>;

    fn next(&mut self) -> Option<FrameRepr<'a>> {
        let Segment { info, segmented } = self.segments.next()?;
        let last = !segmented;
        let control = match self.kind {
            FrameKind::Ui => Control::Ui { poll: last },
            FrameKind::I { nr, window, .. } => {
                let ns = self.ns;
                self.ns = ns.wrapping_add(1) & 7;
                self.in_window = self.in_window.saturating_add(1);
                let window_full = self.in_window >= window.max(1);
                if window_full {
                    self.in_window = 0;
                }
                Control::I {
                    ns,
                    nr: nr & 7,
                    poll: window_full || last,
                }
            }
        };
        Some(FrameRepr {
            segmented,
            dest: self.dest,
            src: self.src,
            control,
            info,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.segments.size_hint()
    }
}

impl ExactSizeIterator for Frames<'_> {}

impl FusedIterator for Frames<'_> {}

/// What the reassembler expects of the next segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// No APDU in progress: the next segment is a first one.
    First,
    /// More UI segments from `src` to `dest`.
    Ui { dest: Address, src: Address },
    /// More I segments from `src` to `dest`; `ns` is the N(S) of the last one accepted.
    I { dest: Address, src: Address, ns: u8 },
}

/// Joins the information fields of segmented I or UI frames into one APDU, in a buffer the
/// caller provides (a `[u8; N]`, a `&mut [u8]`, or a `Vec<u8>` of fixed length).
///
/// The first segment of an APDU fixes its address pair and frame kind. Later segments must
/// come from the same pair, be of the same kind and, for I-frames, carry the next N(S)
/// modulo 8. Poll/final bits and N(R) are the link's business and are not looked at.
///
/// The APDU is returned as received, LLC header included; [`crate::llc::strip`] removes it.
pub struct Reassembler<B: AsRef<[u8]> + AsMut<[u8]>> {
    buffer: B,
    /// Bytes of the APDU in progress, or of the one last completed while `expect` is `First`.
    len: usize,
    expect: Expect,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Reassembler<B> {
    /// A reassembler that joins APDUs of up to `buffer.as_ref().len()` bytes in `buffer`.
    #[must_use]
    pub fn new(buffer: B) -> Self {
        Self {
            buffer,
            len: 0,
            expect: Expect::First,
        }
    }

    /// Adds the information field of `frame` to the APDU in progress, or starts a new one.
    ///
    /// Returns the complete APDU when `frame` has no S bit (a single unsegmented frame is a
    /// complete APDU on its own), else `None`. The returned slice stays in the buffer until
    /// the next call.
    ///
    /// # Errors
    /// With the byte offset within the APDU at which `frame`'s information would have
    /// started:
    /// - [`ErrorKind::NotSegmentable`] if `frame` is neither an I nor a UI frame, or is not
    ///   of the kind of the first segment of the APDU in progress;
    /// - [`ErrorKind::AddressMismatch`] if its destination or source address differs from
    ///   the first segment's;
    /// - [`ErrorKind::DuplicateSegment`] if an I-frame repeats the previous segment's N(S);
    /// - [`ErrorKind::SequenceGap`] if an I-frame's N(S) is neither the previous one nor the
    ///   next one;
    /// - [`ErrorKind::ReassemblyOverflow`] if the APDU would not fit the buffer.
    ///
    /// On every error the partial APDU is dropped and the reassembler is reset, `frame`
    /// included: the next frame is taken as the first segment of a new APDU.
    pub fn push(&mut self, frame: &FrameRepr<'_>) -> Result<Option<&[u8]>> {
        if self.expect == Expect::First {
            self.len = 0;
        }
        let start = self.len;
        let fail = |kind| Error::new(kind, start);
        let next = match self.next_expect(frame) {
            Ok(next) => next,
            Err(kind) => {
                self.reset();
                return Err(fail(kind));
            }
        };
        let capacity = self.capacity();
        let Some(dst) = start
            .checked_add(frame.info.len())
            .and_then(|end| self.buffer.as_mut().get_mut(start..end))
        else {
            self.reset();
            return Err(fail(ErrorKind::ReassemblyOverflow { capacity }));
        };
        dst.copy_from_slice(frame.info);
        // `dst` ends within the buffer, so the sum cannot overflow.
        self.len = start.saturating_add(frame.info.len());
        if frame.segmented {
            self.expect = next;
            return Ok(None);
        }
        self.expect = Expect::First;
        Ok(Some(self.buffer.as_ref().get(..self.len).unwrap_or(&[])))
    }

    /// Checks `frame` against what is expected and returns what to expect after it.
    fn next_expect(&self, frame: &FrameRepr<'_>) -> core::result::Result<Expect, ErrorKind> {
        let (dest, src) = (frame.dest, frame.src);
        match (frame.control, self.expect) {
            (Control::Ui { .. }, Expect::First) => Ok(Expect::Ui { dest, src }),
            (Control::I { ns, .. }, Expect::First) => Ok(Expect::I {
                dest,
                src,
                ns: ns & 7,
            }),
            (control, _) if !control.is_information() => Err(ErrorKind::NotSegmentable),
            (
                _,
                Expect::Ui { dest: d, src: s }
                | Expect::I {
                    dest: d, src: s, ..
                },
            ) if (d, s) != (dest, src) => Err(ErrorKind::AddressMismatch),
            (Control::Ui { .. }, Expect::Ui { .. }) => Ok(self.expect),
            (Control::I { ns, .. }, Expect::I { ns: last, .. }) => {
                let (found, expected) = (ns & 7, last.wrapping_add(1) & 7);
                if found == expected {
                    Ok(Expect::I {
                        dest,
                        src,
                        ns: found,
                    })
                } else if found == last {
                    Err(ErrorKind::DuplicateSegment { ns: found })
                } else {
                    Err(ErrorKind::SequenceGap { expected, found })
                }
            }
            // An I segment within a UI APDU or the other way round.
            _ => Err(ErrorKind::NotSegmentable),
        }
    }

    /// Drops any partial APDU; the next frame starts a new one.
    pub fn reset(&mut self) {
        self.len = 0;
        self.expect = Expect::First;
    }

    /// Bytes held: those of the APDU in progress, or of the APDU last completed until the
    /// next [`push`](Self::push) or [`reset`](Self::reset).
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no bytes are held (see [`len`](Self::len)).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The largest APDU the buffer holds.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buffer.as_ref().len()
    }

    /// Whether segments of an APDU have arrived and its last segment has not.
    #[must_use]
    pub fn is_in_progress(&self) -> bool {
        self.expect != Expect::First
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> fmt::Debug for Reassembler<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The buffer's contents are left out: they may be large.
        f.debug_struct("Reassembler")
            .field("len", &self.len)
            .field("capacity", &self.capacity())
            .field("expect", &self.expect)
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
mod tests {
    use super::*;
    use crate::address::AddressSize;
    use crate::llc;

    const CLIENT: Address = Address::PUBLIC_CLIENT;

    fn server() -> Address {
        Address::new(1, 17, AddressSize::Two).unwrap()
    }

    fn data(n: usize) -> [u8; 1024] {
        let mut d = [0u8; 1024];
        for (i, b) in d.iter_mut().take(n).enumerate() {
            *b = (i * 7 + 3) as u8;
        }
        d
    }

    fn sizes(s: Segmenter<'_>) -> ([usize; 16], usize, [bool; 16]) {
        let mut lens = [0; 16];
        let mut flags = [false; 16];
        let mut n = 0;
        for seg in s {
            lens[n] = seg.info.len();
            flags[n] = seg.segmented;
            n += 1;
        }
        (lens, n, flags)
    }

    fn i_frame(ns: u8, segmented: bool, info: &[u8]) -> FrameRepr<'_> {
        FrameRepr {
            segmented,
            dest: CLIENT,
            src: server(),
            control: Control::I {
                ns,
                nr: 0,
                poll: false,
            },
            info,
        }
    }

    fn ui_frame(segmented: bool, info: &[u8]) -> FrameRepr<'_> {
        FrameRepr {
            segmented,
            dest: CLIENT,
            src: server(),
            control: Control::Ui { poll: !segmented },
            info,
        }
    }

    #[test]
    fn split_and_reassemble() {
        let d = data(300);
        let apdu = &d[..300];
        let s = Segmenter::new(apdu, 128);
        assert_eq!(s.len(), 3);
        let (lens, n, flags) = sizes(s.clone());
        assert_eq!(
            (&lens[..n], &flags[..n]),
            (&[128, 128, 44][..], &[true, true, false][..])
        );

        let mut s = s;
        let first = s.next().unwrap();
        assert_eq!(first.info, &apdu[..128]);
        assert_eq!(
            (s.position(), s.remaining(), s.is_done()),
            (128, 172, false)
        );
        assert_eq!(s.len(), 2);
        s.next().unwrap();
        let last = s.next().unwrap();
        assert_eq!(last.info, &apdu[256..]);
        assert_eq!((s.position(), s.remaining(), s.is_done()), (300, 0, true));
        assert_eq!((s.next(), s.len()), (None, 0));

        let mut r = Reassembler::new([0u8; 512]);
        let mut out = None;
        for f in Segmenter::new(apdu, 128).frames(CLIENT, server(), FrameKind::Ui) {
            assert!(out.is_none());
            out = r.push(&f).unwrap().map(<[u8]>::len);
            assert_eq!(r.is_in_progress(), out.is_none());
        }
        assert_eq!(out, Some(300));
        assert_eq!(r.len(), 300);
    }

    #[test]
    fn exact_multiples() {
        let d = data(256);
        let (lens, n, flags) = sizes(Segmenter::new(&d[..256], 128));
        assert_eq!(
            (&lens[..n], &flags[..n]),
            (&[128, 128][..], &[true, false][..])
        );
        let (lens, n, _) = sizes(Segmenter::new(&d[..128], 128));
        assert_eq!(&lens[..n], &[128]);
        let (lens, n, flags) = sizes(Segmenter::new(&d[..3], 1));
        assert_eq!(
            (&lens[..n], &flags[..n]),
            (&[1, 1, 1][..], &[true, true, false][..])
        );
        // max_info 0 is taken as 1.
        assert_eq!(Segmenter::new(&d[..3], 0).len(), 3);
        // Shorter than one segment.
        let (lens, n, flags) = sizes(Segmenter::new(&d[..5], 128));
        assert_eq!((&lens[..n], &flags[..n]), (&[5][..], &[false][..]));
    }

    #[test]
    fn empty_apdu() {
        let mut s = Segmenter::new(&[], 128);
        assert_eq!((s.len(), s.is_done(), s.remaining()), (1, false, 0));
        assert_eq!(
            s.next(),
            Some(Segment {
                info: &[],
                segmented: false
            })
        );
        assert!(s.is_done());
        assert_eq!(s.next(), None);

        let mut frames = Segmenter::new(&[], 0).frames(CLIENT, server(), FrameKind::Ui);
        let f = frames.next().unwrap();
        assert_eq!(
            (f.segmented, f.control, f.info),
            (false, Control::Ui { poll: true }, &[][..])
        );
        assert!(frames.next().is_none());

        let mut r = Reassembler::new([0u8; 0]);
        assert_eq!(r.push(&f), Ok(Some(&[][..])));
        assert!(r.is_empty());
    }

    #[test]
    fn ui_poll_bits() {
        // As the Iskra AM550 sends: 03 on every segment, 13 on the last.
        let d = data(500);
        let bytes: [u8; 4] = {
            let mut b = [0; 4];
            for (i, f) in Segmenter::new(&d[..500], 128)
                .frames(CLIENT, server(), FrameKind::Ui)
                .enumerate()
            {
                b[i] = f.control.to_byte();
                assert_eq!(f.segmented, i < 3);
                assert_eq!((f.dest, f.src), (CLIENT, server()));
            }
            b
        };
        assert_eq!(bytes, [0x03, 0x03, 0x03, 0x13]);
    }

    #[test]
    fn window_and_poll_bits() {
        let d = data(1000);
        let controls = |window: u8, ns: u8| {
            let mut out = [(0u8, false, false); 10];
            let frames = Segmenter::new(&d[..1000], 100).frames(
                CLIENT,
                server(),
                FrameKind::I { ns, nr: 5, window },
            );
            assert_eq!(frames.len(), 10);
            for (i, f) in frames.enumerate() {
                let Control::I { ns, nr, poll } = f.control else {
                    panic!("not an I-frame");
                };
                assert_eq!(nr, 5);
                out[i] = (ns, poll, f.segmented);
            }
            out
        };
        let w3 = controls(3, 6);
        let ns: [u8; 10] = core::array::from_fn(|i| w3[i].0);
        assert_eq!(ns, [6, 7, 0, 1, 2, 3, 4, 5, 6, 7]);
        let poll: [bool; 10] = core::array::from_fn(|i| w3[i].1);
        assert_eq!(
            poll,
            [
                false, false, true, false, false, true, false, false, true, true
            ]
        );
        let seg: [bool; 10] = core::array::from_fn(|i| w3[i].2);
        assert_eq!(
            seg,
            [true, true, true, true, true, true, true, true, true, false]
        );
        // Window 0 is taken as 1: every frame polls.
        assert!(controls(0, 0).iter().all(|c| c.1));
        assert!(controls(1, 0).iter().all(|c| c.1));
        // A window larger than the APDU: only the last frame polls.
        let w7 = controls(7, 0);
        let poll: [bool; 10] = core::array::from_fn(|i| w7[i].1);
        assert_eq!(
            poll,
            [
                false, false, false, false, false, false, true, false, false, true
            ]
        );
        // Sequence numbers given out of range are reduced modulo 8.
        let f = Segmenter::new(&d[..1], 1)
            .frames(
                CLIENT,
                server(),
                FrameKind::I {
                    ns: 9,
                    nr: 10,
                    window: 1,
                },
            )
            .next()
            .unwrap();
        assert_eq!(
            f.control,
            Control::I {
                ns: 1,
                nr: 2,
                poll: true
            }
        );
    }

    #[test]
    fn frames_fit_the_addresses() {
        let d = [0u8; 4096];
        let dest = Address::server(1, Some(5481)).unwrap();
        let max = FrameRepr::max_info_len(dest, CLIENT);
        let frames = Segmenter::new(&d, 4096).frames(dest, CLIENT, FrameKind::Ui);
        assert_eq!(frames.len(), 3);
        let mut out = [0u8; 2048];
        for f in frames {
            assert!(f.info.len() <= max);
            f.emit(&mut out).unwrap();
        }
        // The segmenter's progress is visible while frames are taken.
        let mut frames = Segmenter::new(&d[..300], 128).frames(dest, CLIENT, FrameKind::Ui);
        frames.next();
        assert_eq!(frames.segmenter().position(), 128);
    }

    #[test]
    fn llc_round_trip() {
        let mut info = data(203);
        info[..3].copy_from_slice(&llc::REQUEST);
        let mut r = Reassembler::new([0u8; 256]);
        let mut got = None;
        for f in Segmenter::new(&info[..203], 64).frames(
            server(),
            CLIENT,
            FrameKind::I {
                ns: 0,
                nr: 0,
                window: 7,
            },
        ) {
            got = r
                .push(&f)
                .unwrap()
                .and_then(llc::strip)
                .map(|(d, a)| (d, a.len()));
        }
        assert_eq!(got, Some((llc::Direction::Request, 200)));
    }

    #[test]
    fn starts_afresh_after_completion() {
        let mut r = Reassembler::new([0u8; 8]);
        assert_eq!(r.push(&ui_frame(true, &[1, 2, 3])), Ok(None));
        assert_eq!(
            r.push(&ui_frame(false, &[4, 5])),
            Ok(Some(&[1, 2, 3, 4, 5][..]))
        );
        assert!(!r.is_in_progress());
        assert_eq!(r.len(), 5);
        // A new APDU, from another address pair and kind, reuses the buffer.
        let other = FrameRepr {
            src: Address::MANAGEMENT,
            ..i_frame(3, false, &[9])
        };
        assert_eq!(r.push(&other), Ok(Some(&[9][..])));
        assert_eq!(r.capacity(), 8);
    }

    #[test]
    fn duplicates() {
        let mut r = Reassembler::new([0u8; 64]);
        assert_eq!(r.push(&i_frame(7, true, &[1, 2])), Ok(None));
        assert_eq!(r.push(&i_frame(0, true, &[3])), Ok(None));
        let err = r.push(&i_frame(0, true, &[3])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DuplicateSegment { ns: 0 });
        assert_eq!(err.offset(), 3);
        // Dropped: the next frame starts a new APDU.
        assert!(!r.is_in_progress());
        assert!(r.is_empty());
        assert_eq!(r.push(&i_frame(1, false, &[4])), Ok(Some(&[4][..])));
    }

    #[test]
    fn gaps() {
        let mut r = Reassembler::new([0u8; 64]);
        assert_eq!(r.push(&i_frame(2, true, &[1])), Ok(None));
        let err = r.push(&i_frame(4, false, &[2])).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::SequenceGap {
                expected: 3,
                found: 4
            }
        );
        assert_eq!(err.offset(), 1);
        assert!(!r.is_in_progress());
        // Sequence numbers wrap modulo 8.
        for ns in 5..13u8 {
            assert_eq!(r.push(&i_frame(ns & 7, true, &[ns])), Ok(None));
        }
        assert_eq!(r.len(), 8);
        assert_eq!(
            r.push(&i_frame(5, false, &[])),
            Ok(Some(&[5, 6, 7, 8, 9, 10, 11, 12][..]))
        );
    }

    #[test]
    fn address_mismatch() {
        let mut r = Reassembler::new([0u8; 64]);
        assert_eq!(r.push(&ui_frame(true, &[1, 2])), Ok(None));
        let swapped = FrameRepr {
            dest: server(),
            src: CLIENT,
            ..ui_frame(false, &[3])
        };
        let err = r.push(&swapped).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::AddressMismatch, 2));
        assert!(!r.is_in_progress());
        // The same address in another size is another address.
        assert_eq!(r.push(&i_frame(0, true, &[1])), Ok(None));
        let four = FrameRepr {
            src: Address::new(1, 17, AddressSize::Four).unwrap(),
            ..i_frame(1, false, &[2])
        };
        assert_eq!(
            r.push(&four).unwrap_err().kind(),
            ErrorKind::AddressMismatch
        );
    }

    #[test]
    fn overflow() {
        let mut r = Reassembler::new([0u8; 4]);
        assert_eq!(r.push(&ui_frame(true, &[1, 2, 3])), Ok(None));
        let err = r.push(&ui_frame(false, &[4, 5])).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::ReassemblyOverflow { capacity: 4 }, 3)
        );
        assert!(r.is_empty() && !r.is_in_progress());
        // A single frame too large for the buffer.
        let err = r.push(&ui_frame(false, &[0; 5])).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::ReassemblyOverflow { capacity: 4 }, 0)
        );
        // Exactly full is fine, with a slice as the buffer.
        let mut buf = [0u8; 4];
        let mut r = Reassembler::new(&mut buf[..]);
        assert_eq!(r.push(&ui_frame(true, &[1, 2])), Ok(None));
        assert_eq!(
            r.push(&ui_frame(false, &[3, 4])),
            Ok(Some(&[1, 2, 3, 4][..]))
        );
    }

    #[test]
    fn not_segmentable() {
        let mut r = Reassembler::new([0u8; 64]);
        for control in [
            Control::Rr { nr: 1, poll: true },
            Control::Rnr { nr: 1, poll: true },
            Control::Snrm { poll: true },
            Control::Disc { poll: true },
            Control::Ua { poll: true },
            Control::Dm { poll: true },
            Control::Frmr { poll: true },
        ] {
            let f = FrameRepr {
                control,
                ..ui_frame(false, &[1])
            };
            assert_eq!(r.push(&f).unwrap_err().kind(), ErrorKind::NotSegmentable);
            // Also in the middle of an APDU, which is then dropped.
            assert_eq!(r.push(&ui_frame(true, &[1])), Ok(None));
            let err = r.push(&f).unwrap_err();
            assert_eq!((err.kind(), err.offset()), (ErrorKind::NotSegmentable, 1));
            assert!(!r.is_in_progress());
        }
        // Mixing I and UI segments within one APDU.
        assert_eq!(r.push(&ui_frame(true, &[1])), Ok(None));
        assert_eq!(
            r.push(&i_frame(0, false, &[2])).unwrap_err().kind(),
            ErrorKind::NotSegmentable
        );
        assert_eq!(r.push(&i_frame(0, true, &[1])), Ok(None));
        assert_eq!(
            r.push(&ui_frame(false, &[2])).unwrap_err().kind(),
            ErrorKind::NotSegmentable
        );
    }

    #[test]
    fn debug_leaves_out_the_buffer() {
        let r = Reassembler::new([0xAAu8; 16]);
        let mut s = [0u8; 128];
        let mut w = Cursor(&mut s, 0);
        fmt::write(&mut w, format_args!("{r:?}")).unwrap();
        let len = w.1;
        let text = core::str::from_utf8(&s[..len]).unwrap();
        assert!(text.contains("capacity: 16"));
        assert!(!text.contains("170"));
    }

    struct Cursor<'a>(&'a mut [u8], usize);

    impl fmt::Write for Cursor<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.1 + s.len();
            self.0
                .get_mut(self.1..end)
                .ok_or(fmt::Error)?
                .copy_from_slice(s.as_bytes());
            self.1 = end;
            Ok(())
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn address() -> impl Strategy<Value = Address> {
            prop_oneof![
                (0u16..=0x7F).prop_map(|u| Address::new(u, 0, AddressSize::One).unwrap()),
                (0u16..=0x7F, 0u16..=0x7F)
                    .prop_map(|(u, l)| Address::new(u, l, AddressSize::Two).unwrap()),
                (0u16..=0x3FFF, 0u16..=0x3FFF).prop_map(|(u, l)| Address::new(
                    u,
                    l,
                    AddressSize::Four
                )
                .unwrap()),
            ]
        }

        fn kind() -> impl Strategy<Value = FrameKind> {
            prop_oneof![
                Just(FrameKind::Ui),
                (0u8..8, 0u8..8, 0u8..8).prop_map(|(ns, nr, window)| FrameKind::I {
                    ns,
                    nr,
                    window
                }),
            ]
        }

        proptest! {
            #[test]
            fn emit_parse_reassemble(
                apdu in proptest::collection::vec(any::<u8>(), 0..=4096),
                max_info in 1usize..=2030,
                dest in address(),
                src in address(),
                kind in kind(),
            ) {
                let frames = Segmenter::new(&apdu, max_info).frames(dest, src, kind);
                let count = frames.len();
                prop_assert_eq!(count, apdu.len().div_ceil(max_info).max(1));
                let mut wire = [0u8; 2048];
                let mut r = Reassembler::new([0u8; 4096]);
                let mut done = false;
                for (k, repr) in frames.enumerate() {
                    prop_assert!(!done);
                    let n = repr.emit(&mut wire).unwrap();
                    let parsed = FrameRepr::parse_exact(&wire[..n]).unwrap();
                    prop_assert_eq!(parsed, repr);
                    prop_assert_eq!(parsed.segmented, k + 1 < count);
                    if let FrameKind::I { ns, .. } = kind {
                        prop_assert_eq!(
                            parsed.control,
                            Control::I {
                                ns: ((usize::from(ns) + k) % 8) as u8,
                                nr: kind_nr(kind),
                                poll: parsed.control.is_poll(),
                            }
                        );
                    }
                    if let Some(out) = r.push(&parsed).unwrap() {
                        prop_assert_eq!(out, &apdu[..]);
                        done = true;
                    }
                }
                prop_assert!(done);
            }
        }

        fn kind_nr(kind: FrameKind) -> u8 {
            match kind {
                FrameKind::I { nr, .. } => nr,
                FrameKind::Ui => 0,
            }
        }
    }
}
