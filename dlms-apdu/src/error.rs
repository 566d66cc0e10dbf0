//! The crate's error type: a structured kind plus the byte offset where it was found.

/// An error from decoding, encoding or reassembling A-XDR data and APDUs.
///
/// Every error carries an [`ErrorKind`] and the byte offset, relative to the start of the
/// input the failing call was given, at which the problem was detected (0 where no input
/// offset applies, e.g. for an output buffer that is too small).
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
        /// How many more bytes the decoder needed at the least.
        needed: usize,
    },
    /// A tag other than the one the grammar requires at this point.
    #[error("unexpected tag {found:#04x} (expected {expected:#04x})")]
    UnexpectedTag {
        /// The tag the grammar requires.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// A tag that names no known A-XDR type or APDU.
    #[error("unknown tag {found:#04x}")]
    UnknownTag {
        /// The tag found.
        found: u8,
    },
    /// A CHOICE selector outside the alternatives the grammar defines.
    #[error("unknown choice {found}")]
    UnknownChoice {
        /// The selector found.
        found: u8,
    },
    /// Nested data deeper than [`MAX_DEPTH`](crate::data::MAX_DEPTH).
    #[error("nesting deeper than the limit")]
    DepthExceeded,
    /// Bytes remain after a value that must fill its input.
    #[error("trailing bytes after the value")]
    TrailingBytes,
    /// A length or element count read from the wire exceeds the bytes that remain.
    #[error("length {declared} exceeds the {available} byte(s) that remain")]
    LengthExceeds {
        /// The length or count read.
        declared: u64,
        /// The bytes that remain in the input.
        available: usize,
    },
    /// A malformed length field (more than four length octets, or the reserved `0x80`).
    #[error("malformed length field")]
    InvalidLength,
    /// A field holds a value the grammar does not allow (e.g. a utf8-string that is not
    /// UTF-8, a bit-string whose length needs more octets than follow).
    #[error("value not allowed here")]
    InvalidValue,
    /// An output buffer is too small for what is to be written.
    #[error("output buffer too small: {needed} byte(s) needed, {available} available")]
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// A value is too long to encode in its field, or exceeds a configured limit.
    #[error("{len} exceeds the maximum of {max}")]
    TooLong {
        /// The length asked for.
        len: usize,
        /// The maximum allowed.
        max: usize,
    },
    /// A block arrived out of order: its number is not the one expected next.
    #[error("block sequence gap: expected block {expected}, found {found}")]
    BlockGap {
        /// The block number expected next.
        expected: u32,
        /// The block number received.
        found: u32,
    },
    /// A block that was already received arrived again.
    #[error("duplicate block {number}")]
    BlockDuplicate {
        /// The repeated block number.
        number: u32,
    },
    /// Reassembled blocks would exceed the reassembly buffer.
    #[error("reassembly overflow: {capacity}-byte buffer exceeded")]
    ReassemblyOverflow {
        /// The buffer's capacity.
        capacity: usize,
    },
    /// A block arrived after the last block, or a transfer was used out of turn.
    #[error("block transfer out of sequence")]
    BlockSequence,
}

/// This crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
