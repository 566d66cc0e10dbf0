//! Interoperability check of `dlms-security` against the gurux-dlms and dlms-cosem Python
//! packages.
//!
//! ```text
//! interop_security PEER.json [OURS.json]
//! ```
//!
//! 1. Reads the APDUs a peer protected (`interop/security_peers.py --peer P PEER.json`) and
//!    unprotects each with the keys and system title the peer used, through a replay guard:
//!    the plaintext must be the one the peer was given. Then the same APDU with one bit
//!    flipped (in the security control, the payload or the tag) must be refused and leave
//!    no plaintext in the buffer. The peer's HLS mechanism 5 responses must verify (and
//!    carry the peer's counter), and its key wraps must unwrap to the key.
//! 2. With OURS.json: protects APDUs of its own (random fields, keys, counters, forms and
//!    modes), computes HLS-GMAC responses and key wraps, for
//!    `security_peers.py --peer P --check`, where the peer undoes them.
//!
//! Prints `N passed, M failed` for the first part and exits non-zero on any failure.

mod common;

use std::process::ExitCode;

use common::BoxResult;

use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::hls::{Challenge, Gmac};
use dlms_security::kw::{unwrap_key, wrap_octets};
use dlms_security::protect::{Form, Mode, Protection, SecurityContext};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, BroadcastKey, DedicatedKey, Error, GlobalUnicastKey, MasterKey,
    SecuritySuite, SystemTitle,
};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::{Value, json};

/// Protected APDUs, HLS responses and key wraps written for the peers.
const OURS: usize = 200;
const OURS_HLS: usize = 20;
const OURS_KW: usize = 20;

fn main() -> ExitCode {
    common::exit_code("interop_security", run)
}

fn run() -> BoxResult<bool> {
    let (peer, out_path) =
        common::peer_and_output("usage: interop_security PEER.json [OURS.json]")?;
    let name = peer["peer"].as_str().unwrap_or("peer").to_owned();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut verdict = |ok: bool, what: String| {
        if ok {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {what}");
        }
    };
    // One guard for the whole file: each case has its own system title and key.
    let mut guard = ReplayGuard::<256>::new();
    for case in array(&peer, "cases")? {
        let what = format!(
            "{} sc={:02X} ic={:08X}",
            text(case, "form")?,
            num(case, "sc")?,
            num(case, "ic")?
        );
        match check_case(case, &mut guard) {
            Ok(()) => verdict(true, what),
            Err(e) => verdict(false, format!("{what}: {e}")),
        }
    }
    for h in array(&peer, "hls_gmac")? {
        let what = format!("hls-gmac {}", text(h, "f")?);
        match check_hls(h) {
            Ok(()) => verdict(true, what),
            Err(e) => verdict(false, format!("{what}: {e}")),
        }
    }
    for k in array(&peer, "key_wrap")? {
        let what = format!("key-wrap {}", text(k, "wrapped")?);
        let ok = unwrap_key(
            &MasterKey::from_slice(&hexf(k, "kek")?)?,
            &hexf(k, "wrapped")?,
        )
        .map(|key| key.expose_secret() == hexf(k, "key").unwrap_or_default().as_slice());
        verdict(matches!(ok, Ok(true)), what);
    }
    if let Some(path) = out_path {
        std::fs::write(path, serde_json::to_string_pretty(&ours()?)?)?;
    }
    println!("{name} protected, dlms-security unprotected:");
    println!("{passed} passed, {failed} failed");
    Ok(failed == 0)
}

/// The context a case's receiver holds: the peer's keys, with any title of our own (a
/// receiver's title plays no part in unprotecting).
fn context(case: &Value) -> BoxResult<SecurityContext> {
    let suite = SecuritySuite::from_id(u8::try_from(num(case, "suite")?)?)?;
    let mut ctx = SecurityContext::new(
        suite,
        SystemTitle(*b"DLMSRS\0\x01"),
        &GlobalUnicastKey::from_slice(&hexf(case, "ek")?)?,
    )?
    .with_authentication_key(AuthenticationKey::from_slice(&hexf(case, "ak")?)?)?
    .with_broadcast_key(&BroadcastKey::from_slice(&hexf(case, "bk")?)?)?;
    ctx.set_dedicated_key(Some(&DedicatedKey::from_slice(&hexf(case, "dk")?)?))?;
    Ok(ctx)
}

/// Unprotects one case, then three tampered copies.
fn check_case(case: &Value, guard: &mut ReplayGuard<256>) -> BoxResult<()> {
    let ctx = context(case)?;
    let title = SystemTitle::from_slice(&hexf(case, "system_title")?)?;
    let apdu = hexf(case, "apdu")?;
    let plain = hexf(case, "plain")?;
    let sc = u8::try_from(num(case, "sc")?)?;
    // Tampered copies first, so that the genuine one is not yet in the guard: a flipped
    // security control, the last payload octet, and the last octet (the tag when there is
    // one). An encryption-only APDU has no tag to catch a flipped payload bit.
    let sc_at = apdu.len() - 5 - ciphered_len(&plain, sc);
    let mut flips = vec![sc_at];
    if sc & 0x10 != 0 {
        flips.push(apdu.len() - 13);
        flips.push(apdu.len() - 1);
    }
    for at in flips {
        let mut bad = apdu.clone();
        bad[at] ^= 0x01;
        let result = ctx
            .unprotect_in_place(&mut bad, Some(title), guard)
            .map(|u| u.plaintext.to_vec());
        match result {
            Ok(p) => {
                return Err(
                    format!("a bit flipped at {at} was accepted: {}", hex::encode(p)).into(),
                );
            }
            Err(_) if contains(&bad, &plain) && sc & 0x20 != 0 => {
                return Err(
                    format!("plaintext left in the buffer after a refusal (flip at {at})").into(),
                );
            }
            Err(_) => {}
        }
    }
    let mut buf = apdu.clone();
    let u = ctx.unprotect_in_place(&mut buf, Some(title), guard)?;
    if u.plaintext != plain.as_slice() {
        return Err(format!("plaintext {}", hex::encode_upper(u.plaintext)).into());
    }
    if u.info.security_control.0 != sc || u.info.system_title != title {
        return Err(format!("security info {:?}", u.info).into());
    }
    // The same APDU again is a replay.
    let mut again = apdu;
    match ctx.unprotect_in_place(&mut again, Some(title), guard) {
        Err(Error::Replay { .. }) => Ok(()),
        other => Err(format!("replay not refused: {:?}", other.map(|u| u.info)).into()),
    }
}

/// Octets after the security header: the ciphered text (payload and any tag).
fn ciphered_len(plain: &[u8], sc: u8) -> usize {
    plain.len() + if sc & 0x10 != 0 { 12 } else { 0 }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() >= 8 && hay.windows(needle.len()).any(|w| w == needle)
}

fn check_hls(h: &Value) -> BoxResult<()> {
    let suite = SecuritySuite::from_id(u8::try_from(num(h, "suite")?)?)?;
    let ek = GlobalUnicastKey::from_slice(&hexf(h, "ek")?)?;
    let ak = AuthenticationKey::from_slice(&hexf(h, "ak")?)?;
    let gmac = Gmac::new(suite, &ek, &ak)?;
    let title = SystemTitle::from_slice(&hexf(h, "system_title")?)?;
    let challenge = Challenge::from_slice(&hexf(h, "challenge")?)?;
    let f = hexf(h, "f")?;
    let ic = gmac.verify(&title, &challenge, &f)?;
    if u64::from(ic.value()) != num(h, "ic")? {
        return Err(format!("counter {ic}").into());
    }
    let mut bad = f.clone();
    bad[7] ^= 0x80;
    if gmac.verify(&title, &challenge, &bad).is_ok() {
        return Err("a flipped tag verified".into());
    }
    Ok(())
}

/// Plain APDU tags with a service-specific ciphered form, and the glo-/ded- tags.
const SERVICES: [(u8, u8, u8); 6] = [
    (0xC0, 0xC8, 0xD0),
    (0xC1, 0xC9, 0xD1),
    (0xC3, 0xCB, 0xD3),
    (0xC4, 0xCC, 0xD4),
    (0xC5, 0xCD, 0xD5),
    (0xC7, 0xCF, 0xD7),
];

fn random_plain(rng: &mut ChaCha8Rng, short: bool) -> Vec<u8> {
    let sizes: &[usize] = if short {
        &[0, 1, 5, 16, 60, 90]
    } else {
        &[0, 3, 64, 127, 128, 255, 256, 700]
    };
    let n = sizes[pick(rng, sizes.len())];
    let mut value = vec![0x09];
    match n {
        0..0x80 => value.push(n as u8),
        0x80..0x100 => value.extend([0x81, n as u8]),
        _ => value.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    value.extend(bytes(rng, n));
    let (tag, _, _) = SERVICES[pick(rng, SERVICES.len())];
    let iid = (rng.next_u32() as u8) | 0x40;
    let mut p = vec![tag, 1, iid];
    let mut descriptor = bytes(rng, 8); // class id and logical name
    descriptor[0] |= 0x01;
    match tag {
        0xC0 => {
            p.extend(descriptor);
            p.extend([2, 0]);
        }
        0xC1 | 0xC3 => {
            p.extend(descriptor);
            p.extend([2, u8::from(tag == 0xC3)]);
            p.extend(value);
        }
        0xC4 => {
            p.push(0);
            p.extend(value);
        }
        0xC5 => p.push(0),
        _ => {
            p.extend([0, 1, 0]);
            p.extend(value);
        }
    }
    p
}

fn pick(rng: &mut ChaCha8Rng, n: usize) -> usize {
    (rng.next_u32() as usize) % n
}

fn bytes(rng: &mut ChaCha8Rng, n: usize) -> Vec<u8> {
    let mut b = vec![0; n];
    rng.fill_bytes(&mut b);
    b
}

/// Our own protected APDUs, HLS-GMAC responses and key wraps, in the peers' file format.
fn ours() -> BoxResult<Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(62056);
    let mut cases = Vec::new();
    for i in 0..OURS {
        // Every fourth case is one dlms-cosem can read: general-glo with a title, short,
        // authenticated (deviation S2).
        let for_dlms_cosem = i % 4 == 0;
        let suite = pick(&mut rng, 3) as u8;
        let klen = if suite == 2 { 32 } else { 16 };
        let mode = if for_dlms_cosem {
            [Mode::Authenticated, Mode::AuthenticatedEncrypted][pick(&mut rng, 2)]
        } else {
            [
                Mode::Authenticated,
                Mode::Encrypted,
                Mode::AuthenticatedEncrypted,
            ][pick(&mut rng, 3)]
        };
        let form = if for_dlms_cosem {
            Form::General
        } else {
            [Form::Service, Form::General, Form::GeneralWithoutTitle][pick(&mut rng, 3)]
        };
        let key = if for_dlms_cosem {
            [KeyUse::GlobalUnicast, KeyUse::Broadcast][pick(&mut rng, 2)]
        } else {
            [KeyUse::GlobalUnicast, KeyUse::Broadcast, KeyUse::Dedicated][pick(&mut rng, 3)]
        };
        let title = bytes(&mut rng, 8);
        let ic: u64 = [
            0,
            1,
            u64::from(rng.next_u32() >> 16),
            u64::from(rng.next_u32()),
            0xFFFF_FFFF,
        ][pick(&mut rng, 5)];
        let (ek, bk, ak, dk) = (
            bytes(&mut rng, klen),
            bytes(&mut rng, klen),
            bytes(&mut rng, klen),
            bytes(&mut rng, klen),
        );
        let plain = random_plain(&mut rng, for_dlms_cosem);
        let suite_v = SecuritySuite::from_id(suite)?;
        let mut ctx = SecurityContext::new(
            suite_v,
            SystemTitle::from_slice(&title)?,
            &GlobalUnicastKey::from_slice(&ek)?,
        )?
        .with_authentication_key(AuthenticationKey::from_slice(&ak)?)?
        .with_broadcast_key(&BroadcastKey::from_slice(&bk)?)?;
        ctx.set_dedicated_key(Some(&DedicatedKey::from_slice(&dk)?))?;
        let protection = Protection::new(form, key, mode);
        let mut lease = reserve(&mut MemoryStore::new(ic), 1)?;
        let apdu = ctx.protect_to_vec(protection, &mut lease, &plain)?;
        let sc = protection.security_control(suite_v).0;
        let (_, glo, ded) = SERVICES
            .iter()
            .copied()
            .find(|s| s.0 == plain[0])
            .ok_or("tag")?;
        let (form_name, tag) = match (form, key) {
            (Form::Service, KeyUse::Dedicated) => ("ded", ded),
            (Form::Service, _) => ("glo", glo),
            (_, KeyUse::Dedicated) => ("general-ded", 0xDC),
            _ => ("general-glo", 0xDB),
        };
        cases.push(json!({
            "form": form_name, "tag": tag, "suite": suite, "sc": sc,
            "system_title": hex::encode_upper(&title),
            "title_in_apdu": form == Form::General,
            "ic": ic, "ek": hex::encode_upper(&ek), "bk": hex::encode_upper(&bk),
            "ak": hex::encode_upper(&ak), "dk": hex::encode_upper(&dk),
            "plain": hex::encode_upper(&plain), "apdu": hex::encode_upper(&apdu),
        }));
    }
    let mut hls = Vec::new();
    for _ in 0..OURS_HLS {
        let suite = pick(&mut rng, 3) as u8;
        let klen = if suite == 2 { 32 } else { 16 };
        let (ek, ak, title) = (
            bytes(&mut rng, klen),
            bytes(&mut rng, klen),
            bytes(&mut rng, 8),
        );
        let challenge_len = 8 + pick(&mut rng, 57);
        let challenge = bytes(&mut rng, challenge_len);
        let ic = rng.next_u32();
        let ekk = GlobalUnicastKey::from_slice(&ek)?;
        let akk = AuthenticationKey::from_slice(&ak)?;
        let gmac = Gmac::new(SecuritySuite::from_id(suite)?, &ekk, &akk)?;
        let mut lease = reserve(&mut MemoryStore::new(u64::from(ic)), 1)?;
        let f = gmac.respond(
            &SystemTitle::from_slice(&title)?,
            &mut lease,
            &Challenge::from_slice(&challenge)?,
        )?;
        hls.push(json!({
            "suite": suite, "system_title": hex::encode_upper(&title), "ic": ic,
            "ek": hex::encode_upper(&ek), "ak": hex::encode_upper(&ak),
            "challenge": hex::encode_upper(&challenge), "f": hex::encode_upper(f.as_bytes()),
        }));
    }
    let mut kw = Vec::new();
    for i in 0..OURS_KW {
        // Sizes both peers take in turn (deviation S3): 16/16, 16/32, 32/32.
        let (kek_len, key_len) = [(16, 16), (16, 32), (32, 32)][i % 3];
        let (kek, key) = (bytes(&mut rng, kek_len), bytes(&mut rng, key_len));
        let mut out = [0u8; 40];
        let n = wrap_octets(&kek, &key, &mut out)?;
        kw.push(json!({
            "kek": hex::encode_upper(&kek), "key": hex::encode_upper(&key),
            "wrapped": hex::encode_upper(&out[..n]),
        }));
    }
    Ok(json!({"peer": "dlms-security", "cases": cases, "hls_gmac": hls, "key_wrap": kw}))
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
