//! ACTION-Request and ACTION-Response in all their forms (IEC 62056-5-3, the xDLMS ASN.1
//! module: `Action-Request`, `Action-Response`, `Action-Response-With-Optional-Data`).
//!
//! Long method parameters travel in pblocks: `ACTION-Request-With-First-Pblock` (or
//! `-With-List-And-First-Pblock`) then `ACTION-Request-With-Pblock`, each acknowledged by
//! `ACTION-Response-Next-Pblock`. Long return parameters come back in
//! `ACTION-Response-With-Pblock`, each acknowledged by `ACTION-Request-Next-Pblock`.
//!
//! ```
//! use dlms_apdu::action::{ActionRequest, ActionRequestNormal};
//! use dlms_apdu::descriptor::MethodDescriptor;
//! use dlms_apdu::registry::ClassId;
//! use dlms_apdu::{DataRef, InvokeIdAndPriority};
//!
//! // Association LN method 1 (reply_to_HLS_authentication) with an octet-string.
//! let req = ActionRequest::Normal(ActionRequestNormal {
//!     invoke_id: InvokeIdAndPriority(0xC1),
//!     method: MethodDescriptor::new(ClassId::ASSOCIATION_LN, [0, 0, 40, 0, 0, 255], 1),
//!     parameters: Some(DataRef::OctetString(b"\x01\x02")),
//! });
//! let mut buf = [0u8; 32];
//! let n = req.emit(&mut buf)?;
//! assert_eq!(&buf[..n], b"\xC3\x01\xC1\x00\x0F\x00\x00\x28\x00\x00\xFF\x01\x01\x09\x02\x01\x02");
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt;

use crate::codec::{Field, Reader, Writer, codec_field};
use crate::data::DataRef;
use crate::datablock::DataBlockSa;
use crate::descriptor::MethodDescriptor;
use crate::error::Result;
use crate::get::{GetDataResult, apdu_choice, form};
use crate::list::{List, list_item};
use crate::registry::ActionResult;
use crate::render::{Render, Renderer};

list_item!(ActionResponseWithOptionalData<'a>, 2);
codec_field!(ActionResponseWithOptionalData<'a>);

form! {
    /// `Action-Request-Normal`: invoke one method.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ActionRequestNormal<'a> {
        /// The method to invoke.
        pub method: MethodDescriptor,
        /// The method-invocation-parameters, when present.
        pub parameters: Option<DataRef<'a>>,
    }
    render "action-request-normal" |r, form| {
        r.render(&form.method)?;
        if let Some(p) = &form.parameters {
            r.node("method-invocation-parameters", |r| r.render(p))?;
        }
        Ok(())
    }
}

form! {
    /// `Action-Request-Next-Pblock`: ask for the pblock after `block_number` of long
    /// return parameters.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionRequestNextPblock {
        /// The number of the last pblock received.
        pub block_number: u32,
    }
    render "action-request-next-pblock" |r, form| {
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Action-Response-Next-Pblock`: pblock `block_number` of long parameters was
    /// received; send the next.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionResponseNextPblock {
        /// The number of the pblock received.
        pub block_number: u32,
    }
    render "action-response-next-pblock" |r, form| {
        r.field("block-number", form.block_number)
    }
}

form! {
    /// `Action-Request-With-Pblock`: a further pblock of the parameters being sent.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionRequestWithPblock<'a> {
        /// The pblock.
        pub block: DataBlockSa<'a>,
    }
    render "action-request-with-pblock" |r, form| {
        r.render(&form.block)
    }
}

form! {
    /// `Action-Response-With-Pblock`: one pblock of long return parameters.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionResponseWithPblock<'a> {
        /// The pblock.
        pub block: DataBlockSa<'a>,
    }
    render "action-response-with-pblock" |r, form| {
        r.render(&form.block)
    }
}

form! {
    /// `Action-Request-With-List`: invoke several methods, one parameter each (the lists
    /// correspond element by element; the codec does not check that their lengths agree).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ActionRequestWithList<'a> {
        /// The methods to invoke.
        pub methods: List<'a, MethodDescriptor>,
        /// The method-invocation-parameters, in the order of the methods.
        pub parameters: List<'a, DataRef<'a>>,
    }
    render "action-request-with-list" |r, form| {
        form.methods
            .render_as(r, "cosem-method-descriptor-list", |r, m| r.render(&m))?;
        form.parameters
            .render_as(r, "method-invocation-parameters", |r, p| r.render(&p))
    }
}

form! {
    /// `Action-Request-With-First-Pblock`: start invoking one method whose parameters come in
    /// pblocks.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionRequestWithFirstPblock<'a> {
        /// The method to invoke.
        pub method: MethodDescriptor,
        /// The first pblock of the encoded parameters.
        pub block: DataBlockSa<'a>,
    }
    render "action-request-with-first-pblock" |r, form| {
        r.render(&form.method)?;
        r.render(&form.block)
    }
}

form! {
    /// `Action-Request-With-List-And-First-Pblock`: start invoking several methods whose
    /// parameters come in pblocks.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ActionRequestWithListAndFirstPblock<'a> {
        /// The methods to invoke.
        pub methods: List<'a, MethodDescriptor>,
        /// The first pblock of the encoded parameters (a `SEQUENCE OF Data`).
        pub block: DataBlockSa<'a>,
    }
    render "action-request-with-list-and-first-pblock" |r, form| {
        form.methods
            .render_as(r, "cosem-method-descriptor-list", |r, m| r.render(&m))?;
        r.render(&form.block)
    }
}

/// `ACTION-Request` (tag `C3`): the six forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ActionRequest<'a> {
    /// `action-request-normal [1]`.
    Normal(ActionRequestNormal<'a>),
    /// `action-request-next-pblock [2]`.
    NextPblock(ActionRequestNextPblock),
    /// `action-request-with-list [3]`.
    WithList(ActionRequestWithList<'a>),
    /// `action-request-with-first-pblock [4]`.
    WithFirstPblock(ActionRequestWithFirstPblock<'a>),
    /// `action-request-with-list-and-first-pblock [5]`.
    WithListAndFirstPblock(ActionRequestWithListAndFirstPblock<'a>),
    /// `action-request-with-pblock [6]`.
    WithPblock(ActionRequestWithPblock<'a>),
}

apdu_choice!(ActionRequest, 0xC3, "an ACTION-Request", {
    Normal(ActionRequestNormal<'a>) = 1,
    NextPblock(ActionRequestNextPblock) = 2,
    WithList(ActionRequestWithList<'a>) = 3,
    WithFirstPblock(ActionRequestWithFirstPblock<'a>) = 4,
    WithListAndFirstPblock(ActionRequestWithListAndFirstPblock<'a>) = 5,
    WithPblock(ActionRequestWithPblock<'a>) = 6,
});

/// `Action-Response-With-Optional-Data`: the result of one method, with its return
/// parameters (or why they could not be produced) when present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionResponseWithOptionalData<'a> {
    /// The result of the invocation.
    pub result: ActionResult,
    /// The return-parameters, when present.
    pub return_parameters: Option<GetDataResult<'a>>,
}

impl<'a> ActionResponseWithOptionalData<'a> {
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            result: ActionResult(r.u8()?),
            return_parameters: Field::parse_field(r)?,
        })
    }

    /// Octets on the wire: the result, the presence octet and any return parameters.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.return_parameters.field_len().saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.result.0)?;
        self.return_parameters.write_field(w)
    }
}

impl Render for ActionResponseWithOptionalData<'_> {
    fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.field("result", self.result)?;
        if let Some(p) = &self.return_parameters {
            r.node("return-parameters", |r| r.render(p))?;
        }
        Ok(())
    }
}

form! {
    /// `Action-Response-Normal`: the result of one method.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ActionResponseNormal<'a> {
        /// The single-response.
        pub response: ActionResponseWithOptionalData<'a>,
    }
    render "action-response-normal" |r, form| {
        r.render(&form.response)
    }
}

form! {
    /// `Action-Response-With-List`: one response per method invoked.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ActionResponseWithList<'a> {
        /// The list-of-responses, in the order of the request.
        pub responses: List<'a, ActionResponseWithOptionalData<'a>>,
    }
    render "action-response-with-list" |r, form| {
        form.responses.render_as(r, "list-of-responses", |r, x| {
            r.node("action-response-with-optional-data", |r| r.render(&x))
        })
    }
}

/// `ACTION-Response` (tag `C7`): the four forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ActionResponse<'a> {
    /// `action-response-normal [1]`.
    Normal(ActionResponseNormal<'a>),
    /// `action-response-with-pblock [2]`.
    WithPblock(ActionResponseWithPblock<'a>),
    /// `action-response-with-list [3]`.
    WithList(ActionResponseWithList<'a>),
    /// `action-response-next-pblock [4]`.
    NextPblock(ActionResponseNextPblock),
}

apdu_choice!(ActionResponse, 0xC7, "an ACTION-Response", {
    Normal(ActionResponseNormal<'a>) = 1,
    WithPblock(ActionResponseWithPblock<'a>) = 2,
    WithList(ActionResponseWithList<'a>) = 3,
    NextPblock(ActionResponseNextPblock) = 4,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::canonical;
    use crate::error::ErrorKind;
    use crate::invoke::InvokeIdAndPriority;
    use crate::registry::{ClassId, DataAccessResult};
    use crate::render::Tree;
    use hex_literal::hex;
    use std::format;
    use std::vec::Vec;

    fn request(bytes: &[u8]) -> ActionRequest<'_> {
        canonical!(ActionRequest, bytes, every_cut_fails)
    }

    fn response(bytes: &[u8]) -> ActionResponse<'_> {
        canonical!(ActionResponse, bytes, every_cut_fails)
    }

    // gurux_dlms 1.0.203 `GXDLMSClient.method` (an integer parameter; then a 120-octet
    // octet-string with a 64-octet maximum PDU size) and `receiverReady`.
    #[test]
    fn gurux_requests() {
        let v = request(&hex!("C301C100010000600100FF01010F00"));
        let ActionRequest::Normal(n) = v else {
            panic!()
        };
        assert_eq!(n.method.class_id, ClassId::DATA);
        assert_eq!(n.parameters, Some(DataRef::Integer(0)));
        let v = request(&hex!(
            "C304C100010000600100FF01 00 00000001 2E"
            "0978000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
            "202122232425262728292A2B"
        ));
        let ActionRequest::WithFirstPblock(f) = v else {
            panic!()
        };
        assert_eq!(f.method.method_id, 1);
        assert_eq!(f.block.block_number, 1);
        assert_eq!(f.block.raw_data.len(), 46);
        let v = request(&hex!(
            "C306C101000000031563646566676869"
            "6A6B6C6D6E6F7071727374757677"
        ));
        let ActionRequest::WithPblock(p) = v else {
            panic!()
        };
        assert!(p.block.last_block);
        assert_eq!(p.block.block_number, 3);
        assert_eq!(
            request(&hex!("C302C100000001")),
            ActionRequest::NextPblock(ActionRequestNextPblock {
                invoke_id: InvokeIdAndPriority(0xC1),
                block_number: 1
            })
        );
    }

    #[test]
    fn list_requests() {
        let v = request(&hex!(
            "C303C102 000F0000280000FF01 000F0000280000FF02 02 00 1101"
        ));
        let ActionRequest::WithList(l) = v else {
            panic!()
        };
        let methods: Vec<_> = l.methods.iter().map(|m| m.method_id).collect();
        assert_eq!(methods, [1, 2]);
        let params: Vec<_> = l.parameters.iter().collect();
        assert_eq!(params, [DataRef::NullData, DataRef::Unsigned(1)]);
        let v = request(&hex!("C305C101 000F0000280000FF01 01 00000001 03 090101"));
        let ActionRequest::WithListAndFirstPblock(l) = v else {
            panic!()
        };
        assert_eq!(l.methods.len(), 1);
        assert!(l.block.last_block);
    }

    // gurux_dlms 1.0.203 `GXDLMSTranslator.pduToXml` decodes the normal and next-pblock
    // responses below to the same fields; its client reads with-pblock as last-block,
    // block-number and length-prefixed raw-data; it does not implement with-list.
    #[test]
    fn responses() {
        let v = response(&hex!("C701C10000"));
        let ActionResponse::Normal(n) = v else {
            panic!()
        };
        assert_eq!(n.response.result, ActionResult::SUCCESS);
        assert_eq!(n.response.return_parameters, None);
        let v = response(&hex!("C701C1000100060000000A"));
        let ActionResponse::Normal(n) = v else {
            panic!()
        };
        assert_eq!(
            n.response.return_parameters,
            Some(GetDataResult::Data(DataRef::DoubleLongUnsigned(10)))
        );
        let v = response(&hex!("C701C10001010B"));
        let ActionResponse::Normal(n) = v else {
            panic!()
        };
        assert_eq!(
            n.response.return_parameters,
            Some(GetDataResult::AccessResult(
                DataAccessResult::OBJECT_UNAVAILABLE
            ))
        );
        let v = response(&hex!("C702C10000000001020A0B"));
        assert_eq!(v.choice(), 2);
        let v = response(&hex!("C703C102 0000 0B01000600000001"));
        let ActionResponse::WithList(l) = v else {
            panic!()
        };
        let results: Vec<_> = l.responses.iter().map(|x| x.result).collect();
        assert_eq!(results, [ActionResult::SUCCESS, ActionResult(11)]);
        assert_eq!(
            response(&hex!("C704C100000009")),
            ActionResponse::NextPblock(ActionResponseNextPblock {
                invoke_id: InvokeIdAndPriority(0xC1),
                block_number: 9
            })
        );
        let e = ActionResponse::parse(&hex!("C705C100000009")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 5 });
        let e = ActionResponse::parse(&hex!("C701C1000102")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownChoice { found: 2 });
        assert_eq!(e.offset(), 5);
    }

    #[test]
    fn render_tree() {
        let v = ActionResponse::parse_exact(&hex!("C701C1000100060000000A")).unwrap();
        assert_eq!(
            format!("{}", Tree(&v)),
            "action-response-normal\n  \
             invoke-id-and-priority: 0xc1 (invoke-id 1, confirmed, high priority)\n  \
             result: success\n  return-parameters\n    data\n      \
             double-long-unsigned: 10\n"
        );
    }
}
