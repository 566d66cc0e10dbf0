//! Interoperability check of general-ciphering and general-signing in `dlms-security`
//! against gurux-dlms (`interop/general_gurux.py`).
//!
//! ```text
//! interop_general GURUX.json [OURS.json]
//! ```
//!
//! 1. Unprotects the general-ciphering APDUs gurux-dlms protected (identified key in suites
//!    1 and 2, authenticated encryption and authentication only; static unified model and
//!    one-pass Diffie-Hellman) and verifies its general-signing APDUs; each must give the
//!    peer's plaintext, and the same APDU with its last bit flipped must be refused.
//! 2. With OURS.json: protects and signs the same kinds of APDU for
//!    `general_gurux.py --check`.
//!
//! Prints `N passed, M failed` for the first part and exits non-zero on any failure.

mod common;

use std::process::ExitCode;

use common::BoxResult;

use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::ecc::{Curve, PrivateKey};
use dlms_security::general::{self, Expected, Header, Outgoing, RecipientKeys, SenderKey};
use dlms_security::replay::ReplayGuard;
use dlms_security::{
    AuthenticationKey, GlobalUnicastKey, InvocationCounter, Mode, SecuritySuite, SystemTitle,
};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use serde_json::{Value, json};

fn main() -> ExitCode {
    common::exit_code("interop_general", run)
}

fn hx(v: &Value) -> BoxResult<Vec<u8>> {
    Ok(hex::decode(v.as_str().ok_or("expected a hex string")?)?)
}

fn title(v: &Value) -> BoxResult<SystemTitle> {
    Ok(SystemTitle::from_slice(&hx(v)?)?)
}

/// One suite's keys as the peer document gives them.
struct Keys {
    suite: SecuritySuite,
    ek: GlobalUnicastKey,
    ak: AuthenticationKey,
    client_signing: PrivateKey,
    client_agreement: PrivateKey,
    server_agreement: PrivateKey,
}

fn keys(doc: &Value, suite: u8) -> BoxResult<Keys> {
    let k = &doc["keys"][suite.to_string()];
    let curve = if suite == 2 { Curve::P384 } else { Curve::P256 };
    Ok(Keys {
        suite: SecuritySuite::from_id(suite)?,
        ek: GlobalUnicastKey::from_slice(&hx(&k["ek"])?)?,
        ak: AuthenticationKey::from_slice(&hx(&k["ak"])?)?,
        client_signing: PrivateKey::from_slice(curve, &hx(&k["client_signing"])?)?,
        client_agreement: PrivateKey::from_slice(curve, &hx(&k["client_agreement"])?)?,
        server_agreement: PrivateKey::from_slice(curve, &hx(&k["server_agreement"])?)?,
    })
}

fn run() -> BoxResult<bool> {
    let (peer, out_path) =
        common::peer_and_output("usage: interop_general GURUX.json [OURS.json]")?;
    let client = title(&peer["client"])?;
    let server = title(&peer["server"])?;
    let expected = Expected {
        recipient: server,
        originator: Some(client),
        transaction_id: None,
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut verdict = |ok: bool, what: String| {
        if ok {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {what}");
        }
    };
    let mut guard = ReplayGuard::<4>::new();
    for case in peer["ciphering"].as_array().ok_or("ciphering")? {
        let suite = u8::try_from(case["suite"].as_u64().ok_or("suite")?)?;
        let k = keys(&peer, suite)?;
        let signing = k.client_signing.public_key();
        let agreement = k.client_agreement.public_key();
        let rk = RecipientKeys {
            unicast: Some(&k.ek),
            agreement: Some(&k.server_agreement),
            originator_signing: Some(&signing),
            originator_agreement: Some(&agreement),
            ..RecipientKeys::default()
        };
        let apdu = hx(&case["apdu"])?;
        let what = format!("{} suite {suite} sc {}", case["kind"], case["sc"]);
        let mut buf = apdu.clone();
        match general::unprotect_in_place(
            &mut buf,
            k.suite,
            Some(&k.ak),
            &rk,
            &expected,
            &mut guard,
        ) {
            Ok(r) => verdict(r.plaintext == hx(&case["plaintext"])?, what.clone()),
            Err(e) => verdict(false, format!("{what}: {e}")),
        }
        let mut bad = apdu.clone();
        if let Some(last) = bad.last_mut() {
            *last ^= 1;
        }
        let mut fresh = ReplayGuard::<4>::new();
        let refused =
            general::unprotect_in_place(&mut bad, k.suite, Some(&k.ak), &rk, &expected, &mut fresh)
                .is_err();
        verdict(
            refused && bad.iter().all(|b| *b == 0),
            format!("{what}: tampered"),
        );
    }
    for case in peer["signing"].as_array().ok_or("signing")? {
        let suite = u8::try_from(case["suite"].as_u64().ok_or("suite")?)?;
        let k = keys(&peer, suite)?;
        let public = k.client_signing.public_key();
        let apdu = hx(&case["apdu"])?;
        let what = format!("general-signing suite {suite}");
        match general::verify(&apdu, &public, &expected) {
            Ok(s) => verdict(s.content == hx(&case["content"])?, what.clone()),
            Err(e) => verdict(false, format!("{what}: {e}")),
        }
        let mut bad = apdu.clone();
        if let Some(b) = bad.get_mut(3) {
            *b ^= 1;
        }
        verdict(
            general::verify(&bad, &public, &expected).is_err(),
            format!("{what}: tampered"),
        );
    }
    println!("gurux-dlms general-ciphering and general-signing, undone by dlms-security:");
    println!("{passed} passed, {failed} failed");

    if let Some(path) = out_path {
        write_ours(&peer, client, server, &path)?;
    }
    Ok(failed == 0)
}

fn write_ours(peer: &Value, client: SystemTitle, server: SystemTitle, path: &str) -> BoxResult<()> {
    let plain = hex::decode("C001C100080000010000FF0200")?;
    let mut cases = Vec::new();
    let mut signed = Vec::new();
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let mut store = MemoryStore::new(500);
    for suite in [1u8, 2] {
        let k = keys(peer, suite)?;
        let server_public = k.server_agreement.public_key();
        let kinds: [(&str, SenderKey<'_>, Mode, u8); 5] = [
            (
                "identified",
                SenderKey::GlobalUnicast(&k.ek),
                Mode::AuthenticatedEncrypted,
                0x30,
            ),
            (
                "identified",
                SenderKey::GlobalUnicast(&k.ek),
                Mode::Authenticated,
                0x10,
            ),
            (
                "static-unified",
                SenderKey::StaticUnified {
                    agreement: &k.client_agreement,
                    recipient_agreement: &server_public,
                },
                Mode::AuthenticatedEncrypted,
                0x30,
            ),
            (
                "one-pass",
                SenderKey::OnePass {
                    signing: &k.client_signing,
                    recipient_agreement: &server_public,
                },
                Mode::AuthenticatedEncrypted,
                0x30,
            ),
            (
                "one-pass",
                SenderKey::OnePass {
                    signing: &k.client_signing,
                    recipient_agreement: &server_public,
                },
                Mode::Authenticated,
                0x10,
            ),
        ];
        for (kind, key, mode, bits) in &kinds {
            let mut lease = reserve(&mut store, 1)?;
            // gurux-dlms takes the transaction id for the invocation counter.
            let tid = general::transaction_id_of(lease.peek().unwrap_or(InvocationCounter(0)));
            let outgoing = Outgoing {
                suite: k.suite,
                mode: *mode,
                authentication_key: Some(&k.ak),
                header: Header {
                    transaction_id: &tid,
                    originator: client,
                    recipient: Some(server),
                    date_time: &[],
                    other_information: &[],
                },
            };
            let apdu = general::protect_to_vec(&outgoing, key, &mut rng, &mut lease, &plain)?;
            cases.push(json!({
                "suite": suite, "kind": kind, "sc": bits | suite,
                "apdu": hex::encode_upper(&apdu), "plaintext": hex::encode_upper(&plain),
            }));
        }
        let tid = [0u8, 0, 0, 0, 0, 0, 1, suite];
        let header = Header {
            transaction_id: &tid,
            originator: client,
            recipient: Some(server),
            date_time: &[],
            other_information: &[],
        };
        let curve = k.client_signing.curve();
        let mut out = vec![0u8; general::signed_len(&header, curve, plain.len())];
        let n = general::sign(&header, &k.client_signing, &plain, &mut out)?;
        signed.push(json!({
            "suite": suite, "apdu": hex::encode_upper(&out[..n]),
            "content": hex::encode_upper(&plain),
        }));
    }
    let doc = json!({"peer": "dlms-security", "ciphering": cases, "signing": signed});
    std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")?;
    Ok(())
}
