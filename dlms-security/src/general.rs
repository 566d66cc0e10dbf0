//! general-ciphering (`DD`) with every key-info choice, and general-signing (`DF`).
//!
//! # general-ciphering
//!
//! A general-ciphering APDU carries a header (transaction id, originator and recipient
//! system titles, date-time, other information), the key information that tells the
//! recipient how to obtain the content key, and the ciphered content `SC || IC || text`
//! (IEC 62056-5-3, the xDLMS ASN.1 module; DLMS UA 1000-2, the cryptographic protection of
//! xDLMS APDUs). [`protect`] builds one under a [`SenderKey`], [`unprotect_in_place`]
//! verifies and decrypts one with the recipient's keys ([`RecipientKeys`]):
//!
//! | [`SenderKey`] | key-info | content key | suites |
//! |---|---|---|---|
//! | [`GlobalUnicast`](SenderKey::GlobalUnicast) | identified-key, key-id 0 | the global unicast key | 0, 1, 2 |
//! | [`Broadcast`](SenderKey::Broadcast) | identified-key, key-id 1 (SC bit 6) | the global broadcast key | 0, 1, 2 |
//! | [`Wrapped`](SenderKey::Wrapped) | wrapped-key, kek-id 0 | a fresh key, RFC 3394-wrapped under the master key | 0, 1, 2 |
//! | `OnePass` | agreed-key, key-parameters `01` | One-Pass Diffie-Hellman C(1e,1s) | 1, 2 |
//! | `StaticUnified` | agreed-key, key-parameters `02` | Static Unified Model C(0e,2s) | 1, 2 |
//!
//! **One-Pass Diffie-Hellman**: the originator draws an ephemeral key pair from the
//! caller's RNG; key-ciphered-data is the ephemeral public key `X || Y` followed by the
//! originator's ECDSA signature `r || s` of those same `X || Y` octets (the Green Book
//! Annex C example, Table C.2, verifies with the bare `X || Y` as the message; Gurux.DLMS.Net
//! `GXSecure.GetEphemeralPublicKeySignature` instead signs the key-id octet followed by
//! `X || Y`, so its one-pass APDUs do not verify here). The recipient always verifies the
//! signature before it uses the key, then `Z = ECDH(its static key-agreement key, ephemeral
//! public key)` and the key is derived by [`crate::kdf`] with
//! `OtherInfo = AlgorithmID(gcm) || originator title || recipient title`.
//!
//! **Static Unified Model**: key-ciphered-data is empty; `Z = ECDH` of the two parties'
//! static key-agreement keys and `OtherInfo = AlgorithmID(gcm) || originator title ||
//! transaction-id (A-XDR octet string) || recipient title`. Both layouts reproduce the Green
//! Book Annex C keys (Tables C.2 and C.3).
//!
//! The IV is the originator system title followed by the invocation counter drawn from a
//! [`Lease`]. The authenticated data ([`authenticated_data`]) follows gurux-dlms
//! (`GXDLMSChippering.getAuthenticatedData`, Python package 1.0.203):
//!
//! | mode | authenticated data |
//! |---|---|
//! | authenticated encryption, suite 1 or 2, recipient title present | `SC \|\| AK \|\|` the five header fields as length-prefixed octet strings |
//! | authenticated encryption, suite 0 or no recipient title | `SC \|\| AK` |
//! | authentication only | `SC \|\| AK \|\| plaintext` |
//! | encryption only | none (no tag) |
//!
//! The header fields are taken as the APDU carries them. gurux-dlms writes the transaction
//! id as the eight-octet invocation counter and leaves date-time and other-information
//! empty, and builds its authenticated data from those values; an APDU that follows the
//! same conventions verifies on both sides (`interop/general_gurux.py`). The key-info is
//! never authenticated by the tag; in suite 0 and in the authentication-only mode neither is
//! the header, which is why the recipient checks the titles and transaction id against its
//! own expectations ([`Expected`]).
//!
//! The Green Book Annex C examples (Tables C.2, C.3) reproduce with this module's keys, IV
//! and ciphertext, but not their tag: no authenticated-data layout anyone has tried matches
//! it (tests/general.rs records what was tried).
//!
//! # Receiving
//!
//! [`unprotect_in_place`] checks, in this order, the envelope, the security control, the
//! titles and transaction id against [`Expected`], the key information (for one-pass, the
//! ephemeral key's signature), the replay guard (read only), and then the tag. Only after
//! the tag verified is the plaintext released and the guard advanced. On any error the whole
//! buffer is overwritten with zeros. An encryption-only APDU has no tag: as in
//! [`crate::protect`], its counter is checked and recorded all the same, and nothing
//! vouches for its integrity (require authentication by policy). Broadcast APDUs are
//! guarded under
//! [`KeyUse::Broadcast`]; every other general-ciphering APDU under
//! [`KeyUse::GlobalUnicast`], the originator's one counter sequence.
//!
//! # general-signing
//!
//! [`sign`] and [`verify`] (suites 1 and 2) sign and check the data Gurux.DLMS.Net signs:
//! the five header fields (no `DF` tag) followed by the content octets without their length
//! prefix ([`GeneralSigning::emit_signed_data`]); the signature is `r || s`.
//!
//! # Combinations
//!
//! - **Sign, then cipher**: [`sign`] the plain APDU into a buffer, then [`protect`] that
//!   general-signing APDU as the plaintext. The recipient runs [`unprotect_in_place`], then
//!   [`verify`] on the plaintext it got back.
//! - **Cipher, then sign**: [`protect`] the plain APDU, then [`sign`] with the
//!   general-ciphering APDU as the content. The recipient runs [`verify`], then
//!   [`unprotect_in_place`] on the content, which [`Signed::content_range`] locates inside
//!   the received buffer.
//!
//! Both orders are exercised in tests/general.rs.

use dlms_apdu::ErrorKind;
use dlms_apdu::ciphered::{
    CipheredContent, GeneralCiphering, GeneralHeader, KekId, KeyId, KeyInfo, SecurityHeader,
};
use rand_core::TryCryptoRng;
use zeroize::{Zeroize, Zeroizing};

use crate::counter::Lease;
use crate::error::{Error, Result};
use crate::gcm::{AnyGcm, ApduCipher, TAG_LEN, Tag};
use crate::iv::{InvocationCounter, Iv, SystemTitle};
use crate::key::{AuthenticationKey, BroadcastKey, GlobalUnicastKey, KeyBytes, KeySize, MasterKey};
use crate::kw;
use crate::protect::Mode;
use crate::replay::{KeyUse, ReplayGuard};
use crate::suite::{SecurityControl, SecuritySuite};

#[cfg(any(feature = "suite1", feature = "suite2"))]
use crate::ecc::{Curve, PrivateKey, PublicKey};
#[cfg(any(feature = "suite1", feature = "suite2"))]
use core::ops::Range;
#[cfg(any(feature = "suite1", feature = "suite2"))]
use dlms_apdu::ciphered::GeneralSigning;

/// Longest transaction id accepted (the key derivation's limit).
pub const MAX_TRANSACTION_ID_LEN: usize = 64;
/// Longest date-time field accepted (an A-XDR date-time is 12 octets).
pub const MAX_DATE_TIME_LEN: usize = 12;
/// Longest other-information field accepted.
pub const MAX_OTHER_INFORMATION_LEN: usize = 128;
/// Longest encoded header: the five fields with their length octets.
pub const MAX_HEADER_LEN: usize = (1 + MAX_TRANSACTION_ID_LEN)
    + 9
    + 9
    + (1 + MAX_DATE_TIME_LEN)
    + (2 + MAX_OTHER_INFORMATION_LEN);
/// Longest authenticated data [`authenticated_data`] builds (without the plaintext of the
/// authentication-only mode): `SC`, a 32-octet `AK` and the header.
pub const MAX_AAD_LEN: usize = 1 + 32 + MAX_HEADER_LEN;

/// key-parameters of One-Pass Diffie-Hellman C(1e,1s).
pub const ONE_PASS_DIFFIE_HELLMAN: u8 = 1;
/// key-parameters of the Static Unified Model C(0e,2s).
pub const STATIC_UNIFIED_MODEL: u8 = 2;

/// The header fields of a general-ciphering or general-signing APDU to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// transaction-id (at most [`MAX_TRANSACTION_ID_LEN`] octets; gurux-dlms sends the
    /// invocation counter as eight octets, see [`transaction_id_of`]).
    pub transaction_id: &'a [u8],
    /// originator-system-title: the sender's, the first half of the IV.
    pub originator: SystemTitle,
    /// recipient-system-title (left empty when `None`).
    pub recipient: Option<SystemTitle>,
    /// date-time (empty or a 12-octet A-XDR date-time).
    pub date_time: &'a [u8],
    /// other-information (at most [`MAX_OTHER_INFORMATION_LEN`] octets).
    pub other_information: &'a [u8],
}

impl Header<'_> {
    /// The header as the APDU encodes it.
    #[must_use]
    pub fn to_apdu(&self) -> GeneralHeader<'_> {
        GeneralHeader {
            transaction_id: self.transaction_id,
            originator_system_title: self.originator.as_bytes(),
            recipient_system_title: self.recipient.as_ref().map_or(&[][..], |t| t.as_bytes()),
            date_time: self.date_time,
            other_information: self.other_information,
        }
    }
}

/// The transaction id gurux-dlms uses: the invocation counter as eight octets, big-endian.
#[must_use]
pub const fn transaction_id_of(counter: InvocationCounter) -> [u8; 8] {
    (counter.0 as u64).to_be_bytes()
}

/// Checks the field lengths this module accepts.
fn check_header(h: &GeneralHeader<'_>) -> Result<()> {
    for (field, max) in [
        (h.transaction_id, MAX_TRANSACTION_ID_LEN),
        (h.date_time, MAX_DATE_TIME_LEN),
        (h.other_information, MAX_OTHER_INFORMATION_LEN),
    ] {
        if field.len() > max {
            return Err(Error::InvalidLength(field.len()));
        }
    }
    if h.originator_system_title.len() != SystemTitle::LEN {
        return Err(Error::SystemTitleLength(h.originator_system_title.len()));
    }
    if !h.recipient_system_title.is_empty() && h.recipient_system_title.len() != SystemTitle::LEN {
        return Err(Error::SystemTitleLength(h.recipient_system_title.len()));
    }
    Ok(())
}

/// Builds the authenticated data of an authenticated-and-encrypted general-ciphering APDU
/// into `out` (see the module documentation): `SC || AK`, followed by the five header
/// fields as length-prefixed octet strings when the suite is 1 or 2 and the recipient
/// title is present. Returns the octets written.
///
/// # Errors
/// [`Error::InvalidLength`] for header fields over the module's limits,
/// [`Error::BufferTooSmall`] if `out` is too short ([`MAX_AAD_LEN`] always suffices).
pub fn authenticated_data(
    sc: SecurityControl,
    ak: &AuthenticationKey,
    header: &GeneralHeader<'_>,
    out: &mut [u8],
) -> Result<usize> {
    check_header(header)?;
    let ak = ak.expose_secret();
    let with_header = sc.suite_id() != 0 && !header.recipient_system_title.is_empty();
    let head_len = ak.len().saturating_add(1);
    let total = if with_header {
        head_len.saturating_add(header.buffer_len())
    } else {
        head_len
    };
    let out = out
        .get_mut(..total)
        .ok_or(Error::BufferTooSmall { needed: total })?;
    let (head, rest) = out.split_at_mut(head_len);
    if let Some((first, key)) = head.split_first_mut() {
        *first = sc.0;
        key.copy_from_slice(ak);
    }
    if with_header {
        header.emit(rest)?;
    }
    Ok(total)
}

/// How the originator protects the content key.
#[derive(Debug)]
#[non_exhaustive]
pub enum SenderKey<'a> {
    /// identified-key: the global unicast encryption key (key-id 0).
    GlobalUnicast(&'a GlobalUnicastKey),
    /// identified-key: the global broadcast encryption key (key-id 1, SC bit 6).
    Broadcast(&'a BroadcastKey),
    /// wrapped-key: a fresh content key from the caller's RNG, wrapped under the master key
    /// (kek-id 0) by RFC 3394.
    Wrapped(&'a MasterKey),
    /// agreed-key, One-Pass Diffie-Hellman: a fresh ephemeral key pair from the caller's RNG,
    /// its public key signed with `signing`, agreed with the recipient's static
    /// key-agreement key.
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    OnePass {
        /// The originator's ECDSA signing key.
        signing: &'a PrivateKey,
        /// The recipient's static key-agreement public key.
        recipient_agreement: &'a PublicKey,
    },
    /// agreed-key, Static Unified Model: the two parties' static key-agreement keys.
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    StaticUnified {
        /// The originator's static key-agreement private key.
        agreement: &'a PrivateKey,
        /// The recipient's static key-agreement public key.
        recipient_agreement: &'a PublicKey,
    },
}

/// What the originator sends with: suite, mode, authentication key and header.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The security suite (SC bits 0-3; for agreed keys also the curve and the hash).
    pub suite: SecuritySuite,
    /// Authentication, encryption or both.
    pub mode: Mode,
    /// The authentication key, needed for the authenticated modes.
    pub authentication_key: Option<&'a AuthenticationKey>,
    /// The header fields.
    pub header: Header<'a>,
}

/// Fresh material for one APDU, fixed by the caller only for known-answer tests.
#[derive(Debug)]
pub struct Material<'a> {
    /// The invocation counter.
    pub counter: InvocationCounter,
    /// The content key of a wrapped-key APDU (the suite's key size).
    pub content_key: Option<&'a [u8]>,
    /// The ephemeral key of a one-pass APDU.
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    pub ephemeral: Option<&'a PrivateKey>,
}

/// A content key on the stack, zeroized on drop.
type ContentKey = KeyBytes;

/// The cipher of a content key, which must have the suite's size.
fn content_cipher(key: &ContentKey, suite: SecuritySuite) -> Result<AnyGcm> {
    check_size(suite, key.size())?;
    AnyGcm::new(key.as_slice())
}

fn check_size(suite: SecuritySuite, actual: KeySize) -> Result<()> {
    let expected = suite.key_size();
    if actual == expected {
        Ok(())
    } else {
        Err(Error::KeyLength {
            expected: expected.octets(),
            actual: actual.octets(),
        })
    }
}

/// The largest key-ciphered-data: a P-384 public key and signature.
const MAX_KEY_DATA: usize = 192;

/// key-info as sent, with its octets on the stack.
struct KeyInfoBuf {
    choice: u8,
    id: u8,
    params: u8,
    data: [u8; MAX_KEY_DATA],
    len: usize,
}

impl KeyInfoBuf {
    fn new(choice: u8, id: u8, params: u8) -> Self {
        Self {
            choice,
            id,
            params,
            data: [0; MAX_KEY_DATA],
            len: 0,
        }
    }

    fn push(&mut self, part: &[u8]) -> Result<()> {
        let end = self.len.saturating_add(part.len());
        self.data
            .get_mut(self.len..end)
            .ok_or(Error::InvalidLength(end))?
            .copy_from_slice(part);
        self.len = end;
        Ok(())
    }

    fn data(&self) -> &[u8] {
        self.data.get(..self.len).unwrap_or(&[])
    }

    fn key_info(&self) -> KeyInfo<'_> {
        match self.choice {
            0 => KeyInfo::IdentifiedKey(KeyId(self.id)),
            1 => KeyInfo::WrappedKey {
                kek_id: KekId(self.id),
                key_ciphered_data: self.data(),
            },
            _ => KeyInfo::AgreedKey {
                key_parameters: core::slice::from_ref(&self.params),
                key_ciphered_data: self.data(),
            },
        }
    }
}

/// Octets of an A-XDR length.
const fn length_len(len: usize) -> usize {
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

/// Writes an A-XDR length at the start of `out`; returns its octets.
fn write_length(len: usize, out: &mut [u8]) -> Result<usize> {
    let n = length_len(len);
    let value = u32::try_from(len).map_err(|_| Error::InvalidLength(len))?;
    let dst = out
        .get_mut(..n)
        .ok_or(Error::BufferTooSmall { needed: n })?;
    if n == 1 {
        dst.copy_from_slice(&[value.to_be_bytes()[3]]);
    } else {
        let extra = n.saturating_sub(1);
        let bytes = value.to_be_bytes();
        let (first, rest) = dst.split_at_mut(1);
        // `extra` is 1 to 4, so the octet `0x80 | extra` fits.
        first.copy_from_slice(&[0x80 | u8::try_from(extra).unwrap_or(4)]);
        rest.copy_from_slice(bytes.get(4usize.saturating_sub(extra)..).unwrap_or(&[]));
    }
    Ok(n)
}

/// The content key and key-info an originator sends under `key`.
fn sender_key(
    out: &Outgoing<'_>,
    key: &SenderKey<'_>,
    material: &Material<'_>,
) -> Result<(ContentKey, KeyInfoBuf, bool)> {
    let suite = out.suite;
    match key {
        SenderKey::GlobalUnicast(k) => Ok((
            ContentKey::from_slice(k.expose_secret())?,
            KeyInfoBuf::new(0, KeyId::GLOBAL_UNICAST_ENCRYPTION_KEY.0, 0),
            false,
        )),
        SenderKey::Broadcast(k) => Ok((
            ContentKey::from_slice(k.expose_secret())?,
            KeyInfoBuf::new(0, KeyId::GLOBAL_BROADCAST_ENCRYPTION_KEY.0, 0),
            true,
        )),
        SenderKey::Wrapped(kek) => {
            let content = ContentKey::from_slice(material.content_key.ok_or(Error::Rng)?)?;
            check_size(suite, content.size())?;
            let mut info = KeyInfoBuf::new(1, KekId::MASTER_KEY.0, 0);
            let mut wrapped = [0u8; 40];
            let n = kw::wrap_octets(kek.expose_secret(), content.as_slice(), &mut wrapped)?;
            info.push(wrapped.get(..n).unwrap_or(&[]))?;
            Ok((content, info, false))
        }
        #[cfg(any(feature = "suite1", feature = "suite2"))]
        SenderKey::OnePass {
            signing,
            recipient_agreement,
        } => {
            let curve = Curve::for_suite(suite)?;
            let ephemeral = material.ephemeral.ok_or(Error::Rng)?;
            same_curve(
                curve,
                &[
                    ephemeral.curve(),
                    signing.curve(),
                    recipient_agreement.curve(),
                ],
            )?;
            let recipient = out.header.recipient.ok_or(Error::SystemTitleLength(0))?;
            let xy = ephemeral.public_key().to_xy();
            let signature = signing.sign(&xy)?;
            let mut info = KeyInfoBuf::new(2, 0, ONE_PASS_DIFFIE_HELLMAN);
            info.push(&xy)?;
            info.push(signature.as_slice())?;
            let z = ephemeral.diffie_hellman(recipient_agreement)?;
            let other = crate::kdf::other_info(
                crate::kdf::AlgorithmId::gcm(suite),
                out.header.originator.as_bytes(),
                None,
                recipient.as_bytes(),
            )?;
            let k = crate::kdf::derive(suite, &z, other.as_slice(), suite.key_size())?;
            Ok((ContentKey::from_slice(k.expose_secret())?, info, false))
        }
        #[cfg(any(feature = "suite1", feature = "suite2"))]
        SenderKey::StaticUnified {
            agreement,
            recipient_agreement,
        } => {
            let curve = Curve::for_suite(suite)?;
            same_curve(curve, &[agreement.curve(), recipient_agreement.curve()])?;
            let recipient = out.header.recipient.ok_or(Error::SystemTitleLength(0))?;
            let z = agreement.diffie_hellman(recipient_agreement)?;
            let other = crate::kdf::other_info(
                crate::kdf::AlgorithmId::gcm(suite),
                out.header.originator.as_bytes(),
                Some(out.header.transaction_id),
                recipient.as_bytes(),
            )?;
            let k = crate::kdf::derive(suite, &z, other.as_slice(), suite.key_size())?;
            Ok((
                ContentKey::from_slice(k.expose_secret())?,
                KeyInfoBuf::new(2, 0, STATIC_UNIFIED_MODEL),
                false,
            ))
        }
    }
}

#[cfg(any(feature = "suite1", feature = "suite2"))]
fn same_curve(curve: Curve, others: &[Curve]) -> Result<()> {
    if others.iter().all(|c| *c == curve) {
        Ok(())
    } else {
        Err(Error::CurveMismatch)
    }
}

/// The security control octet for `mode` under `suite`.
fn security_control(suite: SecuritySuite, mode: Mode, broadcast: bool) -> SecurityControl {
    let sc = SecurityControl::new(suite.id(), mode.is_authenticated(), mode.is_encrypted());
    if broadcast {
        SecurityControl(sc.0 | SecurityControl::BROADCAST_KEY)
    } else {
        sc
    }
}

/// Octets of the general-ciphering APDU protecting `plain_len` octets under `outgoing`
/// and a key-info of `key_info_len` octets (CHOICE included).
fn apdu_len(outgoing: &Outgoing<'_>, key_info_len: usize, plain_len: usize) -> Result<usize> {
    let tag = if outgoing.mode.is_authenticated() {
        TAG_LEN
    } else {
        0
    };
    let content = plain_len
        .checked_add(tag)
        .and_then(|n| n.checked_add(SecurityHeader::LEN))
        .filter(|n| u32::try_from(*n).is_ok())
        .ok_or(Error::InvalidLength(plain_len))?;
    let header = outgoing.header.to_apdu();
    Ok(header
        .buffer_len()
        .saturating_add(key_info_len)
        .saturating_add(2)
        .saturating_add(length_len(content))
        .saturating_add(content))
}

/// Octets the key-info of `key` takes on the wire (CHOICE octet included).
fn key_info_len(suite: SecuritySuite, key: &SenderKey<'_>) -> Result<usize> {
    Ok(match key {
        SenderKey::GlobalUnicast(_) | SenderKey::Broadcast(_) => 2,
        SenderKey::Wrapped(_) => 3usize.saturating_add(kw::wrapped_len(suite.key_size())),
        #[cfg(any(feature = "suite1", feature = "suite2"))]
        SenderKey::OnePass { .. } => {
            let curve = Curve::for_suite(suite)?;
            let data = curve.public_key_len().saturating_add(curve.signature_len());
            3usize.saturating_add(length_len(data)).saturating_add(data)
        }
        #[cfg(any(feature = "suite1", feature = "suite2"))]
        SenderKey::StaticUnified { .. } => 4,
    })
}

/// Octets of the general-ciphering APDU [`protect`] writes for a `plain_len`-octet APDU.
///
/// # Errors
/// [`Error::InvalidLength`] for a plaintext too long for the content's length field,
/// [`Error::UnsupportedSuite`] for an agreed key under suite 0 or a disabled suite.
pub fn protected_len(
    outgoing: &Outgoing<'_>,
    key: &SenderKey<'_>,
    plain_len: usize,
) -> Result<usize> {
    apdu_len(outgoing, key_info_len(outgoing.suite, key)?, plain_len)
}

/// Protects `plain` in a general-ciphering APDU written to `out`; returns the octets
/// written.
///
/// Fresh material (a wrapped content key, a one-pass ephemeral key) comes from `rng`; the
/// invocation counter from `lease`, drawn only once everything else has been checked.
///
/// # Errors
/// - [`Error::UnsupportedSecurityControl`] for an authenticated mode without an
///   authentication key;
/// - [`Error::KeyLength`] for keys of another size than the suite's;
/// - [`Error::UnsupportedSuite`], [`Error::CurveMismatch`] for agreed keys of another suite
///   or curve;
/// - [`Error::SystemTitleLength`] for an agreed key without a recipient title;
/// - [`Error::InvalidLength`] for header fields over this module's limits;
/// - [`Error::BufferTooSmall`] if `out` is shorter than [`protected_len`];
/// - [`Error::Rng`] if the RNG fails;
/// - [`Error::LeaseExhausted`] or [`Error::CounterExhausted`] from the lease.
pub fn protect<R: TryCryptoRng + ?Sized>(
    outgoing: &Outgoing<'_>,
    key: &SenderKey<'_>,
    rng: &mut R,
    lease: &mut Lease,
    plain: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let mut content_key = Zeroizing::new([0u8; 32]);
    let size = outgoing.suite.key_size().octets();
    let fresh_key = content_key.get_mut(..size).unwrap_or(&mut []);
    #[allow(unused_mut)]
    let mut material = Material {
        counter: InvocationCounter(0),
        content_key: None,
        #[cfg(any(feature = "suite1", feature = "suite2"))]
        ephemeral: None,
    };
    if matches!(key, SenderKey::Wrapped(_)) {
        rng.try_fill_bytes(fresh_key).map_err(|_| Error::Rng)?;
        material.content_key = Some(fresh_key);
    }
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    let ephemeral = match key {
        SenderKey::OnePass { .. } => Some(PrivateKey::generate(
            Curve::for_suite(outgoing.suite)?,
            rng,
        )?),
        _ => None,
    };
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    {
        material.ephemeral = ephemeral.as_ref();
    }
    protect_inner(
        outgoing,
        key,
        &material,
        || lease.next_counter(),
        plain,
        out,
    )
}

/// [`protect`] with the counter and fresh material the caller fixes: for reproducing
/// published examples only. Sending two APDUs under one counter and key, or reusing an
/// ephemeral key, breaks the protection.
///
/// # Errors
/// As [`protect`], except the lease and RNG errors; [`Error::Rng`] if the key asks for
/// material that `material` lacks.
pub fn protect_with_material(
    outgoing: &Outgoing<'_>,
    key: &SenderKey<'_>,
    material: &Material<'_>,
    plain: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    protect_inner(outgoing, key, material, || Ok(material.counter), plain, out)
}

fn protect_inner(
    outgoing: &Outgoing<'_>,
    key: &SenderKey<'_>,
    material: &Material<'_>,
    next: impl FnOnce() -> Result<InvocationCounter>,
    plain: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let header = outgoing.header.to_apdu();
    check_header(&header)?;
    let (content_key, info, broadcast) = sender_key(outgoing, key, material)?;
    let cipher = content_cipher(&content_key, outgoing.suite)?;
    let sc = security_control(outgoing.suite, outgoing.mode, broadcast);
    let ak = if outgoing.mode.is_authenticated() {
        Some(
            outgoing
                .authentication_key
                .ok_or(Error::UnsupportedSecurityControl(sc.0))?,
        )
    } else {
        None
    };
    let mut aad = Zeroizing::new([0u8; MAX_AAD_LEN]);
    let aad_len = match ak {
        Some(ak) if outgoing.mode.is_encrypted() => authenticated_data(sc, ak, &header, &mut *aad)?,
        // Authentication only: SC || AK, the plaintext follows.
        Some(ak) => sc_ak(sc, ak, &mut *aad)?,
        None => 0,
    };
    let key_info = info.key_info();
    let total = apdu_len(outgoing, key_info.buffer_len(), plain.len())?;
    let out = out
        .get_mut(..total)
        .ok_or(Error::BufferTooSmall { needed: total })?;
    let counter = next()?;
    let tag_len = sc.tag_len();
    let text_len = plain.len().saturating_add(tag_len);
    // The APDU with an empty ciphered text ends `length(5) SC IC`; with the real text only
    // the length differs.
    let skeleton = GeneralCiphering {
        header,
        key_info: Some(key_info),
        content: CipheredContent {
            header: SecurityHeader {
                security_control: sc,
                invocation_counter: counter.value(),
            },
            ciphered_text: &[],
        },
    };
    let prefix = skeleton
        .buffer_len()
        .saturating_sub(1 + SecurityHeader::LEN);
    let (head, rest) = out.split_at_mut(prefix);
    emit_prefix(&skeleton, head)?;
    let n = write_length(SecurityHeader::LEN.saturating_add(text_len), rest)?;
    let (sh, text) = rest
        .get_mut(n..)
        .ok_or(Error::BufferTooSmall { needed: total })?
        .split_at_mut(SecurityHeader::LEN);
    sh.copy_from_slice(&skeleton.content.header.to_bytes());
    let (payload, tag_out) = text.split_at_mut(plain.len());
    payload.copy_from_slice(plain);
    let iv = Iv::new(&outgoing.header.originator, counter);
    let aad = aad.get(..aad_len).unwrap_or(&[]);
    let aad = ak.map(|_| aad);
    crate::protect::seal_payload(&cipher, outgoing.mode, &iv, aad, payload, tag_out, sc)?;
    Ok(total)
}

/// `SC || AK` into `out`.
fn sc_ak(sc: SecurityControl, ak: &AuthenticationKey, out: &mut [u8]) -> Result<usize> {
    let ak = ak.expose_secret();
    let n = ak.len().saturating_add(1);
    let dst = out
        .get_mut(..n)
        .ok_or(Error::BufferTooSmall { needed: n })?;
    if let Some((first, rest)) = dst.split_first_mut() {
        *first = sc.0;
        rest.copy_from_slice(ak);
    }
    Ok(n)
}

/// The longest general-ciphering APDU with an empty ciphered text.
const MAX_SKELETON_LEN: usize = 1 + MAX_HEADER_LEN + 4 + 3 + MAX_KEY_DATA + 1 + SecurityHeader::LEN;

/// Writes the octets of `skeleton` before its ciphered-content length into `out`, which is
/// exactly that long.
fn emit_prefix(skeleton: &GeneralCiphering<'_>, out: &mut [u8]) -> Result<()> {
    let mut buf = [0u8; MAX_SKELETON_LEN];
    let n = skeleton.emit(&mut buf)?;
    out.copy_from_slice(buf.get(..out.len()).ok_or(Error::InvalidLength(n))?);
    Ok(())
}

#[cfg(feature = "alloc")]
/// [`protect`] into a new vector.
///
/// # Errors
/// As [`protect`].
pub fn protect_to_vec<R: TryCryptoRng + ?Sized>(
    outgoing: &Outgoing<'_>,
    key: &SenderKey<'_>,
    rng: &mut R,
    lease: &mut Lease,
    plain: &[u8],
) -> Result<alloc::vec::Vec<u8>> {
    let mut out = alloc::vec![0u8; protected_len(outgoing, key, plain.len())?];
    let n = protect(outgoing, key, rng, lease, plain, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// The keys a recipient holds; the key-info of each APDU selects the one it needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct RecipientKeys<'a> {
    /// The global unicast encryption key (identified-key, key-id 0).
    pub unicast: Option<&'a GlobalUnicastKey>,
    /// The global broadcast encryption key (identified-key, key-id 1).
    pub broadcast: Option<&'a BroadcastKey>,
    /// The master key (wrapped-key, kek-id 0).
    pub master: Option<&'a MasterKey>,
    /// The recipient's static key-agreement private key (both agreed-key schemes).
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    pub agreement: Option<&'a PrivateKey>,
    /// The originator's signing public key (checks the one-pass ephemeral key).
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    pub originator_signing: Option<&'a PublicKey>,
    /// The originator's static key-agreement public key (static unified model).
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    pub originator_agreement: Option<&'a PublicKey>,
}

/// What a recipient requires of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The recipient's own system title: the APDU's recipient-system-title must be this.
    pub recipient: SystemTitle,
    /// The originator, when the recipient knows whom it expects.
    pub originator: Option<SystemTitle>,
    /// The transaction id, when the recipient expects a particular one (a response to its
    /// own request).
    pub transaction_id: Option<&'a [u8]>,
}

/// How a received general-ciphering APDU's content key was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// identified-key: the global unicast key.
    GlobalUnicast,
    /// identified-key: the global broadcast key.
    Broadcast,
    /// wrapped-key under the master key.
    Wrapped,
    /// agreed-key, One-Pass Diffie-Hellman.
    OnePass,
    /// agreed-key, Static Unified Model.
    StaticUnified,
}

/// A transaction id copied out of a received APDU.
pub type TransactionId = crate::octets::Octets<MAX_TRANSACTION_ID_LEN>;

/// What the header and security header of a received general-ciphering APDU said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralInfo {
    /// The security control octet.
    pub security_control: SecurityControl,
    /// The invocation counter (recorded in the replay guard).
    pub invocation_counter: InvocationCounter,
    /// The originator system title.
    pub originator: SystemTitle,
    /// The transaction id.
    pub transaction_id: TransactionId,
    /// How the content key was obtained.
    pub key: KeyKind,
}

/// A verified and decrypted general-ciphering APDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received<'a> {
    /// The plain APDU, borrowed from the buffer it was ciphered in.
    pub plaintext: &'a [u8],
    /// Header and security information.
    pub info: GeneralInfo,
}

/// The checked parts of a parsed APDU, copied out so that the buffer can be written.
struct Checked {
    info: GeneralInfo,
    cipher: AnyGcm,
    aad: Zeroizing<[u8; MAX_AAD_LEN]>,
    aad_len: usize,
    text_start: usize,
    payload_len: usize,
    guard_key: KeyUse,
}

fn decode_err(kind: ErrorKind, offset: usize) -> Error {
    Error::Decode(dlms_apdu::Error::new(kind, offset))
}

/// Verifies and decrypts a general-ciphering APDU in place (see the module documentation
/// for the order of the checks), checking and then advancing `guard`.
///
/// `suite` is the suite the recipient accepts and `authentication_key` its authentication
/// key (needed for the authenticated modes).
///
/// # Errors
/// - [`Error::Decode`] for a malformed APDU, trailing octets, missing key-info, unknown
///   key-parameters or key-ciphered-data of the wrong length;
/// - [`Error::CompressionUnsupported`], [`Error::UnsupportedSecurityControl`] (another
///   suite, neither authentication nor encryption, an authenticated mode without an
///   authentication key);
/// - [`Error::SystemTitleLength`], [`Error::SystemTitleMismatch`],
///   [`Error::TransactionIdMismatch`], [`Error::InvalidLength`] for the header;
/// - [`Error::KeyUnavailable`] if the key-info names a key `keys` does not hold;
/// - [`Error::UnwrapFailed`], [`Error::InvalidPublicKey`], [`Error::AuthenticationFailed`]
///   (a one-pass signature that does not verify, or a tag that does not);
/// - [`Error::Replay`], [`Error::ReplayGuardFull`] from the guard.
pub fn unprotect_in_place<'b, const N: usize>(
    apdu: &'b mut [u8],
    suite: SecuritySuite,
    authentication_key: Option<&AuthenticationKey>,
    keys: &RecipientKeys<'_>,
    expected: &Expected<'_>,
    guard: &mut ReplayGuard<N>,
) -> Result<Received<'b>> {
    let result = check(apdu, suite, authentication_key, keys, expected).and_then(|c| {
        guard.check(&c.info.originator, c.guard_key, c.info.invocation_counter)?;
        open(apdu, &c)?;
        guard.accept(&c.info.originator, c.guard_key, c.info.invocation_counter)?;
        Ok((c.text_start, c.payload_len, c.info))
    });
    match result {
        Ok((start, len, info)) => Ok(Received {
            plaintext: apdu.get(start..start.saturating_add(len)).unwrap_or(&[]),
            info,
        }),
        Err(e) => {
            apdu.zeroize();
            Err(e)
        }
    }
}

/// Decrypts (or checks) the ciphered text in place.
fn open(apdu: &mut [u8], c: &Checked) -> Result<()> {
    let sc = c.info.security_control;
    let text = apdu
        .get_mut(c.text_start..)
        .ok_or(Error::InvalidLength(c.text_start))?;
    let (payload, tag) = text.split_at_mut(c.payload_len);
    let iv = Iv::new(&c.info.originator, c.info.invocation_counter);
    let aad = c.aad.get(..c.aad_len).unwrap_or(&[]);
    if sc.is_authenticated() {
        let tag = Tag::try_from(&*tag).map_err(|_| Error::AuthenticationFailed)?;
        if sc.is_encrypted() {
            c.cipher.open_in_place(&iv, aad, payload, &tag)
        } else {
            c.cipher.verify_gmac(&iv, &[aad, payload], &tag)
        }
    } else {
        c.cipher.apply_keystream(&iv, payload)
    }
}

fn check(
    apdu: &[u8],
    suite: SecuritySuite,
    authentication_key: Option<&AuthenticationKey>,
    keys: &RecipientKeys<'_>,
    expected: &Expected<'_>,
) -> Result<Checked> {
    let (g, _spans, rest) = GeneralCiphering::parse_spanned(apdu)?;
    if !rest.is_empty() {
        return Err(decode_err(
            ErrorKind::TrailingBytes,
            apdu.len().saturating_sub(rest.len()),
        ));
    }
    let sc = g.content.header.security_control;
    if sc.is_compressed() {
        return Err(Error::CompressionUnsupported);
    }
    if SecuritySuite::of(sc)? != suite || !(sc.is_authenticated() || sc.is_encrypted()) {
        return Err(Error::UnsupportedSecurityControl(sc.0));
    }
    check_header(&g.header)?;
    let originator = SystemTitle::from_slice(g.header.originator_system_title)?;
    if g.header.recipient_system_title != expected.recipient.as_bytes() {
        return Err(Error::SystemTitleMismatch);
    }
    if expected.originator.is_some_and(|o| o != originator) {
        return Err(Error::SystemTitleMismatch);
    }
    if expected
        .transaction_id
        .is_some_and(|t| t != g.header.transaction_id)
    {
        return Err(Error::TransactionIdMismatch);
    }
    let ak = if sc.is_authenticated() {
        Some(authentication_key.ok_or(Error::UnsupportedSecurityControl(sc.0))?)
    } else {
        None
    };
    let (content_key, kind) = recipient_key(&g, suite, sc, keys, &originator)?;
    let guard_key = if kind == KeyKind::Broadcast {
        KeyUse::Broadcast
    } else {
        KeyUse::GlobalUnicast
    };
    let cipher = content_cipher(&content_key, suite)?;
    let mut aad = Zeroizing::new([0u8; MAX_AAD_LEN]);
    let aad_len = match ak {
        Some(ak) if sc.is_encrypted() => authenticated_data(sc, ak, &g.header, &mut *aad)?,
        Some(ak) => sc_ak(sc, ak, &mut *aad)?,
        None => 0,
    };
    let text_len = g.content.ciphered_text.len();
    let payload_len = text_len.checked_sub(sc.tag_len()).ok_or(decode_err(
        ErrorKind::Truncated {
            needed: sc.tag_len().saturating_sub(text_len),
        },
        apdu.len(),
    ))?;
    Ok(Checked {
        info: GeneralInfo {
            security_control: sc,
            invocation_counter: InvocationCounter(g.content.header.invocation_counter),
            originator,
            transaction_id: TransactionId::from_slice(g.header.transaction_id)?,
            key: kind,
        },
        cipher,
        aad,
        aad_len,
        text_start: apdu.len().saturating_sub(text_len),
        payload_len,
        guard_key,
    })
}

/// The content key the APDU's key-info names, from the recipient's keys.
#[allow(unused_variables)]
fn recipient_key(
    g: &GeneralCiphering<'_>,
    suite: SecuritySuite,
    sc: SecurityControl,
    keys: &RecipientKeys<'_>,
    originator: &SystemTitle,
) -> Result<(ContentKey, KeyKind)> {
    match g.key_info.ok_or(Error::KeyUnavailable)? {
        KeyInfo::IdentifiedKey(KeyId::GLOBAL_UNICAST_ENCRYPTION_KEY) if !sc.is_broadcast_key() => {
            let k = keys.unicast.ok_or(Error::KeyUnavailable)?;
            Ok((
                ContentKey::from_slice(k.expose_secret())?,
                KeyKind::GlobalUnicast,
            ))
        }
        KeyInfo::IdentifiedKey(KeyId::GLOBAL_BROADCAST_ENCRYPTION_KEY) if sc.is_broadcast_key() => {
            let k = keys.broadcast.ok_or(Error::KeyUnavailable)?;
            Ok((
                ContentKey::from_slice(k.expose_secret())?,
                KeyKind::Broadcast,
            ))
        }
        KeyInfo::IdentifiedKey(_) => Err(Error::UnsupportedSecurityControl(sc.0)),
        KeyInfo::WrappedKey {
            kek_id,
            key_ciphered_data,
        } => {
            if kek_id != KekId::MASTER_KEY {
                return Err(Error::KeyUnavailable);
            }
            let kek = keys.master.ok_or(Error::KeyUnavailable)?;
            let expected = kw::wrapped_len(suite.key_size());
            if key_ciphered_data.len() != expected {
                return Err(Error::KeyLength {
                    expected,
                    actual: key_ciphered_data.len(),
                });
            }
            let key = kw::unwrap_key(kek, key_ciphered_data)?;
            Ok((
                ContentKey::from_slice(key.expose_secret())?,
                KeyKind::Wrapped,
            ))
        }
        KeyInfo::AgreedKey {
            key_parameters,
            key_ciphered_data,
        } => agreed_key(
            g,
            suite,
            keys,
            originator,
            key_parameters,
            key_ciphered_data,
        ),
    }
}

#[cfg(not(any(feature = "suite1", feature = "suite2")))]
fn agreed_key(
    _g: &GeneralCiphering<'_>,
    suite: SecuritySuite,
    _keys: &RecipientKeys<'_>,
    _originator: &SystemTitle,
    _key_parameters: &[u8],
    _key_ciphered_data: &[u8],
) -> Result<(ContentKey, KeyKind)> {
    Err(Error::UnsupportedSuite(suite.id()))
}

#[cfg(any(feature = "suite1", feature = "suite2"))]
fn agreed_key(
    g: &GeneralCiphering<'_>,
    suite: SecuritySuite,
    keys: &RecipientKeys<'_>,
    originator: &SystemTitle,
    key_parameters: &[u8],
    key_ciphered_data: &[u8],
) -> Result<(ContentKey, KeyKind)> {
    use crate::kdf::{AlgorithmId, derive, other_info};
    let curve = Curve::for_suite(suite)?;
    let agreement = keys.agreement.ok_or(Error::KeyUnavailable)?;
    same_curve(curve, &[agreement.curve()])?;
    let recipient = g.header.recipient_system_title;
    let alg = AlgorithmId::gcm(suite);
    match key_parameters {
        [ONE_PASS_DIFFIE_HELLMAN] => {
            let signing = keys.originator_signing.ok_or(Error::KeyUnavailable)?;
            same_curve(curve, &[signing.curve()])?;
            let n = curve.public_key_len();
            if key_ciphered_data.len() != n.saturating_add(curve.signature_len()) {
                return Err(Error::InvalidLength(key_ciphered_data.len()));
            }
            let (xy, signature) = key_ciphered_data.split_at(n);
            // The signature is checked before the point is used for anything.
            signing.verify_raw(xy, signature)?;
            let ephemeral = PublicKey::from_xy(curve, xy)?;
            let z = agreement.diffie_hellman(&ephemeral)?;
            let info = other_info(alg, originator.as_bytes(), None, recipient)?;
            let k = derive(suite, &z, info.as_slice(), suite.key_size())?;
            Ok((ContentKey::from_slice(k.expose_secret())?, KeyKind::OnePass))
        }
        [STATIC_UNIFIED_MODEL] => {
            if !key_ciphered_data.is_empty() {
                return Err(Error::InvalidLength(key_ciphered_data.len()));
            }
            let peer = keys.originator_agreement.ok_or(Error::KeyUnavailable)?;
            same_curve(curve, &[peer.curve()])?;
            let z = agreement.diffie_hellman(peer)?;
            let info = other_info(
                alg,
                originator.as_bytes(),
                Some(g.header.transaction_id),
                recipient,
            )?;
            let k = derive(suite, &z, info.as_slice(), suite.key_size())?;
            Ok((
                ContentKey::from_slice(k.expose_secret())?,
                KeyKind::StaticUnified,
            ))
        }
        other => Err(decode_err(
            ErrorKind::UnknownChoice {
                found: other.first().copied().unwrap_or(0),
            },
            0,
        )),
    }
}

#[cfg(feature = "alloc")]
/// [`unprotect_in_place`] on a copy of `apdu`; returns the plaintext and the information.
///
/// # Errors
/// As [`unprotect_in_place`].
pub fn unprotect_to_vec<const N: usize>(
    apdu: &[u8],
    suite: SecuritySuite,
    authentication_key: Option<&AuthenticationKey>,
    keys: &RecipientKeys<'_>,
    expected: &Expected<'_>,
    guard: &mut ReplayGuard<N>,
) -> Result<(alloc::vec::Vec<u8>, GeneralInfo)> {
    let mut buf = apdu.to_vec();
    let result = unprotect_in_place(&mut buf, suite, authentication_key, keys, expected, guard)
        .map(|r| (r.plaintext.to_vec(), r.info));
    buf.zeroize();
    result
}

/// Octets of the general-signing APDU [`sign`] writes for `content` on `curve`.
#[cfg(any(feature = "suite1", feature = "suite2"))]
#[must_use]
pub fn signed_len(header: &Header<'_>, curve: Curve, content_len: usize) -> usize {
    let h = header.to_apdu().buffer_len();
    let sig = curve.signature_len();
    1usize
        .saturating_add(h)
        .saturating_add(length_len(content_len))
        .saturating_add(content_len)
        .saturating_add(length_len(sig))
        .saturating_add(sig)
}

/// Signs `content` in a general-signing APDU written to `out`; returns the octets
/// written. The signature covers the header fields and the content octets (see the module
/// documentation).
///
/// # Errors
/// [`Error::InvalidLength`] or [`Error::SystemTitleLength`] for header fields over this
/// module's limits, [`Error::BufferTooSmall`] if `out` is shorter than [`signed_len`].
#[cfg(any(feature = "suite1", feature = "suite2"))]
pub fn sign(
    header: &Header<'_>,
    signing: &PrivateKey,
    content: &[u8],
    out: &mut [u8],
) -> Result<usize> {
    let h = header.to_apdu();
    check_header(&h)?;
    let total = signed_len(header, signing.curve(), content.len());
    let out = out
        .get_mut(..total)
        .ok_or(Error::BufferTooSmall { needed: total })?;
    let unsigned = GeneralSigning {
        header: h,
        content,
        signature: &[],
    };
    // `out` holds the signed data first (it is shorter than the APDU), then the APDU.
    let n = unsigned.emit_signed_data(out)?;
    let signature = signing.sign(out.get(..n).unwrap_or(&[]))?;
    let apdu = GeneralSigning {
        signature: signature.as_slice(),
        ..unsigned
    };
    Ok(apdu.emit(out)?)
}

/// A verified general-signing APDU.
#[cfg(any(feature = "suite1", feature = "suite2"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed<'a> {
    /// The header as received.
    pub header: GeneralHeader<'a>,
    /// The signed content.
    pub content: &'a [u8],
    /// Where the content lies in the verified buffer (to unprotect it in place).
    pub content_range: Range<usize>,
}

/// Verifies a general-signing APDU with the originator's signing key and the recipient's
/// expectations.
///
/// # Errors
/// - [`Error::Decode`] for a malformed APDU or trailing octets;
/// - [`Error::SystemTitleLength`], [`Error::SystemTitleMismatch`],
///   [`Error::TransactionIdMismatch`], [`Error::InvalidLength`] for the header;
/// - [`Error::AuthenticationFailed`] if the signature does not verify.
#[cfg(any(feature = "suite1", feature = "suite2"))]
pub fn verify<'a>(
    apdu: &'a [u8],
    originator_signing: &PublicKey,
    expected: &Expected<'_>,
) -> Result<Signed<'a>> {
    use sha2::Digest;
    let (s, spans, rest) = GeneralSigning::parse_spanned(apdu)?;
    if !rest.is_empty() {
        return Err(decode_err(
            ErrorKind::TrailingBytes,
            apdu.len().saturating_sub(rest.len()),
        ));
    }
    check_header(&s.header)?;
    let originator = SystemTitle::from_slice(s.header.originator_system_title)?;
    if s.header.recipient_system_title != expected.recipient.as_bytes()
        || expected.originator.is_some_and(|o| o != originator)
    {
        return Err(Error::SystemTitleMismatch);
    }
    if expected
        .transaction_id
        .is_some_and(|t| t != s.header.transaction_id)
    {
        return Err(Error::TransactionIdMismatch);
    }
    let curve = originator_signing.curve();
    if s.signature.len() != curve.signature_len() {
        return Err(Error::AuthenticationFailed);
    }
    let ok = match curve {
        #[cfg(feature = "suite1")]
        Curve::P256 => {
            let digest = sha2::Sha256::new()
                .chain_update(spans.header)
                .chain_update(spans.content)
                .finalize();
            verify_p256(originator_signing, &digest, s.signature)
        }
        #[cfg(feature = "suite2")]
        Curve::P384 => {
            let digest = sha2::Sha384::new()
                .chain_update(spans.header)
                .chain_update(spans.content)
                .finalize();
            verify_p384(originator_signing, &digest, s.signature)
        }
        #[allow(unreachable_patterns)]
        _ => false,
    };
    if !ok {
        return Err(Error::AuthenticationFailed);
    }
    // The content ends where the signature field, the last of the APDU, begins.
    let sig_field = length_len(s.signature.len()).saturating_add(s.signature.len());
    let end = apdu.len().saturating_sub(sig_field);
    let begin = end.saturating_sub(s.content.len());
    Ok(Signed {
        header: s.header,
        content: s.content,
        content_range: begin..end,
    })
}

#[cfg(feature = "suite1")]
fn verify_p256(key: &PublicKey, digest: &[u8], rs: &[u8]) -> bool {
    use signature::hazmat::PrehashVerifier;
    match (key.p256(), p256::ecdsa::Signature::from_slice(rs)) {
        (Some(k), Ok(sig)) => k.verify_prehash(digest, &sig).is_ok(),
        _ => false,
    }
}

#[cfg(feature = "suite2")]
fn verify_p384(key: &PublicKey, digest: &[u8], rs: &[u8]) -> bool {
    use signature::hazmat::PrehashVerifier;
    match (key.p384(), p384::ecdsa::Signature::from_slice(rs)) {
        (Some(k), Ok(sig)) => k.verify_prehash(digest, &sig).is_ok(),
        _ => false,
    }
}

/// Fuzzing entry points: arbitrary bytes through the receive paths with fixed keys.
#[doc(hidden)]
pub mod fuzzing {
    use super::*;

    /// Runs [`unprotect_in_place`] (suites 0, 1, 2 as enabled, every key kind) and, with a
    /// suite feature, [`verify`] over `data`. Never panics.
    // `RecipientKeys` has more fields with a suite feature; the update is needed then.
    #[allow(clippy::needless_update)]
    pub fn unprotect(data: &[u8]) {
        let title = SystemTitle(*b"MMM\x00\x00\x00\x00\x01");
        let unicast16 = GlobalUnicastKey::new_128([0x11; 16]);
        let broadcast16 = BroadcastKey::new_128([0x22; 16]);
        let master16 = MasterKey::new_128([0x33; 16]);
        let ak16 = AuthenticationKey::new_128([0xD0; 16]);
        let mut buf = [0u8; 2048];
        let Some(dst) = buf.get_mut(..data.len()) else {
            return;
        };
        dst.copy_from_slice(data);
        let keys = RecipientKeys {
            unicast: Some(&unicast16),
            broadcast: Some(&broadcast16),
            master: Some(&master16),
            ..RecipientKeys::default()
        };
        let expected = Expected {
            recipient: title,
            originator: None,
            transaction_id: None,
        };
        let mut guard = ReplayGuard::<2>::new();
        let _ = unprotect_in_place(
            dst,
            SecuritySuite::Suite0,
            Some(&ak16),
            &keys,
            &expected,
            &mut guard,
        );
        #[cfg(feature = "suite1")]
        {
            let scalar = [0x42u8; 32];
            if let Ok(own) = PrivateKey::from_slice(Curve::P256, &scalar) {
                let public = own.public_key();
                let keys = RecipientKeys {
                    unicast: Some(&unicast16),
                    agreement: Some(&own),
                    originator_signing: Some(&public),
                    originator_agreement: Some(&public),
                    ..RecipientKeys::default()
                };
                if let Some(dst) = buf.get_mut(..data.len()) {
                    dst.copy_from_slice(data);
                    let _ = unprotect_in_place(
                        dst,
                        SecuritySuite::Suite1,
                        Some(&ak16),
                        &keys,
                        &expected,
                        &mut guard,
                    );
                }
                let _ = verify(data, &public, &expected);
            }
        }
        #[cfg(feature = "suite2")]
        {
            let scalar = [0x42u8; 48];
            if let Ok(own) = PrivateKey::from_slice(Curve::P384, &scalar) {
                let public = own.public_key();
                let unicast32 = GlobalUnicastKey::new_256([0x11; 32]);
                let ak32 = AuthenticationKey::new_256([0xD0; 32]);
                let keys = RecipientKeys {
                    unicast: Some(&unicast32),
                    agreement: Some(&own),
                    originator_signing: Some(&public),
                    originator_agreement: Some(&public),
                    ..RecipientKeys::default()
                };
                if let Some(dst) = buf.get_mut(..data.len()) {
                    dst.copy_from_slice(data);
                    let _ = unprotect_in_place(
                        dst,
                        SecuritySuite::Suite2,
                        Some(&ak32),
                        &keys,
                        &expected,
                        &mut guard,
                    );
                }
                let _ = verify(data, &public, &expected);
            }
        }
    }
}
