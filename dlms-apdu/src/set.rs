//! SET-Request and SET-Response in all their forms (IEC 62056-5-3, the xDLMS ASN.1 module:
//! `Set-Request`, `Set-Response`).
//!
//! A value too long for one APDU is written with `SET-Request-With-First-Datablock` (or
//! `-With-List-And-First-Datablock`) followed by `SET-Request-With-Datablock` requests; the
//! server acknowledges each block with `SET-Response-Datablock` and the last one with
//! `SET-Response-Last-Datablock` (or `-With-List`). [`Splitter`](crate::datablock::Splitter)
//! cuts the encoded value into the blocks.
//!
//! ```
//! use dlms_apdu::set::SetResponse;
//! use dlms_apdu::registry::DataAccessResult;
//!
//! let SetResponse::Normal(res) = SetResponse::parse_exact(&[0xC5, 0x01, 0xC1, 0x00])? else {
//!     unreachable!()
//! };
//! assert_eq!(res.result, DataAccessResult::SUCCESS);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use crate::data::DataRef;
use crate::datablock::DataBlockSa;
use crate::descriptor::{AttributeDescriptor, AttributeWithSelection, SelectiveAccess};
use crate::get::{apdu_choice, form};
use crate::list::List;
use crate::registry::DataAccessResult;

form! {
    /// `Set-Request-Normal`: write one attribute.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetRequestNormal<'a> {
        /// The attribute to write.
        pub attribute: AttributeDescriptor,
        /// Selective access, when present.
        pub access: Option<SelectiveAccess<'a>>,
        /// The value to write.
        pub value: DataRef<'a>,
    }
    render "set-request-normal" |r, form| {
        r.render(&form.attribute)?;
        if let Some(access) = &form.access {
            r.render(access)?;
        }
        r.node("value", |r| r.render(&form.value))
    }
}

form! {
    /// `Set-Request-With-First-Datablock`: start writing one attribute whose value comes in
    /// blocks.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetRequestWithFirstDatablock<'a> {
        /// The attribute to write.
        pub attribute: AttributeDescriptor,
        /// Selective access, when present.
        pub access: Option<SelectiveAccess<'a>>,
        /// The first block of the encoded value.
        pub block: DataBlockSa<'a>,
    }
    render "set-request-with-first-datablock" |r, form| {
        r.render(&form.attribute)?;
        if let Some(access) = &form.access {
            r.render(access)?;
        }
        r.render(&form.block)
    }
}

form! {
    /// `Set-Request-With-Datablock`: a further block of the value being written.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SetRequestWithDatablock<'a> {
        /// The block.
        pub block: DataBlockSa<'a>,
    }
    render "set-request-with-datablock" |r, form| {
        r.render(&form.block)
    }
}

form! {
    /// `Set-Request-With-List`: write several attributes, one value each (the two lists
    /// correspond element by element; the codec does not check that their lengths agree).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetRequestWithList<'a> {
        /// The attributes to write.
        pub attributes: List<'a, AttributeWithSelection<'a>>,
        /// The values, in the order of the attributes.
        pub values: List<'a, DataRef<'a>>,
    }
    render "set-request-with-list" |r, form| {
        form.attributes
            .render_as(r, "attribute-descriptor-list", |r, a| r.render(&a))?;
        form.values.render_as(r, "value-list", |r, v| r.render(&v))
    }
}

form! {
    /// `Set-Request-With-List-And-First-Datablock`: start writing several attributes whose
    /// values come in blocks.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetRequestWithListAndFirstDatablock<'a> {
        /// The attributes to write.
        pub attributes: List<'a, AttributeWithSelection<'a>>,
        /// The first block of the encoded values (a `SEQUENCE OF Data`).
        pub block: DataBlockSa<'a>,
    }
    render "set-request-with-list-and-first-datablock" |r, form| {
        form.attributes
            .render_as(r, "attribute-descriptor-list", |r, a| r.render(&a))?;
        r.render(&form.block)
    }
}

/// `SET-Request` (tag `C1`): the five forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SetRequest<'a> {
    /// `set-request-normal [1]`.
    Normal(SetRequestNormal<'a>),
    /// `set-request-with-first-datablock [2]`.
    WithFirstDatablock(SetRequestWithFirstDatablock<'a>),
    /// `set-request-with-datablock [3]`.
    WithDatablock(SetRequestWithDatablock<'a>),
    /// `set-request-with-list [4]`.
    WithList(SetRequestWithList<'a>),
    /// `set-request-with-list-and-first-datablock [5]`.
    WithListAndFirstDatablock(SetRequestWithListAndFirstDatablock<'a>),
}

apdu_choice!(SetRequest, 0xC1, "a SET-Request", {
    Normal(SetRequestNormal<'a>) = 1,
    WithFirstDatablock(SetRequestWithFirstDatablock<'a>) = 2,
    WithDatablock(SetRequestWithDatablock<'a>) = 3,
    WithList(SetRequestWithList<'a>) = 4,
    WithListAndFirstDatablock(SetRequestWithListAndFirstDatablock<'a>) = 5,
});

form! {
    /// `Set-Response-Normal`: the result of writing one attribute.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SetResponseNormal {
        /// The result.
        pub result: DataAccessResult,
    }
    render "set-response-normal" |r, form| {
        r.field("result", form.result)
    }
}

form! {
    /// `Set-Response-Datablock`: block `block_number` was received; send the next.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SetResponseDatablock {
        /// The number of the block received.
        pub block_number: u32,
    }
    render "set-response-datablock" |r, form| {
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Set-Response-Last-Datablock`: the last block was received; the result of the write.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SetResponseLastDatablock {
        /// The result.
        pub result: DataAccessResult,
        /// The number of the last block.
        pub block_number: u32,
    }
    render "set-response-last-datablock" |r, form| {
        r.field("result", form.result)?;
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Set-Response-Last-Datablock-With-List`: the last block was received; one result per
    /// attribute.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetResponseLastDatablockWithList<'a> {
        /// The results, in the order of the request.
        pub results: List<'a, DataAccessResult>,
        /// The number of the last block.
        pub block_number: u32,
    }
    render "set-response-last-datablock-with-list" |r, form| {
        form.results
            .render_as(r, "result", |r, x| r.field("data-access-result", x))?;
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Set-Response-With-List`: one result per attribute written.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct SetResponseWithList<'a> {
        /// The results, in the order of the request.
        pub results: List<'a, DataAccessResult>,
    }
    render "set-response-with-list" |r, form| {
        form.results
            .render_as(r, "result", |r, x| r.field("data-access-result", x))
    }
}

/// `SET-Response` (tag `C5`): the five forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SetResponse<'a> {
    /// `set-response-normal [1]`.
    Normal(SetResponseNormal),
    /// `set-response-datablock [2]`.
    Datablock(SetResponseDatablock),
    /// `set-response-last-datablock [3]`.
    LastDatablock(SetResponseLastDatablock),
    /// `set-response-last-datablock-with-list [4]`.
    LastDatablockWithList(SetResponseLastDatablockWithList<'a>),
    /// `set-response-with-list [5]`.
    WithList(SetResponseWithList<'a>),
}

apdu_choice!(SetResponse, 0xC5, "a SET-Response", {
    Normal(SetResponseNormal) = 1,
    Datablock(SetResponseDatablock) = 2,
    LastDatablock(SetResponseLastDatablock) = 3,
    LastDatablockWithList(SetResponseLastDatablockWithList<'a>) = 4,
    WithList(SetResponseWithList<'a>) = 5,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::canonical;
    use crate::error::ErrorKind;
    use crate::invoke::InvokeIdAndPriority;
    use crate::registry::ClassId;
    use crate::render::Tree;
    use hex_literal::hex;
    use std::format;
    use std::vec::Vec;

    fn request(bytes: &[u8]) -> SetRequest<'_> {
        canonical!(SetRequest, bytes, every_cut_fails)
    }

    fn response(bytes: &[u8]) -> SetResponse<'_> {
        canonical!(SetResponse, bytes, every_cut_fails)
    }

    // The block requests are what gurux_dlms 1.0.203 `GXDLMSClient.write` sends for a
    // 100-octet octet-string with a 64-octet maximum PDU size.
    #[test]
    fn block_requests() {
        let first = request(&hex!(
            "C102C1 00010000600100FF02 00 00 00000001 2D"
            "0964000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
            "202122232425262728292A"
        ));
        let SetRequest::WithFirstDatablock(f) = first else {
            panic!()
        };
        assert_eq!(f.attribute.class_id, ClassId::DATA);
        assert!(!f.block.last_block);
        assert_eq!(f.block.block_number, 1);
        assert_eq!(f.block.raw_data.len(), 45);
        let last = request(&hex!("C103C10100000003026263"));
        assert_eq!(
            last,
            SetRequest::WithDatablock(SetRequestWithDatablock {
                invoke_id: InvokeIdAndPriority(0xC1),
                block: DataBlockSa {
                    last_block: true,
                    block_number: 3,
                    raw_data: b"bc"
                }
            })
        );
    }

    // gurux_dlms 1.0.203 `GXDLMSClient.writeList` of two long-unsigned values.
    #[test]
    fn with_list() {
        let v = request(&hex!(
            "C104C102 00010000600101FF0200 00010000600101FF0200 02 120005 120005"
        ));
        let SetRequest::WithList(l) = v else { panic!() };
        assert_eq!(l.attributes.len(), 2);
        let values: Vec<_> = l.values.iter().collect();
        assert_eq!(values, [DataRef::LongUnsigned(5), DataRef::LongUnsigned(5)]);
    }

    // gurux_dlms 1.0.203 `GXDLMSTranslator.pduToXml` decodes forms 1, 2, 3 and 5 below to
    // the same fields; it does not implement form 4.
    #[test]
    fn responses() {
        assert_eq!(
            response(&hex!("C501C100")),
            SetResponse::Normal(SetResponseNormal {
                invoke_id: InvokeIdAndPriority(0xC1),
                result: DataAccessResult::SUCCESS
            })
        );
        assert_eq!(
            response(&hex!("C502C100000005")),
            SetResponse::Datablock(SetResponseDatablock {
                invoke_id: InvokeIdAndPriority(0xC1),
                block_number: 5
            })
        );
        assert_eq!(
            response(&hex!("C503C10300000006")),
            SetResponse::LastDatablock(SetResponseLastDatablock {
                invoke_id: InvokeIdAndPriority(0xC1),
                result: DataAccessResult::READ_WRITE_DENIED,
                block_number: 6
            })
        );
        let v = response(&hex!("C504C102000300000007"));
        let SetResponse::LastDatablockWithList(l) = v else {
            panic!()
        };
        assert_eq!(l.block_number, 7);
        assert_eq!(
            l.results.iter().collect::<Vec<_>>(),
            [
                DataAccessResult::SUCCESS,
                DataAccessResult::READ_WRITE_DENIED
            ]
        );
        let v = response(&hex!("C505C1020003"));
        assert_eq!(v.choice(), 5);
        let e = SetResponse::parse(&hex!("C506C100")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 6 });
    }

    #[test]
    fn render_tree() {
        let v = SetResponse::parse_exact(&hex!("C504C102000300000007")).unwrap();
        assert_eq!(
            format!("{}", Tree(&v)),
            "set-response-last-datablock-with-list\n  \
             invoke-id-and-priority: 0xc1 (invoke-id 1, confirmed, high priority)\n  \
             result (2)\n    data-access-result: success\n    \
             data-access-result: read-write-denied\n  block-number: 7\n"
        );
    }
}
