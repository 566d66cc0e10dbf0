//! The crate's error type: a structured kind plus the byte offset where it was found.

/// An error from parsing, emitting, reassembling or driving a link.
///
/// Every error carries an [`ErrorKind`] and the byte offset, relative to the start of the
/// input the failing call was given, at which the problem was detected (0 where no input
/// offset applies, e.g. for a state-machine misuse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} (at byte {offset})")]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
}

impl Error {
    /// Creates an error of `kind` found at byte `offset`.
    #[must_use]
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset, relative to the input of the failing call, where the error was found.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns the same error with `base` added to its offset (saturating), for callers that
    /// parse a sub-slice of a larger input.
    #[must_use]
    pub const fn at(self, base: usize) -> Self {
        Self {
            kind: self.kind,
            offset: self.offset.saturating_add(base),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind, 0)
    }
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended early.
    #[error("input truncated: {needed} more byte(s) needed")]
    Truncated {
        /// How many more bytes the parser needed at the least.
        needed: usize,
    },
    /// A frame did not start or end with the `0x7E` flag.
    #[error("missing 0x7E flag")]
    MissingFlag,
    /// The frame format field does not announce frame format type 3 (`0xA`).
    #[error("frame format type {found:#x} is not type 3 (0xa)")]
    FormatType {
        /// The format type nibble found.
        found: u8,
    },
    /// The frame length in the format field disagrees with the bytes present.
    #[error("frame length field says {declared} bytes, {actual} present")]
    Length {
        /// The length the format field announces.
        declared: usize,
        /// The length actually available.
        actual: usize,
    },
    /// An address field is not 1, 2 or 4 bytes long.
    #[error("address field of {len} byte(s); must be 1, 2 or 4")]
    AddressLength {
        /// The length found (5 means no end bit within four bytes).
        len: usize,
    },
    /// An address value does not fit the chosen address size.
    #[error("address value out of range for its size")]
    AddressRange,
    /// The control field is not one of the kinds IEC 62056-46 uses.
    #[error("unsupported control field {found:#04x}")]
    Control {
        /// The control byte found.
        found: u8,
    },
    /// The header check sequence does not match.
    #[error("header check sequence mismatch: computed {computed:#06x}, received {received:#06x}")]
    Hcs {
        /// The HCS computed over the header.
        computed: u16,
        /// The HCS received.
        received: u16,
    },
    /// The frame check sequence does not match.
    #[error("frame check sequence mismatch: computed {computed:#06x}, received {received:#06x}")]
    Fcs {
        /// The FCS computed over the frame.
        computed: u16,
        /// The FCS received.
        received: u16,
    },
    /// An output buffer is too small for what is to be written.
    #[error("output buffer too small: {needed} byte(s) needed, {available} available")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// A frame or information field exceeds the length that can be encoded or was negotiated.
    #[error("{len} bytes exceed the maximum of {max}")]
    TooLong {
        /// The length asked for.
        len: usize,
        /// The maximum allowed.
        max: usize,
    },
    /// A malformed SNRM/UA parameter-negotiation field.
    #[error("malformed link parameter field")]
    Parameter,
    /// The wrapper header carries a version other than 1.
    #[error("unsupported wrapper version {found}")]
    WrapperVersion {
        /// The version found.
        found: u16,
    },
    /// A reassembled APDU would exceed the reassembly buffer.
    #[error("reassembly overflow: {capacity}-byte buffer exceeded")]
    ReassemblyOverflow {
        /// The buffer's capacity.
        capacity: usize,
    },
    /// A segment's send sequence number is not the one expected.
    #[error("segment sequence gap: expected N(S) {expected}, found {found}")]
    SequenceGap {
        /// The N(S) expected next.
        expected: u8,
        /// The N(S) received.
        found: u8,
    },
    /// A segment was received twice.
    #[error("duplicate segment N(S) {ns}")]
    DuplicateSegment {
        /// The repeated send sequence number.
        ns: u8,
    },
    /// A segment came from another address pair than the segments before it.
    #[error("segment from a different address pair")]
    AddressMismatch,
    /// A segment is neither an I nor a UI frame.
    #[error("frame kind cannot carry segments")]
    NotSegmentable,
    /// The operation needs an established link.
    #[error("link not connected")]
    NotConnected,
    /// The link is still sending an earlier APDU.
    #[error("link busy with an earlier APDU")]
    Busy,
}

/// This crate's result type.
pub type Result<T> = core::result::Result<T, Error>;

/// The first `len` bytes of an output buffer, or [`ErrorKind::BufferTooSmall`]: the one
/// length check every `emit` starts with.
pub(crate) fn out_prefix(out: &mut [u8], len: usize) -> Result<&mut [u8]> {
    let available = out.len();
    out.get_mut(..len).ok_or(Error::new(
        ErrorKind::BufferTooSmall {
            needed: len,
            available,
        },
        0,
    ))
}
