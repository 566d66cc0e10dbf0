//! The crate's error type.

use dlms_apdu::DataType;

/// Why OBIS text did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ObisTextError {
    /// The text ended before six groups were read.
    #[error("too few groups")]
    TooFewGroups,
    /// More than six groups, or characters after the sixth group.
    #[error("unexpected characters after the sixth group")]
    Trailing,
    /// A character that is neither a digit nor a separator allowed at that place.
    #[error("unexpected character")]
    UnexpectedChar,
    /// A group with no digits.
    #[error("empty group")]
    EmptyGroup,
    /// A group above 255.
    #[error("group above 255")]
    GroupTooLarge,
    /// Separators of the two forms mixed, or a separator in the wrong place.
    #[error("separator in the wrong place")]
    Separator,
}

/// Errors from converting between typed COSEM values and A-XDR data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// OBIS text that does not parse; `offset` is the byte where it failed.
    #[error("invalid OBIS code text: {kind} (at byte {offset})")]
    ObisText {
        /// What is wrong.
        kind: ObisTextError,
        /// Byte offset in the text.
        offset: usize,
    },
    /// The A-XDR encoding itself is malformed.
    #[error("malformed data: {0}")]
    Decode(dlms_apdu::Error),
    /// A value of another A-XDR type than the attribute or parameter has.
    #[error("expected {expected}, found {found}")]
    UnexpectedType {
        /// The type the attribute has.
        expected: DataType,
        /// The type received.
        found: DataType,
    },
    /// A structure or fixed-size octet string with the wrong number of elements or octets.
    #[error("expected {expected} elements, found {found}")]
    ElementCount {
        /// Elements (or octets) the value must have.
        expected: usize,
        /// Elements (or octets) received.
        found: usize,
    },
    /// A value of the right type outside the range the attribute allows (an enum value the
    /// class does not define, a string that is not valid text, a number out of range).
    #[error("value out of range")]
    OutOfRange,
    /// The class has no attribute with this id.
    #[error("no attribute {0}")]
    NoSuchAttribute(i8),
    /// The class has no method with this id.
    #[error("no method {0}")]
    NoSuchMethod(i8),
    /// The method needs parameters and none were given, or got parameters it does not take.
    #[error("wrong method parameters")]
    MethodParameters,
    /// Scaling a value would lose precision or overflow; the exact value is not
    /// representable in the requested type.
    #[error("scaling is not exact")]
    Inexact,
    /// A date-time field the conversion needs (to a calendar type, for example) is not
    /// specified, or the fields do not name a real date and time.
    #[error("date-time field not specified or not a calendar date")]
    NotSpecified,
    /// The output buffer is too small.
    #[error("output buffer too small: {needed} octets needed")]
    BufferTooSmall {
        /// Octets the output needs.
        needed: usize,
    },
}

impl From<dlms_apdu::Error> for Error {
    fn from(e: dlms_apdu::Error) -> Self {
        Self::Decode(e)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
