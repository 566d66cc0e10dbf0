#![no_main]
//! Unprotects arbitrary bytes twice: under real AES-GCM keys (nothing may panic and nothing
//! authenticated may be accepted), and under a null cipher whose tags always verify, so the
//! fuzzer reaches what runs after the tag check: the plaintext tag check, the replay guard,
//! and the plaintext itself. Whatever the null context accepts is protected again from its
//! security information and must unprotect to the same plaintext and information.

use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::gcm::{ApduCipher, Tag};
use dlms_security::hazmat::protect_with_counter;
use dlms_security::key::KeySize;
use dlms_security::replay::ReplayGuard;
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Form, GlobalUnicastKey, Iv, Mode, Protection,
    SecurityContext, SecuritySuite, SystemTitle,
};

/// A cipher that changes nothing and accepts every tag: a test double for the fuzzer only.
struct NullCipher;

impl ApduCipher for NullCipher {
    fn key_size(&self) -> KeySize {
        KeySize::Aes128
    }
    fn seal_in_place(&self, _: &Iv, _: &[u8], _: &mut [u8]) -> dlms_security::Result<Tag> {
        Ok([0; 12])
    }
    fn open_in_place(&self, _: &Iv, _: &[u8], _: &mut [u8], _: &Tag) -> dlms_security::Result<()> {
        Ok(())
    }
    fn apply_keystream(&self, _: &Iv, _: &mut [u8]) -> dlms_security::Result<()> {
        Ok(())
    }
    fn gmac(&self, _: &Iv, _: &[&[u8]]) -> dlms_security::Result<Tag> {
        Ok([0; 12])
    }
    fn verify_gmac(&self, _: &Iv, _: &[&[u8]], _: &Tag) -> dlms_security::Result<()> {
        Ok(())
    }
}

const PEER: SystemTitle = SystemTitle([0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E]);

fn null_context(title: SystemTitle) -> SecurityContext<NullCipher> {
    let mut ctx = SecurityContext::from_cipher(SecuritySuite::Suite0, title, NullCipher)
        .and_then(|c| c.with_broadcast_cipher(NullCipher))
        .and_then(|c| c.with_authentication_key(AuthenticationKey::new_128([0xD0; 16])))
        .expect("null context");
    ctx.set_dedicated_cipher(Some(NullCipher))
        .expect("null dedicated");
    ctx
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Real keys: random input never authenticates.
    let mut real = SecurityContext::new(
        SecuritySuite::Suite0,
        SystemTitle([1; 8]),
        &GlobalUnicastKey::new_128(
            *b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C\x0D\x0E\x0F",
        ),
    )
    .and_then(|c| c.with_broadcast_key(&BroadcastKey::new_128([0x22; 16])))
    .and_then(|c| c.with_authentication_key(AuthenticationKey::new_128([0xD0; 16])))
    .expect("context");
    real.set_dedicated_key(Some(&DedicatedKey::new_128([0x33; 16])))
        .expect("dedicated");
    let mut buf = data.to_vec();
    let mut guard = ReplayGuard::<4>::new();
    if let Ok(u) = real.unprotect_in_place(&mut buf, Some(PEER), &mut guard) {
        assert!(
            !u.info.security_control.is_authenticated(),
            "forged tag accepted"
        );
    } else {
        assert!(buf.iter().all(|b| *b == 0), "buffer not cleared");
    }

    // Past the tag check.
    let ctx = null_context(SystemTitle([1; 8]));
    let mut buf = data.to_vec();
    let mut guard = ReplayGuard::<4>::new();
    let Ok(u) = ctx.unprotect_in_place(&mut buf, Some(PEER), &mut guard) else {
        assert!(buf.iter().all(|b| *b == 0), "buffer not cleared");
        return;
    };
    let _ = dlms_apdu::Apdu::parse(u.plaintext);
    let info = u.info;
    let plain = u.plaintext.to_vec();
    assert_eq!(
        guard.last(&info.system_title, info.key),
        Some(info.invocation_counter)
    );

    let sc = info.security_control;
    let mode = match (sc.is_authenticated(), sc.is_encrypted()) {
        (true, true) => Mode::AuthenticatedEncrypted,
        (true, false) => Mode::Authenticated,
        _ => Mode::Encrypted,
    };
    let form = info.envelope.form();
    let protection = Protection::new(form, info.key, mode);
    let sender = null_context(info.system_title);
    let mut out = vec![0u8; plain.len() + 64];
    let n = protect_with_counter(
        &sender,
        protection,
        info.invocation_counter,
        &plain,
        &mut out,
    )
    .expect("re-protect what was accepted");
    let peer = if form == Form::General {
        None
    } else {
        Some(info.system_title)
    };
    let again = ctx
        .unprotect_in_place_unguarded(&mut out[..n], peer)
        .expect("unprotect what was re-protected");
    assert_eq!(again.plaintext, &plain[..]);
    assert_eq!(again.info, info);
    // And a fresh lease-drawn APDU under the same context is accepted once.
    let mut store = MemoryStore::new(u64::from(info.invocation_counter.0) + 1);
    if let Ok(mut lease) = reserve(&mut store, 1) {
        let mut out = vec![0u8; plain.len() + 64];
        let n = sender
            .protect(protection, &mut lease, &plain, &mut out)
            .expect("protect");
        let next = ctx
            .unprotect_in_place(&mut out[..n], peer, &mut guard)
            .expect("next counter");
        assert_eq!(next.plaintext, &plain[..]);
    }
});
