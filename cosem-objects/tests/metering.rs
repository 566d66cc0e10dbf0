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
//! Every attribute and method parameter of the metering and scheduling classes survives
//! typed value -> A-XDR -> typed value.

mod common;

use common::{round_trip_attributes, round_trip_value};
use cosem_objects::class::{ClassInfo, InterfaceClass, Method};
use cosem_objects::classes::activity_calendar::*;
use cosem_objects::classes::clock::*;
use cosem_objects::classes::demand_register::*;
use cosem_objects::classes::disconnect_control::*;
use cosem_objects::classes::extended_register::*;
use cosem_objects::classes::limiter::*;
use cosem_objects::classes::register::*;
use cosem_objects::classes::register_activation::*;
use cosem_objects::classes::register_monitor::*;
use cosem_objects::classes::schedule::*;
use cosem_objects::classes::script_table::*;
use cosem_objects::classes::single_action_schedule::*;
use cosem_objects::classes::special_days_table::*;
use cosem_objects::datetime::{ClockStatus, Date, DateTime, Deviation, Time};
use cosem_objects::obis::known;
use cosem_objects::value::Octets;
use cosem_objects::{ClassId, Error, ObisCode, ScalerUnit, Unit};
use dlms_apdu::data::BitStringBuf;
use dlms_apdu::{Data, DataRef};
use hex_literal::hex;
use proptest::prelude::*;

fn dt(y: u16, mo: u8, d: u8, h: u8, mi: u8) -> DateTime {
    DateTime::new(
        Date::new(y, mo, d, 0xFF),
        Time::new(h, mi, 0, 0),
        Deviation(-60),
        ClockStatus(0),
    )
}

/// Checks a method's parameters survive encoding, and that its id comes back.
fn round_trip_method<M: Method + PartialEq + core::fmt::Debug>(m: &M) {
    let bytes = m.parameters().to_vec();
    let parsed = DataRef::parse_exact(&bytes).unwrap();
    assert_eq!(&M::from_parameters(m.id(), &parsed).unwrap(), m);
}

fn script() -> ScriptRef {
    ScriptRef {
        script_logical_name: known::TARIFFICATION_SCRIPT_TABLE,
        script_selector: 2,
    }
}

#[test]
fn register() {
    let r = Register {
        logical_name: known::ACTIVE_ENERGY_IMPORT,
        value: Data::DoubleLongUnsigned(123_456),
        scaler_unit: ScalerUnit::new(-3, Unit::WATT_HOUR),
    };
    round_trip_attributes(&r);
    assert_eq!(r.scaled().unwrap().to_string(), "123.456");
    assert_eq!(Register::CLASS_ID, ClassId::REGISTER);
    assert_eq!(Register::method_info(1).unwrap().sn_offset, 0x28);
    // The scaler_unit attribute's encoding: structure { integer -3, enum 30 }.
    assert_eq!(r.attribute(3).unwrap().to_vec(), hex!("0202 0FFD 161E"));
    round_trip_method(&RegisterMethod::Reset);
    assert_eq!(
        RegisterMethod::from_parameters(2, &DataRef::Integer(0)),
        Err(Error::NoSuchMethod(2))
    );
    // A wrong type is refused, not coerced.
    let mut r2 = r.clone();
    assert!(matches!(
        r2.set_attribute(3, &DataRef::Integer(1)),
        Err(Error::UnexpectedType { .. })
    ));
}

#[test]
fn extended_and_demand_registers() {
    let e = ExtendedRegister {
        logical_name: ObisCode::new(1, 0, 1, 6, 0, 255),
        value: Data::DoubleLong(-42),
        scaler_unit: ScalerUnit::new(0, Unit::WATT),
        status: Data::Unsigned(0),
        capture_time: dt(2024, 3, 1, 10, 15),
    };
    round_trip_attributes(&e);
    assert_eq!(ExtendedRegister::ATTRIBUTES[4].name, "capture_time");
    let d = DemandRegister {
        logical_name: ObisCode::new(1, 0, 1, 4, 0, 255),
        current_average_value: Data::DoubleLongUnsigned(1500),
        last_average_value: Data::DoubleLongUnsigned(1450),
        scaler_unit: ScalerUnit::new(0, Unit::WATT),
        status: Data::BitString(BitStringBuf::from_bits([true, false, true])),
        capture_time: dt(2024, 3, 1, 10, 15),
        start_time_current: dt(2024, 3, 1, 10, 15),
        period: 900,
        number_of_periods: 1,
    };
    round_trip_attributes(&d);
    round_trip_method(&DemandRegisterMethod::Reset);
    round_trip_method(&DemandRegisterMethod::NextPeriod);
    assert_eq!(DemandRegister::method_info(2).unwrap().name, "next_period");
}

#[test]
fn register_activation() {
    let regs = vec![
        ObjectDefinition {
            class_id: ClassId::REGISTER,
            logical_name: known::active_energy_import_tariff(1),
        },
        ObjectDefinition {
            class_id: ClassId::REGISTER,
            logical_name: known::active_energy_import_tariff(2),
        },
    ];
    let ra = RegisterActivation {
        logical_name: ObisCode::new(0, 0, 14, 0, 1, 255),
        register_assignment: regs.clone(),
        mask_list: vec![
            RegisterActMask {
                mask_name: Octets(b"T1".to_vec()),
                index_list: vec![1],
            },
            RegisterActMask {
                mask_name: Octets(b"T2".to_vec()),
                index_list: vec![2, 9],
            },
        ],
        active_mask: Octets(b"T2".to_vec()),
    };
    round_trip_attributes(&ra);
    assert_eq!(ra.active_registers(), vec![regs[1]]);
    round_trip_method(&RegisterActivationMethod::AddRegister(regs[0]));
    round_trip_method(&RegisterActivationMethod::AddMask(ra.mask_list[0].clone()));
    round_trip_method(&RegisterActivationMethod::DeleteMask(Octets(
        b"T1".to_vec(),
    )));
}

#[test]
fn clock() {
    let c = Clock {
        logical_name: known::CLOCK,
        time: dt(2024, 3, 31, 1, 59),
        time_zone: -60,
        status: ClockStatus::DAYLIGHT_SAVING_ACTIVE,
        daylight_savings_begin: DateTime::new(
            Date::new(0xFFFF, 3, Date::DAY_LAST, 7),
            Time::new(2, 0, 0, 0),
            Deviation::NOT_SPECIFIED,
            ClockStatus::NOT_SPECIFIED,
        ),
        daylight_savings_end: DateTime::new(
            Date::new(0xFFFF, 10, Date::DAY_LAST, 7),
            Time::new(3, 0, 0, 0),
            Deviation::NOT_SPECIFIED,
            ClockStatus::NOT_SPECIFIED,
        ),
        daylight_savings_deviation: 60,
        daylight_savings_enabled: true,
        clock_base: ClockBase::INTERNAL_CRYSTAL,
    };
    round_trip_attributes(&c);
    // The time attribute is an octet string of 12.
    assert_eq!(
        c.attribute(2).unwrap().to_vec(),
        hex!("090C 07E8031FFF 013B0000 FFC4 00")
    );
    // ... and the tagged date-time form is read too.
    let mut c2 = c;
    c2.set_attribute(2, &DataRef::DateTime(c.time)).unwrap();
    assert_eq!(c2, c);
    for m in [
        ClockMethod::AdjustToQuarter,
        ClockMethod::AdjustToMeasuringPeriod,
        ClockMethod::AdjustToMinute,
        ClockMethod::AdjustToPresetTime,
        ClockMethod::PresetAdjustingTime(PresetTime {
            preset_time: dt(2024, 1, 1, 0, 0),
            validity_interval_start: dt(2023, 12, 31, 23, 0),
            validity_interval_end: dt(2024, 1, 1, 1, 0),
        }),
        ClockMethod::ShiftTime(-900),
    ] {
        round_trip_method(&m);
    }
    assert_eq!(
        ClockMethod::from_parameters(6, &DataRef::Long(901)),
        Err(Error::OutOfRange)
    );
    let sn: Vec<u16> = Clock::METHODS.iter().map(|m| m.sn_offset).collect();
    assert_eq!(sn, [0x60, 0x68, 0x70, 0x78, 0x80, 0x88]);
}

#[test]
fn script_schedule_special_days() {
    let st = ScriptTable {
        logical_name: known::DISCONNECTOR_SCRIPT_TABLE,
        scripts: vec![
            Script {
                script_identifier: 1,
                actions: vec![ActionSpecification {
                    service_id: ServiceId::EXECUTE_METHOD,
                    class_id: ClassId::DISCONNECT_CONTROL,
                    logical_name: known::DISCONNECT_CONTROL,
                    index: 1,
                    parameter: Data::Integer(0),
                }],
            },
            Script {
                script_identifier: 2,
                actions: vec![],
            },
        ],
    };
    round_trip_attributes(&st);
    assert_eq!(st.script(2).unwrap().actions.len(), 0);
    round_trip_method(&ScriptTableMethod::Execute(1));

    let entry = ScheduleEntry {
        index: 1,
        enable: true,
        script_logical_name: known::TARIFFICATION_SCRIPT_TABLE,
        script_selector: 1,
        switch_time: Time::new(6, 0, 0xFF, 0xFF),
        validity_window: 0xFFFF,
        exec_weekdays: BitStringBuf::from_bits([true, true, true, true, true, false, false]),
        exec_specdays: BitStringBuf::from_bits([false; 8]),
        begin_date: Date::new(0xFFFF, 0xFF, 0xFF, 0xFF),
        end_date: Date::new(0xFFFF, 0xFF, 0xFF, 0xFF),
    };
    let s = Schedule {
        logical_name: ObisCode::new(0, 0, 12, 0, 0, 255),
        entries: vec![entry.clone()],
    };
    round_trip_attributes(&s);
    let range = IndexRange {
        first_index: 1,
        last_index: 3,
    };
    round_trip_method(&ScheduleMethod::EnableDisable(EnableDisable {
        disable: range,
        enable: IndexRange {
            first_index: 0,
            last_index: 0,
        },
    }));
    round_trip_method(&ScheduleMethod::Insert(entry));
    round_trip_method(&ScheduleMethod::Delete(range));

    let day = SpecialDay {
        index: 1,
        specialday_date: Date::new(0xFFFF, 12, 25, 0xFF),
        day_id: 3,
    };
    let sd = SpecialDaysTable {
        logical_name: known::SPECIAL_DAYS_TABLE,
        entries: vec![day],
    };
    round_trip_attributes(&sd);
    round_trip_method(&SpecialDaysTableMethod::Insert(day));
    round_trip_method(&SpecialDaysTableMethod::Delete(1));
}

#[test]
fn activity_calendar() {
    let season = Season {
        season_profile_name: Octets(b"summer".to_vec()),
        season_start: DateTime::new(
            Date::new(0xFFFF, 4, 1, 0xFF),
            Time::new(0, 0, 0, 0),
            Deviation::NOT_SPECIFIED,
            ClockStatus::NOT_SPECIFIED,
        ),
        week_name: Octets(b"w1".to_vec()),
    };
    let week = WeekProfile {
        week_profile_name: Octets(b"w1".to_vec()),
        monday: 1,
        tuesday: 1,
        wednesday: 1,
        thursday: 1,
        friday: 1,
        saturday: 2,
        sunday: 2,
    };
    let day = DayProfile {
        day_id: 1,
        day_schedule: vec![DayProfileAction {
            start_time: Time::new(7, 0, 0, 0),
            script_logical_name: known::TARIFFICATION_SCRIPT_TABLE,
            script_selector: 1,
        }],
    };
    let ac = ActivityCalendar {
        logical_name: known::ACTIVITY_CALENDAR,
        calendar_name_active: Octets(b"A".to_vec()),
        season_profile_active: vec![season.clone()],
        week_profile_table_active: vec![week.clone()],
        day_profile_table_active: vec![day.clone()],
        calendar_name_passive: Octets(b"P".to_vec()),
        season_profile_passive: vec![],
        week_profile_table_passive: vec![week],
        day_profile_table_passive: vec![day],
        activate_passive_calendar_time: dt(2025, 1, 1, 0, 0),
    };
    round_trip_attributes(&ac);
    assert_eq!(ActivityCalendar::ATTRIBUTES.len(), 10);
    round_trip_method(&ActivityCalendarMethod::ActivatePassiveCalendar);
}

#[test]
fn monitors_and_disconnect() {
    let mv = ValueDefinition {
        class_id: ClassId::REGISTER,
        logical_name: known::ACTIVE_POWER_IMPORT,
        attribute_index: 2,
    };
    let rm = RegisterMonitor {
        logical_name: ObisCode::new(0, 0, 16, 1, 0, 255),
        thresholds: vec![
            Data::DoubleLongUnsigned(5000),
            Data::DoubleLongUnsigned(9000),
        ],
        monitored_value: mv,
        actions: vec![
            ActionSet {
                action_up: script(),
                action_down: script(),
            };
            2
        ],
    };
    round_trip_attributes(&rm);
    assert!(RegisterMonitor::METHODS.is_empty());

    let sas = SingleActionSchedule {
        logical_name: ObisCode::new(0, 0, 15, 0, 0, 255),
        executed_script: script(),
        r#type: ScheduleType::SINGLE,
        execution_time: vec![ExecutionTime {
            time: Time::new(12, 0, 0, 0),
            date: Date::new(2025, 6, 1, 7),
        }],
    };
    round_trip_attributes(&sas);
    assert_eq!(
        SingleActionSchedule::attribute_info(3).unwrap().name,
        "type"
    );

    let dc = DisconnectControl {
        logical_name: known::DISCONNECT_CONTROL,
        output_state: true,
        control_state: ControlState::CONNECTED,
        control_mode: ControlMode::MODE_3,
    };
    round_trip_attributes(&dc);
    round_trip_method(&DisconnectControlMethod::RemoteDisconnect);
    round_trip_method(&DisconnectControlMethod::RemoteReconnect);
    assert_eq!(DisconnectControl::CLASS_ID.0, 70);

    let lim = Limiter {
        logical_name: known::LIMITER,
        monitored_value: mv,
        threshold_active: Data::DoubleLongUnsigned(6000),
        threshold_normal: Data::DoubleLongUnsigned(6000),
        threshold_emergency: Data::DoubleLongUnsigned(2000),
        min_over_threshold_duration: 60,
        min_under_threshold_duration: 30,
        emergency_profile: EmergencyProfile {
            emergency_profile_id: 1,
            emergency_activation_time: dt(2025, 1, 1, 18, 0),
            emergency_duration: 3600,
        },
        emergency_profile_group_id_list: vec![1, 2],
        emergency_profile_active: false,
        actions: LimiterActions {
            action_over_threshold: script(),
            action_under_threshold: script(),
        },
    };
    round_trip_attributes(&lim);
    assert_eq!(Limiter::ATTRIBUTES.len(), 11);
}

fn arb_datetime() -> impl Strategy<Value = DateTime> {
    any::<[u8; 12]>().prop_map(DateTime::from_bytes)
}

fn arb_script() -> impl Strategy<Value = ScriptRef> {
    (any::<[u8; 6]>(), any::<u16>()).prop_map(|(ln, sel)| ScriptRef {
        script_logical_name: ObisCode(ln),
        script_selector: sel,
    })
}

proptest! {
    #[test]
    fn clock_methods_round_trip(s in -900i16..=900, a in arb_datetime(), b in arb_datetime(), c in arb_datetime()) {
        round_trip_method(&ClockMethod::ShiftTime(s));
        round_trip_method(&ClockMethod::PresetAdjustingTime(PresetTime {
            preset_time: a, validity_interval_start: b, validity_interval_end: c,
        }));
    }

    #[test]
    fn scaler_unit_round_trips(scaler in any::<i8>(), unit in any::<u8>()) {
        round_trip_value(&ScalerUnit::new(scaler, Unit(unit)));
    }

    #[test]
    fn limiter_values_round_trip(
        id in any::<u16>(), at in arb_datetime(), dur in any::<u32>(),
        over in arb_script(), under in arb_script(),
    ) {
        round_trip_value(&EmergencyProfile { emergency_profile_id: id, emergency_activation_time: at, emergency_duration: dur });
        round_trip_value(&LimiterActions { action_over_threshold: over, action_under_threshold: under });
    }

    #[test]
    fn special_day_and_schedule_methods(index in any::<u16>(), date in any::<[u8; 5]>(), day_id in any::<u8>(), first in any::<u16>(), last in any::<u16>()) {
        round_trip_method(&SpecialDaysTableMethod::Insert(SpecialDay { index, specialday_date: Date::from_bytes(date), day_id }));
        round_trip_method(&SpecialDaysTableMethod::Delete(index));
        round_trip_method(&ScheduleMethod::Delete(IndexRange { first_index: first, last_index: last }));
        round_trip_method(&ScriptTableMethod::Execute(index));
    }

    #[test]
    fn register_activation_methods(ln in any::<[u8; 6]>(), class in any::<u16>(), name in proptest::collection::vec(any::<u8>(), 0..20), idx in proptest::collection::vec(any::<u8>(), 0..10)) {
        round_trip_method(&RegisterActivationMethod::AddRegister(ObjectDefinition { class_id: ClassId(class), logical_name: ObisCode(ln) }));
        round_trip_method(&RegisterActivationMethod::AddMask(RegisterActMask { mask_name: Octets(name.clone()), index_list: idx }));
        round_trip_method(&RegisterActivationMethod::DeleteMask(Octets(name)));
    }
}
