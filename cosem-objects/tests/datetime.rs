#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use cosem_objects::datetime::{Date, DateTime, Deviation, Tagged, Time};
use cosem_objects::{Error, FromData};
use dlms_apdu::{DataRef, DataType};
use hex_literal::hex;

// 2020-05-24, a Sunday, 13:43:00.00 (hundredths not specified), deviation and clock
// status not specified.
const OCTETS: [u8; 12] = hex!("07E4 05 18 07 0D 2B 00 FF 8000 FF");

#[test]
fn both_forms_read() {
    let expected = DateTime::from_bytes(OCTETS);
    let tagged = [&[0x19][..], &OCTETS].concat();
    let octet = [&[0x09, 0x0C][..], &OCTETS].concat();
    for bytes in [&tagged, &octet] {
        let d = DataRef::parse_exact(bytes).unwrap();
        assert_eq!(DateTime::from_data(&d).unwrap(), expected);
    }
    assert_eq!(expected.date.year, 2020);
    assert_eq!(expected.time.minute, 43);
    assert_eq!(expected.deviation, Deviation::NOT_SPECIFIED);
    // Only the tagged form for Tagged.
    assert!(Tagged::<DateTime>::from_data(&DataRef::parse_exact(&octet).unwrap()).is_err());
    // A wrong length is an element-count error.
    assert_eq!(
        DateTime::from_data(&DataRef::OctetString(&OCTETS[..11])),
        Err(Error::ElementCount {
            expected: 12,
            found: 11
        })
    );
    assert_eq!(
        Date::from_data(&DataRef::Unsigned(1)),
        Err(Error::UnexpectedType {
            expected: DataType::OctetString,
            found: DataType::Unsigned
        })
    );
    assert_eq!(
        Time::from_data(&DataRef::OctetString(&[1, 2, 3, 4])).unwrap(),
        Time::new(1, 2, 3, 4)
    );
}

#[cfg(feature = "alloc")]
#[test]
fn written_forms() {
    use cosem_objects::ToData;
    use cosem_objects::datetime::ClockStatus;
    let dt = DateTime::from_bytes(OCTETS);
    assert_eq!(dt.to_data().to_vec(), [&[0x09, 0x0C][..], &OCTETS].concat());
    assert_eq!(
        Tagged(dt).to_data().to_vec(),
        [&[0x19][..], &OCTETS].concat()
    );
    assert_eq!(
        Tagged(dt.date).to_data().to_vec(),
        [&[0x1A][..], &OCTETS[..5]].concat()
    );
    assert_eq!(
        Tagged(dt.time).to_data().to_vec(),
        [&[0x1B][..], &OCTETS[5..9]].concat()
    );
    assert_eq!(ClockStatus(0x80).to_data().to_vec(), [0x11, 0x80]);
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_conversion() {
    use chrono::{FixedOffset, NaiveDate, TimeZone};
    use cosem_objects::datetime::ClockStatus;
    use cosem_objects::datetime::calendar::*;

    let dt = DateTime::from_bytes(OCTETS);
    let naive = to_naive(&dt).unwrap();
    assert_eq!(
        naive,
        NaiveDate::from_ymd_opt(2020, 5, 24)
            .unwrap()
            .and_hms_opt(13, 43, 0)
            .unwrap()
    );
    // No deviation: no offset.
    assert_eq!(to_fixed_offset(&dt), Err(Error::NotSpecified));
    // Deviation -120 (local is UTC+2 in the standard's sign convention).
    let mut cest = dt;
    cest.deviation = Deviation(-120);
    let fixed = to_fixed_offset(&cest).unwrap();
    let expected = FixedOffset::east_opt(7200)
        .unwrap()
        .with_ymd_and_hms(2020, 5, 24, 13, 43, 0)
        .unwrap();
    assert_eq!(fixed, expected);
    let back = from_fixed_offset(&fixed, ClockStatus(0)).unwrap();
    assert_eq!(back.deviation, Deviation(-120));
    assert_eq!(back.date, Date::new(2020, 5, 24, 7));
    assert_eq!(back.time, Time::new(13, 43, 0, 0));
    assert_eq!(from_naive(naive).unwrap().date.weekday, 7);
    // Wildcards and markers do not convert.
    let mut wild = dt;
    wild.date.year = Date::YEAR_NOT_SPECIFIED;
    assert_eq!(to_naive(&wild), Err(Error::NotSpecified));
    wild = dt;
    wild.date.day = Date::DAY_LAST;
    assert_eq!(to_naive(&wild), Err(Error::NotSpecified));
    wild = dt;
    wild.time.hour = 0xFF;
    assert_eq!(to_naive(&wild), Err(Error::NotSpecified));
    wild = dt;
    wild.date.day = 31;
    wild.date.month = 2;
    assert_eq!(to_naive(&wild), Err(Error::NotSpecified));
    // An offset of seconds has no deviation.
    let odd = FixedOffset::east_opt(30)
        .unwrap()
        .with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .unwrap();
    assert_eq!(
        from_fixed_offset(&odd, ClockStatus(0)),
        Err(Error::OutOfRange)
    );
}
