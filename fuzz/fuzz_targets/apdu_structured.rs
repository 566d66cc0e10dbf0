#![no_main]
//! Structured round trips of xDLMS APDUs and their parts: values built from arbitrary
//! fields emit at their `buffer_len`, and what they emit parses back to the same value
//! (general-block-transfer, data-notification, exception-response, security header,
//! attribute, method and capture-object descriptors, entry descriptor).

use dlms_apdu::block::{BlockControl, GeneralBlockTransfer};
use dlms_apdu::ciphered::{SecurityControl, SecurityHeader};
use dlms_apdu::descriptor::{
    AttributeDescriptor, CaptureObjectDefinition, EntryDescriptor, MethodDescriptor,
};
use dlms_apdu::exception::ExceptionResponse;
use dlms_apdu::notification::{DataNotification, DateTimeEncoding};
use dlms_apdu::registry::{ClassId, ExceptionServiceError, StateError};
use dlms_apdu::{Apdu, DataRef, LongInvokeIdAndPriority};
use libfuzzer_sys::arbitrary::{self, Arbitrary};

#[derive(Arbitrary, Debug)]
struct Input {
    control: u8,
    block_number: u16,
    block_number_ack: u16,
    block_data: Vec<u8>,
    invoke: u32,
    date_time: Option<([u8; 12], bool)>,
    body: Vec<u8>,
    state_error: u8,
    service_error: u8,
    invocation_counter: Option<u32>,
    security: (u8, u32),
    class_id: u16,
    instance: [u8; 6],
    member: i8,
    data_index: u16,
    entries: (u32, u32, u16, u16),
}

/// Emits `$v` at its `buffer_len` and parses it back with `$parse`.
macro_rules! round_trip {
    ($v:expr, $parse:expr) => {{
        let v = $v;
        let mut out = vec![0u8; v.buffer_len()];
        let n = v.emit(&mut out).expect("emit at buffer_len");
        assert_eq!(n, out.len());
        let parsed = $parse(&out[..]);
        assert_eq!(
            parsed.as_ref().ok(),
            Some(&v),
            "{v:?} emitted as {out:02X?}"
        );
        out
    }};
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let gbt = GeneralBlockTransfer {
        control: BlockControl(input.control),
        block_number: input.block_number,
        block_number_ack: input.block_number_ack,
        block_data: &input.block_data,
    };
    let bytes = round_trip!(gbt, GeneralBlockTransfer::parse_exact);
    assert!(matches!(Apdu::parse_exact(&bytes), Ok(Apdu::GeneralBlockTransfer(b)) if b == gbt));

    // A data-notification with a body that parses as data.
    if let Ok((body, _)) = DataRef::parse(&input.body) {
        let (date_time, encoding) = match &input.date_time {
            Some((dt, tagged)) => (
                &dt[..],
                if *tagged {
                    DateTimeEncoding::TaggedData
                } else {
                    DateTimeEncoding::OctetString
                },
            ),
            None => (&[][..], DateTimeEncoding::OctetString),
        };
        let n = DataNotification {
            long_invoke_id_and_priority: LongInvokeIdAndPriority(input.invoke),
            date_time,
            date_time_encoding: encoding,
            notification_body: body,
        };
        // Compared encoded: a NaN body is not equal to itself.
        let mut out = vec![0u8; n.buffer_len()];
        n.emit(&mut out).expect("emit at buffer_len");
        let parsed = DataNotification::parse_exact(&out).expect("an emitted notification parses");
        let mut again = vec![0u8; parsed.buffer_len()];
        parsed.emit(&mut again).expect("emit again");
        assert_eq!(again, out);
        assert_eq!(parsed.date_time, n.date_time);
        assert_eq!(parsed.date_time_encoding, n.date_time_encoding);
    }

    let e = ExceptionResponse {
        state_error: StateError(input.state_error),
        service_error: ExceptionServiceError(input.service_error),
        invocation_counter: input.invocation_counter,
    };
    let mut out = [0u8; 16];
    if let Ok(n) = e.emit(&mut out) {
        assert_eq!(n, e.buffer_len());
        if let Ok(parsed) = ExceptionResponse::parse_exact(&out[..n]) {
            assert_eq!(parsed, e);
        }
    }

    let h = SecurityHeader {
        security_control: SecurityControl(input.security.0),
        invocation_counter: input.security.1,
    };
    let mut out = [0u8; 5];
    h.emit(&mut out).expect("five octets");
    assert_eq!(SecurityHeader::parse(&out).map(|(v, _)| v), Ok(h));

    let a = AttributeDescriptor {
        class_id: ClassId(input.class_id),
        instance_id: input.instance,
        attribute_id: input.member,
    };
    let mut out = [0u8; 9];
    a.emit(&mut out).expect("nine octets");
    assert_eq!(AttributeDescriptor::parse(&out).map(|(v, _)| v), Ok(a));
    let m = MethodDescriptor {
        class_id: ClassId(input.class_id),
        instance_id: input.instance,
        method_id: input.member,
    };
    m.emit(&mut out).expect("nine octets");
    assert_eq!(MethodDescriptor::parse(&out).map(|(v, _)| v), Ok(m));

    let c = CaptureObjectDefinition {
        class_id: ClassId(input.class_id),
        logical_name: input.instance,
        attribute_index: input.member,
        data_index: input.data_index,
    };
    let mut out = [0u8; 64];
    let n = c.emit(&mut out).expect("capture object");
    assert_eq!(
        CaptureObjectDefinition::parse(&out[..n]).map(|(v, _)| v),
        Ok(c)
    );

    let (from_entry, to_entry, from_selected_value, to_selected_value) = input.entries;
    let d = EntryDescriptor {
        from_entry,
        to_entry,
        from_selected_value,
        to_selected_value,
    };
    let n = d.emit(&mut out).expect("entry descriptor");
    assert_eq!(EntryDescriptor::parse(&out[..n]).map(|(v, _)| v), Ok(d));
});
