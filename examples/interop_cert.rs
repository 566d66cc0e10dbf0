//! Interoperability check of `dlms-security`'s certificates and certificate requests
//! (security suites 1 and 2) against the `cryptography` and gurux-dlms Python packages.
//!
//! ```text
//! interop_cert PEER.json [OURS.json]
//! ```
//!
//! 1. Reads the certificates and PKCS #10 requests the peers made
//!    (`interop/cert_peers.py PEER.json`). Each certificate must parse, carry the key, system
//!    title and usage the peer put in, and verify against its CA certificate; the same
//!    certificate with one bit of its signature flipped must not. Where gurux-dlms could
//!    read a certificate, its reading (system title, key, key usage) must match ours. Each
//!    request must parse with its self-signature verified, with the peer's key and system
//!    title; a copy with a flipped signature bit must be refused.
//! 2. With OURS.json: writes certificate requests of its own (seeded random P-256 and P-384
//!    keys and system titles) for `cert_peers.py --check`, where the peers verify them.
//!
//! Prints `N passed, M failed` for the first part and exits non-zero on any failure.

mod common;

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use common::BoxResult;

use dlms_security::cert::{Certificate, CertificateRequest, Usage, certificate_request};
use dlms_security::ecc::{Curve, PrivateKey};
use dlms_security::{Error, SystemTitle};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::{Value, json};

/// Certificate requests written for the peers, per curve.
const OURS_PER_CURVE: usize = 20;

fn main() -> ExitCode {
    common::exit_code("interop_cert", run)
}

fn run() -> BoxResult<bool> {
    let (peer, out_path) = common::peer_and_output("usage: interop_cert PEER.json [OURS.json]")?;
    let name = peer["peer"].as_str().unwrap_or("peer").to_owned();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut verdict = |r: BoxResult<()>, what: &str| match r {
        Ok(()) => passed += 1,
        Err(e) => {
            failed += 1;
            println!("FAIL {what}: {e}");
        }
    };

    let certs = peer["certificates"].as_array().ok_or("no certificates")?;
    let mut by_name = HashMap::new();
    for c in certs {
        let der = hex::decode(c["der"].as_str().ok_or("der")?)?;
        by_name.insert(c["name"].as_str().ok_or("name")?.to_owned(), der);
    }
    let mut gurux_agreed = 0usize;
    for c in certs {
        let what = c["name"].as_str().unwrap_or("?");
        verdict(check_certificate(c, &by_name, &mut gurux_agreed), what);
    }
    let requests = peer["requests"].as_array().ok_or("no requests")?;
    for r in requests {
        verdict(check_request(r), r["name"].as_str().unwrap_or("?"));
    }

    if let Some(path) = out_path {
        std::fs::write(path, serde_json::to_string_pretty(&ours()?)?)?;
    }
    println!(
        "{name}: {} certificates ({gurux_agreed} also read by gurux-dlms, the same way) and {} \
         requests parsed and verified by dlms-security:",
        certs.len(),
        requests.len()
    );
    println!("{passed} passed, {failed} failed");
    Ok(failed == 0)
}

fn curve(v: &Value) -> BoxResult<Curve> {
    match v.as_str() {
        Some("P256") => Ok(Curve::P256),
        Some("P384") => Ok(Curve::P384),
        other => Err(format!("curve {other:?}").into()),
    }
}

fn title(v: &Value) -> BoxResult<SystemTitle> {
    Ok(SystemTitle::from_slice(&hex::decode(
        v.as_str().ok_or("system title")?,
    )?)?)
}

fn check_certificate(
    c: &Value,
    by_name: &HashMap<String, Vec<u8>>,
    gurux_agreed: &mut usize,
) -> BoxResult<()> {
    let der = hex::decode(c["der"].as_str().ok_or("der")?)?;
    let cert = Certificate::from_der(&der)?;
    if cert.curve() != curve(&c["curve"])? {
        return Err(format!("curve {:?}", cert.curve()).into());
    }
    let xy = hex::encode_upper(cert.public_key().to_xy());
    if !xy.eq_ignore_ascii_case(c["xy"].as_str().ok_or("xy")?) {
        return Err(format!("key {xy}").into());
    }
    if cert.is_ca() != c["ca"].as_bool().ok_or("ca")? {
        return Err("CA flag differs".into());
    }
    let usage = match c["usage"].as_str() {
        Some("DigitalSignature") => Some(Usage::DigitalSignature),
        Some("KeyAgreement") => Some(Usage::KeyAgreement),
        Some("Tls") => Some(Usage::Tls),
        None => None,
        Some(other) => return Err(format!("usage {other}").into()),
    };
    if cert.usage().ok() != usage {
        return Err(format!("usage {:?}", cert.usage()).into());
    }
    if c["system_title"].is_null() {
        if cert.system_title().is_ok() {
            return Err("a CA with a system title".into());
        }
    } else if cert.system_title()? != title(&c["system_title"])? {
        return Err(format!("system title {}", cert.system_title()?).into());
    }
    if let (Some(nb), Some(na)) = (c["not_before"].as_u64(), c["not_after"].as_u64()) {
        if cert.not_before() != Duration::from_secs(nb)
            || cert.not_after() != Duration::from_secs(na)
        {
            return Err("validity differs".into());
        }
    }
    let issuer_name = c["issuer"].as_str().ok_or("issuer")?;
    let issuer = Certificate::from_der(by_name.get(issuer_name).ok_or("unknown issuer")?)?;
    cert.verify_signed_by(&issuer)?;
    // The last octet of the DER is the last octet of s.
    let mut tampered = der.clone();
    if let Some(last) = tampered.last_mut() {
        *last ^= 0x01;
    }
    if Certificate::from_der(&tampered)
        .and_then(|t| t.verify_signed_by(&issuer))
        .is_ok()
    {
        return Err("a flipped signature bit was accepted".into());
    }
    // gurux-dlms's own reading, where it could read the certificate.
    let g = &c["gurux"];
    if g["error"].is_null() {
        if !g["xy"]
            .as_str()
            .is_some_and(|k| k.eq_ignore_ascii_case(&xy))
        {
            return Err("gurux read another key".into());
        }
        if let Some(t) = g["system_title"].as_str() {
            if cert.system_title()?.to_string() != t.to_uppercase() {
                return Err(format!("gurux read system title {t}").into());
            }
        }
        // gurux's KeyUsage flags: digitalSignature 0x01, keyAgreement 0x10.
        let gurux_usage = match g["key_usage"].as_u64() {
            Some(0x01) => Some(Usage::DigitalSignature),
            Some(0x10) => Some(Usage::KeyAgreement),
            Some(0x11) => Some(Usage::Tls),
            _ => None,
        };
        if !cert.is_ca() && gurux_usage != usage {
            return Err(format!("gurux read key usage {}", g["key_usage"]).into());
        }
        *gurux_agreed += 1;
    }
    Ok(())
}

fn check_request(r: &Value) -> BoxResult<()> {
    let der = hex::decode(r["der"].as_str().ok_or("der")?)?;
    if r["signature_valid"].as_bool() == Some(false) {
        // A signature `cryptography` refuses as malformed (gurux's r or s without its sign
        // octet, interop/README.md C4) must be refused here too, and as a failed signature.
        return match CertificateRequest::from_der(&der) {
            Err(Error::AuthenticationFailed) => Ok(()),
            other => Err(format!("a malformed signature gave {other:?}").into()),
        };
    }
    let req = CertificateRequest::from_der(&der)?;
    if req.public_key().curve() != curve(&r["curve"])? {
        return Err("curve differs".into());
    }
    let xy = hex::encode_upper(req.public_key().to_xy());
    if !xy.eq_ignore_ascii_case(r["xy"].as_str().ok_or("xy")?) {
        return Err(format!("key {xy}").into());
    }
    if req.system_title()? != title(&r["system_title"])? {
        return Err(format!("system title {}", req.system_title()?).into());
    }
    let mut tampered = der;
    if let Some(last) = tampered.last_mut() {
        *last ^= 0x01;
    }
    if CertificateRequest::from_der(&tampered).is_ok() {
        return Err("a flipped signature bit was accepted".into());
    }
    Ok(())
}

/// Certificate requests of our own, from seeded random keys and system titles.
fn ours() -> BoxResult<Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EC0_CE27);
    let mut requests = Vec::new();
    for curve in [Curve::P256, Curve::P384] {
        for i in 0..OURS_PER_CURVE {
            let key = PrivateKey::generate(curve, &mut rng)?;
            let mut st = [0u8; 8];
            rng.fill_bytes(&mut st);
            // A FLAG-like manufacturer id in the first three octets.
            for b in st.iter_mut().take(3) {
                *b = b'A' + *b % 26;
            }
            let st = SystemTitle(st);
            let der = certificate_request(&key, st)?;
            requests.push(json!({
                "name": format!("ours-{curve:?}-{i}"),
                "curve": match curve { Curve::P256 => "P256", Curve::P384 => "P384" },
                "der": hex::encode_upper(&der),
                "xy": hex::encode_upper(key.public_key().to_xy()),
                "system_title": st.to_string(),
            }));
        }
    }
    Ok(json!({ "peer": "dlms-security", "requests": requests }))
}
