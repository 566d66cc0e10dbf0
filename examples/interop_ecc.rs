//! Interoperability check of the `dlms-security` elliptic-curve parts (suites 1 and 2)
//! against the gurux-dlms Python package.
//!
//! ```text
//! interop_ecc GURUX.json [OURS.json]
//! ```
//!
//! 1. Reads what gurux-dlms computed (`interop/ecc_gurux.py GURUX.json`) and checks it:
//!    public keys derived from private keys, ECDH shared secrets, ECDSA signatures of random
//!    messages (and that a flipped bit is refused), gurux's HLS mechanism 7 client
//!    responses f(StoC) as a server verifies them, and gurux's Security setup
//!    `key_agreement` requests, parsed and verified entry by entry.
//! 2. With OURS.json: answers each of those requests as the server (new ephemeral keys
//!    signed with our signing key, and the agreed keys), signs random messages on both
//!    curves, and computes HLS-7 responses of both roles, for
//!    `ecc_gurux.py --check OURS.json`, where gurux verifies them and derives the keys.
//!
//! Prints `N passed, M failed` for the first part and exits non-zero on any failure.

mod common;

use std::process::ExitCode;

use common::BoxResult;

use dlms_security::ecc::{Curve, PrivateKey, PublicKey};
use dlms_security::hls::{Challenge, Ecdsa, Exchange, Hls};
use dlms_security::key_agreement::{KeyAgreementData, MAX_DATA_LEN, respond};
use dlms_security::{Error, SecuritySuite, SystemTitle};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::{Value, json};

/// Signatures per curve and HLS-7 exchanges per curve written for gurux.
const OURS_SIGNATURES: usize = 30;
const OURS_HLS7: usize = 15;

fn main() -> ExitCode {
    common::exit_code("interop_ecc", run)
}

fn run() -> BoxResult<bool> {
    let (peer, out_path) = common::peer_and_output("usage: interop_ecc GURUX.json [OURS.json]")?;
    let name = peer["peer"].as_str().unwrap_or("peer").to_owned();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut verdict = |r: BoxResult<()>, what: String| match r {
        Ok(()) => passed += 1,
        Err(e) => {
            failed += 1;
            println!("FAIL {what}: {e}");
        }
    };
    for (i, k) in array(&peer, "public_keys")?.iter().enumerate() {
        verdict(check_public_key(k), format!("public key {i}"));
    }
    for (i, k) in array(&peer, "ecdh")?.iter().enumerate() {
        verdict(check_ecdh(k), format!("ecdh {i}"));
    }
    for (i, s) in array(&peer, "signatures")?.iter().enumerate() {
        verdict(check_signature(s, i), format!("signature {i}"));
    }
    for (i, h) in array(&peer, "hls7")?.iter().enumerate() {
        verdict(check_hls7(h), format!("hls7 {i}"));
    }
    for (i, k) in array(&peer, "key_agreement")?.iter().enumerate() {
        verdict(check_request(k), format!("key_agreement request {i}"));
    }
    if let Some(path) = out_path {
        std::fs::write(path, serde_json::to_string_pretty(&ours(&peer)?)?)?;
    }
    println!("{name} signed and agreed, dlms-security checked:");
    println!("{passed} passed, {failed} failed");
    Ok(failed == 0)
}

fn curve(v: &Value) -> BoxResult<Curve> {
    match text(v, "curve")? {
        "P-256" => Ok(Curve::P256),
        "P-384" => Ok(Curve::P384),
        other => Err(format!("unknown curve {other}").into()),
    }
}

fn curve_name(c: Curve) -> &'static str {
    match c {
        Curve::P256 => "P-256",
        Curve::P384 => "P-384",
    }
}

fn check_public_key(k: &Value) -> BoxResult<()> {
    let c = curve(k)?;
    let ours = PrivateKey::from_slice(c, &hexf(k, "private")?)?.public_key();
    if ours.to_xy().as_slice() != hexf(k, "public")?.as_slice() {
        return Err(format!("ours {}", hex::encode(ours.to_xy())).into());
    }
    Ok(())
}

fn check_ecdh(k: &Value) -> BoxResult<()> {
    let c = curve(k)?;
    let peer = PublicKey::from_xy(c, &hexf(k, "peer_public")?)?;
    let z = PrivateKey::from_slice(c, &hexf(k, "private")?)?.diffie_hellman(&peer)?;
    if z.expose_secret() != hexf(k, "z")?.as_slice() {
        return Err("Z differs".into());
    }
    Ok(())
}

fn check_signature(s: &Value, i: usize) -> BoxResult<()> {
    let public = PublicKey::from_xy(curve(s)?, &hexf(s, "public")?)?;
    let msg = hexf(s, "message")?;
    let sig = hexf(s, "signature")?;
    public.verify_raw(&msg, &sig)?;
    let mut bad = sig.clone();
    bad[i % sig.len()] ^= 1 << (i % 8);
    if public.verify_raw(&msg, &bad) != Err(Error::AuthenticationFailed) {
        return Err("a flipped bit was accepted".into());
    }
    Ok(())
}

/// gurux's client f(StoC), verified as our server verifies it.
fn check_hls7(h: &Value) -> BoxResult<()> {
    let c = curve(h)?;
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let server_key = PrivateKey::generate(c, &mut rng)?;
    let client_pub = PublicKey::from_xy(c, &hexf(h, "client_public")?)?;
    let hls = Hls::Ecdsa(Ecdsa::new(&server_key, &client_pub)?);
    let (ctos, stoc) = (
        Challenge::from_slice(&hexf(h, "ctos")?)?,
        Challenge::from_slice(&hexf(h, "stoc")?)?,
    );
    let client = SystemTitle::from_slice(&hexf(h, "client_title")?)?;
    let server = SystemTitle::from_slice(&hexf(h, "server_title")?)?;
    let f = hexf(h, "f_stoc")?;
    hls.verify(&Exchange::server(client, server, &ctos, &stoc), &f)?;
    // The same response under the roles swapped must not verify.
    if hls
        .verify(&Exchange::server(server, client, &ctos, &stoc), &f)
        .is_ok()
    {
        return Err("verified with the system titles swapped".into());
    }
    Ok(())
}

fn suite(v: &Value) -> BoxResult<SecuritySuite> {
    Ok(SecuritySuite::from_id(u8::try_from(num(v, "suite")?)?)?)
}

/// gurux's request: parses, and every entry verifies with the client's signing key.
fn check_request(k: &Value) -> BoxResult<()> {
    let c = Curve::for_suite(suite(k)?)?;
    let signer = PublicKey::from_xy(c, &hexf(k, "client_signing_public")?)?;
    let request = hexf(k, "request")?;
    let data = KeyAgreementData::parse(&request)?;
    let ids: Vec<u64> = data.iter().map(|e| u64::from(e.key_id.value())).collect();
    let want: Vec<u64> = array(k, "key_ids")?
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    if ids != want {
        return Err(format!("key ids {ids:?}, gurux wrote {want:?}").into());
    }
    for (entry, eph) in data.iter().zip(array(k, "ephemeral_private")?) {
        let public = entry.verify(&signer)?;
        let eph = PrivateKey::from_slice(c, &hex::decode(eph.as_str().unwrap_or(""))?)?;
        if eph.public_key() != public {
            return Err("ephemeral public key differs".into());
        }
    }
    Ok(())
}

fn bytes(rng: &mut ChaCha8Rng, n: usize) -> Vec<u8> {
    let mut b = vec![0; n];
    rng.fill_bytes(&mut b);
    b
}

fn range(rng: &mut ChaCha8Rng, lo: u32, hi: u32) -> usize {
    (lo + rng.next_u32() % (hi - lo)) as usize
}

/// Our answers to gurux's requests, our signatures and our HLS-7 responses.
fn ours(peer: &Value) -> BoxResult<Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(0xECC);
    let mut key_agreement = Vec::new();
    for k in array(peer, "key_agreement")? {
        let suite = suite(k)?;
        let c = Curve::for_suite(suite)?;
        let server_signing = PrivateKey::generate(c, &mut rng)?;
        let client_signing = PublicKey::from_xy(c, &hexf(k, "client_signing_public")?)?;
        let client = SystemTitle::from_slice(&hexf(k, "client_title")?)?;
        let server = SystemTitle::from_slice(&hexf(k, "server_title")?)?;
        let (response, keys) = respond(
            suite,
            &hexf(k, "request")?,
            &client_signing,
            &server_signing,
            &client,
            &server,
            &mut rng,
        )?;
        let mut buf = [0u8; MAX_DATA_LEN];
        let n = response.emit(&mut buf)?;
        let keys: Vec<String> = keys
            .iter()
            .map(|(_, key)| hex::encode_upper(key.expose_secret()))
            .collect();
        key_agreement.push(json!({
            "suite": suite.id(),
            "client_title": text(k, "client_title")?,
            "server_title": text(k, "server_title")?,
            "key_ids": k["key_ids"],
            "ephemeral_private": k["ephemeral_private"],
            "server_signing_public": hex::encode_upper(server_signing.public_key().to_xy()),
            "response": hex::encode_upper(&buf[..n]),
            "keys": keys,
        }));
    }
    let mut signatures = Vec::new();
    let mut hls7 = Vec::new();
    for c in [Curve::P256, Curve::P384] {
        for _ in 0..OURS_SIGNATURES {
            let key = PrivateKey::generate(c, &mut rng)?;
            let len = range(&mut rng, 0, 200);
            let msg = bytes(&mut rng, len);
            signatures.push(json!({
                "curve": curve_name(c),
                "public": hex::encode_upper(key.public_key().to_xy()),
                "message": hex::encode_upper(&msg),
                "signature": hex::encode_upper(key.sign(&msg)?.as_slice()),
            }));
        }
        for _ in 0..OURS_HLS7 {
            let client_key = PrivateKey::generate(c, &mut rng)?;
            let server_key = PrivateKey::generate(c, &mut rng)?;
            let (client_pub, server_pub) = (client_key.public_key(), server_key.public_key());
            let client = SystemTitle::from_slice(&bytes(&mut rng, 8))?;
            let server = SystemTitle::from_slice(&bytes(&mut rng, 8))?;
            let len = range(&mut rng, 32, 65);
            let ctos = Challenge::generate(&mut rng, len)?;
            let len = range(&mut rng, 32, 65);
            let stoc = Challenge::generate(&mut rng, len)?;
            let f_stoc = Hls::Ecdsa(Ecdsa::new(&client_key, &server_pub)?)
                .respond(&Exchange::client(client, server, &ctos, &stoc), None)?;
            let f_ctos = Hls::Ecdsa(Ecdsa::new(&server_key, &client_pub)?)
                .respond(&Exchange::server(client, server, &ctos, &stoc), None)?;
            hls7.push(json!({
                "curve": curve_name(c),
                "client_private": hex::encode_upper(client_key.to_secret_bytes().expose_secret()),
                "client_public": hex::encode_upper(client_pub.to_xy()),
                "server_public": hex::encode_upper(server_pub.to_xy()),
                "client_title": hex::encode_upper(client.as_bytes()),
                "server_title": hex::encode_upper(server.as_bytes()),
                "ctos": hex::encode_upper(ctos.as_bytes()),
                "stoc": hex::encode_upper(stoc.as_bytes()),
                "f_stoc": hex::encode_upper(f_stoc.as_bytes()),
                "f_ctos": hex::encode_upper(f_ctos.as_bytes()),
            }));
        }
    }
    Ok(json!({
        "peer": "dlms-security",
        "signatures": signatures,
        "hls7": hls7,
        "key_agreement": key_agreement,
    }))
}

fn array<'a>(v: &'a Value, key: &str) -> BoxResult<&'a Vec<Value>> {
    v[key]
        .as_array()
        .ok_or_else(|| format!("no {key} in the file").into())
}

fn text<'a>(v: &'a Value, key: &str) -> BoxResult<&'a str> {
    v[key].as_str().ok_or_else(|| format!("no {key}").into())
}

fn num(v: &Value, key: &str) -> BoxResult<u64> {
    v[key].as_u64().ok_or_else(|| format!("no {key}").into())
}

fn hexf(v: &Value, key: &str) -> BoxResult<Vec<u8>> {
    Ok(hex::decode(text(v, key)?)?)
}
