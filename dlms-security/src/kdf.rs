//! The key derivation function of security suites 1 and 2: the NIST SP 800-56A single-step
//! (concatenation) KDF with SHA-256 (suite 1) or SHA-384 (suite 2).
//!
//! `K = H(00000001 || Z || OtherInfo)`, truncated to the key size (16 octets for suite 1,
//! 32 for suite 2); `OtherInfo = AlgorithmID || PartyUInfo || PartyVInfo [|| SuppPubInfo]`,
//! where AlgorithmID is the contents octets of the DLMS algorithm's object identifier
//! ([`AlgorithmId`]) and the party infos are system titles (and, for the static unified
//! model, the transaction id). [`other_info`] builds the layout for each scheme of
//! [`crate::key_agreement`] and the general-ciphering schemes; [`derive()`] takes any.
//!
//! Checked against the Green Book Annex C key-agreement examples (tests/kdf.rs).

use core::fmt;

use sha2::Digest;
use zeroize::Zeroize;

use crate::ecc::SharedSecret;
use crate::error::{Error, Result};
use crate::key::{KeyBytes, KeySize};
use crate::kw::UnwrappedKey;
use crate::suite::SecuritySuite;

/// A DLMS cryptographic algorithm (object identifiers under 2.16.756.5.8.3), the
/// AlgorithmID of the key derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlgorithmId {
    /// 2.16.756.5.8.3.0, AES-GCM-128.
    AesGcm128,
    /// 2.16.756.5.8.3.1, AES-GCM-256.
    AesGcm256,
    /// 2.16.756.5.8.3.2, AES-WRAP-128.
    AesWrap128,
    /// 2.16.756.5.8.3.3, AES-WRAP-256.
    AesWrap256,
}

impl AlgorithmId {
    /// The AES-GCM algorithm of `suite`.
    #[must_use]
    pub const fn gcm(suite: SecuritySuite) -> Self {
        match suite.key_size() {
            KeySize::Aes128 => Self::AesGcm128,
            KeySize::Aes256 => Self::AesGcm256,
        }
    }

    /// The AES key wrap algorithm of `suite`.
    #[must_use]
    pub const fn wrap(suite: SecuritySuite) -> Self {
        match suite.key_size() {
            KeySize::Aes128 => Self::AesWrap128,
            KeySize::Aes256 => Self::AesWrap256,
        }
    }

    /// The contents octets of the object identifier (`60 85 74 05 08 03 0x`).
    #[must_use]
    pub const fn oid_contents(self) -> [u8; 7] {
        let last = match self {
            Self::AesGcm128 => 0,
            Self::AesGcm256 => 1,
            Self::AesWrap128 => 2,
            Self::AesWrap256 => 3,
        };
        [0x60, 0x85, 0x74, 0x05, 0x08, 0x03, last]
    }

    /// The size of the key the algorithm uses.
    #[must_use]
    pub const fn key_size(self) -> KeySize {
        match self {
            Self::AesGcm128 | Self::AesWrap128 => KeySize::Aes128,
            Self::AesGcm256 | Self::AesWrap256 => KeySize::Aes256,
        }
    }
}

/// The largest OtherInfo [`other_info`] builds: AlgorithmID (7), two system titles (8 each),
/// a transaction id of up to 64 octets with its A-XDR length (66).
pub const MAX_OTHER_INFO_LEN: usize = 7 + 8 + 8 + 66;

/// An OtherInfo built by [`other_info`], on the stack.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct OtherInfo {
    bytes: [u8; MAX_OTHER_INFO_LEN],
    len: usize,
}

impl OtherInfo {
    /// The octets.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    fn push(&mut self, part: &[u8]) -> Result<()> {
        let end = self
            .len
            .checked_add(part.len())
            .ok_or(Error::InvalidLength(part.len()))?;
        self.bytes
            .get_mut(self.len..end)
            .ok_or(Error::InvalidLength(end))?
            .copy_from_slice(part);
        self.len = end;
        Ok(())
    }
}

impl fmt::Debug for OtherInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtherInfo(")?;
        for b in self.as_slice() {
            write!(f, "{b:02X}")?;
        }
        f.write_str(")")
    }
}

/// Builds `AlgorithmID || party_u || [transaction_id as an A-XDR octet string] || party_v`.
///
/// - Ephemeral unified model (Security setup `key_agreement`): `party_u` is the client's
///   system title, `party_v` the server's, no transaction id.
/// - One-pass Diffie-Hellman (general-ciphering): `party_u` is the originator's system
///   title, `party_v` the recipient's, no transaction id.
/// - Static unified model (general-ciphering): as one-pass, with the transaction id between
///   the two titles, encoded as an A-XDR octet string (length octet, then the octets).
///
/// # Errors
/// [`Error::InvalidLength`] for a transaction id over 64 octets or system titles over 8.
pub fn other_info(
    algorithm: AlgorithmId,
    party_u: &[u8],
    transaction_id: Option<&[u8]>,
    party_v: &[u8],
) -> Result<OtherInfo> {
    for title in [party_u, party_v] {
        if title.len() > 8 {
            return Err(Error::InvalidLength(title.len()));
        }
    }
    let mut info = OtherInfo {
        bytes: [0; MAX_OTHER_INFO_LEN],
        len: 0,
    };
    info.push(&algorithm.oid_contents())?;
    info.push(party_u)?;
    if let Some(tid) = transaction_id {
        let len = u8::try_from(tid.len())
            .ok()
            .filter(|l| *l <= 64)
            .ok_or(Error::InvalidLength(tid.len()))?;
        info.push(&[len])?;
        info.push(tid)?;
    }
    info.push(party_v)?;
    Ok(info)
}

/// A symmetric key derived by key agreement: the crate's holder of a key recovered from
/// the wire ([`UnwrappedKey`]), zeroized on drop, not `Clone`, `Debug` redacted; it
/// converts into the typed key it is agreed for.
pub type AgreedKey = UnwrappedKey;

/// Derives a key of `size` from `z` and `other_info` with the hash of `suite` (SHA-256 for
/// suite 1, SHA-384 for suite 2): the leftmost octets of
/// `H(00000001 || Z || OtherInfo) || H(00000002 || Z || OtherInfo) || ...`.
///
/// # Errors
/// [`Error::UnsupportedSuite`] for suite 0.
pub fn derive(
    suite: SecuritySuite,
    z: &SharedSecret,
    other_info: &[u8],
    size: KeySize,
) -> Result<AgreedKey> {
    let mut out = [0u8; 32];
    let want = size.octets();
    let mut filled = 0usize;
    let mut counter: u32 = 1;
    while filled < want {
        let block = match suite {
            SecuritySuite::Suite0 => return Err(Error::UnsupportedSuite(0)),
            SecuritySuite::Suite1 => {
                hash_block::<sha2::Sha256>(counter, z, other_info, &mut out, filled)
            }
            SecuritySuite::Suite2 => {
                hash_block::<sha2::Sha384>(counter, z, other_info, &mut out, filled)
            }
        };
        filled = filled.saturating_add(block);
        counter = counter.saturating_add(1);
    }
    let key = KeyBytes::from_slice(out.get(..want).unwrap_or(&[]));
    out.zeroize();
    key.map(UnwrappedKey)
}

/// Hashes one KDF block into `out[filled..]`; returns the octets written.
fn hash_block<D: Digest>(
    counter: u32,
    z: &SharedSecret,
    other_info: &[u8],
    out: &mut [u8],
    filled: usize,
) -> usize {
    let mut h = D::new();
    h.update(counter.to_be_bytes());
    h.update(z.expose_secret());
    h.update(other_info);
    let mut digest = h.finalize();
    let rest = out.get_mut(filled..).unwrap_or(&mut []);
    let n = rest.len().min(digest.len());
    if let (Some(dst), Some(src)) = (rest.get_mut(..n), digest.get(..n)) {
        dst.copy_from_slice(src);
    }
    digest.as_mut_slice().zeroize();
    n.max(1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use hex_literal::hex;

    /// Green Book Annex C, Table C.2 (one-pass Diffie-Hellman, client to server): Z, the
    /// OtherInfo and the derived key, as collected with their sources in the key-agreement
    /// vectors.
    #[test]
    fn one_pass_annex_c2_key() {
        let z = SharedSecret::from_slice(&hex!(
            "0D4385BA0DD756CBCAB9887EB538396EE8F090A14C1079B4359F115B977F4615"
        ))
        .unwrap();
        let info = other_info(
            AlgorithmId::AesGcm128,
            &hex!("4D4D4D0000BC614E"),
            None,
            &hex!("4D4D4D0000000001"),
        )
        .unwrap();
        assert_eq!(
            info.as_slice(),
            hex!("608574050803004D4D4D0000BC614E4D4D4D0000000001")
        );
        let k = derive(SecuritySuite::Suite1, &z, info.as_slice(), KeySize::Aes128).unwrap();
        assert_eq!(k.expose_secret(), hex!("59A71FD81C929A86A99438DA17A66C05"));
    }
}
