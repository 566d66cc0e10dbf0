//! The crate's error type.

/// Errors from protecting, unprotecting and authenticating DLMS/COSEM messages.
///
/// Cryptographic failures are deliberately opaque ([`Error::AuthenticationFailed`]): a wrong
/// key, a flipped bit and a forged tag look the same, as `aead::Error` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ciphered envelope itself is malformed.
    #[error("malformed ciphered APDU: {0}")]
    Decode(dlms_apdu::Error),
    /// The authentication tag, GMAC or HLS response did not verify. Nothing was released.
    #[error("authentication failed")]
    AuthenticationFailed,
    /// The invocation counter is not above the last one accepted from this sender and key.
    #[error("invocation counter {received:#010x} is not above the last accepted {last:#010x}")]
    Replay {
        /// The counter the APDU carried.
        received: u32,
        /// The last counter accepted from the same system title and key.
        last: u32,
    },
    /// The replay guard has no free slot for another (system title, key) pair.
    #[error("the replay guard is full")]
    ReplayGuardFull,
    /// The invocation counter reached 2^32 - 1: the key must be changed before sending again.
    #[error("the invocation counter is exhausted: change the key")]
    CounterExhausted,
    /// Every counter of the reserved block has been used: reserve (and persist) a new block.
    #[error("the counter lease is used up: reserve a new block")]
    LeaseExhausted,
    /// The counter storage failed to load or persist; nothing was sent.
    #[error("counter storage failed")]
    Storage,
    /// The security control asks for compression, which this crate does not support.
    #[error("compressed APDUs are not supported")]
    CompressionUnsupported,
    /// The security suite id is not one this build supports.
    #[error("security suite {0} is not supported")]
    UnsupportedSuite(u8),
    /// A key of the wrong length for its use or suite.
    #[error("key of {actual} octets where {expected} are needed")]
    KeyLength {
        /// Octets the suite or use needs.
        expected: usize,
        /// Octets supplied.
        actual: usize,
    },
    /// A system title that is not eight octets long.
    #[error("system title of {0} octets (8 are needed)")]
    SystemTitleLength(usize),
    /// The received protection does not satisfy the security policy.
    #[error("security control {security_control:#04x} does not satisfy the security policy")]
    PolicyViolation {
        /// The security control octet received (0 for a plain APDU).
        security_control: u8,
    },
    /// The security control octet asks for something this operation cannot do (for example
    /// neither authentication nor encryption for a ciphered APDU, or a key the caller did not
    /// supply).
    #[error("security control {0:#04x} cannot be applied here")]
    UnsupportedSecurityControl(u8),
    /// The output buffer is too small.
    #[error("output buffer too small: {needed} octets needed")]
    BufferTooSmall {
        /// Octets the output needs.
        needed: usize,
    },
    /// A length outside what the operation accepts (a challenge outside 8..=64 octets, a
    /// wrapped key of the wrong size, a plaintext too long for the envelope's length field).
    #[error("invalid length {0}")]
    InvalidLength(usize),
    /// AES key unwrap failed its integrity check (wrong KEK or a damaged wrapped key).
    #[error("key unwrap failed")]
    UnwrapFailed,
    /// The HLS mechanism is not supported by this build (enable the `legacy` feature for 3
    /// and 4).
    #[error("authentication mechanism {0} is not supported")]
    UnsupportedMechanism(u8),
    /// A public key that is not a point on its curve (or is the identity).
    #[error("invalid public key")]
    InvalidPublicKey,
    /// A private key scalar that is zero or not below the curve order.
    #[error("invalid private key")]
    InvalidPrivateKey,
    /// Keys or signatures of two different curves were combined.
    #[error("keys of different curves")]
    CurveMismatch,
    /// The method data of a Security setup `key_agreement` request or response has the
    /// wrong shape: not an array of one to four `{ key_id, key_data }` structures with
    /// distinct key ids 0 to 3, a `key_data` of the wrong length for the curve, or a
    /// response that does not answer the request's key ids in order.
    #[error("malformed key agreement data")]
    InvalidKeyAgreementData,
    /// A general-ciphering or general-signing APDU names another originator or recipient
    /// system title than the one expected.
    #[error("unexpected system title")]
    SystemTitleMismatch,
    /// A general-ciphering or general-signing APDU carries another transaction id than the
    /// one expected.
    #[error("unexpected transaction id")]
    TransactionIdMismatch,
    /// The key information of a general-ciphering APDU is absent or names a key the
    /// recipient was not given.
    #[error("the key the APDU names is not available")]
    KeyUnavailable,
    /// The caller's random number generator failed.
    #[error("random number generator failed")]
    Rng,
    /// A certificate or certificate request that is malformed or outside the DLMS profile,
    /// or that does not chain to the issuer offered.
    #[error("certificate: {0}")]
    Certificate(CertError),
}

/// Why a certificate or certificate request was rejected ([`Error::Certificate`]).
///
/// A signature that does not verify is [`Error::AuthenticationFailed`], as for every other
/// cryptographic check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertError {
    /// Not one DER-encoded certificate (or request), or trailing octets after it.
    #[error("malformed DER")]
    Malformed,
    /// A certificate version other than 3.
    #[error("not an X.509 version 3 certificate")]
    Version,
    /// A signature algorithm other than ecdsa-with-SHA256 or ecdsa-with-SHA384 (without
    /// parameters), or one that differs from the algorithm inside the signed part.
    #[error("signature algorithm outside the DLMS profile")]
    SignatureAlgorithm,
    /// A subject key that is not id-ecPublicKey on the named curve P-256 or P-384 in the
    /// uncompressed form.
    #[error("public key algorithm outside the DLMS profile")]
    PublicKeyAlgorithm,
    /// No subject common name of 16 hexadecimal characters (the system title).
    #[error("no system title in the subject common name")]
    SubjectName,
    /// The key usage extension is missing, repeated or malformed, or names neither
    /// digitalSignature nor keyAgreement.
    #[error("missing or unusable key usage")]
    KeyUsage,
    /// The certificate's issuer name is not the offered issuer's subject name.
    #[error("issuer name does not match the issuer certificate")]
    IssuerMismatch,
    /// The offered issuer certificate is not a CA certificate.
    #[error("the issuer is not a certification authority")]
    NotCa,
    /// The validity period has not started.
    #[error("not yet valid")]
    NotYetValid,
    /// The validity period has ended.
    #[error("expired")]
    Expired,
}

impl From<dlms_apdu::Error> for Error {
    fn from(e: dlms_apdu::Error) -> Self {
        Self::Decode(e)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
