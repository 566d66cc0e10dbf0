//! Runs one operation of the overhead-budget bench in a loop, for instruction counts under
//! `valgrind --tool=callgrind` (repeatable on a loaded machine, unlike wall time).
//!
//! ```text
//! budget_profile OP SIZE ITERATIONS
//! ```
//!
//! `OP` is `raw-seal-MODE`, `protect-MODE`, `raw-open-MODE` or `unprotect-MODE` with `MODE`
//! one of `ae`, `auth`, `enc`. Run it with two iteration counts and divide the difference
//! of the totals by the difference of the counts to cancel the set-up.

use std::hint::black_box;

use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::U12;
use aes_gcm::aes::Aes128;
use aes_gcm::aes::cipher::KeyInit;
use dlms_benches::budget::{AK, EK, plain_apdu};
use dlms_security::counter::{MemoryStore, reserve};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, Form, GlobalUnicastKey, Mode, Protection, SecurityContext, SecuritySuite,
    SystemTitle,
};

const TITLE: SystemTitle = SystemTitle(*b"MMM\x00\x00\xBC\x61\x4E");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let op = args.next().ok_or("OP")?;
    let size: usize = args.next().ok_or("SIZE")?.parse()?;
    let iters: usize = args.next().ok_or("ITERATIONS")?.parse()?;
    let (what, mode) = op.rsplit_once('-').ok_or("OP-MODE")?;
    let mode = match mode {
        "ae" => Mode::AuthenticatedEncrypted,
        "auth" => Mode::Authenticated,
        "enc" => Mode::Encrypted,
        _ => return Err("mode".into()),
    };
    let ctx = SecurityContext::new(SecuritySuite::Suite0, TITLE, &GlobalUnicastKey::new_128(EK))?
        .with_authentication_key(AuthenticationKey::new_128(AK))?;
    let raw = aes_gcm::AesGcm::<Aes128, U12, U12>::new_from_slice(&EK).map_err(|_| "key")?;
    let nonce = Array::<u8, U12>::from(*b"MMM\x00\x00\xBC\x61\x4E\x00\x00\x00\x01");
    let mut store = MemoryStore::new(0);
    let mut lease = reserve(&mut store, u32::MAX)?;
    let plain = plain_apdu(size);
    let p = Protection::new(Form::Service, KeyUse::GlobalUnicast, mode);
    let mut aad = vec![p.security_control(SecuritySuite::Suite0).0];
    aad.extend_from_slice(&AK);
    if mode == Mode::Authenticated {
        aad.extend_from_slice(&plain);
    }
    let mut out = vec![0u8; ctx.protected_len(p, &plain)?];
    let n = ctx.protect(p, &mut lease, &plain, &mut out)?;
    let apdu = out[..n].to_vec();
    let mut buf = apdu.clone();
    let mut text = plain.clone();
    let (aad_used, text_len) = match mode {
        Mode::Authenticated => (&aad[..], 0),
        Mode::AuthenticatedEncrypted => (&aad[..], text.len()),
        Mode::Encrypted => (&[][..], text.len()),
    };
    let tag = raw
        .encrypt_inout_detached(&nonce, aad_used, (&mut text[..text_len]).into())
        .map_err(|_| "seal")?;
    let sealed = text.clone();
    for _ in 0..iters {
        match what {
            "raw-seal" => {
                text.copy_from_slice(black_box(&plain));
                black_box(
                    raw.encrypt_inout_detached(&nonce, aad_used, (&mut text[..text_len]).into())
                        .map_err(|_| "seal")?,
                );
            }
            "protect" => {
                black_box(ctx.protect(p, &mut lease, black_box(&plain), &mut out)?);
            }
            "raw-open" => {
                text.copy_from_slice(black_box(&sealed));
                if mode == Mode::Encrypted {
                    black_box(
                        raw.encrypt_inout_detached(&nonce, &[], text.as_mut_slice().into())
                            .map_err(|_| "open")?,
                    );
                } else {
                    raw.decrypt_inout_detached(
                        &nonce,
                        aad_used,
                        (&mut text[..text_len]).into(),
                        &tag,
                    )
                    .map_err(|_| "open")?;
                }
            }
            "unprotect" => {
                buf.copy_from_slice(black_box(&apdu));
                let mut guard = ReplayGuard::<1>::new();
                black_box(
                    ctx.unprotect_in_place(&mut buf, Some(TITLE), &mut guard)?
                        .plaintext
                        .len(),
                );
            }
            _ => return Err("op".into()),
        }
    }
    Ok(())
}
