//! Inputs of the overhead-budget bench (`benches/budget.rs`) and the report that reads its
//! criterion results (`cargo run -p dlms-benches --bin budget`).
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dlms_apdu::DataRef;
use dlms_apdu::data::Data;
use dlms_security::replay::KeyUse;
use dlms_security::{
    AuthenticationKey, Form, GlobalUnicastKey, Mode, Protection, SecurityContext, SecuritySuite,
    SystemTitle,
};

/// APDU sizes of the security-layer comparison: a short request, a small response, a 1 KiB
/// and a 4 KiB profile block.
pub const SIZES: [usize; 4] = [64, 256, 1024, 4096];

/// The global unicast key of the bench context.
pub const EK: [u8; 16] = [0x11; 16];
/// The authentication key of the bench context.
pub const AK: [u8; 16] = [0xD0; 16];

/// One end-to-end workload: a GET response carrying `rows` profile rows (0: a 64-octet
/// GET response of one structure), sent in HDLC I-frames of at most `max_info` octets.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// Name in the bench ids.
    pub name: &'static str,
    /// Profile rows (0 for the single register structure).
    pub rows: usize,
    /// The negotiated maximum information field length.
    pub max_info: usize,
}

/// The end-to-end workloads: a 64-octet GET response, 1 KiB and 4 KiB profile-generic
/// responses, in frames of the default 128-octet information field.
pub const E2E: [Workload; 3] = [
    Workload {
        name: "get-64",
        rows: 0,
        max_info: 128,
    },
    Workload {
        name: "pg-1k",
        rows: 27,
        max_info: 128,
    },
    Workload {
        name: "pg-4k",
        rows: 107,
        max_info: 128,
    },
];

/// A get-response of `len` octets (its payload counts up).
#[must_use]
pub fn plain_apdu(len: usize) -> Vec<u8> {
    let mut p = vec![0xC4, 0x01, 0xC1, 0x00];
    p.extend((0..len.saturating_sub(4)).map(|i| i as u8));
    p
}

/// The value of a 64-octet GET-Response-Normal: a structure of a date-time, seven energy
/// registers, three status octets and a long-unsigned (60 octets encoded).
#[must_use]
pub fn get_response() -> Vec<u8> {
    let mut fields = vec![Data::octet_string(vec![
        0x07, 0xE8, 0x0B, 0x17, 0x06, 0x0C, 0x1E, 0, 0, 0xFF, 0xC4, 0x00,
    ])];
    fields.extend((0..7u32).map(|i| Data::DoubleLongUnsigned(1_000_000 + i * 4711)));
    fields.extend((0..3u8).map(Data::Unsigned));
    fields.push(Data::LongUnsigned(230));
    Data::structure(fields).to_vec()
}

/// A load-profile buffer of `rows` entries: time, status and four energy registers (38
/// octets an entry).
#[must_use]
pub fn profile_buffer(rows: usize) -> Vec<u8> {
    Data::array((0..rows).map(|i| {
        Data::structure([
            Data::octet_string(vec![
                0x07,
                0xE8,
                0x0B,
                0x17,
                0x06,
                (i / 4 % 24) as u8,
                (i % 4 * 15) as u8,
                0,
                0,
                0xFF,
                0xC4,
                0x00,
            ]),
            Data::Unsigned(8),
            Data::DoubleLongUnsigned(1_000_000 + i as u32 * 17),
            Data::DoubleLongUnsigned(250_000 + i as u32 * 3),
            Data::DoubleLongUnsigned(42 + i as u32),
            Data::DoubleLongUnsigned(7),
        ])
    }))
    .to_vec()
}

/// Reads every value of a decoded tree the way a head-end does (octet strings by length,
/// numbers by value) and sums them.
#[must_use]
pub fn sum_fields(v: &DataRef<'_>) -> u64 {
    match v {
        DataRef::Array(items) | DataRef::Structure(items) => {
            let mut sum = 0u64;
            for item in items {
                sum = sum.wrapping_add(sum_fields(&item));
            }
            sum
        }
        DataRef::OctetString(b) => b.len() as u64,
        other => other.as_u64().unwrap_or(0),
    }
}

/// The real Landis+Gyr E570 push (three HDLC UI frames of general-block-transfer blocks of
/// a general-glo-ciphering, encryption-only data-notification), from
/// scs/smartmeter-datacollector `tests/testdata/lg_e570.py` @1507c3fc4d0f.
#[must_use]
pub fn e570_stream() -> Vec<u8> {
    let hex: String = include_str!("../../examples/data/lg_e570_push.hex")
        .split_whitespace()
        .collect();
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect()
}

/// The global unicast key the same project publishes with that capture.
#[must_use]
pub fn e570_key() -> [u8; 16] {
    core::array::from_fn(|i| 0x10 + i as u8)
}

/// Protected length / plain length for `size`-octet APDUs under `form` and `mode`.
///
/// # Errors
/// A message if the context cannot protect the APDU.
pub fn wire_ratio(form: Form, mode: Mode, size: usize) -> Result<f64, String> {
    let ctx = SecurityContext::new(
        SecuritySuite::Suite0,
        SystemTitle(*b"MMM\x00\x00\xBC\x61\x4E"),
        &GlobalUnicastKey::new_128(EK),
    )
    .and_then(|c| c.with_authentication_key(AuthenticationKey::new_128(AK)))
    .map_err(|e| e.to_string())?;
    let p = Protection::new(form, KeyUse::GlobalUnicast, mode);
    let len = ctx
        .protected_len(p, &plain_apdu(size))
        .map_err(|e| e.to_string())?;
    Ok(len as f64 / size as f64)
}

/// The median of one criterion benchmark, in nanoseconds, from
/// `<criterion>/<group>/<function>/<param>/new/estimates.json`.
#[must_use]
pub fn median_ns(criterion: &Path, group: &str, function: &str, param: &str) -> Option<f64> {
    let path: PathBuf = [
        criterion,
        Path::new(group),
        Path::new(function),
        Path::new(param),
    ]
    .iter()
    .collect::<PathBuf>()
    .join("new")
    .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("median")?.get("point_estimate")?.as_f64()
}

fn ns(t: f64) -> String {
    if t >= 10_000.0 {
        format!("{:.1} µs", t / 1000.0)
    } else if t >= 1000.0 {
        format!("{:.2} µs", t / 1000.0)
    } else {
        format!("{t:.0} ns")
    }
}

fn pct(ours: f64, base: f64) -> String {
    format!("{:+.1}%", (ours / base - 1.0) * 100.0)
}

/// The budget table in Markdown, from the results under `criterion` (the `criterion`
/// directory of the cargo target directory).
#[must_use]
pub fn report(criterion: &Path) -> String {
    let mut out = String::new();
    let modes = [
        ("AE", "ae", Mode::AuthenticatedEncrypted),
        ("auth-only", "auth", Mode::Authenticated),
        ("enc-only", "enc", Mode::Encrypted),
    ];
    let forms = [
        ("glo (service-specific)", Form::Service),
        ("general-glo, with title", Form::General),
        ("general-glo, no title", Form::GeneralWithoutTitle),
    ];

    let _ = writeln!(
        out,
        "### 1. Wire overhead (protected / plain length; budget ≤ 10% from 200 octets)\n"
    );
    let _ = writeln!(out, "| envelope | mode | 64 B | 256 B | 1 KiB | 4 KiB |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (fname, form) in forms {
        for (mname, _, mode) in modes {
            let _ = write!(out, "| {fname} | {mname} |");
            for size in SIZES {
                let cell = match wire_ratio(form, mode, size) {
                    Ok(r) => {
                        let over = (r - 1.0) * 100.0;
                        let mark = if size >= 200 && over > 10.0 {
                            " ✗"
                        } else {
                            ""
                        };
                        format!(" {r:.3} (+{over:.1}%){mark} |")
                    }
                    Err(e) => format!(" {e} |"),
                };
                out.push_str(&cell);
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "\n### 2. Security-layer CPU overhead against bare `aes-gcm` (median; budget ≤ 10% at 256 B, 1 KiB, 4 KiB)\n"
    );
    let _ = writeln!(
        out,
        "| direction | mode | 64 B | 256 B | 1 KiB | 4 KiB |\n|---|---|---|---|---|---|"
    );
    for (dir, ours, raw) in [
        ("protect", "protect", "raw-seal"),
        ("unprotect", "unprotect", "raw-open"),
    ] {
        for (mname, short, _) in modes {
            let _ = write!(out, "| {dir} vs {raw} | {mname} |");
            for size in SIZES {
                let p = size.to_string();
                let o = median_ns(criterion, "budget-security", &format!("{ours}-{short}"), &p);
                let r = median_ns(criterion, "budget-security", &format!("{raw}-{short}"), &p);
                let cell = match (o, r) {
                    (Some(o), Some(r)) => {
                        let mark = if size >= 256 && o > 1.1 * r {
                            " ✗"
                        } else {
                            ""
                        };
                        format!(" {} / {} ({}){mark} |", ns(o), ns(r), pct(o, r))
                    }
                    _ => " (not run) |".to_owned(),
                };
                out.push_str(&cell);
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "\n### 3. End to end, secured (AE, glo-get-response) against plain (median)\n"
    );
    let _ = writeln!(
        out,
        "| workload | receive plain | receive secured | ratio | send plain | send secured | ratio |\n|---|---|---|---|---|---|---|"
    );
    let mut rows: Vec<(String, String, &str)> = E2E
        .iter()
        .map(|w| {
            let what = match w.rows {
                0 => "GET response, 64 B".to_owned(),
                r => format!(
                    "profile-generic, {r} rows ({} B)",
                    profile_buffer(r).len() + 4
                ),
            };
            (
                format!("{what}, {}-octet frames", w.max_info),
                w.name.to_owned(),
                "budget-e2e",
            )
        })
        .collect();
    rows.push((
        "E570 push (real capture, enc-only general-glo, GBT)".to_owned(),
        "e570".to_owned(),
        "budget-push",
    ));
    for (what, param, group) in &rows {
        let _ = write!(out, "| {what} |");
        for dir in ["receive", "send"] {
            let p = median_ns(criterion, group, &format!("{dir}-plain"), param);
            let s = median_ns(criterion, group, &format!("{dir}-secured"), param);
            let cell = match (p, s) {
                (Some(p), Some(s)) => format!(" {} | {} | {:.2} |", ns(p), ns(s), s / p),
                _ => " – | – | – |".to_owned(),
            };
            out.push_str(&cell);
        }
        out.push('\n');
    }

    let _ = writeln!(out, "\n### 4. Push throughput (one core)\n");
    match (
        median_ns(criterion, "budget-push", "receive-secured", "e570"),
        median_ns(criterion, "budget-push", "receive-plain", "e570"),
    ) {
        (Some(s), Some(p)) => {
            let _ = writeln!(
                out,
                "E570 push deframed, reassembled, decrypted, parsed and decoded: {} each, \
                 **{:.0} pushes/s** ({:.0}/s for the same push in clear).",
                ns(s),
                1e9 / s,
                1e9 / p
            );
        }
        _ => {
            let _ = writeln!(out, "(not run)");
        }
    }
    out
}
