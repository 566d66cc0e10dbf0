#![no_main]
//! The smaller parsers and state machines of dlms-security: HLS challenges and responses
//! (mechanisms 5 and 7), AES key unwrap, the security policy attribute, the suite from a
//! security control octet, and the replay guard.
//!
//! Forged responses and wrapped keys must be refused; what one side computes the other must
//! accept; a policy's own protection must satisfy it; the replay guard must accept exactly
//! the counters above the last one accepted per sender and key.

use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::hls::{Exchange, Gmac};
use dlms_security::kw::{unwrap_key, unwrap_octets, wrap_octets};
use dlms_security::policy::{self, Direction};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, Challenge, GlobalUnicastKey, Hls, InvocationCounter, MasterKey,
    SecurityControl, SecurityPolicy, SecuritySuite, SystemTitle,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

#[derive(Arbitrary, Debug)]
struct Input {
    ctos: Vec<u8>,
    stoc: Vec<u8>,
    response: Vec<u8>,
    secret: Vec<u8>,
    wrapped: Vec<u8>,
    key_data: Vec<u8>,
    policy: (u8, u8),
    sc: u8,
    replay: Vec<(u8, u8, u32)>,
}

const CLIENT: SystemTitle = SystemTitle([0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1]);
const SERVER: SystemTitle = SystemTitle([0x4C, 0x47, 0x5A, 0, 0, 0xBC, 0x61, 0x4E]);

libfuzzer_sys::fuzz_target!(|input: Input| {
    hls(&input);
    key_wrap(&input);
    policy(&input);
    replay(&input);
});

fn hls(input: &Input) {
    let (Ok(ctos), Ok(stoc)) = (
        Challenge::from_slice(&input.ctos),
        Challenge::from_slice(&input.stoc),
    ) else {
        return;
    };
    assert_eq!(ctos.as_bytes(), &input.ctos[..]);
    let ek = GlobalUnicastKey::new_128([0x11; 16]);
    let ak = AuthenticationKey::new_128([0xD0; 16]);
    let gmac = Gmac::new(SecuritySuite::Suite0, &ek, &ak).expect("suite 0 keys");
    let secret = input.secret.as_slice();
    let client = Exchange::client(CLIENT, SERVER, &ctos, &stoc);
    let server = Exchange::server(CLIENT, SERVER, &ctos, &stoc);
    for hls in [Hls::Gmac(gmac), Hls::Sha256 { secret }] {
        // The client answers StoC; the server checks it.
        let mut store = MemoryStore::new(7);
        let mut lease = reserve(&mut store, 2).expect("lease");
        let answer = hls.respond(&client, Some(&mut lease)).expect("respond");
        let ok = hls
            .verify(&server, answer.as_bytes())
            .expect("a true answer verifies");
        if let Hls::Gmac(_) = hls {
            assert_eq!(ok, Some(InvocationCounter(7)));
        }
        // An arbitrary answer is refused unless it is the true one.
        if input.response.as_slice() != answer.as_bytes() {
            assert!(
                hls.verify(&server, &input.response).is_err(),
                "a forged answer verified"
            );
        }
        // Nor does the answer to the other challenge pass for this one.
        if ctos.as_bytes() != stoc.as_bytes() {
            let mut lease = reserve(&mut store, 1).expect("lease");
            let other = hls.respond(&server, Some(&mut lease)).expect("respond");
            assert!(
                hls.verify(&server, other.as_bytes()).is_err(),
                "a reflected answer verified"
            );
        }
    }
}

fn key_wrap(input: &Input) {
    let kek = MasterKey::new_128([0x4B; 16]);
    // Nothing forged unwraps.
    let mut out = [0u8; 128];
    let mut wrapped = [0u8; 136];
    if input.key_data.len() <= 128 {
        if let Ok(n) = wrap_octets(&[0x4B; 16], &input.key_data, &mut wrapped) {
            let m = unwrap_octets(&[0x4B; 16], &wrapped[..n], &mut out)
                .expect("unwrap what was wrapped");
            assert_eq!(&out[..m], &input.key_data[..]);
            if n == input.wrapped.len() && wrapped[..n] != input.wrapped[..] {
                assert!(
                    unwrap_octets(&[0x4B; 16], &input.wrapped, &mut out).is_err(),
                    "a forged key unwrapped"
                );
            }
        }
    }
    let _ = unwrap_octets(&input.key_data, &input.wrapped, &mut out);
    assert!(
        unwrap_key(&kek, &input.wrapped).is_err(),
        "an arbitrary wrapped key unwrapped"
    );
}

fn policy(input: &Input) {
    let (version, value) = input.policy;
    if let Some(p) = SecurityPolicy::from_attribute(version, value) {
        assert_eq!(p.value(), value);
        for direction in [Direction::Request, Direction::Response] {
            for suite in [
                SecuritySuite::Suite0,
                SecuritySuite::Suite1,
                SecuritySuite::Suite2,
            ] {
                if let Ok(protection) = p.protection(direction, suite) {
                    assert!(
                        p.check(direction, protection).is_ok(),
                        "a policy refuses its own protection"
                    );
                }
            }
            let _ = p.check(
                direction,
                policy::Protection::ciphered(SecurityControl(input.sc)),
            );
        }
    }
    if let Ok(suite) = SecuritySuite::of(SecurityControl(input.sc)) {
        assert_eq!(suite.id(), input.sc & 0x0F);
    }
}

fn replay(input: &Input) {
    let mut guard = ReplayGuard::<3>::new();
    let mut last: Vec<((SystemTitle, KeyUse), u32)> = Vec::new();
    for &(title, key, counter) in &input.replay {
        let title = SystemTitle([title % 5; 8]);
        let key = match key % 3 {
            0 => KeyUse::GlobalUnicast,
            1 => KeyUse::Broadcast,
            _ => KeyUse::Dedicated,
        };
        let known = last.iter().position(|(k, _)| *k == (title, key));
        let accepted = guard
            .accept(&title, key, InvocationCounter(counter))
            .is_ok();
        match known {
            Some(i) => {
                assert_eq!(accepted, counter > last[i].1, "replay guard disagrees");
                if accepted {
                    last[i].1 = counter;
                }
            }
            None => {
                assert_eq!(accepted, last.len() < 3, "replay guard lost a slot");
                if accepted {
                    last.push(((title, key), counter));
                }
            }
        }
        assert_eq!(
            guard.last(&title, key),
            last.iter()
                .find(|(k, _)| *k == (title, key))
                .map(|(_, c)| InvocationCounter(*c))
        );
    }
}
