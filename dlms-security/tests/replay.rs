#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Receive-side replay protection: equal and lower counters are refused, each (system
//! title, key) pair has its own sequence, and a failed verification never advances the
//! guard.

use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::hls::{Challenge, Exchange, Gmac, Hls};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, Error, GlobalUnicastKey, InvocationCounter, SecuritySuite, SystemTitle,
};
use proptest::prelude::*;

const METER: SystemTitle = SystemTitle([0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E]);
const OTHER: SystemTitle = SystemTitle([0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1]);

fn ic(v: u32) -> InvocationCounter {
    InvocationCounter(v)
}

#[test]
fn equal_and_lower_counters_are_refused() {
    let mut g = ReplayGuard::<4>::new();
    assert_eq!(g.last(&METER, KeyUse::GlobalUnicast), None);
    // The first counter from a sender is accepted, whatever it is (0 included).
    g.accept(&METER, KeyUse::GlobalUnicast, ic(0)).unwrap();
    g.accept(&METER, KeyUse::GlobalUnicast, ic(100)).unwrap();
    for replay in [0, 1, 99, 100] {
        let e = Err(Error::Replay {
            received: replay,
            last: 100,
        });
        assert_eq!(g.check(&METER, KeyUse::GlobalUnicast, ic(replay)), e);
        assert_eq!(g.accept(&METER, KeyUse::GlobalUnicast, ic(replay)), e);
    }
    // A refused accept changes nothing.
    assert_eq!(g.last(&METER, KeyUse::GlobalUnicast), Some(ic(100)));
    // Gaps are fine: counters need only increase.
    g.accept(&METER, KeyUse::GlobalUnicast, ic(5000)).unwrap();
    g.accept(&METER, KeyUse::GlobalUnicast, ic(u32::MAX))
        .unwrap();
    assert!(
        g.check(&METER, KeyUse::GlobalUnicast, ic(u32::MAX))
            .is_err()
    );
}

#[test]
fn keys_and_senders_are_kept_apart() {
    let mut g = ReplayGuard::<6>::new();
    g.accept(&METER, KeyUse::GlobalUnicast, ic(1000)).unwrap();
    // The dedicated key starts again each association: its low counters are not replays of
    // the global key's.
    g.accept(&METER, KeyUse::Dedicated, ic(1)).unwrap();
    g.accept(&METER, KeyUse::Dedicated, ic(2)).unwrap();
    g.accept(&METER, KeyUse::Broadcast, ic(3)).unwrap();
    // Another sender has its own sequence too.
    g.accept(&OTHER, KeyUse::GlobalUnicast, ic(1)).unwrap();
    assert_eq!(g.last(&METER, KeyUse::GlobalUnicast), Some(ic(1000)));
    assert_eq!(g.last(&METER, KeyUse::Dedicated), Some(ic(2)));
    assert_eq!(g.last(&METER, KeyUse::Broadcast), Some(ic(3)));
    assert_eq!(g.last(&OTHER, KeyUse::GlobalUnicast), Some(ic(1)));
    assert!(g.check(&METER, KeyUse::Dedicated, ic(2)).is_err());
    assert!(g.check(&METER, KeyUse::GlobalUnicast, ic(2)).is_err());
    assert!(g.check(&OTHER, KeyUse::Dedicated, ic(0)).is_ok());
    // A new dedicated key: forget the pair and its counters start again.
    g.forget(&METER, KeyUse::Dedicated);
    assert_eq!(g.last(&METER, KeyUse::Dedicated), None);
    g.accept(&METER, KeyUse::Dedicated, ic(1)).unwrap();
    assert_eq!(g.last(&METER, KeyUse::GlobalUnicast), Some(ic(1000)));
    let mut entries: Vec<_> = g.entries().collect();
    entries.sort_by_key(|e| (e.0, e.2));
    assert_eq!(entries.len(), 4);
}

#[test]
fn a_full_guard_refuses_new_pairs_but_serves_known_ones() {
    let mut g = ReplayGuard::<1>::new();
    g.accept(&METER, KeyUse::GlobalUnicast, ic(1)).unwrap();
    assert_eq!(
        g.accept(&OTHER, KeyUse::GlobalUnicast, ic(1)),
        Err(Error::ReplayGuardFull)
    );
    assert_eq!(
        g.accept(&METER, KeyUse::Dedicated, ic(1)),
        Err(Error::ReplayGuardFull)
    );
    g.accept(&METER, KeyUse::GlobalUnicast, ic(2)).unwrap();
    assert_eq!(g.entries().count(), 1);
}

#[test]
fn a_forged_response_does_not_advance_the_guard() {
    // A client verifies the meter's HLS GMAC responses (mechanism 5) and feeds the counters
    // to its guard only once the tag verified. Green Book keys and titles as in tests/hls.rs.
    let ek = GlobalUnicastKey::new_128(core::array::from_fn(|i| i as u8));
    let ak = AuthenticationKey::new_128(core::array::from_fn(|i| 0xD0 + i as u8));
    let hls = Hls::Gmac(Gmac::new(SecuritySuite::Suite0, &ek, &ak).unwrap());
    let client = SystemTitle([0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1]);
    let ctos = Challenge::from_slice(b"K56iVagY").unwrap();
    let stoc = Challenge::from_slice(b"P6wRJ21F").unwrap();
    let at_meter = Exchange::server(client, METER, &ctos, &stoc);
    let at_client = Exchange::client(client, METER, &ctos, &stoc);
    let mut guard = ReplayGuard::<2>::new();

    let mut lease = reserve(&mut MemoryStore::new(0x0123_4567), 8).unwrap();
    let genuine = hls.respond(&at_meter, Some(&mut lease)).unwrap();

    // An attacker forges a response with the highest counter: it is checked (and passes the
    // replay check, being higher), fails verification, and must leave the guard untouched.
    let mut forged = genuine.as_bytes().to_vec();
    forged[1..5].copy_from_slice(&[0xFF; 4]);
    let claimed = ic(u32::from_be_bytes(forged[1..5].try_into().unwrap()));
    assert_eq!(guard.check(&METER, KeyUse::GlobalUnicast, claimed), Ok(()));
    assert_eq!(
        hls.verify(&at_client, &forged),
        Err(Error::AuthenticationFailed)
    );
    assert_eq!(guard.last(&METER, KeyUse::GlobalUnicast), None);

    // The genuine response still goes through, and then cannot be replayed.
    let got = hls.verify(&at_client, genuine.as_bytes()).unwrap().unwrap();
    assert_eq!(got, ic(0x0123_4567));
    guard.check(&METER, KeyUse::GlobalUnicast, got).unwrap();
    guard.accept(&METER, KeyUse::GlobalUnicast, got).unwrap();
    let again = hls.verify(&at_client, genuine.as_bytes()).unwrap().unwrap();
    assert_eq!(
        guard.check(&METER, KeyUse::GlobalUnicast, again),
        Err(Error::Replay {
            received: 0x0123_4567,
            last: 0x0123_4567
        })
    );
    // The meter's next response carries the next counter and is accepted.
    let next = hls.respond(&at_meter, Some(&mut lease)).unwrap();
    let got = hls.verify(&at_client, next.as_bytes()).unwrap().unwrap();
    guard.accept(&METER, KeyUse::GlobalUnicast, got).unwrap();
    assert_eq!(
        guard.last(&METER, KeyUse::GlobalUnicast),
        Some(ic(0x0123_4568))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Against a model (the maximum accepted so far), for random counters, keys and
    /// verification outcomes.
    #[test]
    fn guard_matches_its_model(steps in prop::collection::vec((0u32..64, 0usize..3, any::<bool>()), 0..80)) {
        let keys = [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated];
        let mut g = ReplayGuard::<3>::new();
        let mut model: [Option<u32>; 3] = [None; 3];
        for (counter, k, verifies) in steps {
            let fresh = model[k].is_none_or(|last| counter > last);
            let checked = g.check(&METER, keys[k], ic(counter));
            prop_assert_eq!(checked.is_ok(), fresh);
            if checked.is_ok() && verifies {
                g.accept(&METER, keys[k], ic(counter)).unwrap();
                model[k] = Some(counter);
            }
            for (i, key) in keys.iter().enumerate() {
                prop_assert_eq!(g.last(&METER, *key).map(|c| c.0), model[i]);
            }
        }
    }
}
