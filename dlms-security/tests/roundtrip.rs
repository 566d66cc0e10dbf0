#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Round trips over random suites, keys, system titles, counters, envelopes, keys in use,
//! modes and plaintexts: what one context protects, its peer unprotects to the same
//! plaintext, the envelope parses with `dlms-apdu` and carries the expected header, and
//! the same APDU again is a replay.

use dlms_apdu::ciphered::{CipheredApdu, CipheredKind, CipheredService, GeneralGloDedCiphering};
use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Envelope, Error, Form, GlobalUnicastKey, Mode,
    Protection, SecurityContext, SecuritySuite, SystemTitle,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Keys {
    suite: SecuritySuite,
    ek: Vec<u8>,
    bk: Vec<u8>,
    dk: Vec<u8>,
    ak: Vec<u8>,
}

fn keys() -> impl Strategy<Value = Keys> {
    (0u8..3).prop_flat_map(|id| {
        let suite = SecuritySuite::from_id(id).unwrap();
        let n = suite.key_size().octets();
        let k = || proptest::collection::vec(any::<u8>(), n);
        (k(), k(), k(), k()).prop_map(move |(ek, bk, dk, ak)| Keys {
            suite,
            ek,
            bk,
            dk,
            ak,
        })
    })
}

fn context(k: &Keys, title: SystemTitle) -> SecurityContext {
    let mut c = SecurityContext::new(
        k.suite,
        title,
        &GlobalUnicastKey::from_slice(&k.ek).unwrap(),
    )
    .unwrap()
    .with_broadcast_key(&BroadcastKey::from_slice(&k.bk).unwrap())
    .unwrap()
    .with_authentication_key(AuthenticationKey::from_slice(&k.ak).unwrap())
    .unwrap();
    c.set_dedicated_key(Some(&DedicatedKey::from_slice(&k.dk).unwrap()))
        .unwrap();
    c
}

fn protection() -> impl Strategy<Value = Protection> {
    (0..3usize, 0..3usize, 0..3usize).prop_map(|(f, k, m)| {
        Protection::new(
            [Form::Service, Form::General, Form::GeneralWithoutTitle][f],
            [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated][k],
            [
                Mode::Authenticated,
                Mode::Encrypted,
                Mode::AuthenticatedEncrypted,
            ][m],
        )
    })
}

/// A plaintext APDU: for service-specific envelopes it starts with a service's tag.
fn plaintext() -> impl Strategy<Value = Vec<u8>> {
    (
        0..CipheredService::ALL.len(),
        proptest::collection::vec(any::<u8>(), 0..600),
    )
        .prop_map(|(i, mut body)| {
            body.insert(0, CipheredService::ALL[i].plain_tag());
            body
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn protect_then_unprotect(
        k in keys(),
        sender in any::<[u8; 8]>(),
        start in 0u64..=u64::from(u32::MAX),
        p in protection(),
        plain in plaintext(),
    ) {
        let sender = SystemTitle(sender);
        let tx = context(&k, sender);
        let rx = context(&k, SystemTitle([0xEE; 8]));
        let mut store = MemoryStore::new(start);
        let mut lease = reserve(&mut store, 2).unwrap();
        let ic = lease.peek().unwrap();

        let len = tx.protected_len(p, &plain).unwrap();
        let mut out = vec![0u8; len + 3];
        let n = tx.protect(p, &mut lease, &plain, &mut out).unwrap();
        prop_assert_eq!(n, len);
        let apdu = out[..n].to_vec();

        // The envelope as dlms-apdu reads it.
        let sc = p.security_control(k.suite);
        let (header, text_len) = if p.form == Form::Service {
            let c = CipheredApdu::parse_exact(&apdu).unwrap();
            prop_assert_eq!(c.kind, CipheredKind::new(CipheredService::from_plain_tag(plain[0]).unwrap(), p.ciphering()));
            (c.header(), c.ciphered_text().len())
        } else {
            let g = GeneralGloDedCiphering::parse_exact(&apdu).unwrap();
            prop_assert_eq!(g.ciphering, p.ciphering());
            let title: &[u8] = if p.form == Form::General { &sender.0 } else { &[] };
            prop_assert_eq!(g.system_title, title);
            (g.header(), g.ciphered_text().len())
        };
        prop_assert_eq!(header.security_control, sc);
        prop_assert_eq!(header.invocation_counter, ic.0);
        prop_assert_eq!(text_len, plain.len() + if p.mode == Mode::Encrypted { 0 } else { 12 });
        if p.mode == Mode::Authenticated {
            // Authentication only: the payload travels in clear.
            prop_assert!(apdu.windows(plain.len()).any(|w| w == &plain[..]));
        }

        let mut guard = ReplayGuard::<2>::new();
        let mut buf = apdu.clone();
        let u = rx.unprotect_in_place(&mut buf, Some(sender), &mut guard).unwrap();
        prop_assert_eq!(u.plaintext, &plain[..]);
        prop_assert_eq!(u.info.security_control, sc);
        prop_assert_eq!(u.info.invocation_counter, ic);
        prop_assert_eq!(u.info.system_title, sender);
        prop_assert_eq!(u.info.key, p.key);
        prop_assert_eq!(u.info.envelope.form(), p.form);
        prop_assert_eq!(u.info.envelope.ciphering(), p.ciphering());
        if let Envelope::Service(kind) = u.info.envelope {
            prop_assert_eq!(kind.tag(), apdu[0]);
        }
        prop_assert_eq!(guard.last(&sender, p.key), Some(ic));

        let mut again = apdu.clone();
        prop_assert_eq!(
            rx.unprotect_in_place(&mut again, Some(sender), &mut guard),
            Err(Error::Replay { received: ic.0, last: ic.0 })
        );

        // The next counter of the lease goes through, if the key has one left.
        if let Some(next) = lease.peek() {
            let n = tx.protect(p, &mut lease, &plain, &mut out).unwrap();
            let u = rx.unprotect_in_place(&mut out[..n], Some(sender), &mut guard).unwrap();
            prop_assert_eq!(u.info.invocation_counter, next);
        } else {
            prop_assert_eq!(tx.protect(p, &mut lease, &plain, &mut out), Err(Error::CounterExhausted));
        }
    }

    /// Unprotecting arbitrary bytes never panics, and whatever it accepts as authenticated
    /// was verified under the keys (so random input never is).
    #[test]
    fn arbitrary_input_is_refused_without_panicking(
        k in keys(),
        tag in prop::sample::select(&[0xC8u8, 0xD0, 0x21, 0xDB, 0xDC, 0x0F][..]),
        body in proptest::collection::vec(any::<u8>(), 0..120),
    ) {
        let rx = context(&k, SystemTitle([1; 8]));
        let mut apdu = vec![tag];
        apdu.extend(body);
        let mut guard = ReplayGuard::<2>::new();
        if let Ok(u) = rx.unprotect_in_place(&mut apdu, Some(SystemTitle([2; 8])), &mut guard) {
            prop_assert!(!u.info.security_control.is_authenticated());
        }
    }
}

#[test]
fn exhausted_lease_sends_nothing() {
    let k = Keys {
        suite: SecuritySuite::Suite0,
        ek: vec![1; 16],
        bk: vec![2; 16],
        dk: vec![3; 16],
        ak: vec![4; 16],
    };
    let tx = context(&k, SystemTitle([5; 8]));
    let mut lease = reserve(&mut MemoryStore::new(10), 1).unwrap();
    let p = Protection::new(
        Form::Service,
        KeyUse::GlobalUnicast,
        Mode::AuthenticatedEncrypted,
    );
    let mut out = [0u8; 64];
    tx.protect(p, &mut lease, &[0xC0, 1, 2], &mut out).unwrap();
    let mut again = [0xAAu8; 64];
    assert_eq!(
        tx.protect(p, &mut lease, &[0xC0, 1, 2], &mut again),
        Err(Error::LeaseExhausted)
    );
    assert_eq!(again, [0xAA; 64]);
    assert_eq!(lease.peek(), None);
}

#[cfg(feature = "alloc")]
#[test]
fn vec_forms() {
    let k = Keys {
        suite: SecuritySuite::Suite2,
        ek: vec![1; 32],
        bk: vec![2; 32],
        dk: vec![3; 32],
        ak: vec![4; 32],
    };
    let tx = context(&k, SystemTitle([5; 8]));
    let mut lease = reserve(&mut MemoryStore::new(0), 4).unwrap();
    let p = Protection::new(
        Form::General,
        KeyUse::Dedicated,
        Mode::AuthenticatedEncrypted,
    );
    let apdu = tx
        .protect_to_vec(p, &mut lease, &[0x0F, 0, 0, 0, 1, 0, 0])
        .unwrap();
    assert_eq!(apdu[0], 0xDC);
    let mut guard = ReplayGuard::<1>::new();
    let (plain, info) = tx.unprotect_to_vec(&apdu, None, &mut guard).unwrap();
    assert_eq!(plain, [0x0F, 0, 0, 0, 1, 0, 0]);
    assert_eq!(info.key, KeyUse::Dedicated);
    assert_eq!(info.invocation_counter, dlms_security::InvocationCounter(0));
    assert_eq!(
        tx.unprotect_to_vec(&apdu, None, &mut guard),
        Err(Error::Replay {
            received: 0,
            last: 0
        })
    );
}
