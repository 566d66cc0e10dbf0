//! [`List`], the lazily decoded `SEQUENCE OF` of the xDLMS APDUs (IEC 62056-5-3, the xDLMS
//! ASN.1 module; encoded in A-XDR as a count, then the elements).
//!
//! Every list of the crate is a `List<'a, T>`: the GET, SET and ACTION list forms, the
//! ACCESS service, the short-name services and the selected columns of a range descriptor.
//! A parsed list needs no allocator: it keeps the count and the bytes of its elements,
//! which its iterator decodes one by one; a list to emit borrows a slice.
//!
//! ```
//! use dlms_apdu::sn::{ReadRequest, VariableAccess};
//! use dlms_apdu::List;
//!
//! let vars = [VariableAccess::VariableName(0x2008)];
//! let req = ReadRequest { variables: List::new(&vars) };
//! let mut out = [0u8; 8];
//! let n = req.emit(&mut out)?;
//! assert_eq!(&out[..n], &[0x05, 0x01, 0x02, 0x20, 0x08]);
//!
//! // The parsed list is lazy, and equal to the built one element by element.
//! let back = ReadRequest::parse_exact(&out[..n])?;
//! assert_eq!(back.variables.raw(), Some(&[0x02, 0x20, 0x08][..]));
//! assert_eq!(back.variables.len(), 1);
//! assert_eq!(back, req);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt;

use crate::codec::{Field, Reader, Writer, length_len, next_validated};
use crate::data::DataRef;
use crate::error::Result;
use crate::registry::DataAccessResult;
use crate::render::Renderer;

/// The element codec behind [`ListItem`]: sealed, so the codec plumbing stays private.
pub(crate) mod sealed {
    use crate::codec::{Reader, Writer};
    use crate::error::Result;

    /// The reading cursor, as list elements see it.
    #[allow(unreachable_pub, missing_debug_implementations)]
    pub struct In<'r, 'a>(pub(crate) &'r mut Reader<'a>);

    /// The writing cursor, as list elements see it.
    #[allow(unreachable_pub, missing_debug_implementations)]
    pub struct Out<'r, 'w>(pub(crate) &'r mut Writer<'w>);

    /// How one element of a `SEQUENCE OF` is read, sized and written.
    #[allow(unreachable_pub)]
    pub trait Element<'a>: Sized + Copy {
        /// The fewest octets an element takes: bounds a count read from the wire.
        const MIN_LEN: usize;
        /// Reads one element.
        fn parse_element(r: In<'_, 'a>) -> Result<Self>;
        /// Octets the element takes.
        fn element_len(&self) -> usize;
        /// Writes the element.
        fn write_element(&self, w: Out<'_, '_>) -> Result<()>;
    }
}

/// A type that can be an element of a [`List`] (sealed: implemented for the element types
/// of the xDLMS lists).
pub trait ListItem<'a>: sealed::Element<'a> {}

/// A `SEQUENCE OF` (an A-XDR count, then the elements).
///
/// Parsed lists stay lazy (the count and the raw bytes of the already validated elements,
/// decoded one by one by [`iter`](Self::iter)); lists to be emitted borrow a slice of
/// elements ([`new`](Self::new)). Two lists are equal when their elements are, whatever
/// their form.
#[derive(Debug, Clone, Copy)]
pub struct List<'a, T> {
    repr: Repr<'a, T>,
}

#[derive(Debug, Clone, Copy)]
enum Repr<'a, T> {
    Encoded { count: usize, raw: &'a [u8] },
    Items(&'a [T]),
}

impl<'a, T> List<'a, T> {
    /// A list of the given elements.
    #[must_use]
    pub const fn new(items: &'a [T]) -> Self {
        Self {
            repr: Repr::Items(items),
        }
    }

    /// Number of elements.
    #[must_use]
    pub const fn len(&self) -> usize {
        match self.repr {
            Repr::Encoded { count, .. } => count,
            Repr::Items(items) => items.len(),
        }
    }

    /// Whether the list has no elements.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The encoded elements (without the count), when the list was parsed from bytes.
    #[must_use]
    pub const fn raw(&self) -> Option<&'a [u8]> {
        match self.repr {
            Repr::Encoded { raw, .. } => Some(raw),
            Repr::Items(_) => None,
        }
    }
}

impl<'a, T: ListItem<'a>> List<'a, T> {
    /// Iterates over the elements.
    #[must_use]
    pub fn iter(&self) -> ListIter<'a, T> {
        ListIter {
            inner: match self.repr {
                Repr::Encoded { count, raw } => IterInner::Encoded {
                    reader: Reader::new(raw),
                    left: count,
                },
                Repr::Items(items) => IterInner::Items(items.iter()),
            },
        }
    }

    /// Octets the list takes on the wire: the count and the elements.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let body = match self.repr {
            Repr::Encoded { raw, .. } => raw.len(),
            Repr::Items(items) => items
                .iter()
                .fold(0usize, |acc, x| acc.saturating_add(x.element_len())),
        };
        length_len(self.len()).saturating_add(body)
    }

    /// Reads a count (checked against the bytes left) and that many elements.
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let count = r.count(T::MIN_LEN)?;
        let start = r.position();
        for _ in 0..count {
            T::parse_element(sealed::In(r))?;
        }
        Ok(Self {
            repr: Repr::Encoded {
                count,
                raw: r.since(start),
            },
        })
    }

    /// Writes the count and the elements.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.length(self.len())?;
        match self.repr {
            Repr::Encoded { raw, .. } => w.bytes(raw),
            Repr::Items(items) => items
                .iter()
                .try_for_each(|x| x.write_element(sealed::Out(w))),
        }
    }

    /// Renders the list as a node named `name (count)` with one child per element.
    pub(crate) fn render_as<W: fmt::Write>(
        &self,
        r: &mut Renderer<'_, W>,
        name: &str,
        mut each: impl FnMut(&mut Renderer<'_, W>, T) -> fmt::Result,
    ) -> fmt::Result {
        r.node(format_args!("{name} ({})", self.len()), |r| {
            self.iter().try_for_each(|x| each(r, x))
        })
    }
}

impl<'a, T: ListItem<'a> + PartialEq> PartialEq for List<'a, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a, T: ListItem<'a> + Eq> Eq for List<'a, T> {}

impl<'a, T: ListItem<'a>> IntoIterator for &List<'a, T> {
    type Item = T;
    type IntoIter = ListIter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over the elements of a [`List`].
#[derive(Debug, Clone)]
pub struct ListIter<'a, T> {
    inner: IterInner<'a, T>,
}

#[derive(Debug, Clone)]
enum IterInner<'a, T> {
    Encoded { reader: Reader<'a>, left: usize },
    Items(core::slice::Iter<'a, T>),
}

impl<'a, T: ListItem<'a>> Iterator for ListIter<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match &mut self.inner {
            IterInner::Encoded { reader, left } => {
                next_validated(left, || T::parse_element(sealed::In(reader)))
            }
            IterInner::Items(items) => items.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            IterInner::Encoded { left, .. } => (*left, Some(*left)),
            IterInner::Items(items) => items.size_hint(),
        }
    }
}

impl<'a, T: ListItem<'a>> Field<'a> for List<'a, T> {
    fn parse_field(r: &mut Reader<'a>) -> Result<Self> {
        Self::parse_from(r)
    }
    fn field_len(&self) -> usize {
        self.buffer_len()
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        self.write(w)
    }
}

/// Makes a type a [`ListItem`].
///
/// `list_item!(Type, MIN)` uses the type's crate-internal `parse_from` and `write` and its
/// `buffer_len`, with `MIN` the fewest octets an element takes; `list_item!(Type, fixed LEN)`
/// is for a type whose every encoding takes `LEN` octets.
macro_rules! list_item {
    ($ty:ty, fixed $len:expr) => {
        $crate::list::list_item!(@impl $ty, $len, |_| $len);
    };
    ($ty:ty, $min:expr) => {
        $crate::list::list_item!(@impl $ty, $min, |x| x.buffer_len());
    };
    (@impl $ty:ty, $min:expr, $len:expr) => {
        impl<'a> $crate::list::sealed::Element<'a> for $ty {
            const MIN_LEN: usize = $min;
            fn parse_element(r: $crate::list::sealed::In<'_, 'a>) -> $crate::error::Result<Self> {
                <$ty>::parse_from(r.0)
            }
            fn element_len(&self) -> usize {
                let len: fn(&Self) -> usize = $len;
                len(self)
            }
            fn write_element(
                &self,
                w: $crate::list::sealed::Out<'_, '_>,
            ) -> $crate::error::Result<()> {
                self.write(w.0)
            }
        }
        impl<'a> $crate::list::ListItem<'a> for $ty {}
    };
}
pub(crate) use list_item;

/// `SEQUENCE OF Data` (list-of-data, values, parameters): each a top-level Data.
impl<'a> sealed::Element<'a> for DataRef<'a> {
    const MIN_LEN: usize = 1;
    fn parse_element(r: sealed::In<'_, 'a>) -> Result<Self> {
        Self::parse_at(r.0, 1)
    }
    fn element_len(&self) -> usize {
        self.buffer_len()
    }
    fn write_element(&self, w: sealed::Out<'_, '_>) -> Result<()> {
        self.write(w.0)
    }
}
impl<'a> ListItem<'a> for DataRef<'a> {}

/// `SEQUENCE OF Data-Access-Result`: one octet each.
impl sealed::Element<'_> for DataAccessResult {
    const MIN_LEN: usize = 1;
    fn parse_element(r: sealed::In<'_, '_>) -> Result<Self> {
        Ok(Self(r.0.u8()?))
    }
    fn element_len(&self) -> usize {
        1
    }
    fn write_element(&self, w: sealed::Out<'_, '_>) -> Result<()> {
        w.0.u8(self.0)
    }
}
impl ListItem<'_> for DataAccessResult {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::emit_with;
    use crate::error::ErrorKind;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::vec::Vec;

    fn parse_list<'a, T: ListItem<'a>>(bytes: &'a [u8]) -> Result<List<'a, T>> {
        let mut r = Reader::new(bytes);
        let list = List::parse_from(&mut r)?;
        r.finish()?;
        Ok(list)
    }

    fn emit_list<'a, T: ListItem<'a>>(list: &List<'a, T>) -> Vec<u8> {
        let mut out = std::vec![0u8; list.buffer_len()];
        let n = emit_with(&mut out, list.buffer_len(), |w| list.write(w)).unwrap();
        assert_eq!(n, out.len());
        out
    }

    #[test]
    fn deconstruct() {
        let bytes = hex!("03 00 0B 03");
        let list: List<'_, DataAccessResult> = parse_list(&bytes).unwrap();
        assert_eq!(list.len(), 3);
        assert!(!list.is_empty());
        assert_eq!(list.raw(), Some(&bytes[1..]));
        assert_eq!(list.iter().size_hint(), (3, Some(3)));
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            [
                DataAccessResult::SUCCESS,
                DataAccessResult::OBJECT_UNAVAILABLE,
                DataAccessResult::READ_WRITE_DENIED
            ]
        );
        assert_eq!((&list).into_iter().count(), 3);
    }

    #[test]
    fn construct_and_emit() {
        let items = [DataRef::NullData, DataRef::Unsigned(5)];
        let list = List::new(&items);
        assert_eq!(list.raw(), None);
        assert_eq!(list.len(), 2);
        assert_eq!(list.buffer_len(), 4);
        assert_eq!(emit_list(&list), hex!("02 00 1105"));
        let parsed: List<'_, DataRef<'_>> = parse_list(&hex!("02 00 1105")).unwrap();
        assert_eq!(parsed, list);
        assert_ne!(parsed, List::new(&items[..1]));
        assert!(List::<DataRef<'_>>::new(&[]).is_empty());
    }

    #[test]
    fn errors() {
        // A count the remaining bytes cannot hold is rejected before any element is read.
        let err = parse_list::<DataAccessResult>(&hex!("05 0000")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthExceeds {
                declared: 5,
                available: 2
            }
        );
        assert_eq!(err.offset(), 0);
        // An element that does not decode is reported at its offset.
        let err = parse_list::<DataRef<'_>>(&hex!("02 00 07")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTag { found: 0x07 });
        assert_eq!(err.offset(), 2);
        let bytes = hex!("02 00 1105");
        for n in 0..bytes.len() {
            assert!(parse_list::<DataRef<'_>>(&bytes[..n]).is_err(), "{n}");
        }
    }

    proptest! {
        #[test]
        fn round_trip(results in proptest::collection::vec(any::<u8>(), 0..300)) {
            let items: Vec<_> = results.iter().copied().map(DataAccessResult).collect();
            let list = List::new(&items);
            let bytes = emit_list(&list);
            let back: List<'_, DataAccessResult> = parse_list(&bytes).unwrap();
            prop_assert_eq!(back, list);
            prop_assert_eq!(emit_list(&back), bytes);
        }
    }
}
