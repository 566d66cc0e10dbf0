//! xDLMS InitiateRequest and InitiateResponse, and the conformance block (IEC 62056-5-3,
//! the xDLMS ASN.1 module: `InitiateRequest`, `InitiateResponse`, `Conformance`).
//!
//! Both travel inside the ACSE user-information field (see [`crate::acse`]), either in clear
//! or ciphered. They are A-XDR encoded, except the conformance block, which keeps its BER
//! form `5F 1F 04 00 xx xx xx` (`[APPLICATION 31] IMPLICIT BIT STRING (SIZE(24))`).
//!
//! ```
//! use dlms_apdu::initiate::{Conformance, InitiateRequest};
//!
//! // The LN client proposal used throughout the Green Book examples.
//! let bytes = [0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0x04, 0xB0];
//! let req = InitiateRequest::parse_exact(&bytes)?;
//! assert_eq!(req.proposed_dlms_version_number, 6);
//! assert!(req.proposed_conformance.contains(Conformance::GET | Conformance::ACTION));
//! assert_eq!(req.client_max_receive_pdu_size, 1200);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};
use core::ops::{BitAnd, BitOr, BitOrAssign};

use crate::codec::{Field, Reader, Writer, codec_fns};
use crate::error::{ErrorKind, Result};
use crate::render::{Hex, Render, Renderer};

/// The standard's names of the 24 conformance bits, indexed by bit number (bit 0 = the most
/// significant bit of the first of the three octets).
const NAMES: [&str; 24] = [
    "reserved-zero",
    "general-protection",
    "general-block-transfer",
    "read",
    "write",
    "unconfirmed-write",
    "delta-value-encoding",
    "reserved-seven",
    "attribute0-supported-with-set",
    "priority-mgmt-supported",
    "attribute0-supported-with-get",
    "block-transfer-with-get-or-read",
    "block-transfer-with-set-or-write",
    "block-transfer-with-action",
    "multiple-references",
    "information-report",
    "data-notification",
    "access",
    "parameterized-access",
    "get",
    "set",
    "selective-access",
    "event-notification",
    "action",
];

/// The 24 bits of a conformance block.
const MASK: u32 = 0x00FF_FFFF;

/// The xDLMS conformance block: which services and options a client proposes or a server
/// grants (IEC 62056-5-3, the `Conformance` BIT STRING).
///
/// The value is the three octets of the bit string read as a big-endian number, so
/// `Conformance::from_bits_truncate(0x00_7E1F)` is the block that travels as
/// `5F 1F 04 00 00 7E 1F`. The standard numbers the bits from the most significant bit of the
/// first octet: bit 0 (`reserved-zero`) is `0x80_0000`, bit 23 (`action`) is `0x00_0001`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Conformance(u32);

impl Conformance {
    /// reserved-zero (bit 0).
    pub const RESERVED_ZERO: Self = Self::bit(0);
    /// general-protection (bit 1).
    pub const GENERAL_PROTECTION: Self = Self::bit(1);
    /// general-block-transfer (bit 2).
    pub const GENERAL_BLOCK_TRANSFER: Self = Self::bit(2);
    /// read (bit 3, short-name referencing).
    pub const READ: Self = Self::bit(3);
    /// write (bit 4, short-name referencing).
    pub const WRITE: Self = Self::bit(4);
    /// unconfirmed-write (bit 5, short-name referencing).
    pub const UNCONFIRMED_WRITE: Self = Self::bit(5);
    /// delta-value-encoding (bit 6; reserved-six in older editions).
    pub const DELTA_VALUE_ENCODING: Self = Self::bit(6);
    /// reserved-seven (bit 7).
    pub const RESERVED_SEVEN: Self = Self::bit(7);
    /// attribute0-supported-with-set (bit 8).
    pub const ATTRIBUTE0_SUPPORTED_WITH_SET: Self = Self::bit(8);
    /// priority-mgmt-supported (bit 9).
    pub const PRIORITY_MGMT_SUPPORTED: Self = Self::bit(9);
    /// attribute0-supported-with-get (bit 10).
    pub const ATTRIBUTE0_SUPPORTED_WITH_GET: Self = Self::bit(10);
    /// block-transfer-with-get-or-read (bit 11).
    pub const BLOCK_TRANSFER_WITH_GET_OR_READ: Self = Self::bit(11);
    /// block-transfer-with-set-or-write (bit 12).
    pub const BLOCK_TRANSFER_WITH_SET_OR_WRITE: Self = Self::bit(12);
    /// block-transfer-with-action (bit 13).
    pub const BLOCK_TRANSFER_WITH_ACTION: Self = Self::bit(13);
    /// multiple-references (bit 14).
    pub const MULTIPLE_REFERENCES: Self = Self::bit(14);
    /// information-report (bit 15, short-name referencing).
    pub const INFORMATION_REPORT: Self = Self::bit(15);
    /// data-notification (bit 16).
    pub const DATA_NOTIFICATION: Self = Self::bit(16);
    /// access (bit 17).
    pub const ACCESS: Self = Self::bit(17);
    /// parameterized-access (bit 18, short-name referencing).
    pub const PARAMETERIZED_ACCESS: Self = Self::bit(18);
    /// get (bit 19).
    pub const GET: Self = Self::bit(19);
    /// set (bit 20).
    pub const SET: Self = Self::bit(20);
    /// selective-access (bit 21).
    pub const SELECTIVE_ACCESS: Self = Self::bit(21);
    /// event-notification (bit 22).
    pub const EVENT_NOTIFICATION: Self = Self::bit(22);
    /// action (bit 23).
    pub const ACTION: Self = Self::bit(23);

    /// The block with only bit `n` (0..=23, numbered as the standard does) set; empty for
    /// `n` above 23.
    #[must_use]
    pub const fn bit(n: u8) -> Self {
        match 23u8.checked_sub(n) {
            Some(shift) => Self(1 << shift),
            None => Self(0),
        }
    }

    /// The empty block.
    #[must_use]
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The block with all 24 bits set.
    #[must_use]
    pub const fn all() -> Self {
        Self(MASK)
    }

    /// The block from a 24-bit value (the three octets, big-endian); bits above 23 are
    /// dropped.
    #[must_use]
    pub const fn from_bits_truncate(bits: u32) -> Self {
        Self(bits & MASK)
    }

    /// The 24-bit value (the three octets, big-endian).
    #[must_use]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The block from its three octets as they travel.
    #[must_use]
    pub const fn from_bytes(b: [u8; 3]) -> Self {
        Self(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// The three octets as they travel.
    #[must_use]
    pub const fn to_bytes(self) -> [u8; 3] {
        let b = self.0.to_be_bytes();
        [b[1], b[2], b[3]]
    }

    /// Whether every bit of `other` is set in `self`.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no bit is set.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Sets the bits of `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    /// Clears the bits of `other`.
    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }

    /// Whether bit `n` (0..=23, numbered as the standard does) is set.
    #[must_use]
    pub const fn is_set(self, n: u8) -> bool {
        n <= 23 && self.contains(Self::bit(n))
    }

    /// The standard's name of bit `n`, `None` above 23.
    #[must_use]
    pub fn bit_name(n: u8) -> Option<&'static str> {
        NAMES.get(usize::from(n)).copied()
    }

    /// The standard's names of the bits that are set, in bit order.
    pub fn iter_names(self) -> impl Iterator<Item = &'static str> {
        (0u8..24)
            .zip(NAMES)
            .filter(move |&(n, _)| self.is_set(n))
            .map(|(_, name)| name)
    }

    /// Octets on the wire: `5F 1F 04 00` and the three octets.
    pub const LEN: usize = 7;

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        r.expect(0x5F)?;
        r.expect(0x1F)?;
        let at = r.position();
        if r.u8()? != 0x04 {
            return Err(r.err_at(ErrorKind::InvalidLength, at));
        }
        let at = r.position();
        if r.u8()? != 0x00 {
            return Err(r.err_at(ErrorKind::InvalidValue, at));
        }
        Ok(Self::from_bytes(r.array()?))
    }

    pub(crate) fn write(self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(&[0x5F, 0x1F, 0x04, 0x00])?;
        w.bytes(&self.to_bytes())
    }
}

impl BitOr for Conformance {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for Conformance {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for Conformance {
    type Output = Self;

    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl fmt::Display for Conformance {
    /// The names of the bits that are set, separated by `, ` (`(none)` when empty).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(none)");
        }
        for (i, name) in self.iter_names().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Conformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Conformance({:06x}: {self})", self.0)
    }
}

/// The xDLMS InitiateRequest a client sends in the AARQ user-information (IEC 62056-5-3,
/// the xDLMS ASN.1 module, `InitiateRequest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InitiateRequest<'a> {
    /// The dedicated key (`OPTIONAL`), for dedicated ciphering.
    pub dedicated_key: Option<&'a [u8]>,
    /// response-allowed, `BOOLEAN DEFAULT TRUE`: `None` when the default is used (the usage
    /// octet `00`), `Some(v)` when the value is sent (`01` and the value). See
    /// [`is_response_allowed`](Self::is_response_allowed).
    pub response_allowed: Option<bool>,
    /// proposed-quality-of-service (`OPTIONAL`).
    pub proposed_quality_of_service: Option<i8>,
    /// proposed-dlms-version-number (6 for DLMS version 6).
    pub proposed_dlms_version_number: u8,
    /// proposed-conformance.
    pub proposed_conformance: Conformance,
    /// client-max-receive-pdu-size.
    pub client_max_receive_pdu_size: u16,
}

impl<'a> InitiateRequest<'a> {
    /// The APDU tag (`initiateRequest [1]`).
    pub const TAG: u8 = 0x01;

    /// Whether the server may respond (the default, TRUE, when not sent).
    #[must_use]
    pub const fn is_response_allowed(&self) -> bool {
        match self.response_allowed {
            None => true,
            Some(v) => v,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            dedicated_key: Field::parse_field(r)?,
            response_allowed: Field::parse_field(r)?,
            proposed_quality_of_service: Field::parse_field(r)?,
            proposed_dlms_version_number: r.u8()?,
            proposed_conformance: Conformance::parse_from(r)?,
            client_max_receive_pdu_size: r.u16()?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        // tag, version and PDU size take 4 octets.
        self.dedicated_key
            .field_len()
            .saturating_add(self.response_allowed.field_len())
            .saturating_add(self.proposed_quality_of_service.field_len())
            .saturating_add(Conformance::LEN)
            .saturating_add(4)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.dedicated_key.write_field(w)?;
        self.response_allowed.write_field(w)?;
        self.proposed_quality_of_service.write_field(w)?;
        w.u8(self.proposed_dlms_version_number)?;
        self.proposed_conformance.write(w)?;
        w.u16(self.client_max_receive_pdu_size)
    }
}

codec_fns! {
    InitiateRequest<'a>, "an InitiateRequest";
    parse:
    /// [`ErrorKind::UnexpectedTag`] for a wrong APDU or conformance tag,
    /// [`ErrorKind::Truncated`], [`ErrorKind::LengthExceeds`] for a dedicated key longer than
    /// the input, [`ErrorKind::InvalidLength`] or [`ErrorKind::InvalidValue`] for a malformed
    /// conformance block.
}

/// The xDLMS InitiateResponse a server sends in the AARE user-information (IEC 62056-5-3,
/// the xDLMS ASN.1 module, `InitiateResponse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InitiateResponse {
    /// negotiated-quality-of-service (`OPTIONAL`).
    pub negotiated_quality_of_service: Option<i8>,
    /// negotiated-dlms-version-number.
    pub negotiated_dlms_version_number: u8,
    /// negotiated-conformance.
    pub negotiated_conformance: Conformance,
    /// server-max-receive-pdu-size.
    pub server_max_receive_pdu_size: u16,
    /// vaa-name: [`VAA_NAME_LN`](Self::VAA_NAME_LN) or [`VAA_NAME_SN`](Self::VAA_NAME_SN).
    pub vaa_name: u16,
}

impl InitiateResponse {
    /// The APDU tag (`initiateResponse [8]`).
    pub const TAG: u8 = 0x08;

    /// The vaa-name of an association that uses logical-name referencing.
    pub const VAA_NAME_LN: u16 = 0x0007;

    /// The vaa-name (the base name of the current Association SN object) of an association
    /// that uses short-name referencing.
    pub const VAA_NAME_SN: u16 = 0xFA00;

    /// Octets on the wire when no quality of service is sent.
    const BASE_LEN: usize = 1 + 1 + 1 + Conformance::LEN + 2 + 2;

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            negotiated_quality_of_service: Field::parse_field(r)?,
            negotiated_dlms_version_number: r.u8()?,
            negotiated_conformance: Conformance::parse_from(r)?,
            server_max_receive_pdu_size: r.u16()?,
            vaa_name: r.u16()?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        if self.negotiated_quality_of_service.is_some() {
            Self::BASE_LEN + 1
        } else {
            Self::BASE_LEN
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.negotiated_quality_of_service.write_field(w)?;
        w.u8(self.negotiated_dlms_version_number)?;
        self.negotiated_conformance.write(w)?;
        w.u16(self.server_max_receive_pdu_size)?;
        w.u16(self.vaa_name)
    }
}

codec_fns! {
    InitiateResponse, "an InitiateResponse";
    parse:
    /// [`ErrorKind::UnexpectedTag`] for a wrong APDU or conformance tag,
    /// [`ErrorKind::Truncated`], [`ErrorKind::InvalidLength`] or [`ErrorKind::InvalidValue`]
    /// for a malformed conformance block.
}

/// Renders a conformance block as its hex value and the names of its bits.
pub(crate) fn render_conformance<W: Write>(
    r: &mut Renderer<'_, W>,
    name: &str,
    c: Conformance,
) -> fmt::Result {
    r.field(name, format_args!("{} ({c})", Hex(&c.to_bytes())))
}

impl Render for InitiateRequest<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("initiate-request", |r| {
            if let Some(k) = self.dedicated_key {
                r.hex("dedicated-key", k)?;
            }
            match self.response_allowed {
                None => r.field("response-allowed", "true (default)")?,
                Some(v) => r.field("response-allowed", v)?,
            }
            if let Some(q) = self.proposed_quality_of_service {
                r.field("proposed-quality-of-service", q)?;
            }
            r.field(
                "proposed-dlms-version-number",
                self.proposed_dlms_version_number,
            )?;
            render_conformance(r, "proposed-conformance", self.proposed_conformance)?;
            r.field(
                "client-max-receive-pdu-size",
                self.client_max_receive_pdu_size,
            )
        })
    }
}

impl Render for InitiateResponse {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("initiate-response", |r| {
            if let Some(q) = self.negotiated_quality_of_service {
                r.field("negotiated-quality-of-service", q)?;
            }
            r.field(
                "negotiated-dlms-version-number",
                self.negotiated_dlms_version_number,
            )?;
            render_conformance(r, "negotiated-conformance", self.negotiated_conformance)?;
            r.field(
                "server-max-receive-pdu-size",
                self.server_max_receive_pdu_size,
            )?;
            r.field("vaa-name", format_args!("{:#06x}", self.vaa_name))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::{emitted, every_cut_is_short};
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    // u9n/dlms-cosem tests/test_xdlms/test_initiate.py (test_parse_simple) and the Green
    // Book LN client proposal.
    const REQ_SIMPLE: [u8; 14] = hex!("01000000065F1F0400007E1F04B0");
    // u9n/dlms-cosem tests/test_xdlms/test_initiate.py (test_decode_with_dedicated_key): the
    // plaintext of the Green Book glo-initiate-request.
    const REQ_DEDICATED: [u8; 31] =
        hex!("01011000112233445566778899AABBCCDDEEFF0000065F1F0400007E1F04B0");
    // u9n/dlms-cosem tests/test_xdlms/test_initiate.py (TestInitiateResponse.test_parse_simple).
    const RES_SIMPLE: [u8; 14] = hex!("0800065F1F040000501F01F40007");
    // u9n/dlms-cosem tests/test_xdlms/test_initiate.py (test_decode_with_non_default_quality).
    const RES_QOS: [u8; 15] = hex!("080100065F1F0400001E1D04C80007");

    #[test]
    fn conformance_bits_follow_the_bit_string() {
        // The LN client block 00 7E 1F, named bit by bit.
        let c = Conformance::from_bytes(hex!("007E1F"));
        let names: Vec<_> = c.iter_names().collect();
        assert_eq!(
            names,
            [
                "priority-mgmt-supported",
                "attribute0-supported-with-get",
                "block-transfer-with-get-or-read",
                "block-transfer-with-set-or-write",
                "block-transfer-with-action",
                "multiple-references",
                "get",
                "set",
                "selective-access",
                "event-notification",
                "action",
            ]
        );
        assert_eq!(Conformance::RESERVED_ZERO.to_bytes(), hex!("800000"));
        assert_eq!(Conformance::ACTION.to_bytes(), hex!("000001"));
        assert_eq!(Conformance::GET.bits(), 0x00_0010);
        assert_eq!(Conformance::bit(24), Conformance::empty());
        assert_eq!(Conformance::bit_name(17), Some("access"));
        assert_eq!(Conformance::bit_name(24), None);
        let mut d = Conformance::empty();
        d.insert(Conformance::GET | Conformance::SET);
        assert!(d.contains(Conformance::GET));
        d.remove(Conformance::GET);
        assert_eq!(d, Conformance::SET);
        assert_eq!(format!("{d}"), "set");
        assert_eq!(format!("{}", Conformance::empty()), "(none)");
        assert_eq!(
            format!("{}", Conformance::GET | Conformance::ACTION),
            "get, action"
        );
        assert_eq!(
            Conformance::from_bits_truncate(0xFFFF_FFFF),
            Conformance::all()
        );
    }

    #[test]
    fn conformance_positions_match_gurux() {
        // gurux_dlms 1.0.203 `Conformance` flag values are 1 << n for bit n of the standard;
        // its wire conversion reverses the bits of each octet. This table lists gurux's
        // flag value for every name, as printed by the peer.
        let gurux: [(&str, u32); 24] = [
            ("reserved-zero", 0x1),
            ("general-protection", 0x2),
            ("general-block-transfer", 0x4),
            ("read", 0x8),
            ("write", 0x10),
            ("unconfirmed-write", 0x20),
            ("delta-value-encoding", 0x40),
            ("reserved-seven", 0x80),
            ("attribute0-supported-with-set", 0x100),
            ("priority-mgmt-supported", 0x200),
            ("attribute0-supported-with-get", 0x400),
            ("block-transfer-with-get-or-read", 0x800),
            ("block-transfer-with-set-or-write", 0x1000),
            ("block-transfer-with-action", 0x2000),
            ("multiple-references", 0x4000),
            ("information-report", 0x8000),
            ("data-notification", 0x10000),
            ("access", 0x20000),
            ("parameterized-access", 0x40000),
            ("get", 0x80000),
            ("set", 0x100000),
            ("selective-access", 0x200000),
            ("event-notification", 0x400000),
            ("action", 0x800000),
        ];
        for (name, flag) in gurux {
            let n = u8::try_from(flag.trailing_zeros()).unwrap();
            assert_eq!(Conformance::bit_name(n), Some(name));
        }
    }

    #[test]
    fn deconstruct_request() {
        let req = InitiateRequest::parse_exact(&REQ_SIMPLE).unwrap();
        assert_eq!(req.dedicated_key, None);
        assert_eq!(req.response_allowed, None);
        assert!(req.is_response_allowed());
        assert_eq!(req.proposed_quality_of_service, None);
        assert_eq!(req.proposed_dlms_version_number, 6);
        assert_eq!(req.proposed_conformance.bits(), 0x00_7E1F);
        assert_eq!(req.client_max_receive_pdu_size, 1200);

        let req = InitiateRequest::parse_exact(&REQ_DEDICATED).unwrap();
        assert_eq!(
            req.dedicated_key,
            Some(&hex!("00112233445566778899AABBCCDDEEFF")[..])
        );
        assert!(req.is_response_allowed());
    }

    #[test]
    fn construct_and_emit_request() {
        let req = InitiateRequest {
            dedicated_key: Some(&hex!("00112233445566778899AABBCCDDEEFF")),
            response_allowed: None,
            proposed_quality_of_service: None,
            proposed_dlms_version_number: 6,
            proposed_conformance: Conformance::from_bits_truncate(0x00_7E1F),
            client_max_receive_pdu_size: 1200,
        };
        assert_eq!(emitted(req.buffer_len(), |o| req.emit(o)), REQ_DEDICATED);
        let no_response = InitiateRequest {
            dedicated_key: None,
            response_allowed: Some(false),
            proposed_quality_of_service: Some(-1),
            ..req
        };
        let bytes = emitted(no_response.buffer_len(), |o| no_response.emit(o));
        assert_eq!(bytes, hex!("01 00 0100 01FF 06 5F1F0400007E1F 04B0"));
        assert!(
            !InitiateRequest::parse_exact(&bytes)
                .unwrap()
                .is_response_allowed()
        );
    }

    #[test]
    fn deconstruct_and_emit_response() {
        let res = InitiateResponse::parse_exact(&RES_SIMPLE).unwrap();
        assert_eq!(res.negotiated_quality_of_service, None);
        assert_eq!(res.negotiated_dlms_version_number, 6);
        assert_eq!(res.negotiated_conformance.bits(), 0x00_501F);
        assert_eq!(res.server_max_receive_pdu_size, 500);
        assert_eq!(res.vaa_name, InitiateResponse::VAA_NAME_LN);
        assert_eq!(emitted(res.buffer_len(), |o| res.emit(o)), RES_SIMPLE);

        let res = InitiateResponse::parse_exact(&RES_QOS).unwrap();
        assert_eq!(res.negotiated_quality_of_service, Some(0));
        assert_eq!(res.negotiated_conformance.bits(), 0x00_1E1D);
        assert_eq!(res.server_max_receive_pdu_size, 1224);
        assert_eq!(emitted(res.buffer_len(), |o| res.emit(o)), RES_QOS);
    }

    #[test]
    fn truncation_and_bad_fields() {
        for bytes in [&REQ_SIMPLE[..], &REQ_DEDICATED] {
            every_cut_is_short(bytes, |b| InitiateRequest::parse(b).map(drop));
        }
        for bytes in [&RES_SIMPLE[..], &RES_QOS] {
            every_cut_is_short(bytes, |b| InitiateResponse::parse(b).map(drop));
        }
        let err = InitiateRequest::parse(&RES_SIMPLE).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 1,
                found: 8
            }
        );
        // A conformance block without its second tag octet (as an old jDLMS test sends).
        let err = InitiateRequest::parse(&hex!("01000000065F0400181A200000")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0x1F,
                found: 0x04
            }
        );
        assert_eq!(err.offset(), 6);
        let err = InitiateResponse::parse(&hex!("0800065F1F050000501F01F40007")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidLength, 5));
        let err = InitiateResponse::parse(&hex!("0800065F1F040100501F01F40007")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidValue, 6));
        let err =
            InitiateRequest::parse_exact(&hex!("01000000065F1F0400007E1F04B000")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 14));
    }

    #[test]
    fn render() {
        let req = InitiateRequest::parse_exact(&REQ_SIMPLE).unwrap();
        let text = format!("{}", Tree(&req));
        assert!(text.starts_with("initiate-request\n  response-allowed: true (default)\n"));
        assert!(text.contains("  proposed-conformance: 007e1f (priority-mgmt-supported, "));
        let res = InitiateResponse::parse_exact(&RES_SIMPLE).unwrap();
        let text: String = format!("{}", Tree(&res));
        assert!(text.ends_with("  vaa-name: 0x0007\n"));
    }

    proptest! {
        #[test]
        fn request_round_trip(
            key in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
            allowed in any::<Option<bool>>(),
            qos in any::<Option<i8>>(),
            version in any::<u8>(),
            conf in 0u32..=0xFF_FFFF,
            size in any::<u16>(),
        ) {
            let req = InitiateRequest {
                dedicated_key: key.as_deref(),
                response_allowed: allowed,
                proposed_quality_of_service: qos,
                proposed_dlms_version_number: version,
                proposed_conformance: Conformance::from_bits_truncate(conf),
                client_max_receive_pdu_size: size,
            };
            let bytes = emitted(req.buffer_len(), |o| req.emit(o));
            prop_assert_eq!(InitiateRequest::parse_exact(&bytes).unwrap(), req);
        }

        #[test]
        fn response_round_trip(qos in any::<Option<i8>>(), version in any::<u8>(),
                               conf in 0u32..=0xFF_FFFF, size in any::<u16>(), vaa in any::<u16>()) {
            let res = InitiateResponse {
                negotiated_quality_of_service: qos,
                negotiated_dlms_version_number: version,
                negotiated_conformance: Conformance::from_bits_truncate(conf),
                server_max_receive_pdu_size: size,
                vaa_name: vaa,
            };
            let bytes = emitted(res.buffer_len(), |o| res.emit(o));
            prop_assert_eq!(InitiateResponse::parse_exact(&bytes).unwrap(), res);
        }

        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Ok((req, _)) = InitiateRequest::parse(&bytes) {
                let out = emitted(req.buffer_len(), |o| req.emit(o));
                prop_assert_eq!(InitiateRequest::parse_exact(&out).unwrap(), req);
            }
            let _ = InitiateResponse::parse(&bytes);
        }
    }
}
