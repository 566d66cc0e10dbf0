#![no_main]
//! The A-XDR decoders of the COSEM attribute and parameter types (`FromData`) and of the
//! typed interface classes (`set_attribute`).
//!
//! The input is parsed as one `Data`; every type then tries to read it. What one reads
//! must write (`ToData`) to data it reads back as the same value. The classes that have a
//! default take the data as every attribute in turn, and an attribute that was set must
//! read back as data that sets a fresh object to one that reads the same.

use cosem_objects::classes::{
    association_ln, association_sn, image_transfer, push_setup, sap_assignment, security_setup,
};
use cosem_objects::{FromData, InterfaceClass, ToData};
use dlms_apdu::{Data, DataRef};

/// Reads `data` as `T`; what reads must round-trip through `ToData`: read back, it writes
/// the same data (compared encoded, so that NaN floats compare too).
fn round_trip<T: FromData + ToData + core::fmt::Debug>(data: &DataRef<'_>) {
    let Ok(value) = T::from_data(data) else {
        return;
    };
    let written = value.to_data();
    match T::from_data(&written.as_ref()) {
        Ok(again) => assert_eq!(
            encode(&again.to_data()),
            encode(&written),
            "{} changed through its data: {value:?} / {again:?}",
            core::any::type_name::<T>()
        ),
        Err(e) => panic!(
            "{} wrote data it cannot read: {e:?} ({written:?})",
            core::any::type_name::<T>()
        ),
    }
}

fn encode(d: &Data) -> Vec<u8> {
    let mut out = vec![0u8; d.buffer_len()];
    d.emit(&mut out).expect("emit at buffer_len");
    out
}

/// Sets every attribute of a default object from `data`; what was set must read back and
/// set a fresh object to the same state.
fn class<T: InterfaceClass + Default>(data: &DataRef<'_>) {
    for info in T::ATTRIBUTES {
        let mut object = T::default();
        if object.set_attribute(info.id, data).is_err() {
            continue;
        }
        let read = object
            .attribute(info.id)
            .unwrap_or_else(|e| panic!("attribute {} was set but does not read: {e:?}", info.id));
        let mut again = T::default();
        again
            .set_attribute(info.id, &read.as_ref())
            .unwrap_or_else(|e| panic!("attribute {} reads as data it cannot set: {e:?}", info.id));
        let reread = again.attribute(info.id).expect("attribute reads");
        assert_eq!(
            encode(&reread),
            encode(&read),
            "attribute {} changed through its data",
            info.id
        );
    }
    let mut object = T::default();
    let _ = object.set_attribute(-1, data);
    let _ = object.attribute(i8::MAX);
}

macro_rules! round_trips {
    ($data:expr, $($t:ty),+ $(,)?) => {
        $(round_trip::<$t>($data);)+
    };
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok((data, _)) = DataRef::parse(bytes) else {
        return;
    };
    round_trips!(
        &data,
        cosem_objects::access::AttributeAccess,
        cosem_objects::access::MethodAccess,
        cosem_objects::class::ClassId,
        cosem_objects::classes::activity_calendar::DayProfile,
        cosem_objects::classes::activity_calendar::DayProfileAction,
        cosem_objects::classes::activity_calendar::Season,
        cosem_objects::classes::activity_calendar::WeekProfile,
        cosem_objects::classes::association_ln::AccessRights,
        cosem_objects::classes::association_ln::AssociatedPartners,
        cosem_objects::classes::association_ln::AssociationStatus,
        cosem_objects::classes::association_ln::AttributeAccessItem,
        cosem_objects::classes::association_ln::ContextName,
        cosem_objects::classes::association_ln::MethodAccessItem,
        cosem_objects::classes::association_ln::ObjectListEntry,
        cosem_objects::classes::association_ln::User,
        cosem_objects::classes::association_ln::XdlmsContextInfo,
        cosem_objects::classes::association_sn::AttributeIdentification,
        cosem_objects::classes::association_sn::ObjectIdentification,
        cosem_objects::classes::association_sn::SnAccessRights,
        cosem_objects::classes::association_sn::SnObjectListEntry,
        cosem_objects::classes::auto_answer::AllowedCaller,
        cosem_objects::classes::auto_answer::AutoAnswerMode,
        cosem_objects::classes::auto_answer::NumberOfRings,
        cosem_objects::classes::auto_answer::TimeWindow,
        cosem_objects::classes::auto_connect::AutoConnectMode,
        cosem_objects::classes::clock::ClockBase,
        cosem_objects::classes::clock::PresetTime,
        cosem_objects::classes::disconnect_control::ControlMode,
        cosem_objects::classes::disconnect_control::ControlState,
        cosem_objects::classes::gprs_modem_setup::QosElement,
        cosem_objects::classes::gprs_modem_setup::QualityOfService,
        cosem_objects::classes::image_transfer::BlockBitmap,
        cosem_objects::classes::image_transfer::ImageToActivate,
        cosem_objects::classes::image_transfer::ImageTransferStatus,
        cosem_objects::classes::ipv4_setup::IpOption,
        cosem_objects::classes::limiter::EmergencyProfile,
        cosem_objects::classes::limiter::LimiterActions,
        cosem_objects::classes::mac_address_setup::MacAddress,
        cosem_objects::classes::mbus_client::CaptureDefinition,
        cosem_objects::classes::mbus_client::DataDefinition,
        cosem_objects::classes::modem_configuration::InitializationString,
        cosem_objects::classes::ppp_setup::IpcpOption,
        cosem_objects::classes::ppp_setup::LcpOption,
        cosem_objects::classes::ppp_setup::PppAuthentication,
        cosem_objects::classes::profile_generic::Entry,
        cosem_objects::classes::push_setup::CaptureObject,
        cosem_objects::classes::push_setup::ConfirmationParameters,
        cosem_objects::classes::push_setup::DateTimeField,
        cosem_objects::classes::push_setup::KeyInfo,
        cosem_objects::classes::push_setup::MessageType,
        cosem_objects::classes::push_setup::ProtectionParameters,
        cosem_objects::classes::push_setup::ProtectionType,
        cosem_objects::classes::push_setup::PushObject,
        cosem_objects::classes::push_setup::PushOperationMethod,
        cosem_objects::classes::push_setup::RepetitionDelay,
        cosem_objects::classes::push_setup::Restriction,
        cosem_objects::classes::push_setup::SendDestination,
        cosem_objects::classes::push_setup::TransportService,
        cosem_objects::classes::push_setup::Window,
        cosem_objects::classes::register_activation::ObjectDefinition,
        cosem_objects::classes::register_activation::RegisterActMask,
        cosem_objects::classes::register_monitor::ActionSet,
        cosem_objects::classes::register_monitor::ValueDefinition,
        cosem_objects::classes::sap_assignment::SapAssignmentEntry,
        cosem_objects::classes::schedule::EnableDisable,
        cosem_objects::classes::schedule::IndexRange,
        cosem_objects::classes::schedule::ScheduleEntry,
        cosem_objects::classes::script_table::ActionSpecification,
        cosem_objects::classes::script_table::Script,
        cosem_objects::classes::script_table::ServiceId,
        cosem_objects::classes::security_setup::CertificateEntity,
        cosem_objects::classes::security_setup::CertificateIdentification,
        cosem_objects::classes::security_setup::CertificateInfo,
        cosem_objects::classes::security_setup::CertificateType,
        cosem_objects::classes::security_setup::KeyData,
        cosem_objects::classes::security_setup::KeyId,
        cosem_objects::classes::security_setup::KeyPairId,
        cosem_objects::classes::security_setup::SecurityPolicy,
        cosem_objects::classes::security_setup::SecurityPolicyV0,
        cosem_objects::classes::security_setup::SecuritySuite,
        cosem_objects::classes::single_action_schedule::ExecutionTime,
        cosem_objects::classes::single_action_schedule::ScheduleType,
        cosem_objects::classes::special_days_table::SpecialDay,
        cosem_objects::datetime::ClockStatus,
        cosem_objects::datetime::Date,
        cosem_objects::datetime::DateTime,
        cosem_objects::datetime::Time,
        cosem_objects::obis::ObisCode,
        dlms_apdu::descriptor::CaptureObjectDefinition,
        cosem_objects::profile::SortMethod,
        cosem_objects::unit::ScalerUnit,
        cosem_objects::unit::Unit,
        cosem_objects::value::Octets,
    );
    class::<association_ln::AssociationLn>(&data);
    class::<association_sn::AssociationSn>(&data);
    class::<image_transfer::ImageTransfer>(&data);
    class::<push_setup::PushSetup>(&data);
    class::<sap_assignment::SapAssignment>(&data);
    class::<security_setup::SecuritySetupV0>(&data);
    class::<security_setup::SecuritySetup>(&data);
});
