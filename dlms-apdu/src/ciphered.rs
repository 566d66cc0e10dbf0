//! The ciphered envelopes as structures (no cryptography here).
//!
//! IEC 62056-5-3 (the xDLMS ASN.1 module) and the DLMS UA Green Book (DLMS UA 1000-2, the
//! clauses on the cryptographic protection of xDLMS APDUs) protect an APDU in one of these
//! envelopes:
//!
//! - a **service-specific ciphered APDU** ([`CipheredApdu`]): a tag naming the service and the
//!   key set (`glo-` global key, `ded-` dedicated key), then an octet string holding the
//!   security header (security control `SC` and invocation counter `IC`), the ciphered text
//!   and, when authentication is applied, the authentication tag;
//! - **general-glo-ciphering** and **general-ded-ciphering** ([`GeneralGloDedCiphering`]):
//!   the sender's system title, then the same ciphered content;
//! - **general-ciphering** ([`GeneralCiphering`]): a header of transaction id, originator and
//!   recipient system titles, date-time and other information ([`GeneralHeader`]), optional
//!   key information ([`KeyInfo`]) and the ciphered content;
//! - **general-signing** ([`GeneralSigning`]): the same header, any content and a digital
//!   signature.
//!
//! This module only decodes and encodes these structures and points at the exact byte spans
//! that authentication covers; the cryptography lives in a separate crate.
//!
//! ```
//! use dlms_apdu::ciphered::{CipheredApdu, CipheredService, Ciphering};
//!
//! // glo-get-request, authenticated encryption (a Green Book example, security suite 0).
//! let bytes = [
//!     0xC8, 0x1E, 0x30, 0x01, 0x23, 0x45, 0x67, 0x41, 0x13, 0x12, 0xFF, 0x93, 0x5A, 0x47,
//!     0x56, 0x68, 0x27, 0xC4, 0x67, 0xBC, 0x7D, 0x82, 0x5C, 0x3B, 0xE4, 0xA7, 0x7C, 0x3F,
//!     0xCC, 0x05, 0x6B, 0x6B,
//! ];
//! let apdu = CipheredApdu::parse_exact(&bytes)?;
//! assert_eq!(apdu.kind.service, CipheredService::GetRequest);
//! assert_eq!(apdu.kind.ciphering, Ciphering::Global);
//! assert!(apdu.header().security_control.is_encrypted());
//! assert_eq!(apdu.header().invocation_counter, 0x0123_4567);
//! let tag_len = apdu.header().security_control.tag_len();
//! assert_eq!(apdu.payload(tag_len).map(<[u8]>::len), Some(13));
//! assert_eq!(apdu.auth_tag(tag_len).map(<[u8]>::len), Some(12));
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{
    Field, Reader, Writer, codec_field, codec_fns, emit_with, length_len, length_octets,
    octets_len, out_prefix,
};
use crate::error::{ErrorKind, Result};
use crate::registry::registry;
use crate::render::{Render, Renderer};

/// Length of the authentication tag that DLMS/COSEM security suites 0, 1 and 2 send: the
/// GCM tag truncated to 12 octets (DLMS UA 1000-2, the security suites).
pub const AUTH_TAG_LEN: usize = 12;

/// The security control octet `SC` (DLMS UA 1000-2, the security header):
/// bits 0-3 the security suite id, bit 4 authentication, bit 5 encryption, bit 6 broadcast
/// key, bit 7 compression. Only plain accessors: what combinations a party accepts is policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SecurityControl(pub u8);

impl SecurityControl {
    /// Bit 4: authentication applied.
    pub const AUTHENTICATION: u8 = 0x10;
    /// Bit 5: encryption applied.
    pub const ENCRYPTION: u8 = 0x20;
    /// Bit 6: the broadcast key is used.
    pub const BROADCAST_KEY: u8 = 0x40;
    /// Bit 7: the payload is compressed.
    pub const COMPRESSION: u8 = 0x80;

    /// An octet for `suite_id` (masked to 4 bits) with the given flags.
    #[must_use]
    pub const fn new(suite_id: u8, authenticated: bool, encrypted: bool) -> Self {
        let mut v = suite_id & 0x0F;
        if authenticated {
            v |= Self::AUTHENTICATION;
        }
        if encrypted {
            v |= Self::ENCRYPTION;
        }
        Self(v)
    }

    /// The security suite id, bits 0-3 (0, 1 or 2 for the suites defined today).
    #[must_use]
    pub const fn suite_id(self) -> u8 {
        self.0 & 0x0F
    }

    /// Whether authentication is applied (bit 4).
    #[must_use]
    pub const fn is_authenticated(self) -> bool {
        self.0 & Self::AUTHENTICATION != 0
    }

    /// Whether encryption is applied (bit 5).
    #[must_use]
    pub const fn is_encrypted(self) -> bool {
        self.0 & Self::ENCRYPTION != 0
    }

    /// Whether the broadcast key is used (bit 6).
    #[must_use]
    pub const fn is_broadcast_key(self) -> bool {
        self.0 & Self::BROADCAST_KEY != 0
    }

    /// Whether the payload is compressed (bit 7).
    #[must_use]
    pub const fn is_compressed(self) -> bool {
        self.0 & Self::COMPRESSION != 0
    }

    /// Octets of authentication tag that follow the payload: [`AUTH_TAG_LEN`] when the
    /// authentication bit is set, else 0.
    #[must_use]
    pub const fn tag_len(self) -> usize {
        if self.is_authenticated() {
            AUTH_TAG_LEN
        } else {
            0
        }
    }
}

impl fmt::Display for SecurityControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#04x} (suite {}", self.0, self.suite_id())?;
        for (set, name) in [
            (self.is_authenticated(), "authenticated"),
            (self.is_encrypted(), "encrypted"),
            (self.is_broadcast_key(), "broadcast-key"),
            (self.is_compressed(), "compressed"),
        ] {
            if set {
                write!(f, ", {name}")?;
            }
        }
        f.write_str(")")
    }
}

/// The security header: security control and invocation counter (DLMS UA 1000-2), five
/// octets on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SecurityHeader {
    /// The security control octet.
    pub security_control: SecurityControl,
    /// The invocation counter (the low four octets of the GCM initialisation vector).
    pub invocation_counter: u32,
}

impl SecurityHeader {
    /// Octets on the wire.
    pub const LEN: usize = 5;

    /// The five octets `SC || IC` (IC big-endian), as authentication covers them.
    #[must_use]
    pub const fn to_bytes(&self) -> [u8; 5] {
        let ic = self.invocation_counter.to_be_bytes();
        [self.security_control.0, ic[0], ic[1], ic[2], ic[3]]
    }

    /// The header held in five octets.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 5]) -> Self {
        let [sc, a, b, c, d] = bytes;
        Self {
            security_control: SecurityControl(sc),
            invocation_counter: u32::from_be_bytes([a, b, c, d]),
        }
    }

    /// Octets on the wire ([`LEN`](Self::LEN)).
    #[allow(clippy::unused_self)]
    pub(crate) const fn buffer_len(&self) -> usize {
        Self::LEN
    }

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Self::from_bytes(r.array()?))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&self.to_bytes())
    }
}

codec_fns! {
    SecurityHeader, "the five octets of a security header", [parse, emit];
    parse:
    /// [`ErrorKind::Truncated`] if fewer than five octets remain.
    emit:
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than [`LEN`](Self::LEN).
}

/// Ciphered content: the security header followed by the ciphered text (the payload and,
/// when authentication is applied, the authentication tag), as carried in the octet string
/// of every ciphered envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CipheredContent<'a> {
    /// Security control and invocation counter.
    pub header: SecurityHeader,
    /// Everything after the header, as sent: payload, then any authentication tag.
    pub ciphered_text: &'a [u8],
}

impl<'a> CipheredContent<'a> {
    /// Splits the contents of a ciphered-content octet string (without its length).
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] if `content` is shorter than the five-octet header.
    pub fn parse_exact(content: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(content);
        Self::parse_content(&mut r)
    }

    /// Parses header and ciphered text from a reader over exactly the content octets.
    fn parse_content(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            header: SecurityHeader::parse_from(r)?,
            ciphered_text: r.take_rest(),
        })
    }

    /// Parses a length-prefixed ciphered content octet string at a reader's cursor.
    pub(crate) fn parse_octets(r: &mut Reader<'a>) -> Result<Self> {
        let content = r.octets()?;
        // Offsets inside the octet string stay relative to the caller's input.
        let mut inner = Reader::with_base(content, r.offset().saturating_sub(content.len()));
        Self::parse_content(&mut inner)
    }

    /// Octets of the content: header and ciphered text, without any length prefix.
    #[must_use]
    pub const fn content_len(&self) -> usize {
        SecurityHeader::LEN.saturating_add(self.ciphered_text.len())
    }

    /// Octets of the length-prefixed octet string.
    #[must_use]
    pub(crate) const fn octets_len(&self) -> usize {
        octets_len(self.content_len())
    }

    /// Writes the content without a length prefix.
    pub(crate) fn write_content(&self, w: &mut Writer<'_>) -> Result<()> {
        self.header.write(w)?;
        w.bytes(self.ciphered_text)
    }

    /// Writes the content as a length-prefixed octet string.
    pub(crate) fn write_octets(&self, w: &mut Writer<'_>) -> Result<()> {
        w.length(self.content_len())?;
        self.write_content(w)
    }

    /// Writes the content (header and ciphered text, no length prefix) into `out`.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`].
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        emit_with(out, self.content_len(), |w| self.write_content(w))
    }

    /// `SC || IC`: the security header as the five octets that authentication covers.
    #[must_use]
    pub const fn security_header_bytes(&self) -> [u8; 5] {
        self.header.to_bytes()
    }

    /// The payload: the ciphered text without its last `tag_len` octets (the plaintext APDU
    /// when only authentication is applied). `None` if the text is shorter than `tag_len`.
    #[must_use]
    pub fn payload(&self, tag_len: usize) -> Option<&'a [u8]> {
        let end = self.ciphered_text.len().checked_sub(tag_len)?;
        self.ciphered_text.get(..end)
    }

    /// The last `tag_len` octets of the ciphered text: the authentication tag. `None` if the
    /// text is shorter than `tag_len`.
    #[must_use]
    pub fn auth_tag(&self, tag_len: usize) -> Option<&'a [u8]> {
        let start = self.ciphered_text.len().checked_sub(tag_len)?;
        self.ciphered_text.get(start..)
    }

    /// Renders the header and text lines (shared by every envelope).
    fn render_fields<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        let sc = self.header.security_control;
        r.field("security-control", sc)?;
        r.field(
            "invocation-counter",
            format_args!("{:#010x}", self.header.invocation_counter),
        )?;
        match (self.payload(sc.tag_len()), self.auth_tag(sc.tag_len())) {
            (Some(payload), Some(tag)) if sc.is_authenticated() => {
                r.hex("payload", payload)?;
                r.hex("authentication-tag", tag)
            }
            _ => r.hex("ciphered-text", self.ciphered_text),
        }
    }
}

/// The octets of a service-specific or general-glo/ded ciphered APDU that come before its
/// ciphered text: the tag, the system title field of the general forms, the length of the
/// ciphered content, and the security header.
///
/// A protecting party writes these, then the payload and the tag after them, in place:
/// [`buffer_len`](Self::buffer_len) plus [`text_len`](Self::text_len) is the whole APDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnvelopeHeader<'a> {
    /// The APDU tag: a service-specific tag, or
    /// [`GeneralGloDedCiphering::GLO_TAG`]/[`DED_TAG`](GeneralGloDedCiphering::DED_TAG).
    pub tag: u8,
    /// The system title field of general-glo/ded-ciphering (empty when left out); `None`
    /// for a service-specific APDU, which has no such field.
    pub system_title: Option<&'a [u8]>,
    /// Security control and invocation counter.
    pub security_header: SecurityHeader,
    /// Octets of ciphered text (payload and any authentication tag) that follow.
    pub text_len: usize,
}

impl EnvelopeHeader<'_> {
    /// Octets of the ciphered content: the security header and the ciphered text.
    #[must_use]
    pub const fn content_len(&self) -> usize {
        SecurityHeader::LEN.saturating_add(self.text_len)
    }

    /// Octets [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        let title = match self.system_title {
            Some(t) => octets_len(t.len()),
            None => 0,
        };
        length_len(self.content_len())
            .saturating_add(title)
            .saturating_add(1 + SecurityHeader::LEN)
    }

    /// Writes the header octets into `out`; returns [`buffer_len`](Self::buffer_len).
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than
    /// [`buffer_len`](Self::buffer_len).
    ///
    /// Written directly rather than through the general writer: this is on the path of
    /// every protected APDU, where the general writer cost as much as a block of AES-GCM.
    #[inline]
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let dst = out_prefix(out, len)?;
        let (length, length_n) = length_octets(self.content_len())?;
        let (tag, rest) = dst.split_at_mut(1);
        tag.copy_from_slice(&[self.tag]);
        let rest = match self.system_title {
            Some(title) => {
                let (title_length, title_n) = length_octets(title.len())?;
                let rest = put(rest, title_length.get(..title_n).unwrap_or(&[]));
                put(rest, title)
            }
            None => rest,
        };
        let rest = put(rest, length.get(..length_n).unwrap_or(&[]));
        put(rest, &self.security_header.to_bytes());
        Ok(len)
    }
}

/// Copies `bytes` to the front of `dst` and returns what follows; `dst` is sized by
/// [`EnvelopeHeader::buffer_len`], which counts every part written.
#[inline]
fn put<'b>(dst: &'b mut [u8], bytes: &[u8]) -> &'b mut [u8] {
    let (head, rest) = dst.split_at_mut(bytes.len().min(dst.len()));
    head.copy_from_slice(bytes.get(..head.len()).unwrap_or(&[]));
    rest
}

/// Which key set protects a service-specific ciphered APDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ciphering {
    /// A global key (`glo-` tags).
    Global,
    /// The dedicated key of the association (`ded-` tags).
    Dedicated,
}

/// The service whose APDU a service-specific ciphered APDU carries (a closed set: the tags of
/// IEC 62056-5-3, the xDLMS ASN.1 module, "with global ciphering" and "with dedicated
/// ciphering").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CipheredService {
    /// initiateRequest (plain tag 1).
    InitiateRequest,
    /// readRequest (plain tag 5).
    ReadRequest,
    /// writeRequest (plain tag 6).
    WriteRequest,
    /// initiateResponse (plain tag 8).
    InitiateResponse,
    /// readResponse (plain tag 12).
    ReadResponse,
    /// writeResponse (plain tag 13).
    WriteResponse,
    /// confirmedServiceError (plain tag 14).
    ConfirmedServiceError,
    /// unconfirmedWriteRequest (plain tag 22).
    UnconfirmedWriteRequest,
    /// informationReportRequest (plain tag 24).
    InformationReportRequest,
    /// get-request (plain tag 192).
    GetRequest,
    /// set-request (plain tag 193).
    SetRequest,
    /// event-notification-request (plain tag 194).
    EventNotificationRequest,
    /// action-request (plain tag 195).
    ActionRequest,
    /// get-response (plain tag 196).
    GetResponse,
    /// set-response (plain tag 197).
    SetResponse,
    /// action-response (plain tag 199).
    ActionResponse,
}

impl CipheredService {
    /// Every service, in tag order.
    pub const ALL: [Self; 16] = [
        Self::InitiateRequest,
        Self::ReadRequest,
        Self::WriteRequest,
        Self::InitiateResponse,
        Self::ReadResponse,
        Self::WriteResponse,
        Self::ConfirmedServiceError,
        Self::UnconfirmedWriteRequest,
        Self::InformationReportRequest,
        Self::GetRequest,
        Self::SetRequest,
        Self::EventNotificationRequest,
        Self::ActionRequest,
        Self::GetResponse,
        Self::SetResponse,
        Self::ActionResponse,
    ];

    /// The tag of the unprotected APDU.
    #[must_use]
    pub const fn plain_tag(self) -> u8 {
        match self {
            Self::InitiateRequest => 0x01,
            Self::ReadRequest => 0x05,
            Self::WriteRequest => 0x06,
            Self::InitiateResponse => 0x08,
            Self::ReadResponse => 0x0C,
            Self::WriteResponse => 0x0D,
            Self::ConfirmedServiceError => 0x0E,
            Self::UnconfirmedWriteRequest => 0x16,
            Self::InformationReportRequest => 0x18,
            Self::GetRequest => 0xC0,
            Self::SetRequest => 0xC1,
            Self::EventNotificationRequest => 0xC2,
            Self::ActionRequest => 0xC3,
            Self::GetResponse => 0xC4,
            Self::SetResponse => 0xC5,
            Self::ActionResponse => 0xC7,
        }
    }

    /// The service whose unprotected APDU has tag `tag`.
    #[must_use]
    pub const fn from_plain_tag(tag: u8) -> Option<Self> {
        Some(match tag {
            0x01 => Self::InitiateRequest,
            0x05 => Self::ReadRequest,
            0x06 => Self::WriteRequest,
            0x08 => Self::InitiateResponse,
            0x0C => Self::ReadResponse,
            0x0D => Self::WriteResponse,
            0x0E => Self::ConfirmedServiceError,
            0x16 => Self::UnconfirmedWriteRequest,
            0x18 => Self::InformationReportRequest,
            0xC0 => Self::GetRequest,
            0xC1 => Self::SetRequest,
            0xC2 => Self::EventNotificationRequest,
            0xC3 => Self::ActionRequest,
            0xC4 => Self::GetResponse,
            0xC5 => Self::SetResponse,
            0xC7 => Self::ActionResponse,
            _ => return None,
        })
    }

    /// The standard's name of the unprotected service (`"get-request"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::InitiateRequest => "initiateRequest",
            Self::ReadRequest => "readRequest",
            Self::WriteRequest => "writeRequest",
            Self::InitiateResponse => "initiateResponse",
            Self::ReadResponse => "readResponse",
            Self::WriteResponse => "writeResponse",
            Self::ConfirmedServiceError => "confirmedServiceError",
            Self::UnconfirmedWriteRequest => "unconfirmedWriteRequest",
            Self::InformationReportRequest => "informationReportRequest",
            Self::GetRequest => "get-request",
            Self::SetRequest => "set-request",
            Self::EventNotificationRequest => "event-notification-request",
            Self::ActionRequest => "action-request",
            Self::GetResponse => "get-response",
            Self::SetResponse => "set-response",
            Self::ActionResponse => "action-response",
        }
    }

    /// Whether the service is one of the LN-referencing services with `C0`-range tags, whose
    /// ciphered tags add 8 (global) or 16 (dedicated); the others add 32 or 64.
    const fn is_ln(self) -> bool {
        self.plain_tag() >= 0xC0
    }
}

/// What a service-specific ciphered APDU carries: the service and the key set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CipheredKind {
    /// The protected service.
    pub service: CipheredService,
    /// Global or dedicated key.
    pub ciphering: Ciphering,
}

impl CipheredKind {
    /// Creates a kind.
    #[must_use]
    pub const fn new(service: CipheredService, ciphering: Ciphering) -> Self {
        Self { service, ciphering }
    }

    /// The APDU tag (`0xC8` for glo-get-request, `0x41` for ded-initiateRequest, ...).
    #[must_use]
    pub const fn tag(self) -> u8 {
        let offset = match (self.service.is_ln(), self.ciphering) {
            (true, Ciphering::Global) => 0x08,
            (true, Ciphering::Dedicated) => 0x10,
            (false, Ciphering::Global) => 0x20,
            (false, Ciphering::Dedicated) => 0x40,
        };
        // Every plain tag plus its offset stays below 0x100 (the largest is 0xC7 + 0x10).
        self.service.plain_tag().wrapping_add(offset)
    }

    /// The kind a ciphered APDU tag names, or `None` for any other octet.
    #[must_use]
    pub const fn from_tag(tag: u8) -> Option<Self> {
        let (plain, ciphering) = match tag {
            0x20..=0x3F => (tag.wrapping_sub(0x20), Ciphering::Global),
            0x40..=0x5F => (tag.wrapping_sub(0x40), Ciphering::Dedicated),
            0xC8..=0xCF => (tag.wrapping_sub(0x08), Ciphering::Global),
            0xD0..=0xD7 => (tag.wrapping_sub(0x10), Ciphering::Dedicated),
            _ => return None,
        };
        match CipheredService::from_plain_tag(plain) {
            Some(service) => Some(Self::new(service, ciphering)),
            None => None,
        }
    }

    /// The standard's name (`"glo-get-request"`, `"ded-initiateRequest"`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        use CipheredService as S;
        match self.ciphering {
            Ciphering::Global => match self.service {
                S::InitiateRequest => "glo-initiateRequest",
                S::ReadRequest => "glo-readRequest",
                S::WriteRequest => "glo-writeRequest",
                S::InitiateResponse => "glo-initiateResponse",
                S::ReadResponse => "glo-readResponse",
                S::WriteResponse => "glo-writeResponse",
                S::ConfirmedServiceError => "glo-confirmedServiceError",
                S::UnconfirmedWriteRequest => "glo-unconfirmedWriteRequest",
                S::InformationReportRequest => "glo-informationReportRequest",
                S::GetRequest => "glo-get-request",
                S::SetRequest => "glo-set-request",
                S::EventNotificationRequest => "glo-event-notification-request",
                S::ActionRequest => "glo-action-request",
                S::GetResponse => "glo-get-response",
                S::SetResponse => "glo-set-response",
                S::ActionResponse => "glo-action-response",
            },
            Ciphering::Dedicated => match self.service {
                S::InitiateRequest => "ded-initiateRequest",
                S::ReadRequest => "ded-readRequest",
                S::WriteRequest => "ded-writeRequest",
                S::InitiateResponse => "ded-initiateResponse",
                S::ReadResponse => "ded-readResponse",
                S::WriteResponse => "ded-writeResponse",
                S::ConfirmedServiceError => "ded-confirmedServiceError",
                S::UnconfirmedWriteRequest => "ded-unconfirmedWriteRequest",
                S::InformationReportRequest => "ded-informationReportRequest",
                S::GetRequest => "ded-get-request",
                S::SetRequest => "ded-set-request",
                S::EventNotificationRequest => "ded-event-notification-request",
                S::ActionRequest => "ded-action-request",
                S::GetResponse => "ded-get-response",
                S::SetResponse => "ded-set-response",
                S::ActionResponse => "ded-action-response",
            },
        }
    }
}

impl fmt::Display for CipheredKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The accessors of an envelope that forwards to the [`CipheredContent`] in its `content`
/// field (service-specific and general-glo/ded ciphering).
macro_rules! content_accessors {
    () => {
        /// Security control and invocation counter.
        #[must_use]
        pub const fn header(&self) -> SecurityHeader {
            self.content.header
        }

        /// `SC || IC`, the five octets of the security header.
        #[must_use]
        pub const fn security_header_bytes(&self) -> [u8; 5] {
            self.content.security_header_bytes()
        }

        /// The ciphered text as sent: payload, then any authentication tag.
        #[must_use]
        pub const fn ciphered_text(&self) -> &'a [u8] {
            self.content.ciphered_text
        }

        /// The payload, given the tag length (see [`SecurityControl::tag_len`]).
        #[must_use]
        pub fn payload(&self, tag_len: usize) -> Option<&'a [u8]> {
            self.content.payload(tag_len)
        }

        /// The authentication tag, given its length (see [`SecurityControl::tag_len`]).
        #[must_use]
        pub fn auth_tag(&self, tag_len: usize) -> Option<&'a [u8]> {
            self.content.auth_tag(tag_len)
        }
    };
}

/// A service-specific ciphered APDU (`glo-*` or `ded-*`): `tag, length, SC, IC, payload
/// [, tag]` (IEC 62056-5-3, the xDLMS ASN.1 module, `[IMPLICIT] OCTET STRING` alternatives).
///
/// For security suite 0 the authentication data is `SC || AK` with authenticated encryption
/// and `SC || AK || payload` with authentication only; [`security_header_bytes`] and
/// [`payload`] give the parts that come from the APDU without copying the payload.
///
/// [`security_header_bytes`]: Self::security_header_bytes
/// [`payload`]: Self::payload
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CipheredApdu<'a> {
    /// Service and key set (from the tag).
    pub kind: CipheredKind,
    /// Security header and ciphered text.
    pub content: CipheredContent<'a>,
}

impl<'a> CipheredApdu<'a> {
    /// Whether `tag` is the tag of a service-specific ciphered APDU.
    #[must_use]
    pub const fn is_tag(tag: u8) -> bool {
        CipheredKind::from_tag(tag).is_some()
    }

    #[inline]
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        if let Some((apdu, len)) = Self::split_well_formed(r.rest()) {
            r.take(len)?;
            return Ok(apdu);
        }
        Self::parse_general(r)
    }

    /// Parses a ciphered APDU that must fill `input` exactly.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), and [`ErrorKind::TrailingBytes`].
    pub fn parse_exact(input: &'a [u8]) -> Result<Self> {
        match Self::split_well_formed(input) {
            Some((apdu, used)) if used == input.len() => Ok(apdu),
            _ => {
                let mut r = Reader::new(input);
                let v = Self::parse_general(&mut r)?;
                r.finish()?;
                Ok(v)
            }
        }
    }

    /// The general reader, field by field, with the error of what is malformed.
    fn parse_general(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.position();
        let tag = r.u8()?;
        let kind = CipheredKind::from_tag(tag)
            .ok_or_else(|| r.err_at(ErrorKind::UnknownTag { found: tag }, start))?;
        Ok(Self {
            kind,
            content: CipheredContent::parse_octets(r)?,
        })
    }

    /// The APDU at the start of `input` and its length in octets, read directly when it is
    /// well formed (`tag || length || SC || IC || text`, the length in any A-XDR form and
    /// within `input`); `None` for anything else, which the general reader then reads and
    /// reports the error of. The two agree on every APDU this accepts (tested): this is on
    /// the path of every protected APDU received, where the general reader cost more than
    /// a block of AES-GCM.
    #[inline]
    fn split_well_formed(input: &'a [u8]) -> Option<(Self, usize)> {
        let (&tag, rest) = input.split_first()?;
        let kind = CipheredKind::from_tag(tag)?;
        let (&len0, rest) = rest.split_first()?;
        let (declared, rest) = if len0 < 0x80 {
            (usize::from(len0), rest)
        } else {
            let n = usize::from(len0 & 0x7F);
            if n == 0 || n > 4 {
                return None;
            }
            let (octets, rest) = rest.split_at_checked(n)?;
            let declared = octets
                .iter()
                .fold(0u32, |acc, &b| acc.wrapping_shl(8) | u32::from(b));
            (usize::try_from(declared).ok()?, rest)
        };
        let content = rest.get(..declared)?;
        let (sh, ciphered_text) = content.split_first_chunk::<{ SecurityHeader::LEN }>()?;
        let consumed = input
            .len()
            .saturating_sub(rest.len())
            .saturating_add(declared);
        Some((
            Self {
                kind,
                content: CipheredContent {
                    header: SecurityHeader::from_bytes(*sh),
                    ciphered_text,
                },
            },
            consumed,
        ))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.content.octets_len().saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.kind.tag())?;
        self.content.write_octets(w)
    }

    /// The APDU tag.
    #[must_use]
    pub const fn tag(&self) -> u8 {
        self.kind.tag()
    }

    content_accessors!();
}

codec_fns! {
    CipheredApdu<'a>, "a ciphered APDU", [parse, emit, to_vec];
    parse:
    /// [`ErrorKind::UnknownTag`] for a tag that is not a ciphered service tag,
    /// [`ErrorKind::Truncated`], [`ErrorKind::LengthExceeds`] or [`ErrorKind::InvalidLength`].
}

impl Render for CipheredApdu<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node(self.kind.name(), |r| self.content.render_fields(r))
    }
}

/// general-glo-ciphering (`DB`) or general-ded-ciphering (`DC`): the sender's system title
/// (may be empty) and the ciphered content (IEC 62056-5-3, the xDLMS ASN.1 module,
/// `General-Glo-Ciphering` / `General-Ded-Ciphering`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralGloDedCiphering<'a> {
    /// Global (`DB`) or dedicated (`DC`) key.
    pub ciphering: Ciphering,
    /// The sender's system title (8 octets in practice; empty when the receiver knows it).
    pub system_title: &'a [u8],
    /// Security header and ciphered text.
    pub content: CipheredContent<'a>,
}

impl<'a> GeneralGloDedCiphering<'a> {
    /// Tag of general-glo-ciphering.
    pub const GLO_TAG: u8 = 0xDB;
    /// Tag of general-ded-ciphering.
    pub const DED_TAG: u8 = 0xDC;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.position();
        let ciphering = match r.u8()? {
            Self::GLO_TAG => Ciphering::Global,
            Self::DED_TAG => Ciphering::Dedicated,
            found => return Err(r.err_at(ErrorKind::UnknownTag { found }, start)),
        };
        Ok(Self {
            ciphering,
            system_title: r.octets()?,
            content: CipheredContent::parse_octets(r)?,
        })
    }

    /// The APDU tag.
    #[must_use]
    pub const fn tag(&self) -> u8 {
        match self.ciphering {
            Ciphering::Global => Self::GLO_TAG,
            Ciphering::Dedicated => Self::DED_TAG,
        }
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        octets_len(self.system_title.len())
            .saturating_add(self.content.octets_len())
            .saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.tag())?;
        w.octets(self.system_title)?;
        self.content.write_octets(w)
    }

    content_accessors!();
}

codec_fns! {
    GeneralGloDedCiphering<'a>, "a general-glo- or general-ded-ciphering APDU";
    parse:
    /// [`ErrorKind::UnknownTag`] unless the tag is `DB` or `DC`, [`ErrorKind::Truncated`],
    /// [`ErrorKind::LengthExceeds`] or [`ErrorKind::InvalidLength`].
}

impl Render for GeneralGloDedCiphering<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        let name = match self.ciphering {
            Ciphering::Global => "general-glo-ciphering",
            Ciphering::Dedicated => "general-ded-ciphering",
        };
        r.node(name, |r| {
            r.hex("system-title", self.system_title)?;
            self.content.render_fields(r)
        })
    }
}

/// The fields general-ciphering and general-signing share (IEC 62056-5-3, the xDLMS ASN.1
/// module): each an A-XDR octet string, any of them may be empty.
///
/// Their encoding, the five length-prefixed fields that [`emit`](Self::emit) writes, is what
/// both Gurux and this crate use for the authenticated data of general-ciphering and the
/// signed data of general-signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct GeneralHeader<'a> {
    /// transaction-id (Gurux sends 8 octets).
    pub transaction_id: &'a [u8],
    /// originator-system-title.
    pub originator_system_title: &'a [u8],
    /// recipient-system-title.
    pub recipient_system_title: &'a [u8],
    /// date-time (empty when not present).
    pub date_time: &'a [u8],
    /// other-information.
    pub other_information: &'a [u8],
}

impl<'a> GeneralHeader<'a> {
    fn fields(&self) -> [&'a [u8]; 5] {
        [
            self.transaction_id,
            self.originator_system_title,
            self.recipient_system_title,
            self.date_time,
            self.other_information,
        ]
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            transaction_id: r.octets()?,
            originator_system_title: r.octets()?,
            recipient_system_title: r.octets()?,
            date_time: r.octets()?,
            other_information: r.octets()?,
        })
    }

    /// Octets of the five length-prefixed fields.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.fields()
            .iter()
            .fold(0usize, |acc, f| acc.saturating_add(octets_len(f.len())))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        self.fields().iter().try_for_each(|f| w.octets(f))
    }

    fn render_fields<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.hex("transaction-id", self.transaction_id)?;
        r.hex("originator-system-title", self.originator_system_title)?;
        r.hex("recipient-system-title", self.recipient_system_title)?;
        r.hex("date-time", self.date_time)?;
        r.hex("other-information", self.other_information)
    }
}

codec_fns! {
    GeneralHeader<'a>, "the five length-prefixed fields", [emit, to_vec];
}

registry! {
    /// Key-Id of an identified key (IEC 62056-5-3, the xDLMS ASN.1 module).
    pub struct KeyId(u8) {
        /// The global unicast encryption key.
        GLOBAL_UNICAST_ENCRYPTION_KEY = 0 => "global-unicast-encryption-key",
        /// The global broadcast encryption key.
        GLOBAL_BROADCAST_ENCRYPTION_KEY = 1 => "global-broadcast-encryption-key",
    }
}

registry! {
    /// Kek-Id of a wrapped key: the key-encrypting key (IEC 62056-5-3, the xDLMS ASN.1
    /// module).
    pub struct KekId(u8) {
        /// The master key.
        MASTER_KEY = 0 => "master-key",
    }
}

/// Key-Info of general-ciphering: how the receiver obtains the content key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyInfo<'a> {
    /// identified-key \[0\]: a key both parties hold.
    IdentifiedKey(KeyId),
    /// wrapped-key \[1\]: the key wrapped under a key-encrypting key.
    WrappedKey {
        /// The key-encrypting key.
        kek_id: KekId,
        /// The wrapped key.
        key_ciphered_data: &'a [u8],
    },
    /// agreed-key \[2\]: the key agreed by a key-agreement scheme. Gurux sends
    /// `key-parameters` as one octet naming the scheme (1 one-pass Diffie-Hellman, 2 static
    /// unified model) and, for one-pass, `key-ciphered-data` as the ephemeral public key
    /// followed by its signature.
    AgreedKey {
        /// key-parameters.
        key_parameters: &'a [u8],
        /// key-ciphered-data.
        key_ciphered_data: &'a [u8],
    },
}

impl<'a> KeyInfo<'a> {
    /// Parses the CHOICE (without the OPTIONAL presence octet).
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.position();
        Ok(match r.u8()? {
            0 => Self::IdentifiedKey(KeyId(r.u8()?)),
            1 => Self::WrappedKey {
                kek_id: KekId(r.u8()?),
                key_ciphered_data: r.octets()?,
            },
            2 => Self::AgreedKey {
                key_parameters: r.octets()?,
                key_ciphered_data: r.octets()?,
            },
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, start)),
        })
    }

    /// Octets of the CHOICE (without the presence octet).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            Self::IdentifiedKey(_) => 2,
            Self::WrappedKey {
                key_ciphered_data, ..
            } => octets_len(key_ciphered_data.len()).saturating_add(2),
            Self::AgreedKey {
                key_parameters,
                key_ciphered_data,
            } => octets_len(key_parameters.len())
                .saturating_add(octets_len(key_ciphered_data.len()))
                .saturating_add(1),
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::IdentifiedKey(id) => {
                w.u8(0)?;
                w.u8(id.0)
            }
            Self::WrappedKey {
                kek_id,
                key_ciphered_data,
            } => {
                w.u8(1)?;
                w.u8(kek_id.0)?;
                w.octets(key_ciphered_data)
            }
            Self::AgreedKey {
                key_parameters,
                key_ciphered_data,
            } => {
                w.u8(2)?;
                w.octets(key_parameters)?;
                w.octets(key_ciphered_data)
            }
        }
    }

    fn render_fields<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match *self {
            Self::IdentifiedKey(id) => r.node("identified-key", |r| r.field("key-id", id)),
            Self::WrappedKey {
                kek_id,
                key_ciphered_data,
            } => r.node("wrapped-key", |r| {
                r.field("kek-id", kek_id)?;
                r.hex("key-ciphered-data", key_ciphered_data)
            }),
            Self::AgreedKey {
                key_parameters,
                key_ciphered_data,
            } => r.node("agreed-key", |r| {
                r.hex("key-parameters", key_parameters)?;
                r.hex("key-ciphered-data", key_ciphered_data)
            }),
        }
    }
}

codec_field!(KeyInfo<'a>);

/// Where the parts of a parsed general-ciphering or general-signing APDU lie in its
/// encoding, for authentication and signature checks that must see the octets as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralSpans<'a> {
    /// The five header fields as sent, length octets included, without the APDU tag (from
    /// transaction-id through other-information).
    pub header: &'a [u8],
    /// The content (general-signing) or ciphered content (general-ciphering) octets,
    /// without their length prefix.
    pub content: &'a [u8],
    /// From the APDU tag through the end of the content field: for general-signing,
    /// everything before the signature; for general-ciphering, the whole APDU.
    pub through_content: &'a [u8],
}

/// Reads the shared structure of general-ciphering and general-signing from the APDU tag
/// (which must be `tag`) up to and including the content octet string; returns the header,
/// key info (general-ciphering), the absolute offset of the content octets and the spans.
fn parse_general<'a>(
    r: &mut Reader<'a>,
    tag: u8,
    with_key_info: bool,
) -> Result<(
    GeneralHeader<'a>,
    Option<KeyInfo<'a>>,
    usize,
    GeneralSpans<'a>,
)> {
    let tag_at = r.position();
    r.expect(tag)?;
    let header_at = r.position();
    let header = GeneralHeader::parse_from(r)?;
    let header_span = r.since(header_at);
    let key_info = if with_key_info {
        Field::parse_field(r)?
    } else {
        None
    };
    let content = r.octets()?;
    // The content octets end at the cursor.
    let content_at = r.offset().saturating_sub(content.len());
    let through_content = r.since(tag_at);
    Ok((
        header,
        key_info,
        content_at,
        GeneralSpans {
            header: header_span,
            content,
            through_content,
        },
    ))
}

/// Runs `parse_spans_from` (of general-ciphering or general-signing) at the start of `input`;
/// returns the APDU, its spans and the bytes after it.
fn parse_spanned<'a, T>(
    input: &'a [u8],
    parse_spans_from: fn(&mut Reader<'a>) -> Result<(T, GeneralSpans<'a>)>,
) -> Result<(T, GeneralSpans<'a>, &'a [u8])> {
    let mut r = Reader::new(input);
    let (v, spans) = parse_spans_from(&mut r)?;
    Ok((v, spans, r.rest()))
}

/// general-ciphering (`DD`): header, optional key information and ciphered content
/// (IEC 62056-5-3, the xDLMS ASN.1 module, `General-Ciphering`).
///
/// The layout agrees with Gurux.DLMS.Net (`GXSecure.DecryptAesGcm`, `GXDLMS.Cipher1`): five
/// length-prefixed octet strings, a presence octet and the key-info CHOICE, then the
/// length-prefixed ciphered content `SC || IC || ciphertext || tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralCiphering<'a> {
    /// transaction-id .. other-information.
    pub header: GeneralHeader<'a>,
    /// key-info OPTIONAL.
    pub key_info: Option<KeyInfo<'a>>,
    /// Security header and ciphered text.
    pub content: CipheredContent<'a>,
}

impl<'a> GeneralCiphering<'a> {
    /// The APDU tag.
    pub const TAG: u8 = 0xDD;

    /// Parses one APDU and also returns where its header and ciphered content lie in
    /// `input` (for authenticated data built from the octets as sent).
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_spanned(input: &'a [u8]) -> Result<(Self, GeneralSpans<'a>, &'a [u8])> {
        parse_spanned(input, Self::parse_spans_from)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Self::parse_spans_from(r).map(|(v, _)| v)
    }

    fn parse_spans_from(r: &mut Reader<'a>) -> Result<(Self, GeneralSpans<'a>)> {
        let (header, key_info, content_at, spans) = parse_general(r, Self::TAG, true)?;
        let mut inner = Reader::with_base(spans.content, content_at);
        let content = CipheredContent::parse_content(&mut inner)?;
        Ok((
            Self {
                header,
                key_info,
                content,
            },
            spans,
        ))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.header
            .buffer_len()
            .saturating_add(self.key_info.field_len())
            .saturating_add(self.content.octets_len())
            .saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.header.write(w)?;
        self.key_info.write_field(w)?;
        self.content.write_octets(w)
    }

    /// Security control and invocation counter.
    #[must_use]
    pub const fn security_header(&self) -> SecurityHeader {
        self.content.header
    }
}

codec_fns! {
    GeneralCiphering<'a>, "a general-ciphering APDU";
    parse:
    /// [`ErrorKind::UnexpectedTag`] unless the tag is `DD`, [`ErrorKind::UnknownChoice`] for
    /// an unknown key-info alternative, [`ErrorKind::Truncated`],
    /// [`ErrorKind::LengthExceeds`] or [`ErrorKind::InvalidLength`].
}

impl Render for GeneralCiphering<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("general-ciphering", |r| {
            self.header.render_fields(r)?;
            match &self.key_info {
                None => r.field("key-info", "absent")?,
                Some(k) => k.render_fields(r)?,
            }
            r.node("ciphered-content", |r| self.content.render_fields(r))
        })
    }
}

/// general-signing (`DF`): header, content and signature (IEC 62056-5-3, the xDLMS ASN.1
/// module, `General-Signing`).
///
/// **What the signature covers.** Gurux.DLMS.Net (`GXDLMS.Cipher1` when signing,
/// `GXSecure.DecryptAesGcm` when verifying) signs the encoding of the five header fields
/// *without* the `DF` tag, followed by the content octets *without* their length prefix
/// (its sources note that the content's length is left out): that is
/// [`GeneralSpans::header`] followed by [`GeneralSpans::content`], which
/// [`signed_data_len`](Self::signed_data_len) / [`emit_signed_data`](Self::emit_signed_data)
/// reproduce for a sender. The other reading, everything from the `DF` tag up to the
/// signature field, is [`GeneralSpans::through_content`]. The standard's text was not
/// available to settle which one it specifies; the Gurux form is the one an independent
/// implementation interoperates with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralSigning<'a> {
    /// transaction-id .. other-information.
    pub header: GeneralHeader<'a>,
    /// The signed content: an xDLMS APDU, ciphered or not.
    pub content: &'a [u8],
    /// The signature (`r || s`: 64 octets for P-256, 96 for P-384).
    pub signature: &'a [u8],
}

impl<'a> GeneralSigning<'a> {
    /// The APDU tag.
    pub const TAG: u8 = 0xDF;

    /// Parses one APDU and also returns the spans the signature covers, exactly as sent.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_spanned(input: &'a [u8]) -> Result<(Self, GeneralSpans<'a>, &'a [u8])> {
        parse_spanned(input, Self::parse_spans_from)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        Self::parse_spans_from(r).map(|(v, _)| v)
    }

    fn parse_spans_from(r: &mut Reader<'a>) -> Result<(Self, GeneralSpans<'a>)> {
        let (header, _, _, spans) = parse_general(r, Self::TAG, false)?;
        let signature = r.octets()?;
        Ok((
            Self {
                header,
                content: spans.content,
                signature,
            },
            spans,
        ))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.header
            .buffer_len()
            .saturating_add(octets_len(self.content.len()))
            .saturating_add(octets_len(self.signature.len()))
            .saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.header.write(w)?;
        w.octets(self.content)?;
        w.octets(self.signature)
    }

    /// Octets of the data Gurux signs: the header fields (no tag) and the content octets (no
    /// length prefix).
    #[must_use]
    pub fn signed_data_len(&self) -> usize {
        self.header.buffer_len().saturating_add(self.content.len())
    }

    /// Writes the data Gurux signs (see the type's documentation) into `out`, for a sender
    /// that computes the signature before emitting the APDU.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`].
    pub fn emit_signed_data(&self, out: &mut [u8]) -> Result<usize> {
        emit_with(out, self.signed_data_len(), |w| {
            self.header.write(w)?;
            w.bytes(self.content)
        })
    }
}

codec_fns! {
    GeneralSigning<'a>, "a general-signing APDU";
    parse:
    /// [`ErrorKind::UnexpectedTag`] unless the tag is `DF`, [`ErrorKind::Truncated`],
    /// [`ErrorKind::LengthExceeds`] or [`ErrorKind::InvalidLength`].
}

impl Render for GeneralSigning<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("general-signing", |r| {
            self.header.render_fields(r)?;
            r.hex("content", self.content)?;
            r.hex("signature", self.signature)
        })
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
mod tests {
    use super::*;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::vec::Vec;

    /// The direct reader of well-formed service-specific APDUs agrees with the general
    /// reader on every length form, and leaves truncated, extended or mis-sized ones (and
    /// other tags) to it.
    #[test]
    fn well_formed_service_apdus_read_as_the_general_reader_does() {
        let text = [0x5Au8; 300];
        for text_len in [0usize, 1, 100, 122, 123, 250, 251, 300] {
            let content = 5 + text_len;
            let mut forms: Vec<Vec<u8>> = Vec::new();
            if content < 0x80 {
                forms.push(std::vec![content as u8]);
            }
            if content <= 0xFF {
                forms.push(std::vec![0x81, content as u8]);
            }
            forms.push(std::vec![0x82, (content >> 8) as u8, content as u8]);
            forms.push(std::vec![0x84, 0, 0, (content >> 8) as u8, content as u8]);
            for form in forms {
                let mut apdu = std::vec![0xCC];
                apdu.extend_from_slice(&form);
                apdu.extend_from_slice(&[0x30, 0, 0, 1, 2]);
                apdu.extend_from_slice(&text[..text_len]);
                let (fast, used) = CipheredApdu::split_well_formed(&apdu).unwrap();
                let slow = CipheredApdu::parse_general(&mut Reader::new(&apdu)).unwrap();
                assert_eq!(fast, slow);
                assert_eq!(used, apdu.len());
                assert_eq!(CipheredApdu::parse_exact(&apdu).unwrap(), slow);
                for bad in [
                    apdu[..apdu.len() - 1].to_vec(),
                    apdu[..form.len() + 1 + 4.min(content - 1)].to_vec(),
                ] {
                    assert!(CipheredApdu::split_well_formed(&bad).is_none());
                    assert!(CipheredApdu::parse_exact(&bad).is_err());
                }
                // Trailing octets: the APDU is read, `parse_exact` refuses the rest.
                let longer = [&apdu[..], &[0]].concat();
                assert_eq!(
                    CipheredApdu::split_well_formed(&longer).unwrap().1,
                    apdu.len()
                );
                assert!(CipheredApdu::parse_exact(&longer).is_err());
            }
        }
        assert!(CipheredApdu::split_well_formed(&[0xDB, 5, 0x30, 0, 0, 0, 1]).is_none());
        assert!(CipheredApdu::split_well_formed(&[0xCC, 0x85, 0, 0, 0, 0, 5]).is_none());
        assert!(CipheredApdu::split_well_formed(&[0xCC, 4, 0x30, 0, 0, 0]).is_none());
    }

    /// The envelope header, followed by the text, is the APDU the parsers read back, for
    /// every length form of the content and each kind of title field.
    #[test]
    fn envelope_header_then_text_parses_back() {
        let sh = SecurityHeader::from_bytes([0x30, 1, 2, 3, 4]);
        for text_len in [0usize, 0x7A, 0x7B, 0xFA, 0xFB, 0x103, 0x1_0000] {
            let text: Vec<u8> = (0..=255u8).cycle().take(text_len).collect();
            for title in [None, Some(&[][..]), Some(&[7u8; 8][..])] {
                let tag = if title.is_some() { 0xDB } else { 0xCC };
                let h = EnvelopeHeader {
                    tag,
                    system_title: title,
                    security_header: sh,
                    text_len,
                };
                let mut apdu = std::vec![0u8; h.buffer_len() + text_len];
                assert_eq!(h.emit(&mut apdu).unwrap(), h.buffer_len());
                apdu[h.buffer_len()..].copy_from_slice(&text);
                let content = match title {
                    None => CipheredApdu::parse_exact(&apdu).unwrap().content,
                    Some(t) => {
                        let g = GeneralGloDedCiphering::parse_exact(&apdu).unwrap();
                        assert_eq!(g.system_title, t);
                        g.content
                    }
                };
                assert_eq!(content.header, sh);
                assert_eq!(content.ciphered_text, &text[..]);
                let short = h.buffer_len() - 1;
                assert_eq!(
                    h.emit(&mut apdu[..short]).unwrap_err().kind(),
                    ErrorKind::BufferTooSmall {
                        needed: h.buffer_len(),
                        available: short,
                    }
                );
            }
        }
    }

    /// Green Book glo-get-request with authenticated encryption (SC 0x30); the vector as
    /// published in openmuc jDLMS `CipheringTest.java` and u9n/dlms-cosem `test_security.py`.
    const GLO_GET_SC30: [u8; 32] =
        hex!("C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B");

    #[test]
    fn deconstruct() {
        let apdu = CipheredApdu::parse_exact(&GLO_GET_SC30).unwrap();
        assert_eq!(apdu.tag(), 0xC8);
        assert_eq!(apdu.kind.service, CipheredService::GetRequest);
        assert_eq!(apdu.kind.ciphering, Ciphering::Global);
        let sc = apdu.header().security_control;
        assert_eq!(sc.suite_id(), 0);
        assert!(sc.is_authenticated() && sc.is_encrypted());
        assert!(!sc.is_broadcast_key() && !sc.is_compressed());
        assert_eq!(apdu.security_header_bytes(), hex!("3001234567"));
        assert_eq!(apdu.ciphered_text(), &GLO_GET_SC30[7..]);
        assert_eq!(
            apdu.payload(12).unwrap(),
            &hex!("411312FF935A47566827C467BC")
        );
        assert_eq!(
            apdu.auth_tag(12).unwrap(),
            &hex!("7D825C3BE4A77C3FCC056B6B")
        );
        assert_eq!(apdu.payload(26), None);
        assert_eq!(apdu.auth_tag(26), None);
    }

    #[test]
    fn construct_and_emit() {
        let text = &GLO_GET_SC30[7..];
        let apdu = CipheredApdu {
            kind: CipheredKind::new(CipheredService::GetRequest, Ciphering::Global),
            content: CipheredContent {
                header: SecurityHeader {
                    security_control: SecurityControl::new(0, true, true),
                    invocation_counter: 0x0123_4567,
                },
                ciphered_text: text,
            },
        };
        assert_eq!(apdu.buffer_len(), GLO_GET_SC30.len());
        let mut out = [0u8; 40];
        let n = apdu.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &GLO_GET_SC30);
        assert!(apdu.emit(&mut out[..31]).is_err());
    }

    #[test]
    fn every_ciphered_tag() {
        let glo = [
            0x21, 0x25, 0x26, 0x28, 0x2C, 0x2D, 0x2E, 0x36, 0x38, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC,
            0xCD, 0xCF,
        ];
        let ded = [
            0x41, 0x45, 0x46, 0x48, 0x4C, 0x4D, 0x4E, 0x56, 0x58, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4,
            0xD5, 0xD7,
        ];
        for (i, service) in CipheredService::ALL.iter().enumerate() {
            let g = CipheredKind::new(*service, Ciphering::Global);
            let d = CipheredKind::new(*service, Ciphering::Dedicated);
            assert_eq!(g.tag(), glo[i], "{}", g.name());
            assert_eq!(d.tag(), ded[i], "{}", d.name());
            assert_eq!(CipheredKind::from_tag(glo[i]), Some(g));
            assert_eq!(CipheredKind::from_tag(ded[i]), Some(d));
            assert_eq!(
                CipheredService::from_plain_tag(service.plain_tag()),
                Some(*service)
            );
        }
        let known = (0u8..=255)
            .filter(|t| CipheredKind::from_tag(*t).is_some())
            .count();
        assert_eq!(known, 32);
        assert!(!CipheredApdu::is_tag(0xC0));
        assert!(!CipheredApdu::is_tag(0xCE));
    }

    #[test]
    fn errors() {
        let err = CipheredApdu::parse(&hex!("C0 05 3001234567")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTag { found: 0xC0 });
        // Content shorter than the security header: the error points inside it.
        let err = CipheredApdu::parse(&hex!("C8 03 300123")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 2 });
        assert_eq!(err.offset(), 2);
        let err = CipheredApdu::parse(&hex!("C8 1F 30")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::LengthExceeds { .. }));
        let mut trailing = GLO_GET_SC30.to_vec();
        trailing.push(0);
        assert_eq!(
            CipheredApdu::parse_exact(&trailing).unwrap_err().kind(),
            ErrorKind::TrailingBytes
        );
        for n in 0..GLO_GET_SC30.len() {
            assert!(CipheredApdu::parse(&GLO_GET_SC30[..n]).is_err(), "{n}");
        }
    }

    /// general-glo-ciphering without a system title, u9n/dlms-cosem
    /// `tests/test_general_global_cipher.py`.
    const GGC_NO_TITLE: [u8; 33] =
        hex!("DB001E30800000D181EC9EC4BF53E9776EF0C453969FBDFE11BE9B791AACC0FF8C");

    #[test]
    fn general_glo_without_title() {
        let g = GeneralGloDedCiphering::parse_exact(&GGC_NO_TITLE).unwrap();
        assert_eq!(g.ciphering, Ciphering::Global);
        assert!(g.system_title.is_empty());
        assert_eq!(g.header().invocation_counter, 0x8000_00D1);
        assert_eq!(g.ciphered_text(), &GGC_NO_TITLE[8..]);
        let mut out = [0u8; 64];
        let n = g.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &GGC_NO_TITLE);
        let ded = GeneralGloDedCiphering {
            ciphering: Ciphering::Dedicated,
            ..g
        };
        let n = ded.emit(&mut out).unwrap();
        assert_eq!(out[0], 0xDC);
        assert_eq!(GeneralGloDedCiphering::parse_exact(&out[..n]).unwrap(), ded);
        assert_eq!(
            GeneralGloDedCiphering::parse(&hex!("DD00"))
                .unwrap_err()
                .kind(),
            ErrorKind::UnknownTag { found: 0xDD }
        );
        for n in 0..GGC_NO_TITLE.len() {
            assert!(GeneralGloDedCiphering::parse(&GGC_NO_TITLE[..n]).is_err());
        }
    }

    #[test]
    fn general_ciphering_key_infos() {
        let text = hex!("AABBCCDD");
        let content = CipheredContent {
            header: SecurityHeader::from_bytes(hex!("3100000001")),
            ciphered_text: &text,
        };
        let header = GeneralHeader {
            transaction_id: &hex!("0102030405060708"),
            originator_system_title: &hex!("4D4D4D0000BC614E"),
            recipient_system_title: &hex!("4D4D4D0000000001"),
            date_time: &[],
            other_information: &[],
        };
        for key_info in [
            None,
            Some(KeyInfo::IdentifiedKey(
                KeyId::GLOBAL_BROADCAST_ENCRYPTION_KEY,
            )),
            Some(KeyInfo::WrappedKey {
                kek_id: KekId::MASTER_KEY,
                key_ciphered_data: &[1, 2, 3],
            }),
            Some(KeyInfo::AgreedKey {
                key_parameters: &[2],
                key_ciphered_data: &[],
            }),
        ] {
            let g = GeneralCiphering {
                header,
                key_info,
                content,
            };
            let mut out = [0u8; 128];
            let n = g.emit(&mut out).unwrap();
            assert_eq!(n, g.buffer_len());
            let (back, spans, rest) = GeneralCiphering::parse_spanned(&out[..n]).unwrap();
            assert!(rest.is_empty());
            assert_eq!(back, g);
            assert_eq!(spans.header, &out[1..1 + header.buffer_len()]);
            assert_eq!(spans.content, &hex!("3100000001AABBCCDD"));
            assert_eq!(spans.through_content, &out[..n]);
            for cut in 0..n {
                assert!(GeneralCiphering::parse(&out[..cut]).is_err());
            }
        }
        // Agreed key as Gurux writes it for the static unified model.
        let bytes = hex!("DD 00 00 00 00 00 01 02 01 02 00 05 3100000000");
        let g = GeneralCiphering::parse_exact(&bytes).unwrap();
        assert_eq!(
            g.key_info,
            Some(KeyInfo::AgreedKey {
                key_parameters: &[2],
                key_ciphered_data: &[]
            })
        );
        let err = GeneralCiphering::parse(&hex!("DD 00 00 00 00 00 01 03")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownChoice { found: 3 });
        assert_eq!(err.offset(), 7);
        let err = GeneralCiphering::parse(&hex!("DF")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0xDD,
                found: 0xDF
            }
        );
    }

    #[test]
    fn general_signing_spans() {
        let apdu = hex!(
            "DF 08 0102030405060708 08 4D4D4D0000BC614E 08 4D4D4D0000000001 00 00"
            "05 C0010203 04"
            "03 AABBCC"
        );
        // (The content here is an arbitrary 5-octet string.)
        let (s, spans, rest) = GeneralSigning::parse_spanned(&apdu).unwrap();
        assert!(rest.is_empty());
        assert_eq!(s.header.transaction_id, &hex!("0102030405060708"));
        assert_eq!(s.content, &hex!("C001020304"));
        assert_eq!(s.signature, &hex!("AABBCC"));
        assert_eq!(spans.header, &apdu[1..30]);
        assert_eq!(spans.content, &apdu[31..36]);
        assert_eq!(spans.through_content, &apdu[..36]);
        let mut signed = [0u8; 64];
        let n = s.emit_signed_data(&mut signed).unwrap();
        let mut expected = spans.header.to_vec();
        expected.extend_from_slice(spans.content);
        assert_eq!(&signed[..n], &expected[..]);
        let mut out = [0u8; 64];
        let n = s.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &apdu);
        for cut in 0..apdu.len() {
            assert!(GeneralSigning::parse(&apdu[..cut]).is_err());
        }
    }

    #[test]
    fn render() {
        let apdu = CipheredApdu::parse_exact(&GLO_GET_SC30).unwrap();
        let text = format!("{}", Tree(&apdu));
        assert_eq!(
            text,
            "glo-get-request\n  security-control: 0x30 (suite 0, authenticated, encrypted)\n  \
             invocation-counter: 0x01234567\n  payload: 411312ff935a47566827c467bc\n  \
             authentication-tag: 7d825c3be4a77c3fcc056b6b\n"
        );
        let g = GeneralGloDedCiphering::parse_exact(&GGC_NO_TITLE).unwrap();
        assert!(format!("{}", Tree(&g)).starts_with("general-glo-ciphering\n  system-title: \n"));
    }

    fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(any::<u8>(), 0..max)
    }

    fn kind() -> impl Strategy<Value = CipheredKind> {
        (0..CipheredService::ALL.len(), any::<bool>()).prop_map(|(i, ded)| {
            CipheredKind::new(
                CipheredService::ALL[i],
                if ded {
                    Ciphering::Dedicated
                } else {
                    Ciphering::Global
                },
            )
        })
    }

    proptest! {
        #[test]
        fn ciphered_round_trip(kind in kind(), sc in any::<u8>(), ic in any::<u32>(), text in bytes(300)) {
            let apdu = CipheredApdu {
                kind,
                content: CipheredContent {
                    header: SecurityHeader { security_control: SecurityControl(sc), invocation_counter: ic },
                    ciphered_text: &text,
                },
            };
            let mut out = std::vec![0u8; apdu.buffer_len()];
            apdu.emit(&mut out).unwrap();
            prop_assert_eq!(CipheredApdu::parse_exact(&out).unwrap(), apdu);
        }

        #[test]
        fn general_round_trips(
            ded in any::<bool>(),
            fields in proptest::collection::vec(bytes(20), 7),
            key in 0u8..4,
            sc in any::<u8>(), ic in any::<u32>(), text in bytes(200),
        ) {
            let content = CipheredContent {
                header: SecurityHeader { security_control: SecurityControl(sc), invocation_counter: ic },
                ciphered_text: &text,
            };
            let g = GeneralGloDedCiphering {
                ciphering: if ded { Ciphering::Dedicated } else { Ciphering::Global },
                system_title: &fields[0],
                content,
            };
            let mut out = std::vec![0u8; g.buffer_len()];
            g.emit(&mut out).unwrap();
            prop_assert_eq!(GeneralGloDedCiphering::parse_exact(&out).unwrap(), g);

            let header = GeneralHeader {
                transaction_id: &fields[0],
                originator_system_title: &fields[1],
                recipient_system_title: &fields[2],
                date_time: &fields[3],
                other_information: &fields[4],
            };
            let key_info = match key {
                0 => None,
                1 => Some(KeyInfo::IdentifiedKey(KeyId(sc))),
                2 => Some(KeyInfo::WrappedKey { kek_id: KekId(sc), key_ciphered_data: &fields[5] }),
                _ => Some(KeyInfo::AgreedKey { key_parameters: &fields[5], key_ciphered_data: &fields[6] }),
            };
            let c = GeneralCiphering { header, key_info, content };
            let mut out = std::vec![0u8; c.buffer_len()];
            c.emit(&mut out).unwrap();
            prop_assert_eq!(GeneralCiphering::parse_exact(&out).unwrap(), c);

            let s = GeneralSigning { header, content: &text, signature: &fields[6] };
            let mut out = std::vec![0u8; s.buffer_len()];
            s.emit(&mut out).unwrap();
            prop_assert_eq!(GeneralSigning::parse_exact(&out).unwrap(), s);
        }

        #[test]
        fn arbitrary_input_never_panics(
            tag in proptest::sample::select(&[0xC8u8, 0x41, 0xDB, 0xDC, 0xDD, 0xDF][..]),
            body in bytes(64),
        ) {
            let mut input = std::vec![tag];
            input.extend(body);
            let _ = CipheredApdu::parse(&input);
            let _ = GeneralGloDedCiphering::parse(&input);
            let _ = GeneralCiphering::parse(&input);
            let _ = GeneralSigning::parse(&input);
        }
    }
}
