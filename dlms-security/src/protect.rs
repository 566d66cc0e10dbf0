//! Protecting and unprotecting the ciphered APDU envelopes.
//!
//! A [`SecurityContext`] holds what one party needs to protect and unprotect APDUs under
//! security suite 0, 1 or 2: the suite, its own system title, the ciphers built once from
//! the global unicast, global broadcast and dedicated keys, and the authentication key.
//! It covers every envelope of [`dlms_apdu::ciphered`] that a symmetric key protects:
//!
//! - the service-specific `glo-` and `ded-` APDUs (the tag follows from the plain APDU's tag
//!   and the key set, see [`CipheredKind`]);
//! - general-glo-ciphering (`DB`) and general-ded-ciphering (`DC`), with the sender's system
//!   title carried or left empty.
//!
//! The security control octet selects the protection (DLMS UA 1000-2, the security
//! suites; `AK` is the authentication key, `IV` = system title || invocation counter):
//!
//! | SC bits | protection | authenticated data | sent |
//! |---|---|---|---|
//! | 4 | authentication only | `SC \|\| AK \|\| plaintext` | plaintext, tag |
//! | 5 | encryption only | none | ciphertext |
//! | 4 and 5 | authenticated encryption | `SC \|\| AK` | ciphertext, tag |
//!
//! Bit 6 selects the broadcast key instead of the unicast key (glo- forms only; the `ded-`
//! forms always use the dedicated key); bit 7, compression, is refused with
//! [`Error::CompressionUnsupported`].
//!
//! # Counters and replay
//!
//! A sender draws each invocation counter from a [`Lease`], never from a number it keeps
//! itself (see [`crate::counter`]). A receiver passes a [`ReplayGuard`]: the counter is
//! checked before anything is decrypted and recorded only after the tag verified, so a
//! forged APDU with a high counter cannot lock out the genuine sender.
//!
//! **Encryption-only APDUs** (SC bit 5 without bit 4) carry no tag, so nothing proves that
//! their counter is genuine. The guard still refuses one whose counter is not above the last
//! accepted, and records the counter of one it lets through: without that, every
//! encryption-only push (the usual mode of HAN ports) could be replayed at will. The price
//! is that a forged encryption-only APDU with a high counter advances the guard and locks
//! out the genuine sender until the counter catches up. Encryption-only offers no integrity
//! at all (a flipped ciphertext bit flips the same plaintext bit); a receiver that needs
//! integrity must require authentication by policy. That includes downgrades: the security
//! control octet is authenticated only while its authentication bit is set, so an attacker
//! who clears that bit of an authenticated-and-encrypted APDU gets it through as
//! encryption-only (GCM's keystream does not depend on the mode), reported as such in
//! [`SecurityInfo::security_control`]. Check every received APDU against the
//! [`crate::policy::SecurityPolicy`].
//!
//! # Failures release nothing
//!
//! [`SecurityContext::unprotect_in_place`] hands out the plaintext only after the tag
//! verified. Whenever it fails (a malformed envelope, a replayed counter, a tag that does
//! not verify, a missing key), it overwrites the whole buffer with zeros, so the buffer
//! holds no plaintext either, not even the clear payload of an authentication-only APDU.
//! (AES-GCM itself checks the tag before it decrypts; the zeroing also covers other
//! [`ApduCipher`] implementations and the clear payloads.) To try another key after a
//! failure, keep a copy of the APDU.
//!
//! The tag of a service-specific APDU is not authenticated (the authenticated data is
//! `SC || AK`), so unprotecting also checks that the plaintext's own tag is the one the
//! envelope names: a glo-get-request must carry a get-request.

use dlms_apdu::ErrorKind;
use dlms_apdu::ciphered::{
    CipheredApdu, CipheredKind, CipheredService, Ciphering, EnvelopeHeader, GeneralGloDedCiphering,
    SecurityHeader,
};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::counter::Lease;
use crate::error::{Error, Result};
use crate::gcm::{AnyGcm, ApduCipher, TAG_LEN, Tag};
use crate::iv::{InvocationCounter, Iv, SystemTitle};
use crate::key::{AuthenticationKey, BroadcastKey, DedicatedKey, GlobalUnicastKey, KeySize};
use crate::replay::{KeyUse, ReplayGuard};
use crate::suite::{SecurityControl, SecuritySuite};

/// The envelope to send a protected APDU in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// A service-specific `glo-` or `ded-` APDU; its tag follows from the plain APDU's tag.
    Service,
    /// general-glo-ciphering or general-ded-ciphering carrying the sender's system title.
    General,
    /// general-glo-ciphering or general-ded-ciphering with an empty system title (the
    /// receiver knows the sender's).
    GeneralWithoutTitle,
}

/// Which protection the security control octet asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Authentication only (SC bit 4): the plaintext travels in clear with a tag.
    Authenticated,
    /// Encryption only (SC bit 5): ciphertext, no tag.
    Encrypted,
    /// Authenticated encryption (SC bits 4 and 5).
    AuthenticatedEncrypted,
}

impl Mode {
    /// Whether a tag is sent.
    #[must_use]
    pub const fn is_authenticated(self) -> bool {
        matches!(self, Self::Authenticated | Self::AuthenticatedEncrypted)
    }

    /// Whether the payload is encrypted.
    #[must_use]
    pub const fn is_encrypted(self) -> bool {
        matches!(self, Self::Encrypted | Self::AuthenticatedEncrypted)
    }
}

/// How to protect an outgoing APDU: envelope, key and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Protection {
    /// The envelope.
    pub form: Form,
    /// The key: [`KeyUse::Dedicated`] sends a `ded-` form, the global keys a `glo-` form
    /// ([`KeyUse::Broadcast`] also sets SC bit 6).
    pub key: KeyUse,
    /// Authentication, encryption or both.
    pub mode: Mode,
}

impl Protection {
    /// A protection.
    #[must_use]
    pub const fn new(form: Form, key: KeyUse, mode: Mode) -> Self {
        Self { form, key, mode }
    }

    /// The security control octet this protection sends under `suite`.
    #[must_use]
    pub const fn security_control(self, suite: SecuritySuite) -> SecurityControl {
        let sc = SecurityControl::new(
            suite.id(),
            self.mode.is_authenticated(),
            self.mode.is_encrypted(),
        );
        match self.key {
            KeyUse::Broadcast => SecurityControl(sc.0 | SecurityControl::BROADCAST_KEY),
            KeyUse::GlobalUnicast | KeyUse::Dedicated => sc,
        }
    }

    /// The key set of the envelope.
    #[must_use]
    pub const fn ciphering(self) -> Ciphering {
        match self.key {
            KeyUse::Dedicated => Ciphering::Dedicated,
            KeyUse::GlobalUnicast | KeyUse::Broadcast => Ciphering::Global,
        }
    }
}

/// The envelope a received APDU came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Envelope {
    /// A service-specific `glo-` or `ded-` APDU.
    Service(CipheredKind),
    /// general-glo-ciphering or general-ded-ciphering.
    General {
        /// Global (`DB`) or dedicated (`DC`).
        ciphering: Ciphering,
        /// Whether the APDU carried the sender's system title (else it was empty).
        title_carried: bool,
    },
}

impl Envelope {
    /// The key set.
    #[must_use]
    pub const fn ciphering(self) -> Ciphering {
        match self {
            Self::Service(kind) => kind.ciphering,
            Self::General { ciphering, .. } => ciphering,
        }
    }

    /// The [`Form`] that sends this envelope.
    #[must_use]
    pub const fn form(self) -> Form {
        match self {
            Self::Service(_) => Form::Service,
            Self::General {
                title_carried: true,
                ..
            } => Form::General,
            Self::General {
                title_carried: false,
                ..
            } => Form::GeneralWithoutTitle,
        }
    }
}

/// What the envelope and security header of an unprotected APDU said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityInfo {
    /// The security control octet.
    pub security_control: SecurityControl,
    /// The invocation counter (recorded in the replay guard, when one was given).
    pub invocation_counter: InvocationCounter,
    /// The sender's system title: carried in the APDU, or the peer's the caller supplied.
    pub system_title: SystemTitle,
    /// The envelope.
    pub envelope: Envelope,
    /// The key that protected it.
    pub key: KeyUse,
}

/// An unprotected APDU: the plaintext, borrowed from the buffer it was ciphered in, and
/// the security information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unprotected<'a> {
    /// The plain APDU.
    pub plaintext: &'a [u8],
    /// Security control, counter, sender, envelope and key.
    pub info: SecurityInfo,
}

/// The suite, keys and own system title of one party: protects outgoing APDUs and
/// unprotects incoming ones.
///
/// `C` is the cipher built once per key ([`AnyGcm`] when built from the key types; any
/// [`ApduCipher`], e.g. over a hardware AES engine, with [`from_cipher`](Self::from_cipher)).
#[derive(Debug)]
pub struct SecurityContext<C = AnyGcm> {
    suite: SecuritySuite,
    system_title: SystemTitle,
    unicast: C,
    broadcast: Option<C>,
    dedicated: Option<C>,
    authentication_key: Option<AuthenticationKey>,
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

impl SecurityContext<AnyGcm> {
    /// A context for `suite` sending as `system_title`, with the global unicast key.
    /// Add the authentication key with
    /// [`with_authentication_key`](Self::with_authentication_key) to send or receive
    /// authenticated APDUs.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the key is not the suite's size (16 octets for suites 0 and
    /// 1, 32 for suite 2).
    pub fn new(
        suite: SecuritySuite,
        system_title: SystemTitle,
        unicast: &GlobalUnicastKey,
    ) -> Result<Self> {
        Self::from_cipher(suite, system_title, AnyGcm::new(unicast.expose_secret())?)
    }

    /// Adds the global broadcast key (SC bit 6).
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the key is not the suite's size.
    pub fn with_broadcast_key(self, key: &BroadcastKey) -> Result<Self> {
        let cipher = AnyGcm::new(key.expose_secret())?;
        self.with_broadcast_cipher(cipher)
    }

    /// Sets (or with `None` clears) the dedicated key of the current association.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the key is not the suite's size; the context is unchanged.
    pub fn set_dedicated_key(&mut self, key: Option<&DedicatedKey>) -> Result<()> {
        let cipher = key.map(|k| AnyGcm::new(k.expose_secret())).transpose()?;
        self.set_dedicated_cipher(cipher)
    }
}

impl<C: ApduCipher> SecurityContext<C> {
    /// A context over a cipher already built for the global unicast key.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the cipher's key is not the suite's size.
    pub fn from_cipher(
        suite: SecuritySuite,
        system_title: SystemTitle,
        unicast: C,
    ) -> Result<Self> {
        check_size(suite, unicast.key_size())?;
        Ok(Self {
            suite,
            system_title,
            unicast,
            broadcast: None,
            dedicated: None,
            authentication_key: None,
        })
    }

    /// Adds the authentication key that enters the authenticated data.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the key is not the suite's size.
    pub fn with_authentication_key(mut self, key: AuthenticationKey) -> Result<Self> {
        check_size(self.suite, key.size())?;
        self.authentication_key = Some(key);
        Ok(self)
    }

    /// Adds a cipher built for the global broadcast key.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the cipher's key is not the suite's size.
    pub fn with_broadcast_cipher(mut self, cipher: C) -> Result<Self> {
        check_size(self.suite, cipher.key_size())?;
        self.broadcast = Some(cipher);
        Ok(self)
    }

    /// Sets (or with `None` clears) the cipher of the dedicated key.
    ///
    /// # Errors
    /// [`Error::KeyLength`] if the cipher's key is not the suite's size; the context is
    /// unchanged.
    pub fn set_dedicated_cipher(&mut self, cipher: Option<C>) -> Result<()> {
        if let Some(c) = &cipher {
            check_size(self.suite, c.key_size())?;
        }
        self.dedicated = cipher;
        Ok(())
    }

    /// The security suite.
    #[must_use]
    pub const fn suite(&self) -> SecuritySuite {
        self.suite
    }

    /// The own system title, the first eight octets of every IV this context sends under.
    #[must_use]
    pub const fn system_title(&self) -> SystemTitle {
        self.system_title
    }

    fn cipher(&self, key: KeyUse) -> Option<&C> {
        match key {
            KeyUse::GlobalUnicast => Some(&self.unicast),
            KeyUse::Broadcast => self.broadcast.as_ref(),
            KeyUse::Dedicated => self.dedicated.as_ref(),
        }
    }

    /// `SC || AK` in a stack buffer, cleared on drop.
    fn sc_ak(&self, sc: SecurityControl) -> Result<ScAk> {
        let ak = self
            .authentication_key
            .as_ref()
            .ok_or(Error::UnsupportedSecurityControl(sc.0))?
            .expose_secret();
        let mut out = ScAk {
            buf: [0u8; 33],
            len: ak.len().saturating_add(1),
        };
        let dst = out
            .buf
            .get_mut(..out.len)
            .ok_or(Error::InvalidLength(ak.len()))?;
        if let Some((first, rest)) = dst.split_first_mut() {
            *first = sc.0;
            rest.copy_from_slice(ak);
        }
        Ok(out)
    }

    /// The tag of the service-specific APDU protecting `plain`.
    fn service_tag(plain: &[u8], ciphering: Ciphering) -> Result<u8> {
        let first = *plain
            .first()
            .ok_or(Error::Decode(ErrorKind::Truncated { needed: 1 }.into()))?;
        let service = CipheredService::from_plain_tag(first)
            .ok_or(Error::Decode(ErrorKind::UnknownTag { found: first }.into()))?;
        Ok(CipheredKind::new(service, ciphering).tag())
    }

    /// The envelope header for `plain` under `protection` (with counter 0: the caller sets
    /// the one it draws), and the total length of the protected APDU.
    fn envelope(
        &self,
        protection: Protection,
        plain: &[u8],
    ) -> Result<(EnvelopeHeader<'_>, usize)> {
        let tag_len = if protection.mode.is_authenticated() {
            TAG_LEN
        } else {
            0
        };
        let text_len = plain
            .len()
            .checked_add(tag_len)
            // The content length must fit the four-octet A-XDR length form.
            .filter(|n| u32::try_from(n.saturating_add(SecurityHeader::LEN)).is_ok())
            .ok_or(Error::InvalidLength(plain.len()))?;
        let (tag, system_title) = match protection.form {
            Form::Service => (Self::service_tag(plain, protection.ciphering())?, None),
            Form::General | Form::GeneralWithoutTitle => {
                let tag = match protection.ciphering() {
                    Ciphering::Global => GeneralGloDedCiphering::GLO_TAG,
                    Ciphering::Dedicated => GeneralGloDedCiphering::DED_TAG,
                };
                let title: &[u8] = if protection.form == Form::General {
                    self.system_title.as_bytes()
                } else {
                    &[]
                };
                (tag, Some(title))
            }
        };
        let header = EnvelopeHeader {
            tag,
            system_title,
            security_header: SecurityHeader {
                security_control: protection.security_control(self.suite),
                invocation_counter: 0,
            },
            text_len,
        };
        let total = header
            .buffer_len()
            .checked_add(text_len)
            .ok_or(Error::InvalidLength(plain.len()))?;
        Ok((header, total))
    }

    /// Octets [`protect`](Self::protect) writes for a `plain_apdu` under `protection`.
    ///
    /// # Errors
    /// As [`protect`](Self::protect), for the envelope (an APDU without a service-specific
    /// form, a plaintext too long).
    pub fn protected_len(&self, protection: Protection, plain_apdu: &[u8]) -> Result<usize> {
        self.envelope(protection, plain_apdu)
            .map(|(_, total)| total)
    }

    /// Protects the APDU `plain` into `out` under the next counter of `lease`; returns the
    /// octets written.
    ///
    /// Nothing is drawn from the lease when the protection cannot be applied.
    ///
    /// # Errors
    /// - [`Error::Decode`] if `plain` is empty or, for [`Form::Service`], its tag has no
    ///   service-specific ciphered form (use general-glo-ciphering);
    /// - [`Error::UnsupportedSecurityControl`] if the key asked for (broadcast, dedicated,
    ///   or the authentication key for an authenticated mode) is not in the context;
    /// - [`Error::BufferTooSmall`] if `out` is shorter than
    ///   [`protected_len`](Self::protected_len);
    /// - [`Error::LeaseExhausted`] or [`Error::CounterExhausted`] from the lease.
    pub fn protect(
        &self,
        protection: Protection,
        lease: &mut Lease,
        plain: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        self.protect_with(protection, || lease.next_counter(), plain, out)
    }

    /// Protects with the counter `next` hands out once every check has passed.
    pub(crate) fn protect_with(
        &self,
        protection: Protection,
        next: impl FnOnce() -> Result<InvocationCounter>,
        plain: &[u8],
        out: &mut [u8],
    ) -> Result<usize> {
        let sc = protection.security_control(self.suite);
        let cipher = self
            .cipher(protection.key)
            .ok_or(Error::UnsupportedSecurityControl(sc.0))?;
        // The layout does not depend on the counter: check everything before drawing one.
        let (mut header, total) = self.envelope(protection, plain)?;
        let sc_ak = if protection.mode.is_authenticated() {
            Some(self.sc_ak(sc)?)
        } else {
            None
        };
        let out = out
            .get_mut(..total)
            .ok_or(Error::BufferTooSmall { needed: total })?;
        let ic = next()?;
        header.security_header.invocation_counter = ic.value();
        let (head, body) = out.split_at_mut(header.buffer_len());
        header.emit(head)?;

        let (payload, tag_out) = body.split_at_mut(plain.len());
        payload.copy_from_slice(plain);
        let iv = Iv::new(&self.system_title, ic);
        // Borrowed, not moved: `SC || AK` stays where it was built until it is cleared.
        let aad = sc_ak.as_ref().map(ScAk::as_slice);
        seal_payload(cipher, protection.mode, &iv, aad, payload, tag_out, sc)?;
        Ok(total)
    }

    /// Verifies and decrypts a ciphered APDU in place, checking and then advancing `guard`.
    ///
    /// `peer` is the sender's system title for envelopes that do not carry it (the
    /// service-specific APDUs, and general ciphering with an empty title); a title the APDU
    /// carries takes precedence (it is the one the sender built its IV from, and the one
    /// [`SecurityInfo::system_title`] reports).
    ///
    /// The counter is checked against `guard` (per system title and [`KeyUse`]) before
    /// anything is decrypted and recorded only after the tag verified; see the module
    /// documentation for encryption-only APDUs. On any error the whole of `apdu` is
    /// overwritten with zeros.
    ///
    /// # Errors
    /// - [`Error::Decode`] if `apdu` is not a well-formed service-specific or general
    ///   glo/ded ciphered APDU, is too short for its tag, or (service-specific forms) its
    ///   plaintext does not start with the tag of the service the envelope names;
    /// - [`Error::SystemTitleLength`] if the carried title is not 8 octets, or none is
    ///   carried and `peer` is `None`;
    /// - [`Error::CompressionUnsupported`] for SC bit 7;
    /// - [`Error::UnsupportedSuite`] for a suite id above 2;
    /// - [`Error::UnsupportedSecurityControl`] if the SC names another suite than the
    ///   context's, neither authentication nor encryption, the broadcast key with a `ded-`
    ///   form, or a key the context does not hold;
    /// - [`Error::Replay`] if the counter is not above the last accepted one;
    /// - [`Error::AuthenticationFailed`] if the tag does not verify;
    /// - [`Error::ReplayGuardFull`] if the guard cannot record a new sender.
    pub fn unprotect_in_place<'b, const N: usize>(
        &self,
        apdu: &'b mut [u8],
        peer: Option<SystemTitle>,
        guard: &mut ReplayGuard<N>,
    ) -> Result<Unprotected<'b>> {
        self.unprotect_inner(apdu, peer, Some(guard))
    }

    /// As [`unprotect_in_place`](Self::unprotect_in_place) without replay protection: for
    /// recorded captures, tests, and callers that check
    /// [`SecurityInfo::invocation_counter`] themselves.
    ///
    /// # Errors
    /// As [`unprotect_in_place`](Self::unprotect_in_place), except [`Error::Replay`] and
    /// [`Error::ReplayGuardFull`].
    pub fn unprotect_in_place_unguarded<'b>(
        &self,
        apdu: &'b mut [u8],
        peer: Option<SystemTitle>,
    ) -> Result<Unprotected<'b>> {
        self.unprotect_inner::<0>(apdu, peer, None)
    }

    fn unprotect_inner<'b, const N: usize>(
        &self,
        apdu: &'b mut [u8],
        peer: Option<SystemTitle>,
        guard: Option<&mut ReplayGuard<N>>,
    ) -> Result<Unprotected<'b>> {
        let verified = Parsed::parse(apdu).and_then(|parsed| {
            let text_start = apdu.len().saturating_sub(parsed.text_len);
            self.verify(&parsed, apdu, text_start, peer, guard)
                .map(|(len, info)| (text_start, len, info))
        });
        match verified {
            Ok((start, len, info)) => {
                let plaintext = apdu.get(start..start.saturating_add(len)).unwrap_or(&[]);
                Ok(Unprotected { plaintext, info })
            }
            Err(e) => {
                apdu.zeroize();
                Err(e)
            }
        }
    }

    /// Everything after the envelope parsed: checks, replay guard, cryptography. Returns
    /// the plaintext length (at `text_start`).
    fn verify<const N: usize>(
        &self,
        parsed: &Parsed,
        apdu: &mut [u8],
        text_start: usize,
        peer: Option<SystemTitle>,
        guard: Option<&mut ReplayGuard<N>>,
    ) -> Result<(usize, SecurityInfo)> {
        let sc = parsed.header.security_control;
        if sc.is_compressed() {
            return Err(Error::CompressionUnsupported);
        }
        if SecuritySuite::of(sc)? != self.suite || !(sc.is_authenticated() || sc.is_encrypted()) {
            return Err(Error::UnsupportedSecurityControl(sc.0));
        }
        let key = match (parsed.envelope.ciphering(), sc.is_broadcast_key()) {
            (Ciphering::Dedicated, true) => return Err(Error::UnsupportedSecurityControl(sc.0)),
            (Ciphering::Dedicated, false) => KeyUse::Dedicated,
            (Ciphering::Global, true) => KeyUse::Broadcast,
            (Ciphering::Global, false) => KeyUse::GlobalUnicast,
        };
        let cipher = self
            .cipher(key)
            .ok_or(Error::UnsupportedSecurityControl(sc.0))?;
        let sc_ak = if sc.is_authenticated() {
            Some(self.sc_ak(sc)?)
        } else {
            None
        };
        let system_title = parsed.title.or(peer).ok_or(Error::SystemTitleLength(0))?;
        let tag_len = sc.tag_len();
        let payload_len =
            parsed
                .text_len
                .checked_sub(tag_len)
                .ok_or(Error::Decode(dlms_apdu::Error::new(
                    ErrorKind::Truncated {
                        needed: tag_len.saturating_sub(parsed.text_len),
                    },
                    apdu.len(),
                )))?;
        let ic = InvocationCounter(parsed.header.invocation_counter);
        let info = SecurityInfo {
            security_control: sc,
            invocation_counter: ic,
            system_title,
            envelope: parsed.envelope,
            key,
        };
        if let Some(g) = guard.as_ref() {
            g.check(&system_title, key, ic)?;
        }

        let text = apdu
            .get_mut(text_start..)
            .ok_or(Error::InvalidLength(text_start))?;
        let (payload, tag) = text.split_at_mut(payload_len);
        let iv = Iv::new(&system_title, ic);
        match sc_ak.as_ref().map(ScAk::as_slice) {
            Some(aad) => {
                let tag = Tag::try_from(&*tag).map_err(|_| Error::AuthenticationFailed)?;
                if sc.is_encrypted() {
                    cipher.open_in_place(&iv, aad, payload, &tag)?;
                } else {
                    cipher.verify_gmac(&iv, &[aad, payload], &tag)?;
                }
            }
            None => cipher.apply_keystream(&iv, payload)?,
        }
        // The service tag is not authenticated, so the plaintext's own tag must match it.
        if let Envelope::Service(kind) = parsed.envelope {
            let expected = kind.service.plain_tag();
            match payload.first() {
                Some(&found) if found == expected => {}
                found => {
                    return Err(Error::Decode(dlms_apdu::Error::new(
                        ErrorKind::UnexpectedTag {
                            expected,
                            found: found.copied().unwrap_or(0),
                        },
                        text_start,
                    )));
                }
            }
        }
        if let Some(g) = guard {
            g.accept(&system_title, key, ic)?;
        }
        Ok((payload_len, info))
    }
}

#[cfg(feature = "alloc")]
impl<C: ApduCipher> SecurityContext<C> {
    /// [`protect`](Self::protect) into a new vector.
    ///
    /// # Errors
    /// As [`protect`](Self::protect).
    pub fn protect_to_vec(
        &self,
        protection: Protection,
        lease: &mut Lease,
        plain: &[u8],
    ) -> Result<alloc::vec::Vec<u8>> {
        let mut out = alloc::vec![0u8; self.protected_len(protection, plain)?];
        let n = self.protect(protection, lease, plain, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// [`unprotect_in_place`](Self::unprotect_in_place) on a copy of `apdu`; returns the
    /// plaintext and the security information.
    ///
    /// # Errors
    /// As [`unprotect_in_place`](Self::unprotect_in_place).
    pub fn unprotect_to_vec<const N: usize>(
        &self,
        apdu: &[u8],
        peer: Option<SystemTitle>,
        guard: &mut ReplayGuard<N>,
    ) -> Result<(alloc::vec::Vec<u8>, SecurityInfo)> {
        let mut buf = apdu.to_vec();
        let u = self.unprotect_in_place(&mut buf, peer, guard)?;
        let info = u.info;
        let plaintext = u.plaintext.to_vec();
        buf.zeroize();
        Ok((plaintext, info))
    }
}

/// `SC || AK`: the authenticated data of authenticated encryption and the first part of
/// that of authentication only (1 + 16 or 1 + 32 octets).
#[derive(Zeroize, ZeroizeOnDrop)]
struct ScAk {
    buf: [u8; 33],
    #[zeroize(skip)]
    len: usize,
}

impl ScAk {
    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// What the envelope parse yields, copied out so the buffer can be written afterwards.
struct Parsed {
    envelope: Envelope,
    title: Option<SystemTitle>,
    header: SecurityHeader,
    /// Octets of the ciphered text, which ends the APDU.
    text_len: usize,
}

impl Parsed {
    fn parse(apdu: &[u8]) -> Result<Self> {
        let first = *apdu
            .first()
            .ok_or(Error::Decode(ErrorKind::Truncated { needed: 1 }.into()))?;
        if first == GeneralGloDedCiphering::GLO_TAG || first == GeneralGloDedCiphering::DED_TAG {
            let g = GeneralGloDedCiphering::parse_exact(apdu)?;
            let title = match g.system_title.len() {
                0 => None,
                _ => Some(SystemTitle::from_slice(g.system_title)?),
            };
            Ok(Self {
                envelope: Envelope::General {
                    ciphering: g.ciphering,
                    title_carried: title.is_some(),
                },
                title,
                header: g.header(),
                text_len: g.ciphered_text().len(),
            })
        } else {
            let c = CipheredApdu::parse_exact(apdu)?;
            Ok(Self {
                envelope: Envelope::Service(c.kind),
                title: None,
                header: c.header(),
                text_len: c.ciphered_text().len(),
            })
        }
    }
}

/// Protects `payload` in place under `mode` and writes the tag (if the mode has one) into
/// `tag_out`: the last step every sender shares. `aad` is `Some` exactly for the
/// authenticated modes (`SC || AK`, or whatever else the envelope authenticates).
pub(crate) fn seal_payload<C: ApduCipher + ?Sized>(
    cipher: &C,
    mode: Mode,
    iv: &Iv,
    aad: Option<&[u8]>,
    payload: &mut [u8],
    tag_out: &mut [u8],
    sc: SecurityControl,
) -> Result<()> {
    let tag: Option<Tag> = match (mode, aad) {
        (Mode::AuthenticatedEncrypted, Some(aad)) => Some(cipher.seal_in_place(iv, aad, payload)?),
        (Mode::Authenticated, Some(aad)) => Some(cipher.gmac(iv, &[aad, payload])?),
        (Mode::Encrypted, _) => {
            cipher.apply_keystream(iv, payload)?;
            None
        }
        _ => return Err(Error::UnsupportedSecurityControl(sc.0)),
    };
    if let Some(tag) = tag {
        tag_out
            .get_mut(..tag.len())
            .ok_or(Error::BufferTooSmall { needed: tag.len() })?
            .copy_from_slice(&tag);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation,
        clippy::arithmetic_side_effects
    )]
    use super::*;
    use crate::counter::{MemoryStore, reserve};

    #[test]
    fn nothing_is_drawn_when_protection_cannot_be_applied() {
        let ctx = SecurityContext::new(
            SecuritySuite::Suite0,
            SystemTitle([1; 8]),
            &GlobalUnicastKey::new_128([2; 16]),
        )
        .unwrap();
        let mut lease = reserve(&mut MemoryStore::new(7), 4).unwrap();
        let plain = [0xC0, 1, 2];
        let auth = Protection::new(Form::Service, KeyUse::GlobalUnicast, Mode::Authenticated);
        let mut out = [0u8; 64];
        // No authentication key, no broadcast key, a small buffer, a plain tag without a
        // service-specific form: each refused before a counter is spent.
        assert_eq!(
            ctx.protect(auth, &mut lease, &plain, &mut out),
            Err(Error::UnsupportedSecurityControl(0x10))
        );
        let bcast = Protection::new(Form::General, KeyUse::Broadcast, Mode::Encrypted);
        assert_eq!(
            ctx.protect(bcast, &mut lease, &plain, &mut out),
            Err(Error::UnsupportedSecurityControl(0x60))
        );
        let enc = Protection::new(Form::Service, KeyUse::GlobalUnicast, Mode::Encrypted);
        assert_eq!(ctx.protected_len(enc, &plain), Ok(10));
        assert_eq!(
            ctx.protect(enc, &mut lease, &plain, &mut out[..9]),
            Err(Error::BufferTooSmall { needed: 10 })
        );
        assert!(matches!(
            ctx.protect(enc, &mut lease, &[0x0F, 0], &mut out),
            Err(Error::Decode(_))
        ));
        assert_eq!(lease.peek(), Some(InvocationCounter(7)));
        assert_eq!(ctx.protect(enc, &mut lease, &plain, &mut out), Ok(10));
        assert_eq!(&out[..7], &[0xC8, 0x08, 0x20, 0, 0, 0, 7]);
        assert_eq!(lease.peek(), Some(InvocationCounter(8)));
    }
}
