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
//! Real pushes decode into named values. The data-notifications come from public capture
//! collections (toreamun/amshan, scs/smartmeter-datacollector, FKW9/esp-smartmeter-netznoe,
//! reitermarkus/dlms-cosem-rs); each vector in `tests/data/notifications.json` names its
//! repository, commit and path.

use cosem_objects::obis::known;
use cosem_objects::push::{Layout, Push, decode};
use cosem_objects::{ClassId, DateTime, FromData, ObisCode, Unit};
use dlms_apdu::DataRef;
use dlms_apdu::notification::DataNotification;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let v: Value = serde_json::from_str(include_str!("data/notifications.json")).unwrap();
    v["vectors"].as_array().unwrap().clone()
}

fn bytes(id: &str) -> Vec<u8> {
    let v = vectors()
        .into_iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"));
    hex::decode(v["hex"].as_str().unwrap()).unwrap()
}

fn push(bytes: &[u8]) -> Push<'_> {
    let n = DataNotification::parse_exact(bytes).unwrap();
    decode(&n.notification_body).unwrap()
}

fn obis(s: &str) -> ObisCode {
    s.parse().unwrap()
}

/// (vector id, layout, values, named values), counted from the bodies by hand-checked
/// A-XDR dumps.
const LAYOUTS: &[(&str, Layout, usize, usize)] = &[
    (
        "scs-lg_e450-encrypted_data_no_pushlist",
        Layout::Keyed,
        17,
        16,
    ),
    (
        "scs-lg_e450-unencrypted_extended_register_data",
        Layout::PushObjectList,
        9,
        9,
    ),
    (
        "scs-lg_e450-unencrypted_valid_data#1",
        Layout::PushObjectList,
        15,
        15,
    ),
    (
        "scs-lg_e450-unencrypted_valid_data1",
        Layout::PushObjectList,
        10,
        10,
    ),
    (
        "scs-lg_e450-unencrypted_valid_data_cfg2026",
        Layout::PushObjectList,
        16,
        16,
    ),
    (
        "scs-lg_e570-encrypted_valid_data",
        Layout::PushObjectList,
        17,
        17,
    ),
    (
        "scs-lg_e570-unencrypted_valid_data_cfg2026",
        Layout::PushObjectList,
        13,
        13,
    ),
    (
        "scs-lg_e570-unencrypted_valid_data_load_cfg2026",
        Layout::PushObjectList,
        13,
        13,
    ),
    (
        "scs-iskra_am550-unencrypted_valid_data",
        Layout::PushObjectList,
        27,
        27,
    ),
    (
        "scs-iskra_am550-unencrypted_valid_data_cfg2026",
        Layout::PushObjectList,
        13,
        13,
    ),
    (
        "scs-lg_e360-unencrypted_valid_data_cfg2026",
        Layout::PushObjectList,
        13,
        13,
    ),
    ("fkw9-evn-mbus-4b464d67-36c6", Layout::Keyed, 13, 11),
    ("fkw9-evn-mbus-4b464d67-825d", Layout::Keyed, 13, 11),
    ("fkw9-evn-mbus-53414759-e363", Layout::Keyed, 13, 11),
    ("reitermarkus-kaifa-kfm-glo", Layout::Keyed, 15, 15),
    ("reitermarkus-data-notification-plain", Layout::Keyed, 3, 2),
    ("amshan-aidon-no_list_1", Layout::ObjectList, 1, 1),
    ("amshan-aidon-no_list_2", Layout::ObjectList, 12, 12),
    ("amshan-aidon-no_list_3", Layout::ObjectList, 17, 17),
    ("amshan-aidon-se_list", Layout::ObjectList, 27, 27),
    ("amshan-kaifa-no_list_1", Layout::Positional, 1, 0),
    ("amshan-kaifa-no_list_2", Layout::Positional, 13, 0),
    ("amshan-kaifa-no_list_3", Layout::Positional, 18, 0),
    ("amshan-kaifa-se_list", Layout::Keyed, 18, 18),
    (
        "amshan-kamstrup-no_list_1_three_phase",
        Layout::Keyed,
        13,
        12,
    ),
    (
        "amshan-kamstrup-no_list_2_single_phase",
        Layout::Keyed,
        8,
        7,
    ),
    (
        "amshan-kamstrup-no_list_2_three_phase",
        Layout::Keyed,
        18,
        17,
    ),
    (
        "amshan-kamstrup-no_list_1_single_phase_real_sample",
        Layout::Keyed,
        17,
        8,
    ),
    (
        "amshan-kamstrup-no_list_2_single_phase_real_sample",
        Layout::Keyed,
        22,
        13,
    ),
    ("amshan-kamstrup-se_list_real_sample", Layout::Keyed, 13, 12),
];

#[test]
fn every_complete_plain_push_is_recognised() {
    let all = vectors();
    let mut checked = 0;
    for v in &all {
        let id = v["id"].as_str().unwrap();
        let Some(&(_, layout, count, named)) = LAYOUTS.iter().find(|l| l.0 == id) else {
            // Two vectors are not complete plain pushes: a first segment cut short, and a
            // general-glo-ciphering whose body is still ciphered.
            assert!(
                v["expect"].is_null() || v["expect"]["body_type"].is_null(),
                "{id} has no expected layout"
            );
            continue;
        };
        let b = hex::decode(v["hex"].as_str().unwrap()).unwrap();
        let p = push(&b);
        assert_eq!(p.layout, layout, "{id}");
        assert_eq!(p.values.len(), count, "{id}");
        let n = p.values.iter().filter(|v| v.logical_name.is_some()).count();
        assert_eq!(n, named, "{id}");
        checked += 1;
    }
    assert_eq!(checked, LAYOUTS.len());
    assert_eq!(all.len(), LAYOUTS.len() + 2);
}

#[test]
fn aidon_object_list_carries_scalers_and_units() {
    let b = bytes("amshan-aidon-no_list_2");
    let p = push(&b);
    let power = p.get(known::ACTIVE_POWER_IMPORT).unwrap();
    assert_eq!(power.value, DataRef::DoubleLongUnsigned(280));
    assert_eq!(power.scaler_unit.unwrap().unit, Unit::WATT);
    assert_eq!(power.scaled().unwrap().0.to_string(), "280");
    // The current of L1 is a long with scaler -1 (ampere).
    let i1 = p.get(known::CURRENT_L1).unwrap();
    assert_eq!(i1.value, DataRef::Long(13));
    let (v, unit) = i1.scaled().unwrap();
    assert_eq!((v.to_string().as_str(), unit), ("1.3", Some(Unit::AMPERE)));
    // The list version and the meter id are visible strings.
    assert_eq!(
        p.get(known::LIST_VERSION).unwrap().value,
        DataRef::VisibleString(b"AIDON_V0001")
    );
    assert_eq!(
        p.get(known::DEVICE_ID_1).unwrap().value,
        DataRef::VisibleString(b"7359992892587665")
    );
}

#[test]
fn kamstrup_keyed_values() {
    let b = bytes("amshan-kamstrup-no_list_1_single_phase_real_sample");
    let p = push(&b);
    // The list id comes first, unnamed.
    assert_eq!(p.values[0].logical_name, None);
    assert_eq!(p.values[0].value, DataRef::VisibleString(b"Kamstrup_V0001"));
    assert_eq!(
        p.get(obis("1.1.1.7.0.255")).unwrap().value,
        DataRef::DoubleLongUnsigned(1896)
    );
    assert_eq!(
        p.get(obis("1-1:32.7.0*255")).unwrap().value,
        DataRef::LongUnsigned(225)
    );
    // Kamstrup sends no scaler-units in the push.
    assert!(p.values.iter().all(|v| v.scaler_unit.is_none()));
}

#[test]
fn evn_keyed_values_with_scalers() {
    let b = bytes("fkw9-evn-mbus-4b464d67-36c6");
    let p = push(&b);
    // A date-time first, unnamed: 2021-09-27 09:47:15.
    let dt = DateTime::from_data(&p.values[0].value).unwrap();
    assert_eq!((dt.date.year, dt.date.month, dt.date.day), (2021, 9, 27));
    assert_eq!((dt.time.hour, dt.time.minute, dt.time.second), (9, 47, 15));
    let e = p.get(known::ACTIVE_ENERGY_IMPORT).unwrap();
    assert_eq!(e.value, DataRef::DoubleLongUnsigned(12937));
    assert_eq!(
        e.scaled().unwrap(),
        (cosem_objects::Decimal::new(12937, 0), Some(Unit::WATT_HOUR))
    );
}

#[test]
fn kaifa_structures_inside_a_structure() {
    let b = bytes("reitermarkus-kaifa-kfm-glo");
    let p = push(&b);
    let clock = p.get(known::CLOCK).unwrap();
    assert!(DateTime::from_data(&clock.value).is_ok());
    let u1 = p.get(known::VOLTAGE_L1).unwrap();
    let (v, unit) = u1.scaled().unwrap();
    assert_eq!((v.to_string().as_str(), unit), ("233.6", Some(Unit::VOLT)));
    assert_eq!(
        p.get(known::LOGICAL_DEVICE_NAME).unwrap().value,
        DataRef::OctetString(b"KFM1200200070313")
    );
}

#[test]
fn landis_gyr_push_object_list_names_values_by_class_and_attribute() {
    let b = bytes("scs-lg_e450-unencrypted_valid_data1");
    let p = push(&b);
    // The second definition names the push setup's logical name (attribute 1).
    let first = &p.values[0];
    assert_eq!(first.logical_name, Some(known::push_setup(8)));
    assert_eq!(first.attribute, Some((ClassId::PUSH_SETUP, 1)));
    assert_eq!(first.value, DataRef::OctetString(&[0, 8, 25, 9, 0, 255]));
    let power = p.get(known::ACTIVE_POWER_IMPORT).unwrap();
    assert_eq!(power.attribute, Some((ClassId::REGISTER, 2)));
    assert_eq!(power.value, DataRef::DoubleLongUnsigned(777));
    // No scaler-units travel in this layout.
    assert!(power.scaler_unit.is_none());
}

#[test]
fn landis_gyr_without_push_list() {
    let b = bytes("scs-lg_e450-encrypted_data_no_pushlist");
    let p = push(&b);
    assert_eq!(
        p.get(known::ACTIVE_ENERGY_IMPORT).unwrap().value,
        DataRef::DoubleLongUnsigned(6_226_327)
    );
    assert_eq!(
        p.get(known::active_energy_import_tariff(1)).unwrap().value,
        DataRef::DoubleLongUnsigned(4_395_170)
    );
}

proptest::proptest! {
    /// Whatever A-XDR a peer pushes, decoding it as a push or a profile buffer never
    /// panics.
    #[test]
    fn arbitrary_bodies_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
        if let Ok((d, _)) = DataRef::parse(&bytes) {
            if let Ok(p) = decode(&d) {
                for v in &p.values {
                    let _ = v.scaled();
                }
            }
            if let Ok(b) = cosem_objects::profile::Buffer::new(&d) {
                for row in b.rows().flatten() {
                    for cell in row.typed(&[]) {
                        let _ = cell;
                    }
                }
            }
        }
    }
}

#[test]
fn class_ids_written_as_long_are_read() {
    use cosem_objects::classes::register_monitor::ValueDefinition;
    // structure { long 3, octet-string 1.0.1.7.0.255, integer 2 }
    let bytes = hex::decode("0203 100003 0906 0100010700FF 0F02".replace(' ', "")).unwrap();
    let v = ValueDefinition::from_data(&DataRef::parse_exact(&bytes).unwrap()).unwrap();
    assert_eq!(v.class_id, ClassId::REGISTER);
    assert!(ClassId::from_data(&DataRef::Long(-1)).is_err());
}

proptest::proptest! {
    /// Real pushes with one octet changed decode without panicking.
    #[test]
    fn mutated_pushes_never_panic(which in 0usize..30, at in 0usize..700, to in proptest::prelude::any::<u8>()) {
        let id = LAYOUTS[which].0;
        let mut b = bytes(id);
        let i = at % b.len();
        b[i] = to;
        if let Ok(n) = DataNotification::parse_exact(&b) {
            if let Ok(p) = decode(&n.notification_body) {
                for v in &p.values {
                    let _ = v.scaled();
                }
            }
        }
    }
}
