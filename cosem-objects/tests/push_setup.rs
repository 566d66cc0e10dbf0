#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]
//! Push setup version 2: every attribute, both methods, and the version 0/1 value forms.

mod common;

use common::{round_trip_attributes, round_trip_value};
use cosem_objects::classes::push_setup::*;
use cosem_objects::{
    ClassId, ClassInfo, Error, FromData, InterfaceClass, Method, ObisCode, ToData,
};
use dlms_apdu::DataRef;
use dlms_apdu::datetime::{ClockStatus, Date, DateTime, Deviation, Time};
use hex_literal::hex;
use proptest::prelude::*;

fn dt(h: u8) -> DateTime {
    DateTime {
        date: Date::new(2024, 3, 1, 5),
        time: Time::new(h, 0, 0, 0),
        deviation: Deviation(-60),
        clock_status: ClockStatus(0),
    }
}

fn sample() -> PushSetup {
    let clock = CaptureObject {
        class_id: ClassId::CLOCK,
        logical_name: ObisCode::new(0, 0, 1, 0, 0, 255),
        attribute_index: 2,
        data_index: 0,
    };
    PushSetup {
        logical_name: ObisCode::new(0, 1, 25, 9, 0, 255),
        push_object_list: vec![
            PushObject {
                object: CaptureObject {
                    class_id: ClassId::PUSH_SETUP,
                    logical_name: ObisCode::new(0, 1, 25, 9, 0, 255),
                    attribute_index: 1,
                    data_index: 0,
                },
                restriction: Some(Restriction::None),
                columns: Some(vec![]),
            },
            PushObject {
                object: CaptureObject {
                    class_id: ClassId::PROFILE_GENERIC,
                    logical_name: ObisCode::new(1, 0, 99, 1, 0, 255),
                    attribute_index: 2,
                    data_index: 0,
                },
                restriction: Some(Restriction::Entry { from: 1, to: 10 }),
                columns: Some(vec![clock]),
            },
            PushObject {
                object: clock,
                restriction: Some(Restriction::Date {
                    from: DateTimeField::new(dt(0)),
                    to: DateTimeField {
                        value: dt(12),
                        tagged: true,
                    },
                }),
                columns: Some(vec![]),
            },
        ],
        send_destination_and_method: SendDestination {
            transport_service: TransportService::TCP,
            destination: b"192.0.2.10:4059".to_vec(),
            message: MessageType::COSEM_APDU,
        },
        communication_window: vec![Window {
            start: DateTimeField::new(dt(1)),
            end: DateTimeField::new(dt(5)),
        }],
        randomisation_start_interval: 30,
        number_of_retries: 3,
        repetition_delay: RepetitionDelay::Exponential {
            min: 10,
            exponent: 150,
            max: 600,
        },
        port_reference: ObisCode::new(0, 0, 25, 0, 0, 255),
        push_client_sap: 102,
        push_protection_parameters: vec![
            ProtectionParameters {
                protection_type: ProtectionType::AUTHENTICATION_AND_ENCRYPTION,
                transaction_id: vec![1, 2, 3, 4, 5, 6, 7, 8],
                originator_system_title: hex!("4D4D4D0000000001").to_vec(),
                recipient_system_title: hex!("4D4D4D0000BC614E").to_vec(),
                other_information: vec![],
                key_info: KeyInfo::Identified { key_id: 0 },
            },
            ProtectionParameters {
                protection_type: ProtectionType::ENCRYPTION,
                transaction_id: vec![],
                originator_system_title: vec![],
                recipient_system_title: vec![],
                other_information: vec![9],
                key_info: KeyInfo::Wrapped {
                    kek_id: 0,
                    key_ciphered_data: vec![0xAA; 24],
                },
            },
            ProtectionParameters {
                protection_type: ProtectionType::DIGITAL_SIGNATURE,
                transaction_id: vec![],
                originator_system_title: vec![],
                recipient_system_title: vec![],
                other_information: vec![],
                key_info: KeyInfo::Agreed {
                    key_parameters: vec![1],
                    key_ciphered_data: vec![0xBB; 64],
                },
            },
        ],
        push_operation_method: PushOperationMethod::CONFIRMED,
        confirmation_parameters: ConfirmationParameters {
            start_date: DateTimeField::new(dt(2)),
            interval: 86_400,
        },
        last_confirmation_date_time: DateTimeField {
            value: dt(3),
            tagged: true,
        },
    }
}

#[test]
fn push_setup_round_trips_every_attribute() {
    round_trip_attributes(&sample());
    round_trip_attributes(&PushSetup::default());
    assert_eq!(PushSetup::CLASS_ID.0, 40);
    assert_eq!(PushSetup::VERSION, 2);
    assert_eq!(PushSetup::ATTRIBUTES.len(), 13);
    assert_eq!(
        PushSetup::attribute_info(9).unwrap().name,
        "push_client_SAP"
    );
    assert_eq!(PushSetup::METHODS.len(), 2);
}

#[test]
fn known_answers() {
    let s = sample();
    assert_eq!(
        s.attribute(7).unwrap().to_vec(),
        hex!("02 03 12 00 0A 12 00 96 12 02 58")
    );
    assert_eq!(
        s.attribute(3).unwrap().to_vec(),
        [
            &hex!("02 03 16 00 09 0F")[..],
            b"192.0.2.10:4059",
            &hex!("16 00")
        ]
        .concat()
    );
    // A date-time attribute in the class's octet-string form: 12 octets, deviation -60
    // (FFC4).
    assert_eq!(
        s.confirmation_parameters.to_data().to_vec(),
        hex!("02 02 09 0C 07 E8 03 01 05 02 00 00 00 FF C4 00 06 00 01 51 80")
    );
    assert_eq!(
        s.attribute(13).unwrap().to_vec(),
        hex!("19 07 E8 03 01 05 03 00 00 00 FF C4 00")
    );
    // The first push object: the push setup itself, version 2 form (six fields).
    assert_eq!(
        s.push_object_list[0].to_data().to_vec(),
        hex!("02 06 12 00 28 09 06 00 01 19 09 00 FF 0F 01 12 00 00 02 02 16 00 00 01 00")
    );
    assert_eq!(
        s.push_protection_parameters[0].key_info.to_data().to_vec(),
        hex!("02 02 16 00 02 01 16 00")
    );
}

/// Version 0 and 1 forms: a four-field push object, a five-field one, and a plain
/// repetition delay, each written back unchanged.
#[test]
fn older_version_forms() {
    let v0 = hex!("02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00");
    let o = PushObject::from_data(&DataRef::parse_exact(&v0).unwrap()).unwrap();
    assert_eq!(o.restriction, None);
    assert_eq!(o.columns, None);
    assert_eq!(o.object.class_id, ClassId::CLOCK);
    assert_eq!(o.to_data().to_vec(), v0);

    let v1 = hex!(
        "02 05 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 02 02 16 02 02 02 12 00 01 12 00 05"
    );
    let o = PushObject::from_data(&DataRef::parse_exact(&v1).unwrap()).unwrap();
    assert_eq!(o.restriction, Some(Restriction::Entry { from: 1, to: 5 }));
    assert_eq!(o.columns, None);
    assert_eq!(o.to_data().to_vec(), v1);

    let delay = RepetitionDelay::from_data(&DataRef::LongUnsigned(120)).unwrap();
    assert_eq!(delay, RepetitionDelay::Fixed(120));
    assert_eq!(delay.to_data().to_vec(), hex!("12 00 78"));

    // Three fields, seven fields: refused.
    let three = hex!("02 03 12 00 08 09 06 00 00 01 00 00 FF 0F 02");
    assert!(PushObject::from_data(&DataRef::parse_exact(&three).unwrap()).is_err());
    // An unknown restriction type; a type-0 restriction with a value.
    let r3 = hex!("02 02 16 03 00");
    assert_eq!(
        Restriction::from_data(&DataRef::parse_exact(&r3).unwrap()),
        Err(Error::OutOfRange)
    );
    let r0 = hex!("02 02 16 00 11 00");
    assert!(Restriction::from_data(&DataRef::parse_exact(&r0).unwrap()).is_err());
    // A date-time octet string of 11 octets.
    let short = hex!("09 0B 07 E8 03 01 05 02 00 00 00 FF C4");
    assert_eq!(
        DateTimeField::from_data(&DataRef::parse_exact(&short).unwrap()),
        Err(Error::ElementCount {
            expected: 12,
            found: 11
        })
    );
    // An unknown key-info type.
    let k = hex!("02 02 16 03 02 00");
    assert_eq!(
        KeyInfo::from_data(&DataRef::parse_exact(&k).unwrap()),
        Err(Error::OutOfRange)
    );
}

#[test]
fn methods() {
    for (id, m) in [(1, PushSetupMethod::Push), (2, PushSetupMethod::Reset)] {
        assert_eq!(m.id(), id);
        let bytes = m.parameters().to_vec();
        assert_eq!(bytes, hex!("0F 00"));
        assert_eq!(
            PushSetupMethod::from_parameters(id, &DataRef::parse_exact(&bytes).unwrap()),
            Ok(m)
        );
    }
    assert_eq!(
        PushSetupMethod::from_parameters(3, &DataRef::Integer(0)),
        Err(Error::NoSuchMethod(3))
    );
    assert_eq!(
        PushSetupMethod::from_parameters(1, &DataRef::Integer(5)),
        Err(Error::MethodParameters)
    );
}

fn arb_capture() -> impl Strategy<Value = CaptureObject> {
    (any::<u16>(), any::<[u8; 6]>(), any::<i8>(), any::<u16>()).prop_map(|(c, ln, a, d)| {
        CaptureObject {
            class_id: ClassId(c),
            logical_name: ObisCode(ln),
            attribute_index: a,
            data_index: d,
        }
    })
}

fn arb_push_object() -> impl Strategy<Value = PushObject> {
    (
        arb_capture(),
        proptest::option::of(prop_oneof![
            Just(Restriction::None),
            (any::<u16>(), any::<u16>()).prop_map(|(from, to)| Restriction::Entry { from, to }),
            (any::<[u8; 12]>(), any::<bool>()).prop_map(|(b, tagged)| Restriction::Date {
                from: DateTimeField {
                    value: DateTime::from_bytes(b),
                    tagged
                },
                to: DateTimeField::new(DateTime::from_bytes(b)),
            }),
        ]),
        proptest::option::of(proptest::collection::vec(arb_capture(), 0..3)),
    )
        .prop_map(|(object, restriction, columns)| PushObject {
            object,
            // Columns exist only after a restriction.
            columns: if restriction.is_some() { columns } else { None },
            restriction,
        })
}

proptest! {
    #[test]
    fn push_object_list_round_trips(list in proptest::collection::vec(arb_push_object(), 0..5)) {
        round_trip_value(&list);
    }

    #[test]
    fn protection_parameters_round_trip(
        t in any::<u8>(), a in proptest::collection::vec(any::<u8>(), 0..20),
        b in proptest::collection::vec(any::<u8>(), 0..20), kind in 0u8..3, id in any::<u8>(),
    ) {
        let key_info = match kind {
            0 => KeyInfo::Identified { key_id: id },
            1 => KeyInfo::Wrapped { kek_id: id, key_ciphered_data: b.clone() },
            _ => KeyInfo::Agreed { key_parameters: a.clone(), key_ciphered_data: b.clone() },
        };
        round_trip_value(&vec![ProtectionParameters {
            protection_type: ProtectionType(t),
            transaction_id: a.clone(),
            originator_system_title: b.clone(),
            recipient_system_title: a,
            other_information: b,
            key_info,
        }]);
    }

    #[test]
    fn push_object_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
        if let Ok((v, _)) = DataRef::parse(&bytes) {
            let _ = PushObject::from_data(&v);
            let _ = ProtectionParameters::from_data(&v);
        }
    }
}

/// Every attribute of a Push setup version 2 as the Gurux DLMS library for Python encodes it
/// (gurux-dlms 1.0.203 from PyPI, `getValue`; `tests/data/gurux_peer_vectors.json`): each
/// decodes and re-encodes to the same octets. Gurux writes the confirmation start date and
/// the last confirmation as the `date-time` type, the communication window as octet strings.
#[test]
fn gurux_push_setup_attributes() {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/gurux_peer_vectors.json")).unwrap();
    assert_eq!(json["provenance"]["generator"], "gurux-dlms 1.0.203 (PyPI)");
    let attrs = json["attributes"]["push_setup"].as_object().unwrap();
    assert_eq!(attrs.len(), 13);
    let mut p = PushSetup::default();
    for (id, v) in attrs {
        let id: i8 = id.parse().unwrap();
        let bytes = hex::decode(v.as_str().unwrap()).unwrap();
        p.set_attribute(id, &DataRef::parse_exact(&bytes).unwrap())
            .unwrap_or_else(|e| panic!("attribute {id}: {e}"));
        assert_eq!(p.attribute(id).unwrap().to_vec(), bytes, "attribute {id}");
    }
    assert_eq!(p.push_object_list.len(), 2);
    let profile = &p.push_object_list[0];
    assert_eq!(profile.object.class_id, ClassId::PROFILE_GENERIC);
    assert_eq!(
        profile.restriction,
        Some(Restriction::Entry { from: 1, to: 10 })
    );
    assert_eq!(
        profile.columns.as_ref().unwrap()[0].class_id,
        ClassId::CLOCK
    );
    assert_eq!(p.push_object_list[1].restriction, Some(Restriction::None));
    assert_eq!(
        p.send_destination_and_method.destination,
        b"192.0.2.10:4059"
    );
    assert!(!p.communication_window[0].start.tagged);
    assert_eq!(p.communication_window[0].end.value.time.hour(), Some(5));
    assert_eq!(
        p.repetition_delay,
        RepetitionDelay::Exponential {
            min: 10,
            exponent: 150,
            max: 600
        }
    );
    assert_eq!(p.port_reference, ObisCode::new(0, 0, 25, 0, 0, 255));
    assert_eq!(p.push_client_sap, 102);
    assert_eq!(
        p.push_protection_parameters[0].protection_type,
        ProtectionType::AUTHENTICATION_AND_ENCRYPTION
    );
    assert_eq!(
        p.push_protection_parameters[0].key_info,
        KeyInfo::Identified { key_id: 0 }
    );
    assert_eq!(
        p.push_protection_parameters[1].key_info,
        KeyInfo::Wrapped {
            kek_id: 0,
            key_ciphered_data: vec![0xAA; 24]
        }
    );
    assert_eq!(p.push_operation_method, PushOperationMethod::CONFIRMED);
    assert!(p.confirmation_parameters.start_date.tagged);
    assert_eq!(p.confirmation_parameters.interval, 86_400);
    assert!(p.last_confirmation_date_time.tagged);
    assert_eq!(p.last_confirmation_date_time.value.time.hour(), Some(3));

    // push and reset.
    for (name, m) in [
        ("push", PushSetupMethod::Push),
        ("push_reset", PushSetupMethod::Reset),
    ] {
        let apdu = hex::decode(json["actions"][name].as_str().unwrap()).unwrap();
        assert_eq!(apdu[3..5], [0, 40]);
        assert_eq!(apdu[11] as i8, m.id());
        assert_eq!(apdu[13..], m.parameters().to_vec()[..]);
    }
}
