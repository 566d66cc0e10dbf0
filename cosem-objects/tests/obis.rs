#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use cosem_objects::error::ObisTextError;
use cosem_objects::obis::known;
use cosem_objects::{Error, FromData, ObisCode};
use dlms_apdu::{DataRef, DataType};
use proptest::prelude::*;

#[test]
fn well_known_codes() {
    assert_eq!(known::CLOCK.to_string(), "0.0.1.0.0.255");
    assert_eq!(
        format!("{:#}", known::CURRENT_ASSOCIATION),
        "0-0:40.0.0*255"
    );
    assert_eq!(known::security_setup(1).to_string(), "0.0.43.0.1.255");
    assert_eq!(known::invocation_counter(2).to_string(), "0.0.43.1.2.255");
    assert_eq!(known::push_setup(7).to_string(), "0.7.25.9.0.255");
    assert_eq!(known::DISCONNECT_CONTROL.to_string(), "0.0.96.3.10.255");
    assert_eq!(known::LOAD_PROFILE_2.to_string(), "1.0.99.2.0.255");
    assert_eq!(known::ACTIVE_ENERGY_EXPORT.to_string(), "1.0.2.8.0.255");
    assert_eq!(known::ACTIVE_POWER_IMPORT.to_string(), "1.0.1.7.0.255");
    assert_eq!(known::LOGICAL_DEVICE_NAME.to_string(), "0.0.42.0.0.255");
    let c = known::ACTIVE_ENERGY_IMPORT;
    assert_eq!(
        (c.a(), c.b(), c.c(), c.d(), c.e(), c.f()),
        (1, 0, 1, 8, 0, 255)
    );
}

#[test]
fn octet_string_form() {
    let code = ObisCode::from_data(&DataRef::OctetString(&[1, 0, 1, 8, 0, 255])).unwrap();
    assert_eq!(code, known::ACTIVE_ENERGY_IMPORT);
    assert_eq!(
        ObisCode::from_data(&DataRef::OctetString(&[1, 0, 1, 8, 0])),
        Err(Error::ElementCount {
            expected: 6,
            found: 5
        })
    );
    assert_eq!(
        ObisCode::from_data(&DataRef::VisibleString(b"1.0.1.8.0.255")),
        Err(Error::UnexpectedType {
            expected: DataType::OctetString,
            found: DataType::VisibleString
        })
    );
    #[cfg(feature = "alloc")]
    {
        use cosem_objects::ToData;
        assert_eq!(code.to_data().to_vec(), [9, 6, 1, 0, 1, 8, 0, 255]);
    }
}

#[test]
fn malformed_text_is_rejected_with_offsets() {
    let cases: &[(&str, ObisTextError, usize)] = &[
        ("", ObisTextError::TooFewGroups, 0),
        ("1.0.1.8", ObisTextError::TooFewGroups, 7),
        ("1.8.0", ObisTextError::TooFewGroups, 5),
        ("1-0:1.8.0", ObisTextError::TooFewGroups, 9),
        ("1-0:1.8.0*", ObisTextError::EmptyGroup, 10),
        ("1.0.1.8.0.1000", ObisTextError::GroupTooLarge, 10),
        ("1.0.1.8.0.255x", ObisTextError::Trailing, 13),
        ("1-0:1.8.0*255.3", ObisTextError::Trailing, 13),
        ("1.0-1.8.0.255", ObisTextError::Separator, 3),
        ("1-0-1.8.0*255", ObisTextError::Separator, 3),
        ("1:0:1.8.0*255", ObisTextError::Separator, 1),
        ("1*0.1.8.0.255", ObisTextError::Separator, 1),
        ("+1.0.1.8.0.255", ObisTextError::UnexpectedChar, 0),
        ("1.0.1.8.0.-1", ObisTextError::EmptyGroup, 10),
        ("1.0.1,8.0.255", ObisTextError::UnexpectedChar, 5),
        ("١.0.1.8.0.255", ObisTextError::UnexpectedChar, 0),
    ];
    for &(text, kind, offset) in cases {
        assert_eq!(
            text.parse::<ObisCode>(),
            Err(Error::ObisText { kind, offset }),
            "{text:?}"
        );
    }
}

proptest! {
    #[test]
    fn both_forms_round_trip(bytes in any::<[u8; 6]>()) {
        let code = ObisCode(bytes);
        prop_assert_eq!(code.to_string().parse::<ObisCode>().unwrap(), code);
        prop_assert_eq!(format!("{code:#}").parse::<ObisCode>().unwrap(), code);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,24}") {
        if let Ok(code) = text.parse::<ObisCode>() {
            prop_assert_eq!(code.to_string().parse::<ObisCode>().unwrap(), code);
        }
    }

    #[test]
    fn near_miss_text_never_panics(text in "[0-9.:*\\-]{0,24}") {
        match text.parse::<ObisCode>() {
            Ok(code) => prop_assert_eq!(code.to_string().parse::<ObisCode>().unwrap(), code),
            Err(Error::ObisText { offset, .. }) => prop_assert!(offset <= text.len()),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
