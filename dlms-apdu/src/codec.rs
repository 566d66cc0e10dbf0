//! Private codec plumbing: a reading cursor that knows its byte offset, a writing cursor over
//! a caller's buffer, and the A-XDR length form.
//!
//! nom supplies the primitives; it stays private, so a nom release is not a breaking change
//! of this crate.

use nom::Parser;

use crate::error::{Error, ErrorKind, Result};

/// A nom number parser over bytes, with nom's error discarded (the reader supplies ours).
type NumberParser<'a, T> = fn(&'a [u8]) -> nom::IResult<&'a [u8], T, ()>;

/// A cursor over input bytes that reports errors at absolute byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `input`, reporting offsets from its start.
    pub(crate) const fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            pos: 0,
            base: 0,
        }
    }

    /// A reader over `input`, a sub-slice that starts `base` bytes into the caller's input.
    pub(crate) const fn with_base(input: &'a [u8], base: usize) -> Self {
        Self {
            input,
            pos: 0,
            base,
        }
    }

    /// Absolute offset of the next byte.
    pub(crate) const fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    /// Bytes consumed so far.
    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    /// The bytes not yet read.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or(&[])
    }

    /// How many bytes remain.
    pub(crate) fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    /// Whether all input was consumed.
    pub(crate) fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The input between byte `start` (a value of [`position`](Self::position)) and the cursor.
    pub(crate) fn since(&self, start: usize) -> &'a [u8] {
        self.input.get(start..self.pos).unwrap_or(&[])
    }

    /// An error of `kind` at the cursor.
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset())
    }

    /// An error of `kind` at the consumed position `start`.
    pub(crate) fn err_at(&self, kind: ErrorKind, start: usize) -> Error {
        Error::new(kind, self.base.saturating_add(start))
    }

    fn advance_to(&mut self, rest: &[u8]) {
        self.pos = self.input.len().saturating_sub(rest.len());
    }

    fn truncated(&self, needed: usize) -> Error {
        self.err(ErrorKind::Truncated {
            needed: needed.saturating_sub(self.remaining()),
        })
    }

    /// The next byte, without consuming it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Takes exactly `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let res: nom::IResult<&[u8], &[u8], ()> = nom::bytes::complete::take(n).parse(self.rest());
        match res {
            Ok((rest, out)) => {
                self.advance_to(rest);
                Ok(out)
            }
            Err(_) => Err(self.truncated(n)),
        }
    }

    /// Takes exactly `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Takes everything that remains.
    pub(crate) fn take_rest(&mut self) -> &'a [u8] {
        let out = self.rest();
        self.pos = self.input.len();
        out
    }

    fn number<T>(&mut self, size: usize, parser: NumberParser<'a, T>) -> Result<T> {
        match parser(self.rest()) {
            Ok((rest, v)) => {
                self.advance_to(rest);
                Ok(v)
            }
            Err(_) => Err(self.truncated(size)),
        }
    }

    /// One octet.
    pub(crate) fn u8(&mut self) -> Result<u8> {
        self.number(1, nom::number::complete::u8)
    }

    /// A big-endian 16-bit unsigned integer.
    pub(crate) fn u16(&mut self) -> Result<u16> {
        self.number(2, nom::number::complete::be_u16)
    }

    /// A big-endian 32-bit unsigned integer.
    pub(crate) fn u32(&mut self) -> Result<u32> {
        self.number(4, nom::number::complete::be_u32)
    }

    /// A big-endian 64-bit unsigned integer.
    pub(crate) fn u64(&mut self) -> Result<u64> {
        self.number(8, nom::number::complete::be_u64)
    }

    /// A signed octet.
    pub(crate) fn i8(&mut self) -> Result<i8> {
        self.number(1, nom::number::complete::i8)
    }

    /// A big-endian 16-bit signed integer.
    pub(crate) fn i16(&mut self) -> Result<i16> {
        self.number(2, nom::number::complete::be_i16)
    }

    /// A big-endian 32-bit signed integer.
    pub(crate) fn i32(&mut self) -> Result<i32> {
        self.number(4, nom::number::complete::be_i32)
    }

    /// A big-endian 64-bit signed integer.
    pub(crate) fn i64(&mut self) -> Result<i64> {
        self.number(8, nom::number::complete::be_i64)
    }

    /// Consumes one octet that must equal `expected` ([`ErrorKind::UnexpectedTag`] otherwise).
    pub(crate) fn expect(&mut self, expected: u8) -> Result<()> {
        let start = self.pos;
        let found = self.u8()?;
        if found == expected {
            Ok(())
        } else {
            Err(self.err_at(ErrorKind::UnexpectedTag { expected, found }, start))
        }
    }

    /// An A-XDR length: one octet below `0x80`, else `0x8N` followed by N (1..=4) octets.
    ///
    /// The value is not checked against the remaining input; see [`octets`](Self::octets)
    /// and [`count`](Self::count).
    pub(crate) fn length(&mut self) -> Result<u32> {
        let start = self.pos;
        let first = self.u8()?;
        if first < 0x80 {
            return Ok(u32::from(first));
        }
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 {
            return Err(self.err_at(ErrorKind::InvalidLength, start));
        }
        let bytes = self.take(n)?;
        Ok(bytes
            .iter()
            .fold(0u32, |acc, &b| acc.wrapping_shl(8) | u32::from(b)))
    }

    /// A length checked against the remaining input, in units of at least `min_unit` bytes.
    fn checked_len(&mut self, declared: u32, min_unit: usize, start: usize) -> Result<usize> {
        let available = self.remaining();
        let fits = usize::try_from(declared)
            .ok()
            .and_then(|d| d.checked_mul(min_unit))
            .is_some_and(|bytes| bytes <= available);
        if fits {
            // `fits` proved the conversion succeeds.
            usize::try_from(declared).map_err(|_| self.err_at(ErrorKind::InvalidLength, start))
        } else {
            Err(self.err_at(
                ErrorKind::LengthExceeds {
                    declared: u64::from(declared),
                    available,
                },
                start,
            ))
        }
    }

    /// A length-prefixed octet string, its length checked against the remaining input.
    pub(crate) fn octets(&mut self) -> Result<&'a [u8]> {
        let start = self.pos;
        let declared = self.length()?;
        let len = self.checked_len(declared, 1, start)?;
        self.take(len)
    }

    /// An element count for a SEQUENCE OF whose elements take at least `min_size` bytes
    /// each; checked against the remaining input before anything is sized by it.
    pub(crate) fn count(&mut self, min_size: usize) -> Result<usize> {
        let start = self.pos;
        let declared = self.length()?;
        self.checked_len(declared, min_size, start)
    }

    /// An `OPTIONAL` marker octet: 0 absent, any other value present.
    pub(crate) fn optional(&mut self) -> Result<bool> {
        Ok(self.u8()? != 0)
    }

    /// Fails with [`ErrorKind::TrailingBytes`] unless all input was consumed.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.err(ErrorKind::TrailingBytes))
        }
    }
}

/// Bytes an A-XDR length of `len` takes.
#[must_use]
pub(crate) const fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else if len <= 0xFF {
        2
    } else if len <= 0xFFFF {
        3
    } else if len <= 0xFF_FFFF {
        4
    } else {
        5
    }
}

/// The A-XDR length of `len` (short form below `0x80`, else the shortest long form) in
/// the first [`length_len`] octets of the array; returns the array and that count.
///
/// # Errors
/// [`ErrorKind::TooLong`] above `u32::MAX`.
#[inline]
pub(crate) fn length_octets(len: usize) -> Result<([u8; 5], usize)> {
    let value = u32::try_from(len).map_err(|_| {
        Error::from(ErrorKind::TooLong {
            len,
            max: u32::MAX as usize,
        })
    })?;
    let be = value.to_be_bytes();
    let n = length_len(len);
    let mut out = [0u8; 5];
    // `count` is 0 (short form: below 0x80, the last octet is the whole value) or 1..=4
    // (a marker 0x80 | count, then the low `count` octets).
    let count = n.saturating_sub(1);
    let (marker, tail) = out.split_at_mut(1);
    match u8::try_from(count) {
        Ok(0) | Err(_) => marker.copy_from_slice(be.get(3..).unwrap_or(&[0])),
        Ok(c) => {
            marker.copy_from_slice(&[0x80 | c]);
            if let (Some(dst), Some(src)) = (
                tail.get_mut(..count),
                be.get(be.len().saturating_sub(count)..),
            ) {
                dst.copy_from_slice(src);
            }
        }
    }
    Ok((out, n))
}

/// Bytes a length-prefixed octet string of `len` bytes takes.
#[must_use]
pub(crate) const fn octets_len(len: usize) -> usize {
    length_len(len).saturating_add(len)
}

/// A cursor writing into a caller's buffer.
#[derive(Debug)]
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`.
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Bytes written so far.
    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    /// Writes `bytes`.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.pos.saturating_add(bytes.len());
        let available = self.buf.len();
        let dst = self.buf.get_mut(self.pos..end).ok_or(Error::new(
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

    /// One octet.
    pub(crate) fn u8(&mut self, v: u8) -> Result<()> {
        self.bytes(&[v])
    }

    /// A big-endian 16-bit unsigned integer.
    pub(crate) fn u16(&mut self, v: u16) -> Result<()> {
        self.bytes(&v.to_be_bytes())
    }

    /// A big-endian 32-bit unsigned integer.
    pub(crate) fn u32(&mut self, v: u32) -> Result<()> {
        self.bytes(&v.to_be_bytes())
    }

    /// A big-endian 64-bit unsigned integer.
    pub(crate) fn u64(&mut self, v: u64) -> Result<()> {
        self.bytes(&v.to_be_bytes())
    }

    /// An A-XDR length (short form below `0x80`, else the shortest long form).
    pub(crate) fn length(&mut self, len: usize) -> Result<()> {
        let (octets, n) = length_octets(len)?;
        self.bytes(octets.get(..n).unwrap_or(&[]))
    }

    /// A length-prefixed octet string.
    pub(crate) fn octets(&mut self, bytes: &[u8]) -> Result<()> {
        self.length(bytes.len())?;
        self.bytes(bytes)
    }
}

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

/// Runs `write` on a writer over exactly `len` bytes of `out` and returns `len`: the frame
/// of every `emit` (check the buffer, write, confirm the written length).
pub(crate) fn emit_with(
    out: &mut [u8],
    len: usize,
    write: impl FnOnce(&mut Writer<'_>) -> Result<()>,
) -> Result<usize> {
    let dst = out_prefix(out, len)?;
    let mut w = Writer::new(dst);
    write(&mut w)?;
    debug_assert_eq!(w.position(), len, "buffer_len and emit disagree");
    Ok(w.position())
}

/// One field of an A-XDR SEQUENCE, read, sized and written in place: the common codec of
/// the fields that APDUs compose (see [`codec_field!`] for types with their own codec).
pub(crate) trait Field<'a>: Sized {
    /// Reads the field at a reader's cursor.
    fn parse_field(r: &mut Reader<'a>) -> Result<Self>;
    /// Octets of the field on the wire.
    fn field_len(&self) -> usize;
    /// Writes the field at a writer's cursor.
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()>;
}

/// Makes types with their own crate-internal `parse_from`, `buffer_len` and `write` a
/// [`Field`].
macro_rules! codec_field {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl<'a> $crate::codec::Field<'a> for $ty {
                fn parse_field(r: &mut $crate::codec::Reader<'a>) -> $crate::error::Result<Self> {
                    <$ty>::parse_from(r)
                }
                fn field_len(&self) -> usize {
                    self.buffer_len()
                }
                fn write_field(&self, w: &mut $crate::codec::Writer<'_>) -> $crate::error::Result<()> {
                    self.write(w)
                }
            }
        )+
    };
}
pub(crate) use codec_field;

/// An `OPTIONAL` field: a presence octet (0 absent, any other value present), then the
/// value when present.
impl<'a, T: Field<'a>> Field<'a> for Option<T> {
    fn parse_field(r: &mut Reader<'a>) -> Result<Self> {
        if r.optional()? {
            Ok(Some(T::parse_field(r)?))
        } else {
            Ok(None)
        }
    }
    fn field_len(&self) -> usize {
        self.as_ref().map_or(1, |v| v.field_len().saturating_add(1))
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        match self {
            None => w.u8(0),
            Some(v) => {
                w.u8(1)?;
                v.write_field(w)
            }
        }
    }
}

/// An OCTET STRING: an A-XDR length, then the octets.
impl<'a> Field<'a> for &'a [u8] {
    fn parse_field(r: &mut Reader<'a>) -> Result<Self> {
        r.octets()
    }
    fn field_len(&self) -> usize {
        octets_len(self.len())
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        w.octets(self)
    }
}

/// A BOOLEAN: one octet, any value but 0 true.
impl Field<'_> for bool {
    fn parse_field(r: &mut Reader<'_>) -> Result<Self> {
        Ok(r.u8()? != 0)
    }
    fn field_len(&self) -> usize {
        1
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(u8::from(*self))
    }
}

/// An Integer8.
impl Field<'_> for i8 {
    fn parse_field(r: &mut Reader<'_>) -> Result<Self> {
        r.i8()
    }
    fn field_len(&self) -> usize {
        1
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&self.to_be_bytes())
    }
}

/// An Unsigned32 (a block number, an invocation counter).
impl Field<'_> for u32 {
    fn parse_field(r: &mut Reader<'_>) -> Result<Self> {
        r.u32()
    }
    fn field_len(&self) -> usize {
        4
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u32(*self)
    }
}

/// The next of `left` elements that were validated when their container was parsed, decoded
/// by `decode`: that cannot fail then, and if it ever did the iteration ends (`left` drops
/// to 0) instead of panicking.
pub(crate) fn next_validated<T>(left: &mut usize, decode: impl FnOnce() -> Result<T>) -> Option<T> {
    if *left == 0 {
        return None;
    }
    *left = left.saturating_sub(1);
    let next = decode().ok();
    if next.is_none() {
        *left = 0;
    }
    next
}

/// Implements the public codec verbs of a type from its crate-internal `parse_from` (a
/// value at a [`Reader`]'s cursor), `write` (at a [`Writer`]'s cursor) and `buffer_len`:
///
/// - `parse`: the value at the start of the input, and the bytes after it;
/// - `parse_exact`: the value, which must fill the input;
/// - `emit`: exactly `buffer_len()` bytes into a caller's buffer, through [`emit_with`];
/// - `to_vec` (feature `alloc`): the encoding in a new vector.
///
/// ```text
/// codec_fns! {
///     AccessRequest<'a>, "an ACCESS-Request";
///     parse:
///     /// [`ErrorKind::UnexpectedTag`] for another APDU, ...
///     emit:
///     /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than `buffer_len()`, ...
/// }
/// ```
///
/// `$what` names the value in the summaries. The doc lines after `parse:` are the `# Errors`
/// section of `parse` (`parse_exact` adds trailing bytes to it), those after the optional
/// `emit:` that of `emit` (by default a buffer shorter than `buffer_len()`); `to_vec` fails as
/// `emit` does. A bracketed list after `$what` (`, [parse, emit, to_vec]`) implements only
/// those verbs, for a type whose other verbs are its own.
macro_rules! codec_fns {
    (@verbs $name:ident $lt:tt $what:literal $parse:tt $emit:tt []) => {
        $crate::codec::codec_fns!(@verbs $name $lt $what $parse $emit [parse parse_exact emit to_vec]);
    };
    (@verbs $name:ident $lt:tt $what:literal $parse:tt $emit:tt [$($verb:ident)+]) => {
        $crate::codec::codec_fns!(@impl $name $lt {
            $( $crate::codec::codec_fns!(@$verb $lt $what $parse $emit); )+
        });
    };
    (@impl $name:ident {$($lt:lifetime)?} {$($items:tt)*}) => {
        impl $(<$lt>)? $name $(<$lt>)? {
            $($items)*
        }
    };
    (@parse {$($lt:lifetime)?} $what:literal {$(#[$parse:meta])+} $emit:tt) => {
        #[doc = concat!("Parses ", $what, " from the start of `input`; returns it and the bytes after it.")]
        ///
        /// # Errors
        $(#[$parse])+
        pub fn parse(input: &$($lt)? [u8]) -> $crate::error::Result<(Self, &$($lt)? [u8])> {
            let mut r = $crate::codec::Reader::new(input);
            let v = Self::parse_from(&mut r)?;
            Ok((v, r.rest()))
        }
    };
    (@parse_exact {$($lt:lifetime)?} $what:literal $parse:tt $emit:tt) => {
        #[doc = concat!("Parses ", $what, " that must fill `input` exactly.")]
        ///
        /// # Errors
        /// As [`parse`](Self::parse), and
        /// [`ErrorKind::TrailingBytes`](crate::ErrorKind::TrailingBytes).
        pub fn parse_exact(input: &$($lt)? [u8]) -> $crate::error::Result<Self> {
            let mut r = $crate::codec::Reader::new(input);
            let v = Self::parse_from(&mut r)?;
            r.finish()?;
            Ok(v)
        }
    };
    (@emit $lt:tt $what:literal $parse:tt {}) => {
        $crate::codec::codec_fns!(@emit $lt $what $parse {
            /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall) if `out` is
            /// shorter than [`buffer_len`](Self::buffer_len).
        });
    };
    (@emit $lt:tt $what:literal $parse:tt {$(#[$emit:meta])+}) => {
        #[doc = concat!("Writes ", $what, " into `out`; returns the bytes written.")]
        ///
        /// # Errors
        $(#[$emit])+
        pub fn emit(&self, out: &mut [u8]) -> $crate::error::Result<usize> {
            $crate::codec::emit_with(out, self.buffer_len(), |w| self.write(w))
        }
    };
    (@to_vec $lt:tt $what:literal $parse:tt $emit:tt) => {
        #[doc = concat!("Encodes ", $what, " into a new vector.")]
        ///
        /// # Errors
        /// As [`emit`](Self::emit).
        #[cfg(feature = "alloc")]
        pub fn to_vec(&self) -> $crate::error::Result<alloc::vec::Vec<u8>> {
            let mut out = alloc::vec![0u8; self.buffer_len()];
            let n = self.emit(&mut out)?;
            out.truncate(n);
            Ok(out)
        }
    };
    (
        $name:ident $(<$lt:lifetime>)?, $what:literal $(, [$($verb:ident),+ $(,)?])?;
        $(parse: $(#[$parse:meta])+)?
        $(emit: $(#[$emit:meta])+)?
    ) => {
        $crate::codec::codec_fns!(
            @verbs $name {$($lt)?} $what {$($(#[$parse])+)?} {$($(#[$emit])+)?} [$($($verb)+)?]
        );
    };
}
pub(crate) use codec_fns;

/// Helpers the modules' unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::vec;
    use std::vec::Vec;

    use crate::error::{ErrorKind, Result};

    /// Checks that `parse` fails on every proper prefix of `bytes` with an error that says
    /// the input was cut short ([`ErrorKind::Truncated`] or [`ErrorKind::LengthExceeds`]).
    pub(crate) fn every_cut_is_short(bytes: &[u8], parse: impl Fn(&[u8]) -> Result<()>) {
        for n in 0..bytes.len() {
            let err = parse(&bytes[..n]).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Truncated { .. } | ErrorKind::LengthExceeds { .. }
                ),
                "{n}: {err:?}"
            );
        }
    }

    /// Runs `emit` over a buffer of `len` bytes, checks that it wrote all of them and
    /// returns them.
    pub(crate) fn emitted(len: usize, emit: impl FnOnce(&mut [u8]) -> Result<usize>) -> Vec<u8> {
        let mut out = vec![0u8; len];
        assert_eq!(emit(&mut out).unwrap(), len);
        out
    }

    /// The bytes a `to_vec` returns, whether it can fail (the APDUs) or not (`DataRef`).
    #[cfg(feature = "alloc")]
    pub(crate) trait ToVecBytes {
        fn into_bytes(self) -> Vec<u8>;
    }

    #[cfg(feature = "alloc")]
    impl ToVecBytes for Vec<u8> {
        fn into_bytes(self) -> Vec<u8> {
            self
        }
    }

    #[cfg(feature = "alloc")]
    impl ToVecBytes for Result<Vec<u8>> {
        fn into_bytes(self) -> Vec<u8> {
            self.unwrap()
        }
    }

    /// Parses `$bytes` as one `$ty` that fills them and checks that they are its canonical
    /// encoding (`buffer_len`, `emit` and, with `alloc`, `to_vec` give them back); with
    /// `, every_cut_fails`, also that no proper prefix parses. Returns the value.
    macro_rules! canonical {
        ($ty:ident, $bytes:expr) => {{
            let bytes: &[u8] = $bytes;
            let v = $ty::parse_exact(bytes).unwrap();
            assert_eq!(v.buffer_len(), bytes.len(), "buffer_len");
            let out = $crate::codec::testing::emitted(bytes.len(), |out| v.emit(out));
            assert_eq!(out, bytes, "emit");
            #[cfg(feature = "alloc")]
            assert_eq!(
                $crate::codec::testing::ToVecBytes::into_bytes(v.to_vec()),
                bytes,
                "to_vec"
            );
            v
        }};
        ($ty:ident, $bytes:expr, every_cut_fails) => {{
            let bytes: &[u8] = $bytes;
            for cut in 0..bytes.len() {
                assert!($ty::parse(&bytes[..cut]).is_err(), "cut {cut}");
            }
            $crate::codec::testing::canonical!($ty, bytes)
        }};
    }
    pub(crate) use canonical;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_short_and_long() {
        for (len, enc) in [
            (0usize, &[0x00][..]),
            (0x7F, &[0x7F]),
            (0x80, &[0x81, 0x80]),
            (0xC8, &[0x81, 0xC8]),
            (0x12C, &[0x82, 0x01, 0x2C]),
            (0x01_0000, &[0x83, 0x01, 0x00, 0x00]),
            (0x0100_0000, &[0x84, 0x01, 0x00, 0x00, 0x00]),
        ] {
            let mut buf = [0u8; 8];
            let n = emit_with(&mut buf, length_len(len), |w| w.length(len)).unwrap();
            assert_eq!(&buf[..n], enc, "emit {len:#x}");
            let mut r = Reader::new(enc);
            assert_eq!(r.length().unwrap() as usize, len, "parse {len:#x}");
            assert!(r.is_empty());
        }
    }

    #[test]
    fn malformed_lengths() {
        assert_eq!(
            Reader::new(&[0x80]).length().unwrap_err().kind(),
            ErrorKind::InvalidLength
        );
        assert_eq!(
            Reader::new(&[0x85, 0, 0, 0, 0, 1])
                .length()
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidLength
        );
        assert_eq!(
            Reader::new(&[0x82, 0x01]).length().unwrap_err().kind(),
            ErrorKind::Truncated { needed: 1 }
        );
    }

    #[test]
    fn octets_checked_against_remaining() {
        let err = Reader::new(&[0x84, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2])
            .octets()
            .unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthExceeds {
                declared: 0xFFFF_FFFF,
                available: 2
            }
        );
        assert_eq!(err.offset(), 0);
        let mut r = Reader::with_base(&[0x02, 0xAA, 0xBB, 0xCC], 10);
        assert_eq!(r.octets().unwrap(), &[0xAA, 0xBB]);
        assert_eq!(r.offset(), 13);
        assert_eq!(r.finish().unwrap_err().offset(), 13);
    }

    #[test]
    fn counts_scale_by_element_size() {
        assert!(Reader::new(&[0x02, 0, 0, 0, 0]).count(2).is_ok());
        assert!(Reader::new(&[0x03, 0, 0, 0, 0]).count(2).is_err());
    }

    #[test]
    fn writer_reports_small_buffers() {
        let mut buf = [0u8; 1];
        let err = emit_with(&mut buf, 2, |w| w.u16(1)).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::BufferTooSmall {
                needed: 2,
                available: 1
            }
        );
    }
}
