//! Public key certificates of security suites 1 and 2: X.509 v3 certificates and PKCS #10
//! certificate requests in the DLMS profile.
//!
//! DLMS UA 1000-2 (the Green Book, the certificate and certificate extension profile of the
//! suites using public key cryptography) and IEC 62056-5-3:2023 (Annex H gives an example
//! end-entity signature certificate) fix the profile this module checks:
//!
//! - every certificate is X.509 version 3, DER encoded;
//! - the signature algorithm is `ecdsa-with-SHA256` (OID 1.2.840.10045.4.3.2) in suite 1 and
//!   `ecdsa-with-SHA384` (1.2.840.10045.4.3.3) in suite 2, computed over the DER-encoded
//!   `tbsCertificate`; a P-256 key may be certified by a P-256 or a P-384 CA, a P-384 key only
//!   by a P-384 CA;
//! - the subject key is `id-ecPublicKey` (1.2.840.10045.2.1) with the named curve
//!   `secp256r1` (1.2.840.10045.3.1.7) or `secp384r1` (1.3.132.0.34), as the uncompressed
//!   point `04 || X || Y`;
//! - an end-entity certificate's subject common name is the entity's system title as 16
//!   hexadecimal characters;
//! - its key usage tells what the key is for: `digitalSignature` alone for a signing key,
//!   `keyAgreement` alone for a static key-agreement key, both for a TLS key (the
//!   `certificate_type` 0, 1 and 2 of the Security setup class); CA certificates carry
//!   `keyCertSign` and basic constraints.
//!
//! The last three points are also how gurux-dlms reads and writes DLMS certificates, which
//! `interop/cert_peers.py` checks against.
//!
//! [`Certificate`] parses and checks a certificate, hands out its key in the DLMS form
//! ([`PublicKey`]) and its system title, and verifies that an issuer signed it.
//! [`certificate_request`] builds the PKCS #10 request a server returns from the Security
//! setup method `generate_certificate_request`; [`CertificateRequest`] parses one and checks
//! its proof of possession.
//!
//! Signatures travel in DER (`SEQUENCE { r INTEGER, s INTEGER }`) inside certificates and
//! requests, and as `r || s` everywhere else in DLMS; the conversion here rejects integers
//! longer than the curve's scalar, so nothing a peer sends can overflow it.
//!
//! ```
//! # #[cfg(feature = "suite1")]
//! # fn main() -> Result<(), dlms_security::Error> {
//! use dlms_security::cert::{certificate_request, CertificateRequest};
//! use dlms_security::ecc::{Curve, PrivateKey};
//! use dlms_security::SystemTitle;
//!
//! let key = PrivateKey::from_slice(Curve::P256, &[0x11; 32])?;
//! let title = SystemTitle(*b"MMM\x00\x00\x00\x00\x01");
//! let csr = certificate_request(&key, title)?;
//! let parsed = CertificateRequest::from_der(&csr)?; // checks the self-signature
//! assert_eq!(parsed.system_title()?, title);
//! assert_eq!(parsed.public_key(), &key.public_key());
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "suite1"))]
//! # fn main() {}
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use der::asn1::{BitString, ObjectIdentifier, UintRef};
use der::{Decode, Encode, Header, Reader, SliceReader};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};

pub use x509_cert;
pub use x509_cert::name::Name;

use crate::ecc::{Curve, MAX_SIGNATURE_LEN, PrivateKey, PublicKey, Signature};
use crate::error::{CertError, Error, Result};
use crate::iv::SystemTitle;

/// `id-ecPublicKey` (RFC 5480).
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1`, NIST P-256 (RFC 5480).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// `secp384r1`, NIST P-384 (RFC 5480).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// `ecdsa-with-SHA256` (RFC 5758).
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// `ecdsa-with-SHA384` (RFC 5758).
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
/// `id-at-commonName` (X.520).
const ID_AT_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// Characters of a system title written in hexadecimal in a subject common name.
const SYSTEM_TITLE_HEX_LEN: usize = 2 * SystemTitle::LEN;

fn malformed<E>(_: E) -> Error {
    Error::Certificate(CertError::Malformed)
}

/// What a certificate's key is for, from its key usage extension: the `certificate_type` of
/// the Security setup interface class (IEC 62056-6-2, class 64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Usage {
    /// `digitalSignature` only: a signing key (ECDSA in HLS mechanism 7, signed APDUs).
    DigitalSignature,
    /// `keyAgreement` only: a static key-agreement key (ECDH).
    KeyAgreement,
    /// Both `digitalSignature` and `keyAgreement`: a TLS key.
    Tls,
}

impl Usage {
    /// The `certificate_type` value of the Security setup class: 0 digital signature, 1 key
    /// agreement, 2 TLS.
    #[must_use]
    pub const fn certificate_type(self) -> u8 {
        match self {
            Self::DigitalSignature => 0,
            Self::KeyAgreement => 1,
            Self::Tls => 2,
        }
    }
}

/// The hash an ECDSA signature algorithm identifier names, as the curve whose suite uses it.
fn signature_curve(alg: &AlgorithmIdentifierOwned) -> Result<Curve> {
    // RFC 5758 3.2: the parameters field of the ecdsa-with-SHA* identifiers is absent.
    if alg.parameters.is_some() {
        return Err(Error::Certificate(CertError::SignatureAlgorithm));
    }
    if alg.oid == ECDSA_WITH_SHA256 {
        Ok(Curve::P256)
    } else if alg.oid == ECDSA_WITH_SHA384 {
        Ok(Curve::P384)
    } else {
        Err(Error::Certificate(CertError::SignatureAlgorithm))
    }
}

/// The algorithm identifier of the ECDSA signature a key of `curve` makes.
fn signature_algorithm(curve: Curve) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: match curve {
            Curve::P256 => ECDSA_WITH_SHA256,
            Curve::P384 => ECDSA_WITH_SHA384,
        },
        parameters: None,
    }
}

/// The validated DLMS-form key of a `SubjectPublicKeyInfo`.
fn spki_public_key(spki: &SubjectPublicKeyInfoOwned) -> Result<PublicKey> {
    let bad = Error::Certificate(CertError::PublicKeyAlgorithm);
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
        return Err(bad);
    }
    let named: ObjectIdentifier = spki
        .algorithm
        .parameters
        .as_ref()
        .ok_or(bad)?
        .decode_as()
        .map_err(|_| bad)?;
    let curve = if named == SECP256R1 {
        Curve::P256
    } else if named == SECP384R1 {
        Curve::P384
    } else {
        return Err(bad);
    };
    // Only the uncompressed form `04 || X || Y`, which is what DLMS carries.
    let point = spki.subject_public_key.as_bytes().ok_or(bad)?;
    match point.split_first() {
        Some((0x04, xy)) if xy.len() == curve.public_key_len() => PublicKey::from_xy(curve, xy),
        _ => Err(bad),
    }
}

/// The `SubjectPublicKeyInfo` of a key: `id-ecPublicKey`, its named curve, the uncompressed
/// point.
fn public_key_info(key: &PublicKey) -> Result<SubjectPublicKeyInfoOwned> {
    let named = match key.curve() {
        Curve::P256 => SECP256R1,
        Curve::P384 => SECP384R1,
    };
    let xy = key.to_xy();
    let mut point = Vec::with_capacity(xy.len().saturating_add(1));
    point.push(0x04);
    point.extend_from_slice(&xy);
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: ID_EC_PUBLIC_KEY,
            parameters: Some(der::Any::encode_from(&named).map_err(malformed)?),
        },
        subject_public_key: BitString::from_bytes(&point).map_err(malformed)?,
    })
}

/// ECDSA-Sig-Value (RFC 5480 / SEC 1): `SEQUENCE { r INTEGER, s INTEGER }`.
#[derive(der::Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

/// The `r || s` form of a DER ECDSA signature on `curve`.
///
/// DER integers are minimal and positive; each must fit the curve's scalar length, and is
/// left-padded with zeros to it.
fn signature_from_der(curve: Curve, der: &[u8]) -> Result<Signature> {
    let value = EcdsaSigValue::from_der(der).map_err(|_| Error::AuthenticationFailed)?;
    let n = curve.scalar_len();
    let mut rs = [0u8; MAX_SIGNATURE_LEN];
    for (i, int) in [value.r, value.s].iter().enumerate() {
        let bytes = int.as_bytes();
        // The end of this integer's half: n for r, 2n for s (at most 96).
        let end = n
            .checked_mul(i.saturating_add(1))
            .ok_or(Error::AuthenticationFailed)?;
        let start = end
            .checked_sub(bytes.len())
            .filter(|s| *s >= end.saturating_sub(n))
            .ok_or(Error::AuthenticationFailed)?;
        rs.get_mut(start..end)
            .ok_or(Error::AuthenticationFailed)?
            .copy_from_slice(bytes);
    }
    let len = n.checked_mul(2).ok_or(Error::AuthenticationFailed)?;
    Signature::from_slice(curve, rs.get(..len).ok_or(Error::AuthenticationFailed)?)
}

/// The DER form of an `r || s` signature.
fn signature_to_der(signature: &Signature) -> Result<Vec<u8>> {
    let (r, s) = signature
        .as_slice()
        .split_at_checked(signature.curve().scalar_len())
        .ok_or(Error::InvalidLength(signature.as_slice().len()))?;
    EcdsaSigValue {
        r: UintRef::new(r).map_err(malformed)?,
        s: UintRef::new(s).map_err(malformed)?,
    }
    .to_der()
    .map_err(malformed)
}

/// Verifies the DER ECDSA `signature` over `message` made with `algorithm` by `key`.
fn verify_signature(
    algorithm: &AlgorithmIdentifierOwned,
    key: &PublicKey,
    message: &[u8],
    signature: &BitString,
) -> Result<()> {
    // The hash is tied to the signer's curve: SHA-256 with P-256, SHA-384 with P-384.
    if signature_curve(algorithm)? != key.curve() {
        return Err(Error::CurveMismatch);
    }
    let der = signature.as_bytes().ok_or(Error::AuthenticationFailed)?;
    let signature = signature_from_der(key.curve(), der)?;
    key.verify(message, &signature)
}

/// The raw DER of the first element of the outer SEQUENCE of `der` (the signed part of a
/// certificate or request).
fn signed_part(der: &[u8]) -> Result<&[u8]> {
    let mut reader = SliceReader::new(der).map_err(malformed)?;
    let header = Header::decode(&mut reader).map_err(malformed)?;
    if header.tag() != der::Tag::Sequence {
        return Err(Error::Certificate(CertError::Malformed));
    }
    reader.tlv_bytes().map_err(malformed)
}

/// The system title written as 16 hexadecimal characters in the subject's common name.
fn name_system_title(name: &Name) -> Result<SystemTitle> {
    let bad = Error::Certificate(CertError::SubjectName);
    let cn = name.common_name().map_err(|_| bad)?.ok_or(bad)?;
    let text = cn.value();
    let hex = text.as_bytes();
    if hex.len() != SYSTEM_TITLE_HEX_LEN {
        return Err(bad);
    }
    let mut title = [0u8; SystemTitle::LEN];
    for (out, pair) in title.iter_mut().zip(hex.chunks_exact(2)) {
        let digit = |c: u8| {
            char::from(c)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        };
        match pair {
            [hi, lo] => {
                let (hi, lo) = digit(*hi).zip(digit(*lo)).ok_or(bad)?;
                *out = hi.wrapping_shl(4) | lo;
            }
            _ => return Err(bad),
        }
    }
    Ok(SystemTitle(title))
}

/// The DER `Name` with the single attribute `CN=<system title in upper-case hexadecimal>`,
/// as a UTF8String.
fn system_title_name(title: &SystemTitle) -> Result<Name> {
    let mut hex = String::with_capacity(SYSTEM_TITLE_HEX_LEN);
    for b in title.as_bytes() {
        use core::fmt::Write;
        write!(hex, "{b:02X}").map_err(malformed)?;
    }
    let value = der::asn1::Utf8StringRef::new(&hex).map_err(malformed)?;
    let atv = x509_cert::attr::AttributeTypeAndValue {
        oid: ID_AT_COMMON_NAME,
        value: der::Any::encode_from(&value).map_err(malformed)?,
    };
    // Name ::= SEQUENCE OF RelativeDistinguishedName, RDN ::= SET OF AttributeTypeAndValue.
    let rdn = der::asn1::SetOfVec::try_from([atv]).map_err(malformed)?;
    let seq: Vec<der::asn1::SetOfVec<x509_cert::attr::AttributeTypeAndValue>> = alloc::vec![rdn];
    Name::from_der(&seq.to_der().map_err(malformed)?).map_err(malformed)
}

/// Decodes base64 between the PEM boundaries of `label`.
fn pem_decode(pem: &str, label: &str) -> Result<Vec<u8>> {
    use base64ct::Encoding;
    let bad = Error::Certificate(CertError::Malformed);
    let mut begin = String::from("-----BEGIN ");
    begin.push_str(label);
    begin.push_str("-----");
    let mut end = String::from("-----END ");
    end.push_str(label);
    end.push_str("-----");
    let (_, rest) = pem.split_once(begin.as_str()).ok_or(bad)?;
    let (body, _) = rest.split_once(end.as_str()).ok_or(bad)?;
    let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64ct::Base64::decode_vec(&b64).map_err(|_| bad)
}

/// Encodes `der` as PEM with `label`, 64 characters a line.
fn pem_encode(der: &[u8], label: &str) -> String {
    use base64ct::Encoding;
    let b64 = base64ct::Base64::encode_string(der);
    let mut out = String::with_capacity(
        b64.len()
            .saturating_add(b64.len().div_ceil(64))
            .saturating_add(64),
    );
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in b64.as_bytes().chunks(64) {
        // Base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// An X.509 v3 certificate of the DLMS profile, parsed and checked.
///
/// Parsing checks the version, that the signature algorithm is one of the two ECDSA
/// identifiers and matches the one inside the signed part, and that the subject key is a
/// valid P-256 or P-384 point (the curve's feature must be enabled). It does not check the
/// signature (that needs the issuer: [`verify_signed_by`](Self::verify_signed_by)), the
/// validity period (that needs the time: [`check_validity`](Self::check_validity)), the
/// subject name or the key usage (CA certificates have neither a system title nor an
/// end-entity usage: [`system_title`](Self::system_title), [`usage`](Self::usage)).
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: Vec<u8>,
    inner: x509_cert::Certificate,
    key: PublicKey,
}

impl Certificate {
    /// Parses a DER-encoded certificate.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::Malformed`] for anything that is not one DER
    /// certificate (including trailing bytes), [`CertError::Version`] for a version other
    /// than 3, [`CertError::SignatureAlgorithm`] for a signature algorithm other than
    /// `ecdsa-with-SHA256`/`-SHA384` or differing from the signed part's,
    /// [`CertError::PublicKeyAlgorithm`] for a key that is not an uncompressed point on a
    /// named P-256 or P-384 curve; [`Error::InvalidPublicKey`] for a point not on its curve;
    /// [`Error::UnsupportedSuite`] if the key's curve feature is off.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let inner = x509_cert::Certificate::from_der(der).map_err(malformed)?;
        let tbs_cert = inner.tbs_certificate();
        if tbs_cert.version() != x509_cert::certificate::Version::V3 {
            return Err(Error::Certificate(CertError::Version));
        }
        signature_curve(inner.signature_algorithm())?;
        if tbs_cert.signature() != inner.signature_algorithm() {
            return Err(Error::Certificate(CertError::SignatureAlgorithm));
        }
        let key = spki_public_key(tbs_cert.subject_public_key_info())?;
        let tbs = signed_part(der)?.to_vec();
        Ok(Self {
            der: der.to_vec(),
            tbs,
            inner,
            key,
        })
    }

    /// Parses the first `CERTIFICATE` block of a PEM text.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::Malformed`] if there is no such block or its
    /// base64 is invalid; otherwise as [`from_der`](Self::from_der).
    pub fn from_pem(pem: &str) -> Result<Self> {
        Self::from_der(&pem_decode(pem, "CERTIFICATE")?)
    }

    /// The certificate's DER encoding, exactly as parsed.
    #[must_use]
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate as PEM text.
    #[must_use]
    pub fn to_pem(&self) -> String {
        pem_encode(&self.der, "CERTIFICATE")
    }

    /// The DER-encoded `tbsCertificate`: the octets the issuer signed.
    #[must_use]
    pub fn tbs_der(&self) -> &[u8] {
        &self.tbs
    }

    /// The subject's public key in the DLMS form.
    #[must_use]
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The curve of the subject's key.
    #[must_use]
    pub fn curve(&self) -> Curve {
        self.key.curve()
    }

    /// The system title in the subject's common name.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::SubjectName`] unless the subject has a
    /// common name of exactly 16 hexadecimal characters (as CA certificates do not).
    pub fn system_title(&self) -> Result<SystemTitle> {
        name_system_title(self.subject())
    }

    /// The subject's name.
    #[must_use]
    pub fn subject(&self) -> &Name {
        self.inner.tbs_certificate().subject()
    }

    /// The issuer's name.
    #[must_use]
    pub fn issuer(&self) -> &Name {
        self.inner.tbs_certificate().issuer()
    }

    /// The serial number: the big-endian octets of the positive integer as encoded.
    #[must_use]
    pub fn serial_number(&self) -> &[u8] {
        self.inner.tbs_certificate().serial_number().as_bytes()
    }

    /// Start of the validity period, as time since the Unix epoch.
    #[must_use]
    pub fn not_before(&self) -> Duration {
        self.inner
            .tbs_certificate()
            .validity()
            .not_before
            .to_unix_duration()
    }

    /// End of the validity period, as time since the Unix epoch.
    #[must_use]
    pub fn not_after(&self) -> Duration {
        self.inner
            .tbs_certificate()
            .validity()
            .not_after
            .to_unix_duration()
    }

    /// Checks that `now` (time since the Unix epoch) lies in the validity period, bounds
    /// included.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::NotYetValid`] or [`CertError::Expired`].
    pub fn check_validity(&self, now: Duration) -> Result<()> {
        if now < self.not_before() {
            Err(Error::Certificate(CertError::NotYetValid))
        } else if now > self.not_after() {
            Err(Error::Certificate(CertError::Expired))
        } else {
            Ok(())
        }
    }

    fn key_usage_ext(&self) -> Result<Option<KeyUsage>> {
        self.inner
            .tbs_certificate()
            .get_extension::<KeyUsage>()
            .map(|found| found.map(|(_, usage)| usage))
            .map_err(|_| Error::Certificate(CertError::KeyUsage))
    }

    /// What the subject's key is for, from the key usage extension.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::KeyUsage`] if the extension is missing,
    /// repeated or malformed, or has neither `digitalSignature` nor `keyAgreement` (a CA
    /// certificate with only `keyCertSign`, say).
    pub fn usage(&self) -> Result<Usage> {
        let usage = self
            .key_usage_ext()?
            .ok_or(Error::Certificate(CertError::KeyUsage))?;
        match (usage.digital_signature(), usage.key_agreement()) {
            (true, false) => Ok(Usage::DigitalSignature),
            (false, true) => Ok(Usage::KeyAgreement),
            (true, true) => Ok(Usage::Tls),
            (false, false) => Err(Error::Certificate(CertError::KeyUsage)),
        }
    }

    /// Whether the certificate is a CA certificate: basic constraints with `cA` set, and a key
    /// usage (if present) with `keyCertSign`.
    #[must_use]
    pub fn is_ca(&self) -> bool {
        let ca = matches!(
            self.inner
                .tbs_certificate()
                .get_extension::<BasicConstraints>(),
            Ok(Some((_, BasicConstraints { ca: true, .. })))
        );
        let may_sign = match self.key_usage_ext() {
            Ok(Some(usage)) => usage.key_cert_sign(),
            Ok(None) => true,
            Err(_) => false,
        };
        ca && may_sign
    }

    /// Checks that `issuer` issued this certificate: this certificate's issuer name is
    /// `issuer`'s subject, `issuer` is a CA certificate ([`is_ca`](Self::is_ca)), and its key
    /// signed this certificate ([`verify_signature`](Self::verify_signature)).
    ///
    /// A self-signed root verifies with itself as the issuer.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::IssuerMismatch`] or [`CertError::NotCa`];
    /// otherwise as [`verify_signature`](Self::verify_signature).
    pub fn verify_signed_by(&self, issuer: &Certificate) -> Result<()> {
        if self.issuer() != issuer.subject() {
            return Err(Error::Certificate(CertError::IssuerMismatch));
        }
        if !issuer.is_ca() {
            return Err(Error::Certificate(CertError::NotCa));
        }
        self.verify_signature(issuer.public_key())
    }

    /// Checks the certificate's signature with a trusted key (a trust anchor held as a bare
    /// key, or a CA certificate's key already vetted).
    ///
    /// # Errors
    /// [`Error::CurveMismatch`] if the signature algorithm's hash is not the one of `key`'s
    /// curve (SHA-256 for P-256, SHA-384 for P-384), or if a P-256 `key` would certify a
    /// P-384 key (the profile wants a P-384 CA for it); [`Error::AuthenticationFailed`] if
    /// the signature is malformed or does not verify.
    pub fn verify_signature(&self, key: &PublicKey) -> Result<()> {
        // The profile lets a P-384 CA certify a P-256 key, not a P-256 CA a P-384 key.
        if self.curve() == Curve::P384 && key.curve() == Curve::P256 {
            return Err(Error::CurveMismatch);
        }
        verify_signature(
            self.inner.signature_algorithm(),
            key,
            &self.tbs,
            self.inner.signature(),
        )
    }

    /// The parsed certificate, for fields this type does not interpret.
    #[must_use]
    pub fn as_x509(&self) -> &x509_cert::Certificate {
        &self.inner
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &format_args!("{}", self.subject()))
            .field("issuer", &format_args!("{}", self.issuer()))
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

/// Builds the PKCS #10 certificate request (RFC 2986) for `private`'s key pair, DER encoded:
/// version 0, subject `CN=<system title as 16 upper-case hexadecimal characters>` (a
/// UTF8String), the public key as `id-ecPublicKey` with its named curve and uncompressed
/// point, no attributes, signed with the key (`ecdsa-with-SHA256` on P-256,
/// `ecdsa-with-SHA384` on P-384).
///
/// This is what a server returns from the Security setup method
/// `generate_certificate_request` for a key pair it generated.
///
/// # Errors
/// [`Error::Certificate`] with [`CertError::Malformed`] if encoding fails (it does not for
/// valid keys); [`Error::AuthenticationFailed`] if signing fails.
pub fn certificate_request(private: &PrivateKey, system_title: SystemTitle) -> Result<Vec<u8>> {
    let public = private.public_key();
    let info = x509_cert::request::CertReqInfo {
        version: x509_cert::request::Version::V1,
        subject: system_title_name(&system_title)?,
        public_key: public_key_info(&public)?,
        attributes: x509_cert::attr::Attributes::new(),
    };
    let info_der = info.to_der().map_err(malformed)?;
    let signature = private.sign(&info_der)?;
    let request = x509_cert::request::CertReq {
        info,
        algorithm: signature_algorithm(public.curve()),
        signature: BitString::from_bytes(&signature_to_der(&signature)?).map_err(malformed)?,
    };
    request.to_der().map_err(malformed)
}

/// A PKCS #10 certificate request whose self-signature (proof of possession) verified.
#[derive(Clone)]
pub struct CertificateRequest {
    der: Vec<u8>,
    inner: x509_cert::request::CertReq,
    key: PublicKey,
}

impl CertificateRequest {
    /// Parses a DER-encoded certificate request and verifies its self-signature.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::Malformed`], [`CertError::SignatureAlgorithm`]
    /// or [`CertError::PublicKeyAlgorithm`] as for [`Certificate::from_der`];
    /// [`Error::CurveMismatch`] if the signature's hash does not match the key's curve;
    /// [`Error::AuthenticationFailed`] if the self-signature does not verify.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let inner = x509_cert::request::CertReq::from_der(der).map_err(malformed)?;
        let key = spki_public_key(&inner.info.public_key)?;
        verify_signature(&inner.algorithm, &key, signed_part(der)?, &inner.signature)?;
        Ok(Self {
            der: der.to_vec(),
            inner,
            key,
        })
    }

    /// Parses the first `CERTIFICATE REQUEST` block of a PEM text.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::Malformed`] if there is no such block or its
    /// base64 is invalid; otherwise as [`from_der`](Self::from_der).
    pub fn from_pem(pem: &str) -> Result<Self> {
        Self::from_der(&pem_decode(pem, "CERTIFICATE REQUEST")?)
    }

    /// The request's DER encoding, exactly as parsed.
    #[must_use]
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The request as PEM text.
    #[must_use]
    pub fn to_pem(&self) -> String {
        pem_encode(&self.der, "CERTIFICATE REQUEST")
    }

    /// The requested subject name.
    #[must_use]
    pub fn subject(&self) -> &Name {
        &self.inner.info.subject
    }

    /// The system title in the requested subject's common name.
    ///
    /// # Errors
    /// [`Error::Certificate`] with [`CertError::SubjectName`] unless the subject has a
    /// common name of exactly 16 hexadecimal characters.
    pub fn system_title(&self) -> Result<SystemTitle> {
        name_system_title(self.subject())
    }

    /// The public key to be certified, in the DLMS form.
    #[must_use]
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The parsed request, for fields this type does not interpret.
    #[must_use]
    pub fn as_x509(&self) -> &x509_cert::request::CertReq {
        &self.inner
    }
}

impl fmt::Debug for CertificateRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateRequest")
            .field("subject", &format_args!("{}", self.subject()))
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, feature = "suite1"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn der_signature_round_trips_with_leading_zeros_and_high_bits() {
        let mut rs = [0u8; 64];
        rs[0] = 0; // r with a leading zero octet: DER drops it
        rs[1] = 0x01;
        rs[32] = 0x80; // s with the high bit set: DER adds a 00
        let sig = Signature::from_slice(Curve::P256, &rs).unwrap();
        let der = signature_to_der(&sig).unwrap();
        assert_eq!(signature_from_der(Curve::P256, &der).unwrap(), sig);
    }

    #[test]
    fn der_signature_rejects_oversized_integers() {
        // r of 33 significant octets does not fit P-256.
        let r = [0x7F; 33];
        let der = EcdsaSigValue {
            r: UintRef::new(&r).unwrap(),
            s: UintRef::new(&[1]).unwrap(),
        }
        .to_der()
        .unwrap();
        assert_eq!(
            signature_from_der(Curve::P256, &der),
            Err(Error::AuthenticationFailed)
        );
    }

    #[test]
    fn system_title_name_is_upper_case_hex_utf8() {
        let name = system_title_name(&SystemTitle(*b"ABC\x01\x02\x03\x04\xFF")).unwrap();
        let der = name.to_der().unwrap();
        // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "41424301020304FF" } } }
        let mut expected = alloc::vec![
            0x30, 0x1B, 0x31, 0x19, 0x30, 0x17, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x10
        ];
        expected.extend_from_slice(b"41424301020304FF");
        assert_eq!(der, expected);
        assert_eq!(
            name_system_title(&name).unwrap(),
            SystemTitle(*b"ABC\x01\x02\x03\x04\xFF")
        );
    }
}
