//! The Security setup (class 64) `key_agreement` method: the Ephemeral Unified Model
//! C(2e, 0s, ECC CDH) of NIST SP 800-56A as DLMS UA 1000-2 (the security suites, Annex C)
//! uses it to agree new global keys.
//!
//! For every key it wants to replace, the client generates an ephemeral key pair and sends
//! `key_id`, its ephemeral public key and the ECDSA signature of `key_id || X || Y` made with
//! its signing key. The server verifies each signature with the client's signing public key
//! before it uses the key, answers in the same shape with its own ephemeral keys signed with
//! its signing key, and both sides compute
//! `Z = ECDH(own ephemeral, peer ephemeral)` and the key
//! `KDF(Z, AlgorithmID || system title of the client || system title of the server)`
//! ([`crate::kdf`]).
//!
//! The method data, request and response alike, is an A-XDR
//! `array of structure { key_id: enum, key_data: octet-string }` where `key_data` is the
//! ephemeral public key `X || Y` followed by the signature `r || s` (128 octets on P-256,
//! 192 on P-384). Gurux.DLMS.Net builds the request in this layout and parses the response in
//! the same layout, checking the signature over `key_id || X || Y` with the server's signing
//! key (`Development/Objects/GXDLMSSecuritySetup.cs`, `KeyAgreement` and
//! `UpdateEphemeralKeys`, @0a04c3db151c).
//!
//! The client side is [`KeyAgreementRequest`]: it holds the ephemeral private keys (zeroized
//! on drop, not `Clone`) from [`add`](KeyAgreementRequest::add) until
//! [`finish`](KeyAgreementRequest::finish) verifies the server's response. The server side
//! is [`respond`]. Each side verifies every signature of the peer before it computes any
//! shared secret; a single bad entry fails the whole exchange and derives no key.
//!
//! ```
//! # #[cfg(feature = "suite1")]
//! # fn main() -> Result<(), dlms_security::Error> {
//! use dlms_security::ecc::{Curve, PrivateKey};
//! use dlms_security::key_agreement::{KeyAgreementRequest, MAX_DATA_LEN, respond};
//! use dlms_security::{KeyId, SecuritySuite, SystemTitle};
//! use rand_core::SeedableRng;
//!
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // use an OS-seeded CSPRNG
//! let client_signing = PrivateKey::generate(Curve::P256, &mut rng)?;
//! let server_signing = PrivateKey::generate(Curve::P256, &mut rng)?;
//! let (client, server) = (SystemTitle(*b"MMM\0\0\xBCaN"), SystemTitle(*b"MMM\0\0\0\0\x01"));
//!
//! // The client asks for a new global unicast encryption key.
//! let mut request = KeyAgreementRequest::new(SecuritySuite::Suite1)?;
//! request.add(KeyId::GlobalUnicastEncryption, &client_signing, &mut rng)?;
//! let mut buf = [0u8; MAX_DATA_LEN];
//! let n = request.emit(&mut buf)?;
//! let req = &buf[..n];
//!
//! // The server verifies, answers and has its key.
//! let (response, server_keys) = respond(
//!     SecuritySuite::Suite1, req, &client_signing.public_key(), &server_signing,
//!     &client, &server, &mut rng,
//! )?;
//! let mut buf = [0u8; MAX_DATA_LEN];
//! let n = response.emit(&mut buf)?;
//! let rsp = &buf[..n];
//!
//! // The client verifies the answer and derives the same key.
//! let client_keys = request.finish(rsp, &server_signing.public_key(), &client, &server)?;
//! let k = KeyId::GlobalUnicastEncryption;
//! assert_eq!(
//!     client_keys.get(k).map(|k| k.expose_secret()),
//!     server_keys.get(k).map(|k| k.expose_secret()),
//! );
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "suite1"))]
//! # fn main() {}
//! ```

use core::fmt;

use dlms_apdu::data::DataRef;
use rand_core::TryCryptoRng;

use crate::ecc::{Curve, MAX_PUBLIC_KEY_LEN, MAX_SIGNATURE_LEN, PrivateKey, PublicKey, Signature};
use crate::error::{Error, Result};
use crate::iv::SystemTitle;
use crate::kdf::{self, AgreedKey, AlgorithmId};
use crate::kw::KeyId;
use crate::suite::SecuritySuite;

/// Most entries in one `key_agreement` call: one for each of the four key ids.
pub const MAX_ENTRIES: usize = 4;

/// Octets of the largest `key_data`: a P-384 public key and signature.
pub const MAX_KEY_DATA_LEN: usize = MAX_PUBLIC_KEY_LEN + MAX_SIGNATURE_LEN;

/// Octets of an entry's encoding with a `key_data` of `key_data_len` octets:
/// structure tag and count, enum tag and value, octet-string tag, length and contents.
const fn entry_len(key_data_len: usize) -> usize {
    5usize
        .saturating_add(length_len(key_data_len))
        .saturating_add(key_data_len)
}

/// Octets of an A-XDR length of `len` (at most 255 here).
const fn length_len(len: usize) -> usize {
    if len < 0x80 { 1 } else { 2 }
}

/// Octets of the largest method data [`KeyAgreementRequest::emit`] or
/// [`KeyAgreementResponse::emit`] writes: four P-384 entries.
pub const MAX_DATA_LEN: usize = MAX_ENTRIES
    .saturating_mul(entry_len(MAX_KEY_DATA_LEN))
    .saturating_add(2);

/// The message a party signs for one entry: `key_id || X || Y` of its ephemeral public key
/// (Green Book Table C.1, the signature of the client's ephemeral public key for key id 0).
///
/// # Errors
/// None in practice: the public key always fits (the `Result` keeps the arithmetic checked).
pub fn signed_message(key_id: KeyId, ephemeral: &PublicKey) -> Result<SignedMessage> {
    let xy = ephemeral.to_xy();
    let mut bytes = [0u8; 1 + MAX_PUBLIC_KEY_LEN];
    let len = xy.len().saturating_add(1);
    let dst = bytes.get_mut(..len).ok_or(Error::InvalidLength(len))?;
    let (id, rest) = dst.split_at_mut(1);
    id.copy_from_slice(&[key_id.value()]);
    rest.copy_from_slice(&xy);
    Ok(SignedMessage { bytes, len })
}

/// The octets `key_id || X || Y` a party signs, built by [`signed_message`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SignedMessage {
    bytes: [u8; 1 + MAX_PUBLIC_KEY_LEN],
    len: usize,
}

impl SignedMessage {
    /// The octets.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl fmt::Debug for SignedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SignedMessage(")?;
        for b in self.as_slice() {
            write!(f, "{b:02X}")?;
        }
        f.write_str(")")
    }
}

/// The AlgorithmID of the key derivation for the key `key_id` under `suite`: AES-GCM
/// (2.16.756.5.8.3.0/1) for the encryption and authentication keys, AES key wrap
/// (2.16.756.5.8.3.2/3) for the master key, which wraps keys.
///
/// Gurux.DLMS.Net derives every key agreed this way with AES-GCM-128 and keeps 16 octets
/// (`GXDLMSSecuritySetup.cs`, `UpdateEphemeralKeys`, @0a04c3db151c), which is the same as
/// this choice for the global unicast key of suite 1, the only case its server accepts.
#[must_use]
pub const fn algorithm_id(key_id: KeyId, suite: SecuritySuite) -> AlgorithmId {
    match key_id {
        KeyId::Master => AlgorithmId::wrap(suite),
        KeyId::GlobalUnicastEncryption
        | KeyId::GlobalBroadcastEncryption
        | KeyId::Authentication => AlgorithmId::gcm(suite),
    }
}

/// One entry of the method data as received: the key id and the `key_data` octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Which key the entry agrees.
    pub key_id: KeyId,
    /// The ephemeral public key `X || Y` followed by its signature `r || s`.
    pub key_data: &'a [u8],
}

impl Entry<'_> {
    /// Splits the key data into the ephemeral public key and the signature, checking that
    /// the point is on `curve`.
    ///
    /// # Errors
    /// [`Error::InvalidKeyAgreementData`] if `key_data` is not a public key and a signature
    /// of `curve`; [`Error::InvalidPublicKey`] for a point not on the curve.
    pub fn split(&self, curve: Curve) -> Result<(PublicKey, Signature)> {
        let n = curve.public_key_len();
        if self.key_data.len() != n.saturating_add(curve.signature_len()) {
            return Err(Error::InvalidKeyAgreementData);
        }
        let (xy, rs) = self.key_data.split_at(n);
        let public = PublicKey::from_xy(curve, xy)?;
        let signature =
            Signature::from_slice(curve, rs).map_err(|_| Error::InvalidKeyAgreementData)?;
        Ok((public, signature))
    }

    /// Verifies the signature over `key_id || X || Y` with the peer's signing key and returns
    /// the ephemeral public key.
    ///
    /// # Errors
    /// As [`split`](Self::split); [`Error::CurveMismatch`] if `signer` is on another curve;
    /// [`Error::AuthenticationFailed`] if the signature does not verify.
    pub fn verify(&self, signer: &PublicKey) -> Result<PublicKey> {
        let (public, signature) = self.split(signer.curve())?;
        signer.verify(signed_message(self.key_id, &public)?.as_slice(), &signature)?;
        Ok(public)
    }
}

/// The method data of a `key_agreement` request or response, parsed and checked: an array
/// of one to four structures `{ key_id: enum, key_data: octet-string }` with distinct, known
/// key ids. Borrows the input.
#[derive(Debug, Clone, Copy)]
pub struct KeyAgreementData<'a> {
    entries: [Option<Entry<'a>>; MAX_ENTRIES],
}

impl<'a> KeyAgreementData<'a> {
    /// Parses the method data, which must fill `input`.
    ///
    /// # Errors
    /// [`Error::Decode`] for A-XDR that does not parse; [`Error::InvalidKeyAgreementData`]
    /// for another shape, no entry or more than four, a key id outside 0..=3 or one that
    /// appears twice.
    pub fn parse(input: &'a [u8]) -> Result<Self> {
        let DataRef::Array(items) = DataRef::parse_exact(input)? else {
            return Err(Error::InvalidKeyAgreementData);
        };
        if items.is_empty() || items.len() > MAX_ENTRIES {
            return Err(Error::InvalidKeyAgreementData);
        }
        let mut entries = [None; MAX_ENTRIES];
        for (slot, item) in entries.iter_mut().zip(items.iter()) {
            let DataRef::Structure(fields) = item else {
                return Err(Error::InvalidKeyAgreementData);
            };
            let mut it = fields.iter();
            let (Some(DataRef::Enum(id)), Some(DataRef::OctetString(key_data)), None) =
                (it.next(), it.next(), it.next())
            else {
                return Err(Error::InvalidKeyAgreementData);
            };
            *slot = Some(Entry {
                key_id: KeyId::from_value(id).ok_or(Error::InvalidKeyAgreementData)?,
                key_data,
            });
        }
        let data = Self { entries };
        for (i, a) in data.iter().enumerate() {
            if data
                .iter()
                .skip(i.saturating_add(1))
                .any(|b| b.key_id == a.key_id)
            {
                return Err(Error::InvalidKeyAgreementData);
            }
        }
        Ok(data)
    }

    /// Number of entries (1 to 4).
    #[must_use]
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Always `false`: parsing rejects an empty array.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        self.entries.iter().flatten().copied()
    }
}

/// Writes `array of structure { enum, octet-string }` for `entries` into `out`.
fn emit_entries<'e>(
    entries: impl Iterator<Item = (KeyId, &'e [u8])> + Clone,
    out: &mut [u8],
) -> Result<usize> {
    let needed = data_len(entries.clone());
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let count = entries.clone().count();
    let mut pos = 0usize;
    let mut put = |bytes: &[u8]| -> Result<()> {
        let end = pos.saturating_add(bytes.len());
        out.get_mut(pos..end)
            .ok_or(Error::BufferTooSmall { needed })?
            .copy_from_slice(bytes);
        pos = end;
        Ok(())
    };
    put(&[
        0x01,
        u8::try_from(count).map_err(|_| Error::InvalidLength(count))?,
    ])?;
    for (key_id, key_data) in entries {
        let len = u8::try_from(key_data.len()).map_err(|_| Error::InvalidLength(key_data.len()))?;
        put(&[0x02, 0x02, 0x16, key_id.value(), 0x09])?;
        if len >= 0x80 {
            put(&[0x81, len])?;
        } else {
            put(&[len])?;
        }
        put(key_data)?;
    }
    Ok(pos)
}

/// Octets [`emit_entries`] writes.
fn data_len<'e>(entries: impl Iterator<Item = (KeyId, &'e [u8])>) -> usize {
    entries.fold(2usize, |n, (_, d)| n.saturating_add(entry_len(d.len())))
}

/// One entry a party sends: the key id and `X || Y || r || s`.
#[derive(Clone, Copy)]
struct Outgoing {
    key_id: KeyId,
    key_data: [u8; MAX_KEY_DATA_LEN],
    len: usize,
}

impl Outgoing {
    /// Generates nothing: signs `key_id || X || Y` of `ephemeral` with `signing_key`.
    fn new(key_id: KeyId, ephemeral: &PrivateKey, signing_key: &PrivateKey) -> Result<Self> {
        let public = ephemeral.public_key();
        let signature = signing_key.sign(signed_message(key_id, &public)?.as_slice())?;
        let xy = public.to_xy();
        let len = xy.len().saturating_add(signature.as_slice().len());
        let mut key_data = [0u8; MAX_KEY_DATA_LEN];
        let dst = key_data.get_mut(..len).ok_or(Error::InvalidLength(len))?;
        let (a, b) = dst.split_at_mut(xy.len());
        a.copy_from_slice(&xy);
        b.copy_from_slice(signature.as_slice());
        Ok(Self {
            key_id,
            key_data,
            len,
        })
    }

    fn pair(&self) -> (KeyId, &[u8]) {
        (self.key_id, self.key_data.get(..self.len).unwrap_or(&[]))
    }
}

/// The curve of `suite`, whose signing key must be on it.
fn curve_of(suite: SecuritySuite, signing_curve: Curve) -> Result<Curve> {
    let curve = Curve::for_suite(suite)?;
    if curve == signing_curve {
        Ok(curve)
    } else {
        Err(Error::CurveMismatch)
    }
}

/// Derives the key `key_id` from the two ephemeral keys.
fn derive(
    suite: SecuritySuite,
    key_id: KeyId,
    own_ephemeral: &PrivateKey,
    peer_ephemeral: &PublicKey,
    client: &SystemTitle,
    server: &SystemTitle,
) -> Result<AgreedKey> {
    let z = own_ephemeral.diffie_hellman(peer_ephemeral)?;
    let info = kdf::other_info(
        algorithm_id(key_id, suite),
        client.as_bytes(),
        None,
        server.as_bytes(),
    )?;
    kdf::derive(suite, &z, info.as_slice(), suite.key_size())
}

/// The keys agreed by one `key_agreement` exchange, by key id. Each is zeroized on drop.
#[derive(Default)]
pub struct AgreedKeys {
    keys: [Option<(KeyId, AgreedKey)>; MAX_ENTRIES],
}

impl AgreedKeys {
    fn push(&mut self, key_id: KeyId, key: AgreedKey) -> Result<()> {
        let slot = self
            .keys
            .iter_mut()
            .find(|s| s.is_none())
            .ok_or(Error::InvalidKeyAgreementData)?;
        *slot = Some((key_id, key));
        Ok(())
    }

    /// The agreed key `key_id`, if the exchange agreed it.
    #[must_use]
    pub fn get(&self, key_id: KeyId) -> Option<&AgreedKey> {
        self.iter().find(|(id, _)| *id == key_id).map(|(_, k)| k)
    }

    /// Takes the agreed key `key_id` out (to convert it into its typed key).
    pub fn take(&mut self, key_id: KeyId) -> Option<AgreedKey> {
        self.keys
            .iter_mut()
            .find(|s| s.as_ref().is_some_and(|(id, _)| *id == key_id))
            .and_then(Option::take)
            .map(|(_, k)| k)
    }

    /// The agreed keys, in the order of the request.
    pub fn iter(&self) -> impl Iterator<Item = (KeyId, &AgreedKey)> {
        self.keys.iter().flatten().map(|(id, k)| (*id, k))
    }

    /// Number of keys held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no key is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for AgreedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The client side of `key_agreement`: the request being built and the ephemeral private
/// keys it needs to derive the keys from the server's answer.
///
/// Not `Clone`; the ephemeral keys are zeroized when it is dropped (after
/// [`finish`](Self::finish), or when the exchange is abandoned).
pub struct KeyAgreementRequest {
    suite: SecuritySuite,
    curve: Curve,
    entries: [Option<(Outgoing, PrivateKey)>; MAX_ENTRIES],
}

impl fmt::Debug for KeyAgreementRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyAgreementRequest")
            .field("suite", &self.suite)
            .field("key_ids", &self.key_ids().collect::<Entries>())
            .finish_non_exhaustive()
    }
}

/// Key ids for `Debug`.
struct Entries([Option<KeyId>; MAX_ENTRIES]);

impl FromIterator<KeyId> for Entries {
    fn from_iter<I: IntoIterator<Item = KeyId>>(iter: I) -> Self {
        let mut ids = [None; MAX_ENTRIES];
        for (slot, id) in ids.iter_mut().zip(iter) {
            *slot = Some(id);
        }
        Self(ids)
    }
}

impl fmt::Debug for Entries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().flatten()).finish()
    }
}

impl KeyAgreementRequest {
    /// An empty request under `suite` (1 or 2).
    ///
    /// # Errors
    /// [`Error::UnsupportedSuite`] for suite 0 or a suite whose feature is off.
    pub fn new(suite: SecuritySuite) -> Result<Self> {
        Ok(Self {
            suite,
            curve: Curve::for_suite(suite)?,
            entries: [None, None, None, None],
        })
    }

    /// Adds the key `key_id`: generates an ephemeral key pair from `rng` and signs
    /// `key_id || X || Y` with the client's `signing_key`.
    ///
    /// # Errors
    /// [`Error::CurveMismatch`] if `signing_key` is not on the suite's curve;
    /// [`Error::InvalidKeyAgreementData`] if `key_id` is already in the request;
    /// [`Error::Rng`] if the RNG fails.
    pub fn add<R: TryCryptoRng + ?Sized>(
        &mut self,
        key_id: KeyId,
        signing_key: &PrivateKey,
        rng: &mut R,
    ) -> Result<()> {
        curve_of(self.suite, signing_key.curve())?;
        if self.key_ids().any(|id| id == key_id) {
            return Err(Error::InvalidKeyAgreementData);
        }
        let slot = self
            .entries
            .iter_mut()
            .find(|s| s.is_none())
            .ok_or(Error::InvalidKeyAgreementData)?;
        let ephemeral = PrivateKey::generate(self.curve, rng)?;
        let out = Outgoing::new(key_id, &ephemeral, signing_key)?;
        *slot = Some((out, ephemeral));
        Ok(())
    }

    /// The suite.
    #[must_use]
    pub const fn suite(&self) -> SecuritySuite {
        self.suite
    }

    /// The key ids requested, in order.
    pub fn key_ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.entries.iter().flatten().map(|(o, _)| o.key_id)
    }

    fn pairs(&self) -> impl Iterator<Item = (KeyId, &[u8])> + Clone {
        self.entries.iter().flatten().map(|(o, _)| o.pair())
    }

    /// Octets of the method data [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        data_len(self.pairs())
    }

    /// Writes the method data (the `key_agreement` parameter) into `out`.
    ///
    /// # Errors
    /// [`Error::InvalidKeyAgreementData`] if no key was added; [`Error::BufferTooSmall`] if
    /// `out` is shorter than [`buffer_len`](Self::buffer_len).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        if self.pairs().next().is_none() {
            return Err(Error::InvalidKeyAgreementData);
        }
        emit_entries(self.pairs(), out)
    }

    /// The method data in a new vector.
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.buffer_len()];
        let n = self.emit(&mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Verifies the server's response (the method's return data) and derives the keys.
    ///
    /// The response must answer every requested key id, in the order of the request, each
    /// with an ephemeral public key signed by `server_signing_key`. Every signature is
    /// checked before any shared secret is computed.
    ///
    /// # Errors
    /// [`Error::Decode`] or [`Error::InvalidKeyAgreementData`] for a malformed response or
    /// one that does not answer the request's key ids in order; [`Error::InvalidPublicKey`]
    /// for a point not on the curve; [`Error::CurveMismatch`] if `server_signing_key` is on
    /// another curve; [`Error::AuthenticationFailed`] if a signature does not verify.
    pub fn finish(
        self,
        response: &[u8],
        server_signing_key: &PublicKey,
        client: &SystemTitle,
        server: &SystemTitle,
    ) -> Result<AgreedKeys> {
        curve_of(self.suite, server_signing_key.curve())?;
        let data = KeyAgreementData::parse(response)?;
        if data.len() != self.key_ids().count()
            || data
                .iter()
                .zip(self.key_ids())
                .any(|(e, id)| e.key_id != id)
        {
            return Err(Error::InvalidKeyAgreementData);
        }
        let mut peers: [Option<PublicKey>; MAX_ENTRIES] = [None, None, None, None];
        for (slot, entry) in peers.iter_mut().zip(data.iter()) {
            *slot = Some(entry.verify(server_signing_key)?);
        }
        let mut keys = AgreedKeys::default();
        for ((out, ephemeral), peer) in self.entries.iter().flatten().zip(peers.iter().flatten()) {
            let key = derive(self.suite, out.key_id, ephemeral, peer, client, server)?;
            keys.push(out.key_id, key)?;
        }
        Ok(keys)
    }
}

/// The server's answer to a `key_agreement` request: the method's return data, built by
/// [`respond`]. Holds only public values.
#[derive(Clone, Copy)]
pub struct KeyAgreementResponse {
    entries: [Option<Outgoing>; MAX_ENTRIES],
}

impl fmt::Debug for KeyAgreementResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyAgreementResponse")
            .field(
                "key_ids",
                &self
                    .entries
                    .iter()
                    .flatten()
                    .map(|o| o.key_id)
                    .collect::<Entries>(),
            )
            .finish_non_exhaustive()
    }
}

impl KeyAgreementResponse {
    fn pairs(&self) -> impl Iterator<Item = (KeyId, &[u8])> + Clone {
        self.entries.iter().flatten().map(Outgoing::pair)
    }

    /// Octets of the return data [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        data_len(self.pairs())
    }

    /// Writes the return data into `out`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`buffer_len`](Self::buffer_len).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        emit_entries(self.pairs(), out)
    }

    /// The return data in a new vector.
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.buffer_len()];
        let n = self.emit(&mut out)?;
        out.truncate(n);
        Ok(out)
    }
}

/// The server side of `key_agreement`: verifies every entry of the client's `request` with
/// `client_signing_key`, then for each generates an ephemeral key pair from `rng`, signs it
/// with `server_signing_key`, and derives the key. Returns the answer to send and the
/// agreed keys (to put in use once the answer is sent). The server's ephemeral private keys
/// are dropped, and zeroized, before it returns.
///
/// # Errors
/// [`Error::Decode`] or [`Error::InvalidKeyAgreementData`] for a malformed request;
/// [`Error::InvalidPublicKey`] for a point not on the curve; [`Error::CurveMismatch`] if a
/// signing key is not on the suite's curve; [`Error::AuthenticationFailed`] if a signature
/// does not verify; [`Error::Rng`] if the RNG fails; [`Error::UnsupportedSuite`] for suite 0.
pub fn respond<R: TryCryptoRng + ?Sized>(
    suite: SecuritySuite,
    request: &[u8],
    client_signing_key: &PublicKey,
    server_signing_key: &PrivateKey,
    client: &SystemTitle,
    server: &SystemTitle,
    rng: &mut R,
) -> Result<(KeyAgreementResponse, AgreedKeys)> {
    let curve = curve_of(suite, client_signing_key.curve())?;
    curve_of(suite, server_signing_key.curve())?;
    let data = KeyAgreementData::parse(request)?;
    let mut peers: [Option<(KeyId, PublicKey)>; MAX_ENTRIES] = [None, None, None, None];
    for (slot, entry) in peers.iter_mut().zip(data.iter()) {
        *slot = Some((entry.key_id, entry.verify(client_signing_key)?));
    }
    let mut response = KeyAgreementResponse {
        entries: [None; MAX_ENTRIES],
    };
    let mut keys = AgreedKeys::default();
    for (slot, (key_id, peer)) in response.entries.iter_mut().zip(peers.iter().flatten()) {
        let ephemeral = PrivateKey::generate(curve, rng)?;
        *slot = Some(Outgoing::new(*key_id, &ephemeral, server_signing_key)?);
        keys.push(
            *key_id,
            derive(suite, *key_id, &ephemeral, peer, client, server)?,
        )?;
    }
    Ok((response, keys))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(entry_len(128), 2 + 2 + 1 + 2 + 128);
        assert_eq!(MAX_DATA_LEN, 2 + 4 * (7 + 192));
    }

    #[test]
    fn parse_rejects_shapes() {
        // Empty array, unknown key id, duplicate key id, wrong field types.
        for bad in [
            &[0x01, 0x00][..],
            &[0x01, 0x01, 0x02, 0x02, 0x16, 0x04, 0x09, 0x00],
            &[
                0x01, 0x02, 0x02, 0x02, 0x16, 0x00, 0x09, 0x00, 0x02, 0x02, 0x16, 0x00, 0x09, 0x00,
            ],
            &[0x01, 0x01, 0x02, 0x02, 0x11, 0x00, 0x09, 0x00],
            &[0x01, 0x01, 0x02, 0x01, 0x16, 0x00],
            &[0x02, 0x02, 0x16, 0x00, 0x09, 0x00],
        ] {
            assert_eq!(
                KeyAgreementData::parse(bad).err(),
                Some(Error::InvalidKeyAgreementData),
                "{bad:02X?}"
            );
        }
        let ok = KeyAgreementData::parse(&[0x01, 0x01, 0x02, 0x02, 0x16, 0x02, 0x09, 0x01, 0xAA])
            .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(
            ok.iter().next(),
            Some(Entry {
                key_id: KeyId::Authentication,
                key_data: &[0xAA]
            })
        );
        assert!(matches!(
            KeyAgreementData::parse(&[0x01, 0x01, 0x02]),
            Err(Error::Decode(_))
        ));
    }
}
