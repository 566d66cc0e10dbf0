//! GET-Request and GET-Response in all their forms (IEC 62056-5-3, the xDLMS ASN.1 module:
//! `Get-Request`, `Get-Response`, `Get-Data-Result`).
//!
//! ```
//! use dlms_apdu::get::{GetRequest, GetRequestNormal};
//! use dlms_apdu::descriptor::AttributeDescriptor;
//! use dlms_apdu::registry::ClassId;
//! use dlms_apdu::InvokeIdAndPriority;
//!
//! // Read the clock's time (class 8, 0.0.1.0.0.255, attribute 2).
//! let req = GetRequest::Normal(GetRequestNormal {
//!     invoke_id: InvokeIdAndPriority(0xC1),
//!     attribute: AttributeDescriptor::new(ClassId::CLOCK, [0, 0, 1, 0, 0, 255], 2),
//!     access: None,
//! });
//! let mut buf = [0u8; 16];
//! let n = req.emit(&mut buf)?;
//! assert_eq!(&buf[..n], &[0xC0, 0x01, 0xC1, 0x00, 0x08, 0, 0, 1, 0, 0, 255, 0x02, 0x00]);
//! assert_eq!(GetRequest::parse_exact(&buf[..n])?, req);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt;

use crate::codec::{Field, Reader, Writer, codec_field};
use crate::data::DataRef;
use crate::datablock::DataBlockG;
use crate::descriptor::{AttributeDescriptor, AttributeWithSelection, SelectiveAccess};
use crate::error::{ErrorKind, Result};
use crate::invoke::InvokeIdAndPriority;
use crate::list::list_item;
use crate::registry::DataAccessResult;
use crate::render::{Render, Renderer};

// The list type first lived here; the path stays for code that names it so.
#[doc(no_inline)]
pub use crate::list::List;

/// `Invoke-Id-And-Priority` as one analyser line.
pub(crate) fn render_invoke_id<W: fmt::Write>(
    r: &mut Renderer<'_, W>,
    id: InvokeIdAndPriority,
) -> fmt::Result {
    r.field(
        "invoke-id-and-priority",
        format_args!(
            "{:#04x} (invoke-id {}, {}, {} priority)",
            id.0,
            id.invoke_id(),
            if id.is_confirmed() {
                "confirmed"
            } else {
                "unconfirmed"
            },
            if id.is_high_priority() {
                "high"
            } else {
                "normal"
            }
        ),
    )
}

/// Implements the APDU verbs on a CHOICE enum whose variants each wrap one form struct
/// with crate-internal `parse_body`, `body_len` and `write_body` and an `invoke_id`.
macro_rules! apdu_choice {
    (
        $name:ident, $tag:literal, $asn:literal,
        { $( $variant:ident($ty:ty) = $choice:literal, )* }
    ) => {
        impl<'a> $name<'a> {
            #[doc = concat!("The APDU tag of ", $asn, ".")]
            pub const TAG: u8 = $tag;

            /// Parses the APDU at a reader's cursor, tag octet included.
            pub(crate) fn parse_from(
                r: &mut $crate::codec::Reader<'a>,
            ) -> $crate::error::Result<Self> {
                r.expect(Self::TAG)?;
                let at = r.position();
                Ok(match r.u8()? {
                    $( $choice => Self::$variant(<$ty>::parse_body(r)?), )*
                    found => {
                        return Err(r.err_at($crate::error::ErrorKind::UnknownChoice { found }, at));
                    }
                })
            }

            /// The CHOICE octet of this form.
            #[must_use]
            pub const fn choice(&self) -> u8 {
                match self {
                    $( Self::$variant(_) => $choice, )*
                }
            }

            /// The Invoke-Id-And-Priority of any form.
            #[must_use]
            pub const fn invoke_id(&self) -> $crate::invoke::InvokeIdAndPriority {
                match self {
                    $( Self::$variant(v) => v.invoke_id, )*
                }
            }

            /// Bytes [`emit`](Self::emit) writes.
            #[must_use]
            pub fn buffer_len(&self) -> usize {
                let body = match self {
                    $( Self::$variant(v) => v.body_len(), )*
                };
                body.saturating_add(2)
            }

            /// Writes the APDU at a writer's cursor, tag octet included.
            pub(crate) fn write(
                &self,
                w: &mut $crate::codec::Writer<'_>,
            ) -> $crate::error::Result<()> {
                w.u8(Self::TAG)?;
                w.u8(self.choice())?;
                match self {
                    $( Self::$variant(v) => v.write_body(w), )*
                }
            }
        }

        $crate::codec::codec_fns! {
            $name<'a>, $asn;
            parse:
            /// [`ErrorKind::UnexpectedTag`](crate::ErrorKind::UnexpectedTag) for another
            /// APDU, [`ErrorKind::UnknownChoice`](crate::ErrorKind::UnknownChoice) for an
            /// unknown form, and any decoding error of the body, at the offending byte.
            emit:
            /// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall) if `out` is
            /// shorter than [`buffer_len`](Self::buffer_len),
            /// [`ErrorKind::TooLong`](crate::ErrorKind::TooLong) for a length that does not
            /// fit its field.
        }

        $(
            impl<'a> From<$ty> for $name<'a> {
                fn from(v: $ty) -> Self {
                    Self::$variant(v)
                }
            }
        )*

        impl $crate::render::Render for $name<'_> {
            fn render<W: core::fmt::Write>(
                &self,
                r: &mut $crate::render::Renderer<'_, W>,
            ) -> core::fmt::Result {
                match self {
                    $( Self::$variant(v) => v.render(r), )*
                }
            }
        }
    };
}
pub(crate) use apdu_choice;

/// A result of one octet.
impl Field<'_> for DataAccessResult {
    fn parse_field(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Self(r.u8()?))
    }
    fn field_len(&self) -> usize {
        1
    }
    fn write_field(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.0)
    }
}

/// Declares a form of a GET, SET or ACTION APDU: an `Invoke-Id-And-Priority`, then the
/// fields listed, each read, sized and written as its [`Field`](crate::codec::Field) says. It renders as a
/// node named `$node` holding the invoke id line and what the `render` block writes (with
/// `$r` the renderer and `$form` the form).
macro_rules! form {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(<$lt:lifetime>)? {
            $( $(#[$field_meta:meta])* pub $field:ident: $ty:ty, )+
        }
        render $node:literal |$r:ident, $form:ident| $render:block
    ) => {
        $(#[$meta])*
        pub struct $name $(<$lt>)? {
            /// Invoke-Id-And-Priority.
            pub invoke_id: $crate::invoke::InvokeIdAndPriority,
            $( $(#[$field_meta])* pub $field: $ty, )+
        }

        impl<'a> $name $(<$lt>)? {
            fn parse_body(r: &mut $crate::codec::Reader<'a>) -> $crate::error::Result<Self> {
                Ok(Self {
                    invoke_id: $crate::invoke::InvokeIdAndPriority(r.u8()?),
                    $( $field: $crate::codec::Field::parse_field(r)?, )+
                })
            }

            fn body_len(&self) -> usize {
                1usize $( .saturating_add($crate::codec::Field::field_len(&self.$field)) )+
            }

            fn write_body(&self, w: &mut $crate::codec::Writer<'_>) -> $crate::error::Result<()> {
                w.u8(self.invoke_id.0)?;
                $( $crate::codec::Field::write_field(&self.$field, w)?; )+
                Ok(())
            }
        }

        impl<'a> $crate::render::Render for $name $(<$lt>)? {
            fn render<W: core::fmt::Write>(
                &self,
                r: &mut $crate::render::Renderer<'_, W>,
            ) -> core::fmt::Result {
                let $form = self;
                r.node($node, |$r| {
                    $crate::get::render_invoke_id($r, $form.invoke_id)?;
                    $render
                })
            }
        }
    };
}
pub(crate) use form;

/// `Get-Data-Result`: the value read, or why it could not be read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GetDataResult<'a> {
    /// `data [0]`: the attribute's value.
    Data(DataRef<'a>),
    /// `data-access-result [1]`: why the attribute could not be read.
    AccessResult(DataAccessResult),
}

impl<'a> GetDataResult<'a> {
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let at = r.position();
        match r.u8()? {
            0 => Ok(Self::Data(DataRef::parse_at(r, 1)?)),
            1 => Ok(Self::AccessResult(DataAccessResult(r.u8()?))),
            found => Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        }
    }

    /// Octets on the wire: the CHOICE octet and the value or result.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match self {
            Self::Data(v) => v.buffer_len().saturating_add(1),
            Self::AccessResult(_) => 2,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match self {
            Self::Data(v) => {
                w.u8(0)?;
                v.write(w)
            }
            Self::AccessResult(res) => {
                w.u8(1)?;
                w.u8(res.0)
            }
        }
    }
}

impl Render for GetDataResult<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::Data(v) => r.node("data", |r| r.render(v)),
            Self::AccessResult(res) => r.field("data-access-result", res),
        }
    }
}

list_item!(GetDataResult<'a>, 2);
codec_field!(GetDataResult<'a>);

form! {
    /// `Get-Request-Normal`: read one attribute, optionally with selective access.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct GetRequestNormal<'a> {
        /// The attribute to read.
        pub attribute: AttributeDescriptor,
        /// Selective access, when present.
        pub access: Option<SelectiveAccess<'a>>,
    }
    render "get-request-normal" |r, form| {
        r.render(&form.attribute)?;
        if let Some(access) = &form.access {
            r.render(access)?;
        }
        Ok(())
    }
}

form! {
    /// `Get-Request-Next`: ask for the block after `block_number` of a long response.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct GetRequestNext {
        /// The number of the last block received.
        pub block_number: u32,
    }
    render "get-request-next" |r, form| {
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Get-Request-With-List`: read several attributes at once.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct GetRequestWithList<'a> {
        /// The attributes to read, each with optional selective access.
        pub attributes: List<'a, AttributeWithSelection<'a>>,
    }
    render "get-request-with-list" |r, form| {
        form.attributes
            .render_as(r, "attribute-descriptor-list", |r, a| r.render(&a))
    }
}

/// `GET-Request` (tag `C0`): the three forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GetRequest<'a> {
    /// `get-request-normal [1]`.
    Normal(GetRequestNormal<'a>),
    /// `get-request-next [2]`.
    Next(GetRequestNext),
    /// `get-request-with-list [3]`.
    WithList(GetRequestWithList<'a>),
}

apdu_choice!(GetRequest, 0xC0, "a GET-Request", {
    Normal(GetRequestNormal<'a>) = 1,
    Next(GetRequestNext) = 2,
    WithList(GetRequestWithList<'a>) = 3,
});

form! {
    /// `Get-Response-Normal`: the value of one attribute, or why it could not be read.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct GetResponseNormal<'a> {
        /// The value or the data-access-result.
        pub result: GetDataResult<'a>,
    }
    render "get-response-normal" |r, form| {
        r.node("result", |r| r.render(&form.result))
    }
}

form! {
    /// `Get-Response-With-Datablock`: one block of a long value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct GetResponseWithDatablock<'a> {
        /// The block.
        pub block: DataBlockG<'a>,
    }
    render "get-response-with-datablock" |r, form| {
        r.render(&form.block)
    }
}

form! {
    /// `Get-Response-With-List`: one result per attribute requested.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct GetResponseWithList<'a> {
        /// The results, in the order of the request.
        pub results: List<'a, GetDataResult<'a>>,
    }
    render "get-response-with-list" |r, form| {
        form.results.render_as(r, "result", |r, x| r.render(&x))
    }
}

/// `GET-Response` (tag `C4`): the three forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GetResponse<'a> {
    /// `get-response-normal [1]`.
    Normal(GetResponseNormal<'a>),
    /// `get-response-with-datablock [2]`.
    WithDatablock(GetResponseWithDatablock<'a>),
    /// `get-response-with-list [3]`.
    WithList(GetResponseWithList<'a>),
}

apdu_choice!(GetResponse, 0xC4, "a GET-Response", {
    Normal(GetResponseNormal<'a>) = 1,
    WithDatablock(GetResponseWithDatablock<'a>) = 2,
    WithList(GetResponseWithList<'a>) = 3,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::canonical;
    use crate::datablock::DataBlockResult;
    use crate::registry::ClassId;
    use crate::render::Tree;
    use hex_literal::hex;
    use std::format;
    use std::vec::Vec;

    fn round_trip_request(bytes: &[u8]) -> GetRequest<'_> {
        canonical!(GetRequest, bytes, every_cut_fails)
    }

    fn round_trip_response(bytes: &[u8]) -> GetResponse<'_> {
        canonical!(GetResponse, bytes, every_cut_fails)
    }

    // Request bytes below were produced by gurux_dlms 1.0.203 `GXDLMSClient.read`,
    // `readList` and `receiverReady` (logical-name referencing, PDU framing).

    #[test]
    fn deconstruct_normal() {
        let v = round_trip_request(&hex!("C001C100080000010000FF0200"));
        let GetRequest::Normal(n) = v else { panic!() };
        assert_eq!(n.invoke_id, InvokeIdAndPriority(0xC1));
        assert_eq!(n.attribute.class_id, ClassId::CLOCK);
        assert_eq!(n.attribute.instance_id, hex!("0000010000FF"));
        assert_eq!(n.attribute.attribute_id, 2);
        assert_eq!(n.access, None);
    }

    #[test]
    fn deconstruct_next_and_list() {
        let v = round_trip_request(&hex!("C002C100000001"));
        assert_eq!(
            v,
            GetRequest::Next(GetRequestNext {
                invoke_id: InvokeIdAndPriority(0xC1),
                block_number: 1
            })
        );
        let v = round_trip_request(&hex!("C003C102 00080000010000FF0200 00010000600100FF0200"));
        let GetRequest::WithList(l) = v else { panic!() };
        let attrs: Vec<_> = l.attributes.iter().collect();
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs[1].attribute.instance_id, hex!("0000600100FF"));
    }

    #[test]
    fn construct_list_equals_parsed() {
        let items = [
            AttributeWithSelection::plain(AttributeDescriptor::new(
                ClassId::CLOCK,
                hex!("0000010000FF"),
                2,
            )),
            AttributeWithSelection::plain(AttributeDescriptor::new(
                ClassId::DATA,
                hex!("0000600100FF"),
                2,
            )),
        ];
        let req = GetRequest::from(GetRequestWithList {
            invoke_id: InvokeIdAndPriority(0xC1),
            attributes: List::new(&items),
        });
        let mut out = [0u8; 64];
        let n = req.emit(&mut out).unwrap();
        assert_eq!(
            &out[..n],
            &hex!("C003C102 00080000010000FF0200 00010000600100FF0200")
        );
        assert_eq!(GetRequest::parse_exact(&out[..n]).unwrap(), req);
        assert_eq!(req.invoke_id(), InvokeIdAndPriority(0xC1));
        assert_eq!(req.choice(), 3);
    }

    // gurux_dlms 1.0.203 `GXDLMSTranslator.pduToXml` decodes the normal and datablock
    // responses below to the same fields (the with-list one it decodes only in part).
    #[test]
    fn responses() {
        let v = round_trip_response(&hex!("C401C1000600001391"));
        assert_eq!(
            v,
            GetResponse::Normal(GetResponseNormal {
                invoke_id: InvokeIdAndPriority(0xC1),
                result: GetDataResult::Data(DataRef::DoubleLongUnsigned(5009)),
            })
        );
        let v = round_trip_response(&hex!("C401C10101"));
        let GetResponse::Normal(n) = v else { panic!() };
        assert_eq!(
            n.result,
            GetDataResult::AccessResult(DataAccessResult::HARDWARE_FAULT)
        );
        let v = round_trip_response(&hex!("C402C10000000001000401020304"));
        let GetResponse::WithDatablock(b) = v else {
            panic!()
        };
        assert_eq!(b.block.result, DataBlockResult::RawData(&hex!("01020304")));
        let v = round_trip_response(&hex!("C403C102 0006000000 01 010B"));
        let GetResponse::WithList(l) = v else {
            panic!()
        };
        let results: Vec<_> = l.results.iter().collect();
        assert_eq!(
            results,
            [
                GetDataResult::Data(DataRef::DoubleLongUnsigned(1)),
                GetDataResult::AccessResult(DataAccessResult::OBJECT_UNAVAILABLE)
            ]
        );
    }

    #[test]
    fn bad_tags_and_choices() {
        let e = GetRequest::parse(&hex!("C101C1")).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0xC0,
                found: 0xC1
            }
        );
        let e = GetRequest::parse(&hex!("C004C100000001")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 4 });
        assert_eq!(e.offset(), 1);
        let e = GetResponse::parse(&hex!("C401C10201")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 2 });
        assert_eq!(e.offset(), 3);
        // A count that claims more attributes than the bytes could hold.
        let e = GetRequest::parse(&hex!("C003C1 05 00080000010000FF0200")).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::LengthExceeds { .. }));
        let e = GetResponse::parse_exact(&hex!("C401C1000600001391 00")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TrailingBytes);
        assert_eq!(e.offset(), 9);
    }

    #[test]
    fn emit_into_small_buffer() {
        let v = GetRequest::parse_exact(&hex!("C002C100000001")).unwrap();
        let mut out = [0u8; 6];
        assert_eq!(
            v.emit(&mut out).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 7,
                available: 6
            }
        );
    }

    #[test]
    fn render_tree() {
        let v = GetResponse::parse_exact(&hex!("C403C102 0006000000 01 010B")).unwrap();
        assert_eq!(
            format!("{}", Tree(&v)),
            "get-response-with-list\n  \
             invoke-id-and-priority: 0xc1 (invoke-id 1, confirmed, high priority)\n  \
             result (2)\n    \
             data\n      double-long-unsigned: 1\n    \
             data-access-result: object-unavailable\n"
        );
    }
}
