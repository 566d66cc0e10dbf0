//! AES-GCM with the 12-octet DLMS tag, generic over the block cipher.
//!
//! DLMS UA 1000-2 (the security suites) protects APDUs with AES-GCM under a 96-bit IV
//! (system title and invocation counter, see [`Iv`]) and sends the first twelve octets of
//! the GCM tag. Suites 0 and 1 use AES-128, suite 2 AES-256.
//!
//! [`Gcm`] wraps [`aes_gcm::AesGcm<C, U12, U12>`](aes_gcm::AesGcm) and is generic over the
//! block cipher `C`, so a hardware AES engine that implements the RustCrypto block cipher
//! traits plugs in through [`Gcm::from_cipher`]. Build one per key and reuse it for every
//! message: the key schedule and the GHASH key are computed once, in the constructor.
//!
//! [`ApduCipher`] is the small interface the APDU protection in [`crate::protect`] needs;
//! [`Gcm`] and [`AnyGcm`] (either key size, chosen by the key) implement it, and so can a
//! test double that lets a fuzzer past the tag check.
//!
//! ```
//! use dlms_security::gcm::{Aes128Gcm, ApduCipher};
//! use dlms_security::hazmat::iv_from_raw;
//!
//! let gcm = Aes128Gcm::new(&[0x42; 16])?;
//! let iv = iv_from_raw([7; 12]);
//! let mut buf = *b"plaintext";
//! let tag = gcm.seal_in_place(&iv, b"aad", &mut buf)?;
//! assert_ne!(&buf, b"plaintext");
//! gcm.open_in_place(&iv, b"aad", &mut buf, &tag)?;
//! assert_eq!(&buf, b"plaintext");
//! # Ok::<(), dlms_security::Error>(())
//! ```

use core::fmt;

use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::U16;
use aes_gcm::aes::cipher::{
    BlockCipherEncrypt, BlockSizeUser, InnerIvInit, KeyInit, KeySizeUser, StreamCipherCore,
};
use aes_gcm::aes::{Aes128, Aes256};
use ghash::GHash;
use ghash::universal_hash::UniversalHash;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::error::{Error, Result};
use crate::iv::Iv;
use crate::key::KeySize;

/// Octets of the authentication tag DLMS sends: the GCM tag truncated to twelve octets.
pub const TAG_LEN: usize = 12;

/// A twelve-octet DLMS authentication tag.
pub type Tag = [u8; TAG_LEN];

/// The cryptography that [`crate::protect`] needs from a cipher built for one key.
///
/// Every method takes the 96-bit [`Iv`]; the tag is always [`TAG_LEN`] octets. An
/// implementation must keep the AES-GCM semantics: [`seal_in_place`](Self::seal_in_place)
/// and [`open_in_place`](Self::open_in_place) are AES-GCM encryption and decryption with
/// the tag truncated to twelve octets, [`apply_keystream`](Self::apply_keystream) is the
/// GCM keystream alone (the encryption-only mode, no tag), and [`gmac`](Self::gmac) is the
/// tag of an empty plaintext under the concatenation of `aad` parts.
pub trait ApduCipher {
    /// The size of the key the cipher was built with.
    fn key_size(&self) -> KeySize;

    /// Encrypts `buffer` in place and returns the tag over `aad` and the ciphertext.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if `buffer` exceeds the GCM plaintext limit.
    fn seal_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8]) -> Result<Tag>;

    /// Verifies `tag` over `aad` and the ciphertext in `buffer`, and only then decrypts
    /// `buffer` in place. On failure `buffer` must hold no plaintext.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the tag does not verify.
    fn open_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8], tag: &Tag) -> Result<()>;

    /// XORs the GCM keystream for `iv` into `buffer` (the same operation encrypts and
    /// decrypts; no tag is involved).
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if `buffer` exceeds the GCM plaintext limit.
    fn apply_keystream(&self, iv: &Iv, buffer: &mut [u8]) -> Result<()>;

    /// The GMAC tag of the concatenation of `aad` (authentication only, nothing encrypted).
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if the parts exceed the GCM associated-data limit.
    fn gmac(&self, iv: &Iv, aad: &[&[u8]]) -> Result<Tag>;

    /// Checks a GMAC tag in constant time.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the tag does not verify.
    fn verify_gmac(&self, iv: &Iv, aad: &[&[u8]], tag: &Tag) -> Result<()> {
        let expected = self.gmac(iv, aad)?;
        if tags_equal(&expected, tag) {
            Ok(())
        } else {
            Err(Error::AuthenticationFailed)
        }
    }
}

/// AES-GCM with a twelve-octet tag over the block cipher `C` (AES-128 or AES-256, or a
/// hardware engine implementing the same traits).
///
/// Holds the expanded key and the GHASH key; neither `Clone` nor `Copy`. With the
/// `zeroize` features of `aes` and `ghash` (which this crate turns on) both are cleared on
/// drop.
///
/// GCM is composed here from the block cipher (the counter-mode keystream and the tag
/// mask) and [`GHash`], as NIST SP 800-38D defines it for a 96-bit IV: `J0 = IV ||
/// 00000001` masks the tag, the payload keystream starts at `IV || 00000002`. Holding the
/// block cipher itself lets the encryption-only mode run the keystream alone and GMAC
/// encrypt `J0` alone, without a GCM computation whose tag is dropped.
pub struct Gcm<C> {
    cipher: C,
    /// GHASH keyed with `H = E_K(0^128)`.
    ghash: GHash,
}

/// AES-GCM-128 (security suites 0 and 1).
pub type Aes128Gcm = Gcm<Aes128>;
/// AES-GCM-256 (security suite 2).
pub type Aes256Gcm = Gcm<Aes256>;

impl<C> fmt::Debug for Gcm<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Gcm(redacted)")
    }
}

impl<C> Gcm<C>
where
    C: BlockSizeUser<BlockSize = U16> + BlockCipherEncrypt + KeyInit,
{
    /// Builds the cipher for `key` (expands the key once).
    ///
    /// # Errors
    /// [`Error::KeyLength`] if `key` is not the cipher's key size.
    pub fn new(key: &[u8]) -> Result<Self> {
        let expected = <C as KeySizeUser>::key_size();
        let cipher = C::new_from_slice(key).map_err(|_| Error::KeyLength {
            expected,
            actual: key.len(),
        })?;
        Ok(Self::from_cipher(cipher))
    }
}

/// Counter mode with the 32-bit big-endian counter of GCM.
type Ctr32BE<C> = ctr::CtrCore<C, ctr::flavors::Ctr32BE>;

/// Compares two tags in constant time: the differences of the words are gathered into
/// one, which is compared once (instead of octet by octet).
fn tags_equal(a: &Tag, b: &Tag) -> bool {
    let words = |t: &Tag| {
        let (lo, hi) = t.split_at(8);
        let lo = <[u8; 8]>::try_from(lo).map_or(0, u64::from_ne_bytes);
        let hi = <[u8; 4]>::try_from(hi).map_or(0, u32::from_ne_bytes);
        (lo, hi)
    };
    let ((a_lo, a_hi), (b_lo, b_hi)) = (words(a), words(b));
    bool::from(((a_lo ^ b_lo) | u64::from(a_hi ^ b_hi)).ct_eq(&0))
}

/// The largest plaintext GCM allows (2^39 - 256 bits).
const P_MAX: u64 = (1 << 36) - 32;

/// The largest associated data GCM allows (2^64 - 1 bits, rounded down to octets).
const A_MAX: u64 = (1 << 61) - 1;

impl<C> Gcm<C>
where
    C: BlockSizeUser<BlockSize = U16> + BlockCipherEncrypt,
{
    /// Builds GCM over an already keyed block cipher, e.g. a hardware AES engine.
    #[must_use]
    pub fn from_cipher(cipher: C) -> Self {
        let mut h = Array::<u8, U16>::default();
        cipher.encrypt_block(&mut h);
        let ghash = GHash::new(&h);
        h.zeroize();
        Self { cipher, ghash }
    }

    /// The counter block `IV || counter`.
    fn counter_block(iv: &Iv, counter: u32) -> Array<u8, U16> {
        let mut block = Array::<u8, U16>::default();
        let (head, tail) = block.split_at_mut(12);
        head.copy_from_slice(iv.as_bytes());
        tail.copy_from_slice(&counter.to_be_bytes());
        block
    }

    /// `E_K(J0)`, the mask of the tag.
    fn tag_mask(&self, iv: &Iv) -> Array<u8, U16> {
        let mut mask = Self::counter_block(iv, 1);
        self.cipher.encrypt_block(&mut mask);
        mask
    }

    /// The counter-mode state at `J0 = IV || 00000001` after it produced `E_K(J0)`, the
    /// mask of the tag: it goes on with the payload keystream from `IV || 00000002`.
    fn init_ctr(&self, iv: &Iv) -> (Ctr32BE<&C>, Array<u8, U16>) {
        let mut j0 = Self::counter_block(iv, 1);
        let mut ctr = Ctr32BE::inner_iv_init(&self.cipher, &j0);
        j0.zeroize();
        let mut mask = Array::<u8, U16>::default();
        ctr.write_keystream_block(&mut mask);
        (ctr, mask)
    }

    /// Checks `buffer` against the plaintext limit of GCM (which also keeps the 32-bit
    /// counter from wrapping).
    fn check_text(buffer: &[u8]) -> Result<()> {
        match u64::try_from(buffer.len()) {
            Ok(n) if n <= P_MAX => Ok(()),
            _ => Err(Error::InvalidLength(buffer.len())),
        }
    }

    /// XORs the payload keystream (counter blocks `IV || 00000002` on) into `buffer`.
    fn keystream(&self, iv: &Iv, buffer: &mut [u8]) -> Result<()> {
        Self::check_text(buffer)?;
        let mut start = Self::counter_block(iv, 2);
        let ctr = Ctr32BE::inner_iv_init(&self.cipher, &start);
        start.zeroize();
        ctr.apply_keystream_partial(buffer.into());
        Ok(())
    }

    /// The full GHASH-based tag `GHASH(aad, text) xor mask` over a contiguous `aad`.
    fn full_tag(&self, mask: &Array<u8, U16>, aad: &[u8], text: &[u8]) -> Result<Tag> {
        let aad_len = u64::try_from(aad.len())
            .ok()
            .filter(|n| *n <= A_MAX)
            .ok_or(Error::InvalidLength(aad.len()))?;
        let text_len = u64::try_from(text.len())
            .ok()
            .filter(|n| *n <= P_MAX)
            .ok_or(Error::InvalidLength(text.len()))?;
        let mut ghash = self.ghash.clone();
        ghash.update_padded(aad);
        ghash.update_padded(text);
        Ok(Self::finish(ghash, mask, aad_len, text_len))
    }

    /// Hashes the length block and masks the result into the twelve-octet tag.
    fn finish(mut ghash: GHash, mask: &Array<u8, U16>, aad_len: u64, text_len: u64) -> Tag {
        let mut lengths = Array::<u8, U16>::default();
        let (a, c) = lengths.split_at_mut(8);
        // Both lengths are within the GCM limits (below 2^61), so the bit counts fit.
        a.copy_from_slice(&aad_len.wrapping_mul(8).to_be_bytes());
        c.copy_from_slice(&text_len.wrapping_mul(8).to_be_bytes());
        ghash.update(core::slice::from_ref(&lengths));
        let mut s = ghash.finalize();
        let mut tag = [0u8; TAG_LEN];
        for ((t, s), m) in tag.iter_mut().zip(s.iter()).zip(mask.iter()) {
            *t = s ^ m;
        }
        s.zeroize();
        tag
    }

    /// Encrypts `buffer` in place; returns the tag over `aad` and the ciphertext.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if `buffer` or `aad` exceeds the GCM limits.
    pub fn seal_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8]) -> Result<Tag> {
        if u64::try_from(aad.len()).map_or(true, |n| n > A_MAX) {
            return Err(Error::InvalidLength(buffer.len()));
        }
        Self::check_text(buffer)?;
        let (ctr, mut mask) = self.init_ctr(iv);
        ctr.apply_keystream_partial(buffer.into());
        let tag = self.full_tag(&mask, aad, buffer);
        mask.zeroize();
        tag
    }

    /// Verifies `tag`, then decrypts `buffer` in place. The tag is computed over the
    /// ciphertext and compared in constant time before any keystream is applied, so when
    /// it fails `buffer` still holds the ciphertext it came with.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the tag does not verify (or a limit is exceeded).
    pub fn open_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8], tag: &Tag) -> Result<()> {
        let (ctr, mut mask) = self.init_ctr(iv);
        let expected = self.full_tag(&mask, aad, buffer);
        mask.zeroize();
        match expected {
            Ok(expected) if tags_equal(&expected, tag) => {
                ctr.apply_keystream_partial(buffer.into());
                Ok(())
            }
            _ => Err(Error::AuthenticationFailed),
        }
    }

    /// XORs the GCM keystream (counter blocks from `IV || 00000002` on) into `buffer`: the
    /// encryption-only mode, in either direction. This is AES in counter mode alone; no
    /// GHASH is computed.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if `buffer` exceeds the GCM plaintext limit.
    pub fn apply_keystream(&self, iv: &Iv, buffer: &mut [u8]) -> Result<()> {
        self.keystream(iv, buffer)
    }

    /// The GMAC tag of the concatenation of the `aad` parts: the GCM tag of an empty
    /// plaintext, computed without copying the parts together.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if the parts together exceed the GCM associated-data limit.
    pub fn gmac(&self, iv: &Iv, aad: &[&[u8]]) -> Result<Tag> {
        let mut ghash = self.ghash.clone();
        let mut block = Array::<u8, U16>::default();
        let mut filled = 0usize;
        let mut total = 0u64;
        for part in aad {
            total = total
                .checked_add(
                    u64::try_from(part.len()).map_err(|_| Error::InvalidLength(part.len()))?,
                )
                .filter(|t| *t <= A_MAX)
                .ok_or(Error::InvalidLength(part.len()))?;
            let mut rest: &[u8] = part;
            // Top up a block that an earlier part left partly filled.
            if filled > 0 {
                let take = rest.len().min(16usize.saturating_sub(filled));
                let (head, tail) = rest.split_at(take);
                let end = filled.saturating_add(take);
                if let Some(dst) = block.get_mut(filled..end) {
                    dst.copy_from_slice(head);
                }
                filled = end;
                rest = tail;
                if filled == 16 {
                    ghash.update(core::slice::from_ref(&block));
                    filled = 0;
                }
            }
            // Whole blocks straight from the part (no padding is added to a multiple of
            // 16), then keep the remainder for the next part.
            if filled == 0 {
                let whole = rest.len().saturating_sub(rest.len() % 16);
                let (blocks, tail) = rest.split_at(whole);
                ghash.update_padded(blocks);
                if let Some(dst) = block.get_mut(..tail.len()) {
                    dst.copy_from_slice(tail);
                }
                filled = tail.len();
            }
        }
        if filled > 0 {
            ghash.update_padded(block.get(..filled).unwrap_or(&[]));
        }
        block.zeroize();
        let mut mask = self.tag_mask(iv);
        let tag = Self::finish(ghash, &mask, total, 0);
        mask.zeroize();
        Ok(tag)
    }
}

impl<C> Gcm<C>
where
    C: BlockSizeUser<BlockSize = U16> + BlockCipherEncrypt + KeySizeUser,
{
    fn size() -> KeySize {
        if <C as KeySizeUser>::key_size() == 32 {
            KeySize::Aes256
        } else {
            KeySize::Aes128
        }
    }
}

impl<C> ApduCipher for Gcm<C>
where
    C: BlockSizeUser<BlockSize = U16> + BlockCipherEncrypt + KeySizeUser,
{
    fn key_size(&self) -> KeySize {
        Self::size()
    }

    fn seal_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8]) -> Result<Tag> {
        Gcm::seal_in_place(self, iv, aad, buffer)
    }

    fn open_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8], tag: &Tag) -> Result<()> {
        Gcm::open_in_place(self, iv, aad, buffer, tag)
    }

    fn apply_keystream(&self, iv: &Iv, buffer: &mut [u8]) -> Result<()> {
        Gcm::apply_keystream(self, iv, buffer)
    }

    fn gmac(&self, iv: &Iv, aad: &[&[u8]]) -> Result<Tag> {
        Gcm::gmac(self, iv, aad)
    }
}

/// AES-GCM with either key size, chosen by the key: what a security context built from
/// [`crate::key`] types holds.
// The AES-256 variant is larger by the extra round keys; without an allocator there is
// nothing to box it in, and a context holds only a few of these.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum AnyGcm {
    /// AES-GCM-128.
    Aes128(Aes128Gcm),
    /// AES-GCM-256.
    Aes256(Aes256Gcm),
}

impl AnyGcm {
    /// Builds the cipher for a 16- or 32-octet key.
    ///
    /// # Errors
    /// [`Error::KeyLength`] for any other length.
    pub fn new(key: &[u8]) -> Result<Self> {
        match KeySize::from_len(key.len()) {
            Some(KeySize::Aes128) => Aes128Gcm::new(key).map(Self::Aes128),
            Some(KeySize::Aes256) => Aes256Gcm::new(key).map(Self::Aes256),
            None => Err(Error::KeyLength {
                expected: 16,
                actual: key.len(),
            }),
        }
    }
}

impl ApduCipher for AnyGcm {
    fn key_size(&self) -> KeySize {
        match self {
            Self::Aes128(_) => KeySize::Aes128,
            Self::Aes256(_) => KeySize::Aes256,
        }
    }

    fn seal_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8]) -> Result<Tag> {
        match self {
            Self::Aes128(g) => g.seal_in_place(iv, aad, buffer),
            Self::Aes256(g) => g.seal_in_place(iv, aad, buffer),
        }
    }

    fn open_in_place(&self, iv: &Iv, aad: &[u8], buffer: &mut [u8], tag: &Tag) -> Result<()> {
        match self {
            Self::Aes128(g) => g.open_in_place(iv, aad, buffer, tag),
            Self::Aes256(g) => g.open_in_place(iv, aad, buffer, tag),
        }
    }

    fn apply_keystream(&self, iv: &Iv, buffer: &mut [u8]) -> Result<()> {
        match self {
            Self::Aes128(g) => g.apply_keystream(iv, buffer),
            Self::Aes256(g) => g.apply_keystream(iv, buffer),
        }
    }

    fn gmac(&self, iv: &Iv, aad: &[&[u8]]) -> Result<Tag> {
        match self {
            Self::Aes128(g) => g.gmac(iv, aad),
            Self::Aes256(g) => g.gmac(iv, aad),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation
    )]
    use super::*;
    use crate::hazmat::iv_from_raw;
    use hex_literal::hex;

    /// The GCM specification (McGrew and Viega), test cases 3 and 14, tags cut to 12 octets.
    #[test]
    fn gcm_spec_vectors() {
        let key = hex!("feffe9928665731c6d6a8f9467308308");
        let iv = iv_from_raw(hex!("cafebabefacedbaddecaf888"));
        let mut text = hex!(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
        );
        let gcm = Aes128Gcm::new(&key).unwrap();
        let tag = gcm.seal_in_place(&iv, &[], &mut text).unwrap();
        assert_eq!(
            text,
            hex!(
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
            )
        );
        assert_eq!(tag, hex!("4d5c2af327cd64a62cf35abd"));

        let gcm = Aes256Gcm::new(&[0; 32]).unwrap();
        let iv = iv_from_raw([0; 12]);
        let mut text = [0u8; 16];
        let tag = gcm.seal_in_place(&iv, &[], &mut text).unwrap();
        assert_eq!(text, hex!("cea7403d4d606b6e074ec5d3baf39d18"));
        assert_eq!(tag, hex!("d0d1c8a799996bf0265b98b5"));
        gcm.open_in_place(&iv, &[], &mut text, &tag).unwrap();
        assert_eq!(text, [0; 16]);
        // Test case 13: the empty message, whose tag is the GMAC of nothing.
        assert_eq!(
            gcm.gmac(&iv, &[]).unwrap(),
            hex!("530f8afbc74536b9a963b4f1")
        );
    }

    #[test]
    fn failed_open_leaves_the_ciphertext() {
        let gcm = Aes128Gcm::new(&[1; 16]).unwrap();
        let iv = iv_from_raw([2; 12]);
        let mut text = *b"sixteen octets!!";
        let mut tag = gcm.seal_in_place(&iv, b"ad", &mut text).unwrap();
        let sealed = text;
        tag[11] ^= 1;
        assert_eq!(
            gcm.open_in_place(&iv, b"ad", &mut text, &tag),
            Err(Error::AuthenticationFailed)
        );
        assert_eq!(text, sealed);
        tag[11] ^= 1;
        assert_eq!(
            gcm.open_in_place(&iv, b"ax", &mut text, &tag),
            Err(Error::AuthenticationFailed)
        );
        gcm.open_in_place(&iv, b"ad", &mut text, &tag).unwrap();
        assert_eq!(&text, b"sixteen octets!!");
    }

    #[test]
    fn gmac_in_parts_equals_gcm_over_contiguous_aad() {
        let gcm = Aes128Gcm::new(&[9; 16]).unwrap();
        let iv = iv_from_raw([3; 12]);
        let aad: [u8; 70] = core::array::from_fn(|i| i as u8);
        let whole = gcm.seal_in_place(&iv, &aad, &mut []).unwrap();
        for cut in [0, 1, 15, 16, 17, 33, 69, 70] {
            let (a, b) = aad.split_at(cut);
            assert_eq!(gcm.gmac(&iv, &[a, b]).unwrap(), whole, "{cut}");
            gcm.verify_gmac(&iv, &[a, &[], b], &whole).unwrap();
        }
        // Every three-part split, so each way a part can straddle, fill or skip a block.
        for i in 0..=aad.len() {
            for j in i..=aad.len() {
                let parts = [&aad[..i], &aad[i..j], &aad[j..]];
                assert_eq!(gcm.gmac(&iv, &parts).unwrap(), whole, "{i} {j}");
            }
        }
        let mut bad = whole;
        bad[0] ^= 0x80;
        assert_eq!(
            gcm.verify_gmac(&iv, &[&aad], &bad),
            Err(Error::AuthenticationFailed)
        );
    }

    #[test]
    fn keystream_is_gcm_without_the_tag() {
        let gcm = AnyGcm::new(&[5; 32]).unwrap();
        assert_eq!(gcm.key_size(), KeySize::Aes256);
        let iv = iv_from_raw([4; 12]);
        let mut a = [0x55u8; 40];
        let mut b = a;
        gcm.seal_in_place(&iv, b"x", &mut a).unwrap();
        gcm.apply_keystream(&iv, &mut b).unwrap();
        assert_eq!(a, b);
        gcm.apply_keystream(&iv, &mut b).unwrap();
        assert_eq!(b, [0x55; 40]);
        assert_eq!(
            AnyGcm::new(&[0; 24]).unwrap_err(),
            Error::KeyLength {
                expected: 16,
                actual: 24
            }
        );
        assert_eq!(
            Aes256Gcm::new(&[0; 16]).unwrap_err(),
            Error::KeyLength {
                expected: 32,
                actual: 16
            }
        );
    }

    /// The composition here against the `aes-gcm` crate's AEAD on the same key, IV and
    /// data, for every length across several keystream batches (8 blocks each) and
    /// associated data of several lengths; and the encryption-only keystream against the
    /// AEAD's ciphertext.
    #[test]
    fn matches_the_aes_gcm_crate() {
        use aes_gcm::aead::AeadInOut;
        use aes_gcm::aead::consts::U12;
        fn check<C>(key: &[u8])
        where
            C: BlockSizeUser<BlockSize = U16> + BlockCipherEncrypt + KeyInit,
        {
            let ours = Gcm::<C>::new(key).unwrap();
            let theirs = aes_gcm::AesGcm::<C, U12, U12>::from(C::new_from_slice(key).unwrap());
            let iv = iv_from_raw([0x5A, 1, 2, 3, 4, 5, 6, 7, 0xFF, 0xFF, 0xFF, 0xFE]);
            let nonce = Array::<u8, U12>::from(*iv.as_bytes());
            let text: [u8; 300] = core::array::from_fn(|i| (i * 7 + 3) as u8);
            for len in 0..=text.len() {
                for aad_len in [0usize, 1, 16, 17, 33] {
                    let aad = &text[..aad_len];
                    let mut a_buf = text;
                    let a = &mut a_buf[..len];
                    let mut b_buf = text;
                    let b = &mut b_buf[..len];
                    let tag = ours.seal_in_place(&iv, aad, a).unwrap();
                    let full = theirs
                        .encrypt_inout_detached(&nonce, aad, (&mut *b).into())
                        .unwrap();
                    assert_eq!(a, b, "len {len}");
                    assert_eq!(&tag[..], &full[..], "len {len} aad {aad_len}");
                    ours.open_in_place(&iv, aad, a, &tag).unwrap();
                    assert_eq!(&*a, &text[..len]);
                    // The keystream alone is the AEAD's encryption.
                    ours.apply_keystream(&iv, a).unwrap();
                    assert_eq!(a, b);
                }
                // GMAC over parts is the AEAD's tag of an empty text.
                let (p, q) = text[..len].split_at(len / 3);
                let empty = theirs
                    .encrypt_inout_detached(&nonce, &text[..len], (&mut [][..]).into())
                    .unwrap();
                assert_eq!(&ours.gmac(&iv, &[p, q]).unwrap()[..], &empty[..]);
            }
        }
        check::<Aes128>(&hex!("000102030405060708090a0b0c0d0e0f"));
        check::<Aes256>(&[0xA5; 32]);
    }

    #[test]
    fn tags_compare_in_every_octet() {
        let a: Tag = core::array::from_fn(|i| i as u8);
        assert!(tags_equal(&a, &a));
        for i in 0..TAG_LEN {
            for bit in 0..8 {
                let mut b = a;
                b[i] ^= 1 << bit;
                assert!(!tags_equal(&a, &b), "octet {i} bit {bit}");
            }
        }
    }
}
