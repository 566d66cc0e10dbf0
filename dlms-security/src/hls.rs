//! HLS authentication: mechanisms 1 to 6 (DLMS UA 1000-2, the authentication mechanisms;
//! IEC 62056-5-3, the mechanism names 2.16.756.5.8.2.M).
//!
//! Low level security (mechanism 1) sends a password in the AARQ; the server compares it
//! with [`verify_password`]. High level security (mechanisms 2 to 7) runs four passes:
//!
//! 1. the client sends a challenge `CtoS` in the AARQ;
//! 2. the server answers with its challenge `StoC` in the AARE;
//! 3. the client sends `f(StoC)` (Association LN method 1, `reply_to_HLS_authentication`),
//!    which the server verifies;
//! 4. the server returns `f(CtoS)`, which the client verifies.
//!
//! Both sides describe the exchange with the same four facts (the two system titles and the
//! two challenges) in an [`Exchange`], built with [`Exchange::client`] or
//! [`Exchange::server`]. [`Hls::respond`] computes the caller's own `f()`: pass 3 for a
//! client, pass 4 for a server. [`Hls::verify`] checks the peer's, in constant time.
//!
//! | M | name | `f(challenge)` |
//! |---|------|----------------|
//! | 2 | manufacturer specific | the caller's [`ManufacturerHls`] |
//! | 3 | MD5 (`legacy` feature) | `MD5(challenge ‖ secret)` |
//! | 4 | SHA-1 (`legacy` feature) | `SHA-1(challenge ‖ secret)` |
//! | 5 | GMAC | `SC ‖ IC ‖ GMAC(SC ‖ AK ‖ challenge)`, IV = own system title ‖ IC |
//! | 6 | SHA-256 | `SHA-256(secret ‖ own title ‖ peer title ‖ peer challenge ‖ own challenge)` |
//! | 7 | ECDSA (`suite1`/`suite2` features) | `r ‖ s` of ECDSA(own title ‖ peer title ‖ peer challenge ‖ own challenge) |
//!
//! Mechanism 7 signs with the caller's signing key and verifies with the peer's public
//! signing key ([`Ecdsa`]): the client signs `ST-C ‖ ST-S ‖ StoC ‖ CtoS`, the server
//! `ST-S ‖ ST-C ‖ CtoS ‖ StoC`, as the gurux-dlms 1.0.203 client computes and checks them
//! (`GXDLMSClient.getApplicationAssociationRequest` and
//! `parseApplicationAssociationResponse`).
//!
//! For mechanism 5 the invocation counter of the response comes from the sender's
//! [`Lease`], like every other counter: an HLS response never reuses an IV either. The
//! verifier returns the peer's counter so that the caller can feed it to its
//! [`crate::replay::ReplayGuard`].
//!
//! ```
//! use dlms_security::hls::{Challenge, Exchange, Hls};
//! use dlms_security::SystemTitle;
//!
//! # fn main() -> Result<(), dlms_security::Error> {
//! let hls = Hls::Sha256 { secret: b"Gurux" };
//! let (client, server) = (SystemTitle(*b"MMM\0\0\0\0\x01"), SystemTitle(*b"MMM\0\0\xBCaN"));
//! let ctos = Challenge::from_slice(b"K56iVagY")?; // from the client's RNG, in the AARQ
//! let stoc = Challenge::from_slice(b"P6wRJ21F")?; // from the server's RNG, in the AARE
//!
//! // Pass 3: the client answers StoC; the server checks it.
//! let f_stoc = hls.respond(&Exchange::client(client, server, &ctos, &stoc), None)?;
//! hls.verify(&Exchange::server(client, server, &ctos, &stoc), f_stoc.as_bytes())?;
//! // Pass 4: the server answers CtoS; the client checks it.
//! let f_ctos = hls.respond(&Exchange::server(client, server, &ctos, &stoc), None)?;
//! hls.verify(&Exchange::client(client, server, &ctos, &stoc), f_ctos.as_bytes())?;
//! # Ok(())
//! # }
//! ```

use core::fmt;

use rand_core::TryCryptoRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub use dlms_apdu::acse::Mechanism;

use crate::counter::Lease;
use crate::error::{Error, Result};
use crate::gcm::{AnyGcm, ApduCipher};
use crate::iv::{InvocationCounter, Iv, SystemTitle};
use crate::key::{AuthenticationKey, GlobalUnicastKey};
use crate::suite::{SecurityControl, SecuritySuite};

/// The contents octets of the object identifier 2.16.756.5.8.2, the arc under which the DLMS
/// authentication mechanism names sit; the mechanism id is the seventh octet.
pub const MECHANISM_NAME_PREFIX: [u8; 6] = [0x60, 0x85, 0x74, 0x05, 0x08, 0x02];

/// The contents octets of the mechanism name 2.16.756.5.8.2.M of `mechanism`, as the AARQ
/// carries them (`8B 07` + these seven octets), or `None` for an id of 128 or more, whose
/// arc would need two octets.
#[must_use]
pub const fn mechanism_name(mechanism: Mechanism) -> Option<[u8; 7]> {
    if mechanism.0 >= 0x80 {
        return None;
    }
    let p = MECHANISM_NAME_PREFIX;
    Some([p[0], p[1], p[2], p[3], p[4], p[5], mechanism.0])
}

/// Compares `expected` with `received` in constant time (for equal lengths; the length is
/// not secret).
fn verify_ct(expected: &[u8], received: &[u8]) -> Result<()> {
    if bool::from(expected.ct_eq(received)) {
        Ok(())
    } else {
        Err(Error::AuthenticationFailed)
    }
}

/// Mechanism 1 (LLS): checks a received password against the expected one.
///
/// Both are hashed with SHA-256 and the digests compared in constant time, so the time taken
/// reveals neither where the passwords differ nor the expected password's length.
///
/// # Errors
/// [`Error::AuthenticationFailed`] if the passwords differ.
pub fn verify_password(expected: &[u8], received: &[u8]) -> Result<()> {
    let e = Sha256::digest(expected);
    let r = Sha256::digest(received);
    verify_ct(e.as_slice(), r.as_slice())
}

/// Writes `bytes` as upper-case hex.
fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for b in bytes {
        write!(f, "{b:02X}")?;
    }
    Ok(())
}

/// An HLS challenge (`CtoS` or `StoC`): 8 to 64 octets, held without allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Challenge {
    bytes: [u8; Self::MAX_LEN],
    len: u8,
}

impl Challenge {
    /// The shortest challenge the mechanisms allow.
    pub const MIN_LEN: usize = 8;
    /// The longest challenge the mechanisms allow.
    pub const MAX_LEN: usize = 64;

    fn check_len(len: usize) -> Result<u8> {
        if (Self::MIN_LEN..=Self::MAX_LEN).contains(&len) {
            u8::try_from(len).map_err(|_| Error::InvalidLength(len))
        } else {
            Err(Error::InvalidLength(len))
        }
    }

    /// A fresh challenge of `len` octets from the caller's cryptographic RNG.
    ///
    /// # Errors
    /// [`Error::InvalidLength`] unless `8 <= len <= 64`; [`Error::Rng`] if the RNG fails.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R, len: usize) -> Result<Self> {
        let n = Self::check_len(len)?;
        let mut bytes = [0u8; Self::MAX_LEN];
        let dst = bytes.get_mut(..len).ok_or(Error::InvalidLength(len))?;
        rng.try_fill_bytes(dst).map_err(|_| Error::Rng)?;
        Ok(Self { bytes, len: n })
    }

    /// A challenge as received (the AARQ calling- or AARE responding-authentication-value).
    ///
    /// # Errors
    /// [`Error::InvalidLength`] unless it has 8 to 64 octets.
    pub fn from_slice(challenge: &[u8]) -> Result<Self> {
        let n = Self::check_len(challenge.len())?;
        let mut bytes = [0u8; Self::MAX_LEN];
        bytes
            .get_mut(..challenge.len())
            .ok_or(Error::InvalidLength(challenge.len()))?
            .copy_from_slice(challenge);
        Ok(Self { bytes, len: n })
    }

    /// The challenge octets.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        // `len` is at most MAX_LEN by construction.
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Debug for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Challenge(")?;
        write_hex(f, self.as_bytes())?;
        f.write_str(")")
    }
}

/// An HLS response `f(challenge)`, held without allocation. Equality is constant time.
#[derive(Clone)]
pub struct Response {
    bytes: [u8; Self::MAX_LEN],
    len: u8,
}

impl Response {
    /// The longest response held: 96 octets, the `r ‖ s` of a P-384 ECDSA signature, the
    /// largest `f()` any mechanism defines.
    pub const MAX_LEN: usize = 96;

    /// A response from its octets (for a [`ManufacturerHls`] implementation).
    ///
    /// # Errors
    /// [`Error::InvalidLength`] if it is longer than [`Response::MAX_LEN`].
    pub fn from_slice(response: &[u8]) -> Result<Self> {
        let len = response.len();
        let mut bytes = [0u8; Self::MAX_LEN];
        bytes
            .get_mut(..len)
            .ok_or(Error::InvalidLength(len))?
            .copy_from_slice(response);
        let len = u8::try_from(len).map_err(|_| Error::InvalidLength(len))?;
        Ok(Self { bytes, len })
    }

    /// The response octets, to send as the `reply_to_HLS_authentication` parameter.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        // `len` is at most MAX_LEN by construction.
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl ConstantTimeEq for Response {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.as_bytes().ct_eq(other.as_bytes())
    }
}

impl PartialEq for Response {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for Response {}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Response(")?;
        write_hex(f, self.as_bytes())?;
        f.write_str(")")
    }
}

/// One party's view of an HLS exchange: who it is, who the peer is, and the two challenges.
///
/// Build it with [`Exchange::client`] or [`Exchange::server`] from the same four facts on
/// both sides. Mechanisms 2 to 4 ignore the system titles (pass [`SystemTitle::default`]
/// when they are unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange<'a> {
    /// The caller's system title.
    pub own_system_title: SystemTitle,
    /// The peer's system title (AARQ calling-AP-title, AARE responding-AP-title).
    pub peer_system_title: SystemTitle,
    /// The challenge the caller sent (`CtoS` for a client, `StoC` for a server).
    pub own_challenge: &'a Challenge,
    /// The challenge the peer sent, the one the caller answers.
    pub peer_challenge: &'a Challenge,
}

impl<'a> Exchange<'a> {
    /// The client's view: it answers `StoC` (pass 3) and checks the server's `f(CtoS)`.
    #[must_use]
    pub const fn client(
        client_system_title: SystemTitle,
        server_system_title: SystemTitle,
        ctos: &'a Challenge,
        stoc: &'a Challenge,
    ) -> Self {
        Self {
            own_system_title: client_system_title,
            peer_system_title: server_system_title,
            own_challenge: ctos,
            peer_challenge: stoc,
        }
    }

    /// The server's view: it checks the client's `f(StoC)` and answers `CtoS` (pass 4).
    #[must_use]
    pub const fn server(
        client_system_title: SystemTitle,
        server_system_title: SystemTitle,
        ctos: &'a Challenge,
        stoc: &'a Challenge,
    ) -> Self {
        Self {
            own_system_title: server_system_title,
            peer_system_title: client_system_title,
            own_challenge: stoc,
            peer_challenge: ctos,
        }
    }

    /// The same exchange seen from the peer: what the peer computes is what the caller
    /// verifies.
    #[must_use]
    pub const fn peer_view(&self) -> Self {
        Self {
            own_system_title: self.peer_system_title,
            peer_system_title: self.own_system_title,
            own_challenge: self.peer_challenge,
            peer_challenge: self.own_challenge,
        }
    }
}

/// Mechanism 2: the manufacturer's own `f()`, which the caller implements.
pub trait ManufacturerHls {
    /// The caller's response to `exchange.peer_challenge`.
    ///
    /// # Errors
    /// Whatever the implementation reports (for example [`Error::InvalidLength`]).
    fn respond(&self, exchange: &Exchange<'_>) -> Result<Response>;

    /// Checks the peer's response. The provided method recomputes what the peer should
    /// have sent (`respond` on [`Exchange::peer_view`]) and compares in constant time;
    /// override it for a mechanism that is not deterministic.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the response does not verify.
    fn verify(&self, exchange: &Exchange<'_>, response: &[u8]) -> Result<()> {
        let expected = self.respond(&exchange.peer_view())?;
        verify_ct(expected.as_bytes(), response)
    }
}

/// Octets of a mechanism 5 response: SC, a four-octet invocation counter and a 12-octet
/// GMAC tag.
pub const GMAC_RESPONSE_LEN: usize = 1 + 4 + 12;

/// Mechanism 5 (HLS GMAC): the suite and the keys, checked against each other.
#[derive(Clone, Copy)]
pub struct Gmac<'a> {
    suite: SecuritySuite,
    encryption_key: &'a GlobalUnicastKey,
    authentication_key: &'a AuthenticationKey,
}

impl fmt::Debug for Gmac<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gmac")
            .field("suite", &self.suite)
            .finish_non_exhaustive()
    }
}

impl<'a> Gmac<'a> {
    /// Mechanism 5 under `suite` with the global unicast encryption key and the
    /// authentication key.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if a key's size is not the suite's (16 octets for suites 0 and
    /// 1, 32 for suite 2).
    pub fn new(
        suite: SecuritySuite,
        encryption_key: &'a GlobalUnicastKey,
        authentication_key: &'a AuthenticationKey,
    ) -> Result<Self> {
        let expected = suite.key_size();
        for size in [encryption_key.size(), authentication_key.size()] {
            if size != expected {
                return Err(Error::KeyLength {
                    expected: expected.octets(),
                    actual: size.octets(),
                });
            }
        }
        Ok(Self {
            suite,
            encryption_key,
            authentication_key,
        })
    }

    /// The security control octet of the response: authentication only, the suite's id.
    #[must_use]
    pub const fn security_control(&self) -> SecurityControl {
        SecurityControl::new(self.suite.id(), true, false)
    }

    /// The response `SC ‖ IC ‖ tag` of the sender `title` at counter `ic` to `challenge`.
    fn response(
        &self,
        title: &SystemTitle,
        ic: InvocationCounter,
        challenge: &Challenge,
    ) -> Result<[u8; GMAC_RESPONSE_LEN]> {
        let sc = self.security_control();
        let aad: [&[u8]; 3] = [
            &[sc.0],
            self.authentication_key.expose_secret(),
            challenge.as_bytes(),
        ];
        // One HLS exchange per association: the key schedule is built here, not kept.
        let tag =
            AnyGcm::new(self.encryption_key.expose_secret())?.gmac(&Iv::new(title, ic), &aad)?;
        let mut out = [0u8; GMAC_RESPONSE_LEN];
        let (head, t) = out.split_at_mut(5);
        let (s, c) = head.split_at_mut(1);
        s.copy_from_slice(&[sc.0]);
        c.copy_from_slice(&ic.to_bytes());
        t.copy_from_slice(&tag);
        Ok(out)
    }

    /// The caller's response to `challenge`, under the IV `own_title ‖ IC` with the next
    /// counter of `lease`.
    ///
    /// # Errors
    /// [`Error::LeaseExhausted`] or [`Error::CounterExhausted`] from the lease (nothing to
    /// send then).
    pub fn respond(
        &self,
        own_title: &SystemTitle,
        lease: &mut Lease,
        challenge: &Challenge,
    ) -> Result<Response> {
        let ic = lease.next_counter()?;
        let out = self.response(own_title, ic, challenge)?;
        Response::from_slice(&out)
    }

    /// Checks the peer's response to `challenge` (the challenge the caller sent) and returns
    /// the peer's invocation counter, for the caller's replay guard.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the response is not 17 octets, carries another
    /// security control octet, or its tag does not verify.
    pub fn verify(
        &self,
        peer_title: &SystemTitle,
        challenge: &Challenge,
        response: &[u8],
    ) -> Result<InvocationCounter> {
        let ic = response
            .get(1..5)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| InvocationCounter(u32::from_be_bytes(b)))
            .ok_or(Error::AuthenticationFailed)?;
        let expected = self.response(peer_title, ic, challenge)?;
        verify_ct(&expected, response)?;
        Ok(ic)
    }
}

/// One hash over the concatenation of `parts`.
fn hash<D: Digest>(parts: &[&[u8]]) -> Result<Response> {
    let mut d = D::new();
    for part in parts {
        d.update(part);
    }
    Response::from_slice(d.finalize().as_slice())
}

/// Mechanism 7 (HLS ECDSA): the caller's signing key and the peer's public signing key, on
/// the curve of the suite (P-256 for suite 1, P-384 for suite 2).
#[cfg(any(feature = "suite1", feature = "suite2"))]
#[derive(Clone, Copy)]
pub struct Ecdsa<'a> {
    signing_key: &'a crate::ecc::PrivateKey,
    peer_key: &'a crate::ecc::PublicKey,
}

#[cfg(any(feature = "suite1", feature = "suite2"))]
impl fmt::Debug for Ecdsa<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ecdsa")
            .field("curve", &self.signing_key.curve())
            .finish_non_exhaustive()
    }
}

/// The longest message mechanism 7 signs: two system titles and two challenges.
#[cfg(any(feature = "suite1", feature = "suite2"))]
const ECDSA_MESSAGE_MAX: usize = 2 * SystemTitle::LEN + 2 * Challenge::MAX_LEN;

#[cfg(any(feature = "suite1", feature = "suite2"))]
impl<'a> Ecdsa<'a> {
    /// Mechanism 7 with the caller's `signing_key` and the peer's public signing key.
    ///
    /// # Errors
    /// [`Error::CurveMismatch`] if the two keys are on different curves.
    pub fn new(
        signing_key: &'a crate::ecc::PrivateKey,
        peer_key: &'a crate::ecc::PublicKey,
    ) -> Result<Self> {
        if signing_key.curve() == peer_key.curve() {
            Ok(Self {
                signing_key,
                peer_key,
            })
        } else {
            Err(Error::CurveMismatch)
        }
    }

    /// The curve of both keys.
    #[must_use]
    pub fn curve(&self) -> crate::ecc::Curve {
        self.signing_key.curve()
    }

    /// `signer title ‖ other title ‖ challenge answered ‖ signer's own challenge`, as the
    /// party described by `exchange` signs it.
    fn message(exchange: &Exchange<'_>) -> Result<([u8; ECDSA_MESSAGE_MAX], usize)> {
        let mut buf = [0u8; ECDSA_MESSAGE_MAX];
        let mut len = 0usize;
        for part in [
            exchange.own_system_title.as_bytes(),
            exchange.peer_system_title.as_bytes(),
            exchange.peer_challenge.as_bytes(),
            exchange.own_challenge.as_bytes(),
        ] {
            let end = len.saturating_add(part.len());
            buf.get_mut(len..end)
                .ok_or(Error::InvalidLength(end))?
                .copy_from_slice(part);
            len = end;
        }
        Ok((buf, len))
    }

    /// The caller's signature: over `ST-C ‖ ST-S ‖ StoC ‖ CtoS` for a client (pass 3),
    /// `ST-S ‖ ST-C ‖ CtoS ‖ StoC` for a server (pass 4).
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] in the negligible case the signer fails.
    pub fn respond(&self, exchange: &Exchange<'_>) -> Result<Response> {
        let (buf, len) = Self::message(exchange)?;
        let signature = self
            .signing_key
            .sign(buf.get(..len).ok_or(Error::InvalidLength(len))?)?;
        Response::from_slice(signature.as_slice())
    }

    /// Checks the peer's signature (`response`, `r ‖ s`) with the peer's public key over
    /// what the peer signs.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if it does not verify or has the wrong length.
    pub fn verify(&self, exchange: &Exchange<'_>, response: &[u8]) -> Result<()> {
        let (buf, len) = Self::message(&exchange.peer_view())?;
        self.peer_key
            .verify_raw(buf.get(..len).ok_or(Error::InvalidLength(len))?, response)
    }
}

/// An HLS mechanism with the caller's secret or keys: mechanisms 2 to 7.
///
/// Secrets are borrowed, never copied. `Debug` prints only the mechanism.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Hls<'a> {
    /// Mechanism 2, manufacturer specific.
    Manufacturer(&'a dyn ManufacturerHls),
    /// Mechanism 3: `MD5(challenge ‖ secret)`. Broken hash; only for old meters.
    #[cfg(feature = "legacy")]
    Md5 {
        /// The HLS secret.
        secret: &'a [u8],
    },
    /// Mechanism 4: `SHA-1(challenge ‖ secret)`. Broken hash; only for old meters.
    #[cfg(feature = "legacy")]
    Sha1 {
        /// The HLS secret.
        secret: &'a [u8],
    },
    /// Mechanism 5, GMAC.
    Gmac(Gmac<'a>),
    /// Mechanism 6: `SHA-256(secret ‖ own title ‖ peer title ‖ peer challenge ‖ own
    /// challenge)`.
    Sha256 {
        /// The HLS secret.
        secret: &'a [u8],
    },
    /// Mechanism 7, ECDSA (features `suite1`, `suite2`).
    #[cfg(any(feature = "suite1", feature = "suite2"))]
    Ecdsa(Ecdsa<'a>),
}

impl fmt::Debug for Hls<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hls({}, redacted)", self.mechanism())
    }
}

impl Hls<'_> {
    /// The mechanism id.
    #[must_use]
    pub const fn mechanism(&self) -> Mechanism {
        match self {
            Self::Manufacturer(_) => Mechanism::HIGH_LEVEL_SECURITY,
            #[cfg(feature = "legacy")]
            Self::Md5 { .. } => Mechanism::HIGH_LEVEL_SECURITY_MD5,
            #[cfg(feature = "legacy")]
            Self::Sha1 { .. } => Mechanism::HIGH_LEVEL_SECURITY_SHA1,
            Self::Gmac(_) => Mechanism::HIGH_LEVEL_SECURITY_GMAC,
            Self::Sha256 { .. } => Mechanism::HIGH_LEVEL_SECURITY_SHA256,
            #[cfg(any(feature = "suite1", feature = "suite2"))]
            Self::Ecdsa(_) => Mechanism::HIGH_LEVEL_SECURITY_ECDSA,
        }
    }

    /// The caller's `f(peer challenge)`: `f(StoC)` for a client (pass 3), `f(CtoS)` for a
    /// server (pass 4).
    ///
    /// Mechanism 5 draws its invocation counter from `lease`; the others ignore it.
    ///
    /// # Errors
    /// For mechanism 5, [`Error::LeaseExhausted`] when `lease` is `None` or used up and
    /// [`Error::CounterExhausted`] when the key's counters are; for mechanism 2, what the
    /// caller's implementation reports.
    pub fn respond(&self, exchange: &Exchange<'_>, lease: Option<&mut Lease>) -> Result<Response> {
        match self {
            Self::Manufacturer(m) => m.respond(exchange),
            #[cfg(feature = "legacy")]
            Self::Md5 { secret } => hash::<md5::Md5>(&[exchange.peer_challenge.as_bytes(), secret]),
            #[cfg(feature = "legacy")]
            Self::Sha1 { secret } => {
                hash::<sha1::Sha1>(&[exchange.peer_challenge.as_bytes(), secret])
            }
            Self::Gmac(g) => g.respond(
                &exchange.own_system_title,
                lease.ok_or(Error::LeaseExhausted)?,
                exchange.peer_challenge,
            ),
            Self::Sha256 { secret } => hash::<Sha256>(&[
                secret,
                exchange.own_system_title.as_bytes(),
                exchange.peer_system_title.as_bytes(),
                exchange.peer_challenge.as_bytes(),
                exchange.own_challenge.as_bytes(),
            ]),
            #[cfg(any(feature = "suite1", feature = "suite2"))]
            Self::Ecdsa(e) => e.respond(exchange),
        }
    }

    /// Checks the peer's response to the caller's challenge: `f(StoC)` on a server (pass
    /// 3), `f(CtoS)` on a client (pass 4). The comparison is constant time.
    ///
    /// Returns the peer's invocation counter for mechanism 5 (feed it to the replay guard),
    /// `None` for the others.
    ///
    /// # Errors
    /// [`Error::AuthenticationFailed`] if the response does not verify (a wrong secret or
    /// key, another system title or challenge, a changed or truncated response).
    pub fn verify(
        &self,
        exchange: &Exchange<'_>,
        response: &[u8],
    ) -> Result<Option<InvocationCounter>> {
        match self {
            Self::Manufacturer(m) => m.verify(exchange, response).map(|()| None),
            Self::Gmac(g) => g
                .verify(
                    &exchange.peer_system_title,
                    exchange.own_challenge,
                    response,
                )
                .map(Some),
            #[cfg(any(feature = "suite1", feature = "suite2"))]
            Self::Ecdsa(e) => e.verify(exchange, response).map(|()| None),
            _ => {
                let expected = self.respond(&exchange.peer_view(), None)?;
                verify_ct(expected.as_bytes(), response).map(|()| None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn mechanism_names() {
        assert_eq!(
            mechanism_name(Mechanism::HIGH_LEVEL_SECURITY_GMAC),
            Some([0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x05])
        );
        assert_eq!(mechanism_name(Mechanism(0x80)), None);
    }

    #[test]
    fn challenge_lengths() {
        assert_eq!(Challenge::from_slice(&[0; 7]), Err(Error::InvalidLength(7)));
        assert_eq!(
            Challenge::from_slice(&[0; 65]),
            Err(Error::InvalidLength(65))
        );
        assert_eq!(Challenge::from_slice(&[1; 8]).unwrap().as_bytes(), &[1; 8]);
        assert_eq!(
            Response::from_slice(&[0; 97]).unwrap_err(),
            Error::InvalidLength(97)
        );
    }
}
