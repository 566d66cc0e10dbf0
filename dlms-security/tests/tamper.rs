#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Tampering on every path: each envelope, key and authenticated mode, each alteration.
//! Every one must fail with its error, leave the buffer all zeros (no plaintext released,
//! not even an authentication-only payload) and leave the replay guard where it was.

use dlms_apdu::ciphered::{CipheredApdu, CipheredContent, GeneralGloDedCiphering};
use dlms_security::counter::{Lease, MemoryStore, reserve};
use dlms_security::policy::{self, Direction, PolicyV0, SecurityPolicy};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Error, Form, GlobalUnicastKey,
    InvocationCounter, Mode, Protection, SecurityContext, SecuritySuite, SystemTitle,
};
use proptest::prelude::*;

const SENDER: SystemTitle = SystemTitle(*b"MMM\x00\x00\xBC\x61\x4E");

/// A get-request whose octets are easy to spot.
fn plain() -> Vec<u8> {
    let mut p = vec![0xC0, 0x01, 0xC1];
    p.extend((0..45u8).map(|i| 0x40 + i));
    p
}

fn context(ak: u8) -> SecurityContext {
    let mut c = SecurityContext::new(
        SecuritySuite::Suite0,
        SENDER,
        &GlobalUnicastKey::new_128([0x11; 16]),
    )
    .unwrap()
    .with_broadcast_key(&BroadcastKey::new_128([0x22; 16]))
    .unwrap()
    .with_authentication_key(AuthenticationKey::new_128([ak; 16]))
    .unwrap();
    c.set_dedicated_key(Some(&DedicatedKey::new_128([0x33; 16])))
        .unwrap();
    c
}

/// Protects into a vector of the exact size (no `alloc` feature needed).
fn protect_vec(
    ctx: &SecurityContext,
    p: Protection,
    lease: &mut Lease,
    plain: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; ctx.protected_len(p, plain)?];
    let n = ctx.protect(p, lease, plain, &mut out)?;
    assert_eq!(n, out.len());
    Ok(out)
}

fn lease() -> Lease {
    reserve(&mut MemoryStore::new(100), 1000).unwrap()
}

fn all_protections(modes: &[Mode]) -> Vec<Protection> {
    let mut v = Vec::new();
    for form in [Form::Service, Form::General, Form::GeneralWithoutTitle] {
        for key in [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated] {
            for mode in modes {
                v.push(Protection::new(form, key, *mode));
            }
        }
    }
    v
}

const AUTHENTICATED: [Mode; 2] = [Mode::Authenticated, Mode::AuthenticatedEncrypted];

/// Unprotects `apdu` with a guard that already accepted counter 50, and checks a failure:
/// the error, an all-zero buffer, and the guard unchanged.
fn expect_failure(
    ctx: &SecurityContext,
    mut apdu: Vec<u8>,
    peer: Option<SystemTitle>,
    err: Error,
    what: &str,
) {
    let mut guard = ReplayGuard::<4>::new();
    for key in [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated] {
        guard.accept(&SENDER, key, InvocationCounter(50)).unwrap();
    }
    let before = guard.clone();
    let got = ctx.unprotect_in_place(&mut apdu, peer, &mut guard);
    assert_eq!(got, Err(err), "{what}");
    assert!(apdu.iter().all(|b| *b == 0), "{what}: buffer not cleared");
    assert_eq!(guard, before, "{what}: guard moved");
}

/// The offset of the ciphered text (after SC and IC) in a protected APDU.
fn text_start(apdu: &[u8]) -> usize {
    let text = if apdu[0] == 0xDB || apdu[0] == 0xDC {
        GeneralGloDedCiphering::parse_exact(apdu)
            .unwrap()
            .ciphered_text()
    } else {
        CipheredApdu::parse_exact(apdu).unwrap().ciphered_text()
    };
    apdu.len() - text.len()
}

/// Re-encodes `apdu` with its ciphered text cut by `cut` octets (the lengths fixed up).
fn truncate_text(apdu: &[u8], cut: usize) -> Vec<u8> {
    if apdu[0] == 0xDB || apdu[0] == 0xDC {
        let g = GeneralGloDedCiphering::parse_exact(apdu).unwrap();
        let text = g.ciphered_text();
        GeneralGloDedCiphering {
            content: CipheredContent {
                header: g.header(),
                ciphered_text: &text[..text.len() - cut],
            },
            ..g
        }
        .to_vec()
        .unwrap()
    } else {
        let c = CipheredApdu::parse_exact(apdu).unwrap();
        let text = c.ciphered_text();
        CipheredApdu {
            kind: c.kind,
            content: CipheredContent {
                header: c.header(),
                ciphered_text: &text[..text.len() - cut],
            },
        }
        .to_vec()
        .unwrap()
    }
}

#[test]
fn every_alteration_on_every_authenticated_path() {
    let ctx = context(0xAA);
    let mut lease = lease();
    let plain = plain();
    for p in all_protections(&AUTHENTICATED) {
        let what = format!("{p:?}");
        let apdu = protect_vec(&ctx, p, &mut lease, &plain).unwrap();
        let peer = Some(SENDER);
        let start = text_start(&apdu);
        let sc_at = start - 5;

        // The untouched APDU verifies (under a fresh guard).
        let mut ok = apdu.clone();
        let mut guard = ReplayGuard::<4>::new();
        assert_eq!(
            ctx.unprotect_in_place(&mut ok, peer, &mut guard)
                .unwrap()
                .plaintext,
            &plain[..],
            "{what}"
        );

        // A flipped bit in the payload, in the tag, in the counter.
        for at in [
            start,
            start + plain.len() / 2,
            apdu.len() - 12,
            apdu.len() - 1,
            sc_at + 4,
        ] {
            let mut t = apdu.clone();
            t[at] ^= 0x04;
            expect_failure(
                &ctx,
                t,
                peer,
                Error::AuthenticationFailed,
                &format!("{what} bit at {at}"),
            );
        }
        // The security control: the other authenticated mode, the broadcast bit, another
        // suite, compression.
        let sc = apdu[sc_at];
        let mut t = apdu.clone();
        t[sc_at] ^= 0x20;
        expect_failure(
            &ctx,
            t,
            peer,
            Error::AuthenticationFailed,
            &format!("{what} SC mode"),
        );
        let mut t = apdu.clone();
        t[sc_at] ^= 0x40;
        let err = if p.key == KeyUse::Dedicated {
            Error::UnsupportedSecurityControl(sc ^ 0x40)
        } else {
            Error::AuthenticationFailed
        };
        expect_failure(&ctx, t, peer, err, &format!("{what} SC broadcast"));
        let mut t = apdu.clone();
        t[sc_at] ^= 0x01;
        expect_failure(
            &ctx,
            t,
            peer,
            Error::UnsupportedSecurityControl(sc ^ 0x01),
            &what,
        );
        let mut t = apdu.clone();
        t[sc_at] ^= 0x03;
        expect_failure(&ctx, t, peer, Error::UnsupportedSuite(3), &what);
        let mut t = apdu.clone();
        t[sc_at] |= 0x80;
        expect_failure(&ctx, t, peer, Error::CompressionUnsupported, &what);

        // A wrong authentication key.
        expect_failure(
            &context(0xAB),
            apdu.clone(),
            peer,
            Error::AuthenticationFailed,
            &format!("{what} AK"),
        );

        // A truncated tag: one octet fewer with the lengths fixed up, or the buffer cut.
        expect_failure(
            &ctx,
            truncate_text(&apdu, 1),
            peer,
            Error::AuthenticationFailed,
            &format!("{what} short tag"),
        );
        let short = truncate_text(&apdu, plain.len() + 1);
        let err = ctx
            .unprotect_in_place_unguarded(&mut short.clone(), peer)
            .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{what}: {err:?}");
        let cut = apdu[..apdu.len() - 1].to_vec();
        let mut c = cut.clone();
        assert!(matches!(
            ctx.unprotect_in_place_unguarded(&mut c, peer),
            Err(Error::Decode(_))
        ));
        assert!(c.iter().all(|b| *b == 0));

        // A wrong system title: the peer's for envelopes without one, the carried one.
        if p.form == Form::General {
            let mut t = apdu.clone();
            t[3] ^= 0x01;
            expect_failure(
                &ctx,
                t,
                peer,
                Error::AuthenticationFailed,
                &format!("{what} title"),
            );
        } else {
            expect_failure(
                &ctx,
                apdu.clone(),
                Some(SystemTitle(*b"MMM\x00\x00\xBC\x61\x4F")),
                Error::AuthenticationFailed,
                &format!("{what} peer"),
            );
            expect_failure(&ctx, apdu.clone(), None, Error::SystemTitleLength(0), &what);
        }
    }
}

#[test]
fn replayed_and_lowered_counters_on_every_path() {
    let ctx = context(0xAA);
    let plain = plain();
    for p in all_protections(&[
        Mode::Authenticated,
        Mode::Encrypted,
        Mode::AuthenticatedEncrypted,
    ]) {
        let what = format!("{p:?}");
        let mut lease = reserve(&mut MemoryStore::new(49), 3).unwrap();
        let low = protect_vec(&ctx, p, &mut lease, &plain).unwrap(); // counter 49
        let equal = protect_vec(&ctx, p, &mut lease, &plain).unwrap(); // counter 50
        let high = protect_vec(&ctx, p, &mut lease, &plain).unwrap(); // counter 51
        expect_failure(
            &ctx,
            equal,
            Some(SENDER),
            Error::Replay {
                received: 50,
                last: 50,
            },
            &what,
        );
        expect_failure(
            &ctx,
            low,
            Some(SENDER),
            Error::Replay {
                received: 49,
                last: 50,
            },
            &what,
        );

        // The counter above passes once, then is a replay in its turn.
        let mut guard = ReplayGuard::<4>::new();
        guard.accept(&SENDER, p.key, InvocationCounter(50)).unwrap();
        let mut buf = high.clone();
        let u = ctx
            .unprotect_in_place(&mut buf, Some(SENDER), &mut guard)
            .unwrap();
        assert_eq!(u.plaintext, &plain[..]);
        assert_eq!(u.info.key, p.key);
        assert_eq!(guard.last(&SENDER, p.key), Some(InvocationCounter(51)));
        let mut buf = high.clone();
        assert_eq!(
            ctx.unprotect_in_place(&mut buf, Some(SENDER), &mut guard),
            Err(Error::Replay {
                received: 51,
                last: 51
            })
        );
        assert!(buf.iter().all(|b| *b == 0));
        // Each key has its own sequence.
        for other in [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated] {
            if other != p.key {
                assert_eq!(guard.last(&SENDER, other), None);
            }
        }
    }
}

#[test]
fn forged_apdus_do_not_advance_the_guard() {
    let ctx = context(0xAA);
    let mut lease = reserve(&mut MemoryStore::new(0xFFFF_FF00), 2).unwrap();
    let p = Protection::new(
        Form::Service,
        KeyUse::GlobalUnicast,
        Mode::AuthenticatedEncrypted,
    );
    let mut forged = protect_vec(&ctx, p, &mut lease, &plain()).unwrap();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let mut guard = ReplayGuard::<1>::new();
    assert_eq!(
        ctx.unprotect_in_place(&mut forged, Some(SENDER), &mut guard),
        Err(Error::AuthenticationFailed)
    );
    assert_eq!(guard.entries().count(), 0);
    // The genuine APDU with a lower counter is still accepted.
    let mut genuine = reserve(&mut MemoryStore::new(7), 1).unwrap();
    let mut apdu = protect_vec(&ctx, p, &mut genuine, &plain()).unwrap();
    ctx.unprotect_in_place(&mut apdu, Some(SENDER), &mut guard)
        .unwrap();
    assert_eq!(
        guard.last(&SENDER, KeyUse::GlobalUnicast),
        Some(InvocationCounter(7))
    );
}

#[test]
fn envelope_and_key_errors() {
    let ctx = context(0xAA);
    let mut lease = lease();
    let plain = plain();
    // The service tag is not authenticated: another glo- service tag over the same text is
    // refused because the plaintext is a get-request.
    let p = Protection::new(
        Form::Service,
        KeyUse::GlobalUnicast,
        Mode::AuthenticatedEncrypted,
    );
    let mut apdu = protect_vec(&ctx, p, &mut lease, &plain).unwrap();
    assert_eq!(apdu[0], 0xC8);
    apdu[0] = 0xCB;
    let err = ctx
        .unprotect_in_place_unguarded(&mut apdu, Some(SENDER))
        .unwrap_err();
    let Error::Decode(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.kind(),
        dlms_apdu::ErrorKind::UnexpectedTag {
            expected: 0xC3,
            found: 0xC0
        }
    );
    assert!(apdu.iter().all(|b| *b == 0));

    // A context without the broadcast or dedicated key, or without the AK.
    let bare = SecurityContext::new(
        SecuritySuite::Suite0,
        SENDER,
        &GlobalUnicastKey::new_128([0x11; 16]),
    )
    .unwrap();
    for (key, mode, sc) in [
        (KeyUse::Broadcast, Mode::Encrypted, 0x60),
        (KeyUse::Dedicated, Mode::Encrypted, 0x20),
        (KeyUse::GlobalUnicast, Mode::Authenticated, 0x10),
    ] {
        let apdu = protect_vec(
            &ctx,
            Protection::new(Form::General, key, mode),
            &mut lease,
            &plain,
        )
        .unwrap();
        let mut buf = apdu.clone();
        assert_eq!(
            bare.unprotect_in_place_unguarded(&mut buf, None),
            Err(Error::UnsupportedSecurityControl(sc))
        );
        assert!(buf.iter().all(|b| *b == 0));
        let mut out = vec![0u8; 128];
        assert_eq!(
            bare.protect(
                Protection::new(Form::General, key, mode),
                &mut lease,
                &plain,
                &mut out
            ),
            Err(Error::UnsupportedSecurityControl(sc))
        );
    }

    // Neither authentication nor encryption, and a title of the wrong length.
    let mut none = protect_vec(
        &ctx,
        Protection::new(Form::General, KeyUse::GlobalUnicast, Mode::Encrypted),
        &mut lease,
        &plain,
    )
    .unwrap();
    none[11] = 0x00;
    assert_eq!(
        ctx.unprotect_in_place_unguarded(&mut none, None),
        Err(Error::UnsupportedSecurityControl(0x00))
    );
    let mut seven = vec![0xDB, 0x07, 1, 2, 3, 4, 5, 6, 7, 0x05, 0x20, 0, 0, 0, 1];
    assert_eq!(
        ctx.unprotect_in_place_unguarded(&mut seven, None),
        Err(Error::SystemTitleLength(7))
    );
    // Not a ciphered APDU at all.
    for mut bytes in [vec![], vec![0xC0, 0x01], vec![0xDD, 0x00], vec![0xC8]] {
        assert!(matches!(
            ctx.unprotect_in_place_unguarded(&mut bytes, None),
            Err(Error::Decode(_))
        ));
    }
}

fn any_protection() -> impl Strategy<Value = Protection> {
    (0..3usize, 0..3usize, 0..2usize).prop_map(|(f, k, m)| {
        Protection::new(
            [Form::Service, Form::General, Form::GeneralWithoutTitle][f],
            [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated][k],
            AUTHENTICATED[m],
        )
    })
}

proptest! {
    /// Any single flipped bit anywhere in an authenticated APDU (tag octet, lengths, title,
    /// SC, IC, payload, tag) is refused, and the buffer is cleared; with one exception that
    /// no envelope can prevent: clearing the authentication bit of SC turns the APDU into an
    /// encryption-only one, which has no tag to fail. It is then reported as
    /// unauthenticated, and a security policy that requires authentication refuses it.
    #[test]
    fn any_flipped_bit_is_refused(
        p in any_protection(),
        body in proptest::collection::vec(any::<u8>(), 0..300),
        bit in any::<prop::sample::Index>(),
    ) {
        let ctx = context(0xAA);
        let mut plain = vec![0xC0];
        plain.extend(body);
        let mut lease = lease();
        let apdu = protect_vec(&ctx, p, &mut lease, &plain).unwrap();
        let at = bit.index(apdu.len() * 8);
        let mut t = apdu.clone();
        t[at / 8] ^= 1 << (at % 8);
        let mut guard = ReplayGuard::<4>::new();
        let got = ctx.unprotect_in_place(&mut t, Some(SENDER), &mut guard).map(|u| u.info);
        if let Ok(info) = got {
            let sc = info.security_control;
            prop_assert!(!sc.is_authenticated(), "{:?} bit {} accepted as {}", p, at, sc);
            prop_assert_eq!(sc.0 | 0x10, apdu[at / 8], "only the SC octet's bit 4 may flip");
            let policy = SecurityPolicy::V0(PolicyV0::AllAuthenticated);
            let received = policy::Protection::ciphered(sc);
            prop_assert!(policy.check(Direction::Request, received).is_err());
        } else {
            prop_assert!(t.iter().all(|b| *b == 0));
            prop_assert_eq!(guard.entries().count(), 0);
        }
    }
}
