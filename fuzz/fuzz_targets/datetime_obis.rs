#![no_main]
//! The COSEM date-time and OBIS code codecs.
//!
//! Twelve octets read as a date-time (and its date, time, deviation and status) write back
//! the same octets, print without failing, and read the same through A-XDR data (the
//! `date-time` type and a 12-octet octet-string); a date-time that converts to a calendar
//! date-time (chrono) converts back to one that converts to the same. Six octets read as an
//! OBIS code print, in both forms, to text that parses back to the same code.

use core::fmt::Write;

use cosem_objects::datetime::calendar;
use cosem_objects::{FromData, ObisCode, ToData};
use dlms_apdu::DataRef;
use dlms_apdu::datetime::{Date, DateTime, Time};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some(dt_bytes) = bytes.get(..12).and_then(|b| <[u8; 12]>::try_from(b).ok()) else {
        return;
    };
    let dt = DateTime::from_bytes(dt_bytes);
    assert_eq!(dt.to_bytes(), dt_bytes);
    let date = Date::from_bytes(dt_bytes[..5].try_into().unwrap());
    assert_eq!(date, dt.date);
    assert_eq!(
        Time::from_bytes(dt_bytes[5..9].try_into().unwrap()),
        dt.time
    );
    let _ = (
        dt.is_valid(),
        date.is_valid(),
        dt.time.is_valid(),
        dt.deviation.is_valid(),
    );
    let _ = (
        date.year(),
        date.month(),
        date.day(),
        date.weekday(),
        dt.deviation.minutes(),
    );
    let mut text = String::new();
    write!(text, "{dt} {date} {} {:?}", dt.time, dt.clock_status).expect("display");

    assert_eq!(DateTime::from_data(&DataRef::DateTime(dt)), Ok(dt));
    assert_eq!(
        DateTime::from_data(&DataRef::OctetString(&dt_bytes)),
        Ok(dt)
    );
    assert_eq!(DateTime::from_data(&dt.to_data().as_ref()), Ok(dt));
    assert_eq!(Date::from_data(&date.to_data().as_ref()), Ok(date));

    if let Ok(naive) = calendar::to_naive(&dt) {
        let back = calendar::from_naive(naive).expect("a calendar date-time converts back");
        assert_eq!(calendar::to_naive(&back), Ok(naive));
    }
    if let Ok(fixed) = calendar::to_fixed_offset(&dt) {
        let back = calendar::from_fixed_offset(&fixed, dt.clock_status).expect("converts back");
        assert_eq!(calendar::to_fixed_offset(&back), Ok(fixed));
    }

    let Some(obis) = bytes.get(12..18) else {
        return;
    };
    let code = ObisCode::from_slice(obis).expect("six octets");
    assert_eq!(code.as_bytes(), obis);
    for alternate in [false, true] {
        let mut s = String::new();
        if alternate {
            write!(s, "{code:#}").expect("display");
        } else {
            write!(s, "{code}").expect("display");
        }
        assert_eq!(ObisCode::parse_text(&s), Ok(code), "{s:?}");
    }
    assert_eq!(ObisCode::from_data(&code.to_data().as_ref()), Ok(code));
});
