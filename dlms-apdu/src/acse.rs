//! ACSE association APDUs (AARQ, AARE, RLRQ, RLRE) in BER (IEC 62056-5-3, the ACSE APDUs
//! clause and its `COSEMpdu` ASN.1 module, after ISO/IEC 8650-1).
//!
//! Unlike the xDLMS APDUs these are BER encoded: every field is a tag, a definite length
//! (short form, or `81 xx`, `82 xx xx`, up to four length octets) and contents. Each length
//! is checked against the bytes that remain before it is used.
//!
//! # Field order and unknown fields
//!
//! Fields are read in the order the ASN.1 SEQUENCE lists them, each at most once, and are
//! emitted in that same order. A field with a tag the standard does not define for the APDU,
//! or one out of order or repeated, is rejected with [`ErrorKind::UnexpectedTag`] (naming as
//! `expected` the next field the sequence allows there): this crate does not skip what it
//! cannot re-emit, so `emit(parse(b)) == b` for every BER input that uses the shortest length
//! forms. `application-context-name-list` (ISO/IEC 8650-1 \[13\]), which DLMS does not use,
//! is one of the rejected fields. The one tolerated variant is implementation-information
//! with the constructed tag `BD` besides the standard `9D` (see [`ImplementationInformation`]).
//!
//! # User information
//!
//! The user-information field is kept as the bytes of its OCTET STRING;
//! [`UserInformation::parse_exact`] (or `parse_user_information` on each APDU) decodes them as
//! an [`InitiateRequest`], [`InitiateResponse`] or [`ConfirmedServiceError`], or hands back the
//! bytes of a ciphered initiate APDU for the ciphering layer.
//!
//! ```
//! use dlms_apdu::acse::{Aarq, ApplicationContext, Mechanism, UserInformation};
//!
//! // AARQ with low-level security (password "12345678"), from u9n/dlms-cosem's tests.
//! let bytes = [
//!     0x60, 0x36, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0x8A,
//!     0x02, 0x07, 0x80, 0x8B, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01, 0xAC, 0x0A,
//!     0x80, 0x08, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0xBE, 0x10, 0x04, 0x0E,
//!     0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0x04, 0xB0,
//! ];
//! let aarq = Aarq::parse_exact(&bytes)?;
//! assert_eq!(aarq.application_context_name.context(), Some(ApplicationContext::LOGICAL_NAME));
//! assert_eq!(aarq.mechanism_name.and_then(|m| m.mechanism()), Some(Mechanism::LOW_LEVEL_SECURITY));
//! assert_eq!(aarq.calling_authentication_value.and_then(|v| v.char_string()), Some(&b"12345678"[..]));
//! let Some(UserInformation::InitiateRequest(init)) = aarq.parse_user_information()? else {
//!     panic!("an InitiateRequest")
//! };
//! assert_eq!(init.client_max_receive_pdu_size, 1200);
//!
//! let mut out = [0u8; 64];
//! let n = aarq.emit(&mut out)?;
//! assert_eq!(&out[..n], &bytes[..]);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{Reader, Writer, codec_fns, emit_with, length_len};
use crate::error::{Error, ErrorKind, Result};
use crate::exception::ConfirmedServiceError;
use crate::initiate::{InitiateRequest, InitiateResponse};
use crate::registry::{AcseServiceProvider, AcseServiceUser, AssociationResult, registry};
use crate::render::{Hex, Render, Renderer};

/// BER universal tags used inside the ACSE fields.
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OBJECT_IDENTIFIER: u8 = 0x06;

/// The OID contents of 2.16.756.5.8.1 (DLMS application context names), without the last arc.
const CONTEXT_PREFIX: [u8; 6] = [0x60, 0x85, 0x74, 0x05, 0x08, 0x01];
/// The OID contents of 2.16.756.5.8.2 (DLMS authentication mechanism names), without the
/// last arc.
const MECHANISM_PREFIX: [u8; 6] = [0x60, 0x85, 0x74, 0x05, 0x08, 0x02];

registry! {
    /// The last arc of a DLMS application context name, 2.16.756.5.8.1.N (IEC 62056-5-3, the
    /// application context names). Values 0..=127 travel in one octet.
    pub struct ApplicationContext(u8) {
        /// Logical name referencing, no ciphering (1).
        LOGICAL_NAME = 1 => "Logical_Name_Referencing_No_Ciphering",
        /// Short name referencing, no ciphering (2).
        SHORT_NAME = 2 => "Short_Name_Referencing_No_Ciphering",
        /// Logical name referencing with ciphering (3).
        LOGICAL_NAME_WITH_CIPHERING = 3 => "Logical_Name_Referencing_With_Ciphering",
        /// Short name referencing with ciphering (4).
        SHORT_NAME_WITH_CIPHERING = 4 => "Short_Name_Referencing_With_Ciphering",
    }
}

registry! {
    /// The last arc of a DLMS authentication mechanism name, 2.16.756.5.8.2.M (IEC 62056-5-3,
    /// the authentication mechanism names). Values 0..=127 travel in one octet.
    pub struct Mechanism(u8) {
        /// Lowest level security, no authentication (0).
        LOWEST_LEVEL_SECURITY = 0 => "COSEM_lowest_level_security_mechanism_name",
        /// Low level security, a password (1).
        LOW_LEVEL_SECURITY = 1 => "COSEM_low_level_security_mechanism_name",
        /// High level security, manufacturer specific (2).
        HIGH_LEVEL_SECURITY = 2 => "COSEM_high_level_security_mechanism_name",
        /// High level security using MD5 (3).
        HIGH_LEVEL_SECURITY_MD5 = 3 => "COSEM_high_level_security_mechanism_name_using_MD5",
        /// High level security using SHA-1 (4).
        HIGH_LEVEL_SECURITY_SHA1 = 4 => "COSEM_high_level_security_mechanism_name_using_SHA-1",
        /// High level security using GMAC (5).
        HIGH_LEVEL_SECURITY_GMAC = 5 => "COSEM_High_Level_Security_Mechanism_Name_Using_GMAC",
        /// High level security using SHA-256 (6).
        HIGH_LEVEL_SECURITY_SHA256 = 6 => "COSEM_High_Level_Security_Mechanism_Name_Using_SHA-256",
        /// High level security using ECDSA (7).
        HIGH_LEVEL_SECURITY_ECDSA = 7 => "COSEM_High_Level_Security_Mechanism_Name_Using_ECDSA",
    }
}

registry! {
    /// The reason of a release request (RLRQ `reason`).
    pub struct ReleaseRequestReason(u8) {
        /// normal.
        NORMAL = 0 => "normal",
        /// urgent.
        URGENT = 1 => "urgent",
        /// user-defined.
        USER_DEFINED = 30 => "user-defined",
    }
}

registry! {
    /// The reason of a release response (RLRE `reason`).
    pub struct ReleaseResponseReason(u8) {
        /// normal.
        NORMAL = 0 => "normal",
        /// not-finished.
        NOT_FINISHED = 1 => "not-finished",
        /// user-defined.
        USER_DEFINED = 30 => "user-defined",
    }
}

// ---------------------------------------------------------------------------------------
// BER plumbing

/// Bytes of a TLV with `content` octets of contents.
const fn tlv_len(content: usize) -> usize {
    length_len(content)
        .saturating_add(content)
        .saturating_add(1)
}

/// Writes a tag and a length.
fn write_header(w: &mut Writer<'_>, tag: u8, content: usize) -> Result<()> {
    w.u8(tag)?;
    w.length(content)
}

/// Reads a length and returns a reader over the contents it announces (reporting absolute
/// offsets), after checking the length against the input that remains.
fn contents<'a>(r: &mut Reader<'a>) -> Result<Reader<'a>> {
    let bytes = r.octets()?;
    Ok(Reader::with_base(
        bytes,
        r.offset().saturating_sub(bytes.len()),
    ))
}

/// Reads a universal `tag` TLV that must fill `r`, and returns its contents.
fn inner<'a>(mut r: Reader<'a>, tag: u8) -> Result<&'a [u8]> {
    r.expect(tag)?;
    let bytes = r.octets()?;
    r.finish()?;
    Ok(bytes)
}

/// Reads an INTEGER TLV that must fill `r` and hold exactly one octet.
fn small_integer(r: Reader<'_>) -> Result<u8> {
    let at = r.offset();
    let bytes = inner(r, INTEGER)?;
    match bytes {
        [v] => Ok(*v),
        _ => Err(Error::new(ErrorKind::InvalidValue, at)),
    }
}

/// The fields of a SEQUENCE body, read in order.
struct Body<'a> {
    r: Reader<'a>,
    /// The tags of the fields in canonical order, to name the expected tag in errors.
    order: &'static [u8],
    /// Index in `order` of the next field the sequence allows.
    next: usize,
}

impl<'a> Body<'a> {
    fn new(r: Reader<'a>, order: &'static [u8]) -> Self {
        Self { r, order, next: 0 }
    }

    /// Moves past `tag` in the canonical order.
    fn advance(&mut self, tag: u8) {
        if let Some(i) = self.order.iter().position(|&t| t == tag) {
            self.next = i.saturating_add(1);
        }
    }

    /// Consumes the field `tag` if it comes next, returning a reader over its contents.
    fn optional(&mut self, tag: u8) -> Result<Option<Reader<'a>>> {
        if self.r.peek() != Some(tag) {
            return Ok(None);
        }
        self.r.u8()?;
        self.advance(tag);
        contents(&mut self.r).map(Some)
    }

    /// Consumes the field `tag` if it comes next, taking the place of the field `canonical`
    /// in the order (an alternative tag for the same field).
    fn optional_as(&mut self, tag: u8, canonical: u8) -> Result<Option<Reader<'a>>> {
        if self.r.peek() != Some(tag) {
            return Ok(None);
        }
        self.r.u8()?;
        self.advance(canonical);
        contents(&mut self.r).map(Some)
    }

    /// Consumes the mandatory field `tag`.
    fn required(&mut self, tag: u8) -> Result<Reader<'a>> {
        self.r.expect(tag)?;
        self.advance(tag);
        contents(&mut self.r)
    }

    /// Fails unless every field was consumed.
    fn finish(&self) -> Result<()> {
        match (self.r.peek(), self.order.get(self.next)) {
            (None, _) => Ok(()),
            (Some(found), Some(&expected)) => {
                Err(self.r.err(ErrorKind::UnexpectedTag { expected, found }))
            }
            (Some(_), None) => Err(self.r.err(ErrorKind::TrailingBytes)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Field types

/// A BER BIT STRING as sent: the count of unused bits in the last octet, and the octets
/// (`protocol-version`, `ACSE-requirements`, the bitstring authentication value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BerBitString<'a> {
    unused_bits: u8,
    bytes: &'a [u8],
}

impl<'a> BerBitString<'a> {
    /// One bit, set: `protocol-version` `{version1}` and `ACSE-requirements`
    /// `{authentication}` (`07 80` on the wire).
    pub const FIRST_BIT: BerBitString<'static> = BerBitString {
        unused_bits: 7,
        bytes: &[0x80],
    };

    /// A bit string of `bytes` whose last octet has `unused_bits` unused bits; `None` for
    /// more than 7 unused bits, or unused bits without any octet.
    #[must_use]
    pub const fn new(unused_bits: u8, bytes: &'a [u8]) -> Option<Self> {
        if unused_bits > 7 || (bytes.is_empty() && unused_bits != 0) {
            None
        } else {
            Some(Self { unused_bits, bytes })
        }
    }

    /// Unused bits in the last octet.
    #[must_use]
    pub const fn unused_bits(&self) -> u8 {
        self.unused_bits
    }

    /// The octets holding the bits.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Number of bits.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bytes
            .len()
            .saturating_mul(8)
            .saturating_sub(self.unused_bits as usize)
    }

    /// Whether the bit string has no bits.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bit `i` (0 = the most significant bit of the first octet), `None` past the end.
    #[must_use]
    pub fn bit(&self, i: usize) -> Option<bool> {
        if i >= self.len() {
            return None;
        }
        let byte = self.bytes.get(i / 8)?;
        Some(byte & (0x80 >> (i % 8)) != 0)
    }

    /// Parses the contents of a BIT STRING (the unused-bits octet and the octets).
    fn from_contents(mut r: Reader<'a>) -> Result<Self> {
        let at = r.offset();
        let unused = r.u8()?;
        let bytes = r.take_rest();
        Self::new(unused, bytes).ok_or(Error::new(ErrorKind::InvalidValue, at))
    }

    const fn contents_len(&self) -> usize {
        self.bytes.len().saturating_add(1)
    }

    fn write_contents(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.unused_bits)?;
        w.bytes(self.bytes)
    }
}

impl fmt::Display for BerBitString<'_> {
    /// The bit count and the octets in hex (`1 bits 80`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bits {}", self.len(), Hex(self.bytes))
    }
}

/// The contents of a BER INTEGER as sent (an AP or AE invocation identifier): at least one
/// octet, two's complement, most significant octet first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvocationId<'a>(&'a [u8]);

impl<'a> InvocationId<'a> {
    /// An identifier from its INTEGER contents; `None` when `bytes` is empty.
    #[must_use]
    pub const fn new(bytes: &'a [u8]) -> Option<Self> {
        if bytes.is_empty() {
            None
        } else {
            Some(Self(bytes))
        }
    }

    /// The INTEGER contents.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The value, when it fits an `i64`.
    #[must_use]
    pub fn value(&self) -> Option<i64> {
        if self.0.len() > 8 {
            return None;
        }
        let negative = self.0.first().is_some_and(|b| b & 0x80 != 0);
        let init: i64 = if negative { -1 } else { 0 };
        Some(
            self.0
                .iter()
                .fold(init, |acc, &b| acc.wrapping_shl(8) | i64::from(b)),
        )
    }
}

/// Object identifier contents, for the typed names with a fixed DLMS prefix.
#[derive(Debug, Clone, Copy)]
enum OidBytes<'a> {
    Dlms([u8; 7]),
    Other(&'a [u8]),
}

impl OidBytes<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Dlms(b) => b,
            Self::Other(b) => b,
        }
    }

    /// The DLMS form: `prefix` and one last arc.
    const fn dlms(prefix: [u8; 6], arc: u8) -> Self {
        let [a, b, c, d, e, f] = prefix;
        Self::Dlms([a, b, c, d, e, f, arc])
    }
}

/// The last arc of `oid` when it is `prefix` followed by a one-octet arc.
fn dlms_arc(oid: &[u8], prefix: [u8; 6]) -> Option<u8> {
    match oid.split_last() {
        Some((&arc, head)) if head == prefix && arc < 0x80 => Some(arc),
        _ => None,
    }
}

/// The application-context-name: a DLMS context (2.16.756.5.8.1.N) or another object
/// identifier, kept as its contents octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationContextName<'a> {
    /// 2.16.756.5.8.1.N. Parsing yields this form for every N below 128; emitting a value
    /// of 128 or more is not supported (the arc would need more than one octet).
    Dlms(ApplicationContext),
    /// Any other object identifier (its contents octets).
    Other(&'a [u8]),
}

impl<'a> ApplicationContextName<'a> {
    /// The name for the contents octets of an object identifier.
    #[must_use]
    pub fn from_oid(oid: &'a [u8]) -> Self {
        dlms_arc(oid, CONTEXT_PREFIX)
            .map_or(Self::Other(oid), |n| Self::Dlms(ApplicationContext(n)))
    }

    /// The DLMS context, when it is one.
    #[must_use]
    pub const fn context(&self) -> Option<ApplicationContext> {
        match self {
            Self::Dlms(c) => Some(*c),
            Self::Other(_) => None,
        }
    }

    fn oid(&self) -> OidBytes<'a> {
        match *self {
            Self::Dlms(c) => OidBytes::dlms(CONTEXT_PREFIX, c.0),
            Self::Other(b) => OidBytes::Other(b),
        }
    }
}

impl fmt::Display for ApplicationContextName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let oid = self.oid();
        match self {
            Self::Dlms(c) => write!(f, "{c} ({})", Hex(oid.as_slice())),
            Self::Other(b) => write!(f, "{}", Hex(b)),
        }
    }
}

/// The mechanism-name: a DLMS authentication mechanism (2.16.756.5.8.2.M) or another object
/// identifier, kept as its contents octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MechanismName<'a> {
    /// 2.16.756.5.8.2.M. Parsing yields this form for every M below 128; emitting a value
    /// of 128 or more is not supported (the arc would need more than one octet).
    Dlms(Mechanism),
    /// Any other object identifier (its contents octets).
    Other(&'a [u8]),
}

impl<'a> MechanismName<'a> {
    /// The name for the contents octets of an object identifier.
    #[must_use]
    pub fn from_oid(oid: &'a [u8]) -> Self {
        dlms_arc(oid, MECHANISM_PREFIX).map_or(Self::Other(oid), |m| Self::Dlms(Mechanism(m)))
    }

    /// The DLMS mechanism, when it is one.
    #[must_use]
    pub const fn mechanism(&self) -> Option<Mechanism> {
        match self {
            Self::Dlms(m) => Some(*m),
            Self::Other(_) => None,
        }
    }

    fn oid(&self) -> OidBytes<'a> {
        match *self {
            Self::Dlms(m) => OidBytes::dlms(MECHANISM_PREFIX, m.0),
            Self::Other(b) => OidBytes::Other(b),
        }
    }
}

impl fmt::Display for MechanismName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let oid = self.oid();
        match self {
            Self::Dlms(m) => write!(f, "{m} ({})", Hex(oid.as_slice())),
            Self::Other(b) => write!(f, "{}", Hex(b)),
        }
    }
}

/// The `Authentication-value` CHOICE (calling- and responding-authentication-value).
///
/// DLMS sends the password or challenge as `charstring`; the other alternatives are kept as
/// their contents octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthenticationValue<'a> {
    /// charstring \[0\] (`80`): the LLS password or the HLS challenge.
    CharString(&'a [u8]),
    /// bitstring \[1\] (`81`).
    BitString(BerBitString<'a>),
    /// external \[2\] (`A2`), its contents as sent.
    External(&'a [u8]),
    /// other \[3\] (`A3`), its contents as sent.
    Other(&'a [u8]),
}

impl<'a> AuthenticationValue<'a> {
    /// The charstring alternative's octets.
    #[must_use]
    pub const fn char_string(&self) -> Option<&'a [u8]> {
        match self {
            Self::CharString(b) => Some(b),
            _ => None,
        }
    }

    const fn tag(&self) -> u8 {
        match self {
            Self::CharString(_) => 0x80,
            Self::BitString(_) => 0x81,
            Self::External(_) => 0xA2,
            Self::Other(_) => 0xA3,
        }
    }

    const fn contents_len(&self) -> usize {
        match self {
            Self::CharString(b) | Self::External(b) | Self::Other(b) => b.len(),
            Self::BitString(b) => b.contents_len(),
        }
    }

    /// Parses the explicit wrapper's contents: exactly one alternative.
    fn parse_wrapped(mut r: Reader<'a>) -> Result<Self> {
        let at = r.position();
        let tag = r.u8()?;
        let c = contents(&mut r)?;
        let v = match tag {
            0x80 => Self::CharString(c.rest()),
            0x81 => Self::BitString(BerBitString::from_contents(c)?),
            0xA2 => Self::External(c.rest()),
            0xA3 => Self::Other(c.rest()),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        };
        r.finish()?;
        Ok(v)
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        write_header(w, self.tag(), self.contents_len())?;
        match self {
            Self::CharString(b) | Self::External(b) | Self::Other(b) => w.bytes(b),
            Self::BitString(b) => b.write_contents(w),
        }
    }
}

impl fmt::Display for AuthenticationValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CharString(b) => write!(f, "charstring {}", Hex(b)),
            Self::BitString(b) => write!(f, "bitstring {b}"),
            Self::External(b) => write!(f, "external {}", Hex(b)),
            Self::Other(b) => write!(f, "other {}", Hex(b)),
        }
    }
}

/// The implementation-information field: a GraphicString whose contents are kept as sent.
///
/// The standard's `[29] IMPLICIT` tagging gives the primitive tag `9D`; dlms-cosem 25.1.0
/// writes the constructed tag `BD` around the same bare contents. Both are read, and each is
/// re-emitted with the tag it came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImplementationInformation<'a> {
    /// The contents octets.
    pub contents: &'a [u8],
    /// Whether the field came with the constructed tag `BD` (else `9D`).
    pub constructed: bool,
}

impl<'a> ImplementationInformation<'a> {
    /// The field with the standard's primitive tag.
    #[must_use]
    pub const fn new(contents: &'a [u8]) -> Self {
        Self {
            contents,
            constructed: false,
        }
    }

    const fn tag(&self) -> u8 {
        if self.constructed {
            tag::IMPLEMENTATION_INFORMATION_CONSTRUCTED
        } else {
            tag::IMPLEMENTATION_INFORMATION
        }
    }
}

/// The AARE result-source-diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultSourceDiagnostic {
    /// acse-service-user \[1\].
    ServiceUser(AcseServiceUser),
    /// acse-service-provider \[2\].
    ServiceProvider(AcseServiceProvider),
}

impl ResultSourceDiagnostic {
    fn parse_wrapped(mut r: Reader<'_>) -> Result<Self> {
        let at = r.position();
        let tag = r.u8()?;
        let c = contents(&mut r)?;
        let v = match tag {
            0xA1 => Self::ServiceUser(AcseServiceUser(small_integer(c)?)),
            0xA2 => Self::ServiceProvider(AcseServiceProvider(small_integer(c)?)),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        };
        r.finish()?;
        Ok(v)
    }

    const fn parts(&self) -> (u8, u8) {
        match self {
            Self::ServiceUser(v) => (0xA1, v.0),
            Self::ServiceProvider(v) => (0xA2, v.0),
        }
    }
}

impl fmt::Display for ResultSourceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ServiceUser(v) => write!(f, "acse-service-user: {v}"),
            Self::ServiceProvider(v) => write!(f, "acse-service-provider: {v}"),
        }
    }
}

/// The decoded contents of a user-information field: the xDLMS APDU it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserInformation<'a> {
    /// An InitiateRequest in clear (`01`).
    InitiateRequest(InitiateRequest<'a>),
    /// An InitiateResponse in clear (`08`).
    InitiateResponse(InitiateResponse),
    /// A confirmedServiceError in clear (`0E`).
    ConfirmedServiceError(ConfirmedServiceError),
    /// A protected APDU, left for the ciphering layer: its bytes from the tag on.
    /// glo-/ded-initiateRequest (`21`/`41`), glo-/ded-initiateResponse (`28`/`48`),
    /// glo-/ded-confirmedServiceError (`2E`/`4E`) and general-glo-, general-ded- and
    /// general-ciphering (`DB`, `DC`, `DD`).
    Ciphered(&'a [u8]),
}

impl<'a> UserInformation<'a> {
    /// The tags of the protected APDUs kept as [`Ciphered`](Self::Ciphered).
    pub const CIPHERED_TAGS: [u8; 9] = [0x21, 0x28, 0x2E, 0x41, 0x48, 0x4E, 0xDB, 0xDC, 0xDD];

    /// Decodes the octets of a user-information field, which the APDU must fill.
    ///
    /// Error offsets count from the start of `input`.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownTag`] for a first octet that starts none of the APDUs above,
    /// [`ErrorKind::Truncated`] for empty input, the errors of the APDU's own parser, and
    /// [`ErrorKind::TrailingBytes`].
    pub fn parse_exact(input: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(input);
        let v = match r.peek() {
            Some(InitiateRequest::TAG) => {
                Self::InitiateRequest(InitiateRequest::parse_from(&mut r)?)
            }
            Some(InitiateResponse::TAG) => {
                Self::InitiateResponse(InitiateResponse::parse_from(&mut r)?)
            }
            Some(ConfirmedServiceError::TAG) => {
                Self::ConfirmedServiceError(ConfirmedServiceError::parse_from(&mut r)?)
            }
            Some(tag) if Self::CIPHERED_TAGS.contains(&tag) => Self::Ciphered(r.take_rest()),
            Some(found) => return Err(r.err(ErrorKind::UnknownTag { found })),
            None => return Err(r.err(ErrorKind::Truncated { needed: 1 })),
        };
        r.finish()?;
        Ok(v)
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match self {
            Self::InitiateRequest(v) => v.buffer_len(),
            Self::InitiateResponse(v) => v.buffer_len(),
            Self::ConfirmedServiceError(v) => v.buffer_len(),
            Self::Ciphered(b) => b.len(),
        }
    }

    /// Writes the APDU into `out` (the octets to place in a user-information field);
    /// returns the bytes written.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than
    /// [`buffer_len`](Self::buffer_len).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        emit_with(out, self.buffer_len(), |w| match self {
            Self::InitiateRequest(v) => v.write(w),
            Self::InitiateResponse(v) => v.write(w),
            Self::ConfirmedServiceError(v) => v.write(w),
            Self::Ciphered(b) => w.bytes(b),
        })
    }
}

impl Render for UserInformation<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::InitiateRequest(v) => v.render(r),
            Self::InitiateResponse(v) => v.render(r),
            Self::ConfirmedServiceError(v) => v.render(r),
            Self::Ciphered(b) => r.hex("ciphered-apdu", b),
        }
    }
}

/// Decodes an optional user-information field.
fn parse_user_information(bytes: Option<&[u8]>) -> Result<Option<UserInformation<'_>>> {
    bytes.map(UserInformation::parse_exact).transpose()
}

// ---------------------------------------------------------------------------------------
// Field encoders

/// One encoded field of an ACSE APDU.
#[derive(Debug, Clone, Copy)]
enum Field<'a> {
    /// `[n] IMPLICIT BIT STRING`.
    Bits(u8, BerBitString<'a>),
    /// `[n] IMPLICIT OBJECT IDENTIFIER`.
    Oid(u8, OidBytes<'a>),
    /// `[n]` explicit, wrapping an OBJECT IDENTIFIER.
    WrappedOid(u8, OidBytes<'a>),
    /// `[n]` explicit, wrapping an OCTET STRING.
    WrappedOctets(u8, &'a [u8]),
    /// `[n]` explicit, wrapping an INTEGER given as its contents.
    WrappedInteger(u8, &'a [u8]),
    /// `[n]` explicit, wrapping a one-octet INTEGER.
    WrappedSmall(u8, u8),
    /// `[n] IMPLICIT INTEGER`, one octet.
    ImplicitSmall(u8, u8),
    /// `[n] IMPLICIT` primitive contents.
    Primitive(u8, &'a [u8]),
    /// `[n]` explicit, wrapping an authentication value.
    Auth(u8, AuthenticationValue<'a>),
    /// The AARE result-source-diagnostic (`A3`).
    Diagnostic(ResultSourceDiagnostic),
}

impl Field<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Bits(_, b) => tlv_len(b.contents_len()),
            Self::Oid(_, o) => tlv_len(o.as_slice().len()),
            Self::WrappedOid(_, o) => tlv_len(tlv_len(o.as_slice().len())),
            Self::WrappedOctets(_, b) | Self::WrappedInteger(_, b) => tlv_len(tlv_len(b.len())),
            Self::WrappedSmall(..) => tlv_len(tlv_len(1)),
            Self::ImplicitSmall(..) => tlv_len(1),
            Self::Primitive(_, b) => tlv_len(b.len()),
            Self::Auth(_, v) => tlv_len(tlv_len(v.contents_len())),
            Self::Diagnostic(_) => tlv_len(tlv_len(tlv_len(1))),
        }
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::Bits(tag, b) => {
                write_header(w, tag, b.contents_len())?;
                b.write_contents(w)
            }
            Self::Oid(tag, o) => {
                let o = o.as_slice();
                write_header(w, tag, o.len())?;
                w.bytes(o)
            }
            Self::WrappedOid(tag, o) => wrapped(w, tag, OBJECT_IDENTIFIER, o.as_slice()),
            Self::WrappedOctets(tag, b) => wrapped(w, tag, OCTET_STRING, b),
            Self::WrappedInteger(tag, b) => wrapped(w, tag, INTEGER, b),
            Self::WrappedSmall(tag, v) => wrapped(w, tag, INTEGER, &[v]),
            Self::ImplicitSmall(tag, v) => w.bytes(&[tag, 1, v]),
            Self::Primitive(tag, b) => {
                write_header(w, tag, b.len())?;
                w.bytes(b)
            }
            Self::Auth(tag, v) => {
                write_header(w, tag, tlv_len(v.contents_len()))?;
                v.write(w)
            }
            Self::Diagnostic(d) => {
                let (tag, v) = d.parts();
                w.bytes(&[0xA3, 5, tag, 3, INTEGER, 1, v])
            }
        }
    }
}

/// Writes `tag { inner_tag { contents } }`.
fn wrapped(w: &mut Writer<'_>, tag: u8, inner_tag: u8, contents: &[u8]) -> Result<()> {
    write_header(w, tag, tlv_len(contents.len()))?;
    write_header(w, inner_tag, contents.len())?;
    w.bytes(contents)
}

/// Bytes of a BER APDU whose body holds `fields`.
fn apdu_len(fields: &[Option<Field<'_>>]) -> usize {
    tlv_len(body_len(fields))
}

fn body_len(fields: &[Option<Field<'_>>]) -> usize {
    fields
        .iter()
        .flatten()
        .fold(0usize, |acc, f| acc.saturating_add(f.len()))
}

fn write_apdu(w: &mut Writer<'_>, tag: u8, fields: &[Option<Field<'_>>]) -> Result<()> {
    write_header(w, tag, body_len(fields))?;
    fields.iter().flatten().try_for_each(|f| f.write(w))
}

// Field readers, each given the reader over a field's contents.

fn read_bits(r: Option<Reader<'_>>) -> Result<Option<BerBitString<'_>>> {
    r.map(BerBitString::from_contents).transpose()
}

fn read_wrapped_octets(r: Option<Reader<'_>>) -> Result<Option<&[u8]>> {
    r.map(|r| inner(r, OCTET_STRING)).transpose()
}

fn read_invocation_id(r: Option<Reader<'_>>) -> Result<Option<InvocationId<'_>>> {
    r.map(|r| {
        let at = r.offset();
        let bytes = inner(r, INTEGER)?;
        InvocationId::new(bytes).ok_or(Error::new(ErrorKind::InvalidValue, at))
    })
    .transpose()
}

fn read_mechanism(r: Option<Reader<'_>>) -> Option<MechanismName<'_>> {
    r.map(|mut r| MechanismName::from_oid(r.take_rest()))
}

fn read_auth(r: Option<Reader<'_>>) -> Result<Option<AuthenticationValue<'_>>> {
    r.map(AuthenticationValue::parse_wrapped).transpose()
}

fn read_implementation_information<'a>(
    b: &mut Body<'a>,
) -> Result<Option<ImplementationInformation<'a>>> {
    let primitive = b.optional(tag::IMPLEMENTATION_INFORMATION)?;
    let (r, constructed) = match primitive {
        Some(r) => (Some(r), false),
        None => (
            b.optional_as(
                tag::IMPLEMENTATION_INFORMATION_CONSTRUCTED,
                tag::IMPLEMENTATION_INFORMATION,
            )?,
            true,
        ),
    };
    Ok(r.map(|mut r| ImplementationInformation {
        contents: r.take_rest(),
        constructed,
    }))
}

/// Reads the user-information field: `BE { 04 len octets }`.
fn read_user_information(r: Option<Reader<'_>>) -> Result<Option<&[u8]>> {
    read_wrapped_octets(r)
}

/// The user-information field, when present, with the APDU it carries decoded.
fn render_user_information<W: Write>(
    r: &mut Renderer<'_, W>,
    user_information: Option<&[u8]>,
) -> fmt::Result {
    let Some(bytes) = user_information else {
        return Ok(());
    };
    r.node(
        format_args!("user-information: {}", Hex(bytes)),
        |r| match UserInformation::parse_exact(bytes) {
            Ok(ui) => ui.render(r),
            Err(e) => r.field("undecoded", e),
        },
    )
}

/// The methods every ACSE APDU shares, built on its `fields` and `user_information`.
macro_rules! acse_apdu_fns {
    () => {
        /// Bytes [`emit`](Self::emit) writes.
        #[must_use]
        pub fn buffer_len(&self) -> usize {
            apdu_len(&self.fields())
        }

        pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
            write_apdu(w, Self::TAG, &self.fields())
        }

        /// Decodes the user-information field, when present.
        ///
        /// # Errors
        /// As [`UserInformation::parse_exact`], with offsets counted from the start of the
        /// user-information octets.
        pub fn parse_user_information(&self) -> Result<Option<UserInformation<'a>>> {
            parse_user_information(self.user_information)
        }
    };
}

// ---------------------------------------------------------------------------------------
// Tags

mod tag {
    pub(super) const AARQ: u8 = 0x60;
    pub(super) const AARE: u8 = 0x61;
    pub(super) const RLRQ: u8 = 0x62;
    pub(super) const RLRE: u8 = 0x63;

    pub(super) const PROTOCOL_VERSION: u8 = 0x80;
    pub(super) const CONTEXT_NAME: u8 = 0xA1;
    pub(super) const IMPLEMENTATION_INFORMATION: u8 = 0x9D;
    pub(super) const IMPLEMENTATION_INFORMATION_CONSTRUCTED: u8 = 0xBD;
    pub(super) const USER_INFORMATION: u8 = 0xBE;
    pub(super) const RELEASE_REASON: u8 = 0x80;

    // AARQ
    pub(super) const CALLED_AP_TITLE: u8 = 0xA2;
    pub(super) const CALLED_AE_QUALIFIER: u8 = 0xA3;
    pub(super) const CALLED_AP_INVOCATION_ID: u8 = 0xA4;
    pub(super) const CALLED_AE_INVOCATION_ID: u8 = 0xA5;
    pub(super) const CALLING_AP_TITLE: u8 = 0xA6;
    pub(super) const CALLING_AE_QUALIFIER: u8 = 0xA7;
    pub(super) const CALLING_AP_INVOCATION_ID: u8 = 0xA8;
    pub(super) const CALLING_AE_INVOCATION_ID: u8 = 0xA9;
    pub(super) const SENDER_ACSE_REQUIREMENTS: u8 = 0x8A;
    pub(super) const AARQ_MECHANISM_NAME: u8 = 0x8B;
    pub(super) const CALLING_AUTHENTICATION_VALUE: u8 = 0xAC;

    // AARE
    pub(super) const RESULT: u8 = 0xA2;
    pub(super) const RESULT_SOURCE_DIAGNOSTIC: u8 = 0xA3;
    pub(super) const RESPONDING_AP_TITLE: u8 = 0xA4;
    pub(super) const RESPONDING_AE_QUALIFIER: u8 = 0xA5;
    pub(super) const RESPONDING_AP_INVOCATION_ID: u8 = 0xA6;
    pub(super) const RESPONDING_AE_INVOCATION_ID: u8 = 0xA7;
    pub(super) const RESPONDER_ACSE_REQUIREMENTS: u8 = 0x88;
    pub(super) const AARE_MECHANISM_NAME: u8 = 0x89;
    pub(super) const RESPONDING_AUTHENTICATION_VALUE: u8 = 0xAA;

    /// The AARQ fields in canonical order.
    pub(super) const AARQ_ORDER: [u8; 15] = [
        PROTOCOL_VERSION,
        CONTEXT_NAME,
        CALLED_AP_TITLE,
        CALLED_AE_QUALIFIER,
        CALLED_AP_INVOCATION_ID,
        CALLED_AE_INVOCATION_ID,
        CALLING_AP_TITLE,
        CALLING_AE_QUALIFIER,
        CALLING_AP_INVOCATION_ID,
        CALLING_AE_INVOCATION_ID,
        SENDER_ACSE_REQUIREMENTS,
        AARQ_MECHANISM_NAME,
        CALLING_AUTHENTICATION_VALUE,
        IMPLEMENTATION_INFORMATION,
        USER_INFORMATION,
    ];

    /// The AARE fields in canonical order.
    pub(super) const AARE_ORDER: [u8; 13] = [
        PROTOCOL_VERSION,
        CONTEXT_NAME,
        RESULT,
        RESULT_SOURCE_DIAGNOSTIC,
        RESPONDING_AP_TITLE,
        RESPONDING_AE_QUALIFIER,
        RESPONDING_AP_INVOCATION_ID,
        RESPONDING_AE_INVOCATION_ID,
        RESPONDER_ACSE_REQUIREMENTS,
        AARE_MECHANISM_NAME,
        RESPONDING_AUTHENTICATION_VALUE,
        IMPLEMENTATION_INFORMATION,
        USER_INFORMATION,
    ];

    /// The RLRQ and RLRE fields in canonical order.
    pub(super) const RELEASE_ORDER: [u8; 2] = [RELEASE_REASON, USER_INFORMATION];
}

// ---------------------------------------------------------------------------------------
// AARQ

/// The A-ASSOCIATE request (AARQ, `60`) a client sends to open an association
/// (IEC 62056-5-3, `AARQ-apdu`).
///
/// Titles and qualifiers hold the contents of the OCTET STRING their field wraps: the
/// calling-AP-title is the client system title, the calling-AE-qualifier the client's
/// signing certificate (suites 1 and 2). [`emit`](Self::emit) writes the fields in canonical
/// order and lengths in their shortest form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aarq<'a> {
    /// protocol-version \[0\] (`80`); absent means the default, version1.
    pub protocol_version: Option<BerBitString<'a>>,
    /// application-context-name \[1\] (`A1`).
    pub application_context_name: ApplicationContextName<'a>,
    /// called-AP-title \[2\] (`A2`).
    pub called_ap_title: Option<&'a [u8]>,
    /// called-AE-qualifier \[3\] (`A3`).
    pub called_ae_qualifier: Option<&'a [u8]>,
    /// called-AP-invocation-identifier \[4\] (`A4`).
    pub called_ap_invocation_id: Option<InvocationId<'a>>,
    /// called-AE-invocation-identifier \[5\] (`A5`).
    pub called_ae_invocation_id: Option<InvocationId<'a>>,
    /// calling-AP-title \[6\] (`A6`): the client system title.
    pub calling_ap_title: Option<&'a [u8]>,
    /// calling-AE-qualifier \[7\] (`A7`): the client's certificate (suites 1 and 2).
    pub calling_ae_qualifier: Option<&'a [u8]>,
    /// calling-AP-invocation-identifier \[8\] (`A8`).
    pub calling_ap_invocation_id: Option<InvocationId<'a>>,
    /// calling-AE-invocation-identifier \[9\] (`A9`).
    pub calling_ae_invocation_id: Option<InvocationId<'a>>,
    /// sender-acse-requirements \[10\] (`8A`); `07 80` selects authentication.
    pub sender_acse_requirements: Option<BerBitString<'a>>,
    /// mechanism-name \[11\] (`8B`).
    pub mechanism_name: Option<MechanismName<'a>>,
    /// calling-authentication-value \[12\] (`AC`): the password or the challenge CtoS.
    pub calling_authentication_value: Option<AuthenticationValue<'a>>,
    /// implementation-information \[29\] (`9D`, or `BD` as dlms-cosem writes it).
    pub implementation_information: Option<ImplementationInformation<'a>>,
    /// user-information \[30\] (`BE`): the octets of the OCTET STRING it wraps.
    pub user_information: Option<&'a [u8]>,
}

impl<'a> Aarq<'a> {
    /// The APDU tag (`[APPLICATION 0]`).
    pub const TAG: u8 = tag::AARQ;

    /// An AARQ with only the application context name.
    #[must_use]
    pub const fn new(application_context_name: ApplicationContextName<'a>) -> Self {
        Self {
            protocol_version: None,
            application_context_name,
            called_ap_title: None,
            called_ae_qualifier: None,
            called_ap_invocation_id: None,
            called_ae_invocation_id: None,
            calling_ap_title: None,
            calling_ae_qualifier: None,
            calling_ap_invocation_id: None,
            calling_ae_invocation_id: None,
            sender_acse_requirements: None,
            mechanism_name: None,
            calling_authentication_value: None,
            implementation_information: None,
            user_information: None,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        let mut b = Body::new(contents(r)?, &tag::AARQ_ORDER);
        let v = Self {
            protocol_version: read_bits(b.optional(tag::PROTOCOL_VERSION)?)?,
            application_context_name: ApplicationContextName::from_oid(inner(
                b.required(tag::CONTEXT_NAME)?,
                OBJECT_IDENTIFIER,
            )?),
            called_ap_title: read_wrapped_octets(b.optional(tag::CALLED_AP_TITLE)?)?,
            called_ae_qualifier: read_wrapped_octets(b.optional(tag::CALLED_AE_QUALIFIER)?)?,
            called_ap_invocation_id: read_invocation_id(b.optional(tag::CALLED_AP_INVOCATION_ID)?)?,
            called_ae_invocation_id: read_invocation_id(b.optional(tag::CALLED_AE_INVOCATION_ID)?)?,
            calling_ap_title: read_wrapped_octets(b.optional(tag::CALLING_AP_TITLE)?)?,
            calling_ae_qualifier: read_wrapped_octets(b.optional(tag::CALLING_AE_QUALIFIER)?)?,
            calling_ap_invocation_id: read_invocation_id(
                b.optional(tag::CALLING_AP_INVOCATION_ID)?,
            )?,
            calling_ae_invocation_id: read_invocation_id(
                b.optional(tag::CALLING_AE_INVOCATION_ID)?,
            )?,
            sender_acse_requirements: read_bits(b.optional(tag::SENDER_ACSE_REQUIREMENTS)?)?,
            mechanism_name: read_mechanism(b.optional(tag::AARQ_MECHANISM_NAME)?),
            calling_authentication_value: read_auth(
                b.optional(tag::CALLING_AUTHENTICATION_VALUE)?,
            )?,
            implementation_information: read_implementation_information(&mut b)?,
            user_information: read_user_information(b.optional(tag::USER_INFORMATION)?)?,
        };
        b.finish()?;
        Ok(v)
    }

    fn fields(&self) -> [Option<Field<'a>>; 15] {
        [
            self.protocol_version
                .map(|v| Field::Bits(tag::PROTOCOL_VERSION, v)),
            Some(Field::WrappedOid(
                tag::CONTEXT_NAME,
                self.application_context_name.oid(),
            )),
            self.called_ap_title
                .map(|v| Field::WrappedOctets(tag::CALLED_AP_TITLE, v)),
            self.called_ae_qualifier
                .map(|v| Field::WrappedOctets(tag::CALLED_AE_QUALIFIER, v)),
            self.called_ap_invocation_id
                .map(|v| Field::WrappedInteger(tag::CALLED_AP_INVOCATION_ID, v.0)),
            self.called_ae_invocation_id
                .map(|v| Field::WrappedInteger(tag::CALLED_AE_INVOCATION_ID, v.0)),
            self.calling_ap_title
                .map(|v| Field::WrappedOctets(tag::CALLING_AP_TITLE, v)),
            self.calling_ae_qualifier
                .map(|v| Field::WrappedOctets(tag::CALLING_AE_QUALIFIER, v)),
            self.calling_ap_invocation_id
                .map(|v| Field::WrappedInteger(tag::CALLING_AP_INVOCATION_ID, v.0)),
            self.calling_ae_invocation_id
                .map(|v| Field::WrappedInteger(tag::CALLING_AE_INVOCATION_ID, v.0)),
            self.sender_acse_requirements
                .map(|v| Field::Bits(tag::SENDER_ACSE_REQUIREMENTS, v)),
            self.mechanism_name
                .map(|v| Field::Oid(tag::AARQ_MECHANISM_NAME, v.oid())),
            self.calling_authentication_value
                .map(|v| Field::Auth(tag::CALLING_AUTHENTICATION_VALUE, v)),
            self.implementation_information
                .map(|v| Field::Primitive(v.tag(), v.contents)),
            self.user_information
                .map(|v| Field::WrappedOctets(tag::USER_INFORMATION, v)),
        ]
    }

    acse_apdu_fns!();
}

codec_fns! {
    Aarq<'a>, "an AARQ";
    parse:
    /// [`ErrorKind::UnexpectedTag`] for a wrong APDU tag, a missing application context
    /// name, or a field the AARQ does not define, out of order or repeated;
    /// [`ErrorKind::UnknownChoice`] for an authentication value of unknown form;
    /// [`ErrorKind::Truncated`], [`ErrorKind::LengthExceeds`] and
    /// [`ErrorKind::InvalidLength`] for lengths that do not fit; [`ErrorKind::InvalidValue`]
    /// for a malformed bit string or integer; [`ErrorKind::TrailingBytes`] for bytes left
    /// inside a field.
}

impl Render for Aarq<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("aarq", |r| {
            if let Some(v) = self.protocol_version {
                r.field("protocol-version", v)?;
            }
            r.field("application-context-name", self.application_context_name)?;
            if let Some(v) = self.called_ap_title {
                r.hex("called-AP-title", v)?;
            }
            if let Some(v) = self.called_ae_qualifier {
                r.hex("called-AE-qualifier", v)?;
            }
            if let Some(v) = self.called_ap_invocation_id {
                r.hex("called-AP-invocation-id", v.0)?;
            }
            if let Some(v) = self.called_ae_invocation_id {
                r.hex("called-AE-invocation-id", v.0)?;
            }
            if let Some(v) = self.calling_ap_title {
                r.hex("calling-AP-title", v)?;
            }
            if let Some(v) = self.calling_ae_qualifier {
                r.hex("calling-AE-qualifier", v)?;
            }
            if let Some(v) = self.calling_ap_invocation_id {
                r.hex("calling-AP-invocation-id", v.0)?;
            }
            if let Some(v) = self.calling_ae_invocation_id {
                r.hex("calling-AE-invocation-id", v.0)?;
            }
            if let Some(v) = self.sender_acse_requirements {
                r.field("sender-acse-requirements", v)?;
            }
            if let Some(v) = self.mechanism_name {
                r.field("mechanism-name", v)?;
            }
            if let Some(v) = self.calling_authentication_value {
                r.field("calling-authentication-value", v)?;
            }
            if let Some(v) = self.implementation_information {
                r.hex("implementation-information", v.contents)?;
            }
            render_user_information(r, self.user_information)
        })
    }
}

// ---------------------------------------------------------------------------------------
// AARE

/// The A-ASSOCIATE response (AARE, `61`) a server answers an AARQ with (IEC 62056-5-3,
/// `AARE-apdu`). [`emit`](Self::emit) writes the fields in canonical order and lengths in
/// their shortest form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aare<'a> {
    /// protocol-version \[0\] (`80`); absent means the default, version1.
    pub protocol_version: Option<BerBitString<'a>>,
    /// application-context-name \[1\] (`A1`).
    pub application_context_name: ApplicationContextName<'a>,
    /// result \[2\] (`A2`).
    pub result: AssociationResult,
    /// result-source-diagnostic \[3\] (`A3`).
    pub result_source_diagnostic: ResultSourceDiagnostic,
    /// responding-AP-title \[4\] (`A4`): the server system title.
    pub responding_ap_title: Option<&'a [u8]>,
    /// responding-AE-qualifier \[5\] (`A5`): the server's certificate (suites 1 and 2).
    pub responding_ae_qualifier: Option<&'a [u8]>,
    /// responding-AP-invocation-identifier \[6\] (`A6`).
    pub responding_ap_invocation_id: Option<InvocationId<'a>>,
    /// responding-AE-invocation-identifier \[7\] (`A7`).
    pub responding_ae_invocation_id: Option<InvocationId<'a>>,
    /// responder-acse-requirements \[8\] (`88`); `07 80` selects authentication.
    pub responder_acse_requirements: Option<BerBitString<'a>>,
    /// mechanism-name \[9\] (`89`).
    pub mechanism_name: Option<MechanismName<'a>>,
    /// responding-authentication-value \[10\] (`AA`): the challenge StoC.
    pub responding_authentication_value: Option<AuthenticationValue<'a>>,
    /// implementation-information \[29\] (`9D`, or `BD` as dlms-cosem writes it).
    pub implementation_information: Option<ImplementationInformation<'a>>,
    /// user-information \[30\] (`BE`): the octets of the OCTET STRING it wraps.
    pub user_information: Option<&'a [u8]>,
}

impl<'a> Aare<'a> {
    /// The APDU tag (`[APPLICATION 1]`).
    pub const TAG: u8 = tag::AARE;

    /// An AARE with only its mandatory fields.
    #[must_use]
    pub const fn new(
        application_context_name: ApplicationContextName<'a>,
        result: AssociationResult,
        result_source_diagnostic: ResultSourceDiagnostic,
    ) -> Self {
        Self {
            protocol_version: None,
            application_context_name,
            result,
            result_source_diagnostic,
            responding_ap_title: None,
            responding_ae_qualifier: None,
            responding_ap_invocation_id: None,
            responding_ae_invocation_id: None,
            responder_acse_requirements: None,
            mechanism_name: None,
            responding_authentication_value: None,
            implementation_information: None,
            user_information: None,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        let mut b = Body::new(contents(r)?, &tag::AARE_ORDER);
        let v = Self {
            protocol_version: read_bits(b.optional(tag::PROTOCOL_VERSION)?)?,
            application_context_name: ApplicationContextName::from_oid(inner(
                b.required(tag::CONTEXT_NAME)?,
                OBJECT_IDENTIFIER,
            )?),
            result: AssociationResult(small_integer(b.required(tag::RESULT)?)?),
            result_source_diagnostic: ResultSourceDiagnostic::parse_wrapped(
                b.required(tag::RESULT_SOURCE_DIAGNOSTIC)?,
            )?,
            responding_ap_title: read_wrapped_octets(b.optional(tag::RESPONDING_AP_TITLE)?)?,
            responding_ae_qualifier: read_wrapped_octets(
                b.optional(tag::RESPONDING_AE_QUALIFIER)?,
            )?,
            responding_ap_invocation_id: read_invocation_id(
                b.optional(tag::RESPONDING_AP_INVOCATION_ID)?,
            )?,
            responding_ae_invocation_id: read_invocation_id(
                b.optional(tag::RESPONDING_AE_INVOCATION_ID)?,
            )?,
            responder_acse_requirements: read_bits(b.optional(tag::RESPONDER_ACSE_REQUIREMENTS)?)?,
            mechanism_name: read_mechanism(b.optional(tag::AARE_MECHANISM_NAME)?),
            responding_authentication_value: read_auth(
                b.optional(tag::RESPONDING_AUTHENTICATION_VALUE)?,
            )?,
            implementation_information: read_implementation_information(&mut b)?,
            user_information: read_user_information(b.optional(tag::USER_INFORMATION)?)?,
        };
        b.finish()?;
        Ok(v)
    }

    fn fields(&self) -> [Option<Field<'a>>; 13] {
        [
            self.protocol_version
                .map(|v| Field::Bits(tag::PROTOCOL_VERSION, v)),
            Some(Field::WrappedOid(
                tag::CONTEXT_NAME,
                self.application_context_name.oid(),
            )),
            Some(Field::WrappedSmall(tag::RESULT, self.result.0)),
            Some(Field::Diagnostic(self.result_source_diagnostic)),
            self.responding_ap_title
                .map(|v| Field::WrappedOctets(tag::RESPONDING_AP_TITLE, v)),
            self.responding_ae_qualifier
                .map(|v| Field::WrappedOctets(tag::RESPONDING_AE_QUALIFIER, v)),
            self.responding_ap_invocation_id
                .map(|v| Field::WrappedInteger(tag::RESPONDING_AP_INVOCATION_ID, v.0)),
            self.responding_ae_invocation_id
                .map(|v| Field::WrappedInteger(tag::RESPONDING_AE_INVOCATION_ID, v.0)),
            self.responder_acse_requirements
                .map(|v| Field::Bits(tag::RESPONDER_ACSE_REQUIREMENTS, v)),
            self.mechanism_name
                .map(|v| Field::Oid(tag::AARE_MECHANISM_NAME, v.oid())),
            self.responding_authentication_value
                .map(|v| Field::Auth(tag::RESPONDING_AUTHENTICATION_VALUE, v)),
            self.implementation_information
                .map(|v| Field::Primitive(v.tag(), v.contents)),
            self.user_information
                .map(|v| Field::WrappedOctets(tag::USER_INFORMATION, v)),
        ]
    }

    acse_apdu_fns!();
}

codec_fns! {
    Aare<'a>, "an AARE";
    parse:
    /// As [`Aarq::parse`]; the result and result-source-diagnostic are mandatory, and
    /// [`ErrorKind::UnknownChoice`] reports a diagnostic of unknown form.
}

impl Render for Aare<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("aare", |r| {
            if let Some(v) = self.protocol_version {
                r.field("protocol-version", v)?;
            }
            r.field("application-context-name", self.application_context_name)?;
            r.field("result", self.result)?;
            r.field("result-source-diagnostic", self.result_source_diagnostic)?;
            if let Some(v) = self.responding_ap_title {
                r.hex("responding-AP-title", v)?;
            }
            if let Some(v) = self.responding_ae_qualifier {
                r.hex("responding-AE-qualifier", v)?;
            }
            if let Some(v) = self.responding_ap_invocation_id {
                r.hex("responding-AP-invocation-id", v.0)?;
            }
            if let Some(v) = self.responding_ae_invocation_id {
                r.hex("responding-AE-invocation-id", v.0)?;
            }
            if let Some(v) = self.responder_acse_requirements {
                r.field("responder-acse-requirements", v)?;
            }
            if let Some(v) = self.mechanism_name {
                r.field("mechanism-name", v)?;
            }
            if let Some(v) = self.responding_authentication_value {
                r.field("responding-authentication-value", v)?;
            }
            if let Some(v) = self.implementation_information {
                r.hex("implementation-information", v.contents)?;
            }
            render_user_information(r, self.user_information)
        })
    }
}

// ---------------------------------------------------------------------------------------
// RLRQ and RLRE

/// Parses the body of an RLRQ or RLRE: an optional one-octet reason, an optional
/// user-information.
fn parse_release<'a>(r: &mut Reader<'a>, apdu_tag: u8) -> Result<(Option<u8>, Option<&'a [u8]>)> {
    r.expect(apdu_tag)?;
    let mut b = Body::new(contents(r)?, &tag::RELEASE_ORDER);
    let reason = match b.optional(tag::RELEASE_REASON)? {
        None => None,
        Some(mut c) => {
            let at = c.offset();
            match c.take_rest() {
                [v] => Some(*v),
                _ => return Err(Error::new(ErrorKind::InvalidValue, at)),
            }
        }
    };
    let user_information = read_user_information(b.optional(tag::USER_INFORMATION)?)?;
    b.finish()?;
    Ok((reason, user_information))
}

fn release_fields(reason: Option<u8>, user_information: Option<&[u8]>) -> [Option<Field<'_>>; 2] {
    [
        reason.map(|v| Field::ImplicitSmall(tag::RELEASE_REASON, v)),
        user_information.map(|v| Field::WrappedOctets(tag::USER_INFORMATION, v)),
    ]
}

/// The A-RELEASE request (RLRQ, `62`) that closes an association (IEC 62056-5-3,
/// `RLRQ-apdu`). With ciphering, its user-information carries a protected InitiateRequest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rlrq<'a> {
    /// reason \[0\] (`80`).
    pub reason: Option<ReleaseRequestReason>,
    /// user-information \[30\] (`BE`): the octets of the OCTET STRING it wraps.
    pub user_information: Option<&'a [u8]>,
}

impl<'a> Rlrq<'a> {
    /// The APDU tag (`[APPLICATION 2]`).
    pub const TAG: u8 = tag::RLRQ;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let (reason, user_information) = parse_release(r, Self::TAG)?;
        Ok(Self {
            reason: reason.map(ReleaseRequestReason),
            user_information,
        })
    }

    fn fields(&self) -> [Option<Field<'a>>; 2] {
        release_fields(self.reason.map(|v| v.0), self.user_information)
    }

    acse_apdu_fns!();
}

codec_fns! {
    Rlrq<'a>, "an RLRQ";
    parse:
    /// [`ErrorKind::UnexpectedTag`] for a wrong APDU tag or an unknown, out-of-order or
    /// repeated field; [`ErrorKind::Truncated`], [`ErrorKind::LengthExceeds`] and
    /// [`ErrorKind::InvalidLength`] for lengths that do not fit; [`ErrorKind::InvalidValue`]
    /// for a reason that is not one octet.
}

/// The A-RELEASE response (RLRE, `63`) (IEC 62056-5-3, `RLRE-apdu`). With ciphering, its
/// user-information carries a protected InitiateResponse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rlre<'a> {
    /// reason \[0\] (`80`).
    pub reason: Option<ReleaseResponseReason>,
    /// user-information \[30\] (`BE`): the octets of the OCTET STRING it wraps.
    pub user_information: Option<&'a [u8]>,
}

impl<'a> Rlre<'a> {
    /// The APDU tag (`[APPLICATION 3]`).
    pub const TAG: u8 = tag::RLRE;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let (reason, user_information) = parse_release(r, Self::TAG)?;
        Ok(Self {
            reason: reason.map(ReleaseResponseReason),
            user_information,
        })
    }

    fn fields(&self) -> [Option<Field<'a>>; 2] {
        release_fields(self.reason.map(|v| v.0), self.user_information)
    }

    acse_apdu_fns!();
}

codec_fns! {
    Rlre<'a>, "an RLRE";
    parse:
    /// As [`Rlrq::parse`].
}

impl Render for Rlrq<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("rlrq", |r| {
            if let Some(v) = self.reason {
                r.field("reason", v)?;
            }
            render_user_information(r, self.user_information)
        })
    }
}

impl Render for Rlre<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("rlre", |r| {
            if let Some(v) = self.reason {
                r.field("reason", v)?;
            }
            render_user_information(r, self.user_information)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::{emitted, every_cut_is_short};
    use crate::initiate::Conformance;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::vec::Vec;

    // u9n/dlms-cosem tests/test_asce/test_aarq.py (test_parse_no_ciphering_low_security).
    const AARQ_LLS: [u8; 56] = hex!(
        "6036A1090607608574050801018A0207808B0760857405080201AC0A80083132333435363738"
        "BE10040E01000000065F1F0400007E1F04B0"
    );
    // u9n/dlms-cosem tests/test_asce/test_aare.py (test_no_ciher_hls_ok).
    const AARE_HLS: [u8; 68] = hex!(
        "6142A109060760857405080101A203020100A305A10302010E88020780890760857405080205"
        "AA0A8008503677524A323146BE10040E0800065F1F040000501F01F40007"
    );

    #[test]
    fn deconstruct_aarq() {
        let a = Aarq::parse_exact(&AARQ_LLS).unwrap();
        assert_eq!(a.protocol_version, None);
        assert_eq!(
            a.application_context_name,
            ApplicationContextName::Dlms(ApplicationContext::LOGICAL_NAME)
        );
        assert_eq!(a.sender_acse_requirements, Some(BerBitString::FIRST_BIT));
        assert_eq!(
            a.mechanism_name,
            Some(MechanismName::Dlms(Mechanism::LOW_LEVEL_SECURITY))
        );
        assert_eq!(
            a.calling_authentication_value,
            Some(AuthenticationValue::CharString(b"12345678"))
        );
        assert_eq!(a.user_information, Some(&AARQ_LLS[42..]));
        let Some(UserInformation::InitiateRequest(init)) = a.parse_user_information().unwrap()
        else {
            panic!()
        };
        assert_eq!(init.proposed_conformance.bits(), 0x7E1F);
    }

    #[test]
    fn construct_and_emit_aarq() {
        let init = InitiateRequest {
            dedicated_key: None,
            response_allowed: None,
            proposed_quality_of_service: None,
            proposed_dlms_version_number: 6,
            proposed_conformance: Conformance::from_bits_truncate(0x7E1F),
            client_max_receive_pdu_size: 1200,
        };
        let ui = emitted(UserInformation::InitiateRequest(init).buffer_len(), |o| {
            UserInformation::InitiateRequest(init).emit(o)
        });
        let a = Aarq {
            sender_acse_requirements: Some(BerBitString::FIRST_BIT),
            mechanism_name: Some(MechanismName::Dlms(Mechanism::LOW_LEVEL_SECURITY)),
            calling_authentication_value: Some(AuthenticationValue::CharString(b"12345678")),
            user_information: Some(&ui),
            ..Aarq::new(ApplicationContextName::Dlms(
                ApplicationContext::LOGICAL_NAME,
            ))
        };
        assert_eq!(emitted(a.buffer_len(), |o| a.emit(o)), AARQ_LLS);
        // A buffer one byte short is refused.
        let mut short = [0u8; 55];
        assert!(matches!(
            a.emit(&mut short).unwrap_err().kind(),
            ErrorKind::BufferTooSmall { .. }
        ));
    }

    #[test]
    fn deconstruct_and_emit_aare() {
        let a = Aare::parse_exact(&AARE_HLS).unwrap();
        assert_eq!(a.result, AssociationResult::ACCEPTED);
        assert_eq!(
            a.result_source_diagnostic,
            ResultSourceDiagnostic::ServiceUser(AcseServiceUser::AUTHENTICATION_REQUIRED)
        );
        assert_eq!(a.responder_acse_requirements, Some(BerBitString::FIRST_BIT));
        assert_eq!(
            a.mechanism_name.and_then(|m| m.mechanism()),
            Some(Mechanism::HIGH_LEVEL_SECURITY_GMAC)
        );
        assert_eq!(
            a.responding_authentication_value
                .and_then(|v| v.char_string()),
            Some(&b"P6wRJ21F"[..])
        );
        let Some(UserInformation::InitiateResponse(res)) = a.parse_user_information().unwrap()
        else {
            panic!()
        };
        assert_eq!(res.server_max_receive_pdu_size, 500);
        assert_eq!(emitted(a.buffer_len(), |o| a.emit(o)), AARE_HLS);
    }

    #[test]
    fn long_lengths() {
        // A 300-byte calling-AE-qualifier (a certificate) needs 82 xx xx lengths at three
        // levels.
        let cert = [0x30u8; 300];
        let a = Aarq {
            calling_ae_qualifier: Some(&cert),
            ..Aarq::new(ApplicationContextName::Dlms(
                ApplicationContext::LOGICAL_NAME_WITH_CIPHERING,
            ))
        };
        let bytes = emitted(a.buffer_len(), |o| a.emit(o));
        assert_eq!(&bytes[..4], &hex!("6082013F"));
        assert_eq!(&bytes[15..23], &hex!("A7820130 0482012C"));
        assert_eq!(Aarq::parse_exact(&bytes).unwrap(), a);
        // 81 xx.
        let ui = [0xDBu8; 200];
        let r = Rlrq {
            reason: None,
            user_information: Some(&ui),
        };
        let bytes = emitted(r.buffer_len(), |o| r.emit(o));
        assert_eq!(&bytes[..7], &hex!("6281CE BE81CB 0481C8")[..7]);
        assert_eq!(Rlrq::parse_exact(&bytes).unwrap(), r);
    }

    #[test]
    fn release_apdus() {
        // u9n/dlms-cosem tests/conftest.py (rlrq, rlre).
        let r = Rlrq::parse_exact(&hex!("6203800100")).unwrap();
        assert_eq!(r.reason, Some(ReleaseRequestReason::NORMAL));
        assert_eq!(r.user_information, None);
        assert_eq!(emitted(r.buffer_len(), |o| r.emit(o)), hex!("6203800100"));
        let r = Rlre::parse_exact(&hex!("6303800101")).unwrap();
        assert_eq!(r.reason, Some(ReleaseResponseReason::NOT_FINISHED));
        let empty = Rlrq::parse_exact(&hex!("6200")).unwrap();
        assert_eq!(empty.reason, None);
        assert_eq!(emitted(empty.buffer_len(), |o| empty.emit(o)), hex!("6200"));
        // A reason longer than one octet.
        let err = Rlrq::parse(&hex!("620480020001")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidValue, 4));
        // Fields swapped.
        let err = Rlrq::parse(&hex!("6209BE0404020E00800100")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 8));
    }

    #[test]
    fn unknown_and_misplaced_fields() {
        // An application-context-name-list [13] (AD), not used by DLMS, after A1.
        let err = Aarq::parse(&hex!("600FA109060760857405080101AD020500")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (
                ErrorKind::UnexpectedTag {
                    expected: 0xA2,
                    found: 0xAD
                },
                13
            )
        );
        // mechanism-name before the acse-requirements.
        let err = Aarq::parse(&hex!(
            "6018A1090607608574050801018B07608574050802018A020780"
        ))
        .unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (
                ErrorKind::UnexpectedTag {
                    expected: 0xAC,
                    found: 0x8A
                },
                22
            )
        );
        // Missing application-context-name.
        let err = Aarq::parse(&hex!("6004BE020400")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (
                ErrorKind::UnexpectedTag {
                    expected: 0xA1,
                    found: 0xBE
                },
                2
            )
        );
        // AARE without result-source-diagnostic.
        let err = Aare::parse(&hex!("6110A109060760857405080101A203020100")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated { needed: 1 });
        assert_eq!(err.offset(), 18);
        // A diagnostic of unknown form.
        let err =
            Aare::parse(&hex!("6117A109060760857405080101A203020100A305A303020100")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnknownChoice { found: 0xA3 }, 20)
        );
        // An authentication value of unknown form.
        let err = Aarq::parse(&hex!("6011A109060760857405080101AC048402AAAA")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnknownChoice { found: 0x84 }, 15)
        );
        // Wrong APDU.
        let err = Aarq::parse(&AARE_HLS).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0x60,
                found: 0x61
            }
        );
        // A length beyond the input.
        let err = Aarq::parse(&hex!("6037A109")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (
                ErrorKind::LengthExceeds {
                    declared: 0x37,
                    available: 2
                },
                1
            )
        );
        // The indefinite length form.
        let err = Aarq::parse(&hex!("6080A109")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidLength, 1));
        // Bytes left inside the application-context-name field.
        let err = Aarq::parse(&hex!("600CA10A06076085740508010100")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 13));
        // A bit string with more than 7 unused bits.
        let err = Aarq::parse(&hex!("600F8002088AA109060760857405080101")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidValue, 4));
        // An empty INTEGER as invocation id.
        let err = Aarq::parse(&hex!("600FA109060760857405080101A9020200")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidValue, 15));
    }

    #[test]
    fn truncation_at_every_length() {
        every_cut_is_short(&AARQ_LLS, |b| Aarq::parse(b).map(drop));
        every_cut_is_short(&AARE_HLS, |b| Aare::parse(b).map(drop));
    }

    #[test]
    fn typed_names_and_values() {
        assert_eq!(
            ApplicationContextName::from_oid(&hex!("60857405080104")),
            ApplicationContextName::Dlms(ApplicationContext::SHORT_NAME_WITH_CIPHERING)
        );
        // Another arc, and a longer OID.
        let other = hex!("2B0601");
        assert_eq!(
            ApplicationContextName::from_oid(&other),
            ApplicationContextName::Other(&other)
        );
        let long = hex!("6085740508018100");
        assert_eq!(
            ApplicationContextName::from_oid(&long),
            ApplicationContextName::Other(&long)
        );
        assert_eq!(
            MechanismName::from_oid(&hex!("60857405080207")).mechanism(),
            Some(Mechanism::HIGH_LEVEL_SECURITY_ECDSA)
        );
        assert_eq!(
            format!("{}", MechanismName::Dlms(Mechanism::LOW_LEVEL_SECURITY)),
            "COSEM_low_level_security_mechanism_name (60857405080201)"
        );
        assert_eq!(InvocationId::new(&[]), None);
        assert_eq!(InvocationId::new(&[0x01, 0x00]).unwrap().value(), Some(256));
        assert_eq!(InvocationId::new(&[0xFF]).unwrap().value(), Some(-1));
        assert_eq!(InvocationId::new(&[0; 9]).unwrap().value(), None);
        assert_eq!(BerBitString::new(8, &[0]), None);
        assert_eq!(BerBitString::new(1, &[]), None);
        let b = BerBitString::new(4, &[0xA0]).unwrap();
        assert_eq!(
            (b.len(), b.bit(0), b.bit(1), b.bit(4)),
            (4, Some(true), Some(false), None)
        );
        assert_eq!(format!("{}", BerBitString::FIRST_BIT), "1 bits 80");
    }

    #[test]
    fn all_fields_round_trip() {
        let init = hex!("0800065F1F040000501F01F40007");
        let a = Aare {
            protocol_version: Some(BerBitString::FIRST_BIT),
            responding_ap_title: Some(&hex!("4D4D4D0000BC614E")),
            responding_ae_qualifier: Some(&[0x30, 0x00]),
            responding_ap_invocation_id: InvocationId::new(&[1]),
            responding_ae_invocation_id: InvocationId::new(&[0, 0x80]),
            responder_acse_requirements: Some(BerBitString::FIRST_BIT),
            mechanism_name: Some(MechanismName::Other(&hex!("2A03"))),
            responding_authentication_value: Some(AuthenticationValue::BitString(
                BerBitString::new(0, &[1, 2]).unwrap(),
            )),
            implementation_information: Some(ImplementationInformation::new(b"dlms-rs")),
            user_information: Some(&init),
            ..Aare::new(
                ApplicationContextName::Dlms(ApplicationContext::SHORT_NAME),
                AssociationResult::REJECTED_PERMANENT,
                ResultSourceDiagnostic::ServiceProvider(
                    AcseServiceProvider::NO_COMMON_ACSE_VERSION,
                ),
            )
        };
        let bytes = emitted(a.buffer_len(), |o| a.emit(o));
        assert_eq!(Aare::parse_exact(&bytes).unwrap(), a);
        let q = Aarq {
            protocol_version: Some(BerBitString::FIRST_BIT),
            called_ap_title: Some(&[1]),
            called_ae_qualifier: Some(&[2]),
            called_ap_invocation_id: InvocationId::new(&[3]),
            called_ae_invocation_id: InvocationId::new(&[4]),
            calling_ap_title: Some(&[5]),
            calling_ae_qualifier: Some(&[6]),
            calling_ap_invocation_id: InvocationId::new(&[7]),
            calling_ae_invocation_id: InvocationId::new(&[8]),
            sender_acse_requirements: Some(BerBitString::FIRST_BIT),
            mechanism_name: Some(MechanismName::Dlms(Mechanism::HIGH_LEVEL_SECURITY_GMAC)),
            calling_authentication_value: Some(AuthenticationValue::External(&[0x28, 0])),
            implementation_information: Some(ImplementationInformation {
                contents: b"",
                constructed: true,
            }),
            user_information: Some(&[0x21, 0x00]),
            ..Aarq::new(ApplicationContextName::Other(&hex!("2A")))
        };
        let bytes = emitted(q.buffer_len(), |o| q.emit(o));
        let back = Aarq::parse_exact(&bytes).unwrap();
        assert_eq!(back, q);
        assert_eq!(
            back.parse_user_information().unwrap(),
            Some(UserInformation::Ciphered(&[0x21, 0x00]))
        );
    }

    #[test]
    fn user_information_errors() {
        assert_eq!(
            UserInformation::parse_exact(&[]).unwrap_err().kind(),
            ErrorKind::Truncated { needed: 1 }
        );
        assert_eq!(
            UserInformation::parse_exact(&[0xC0, 0x01])
                .unwrap_err()
                .kind(),
            ErrorKind::UnknownTag { found: 0xC0 }
        );
        let err = UserInformation::parse_exact(&hex!("0E01060100")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 4));
    }

    #[test]
    fn render() {
        let a = Aarq::parse_exact(&AARQ_LLS).unwrap();
        let text = format!("{}", Tree(&a));
        assert!(text.starts_with(
            "aarq\n  application-context-name: Logical_Name_Referencing_No_Ciphering (60857405080101)\n  sender-acse-requirements: 1 bits 80\n"
        ));
        assert!(text.contains("  calling-authentication-value: charstring 3132333435363738\n"));
        assert!(text.contains(
            "  user-information: 01000000065f1f0400007e1f04b0\n    initiate-request\n      response-allowed: true (default)\n"
        ));
        let a = Aare::parse_exact(&AARE_HLS).unwrap();
        let text = format!("{}", Tree(&a));
        assert!(text.contains("  result: accepted\n  result-source-diagnostic: acse-service-user: authentication-required\n"));
        let r = Rlrq::parse_exact(&hex!("6208BE060404C0010203")).unwrap();
        assert_eq!(
            format!("{}", Tree(&r)),
            "rlrq\n  user-information: c0010203\n    undecoded: unknown tag 0xc0 (at byte 0)\n"
        );
    }

    fn bits() -> impl Strategy<Value = Option<(u8, Vec<u8>)>> {
        proptest::option::of(prop_oneof![
            (0u8..8, proptest::collection::vec(any::<u8>(), 1..4)),
            Just((0u8, Vec::new())),
        ])
    }

    fn octets() -> impl Strategy<Value = Option<Vec<u8>>> {
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..300))
    }

    fn integer() -> impl Strategy<Value = Option<Vec<u8>>> {
        proptest::option::of(proptest::collection::vec(any::<u8>(), 1..5))
    }

    fn to_bits(v: &Option<(u8, Vec<u8>)>) -> Option<BerBitString<'_>> {
        v.as_ref().and_then(|(u, b)| BerBitString::new(*u, b))
    }

    fn to_id(v: &Option<Vec<u8>>) -> Option<InvocationId<'_>> {
        v.as_deref().and_then(InvocationId::new)
    }

    fn auth(kind: u8, bytes: &[u8]) -> AuthenticationValue<'_> {
        match kind {
            0 => AuthenticationValue::CharString(bytes),
            1 => AuthenticationValue::BitString(BerBitString::new(0, bytes).unwrap()),
            2 => AuthenticationValue::External(bytes),
            _ => AuthenticationValue::Other(bytes),
        }
    }

    proptest! {
        #[test]
        fn aarq_round_trip(
            pv in bits(), ctx in 0u8..0x80, titles in proptest::array::uniform4(octets()),
            ids in proptest::array::uniform4(integer()), req in bits(),
            mech in proptest::option::of(0u8..0x80), auth_kind in 0u8..4,
            auth_bytes in octets(), info in octets(), ui in octets(),
        ) {
            let a = Aarq {
                protocol_version: to_bits(&pv),
                application_context_name: ApplicationContextName::Dlms(ApplicationContext(ctx)),
                called_ap_title: titles[0].as_deref(),
                called_ae_qualifier: titles[1].as_deref(),
                called_ap_invocation_id: to_id(&ids[0]),
                called_ae_invocation_id: to_id(&ids[1]),
                calling_ap_title: titles[2].as_deref(),
                calling_ae_qualifier: titles[3].as_deref(),
                calling_ap_invocation_id: to_id(&ids[2]),
                calling_ae_invocation_id: to_id(&ids[3]),
                sender_acse_requirements: to_bits(&req),
                mechanism_name: mech.map(|m| MechanismName::Dlms(Mechanism(m))),
                calling_authentication_value: auth_bytes.as_deref().map(|b| auth(auth_kind, b)),
                implementation_information: info.as_deref().map(ImplementationInformation::new),
                user_information: ui.as_deref(),
            };
            let bytes = emitted(a.buffer_len(), |o| a.emit(o));
            prop_assert_eq!(Aarq::parse_exact(&bytes).unwrap(), a);
        }

        #[test]
        fn aare_round_trip(
            pv in bits(), result: u8, user in any::<bool>(), diag: u8,
            titles in proptest::array::uniform2(octets()), ids in proptest::array::uniform2(integer()),
            req in bits(), mech in proptest::option::of(0u8..0x80), auth_kind in 0u8..4,
            auth_bytes in octets(), info in octets(), ui in octets(),
        ) {
            let a = Aare {
                protocol_version: to_bits(&pv),
                application_context_name: ApplicationContextName::Other(&[0x2A, 0x03]),
                result: AssociationResult(result),
                result_source_diagnostic: if user {
                    ResultSourceDiagnostic::ServiceUser(AcseServiceUser(diag))
                } else {
                    ResultSourceDiagnostic::ServiceProvider(AcseServiceProvider(diag))
                },
                responding_ap_title: titles[0].as_deref(),
                responding_ae_qualifier: titles[1].as_deref(),
                responding_ap_invocation_id: to_id(&ids[0]),
                responding_ae_invocation_id: to_id(&ids[1]),
                responder_acse_requirements: to_bits(&req),
                mechanism_name: mech.map(|m| MechanismName::Dlms(Mechanism(m))),
                responding_authentication_value: auth_bytes.as_deref().map(|b| auth(auth_kind, b)),
                implementation_information: info.as_deref().map(ImplementationInformation::new),
                user_information: ui.as_deref(),
            };
            let bytes = emitted(a.buffer_len(), |o| a.emit(o));
            prop_assert_eq!(Aare::parse_exact(&bytes).unwrap(), a);
        }

        #[test]
        fn release_round_trip(reason in proptest::option::of(any::<u8>()), ui in octets()) {
            let q = Rlrq { reason: reason.map(ReleaseRequestReason), user_information: ui.as_deref() };
            let bytes = emitted(q.buffer_len(), |o| q.emit(o));
            prop_assert_eq!(Rlrq::parse_exact(&bytes).unwrap(), q);
            let e = Rlre { reason: reason.map(ReleaseResponseReason), user_information: ui.as_deref() };
            let bytes = emitted(e.buffer_len(), |o| e.emit(o));
            prop_assert_eq!(Rlre::parse_exact(&bytes).unwrap(), e);
        }

        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            if let Ok(a) = Aarq::parse_exact(&bytes) {
                let _ = a.parse_user_information();
                let _ = format!("{}", Tree(&a));
            }
            let _ = Aare::parse(&bytes);
            let _ = Rlrq::parse(&bytes);
            let _ = Rlre::parse(&bytes);
        }

        #[test]
        fn mutated_aarq_never_panics(i in 0usize..56, v: u8) {
            let mut bytes = AARQ_LLS;
            bytes[i] = v;
            if let Ok(a) = Aarq::parse_exact(&bytes) {
                // Whatever parses re-emits to the same bytes when its lengths were shortest.
                let out = emitted(a.buffer_len(), |o| a.emit(o));
                if out.len() == bytes.len() {
                    prop_assert_eq!(&out[..], &bytes[..]);
                }
            }
        }
    }
}
