//! A meter and a consumer-port reader on one Cortex-M4, with no allocator.
//!
//! The meter side does what a meter does on every push: it builds a data-notification
//! (`dlms-apdu`), protects it in a general-glo-ciphering envelope with suite 0
//! authenticated encryption under the next counter of a reserved lease (`dlms-security`),
//! and frames it in HDLC UI frames of at most 128 octets of information (`dlms-hdlc`,
//! segmented when the APDU is longer).
//!
//! The reader side does what a consumer-port (HAN/P1) reader does with those bytes: it
//! deframes them, joins the segments, verifies and decrypts the envelope against a replay
//! guard, and decodes the pushed values.
//!
//! Every buffer is a local of the function that needs it: the static RAM the program uses
//! is cortex-m-rt's, and everything else is stack (see `README.md` for the measured
//! figures). The loop never ends; a disagreement between the two sides stops the core.

#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use dlms_apdu::DataRef;
use dlms_apdu::invoke::LongInvokeIdAndPriority;
use dlms_apdu::notification::{DataNotification, DateTimeEncoding};
use dlms_hdlc::segment::{FrameKind, Reassembler, Segmenter};
use dlms_hdlc::{Address, Deframer, DeframerEvent, llc};
use dlms_security::counter::{self, Lease, MemoryStore};
use dlms_security::replay::{KeyUse, ReplayGuard};
use dlms_security::{
    AuthenticationKey, Form, GlobalUnicastKey, Mode, Protection, SecurityContext, SecuritySuite,
    SystemTitle,
};
// The panic handler: a panic stops the core.
use panic_halt as _;

/// The meter's system title ("LGZ" and a serial number).
const METER_TITLE: SystemTitle = SystemTitle([0x4C, 0x47, 0x5A, 0x00, 0x00, 0xBC, 0x61, 0x4E]);
/// The reader's own system title (it sends nothing).
const READER_TITLE: SystemTitle = SystemTitle([0x52, 0x44, 0x52, 0x00, 0x00, 0x00, 0x00, 0x01]);
/// Global unicast encryption key and authentication key (the Green Book example keys).
const EK: [u8; 16] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
];
const AK: [u8; 16] = [
    0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
];
/// The information field a consumer port's frames carry at most.
const MAX_INFO: usize = 128;
/// Octets of one frame on the wire: the information field, up to 11 octets of format,
/// addresses, control, HCS and FCS, and the two flags.
const FRAME_ON_WIRE: usize = MAX_INFO + 13;
/// The longest APDU either side handles.
const MAX_APDU: usize = 512;
/// Energy and power registers pushed: logical name, value.
const REGISTERS: [[u8; 6]; 6] = [
    [1, 0, 1, 8, 0, 255],
    [1, 0, 2, 8, 0, 255],
    [1, 0, 1, 7, 0, 255],
    [1, 0, 2, 7, 0, 255],
    [1, 0, 32, 7, 0, 255],
    [1, 0, 31, 7, 0, 255],
];

/// What the meter measured for one push.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Reading {
    values: [u32; REGISTERS.len()],
}

/// Why a push did not go through.
#[derive(Clone, Copy)]
enum Failure {
    Apdu,
    Security,
    Hdlc,
    Incomplete,
    Mismatch,
}

impl From<dlms_apdu::Error> for Failure {
    fn from(_: dlms_apdu::Error) -> Self {
        Self::Apdu
    }
}

impl From<dlms_security::Error> for Failure {
    fn from(_: dlms_security::Error) -> Self {
        Self::Security
    }
}

impl From<dlms_hdlc::Error> for Failure {
    fn from(_: dlms_hdlc::Error) -> Self {
        Self::Hdlc
    }
}

#[entry]
fn main() -> ! {
    // The meter reserves counters in blocks and persists the high-water mark before
    // using them; a real meter's store is flash or FRAM.
    let mut store = MemoryStore::new(0);
    let Ok(mut lease) = counter::reserve(&mut store, 1000) else {
        halt()
    };
    let meter = meter_context();
    let reader = reader_context();
    let mut guard = ReplayGuard::<2>::new();

    let mut wire = [0u8; 4 * FRAME_ON_WIRE];
    let mut n: u32 = 0;
    loop {
        n = n.wrapping_add(1);
        // What the metrology measured (opaque to the optimiser).
        let reading = Reading {
            values: core::array::from_fn(|i| {
                black_box(n.wrapping_mul(u32::try_from(i).unwrap_or(0).wrapping_add(7)))
            }),
        };
        if lease.remaining() == 0 {
            match counter::reserve(&mut store, 1000) {
                Ok(l) => lease = l,
                Err(_) => halt(),
            }
        }
        let sent = match push(&meter, &mut lease, &reading, &mut wire) {
            Ok(sent) => sent,
            Err(_) => halt(),
        };
        match receive(
            &reader,
            &mut guard,
            black_box(wire.get(..sent).unwrap_or(&[])),
        ) {
            Ok(got) if got == reading => {}
            _ => halt(),
        }
    }
}

#[inline(never)]
fn meter_context() -> SecurityContext {
    let Ok(ctx) = SecurityContext::new(
        SecuritySuite::Suite0,
        METER_TITLE,
        &GlobalUnicastKey::new_128(black_box(EK)),
    )
    .and_then(|c| c.with_authentication_key(AuthenticationKey::new_128(black_box(AK)))) else {
        halt()
    };
    ctx
}

#[inline(never)]
fn reader_context() -> SecurityContext {
    let Ok(ctx) = SecurityContext::new(
        SecuritySuite::Suite0,
        READER_TITLE,
        &GlobalUnicastKey::new_128(black_box(EK)),
    )
    .and_then(|c| c.with_authentication_key(AuthenticationKey::new_128(black_box(AK)))) else {
        halt()
    };
    ctx
}

/// The meter's side: builds, protects and frames one push into `wire`; returns the
/// octets written.
#[inline(never)]
fn push(
    ctx: &SecurityContext,
    lease: &mut Lease,
    reading: &Reading,
    wire: &mut [u8],
) -> Result<usize, Failure> {
    // The body: a structure of (logical name, value) structures.
    let mut body = [0u8; 256];
    let mut len = put(&mut body, 0, &[0x02, 0x06])?;
    for (name, value) in REGISTERS.iter().zip(reading.values) {
        len = put(&mut body, len, &[0x02, 0x02])?;
        len = put_data(&mut body, len, &DataRef::OctetString(name))?;
        len = put_data(&mut body, len, &DataRef::DoubleLongUnsigned(value))?;
    }
    let notification = DataNotification {
        long_invoke_id_and_priority: LongInvokeIdAndPriority(0x4000_0000),
        date_time: &[
            0x07, 0xEA, 0x0B, 0x17, 0x01, 0x16, 0x0F, 0x00, 0x00, 0x80, 0x00, 0x00,
        ],
        date_time_encoding: DateTimeEncoding::OctetString,
        notification_body: DataRef::parse_exact(body.get(..len).ok_or(Failure::Apdu)?)?,
    };
    let mut plain = [0u8; MAX_APDU];
    let plain_len = notification.emit(&mut plain)?;
    let plain = plain.get(..plain_len).ok_or(Failure::Apdu)?;

    // The LLC header, then the protected APDU.
    let mut info = [0u8; MAX_APDU];
    let (head, apdu) = info.split_at_mut(llc::RESPONSE.len());
    head.copy_from_slice(&llc::RESPONSE);
    let protection = Protection::new(
        Form::General,
        KeyUse::GlobalUnicast,
        Mode::AuthenticatedEncrypted,
    );
    let protected = ctx.protect(protection, lease, plain, apdu)?;
    let info = info
        .get(..protected.saturating_add(llc::RESPONSE.len()))
        .ok_or(Failure::Security)?;

    // UI frames from the meter's management logical device to the consumer port.
    let mut at = 0;
    for frame in Segmenter::new(info, MAX_INFO).frames(
        Address::PUBLIC_CLIENT,
        Address::MANAGEMENT,
        FrameKind::Ui,
    ) {
        let out = wire.get_mut(at..).ok_or(Failure::Hdlc)?;
        at = at.saturating_add(frame.emit_flagged(out)?);
    }
    Ok(at)
}

/// Copies `bytes` into `buf` at `at`; returns the end.
fn put(buf: &mut [u8], at: usize, bytes: &[u8]) -> Result<usize, Failure> {
    let end = at.checked_add(bytes.len()).ok_or(Failure::Apdu)?;
    buf.get_mut(at..end)
        .ok_or(Failure::Apdu)?
        .copy_from_slice(bytes);
    Ok(end)
}

/// Emits `value` into `buf` at `at`; returns the end.
fn put_data(buf: &mut [u8], at: usize, value: &DataRef<'_>) -> Result<usize, Failure> {
    let out = buf.get_mut(at..).ok_or(Failure::Apdu)?;
    Ok(at.saturating_add(value.emit(out)?))
}

/// The reader's side: deframes `wire`, joins the segments, unprotects and decodes the
/// push.
#[inline(never)]
fn receive<const N: usize>(
    ctx: &SecurityContext,
    guard: &mut ReplayGuard<N>,
    wire: &[u8],
) -> Result<Reading, Failure> {
    let mut deframer = Deframer::new([0u8; FRAME_ON_WIRE]);
    let mut reassembler = Reassembler::new([0u8; MAX_APDU]);
    let mut apdu = [0u8; MAX_APDU];
    let mut apdu_len = None;
    let mut at = 0;
    // Bytes arrive in the chunks a UART's DMA would hand over.
    while at < wire.len() && apdu_len.is_none() {
        let end = at.saturating_add(32).min(wire.len());
        let chunk = wire.get(at..end).ok_or(Failure::Hdlc)?;
        at = at.saturating_add(deframer.handle_input(chunk).max(1));
        while let Some(event) = deframer.poll_event() {
            let DeframerEvent::Frame(frame) = event else {
                continue;
            };
            if let Some(joined) = reassembler.push(&frame.repr())? {
                let (_, ciphered) = llc::strip(joined).ok_or(Failure::Hdlc)?;
                let target = apdu.get_mut(..ciphered.len()).ok_or(Failure::Hdlc)?;
                target.copy_from_slice(ciphered);
                apdu_len = Some(ciphered.len());
                break;
            }
        }
    }
    let apdu = apdu
        .get_mut(..apdu_len.ok_or(Failure::Incomplete)?)
        .ok_or(Failure::Incomplete)?;
    let plain = ctx.unprotect_in_place(apdu, None, guard)?;
    if !plain.info.security_control.is_authenticated() {
        return Err(Failure::Security);
    }
    let notification = DataNotification::parse_exact(plain.plaintext)?;
    let DataRef::Structure(entries) = notification.notification_body else {
        return Err(Failure::Mismatch);
    };
    let mut reading = Reading {
        values: [0; REGISTERS.len()],
    };
    for (slot, entry) in reading.values.iter_mut().zip(entries.iter()) {
        let DataRef::Structure(pair) = entry else {
            return Err(Failure::Mismatch);
        };
        *slot = match pair.get(1) {
            Some(DataRef::DoubleLongUnsigned(v)) => v,
            _ => return Err(Failure::Mismatch),
        };
    }
    Ok(reading)
}

/// Stops the core: a push failed.
fn halt() -> ! {
    loop {
        core::hint::spin_loop();
    }
}
