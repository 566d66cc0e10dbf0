//! Unprotecting ciphered APDUs with the keys from the command line.

use anyhow::{Context as _, Result, anyhow, bail};
use dlms_apdu::Apdu;
use dlms_apdu::ciphered::{
    CipheredContent, GeneralCiphering, KeyId as ApduKeyId, KeyInfo, SecurityHeader,
};
use dlms_security::general::{self, Expected, RecipientKeys};
use dlms_security::replay::ReplayGuard;
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Error as SecurityError, GlobalUnicastKey,
    MasterKey, SecurityContext, SecuritySuite, SystemTitle,
};
use serde_json::{Value, json};

/// The keys and the peer's system title given on the command line.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    /// Encryption key: global unicast, broadcast or dedicated, as the APDU asks.
    pub(crate) ek: Option<Vec<u8>>,
    /// Authentication key.
    pub(crate) ak: Option<Vec<u8>>,
    /// Master key (key-encrypting key) for wrapped keys.
    pub(crate) kek: Option<Vec<u8>>,
    /// The sender's system title, for envelopes that do not carry it.
    pub(crate) system_title: Option<SystemTitle>,
}

/// What the envelope of a ciphered APDU says, and what unprotecting it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Security {
    /// The security header.
    pub(crate) header: SecurityHeader,
    /// The sender's system title: carried, or given with `--system-title`.
    pub(crate) system_title: Option<Vec<u8>>,
    /// Octets of ciphered text (payload and tag).
    pub(crate) ciphered_len: usize,
    /// Where the key came from (general-ciphering): `identified-key`, `wrapped-key`, ...
    pub(crate) key_info: Option<&'static str>,
    /// Whether the content was unprotected.
    pub(crate) unprotected: bool,
    /// Whether an authentication tag verified.
    pub(crate) tag_verified: bool,
}

impl Security {
    /// The JSON form.
    pub(crate) fn to_json(&self) -> Value {
        let sc = self.header.security_control;
        let mut v = json!({
            "security_control": sc.0,
            "suite": sc.suite_id(),
            "authenticated": sc.is_authenticated(),
            "encrypted": sc.is_encrypted(),
            "broadcast_key": sc.is_broadcast_key(),
            "compressed": sc.is_compressed(),
            "system_title": self.system_title.as_deref().map(hex::encode_upper),
            "invocation_counter": self.header.invocation_counter,
            "tag_verified": self.tag_verified,
            "unprotected": self.unprotected,
        });
        if let (Some(map), Some(k)) = (v.as_object_mut(), self.key_info) {
            map.insert("key_info".into(), k.into());
        }
        v
    }
}

/// The security header, carried title and content of a ciphered envelope, or `None` for an
/// APDU that is not ciphered.
pub(crate) fn envelope<'a>(
    apdu: &Apdu<'a>,
) -> Option<(SecurityHeader, Option<&'a [u8]>, CipheredContent<'a>)> {
    match apdu {
        Apdu::Ciphered(c) => Some((c.header(), None, c.content)),
        Apdu::GeneralGloDedCiphering(g) => Some((
            g.header(),
            Some(g.system_title).filter(|t| !t.is_empty()),
            g.content,
        )),
        Apdu::GeneralCiphering(g) => Some((
            g.content.header,
            Some(g.header.originator_system_title).filter(|t| !t.is_empty()),
            g.content,
        )),
        _ => None,
    }
}

/// Unprotects the ciphered APDU `bytes` (parsed as `apdu`), returning what the envelope
/// said and, when the keys allowed, the plaintext.
///
/// # Errors
/// A message for a key of the wrong size, a failed tag, a missing key the APDU needs, or
/// an envelope this tool cannot open.
pub(crate) fn unprotect(
    bytes: &[u8],
    apdu: &Apdu<'_>,
    keys: &Keys,
) -> Result<(Security, Option<Vec<u8>>)> {
    let Some((header, title, content)) = envelope(apdu) else {
        bail!("not a ciphered APDU");
    };
    let mut security = Security {
        header,
        system_title: title
            .map(<[u8]>::to_vec)
            .or_else(|| keys.system_title.map(|t| t.0.to_vec())),
        ciphered_len: content.ciphered_text.len(),
        key_info: None,
        unprotected: false,
        tag_verified: false,
    };
    let sc = header.security_control;
    let general = match apdu {
        Apdu::GeneralCiphering(g) => Some(g),
        _ => None,
    };
    // Without the keys it needs, the envelope alone is shown.
    let needed = match general.and_then(|g| g.key_info) {
        Some(KeyInfo::WrappedKey { .. }) => &keys.kek,
        Some(KeyInfo::AgreedKey { .. }) => &None,
        _ => &keys.ek,
    };
    if needed.is_none() {
        security.key_info = general.map(|g| key_info_name(g.key_info));
        return Ok((security, None));
    }
    let suite = SecuritySuite::of(sc).map_err(|_| {
        anyhow!(
            "security suite {} is not supported (0, 1 and 2 are)",
            sc.suite_id()
        )
    })?;
    if sc.is_compressed() {
        bail!("the APDU is compressed (security control bit 7), which is not supported");
    }
    if let Some(g) = general {
        return general_ciphering(bytes, g, suite, keys, security);
    }
    let Some(ek) = &keys.ek else {
        return Ok((security, None));
    };
    check_key("--ek", ek, suite)?;
    let mut ctx = SecurityContext::new(
        suite,
        SystemTitle([0; 8]),
        &GlobalUnicastKey::from_slice(ek)?,
    )?
    .with_broadcast_key(&BroadcastKey::from_slice(ek)?)?;
    ctx.set_dedicated_key(Some(&DedicatedKey::from_slice(ek)?))?;
    if let Some(ak) = &keys.ak {
        check_key("--ak", ak, suite)?;
        ctx = ctx.with_authentication_key(AuthenticationKey::from_slice(ak)?)?;
    } else if sc.is_authenticated() {
        bail!("the APDU is authenticated: give the authentication key with --ak");
    }
    if title.is_none() && keys.system_title.is_none() {
        bail!(
            "the APDU does not carry the sender's system title: give it with --system-title \
             (the IV is system title || invocation counter)"
        );
    }
    let mut buf = bytes.to_vec();
    let plain = ctx
        .unprotect_in_place_unguarded(&mut buf, keys.system_title)
        .map_err(explain)?;
    security.unprotected = true;
    security.tag_verified = sc.is_authenticated();
    Ok((security, Some(plain.plaintext.to_vec())))
}

/// How general-ciphering names its content key.
fn key_info_name(info: Option<KeyInfo<'_>>) -> &'static str {
    match info {
        None => "none",
        Some(KeyInfo::IdentifiedKey(ApduKeyId::GLOBAL_BROADCAST_ENCRYPTION_KEY)) => {
            "identified-key (global-broadcast-encryption-key)"
        }
        Some(KeyInfo::IdentifiedKey(_)) => "identified-key (global-unicast-encryption-key)",
        Some(KeyInfo::WrappedKey { .. }) => "wrapped-key",
        Some(KeyInfo::AgreedKey { .. }) => "agreed-key",
    }
}

/// A key's size must be the suite's.
fn check_key(option: &str, key: &[u8], suite: SecuritySuite) -> Result<()> {
    let needed = suite.key_size().octets();
    if key.len() != needed {
        bail!(
            "{option} has {} octets, but security suite {} uses {needed}-octet keys",
            key.len(),
            suite.id()
        );
    }
    Ok(())
}

/// A message for an unprotect failure.
fn explain(e: SecurityError) -> anyhow::Error {
    match e {
        SecurityError::AuthenticationFailed => anyhow!(
            "authentication failed: wrong key (--ek, --ak), wrong system title or a damaged \
             APDU; nothing was decrypted"
        ),
        SecurityError::Decode(inner) => anyhow!(
            "the decrypted content is not the APDU the envelope names ({inner}): wrong key \
             (--ek) or wrong system title?"
        ),
        other => anyhow!("cannot unprotect the APDU: {other}"),
    }
}

/// general-ciphering: the content key is identified (`--ek`) or wrapped (under `--kek`);
/// `dlms-security`'s [`general::unprotect_to_vec`] checks and opens it (its authenticated
/// data is that of Gurux.DLMS, see the module). The APDU's own recipient title is the one
/// expected, and a fresh replay guard sees it: decode inspects, it does not receive.
fn general_ciphering(
    bytes: &[u8],
    g: &GeneralCiphering<'_>,
    suite: SecuritySuite,
    keys: &Keys,
    mut security: Security,
) -> Result<(Security, Option<Vec<u8>>)> {
    let sc = security.header.security_control;
    security.key_info = Some(key_info_name(g.key_info));
    if let Some(KeyInfo::AgreedKey { .. }) = g.key_info {
        eprintln!(
            "general-ciphering with an agreed key: the content key needs the parties' \
             key agreement, which decode does not do"
        );
        return Ok((security, None));
    }
    if let Some(ek) = &keys.ek {
        check_key("--ek", ek, suite)?;
    }
    let unicast = keys
        .ek
        .as_deref()
        .map(GlobalUnicastKey::from_slice)
        .transpose()?;
    let broadcast = keys
        .ek
        .as_deref()
        .map(BroadcastKey::from_slice)
        .transpose()?;
    let master = keys
        .kek
        .as_deref()
        .map(MasterKey::from_slice)
        .transpose()
        .context("--kek")?;
    let ak = match &keys.ak {
        Some(ak) if sc.is_authenticated() => {
            check_key("--ak", ak, suite)?;
            Some(AuthenticationKey::from_slice(ak)?)
        }
        None if sc.is_authenticated() => {
            bail!("the APDU is authenticated: give the authentication key with --ak")
        }
        _ => None,
    };
    let recipient = SystemTitle::from_slice(g.header.recipient_system_title)
        .context("general-ciphering needs an 8-octet recipient system title")?;
    let recipient_keys = RecipientKeys {
        unicast: unicast.as_ref(),
        broadcast: broadcast.as_ref(),
        master: master.as_ref(),
        ..RecipientKeys::default()
    };
    let expected = Expected {
        recipient,
        originator: None,
        transaction_id: None,
    };
    let (plain, _) = general::unprotect_to_vec(
        bytes,
        suite,
        ak.as_ref(),
        &recipient_keys,
        &expected,
        &mut ReplayGuard::<1>::new(),
    )
    .map_err(|e| match e {
        SecurityError::UnwrapFailed => {
            anyhow!("the wrapped key does not unwrap under --kek: wrong master key")
        }
        other => explain(other),
    })?;
    security.unprotected = true;
    security.tag_verified = sc.is_authenticated();
    Ok((security, Some(plain)))
}
