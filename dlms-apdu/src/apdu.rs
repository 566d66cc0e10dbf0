//! Any APDU: dispatch on the first octet (IEC 62056-5-3, the `ACSE-APDU` and `XDLMS-APDU`
//! CHOICEs).
//!
//! ```
//! use dlms_apdu::apdu::Apdu;
//! use dlms_apdu::render::Tree;
//!
//! // A GET-Request-Normal for the clock's time, as a client sends it.
//! let bytes = [0xC0, 0x01, 0xC1, 0x00, 0x08, 0, 0, 1, 0, 0, 255, 0x02, 0x00];
//! let apdu = Apdu::parse_exact(&bytes)?;
//! assert_eq!(apdu.name(), "get-request");
//! let mut out = [0u8; 16];
//! let n = apdu.emit(&mut out)?;
//! assert_eq!(&out[..n], &bytes);
//! assert!(format!("{}", Tree(&apdu)).contains("class-id: 8 (clock)"));
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt;

use crate::access::{AccessRequest, AccessResponse};
use crate::acse::{Aare, Aarq, Rlre, Rlrq};
use crate::action::{ActionRequest, ActionResponse};
use crate::block::GeneralBlockTransfer;
use crate::ciphered::{
    CipheredApdu, CipheredKind, GeneralCiphering, GeneralGloDedCiphering, GeneralSigning,
};
use crate::codec::{Reader, Writer, codec_fns};
use crate::error::{ErrorKind, Result};
use crate::exception::{ConfirmedServiceError, ExceptionResponse};
use crate::get::{GetRequest, GetResponse};
use crate::initiate::{InitiateRequest, InitiateResponse};
use crate::notification::{DataNotification, EventNotificationRequest};
use crate::render::{Render, Renderer};
use crate::set::{SetRequest, SetResponse};
use crate::sn::{
    InformationReportRequest, ReadRequest, ReadResponse, UnconfirmedWriteRequest, WriteRequest,
    WriteResponse,
};

/// Declares the [`Apdu`] enum, its conversions and the per-variant dispatch of
/// `buffer_len`, `write`, `render` and `name`.
macro_rules! apdu_enum {
    ($( $(#[$doc:meta])* $variant:ident($ty:ty) => $name:literal, )*) => {
        /// Any APDU this crate decodes, borrowed from its encoding.
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub enum Apdu<'a> {
            $( $(#[$doc])* $variant($ty), )*
        }

        $(
            impl<'a> From<$ty> for Apdu<'a> {
                fn from(v: $ty) -> Self {
                    Self::$variant(v)
                }
            }
        )*

        impl<'a> Apdu<'a> {
            /// The standard's name of the APDU CHOICE (`"get-request"`, `"aarq"`, ...).
            #[must_use]
            pub const fn name(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $name, )*
                }
            }

            /// Bytes [`emit`](Self::emit) writes, tag included.
            #[must_use]
            pub fn buffer_len(&self) -> usize {
                match self {
                    $( Self::$variant(v) => v.buffer_len(), )*
                }
            }

            pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
                match self {
                    $( Self::$variant(v) => v.write(w), )*
                }
            }
        }

        impl Render for Apdu<'_> {
            fn render<W: fmt::Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
                match self {
                    $( Self::$variant(v) => v.render(r), )*
                }
            }
        }
    };
}

apdu_enum! {
    /// AARQ (`60`).
    Aarq(Aarq<'a>) => "aarq",
    /// AARE (`61`).
    Aare(Aare<'a>) => "aare",
    /// RLRQ (`62`).
    Rlrq(Rlrq<'a>) => "rlrq",
    /// RLRE (`63`).
    Rlre(Rlre<'a>) => "rlre",
    /// InitiateRequest (`01`), as carried in the AARQ user-information.
    InitiateRequest(InitiateRequest<'a>) => "initiateRequest",
    /// InitiateResponse (`08`).
    InitiateResponse(InitiateResponse) => "initiateResponse",
    /// ConfirmedServiceError (`0E`).
    ConfirmedServiceError(ConfirmedServiceError) => "confirmedServiceError",
    /// exception-response (`D8`).
    ExceptionResponse(ExceptionResponse) => "exception-response",
    /// get-request (`C0`).
    GetRequest(GetRequest<'a>) => "get-request",
    /// get-response (`C4`).
    GetResponse(GetResponse<'a>) => "get-response",
    /// set-request (`C1`).
    SetRequest(SetRequest<'a>) => "set-request",
    /// set-response (`C5`).
    SetResponse(SetResponse<'a>) => "set-response",
    /// action-request (`C3`).
    ActionRequest(ActionRequest<'a>) => "action-request",
    /// action-response (`C7`).
    ActionResponse(ActionResponse<'a>) => "action-response",
    /// access-request (`D9`).
    AccessRequest(AccessRequest<'a>) => "access-request",
    /// access-response (`DA`).
    AccessResponse(AccessResponse<'a>) => "access-response",
    /// event-notification-request (`C2`).
    EventNotificationRequest(EventNotificationRequest<'a>) => "event-notification-request",
    /// data-notification (`0F`).
    DataNotification(DataNotification<'a>) => "data-notification",
    /// readRequest (`05`).
    ReadRequest(ReadRequest<'a>) => "readRequest",
    /// readResponse (`0C`).
    ReadResponse(ReadResponse<'a>) => "readResponse",
    /// writeRequest (`06`).
    WriteRequest(WriteRequest<'a>) => "writeRequest",
    /// writeResponse (`0D`).
    WriteResponse(WriteResponse<'a>) => "writeResponse",
    /// unconfirmedWriteRequest (`16`).
    UnconfirmedWriteRequest(UnconfirmedWriteRequest<'a>) => "unconfirmedWriteRequest",
    /// informationReportRequest (`18`).
    InformationReportRequest(InformationReportRequest<'a>) => "informationReportRequest",
    /// A glo- or ded- service-specific ciphered APDU, or a ciphered initiate.
    Ciphered(CipheredApdu<'a>) => "ciphered",
    /// general-glo-ciphering (`DB`) or general-ded-ciphering (`DC`).
    GeneralGloDedCiphering(GeneralGloDedCiphering<'a>) => "general-glo-ded-ciphering",
    /// general-ciphering (`DD`).
    GeneralCiphering(GeneralCiphering<'a>) => "general-ciphering",
    /// general-signing (`DF`).
    GeneralSigning(GeneralSigning<'a>) => "general-signing",
    /// general-block-transfer (`E0`).
    GeneralBlockTransfer(GeneralBlockTransfer<'a>) => "general-block-transfer",
}

impl<'a> Apdu<'a> {
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let Some(tag) = r.peek() else {
            return Err(r.err(ErrorKind::Truncated { needed: 1 }));
        };
        Ok(match tag {
            0x60 => Self::Aarq(Aarq::parse_from(r)?),
            0x61 => Self::Aare(Aare::parse_from(r)?),
            0x62 => Self::Rlrq(Rlrq::parse_from(r)?),
            0x63 => Self::Rlre(Rlre::parse_from(r)?),
            0x01 => Self::InitiateRequest(InitiateRequest::parse_from(r)?),
            0x08 => Self::InitiateResponse(InitiateResponse::parse_from(r)?),
            0x0E => Self::ConfirmedServiceError(ConfirmedServiceError::parse_from(r)?),
            0xD8 => Self::ExceptionResponse(ExceptionResponse::parse_from(r)?),
            0xC0 => Self::GetRequest(GetRequest::parse_from(r)?),
            0xC4 => Self::GetResponse(GetResponse::parse_from(r)?),
            0xC1 => Self::SetRequest(SetRequest::parse_from(r)?),
            0xC5 => Self::SetResponse(SetResponse::parse_from(r)?),
            0xC3 => Self::ActionRequest(ActionRequest::parse_from(r)?),
            0xC7 => Self::ActionResponse(ActionResponse::parse_from(r)?),
            0xD9 => Self::AccessRequest(AccessRequest::parse_from(r)?),
            0xDA => Self::AccessResponse(AccessResponse::parse_from(r)?),
            0xC2 => Self::EventNotificationRequest(EventNotificationRequest::parse_from(r)?),
            0x0F => Self::DataNotification(DataNotification::parse_from(r)?),
            0x05 => Self::ReadRequest(ReadRequest::parse_from(r)?),
            0x0C => Self::ReadResponse(ReadResponse::parse_from(r)?),
            0x06 => Self::WriteRequest(WriteRequest::parse_from(r)?),
            0x0D => Self::WriteResponse(WriteResponse::parse_from(r)?),
            0x16 => Self::UnconfirmedWriteRequest(UnconfirmedWriteRequest::parse_from(r)?),
            0x18 => Self::InformationReportRequest(InformationReportRequest::parse_from(r)?),
            0xDB | 0xDC => Self::GeneralGloDedCiphering(GeneralGloDedCiphering::parse_from(r)?),
            0xDD => Self::GeneralCiphering(GeneralCiphering::parse_from(r)?),
            0xDF => Self::GeneralSigning(GeneralSigning::parse_from(r)?),
            0xE0 => Self::GeneralBlockTransfer(GeneralBlockTransfer::parse_from(r)?),
            t if CipheredKind::from_tag(t).is_some() => {
                Self::Ciphered(CipheredApdu::parse_from(r)?)
            }
            found => return Err(r.err(ErrorKind::UnknownTag { found })),
        })
    }
}

codec_fns! {
    Apdu<'a>, "one APDU";
    parse:
    /// [`ErrorKind::UnknownTag`] for a first octet that starts no APDU this crate knows, and
    /// every error of the APDU's own parser, at the offending byte.
    emit:
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than `buffer_len()`, or an APDU's own
    /// encoding error (e.g. [`ErrorKind::TooLong`]).
}

#[cfg(feature = "alloc")]
pub use owned::ApduBuf;

#[cfg(feature = "alloc")]
mod owned {
    use alloc::vec::Vec;

    use super::Apdu;
    use crate::error::Result;

    /// An owned APDU: its validated encoding, handing out the borrowing [`Apdu`] view.
    ///
    /// The owned form of every APDU type: keep one in a queue or across an `await`, and look
    /// into it with [`apdu`](Self::apdu) without decoding it into a second tree.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct ApduBuf {
        bytes: Vec<u8>,
    }

    impl ApduBuf {
        /// Takes `bytes` that must hold exactly one APDU.
        ///
        /// # Errors
        /// Whatever [`Apdu::parse_exact`] reports.
        pub fn new(bytes: Vec<u8>) -> Result<Self> {
            Apdu::parse_exact(&bytes)?;
            Ok(Self { bytes })
        }

        /// Encodes `apdu` into a new buffer.
        ///
        /// # Errors
        /// As [`Apdu::emit`].
        pub fn from_apdu(apdu: &Apdu<'_>) -> Result<Self> {
            Ok(Self {
                bytes: apdu.to_vec()?,
            })
        }

        /// The borrowing view.
        ///
        /// # Errors
        /// None in practice: the bytes were validated when the buffer was made; an error
        /// would mean a decoder that is not deterministic.
        pub fn apdu(&self) -> Result<Apdu<'_>> {
            Apdu::parse_exact(&self.bytes)
        }

        /// The encoding.
        #[must_use]
        pub fn as_bytes(&self) -> &[u8] {
            &self.bytes
        }

        /// The encoding, by value.
        #[must_use]
        pub fn into_vec(self) -> Vec<u8> {
            self.bytes
        }
    }

    impl AsRef<[u8]> for ApduBuf {
        fn as_ref(&self) -> &[u8] {
            &self.bytes
        }
    }
}
