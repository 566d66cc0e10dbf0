//! Decrypts the push data a meter sends on its consumer port, with all four crates.
//!
//! ```text
//! push_decrypt [--ek HEX] [--ak HEX] [STREAM-HEX]
//! ```
//!
//! The byte stream (HDLC frames with their `7E` flags, as read from the port) is deframed
//! with `dlms-hdlc`, its general-block-transfer blocks are reassembled with `dlms-apdu`, the
//! ciphered envelope is verified and decrypted with `dlms-security` (the system title and
//! counter come from the envelope, the keys from the command line), and the
//! data-notification's values are named with their OBIS codes, scalers and units by
//! `cosem-objects`.
//!
//! With no stream given it decrypts a real push of a Landis+Gyr E570 (Switzerland), from
//! scs/smartmeter-datacollector `tests/testdata/lg_e570.py` @1507c3fc4d0f, whose key the
//! same project publishes in its tests.

use std::error::Error as StdError;

use cosem_objects::datetime::DateTime;
use cosem_objects::push::{self, PushValue};
use cosem_objects::{ClassId, FromData};
use dlms_apdu::DataRef;
use dlms_apdu::block::{GeneralBlockTransfer, Progress, VecReceiver};
use dlms_apdu::notification::DataNotification;
use dlms_hdlc::{Deframer, DeframerEvent};
use dlms_security::replay::ReplayGuard;
use dlms_security::{
    AuthenticationKey, GlobalUnicastKey, SecurityContext, SecuritySuite, SystemTitle,
};

type BoxResult<T> = Result<T, Box<dyn StdError>>;

/// Three HDLC UI frames carrying general-block-transfer blocks of a general-glo-ciphering
/// push (encryption only).
const E570_STREAM: &str = include_str!("data/lg_e570_push.hex");
/// The global unicast encryption key published with that capture.
const E570_KEY: &str = "101112131415161718191A1B1C1D1E1F";

fn main() -> BoxResult<()> {
    let mut args = std::env::args().skip(1);
    let (mut ek, mut ak, mut stream) = (E570_KEY.to_owned(), None, E570_STREAM.trim().to_owned());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ek" => ek = args.next().ok_or("--ek needs a key")?,
            "--ak" => ak = Some(args.next().ok_or("--ak needs a key")?),
            _ => stream = a,
        }
    }
    let wire = hex::decode(stream.split_whitespace().collect::<String>())?;

    println!("== {} octets from the port", wire.len());
    let apdu = reassemble(&wire)?;
    println!("== ciphered APDU, {} octets", apdu.len());

    // The suite follows from the key size: suite 0 for AES-128 (suite 1 pushes are handled
    // the same way), suite 2 for AES-256.
    let ek = hex::decode(ek)?;
    let suite = if ek.len() == 32 {
        SecuritySuite::Suite2
    } else {
        SecuritySuite::Suite0
    };
    let mut ctx = SecurityContext::new(
        suite,
        SystemTitle([0; 8]),
        &GlobalUnicastKey::from_slice(&ek)?,
    )?;
    if let Some(ak) = ak {
        ctx = ctx.with_authentication_key(AuthenticationKey::from_slice(&hex::decode(ak)?)?)?;
    }
    let mut buf = apdu;
    let mut guard = ReplayGuard::<1>::new();
    let plain = ctx.unprotect_in_place(&mut buf, None, &mut guard)?;
    let info = plain.info;
    println!(
        "   from {} ({}), security control {}, invocation counter {}",
        info.system_title,
        info.system_title.manufacturer().unwrap_or("?"),
        info.security_control,
        info.invocation_counter
    );

    let notification = DataNotification::parse_exact(plain.plaintext)?;
    println!(
        "== data-notification, {} octets of plaintext",
        plain.plaintext.len()
    );
    if let Some(dt) = notification.date_time() {
        println!("   sent {dt}");
    }
    let pushed = push::decode(&notification.notification_body)?;
    println!(
        "   layout {:?}, {} values",
        pushed.layout,
        pushed.values.len()
    );
    for v in &pushed.values {
        println!("   {}", describe(v));
    }
    Ok(())
}

/// Deframes the stream and reassembles the general-block-transfer blocks of its frames.
fn reassemble(wire: &[u8]) -> BoxResult<Vec<u8>> {
    let mut deframer = Deframer::new([0u8; 2100]);
    let mut rx = VecReceiver::new(64 * 1024, 0)?;
    let mut off = 0;
    while off < wire.len() {
        off += deframer.handle_input(&wire[off..]);
        while let Some(ev) = deframer.poll_event() {
            let DeframerEvent::Frame(frame) = ev else {
                continue;
            };
            let repr = frame.repr();
            // The LLC header E6 E7 00 precedes the first block only.
            let info = repr
                .info
                .strip_prefix(&[0xE6, 0xE7, 0x00])
                .unwrap_or(repr.info);
            let block = GeneralBlockTransfer::parse_exact(info)?;
            println!(
                "   frame {:?}: block {}{}, {} octets",
                repr.control,
                block.block_number,
                if block.control.is_last_block() {
                    " (last)"
                } else {
                    ""
                },
                block.block_data.len()
            );
            if rx.handle(&block)? == Progress::Complete {
                return Ok(rx.received().to_vec());
            }
        }
    }
    Err("the stream ended before the last block".into())
}

/// One value: its name, and the value scaled with its unit where the push carries them.
fn describe(v: &PushValue<'_>) -> String {
    let name = v
        .logical_name
        .map_or_else(|| "(unnamed)".to_owned(), |n| format!("{n:#}"));
    let value = match (v.scaler_unit, v.scaled()) {
        (Some(_), Ok((x, Some(unit)))) => format!("{x} {unit}"),
        // A clock's time travels as a 12-octet octet string.
        _ if v.attribute == Some((ClassId::CLOCK, 2)) => DateTime::from_data(&v.value)
            .map_or_else(|_| plain_value(&v.value), |dt| dt.to_string()),
        _ => plain_value(&v.value),
    };
    format!("{name:<18} {value}")
}

fn plain_value(d: &DataRef<'_>) -> String {
    if let Some(s) = d.as_str() {
        return format!("{s:?}");
    }
    if let Some(b) = d.as_octet_string() {
        return match std::str::from_utf8(b) {
            Ok(text) if text.chars().all(|c| c.is_ascii_graphic()) => format!("{text:?}"),
            _ => hex::encode_upper(b),
        };
    }
    if let Some(dt) = d.as_date_time() {
        return dt.to_string();
    }
    match (d.as_i64(), d.as_u64()) {
        (Some(i), _) => i.to_string(),
        (_, Some(u)) => u.to_string(),
        _ => format!("{:?}", d.data_type()),
    }
}
