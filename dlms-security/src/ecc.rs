//! Elliptic-curve cryptography of security suites 1 (P-256, SHA-256) and 2 (P-384, SHA-384):
//! public keys in the DLMS form, private keys, ECDSA signatures and the ECDH shared secret.
//!
//! DLMS carries a public key as `X || Y` (64 octets on P-256, 96 on P-384) without the SEC 1
//! `04` prefix, and an ECDSA signature as `r || s` (64 or 96 octets) rather than DER
//! (DLMS UA 1000-2, the security suites). [`PublicKey::from_xy`] checks that the point is on
//! the curve and not the identity before anything uses it.
//!
//! The curve is chosen at run time ([`Curve`]), as a session learns its suite from the
//! association; each curve needs its feature (`suite1` for P-256, `suite2` for P-384), so a
//! meter that only speaks suite 0 links no elliptic-curve code.
//!
//! ```
//! # #[cfg(feature = "suite1")]
//! # fn main() -> Result<(), dlms_security::Error> {
//! use dlms_security::ecc::{Curve, PrivateKey};
//!
//! // The Green Book's client signing key (DLMS UA 1000-2, Annex C).
//! let private = PrivateKey::from_slice(
//!     Curve::P256,
//!     &hex_literal::hex!("418073C239FA6125011DE4D6CD2E645780289F761BB21BFB0835CB5585E8B373"),
//! )?;
//! let signature = private.sign(b"message")?;
//! private.public_key().verify(b"message", &signature)?;
//! assert!(private.public_key().verify(b"massage", &signature).is_err());
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "suite1"))]
//! # fn main() {}
//! ```

use core::fmt;

use rand_core::TryCryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, Result};
pub use crate::octets::Octets;
use crate::suite::SecuritySuite;

#[cfg(feature = "suite1")]
use p256::NistP256;
#[cfg(feature = "suite2")]
use p384::NistP384;

/// Octets of the largest coordinate (P-384).
pub const MAX_SCALAR_LEN: usize = 48;
/// Octets of the largest public key in the DLMS form (P-384 `X || Y`).
pub const MAX_PUBLIC_KEY_LEN: usize = 96;
/// Octets of the largest signature (P-384 `r || s`).
pub const MAX_SIGNATURE_LEN: usize = 96;

/// A curve of security suite 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 with SHA-256 (suite 1).
    P256,
    /// NIST P-384 with SHA-384 (suite 2).
    P384,
}

impl Curve {
    /// The curve of `suite`.
    ///
    /// # Errors
    /// [`Error::UnsupportedSuite`] for suite 0 (which has no curve), or for a suite whose
    /// feature (`suite1`, `suite2`) is not enabled.
    pub fn for_suite(suite: SecuritySuite) -> Result<Self> {
        let curve = match suite {
            SecuritySuite::Suite0 => return Err(Error::UnsupportedSuite(0)),
            SecuritySuite::Suite1 => Self::P256,
            SecuritySuite::Suite2 => Self::P384,
        };
        curve.check_enabled()?;
        Ok(curve)
    }

    /// The security suite that uses this curve.
    #[must_use]
    pub const fn suite(self) -> SecuritySuite {
        match self {
            Self::P256 => SecuritySuite::Suite1,
            Self::P384 => SecuritySuite::Suite2,
        }
    }

    /// Octets of a scalar or coordinate: 32 or 48.
    #[must_use]
    pub const fn scalar_len(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
        }
    }

    /// Octets of a public key in the DLMS form `X || Y`: 64 or 96.
    #[must_use]
    pub const fn public_key_len(self) -> usize {
        match self {
            Self::P256 => 64,
            Self::P384 => 96,
        }
    }

    /// Octets of a signature `r || s`: 64 or 96.
    #[must_use]
    pub const fn signature_len(self) -> usize {
        self.public_key_len()
    }

    /// Whether this build has the curve (feature `suite1` for P-256, `suite2` for P-384).
    #[must_use]
    pub const fn is_enabled(self) -> bool {
        match self {
            Self::P256 => cfg!(feature = "suite1"),
            Self::P384 => cfg!(feature = "suite2"),
        }
    }

    fn check_enabled(self) -> Result<()> {
        if self.is_enabled() {
            Ok(())
        } else {
            Err(Error::UnsupportedSuite(self.suite().id()))
        }
    }

    fn expect_len(self, expected: usize, actual: usize) -> Result<()> {
        self.check_enabled()?;
        if expected == actual {
            Ok(())
        } else {
            Err(Error::KeyLength { expected, actual })
        }
    }
}

/// A validated public key on P-256 or P-384.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(PublicInner);

#[derive(Clone, PartialEq, Eq)]
enum PublicInner {
    #[cfg(feature = "suite1")]
    P256(p256::ecdsa::VerifyingKey),
    #[cfg(feature = "suite2")]
    P384(p384::ecdsa::VerifyingKey),
}

/// Builds the SEC 1 uncompressed form `04 || X || Y` of a DLMS public key on the stack.
fn sec1_uncompressed(xy: &[u8]) -> Result<([u8; MAX_PUBLIC_KEY_LEN + 1], usize)> {
    let mut buf = [0u8; MAX_PUBLIC_KEY_LEN + 1];
    let len = xy
        .len()
        .checked_add(1)
        .ok_or(Error::InvalidLength(xy.len()))?;
    let dst = buf.get_mut(..len).ok_or(Error::InvalidLength(xy.len()))?;
    let (prefix, rest) = dst.split_at_mut(1);
    prefix.copy_from_slice(&[0x04]);
    rest.copy_from_slice(xy);
    Ok((buf, len))
}

impl PublicKey {
    /// A public key from its DLMS form `X || Y` on `curve`.
    ///
    /// # Errors
    /// [`Error::KeyLength`] unless `xy` has [`Curve::public_key_len`] octets,
    /// [`Error::InvalidPublicKey`] for a point that is not on the curve (or is the identity),
    /// [`Error::UnsupportedSuite`] if the curve's feature is off.
    pub fn from_xy(curve: Curve, xy: &[u8]) -> Result<Self> {
        curve.expect_len(curve.public_key_len(), xy.len())?;
        let (buf, len) = sec1_uncompressed(xy)?;
        let sec1 = buf.get(..len).ok_or(Error::InvalidPublicKey)?;
        let inner = match curve {
            #[cfg(feature = "suite1")]
            Curve::P256 => PublicInner::P256(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                    .map_err(|_| Error::InvalidPublicKey)?,
            ),
            #[cfg(feature = "suite2")]
            Curve::P384 => PublicInner::P384(
                p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                    .map_err(|_| Error::InvalidPublicKey)?,
            ),
            #[allow(unreachable_patterns)]
            other => return Err(Error::UnsupportedSuite(other.suite().id())),
        };
        Ok(Self(inner))
    }

    /// The key's curve.
    #[must_use]
    pub const fn curve(&self) -> Curve {
        match self.0 {
            #[cfg(feature = "suite1")]
            PublicInner::P256(_) => Curve::P256,
            #[cfg(feature = "suite2")]
            PublicInner::P384(_) => Curve::P384,
        }
    }

    /// The DLMS form `X || Y`.
    #[must_use]
    pub fn to_xy(&self) -> Octets<MAX_PUBLIC_KEY_LEN> {
        let sec1 = match &self.0 {
            #[cfg(feature = "suite1")]
            PublicInner::P256(k) => {
                Octets::<{ MAX_PUBLIC_KEY_LEN + 1 }>::from_slice(k.to_sec1_point(false).as_bytes())
            }
            #[cfg(feature = "suite2")]
            PublicInner::P384(k) => {
                Octets::<{ MAX_PUBLIC_KEY_LEN + 1 }>::from_slice(k.to_sec1_point(false).as_bytes())
            }
        };
        // An uncompressed SEC 1 point is `04 || X || Y`: 65 or 97 octets, which fit.
        sec1.ok()
            .and_then(|s| {
                s.as_slice()
                    .get(1..)
                    .and_then(|xy| Octets::from_slice(xy).ok())
            })
            .unwrap_or_default()
    }

    /// Verifies an ECDSA signature over `message` (hashed with SHA-256 on P-256, SHA-384 on
    /// P-384).
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] for a signature that does not verify, including one of
    /// the wrong length or for the other curve.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<()> {
        use signature::Verifier;
        if signature.curve != self.curve() {
            return Err(Error::AuthenticationFailed);
        }
        let ok = match &self.0 {
            #[cfg(feature = "suite1")]
            PublicInner::P256(k) => p256::ecdsa::Signature::from_slice(signature.as_slice())
                .ok()
                .is_some_and(|s| k.verify(message, &s).is_ok()),
            #[cfg(feature = "suite2")]
            PublicInner::P384(k) => p384::ecdsa::Signature::from_slice(signature.as_slice())
                .ok()
                .is_some_and(|s| k.verify(message, &s).is_ok()),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::AuthenticationFailed)
        }
    }

    /// Verifies an ECDSA signature given as `r || s` octets.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] as [`verify`](Self::verify), also for a signature of
    /// the wrong length.
    pub fn verify_raw(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        let signature = Signature::from_slice(self.curve(), signature)
            .map_err(|_| Error::AuthenticationFailed)?;
        self.verify(message, &signature)
    }

    #[cfg(feature = "suite1")]
    pub(crate) fn p256(&self) -> Option<&p256::ecdsa::VerifyingKey> {
        match &self.0 {
            PublicInner::P256(k) => Some(k),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    #[cfg(feature = "suite2")]
    pub(crate) fn p384(&self) -> Option<&p384::ecdsa::VerifyingKey> {
        match &self.0 {
            PublicInner::P384(k) => Some(k),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("curve", &self.curve())
            .field("xy", &self.to_xy())
            .finish()
    }
}

/// An ECDSA signature `r || s`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    curve: Curve,
    bytes: Octets<MAX_SIGNATURE_LEN>,
}

impl Signature {
    /// A signature from its `r || s` octets.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] unless `rs` has [`Curve::signature_len`] octets.
    pub fn from_slice(curve: Curve, rs: &[u8]) -> Result<Self> {
        if rs.len() != curve.signature_len() {
            return Err(Error::InvalidLength(rs.len()));
        }
        Ok(Self {
            curve,
            bytes: Octets::from_slice(rs)?,
        })
    }

    /// The curve the signature was made on.
    #[must_use]
    pub const fn curve(&self) -> Curve {
        self.curve
    }

    /// The `r || s` octets.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.as_slice()
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({:?}, {:?})", self.curve, self.bytes)
    }
}

/// A private key on P-256 or P-384: a party's signing key, static key-agreement key, or an
/// ephemeral key.
///
/// Zeroized on drop (by the RustCrypto key it holds), not `Clone`, and its `Debug` output
/// shows only the curve.
pub struct PrivateKey(PrivateInner);

enum PrivateInner {
    #[cfg(feature = "suite1")]
    P256(p256::ecdsa::SigningKey),
    #[cfg(feature = "suite2")]
    P384(p384::ecdsa::SigningKey),
}

impl PrivateKey {
    /// A private key from its big-endian scalar (32 octets on P-256, 48 on P-384).
    ///
    /// # Errors
    /// [`Error::KeyLength`] for a scalar of the wrong length, [`Error::InvalidPrivateKey`] for
    /// zero or a scalar not below the curve order, [`Error::UnsupportedSuite`] if the curve's
    /// feature is off.
    pub fn from_slice(curve: Curve, scalar: &[u8]) -> Result<Self> {
        curve.expect_len(curve.scalar_len(), scalar.len())?;
        let inner = match curve {
            #[cfg(feature = "suite1")]
            Curve::P256 => PrivateInner::P256(
                p256::ecdsa::SigningKey::from_slice(scalar)
                    .map_err(|_| Error::InvalidPrivateKey)?,
            ),
            #[cfg(feature = "suite2")]
            Curve::P384 => PrivateInner::P384(
                p384::ecdsa::SigningKey::from_slice(scalar)
                    .map_err(|_| Error::InvalidPrivateKey)?,
            ),
            #[allow(unreachable_patterns)]
            other => return Err(Error::UnsupportedSuite(other.suite().id())),
        };
        Ok(Self(inner))
    }

    /// A fresh random key on `curve` (for an ephemeral key, or a new key pair) from the
    /// caller's cryptographic RNG.
    ///
    /// # Errors
    /// [`Error::Rng`] if the RNG fails, [`Error::UnsupportedSuite`] if the curve's feature is
    /// off.
    pub fn generate<R: TryCryptoRng + ?Sized>(curve: Curve, rng: &mut R) -> Result<Self> {
        use elliptic_curve::Generate;
        curve.check_enabled()?;
        let inner = match curve {
            #[cfg(feature = "suite1")]
            Curve::P256 => PrivateInner::P256(
                p256::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(|_| Error::Rng)?,
            ),
            #[cfg(feature = "suite2")]
            Curve::P384 => PrivateInner::P384(
                p384::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(|_| Error::Rng)?,
            ),
            #[allow(unreachable_patterns)]
            other => return Err(Error::UnsupportedSuite(other.suite().id())),
        };
        Ok(Self(inner))
    }

    /// The key's curve.
    #[must_use]
    pub const fn curve(&self) -> Curve {
        match self.0 {
            #[cfg(feature = "suite1")]
            PrivateInner::P256(_) => Curve::P256,
            #[cfg(feature = "suite2")]
            PrivateInner::P384(_) => Curve::P384,
        }
    }

    /// The matching public key.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        PublicKey(match &self.0 {
            #[cfg(feature = "suite1")]
            PrivateInner::P256(k) => PublicInner::P256(*k.verifying_key()),
            #[cfg(feature = "suite2")]
            PrivateInner::P384(k) => PublicInner::P384(*k.verifying_key()),
        })
    }

    /// Signs `message` with ECDSA (SHA-256 on P-256, SHA-384 on P-384), with the nonce
    /// derived deterministically from the key and message (RFC 6979), so signing needs no
    /// RNG.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] in the (negligible) case the signer fails.
    pub fn sign(&self, message: &[u8]) -> Result<Signature> {
        use signature::Signer;
        match &self.0 {
            #[cfg(feature = "suite1")]
            PrivateInner::P256(k) => {
                let s: p256::ecdsa::Signature = k
                    .try_sign(message)
                    .map_err(|_| Error::AuthenticationFailed)?;
                Signature::from_slice(Curve::P256, &s.to_bytes())
            }
            #[cfg(feature = "suite2")]
            PrivateInner::P384(k) => {
                let s: p384::ecdsa::Signature = k
                    .try_sign(message)
                    .map_err(|_| Error::AuthenticationFailed)?;
                Signature::from_slice(Curve::P384, &s.to_bytes())
            }
        }
    }

    /// The ECDH shared secret `Z` (the x-coordinate of the product, NIST SP 800-56A ECC CDH)
    /// with `peer`'s public key.
    ///
    /// # Errors
    /// [`Error::CurveMismatch`] if `peer` is on the other curve.
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Result<SharedSecret> {
        match &self.0 {
            #[cfg(feature = "suite1")]
            PrivateInner::P256(k) => {
                let p = peer.p256().ok_or(Error::CurveMismatch)?;
                let z = elliptic_curve::ecdh::diffie_hellman::<NistP256>(
                    k.as_nonzero_scalar(),
                    p.as_affine(),
                );
                SharedSecret::from_slice(z.raw_secret_bytes())
            }
            #[cfg(feature = "suite2")]
            PrivateInner::P384(k) => {
                let p = peer.p384().ok_or(Error::CurveMismatch)?;
                let z = elliptic_curve::ecdh::diffie_hellman::<NistP384>(
                    k.as_nonzero_scalar(),
                    p.as_affine(),
                );
                SharedSecret::from_slice(z.raw_secret_bytes())
            }
        }
    }

    /// The big-endian scalar. Handle with care: the copy is zeroized on drop, but what the
    /// caller copies out of it is not.
    #[must_use]
    pub fn to_secret_bytes(&self) -> SecretOctets {
        let mut out = SecretOctets {
            bytes: [0; MAX_SCALAR_LEN],
            len: 0,
        };
        let mut fill = |b: &[u8]| {
            if let Some(dst) = out.bytes.get_mut(..b.len()) {
                dst.copy_from_slice(b);
                out.len = b.len();
            }
        };
        match &self.0 {
            #[cfg(feature = "suite1")]
            PrivateInner::P256(k) => {
                let mut b = k.to_bytes();
                fill(&b);
                b.zeroize();
            }
            #[cfg(feature = "suite2")]
            PrivateInner::P384(k) => {
                let mut b = k.to_bytes();
                fill(&b);
                b.zeroize();
            }
        }
        out
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({:?}, redacted)", self.curve())
    }
}

impl ConstantTimeEq for PrivateKey {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        let (a, b) = (self.to_secret_bytes(), other.to_secret_bytes());
        a.expose_secret().ct_eq(b.expose_secret())
    }
}

/// Secret octets of up to 48 (a scalar or a shared secret), zeroized on drop; `Debug`
/// redacted.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretOctets {
    bytes: [u8; MAX_SCALAR_LEN],
    #[zeroize(skip)]
    len: usize,
}

impl SecretOctets {
    /// The octets. Handle with care: copies are not zeroized for you.
    #[must_use]
    pub fn expose_secret(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl fmt::Debug for SecretOctets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretOctets({} octets, redacted)", self.len)
    }
}

/// The ECDH shared secret `Z`: the x-coordinate of the shared point (32 octets on P-256, 48
/// on P-384). Zeroized on drop, not `Clone`, `Debug` redacted. Its only use is the key
/// derivation function ([`crate::kdf`]).
pub struct SharedSecret(SecretOctets);

impl SharedSecret {
    /// A shared secret from its octets (for known-answer tests and external ECDH providers).
    ///
    /// # Errors
    /// [`Error::InvalidLength`] for more than 48 octets.
    pub fn from_slice(z: &[u8]) -> Result<Self> {
        let mut bytes = [0u8; MAX_SCALAR_LEN];
        bytes
            .get_mut(..z.len())
            .ok_or(Error::InvalidLength(z.len()))?
            .copy_from_slice(z);
        Ok(Self(SecretOctets {
            bytes,
            len: z.len(),
        }))
    }

    /// The octets of `Z`. Handle with care: copies are not zeroized for you.
    #[must_use]
    pub fn expose_secret(&self) -> &[u8] {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedSecret({} octets, redacted)", self.0.len)
    }
}

impl ConstantTimeEq for SharedSecret {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.expose_secret().ct_eq(other.expose_secret())
    }
}

#[cfg(all(test, feature = "suite1"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    extern crate std;
    use super::*;
    use hex_literal::hex;

    #[test]
    fn p256_public_key_round_trips_and_rejects_off_curve_points() {
        // Green Book Annex C client signing key, as in the key-agreement vectors.
        let private = PrivateKey::from_slice(
            Curve::P256,
            &hex!("418073C239FA6125011DE4D6CD2E645780289F761BB21BFB0835CB5585E8B373"),
        )
        .unwrap();
        let xy = hex!(
            "BAAFFDE06A8CB1C9DAE8D94023C601DBBB249254BA22EDD827E820BCA2BCC643"
            "62FBB83D86A82B87BB8B7161D2AAB5521911A946B97A284A90F7785CD9047D25"
        );
        assert_eq!(private.public_key().to_xy().as_slice(), &xy);
        assert_eq!(
            PublicKey::from_xy(Curve::P256, &xy).unwrap(),
            private.public_key()
        );
        let mut bad = xy;
        bad[63] ^= 1;
        assert_eq!(
            PublicKey::from_xy(Curve::P256, &bad),
            Err(Error::InvalidPublicKey)
        );
        assert_eq!(
            PublicKey::from_xy(Curve::P256, &[0; 64]),
            Err(Error::InvalidPublicKey)
        );
        assert!(matches!(
            PublicKey::from_xy(Curve::P256, &xy[..63]),
            Err(Error::KeyLength { .. })
        ));
        assert_eq!(
            PrivateKey::from_slice(Curve::P256, &[0; 32]).err(),
            Some(Error::InvalidPrivateKey)
        );
        assert_eq!(
            PrivateKey::from_slice(Curve::P256, &[0xFF; 32]).err(),
            Some(Error::InvalidPrivateKey)
        );
    }

    #[test]
    fn debug_output_is_redacted() {
        let private = PrivateKey::from_slice(Curve::P256, &[7; 32]).unwrap();
        let text = std::format!("{private:?}");
        assert!(!text.contains("07"), "{text}");
        let z = SharedSecret::from_slice(&[0xAB; 32]).unwrap();
        assert!(!std::format!("{z:?}").contains("AB"));
    }
}
