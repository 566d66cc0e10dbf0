//! Open code registries: newtypes with named constants, so a value this crate does not know
//! still parses, prints and re-emits unchanged, and adding a name is not a breaking change.
//!
//! Values follow IEC 62056-5-3 (DLMS UA 1000-2 Ed. 10, the xDLMS ASN.1 module) and, for
//! class ids, the DLMS UA Blue Book (DLMS UA 1000-1 Ed. 15, clause 4).

/// Defines an open registry: a `pub` newtype over an integer with named constants, a
/// `name()` lookup, conversions both ways and a `Display` that prints the standard's name
/// (or the number, for a value the registry does not know).
macro_rules! registry {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($repr:ty) {
            $(
                $(#[$cmeta:meta])*
                $konst:ident = $value:literal => $text:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(pub $repr);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $konst: Self = Self($value);
            )*

            /// The standard's name for this value, or `None` for a value the registry does
            /// not know.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self(value)
            }
        }

        impl From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "unknown({})", self.0),
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use registry;

registry! {
    /// A COSEM interface class id (Blue Book, clause 4).
    pub struct ClassId(u16) {
        /// Data.
        DATA = 1 => "data",
        /// Register.
        REGISTER = 3 => "register",
        /// Extended register.
        EXTENDED_REGISTER = 4 => "extended-register",
        /// Demand register.
        DEMAND_REGISTER = 5 => "demand-register",
        /// Register activation.
        REGISTER_ACTIVATION = 6 => "register-activation",
        /// Profile generic.
        PROFILE_GENERIC = 7 => "profile-generic",
        /// Clock.
        CLOCK = 8 => "clock",
        /// Script table.
        SCRIPT_TABLE = 9 => "script-table",
        /// Schedule.
        SCHEDULE = 10 => "schedule",
        /// Special days table.
        SPECIAL_DAYS_TABLE = 11 => "special-days-table",
        /// Association SN.
        ASSOCIATION_SN = 12 => "association-sn",
        /// Association LN.
        ASSOCIATION_LN = 15 => "association-ln",
        /// SAP assignment.
        SAP_ASSIGNMENT = 17 => "sap-assignment",
        /// Image transfer.
        IMAGE_TRANSFER = 18 => "image-transfer",
        /// IEC local port setup.
        IEC_LOCAL_PORT_SETUP = 19 => "iec-local-port-setup",
        /// Activity calendar.
        ACTIVITY_CALENDAR = 20 => "activity-calendar",
        /// Register monitor.
        REGISTER_MONITOR = 21 => "register-monitor",
        /// Single action schedule.
        SINGLE_ACTION_SCHEDULE = 22 => "single-action-schedule",
        /// IEC HDLC setup.
        IEC_HDLC_SETUP = 23 => "iec-hdlc-setup",
        /// IEC twisted pair (1) setup.
        IEC_TWISTED_PAIR_SETUP = 24 => "iec-twisted-pair-setup",
        /// M-Bus slave port setup.
        MBUS_SLAVE_PORT_SETUP = 25 => "mbus-slave-port-setup",
        /// Utility tables.
        UTILITY_TABLES = 26 => "utility-tables",
        /// Modem configuration.
        MODEM_CONFIGURATION = 27 => "modem-configuration",
        /// Auto answer.
        AUTO_ANSWER = 28 => "auto-answer",
        /// Auto connect.
        AUTO_CONNECT = 29 => "auto-connect",
        /// Data protection.
        DATA_PROTECTION = 30 => "data-protection",
        /// Push setup.
        PUSH_SETUP = 40 => "push-setup",
        /// TCP-UDP setup.
        TCP_UDP_SETUP = 41 => "tcp-udp-setup",
        /// IPv4 setup.
        IPV4_SETUP = 42 => "ipv4-setup",
        /// MAC address setup.
        MAC_ADDRESS_SETUP = 43 => "mac-address-setup",
        /// PPP setup.
        PPP_SETUP = 44 => "ppp-setup",
        /// GPRS modem setup.
        GPRS_MODEM_SETUP = 45 => "gprs-modem-setup",
        /// SMTP setup.
        SMTP_SETUP = 46 => "smtp-setup",
        /// GSM diagnostic.
        GSM_DIAGNOSTIC = 47 => "gsm-diagnostic",
        /// IPv6 setup.
        IPV6_SETUP = 48 => "ipv6-setup",
        /// S-FSK Phy&MAC setup.
        SFSK_PHY_MAC_SETUP = 50 => "s-fsk-phy-mac-setup",
        /// S-FSK active initiator.
        SFSK_ACTIVE_INITIATOR = 51 => "s-fsk-active-initiator",
        /// S-FSK MAC synchronization timeouts.
        SFSK_MAC_SYNCHRONIZATION_TIMEOUTS = 52 => "s-fsk-mac-synchronization-timeouts",
        /// S-FSK MAC counters.
        SFSK_MAC_COUNTERS = 53 => "s-fsk-mac-counters",
        /// IEC 61334-4-32 LLC setup.
        IEC_61334_4_32_LLC_SETUP = 55 => "iec-61334-4-32-llc-setup",
        /// S-FSK reporting system list.
        SFSK_REPORTING_SYSTEM_LIST = 56 => "s-fsk-reporting-system-list",
        /// ISO/IEC 8802-2 LLC type 1 setup.
        LLC_TYPE1_SETUP = 57 => "iso-iec-8802-2-llc-type-1-setup",
        /// ISO/IEC 8802-2 LLC type 2 setup.
        LLC_TYPE2_SETUP = 58 => "iso-iec-8802-2-llc-type-2-setup",
        /// ISO/IEC 8802-2 LLC type 3 setup.
        LLC_TYPE3_SETUP = 59 => "iso-iec-8802-2-llc-type-3-setup",
        /// Register table.
        REGISTER_TABLE = 61 => "register-table",
        /// Compact data.
        COMPACT_DATA = 62 => "compact-data",
        /// Status mapping.
        STATUS_MAPPING = 63 => "status-mapping",
        /// Security setup.
        SECURITY_SETUP = 64 => "security-setup",
        /// Parameter monitor.
        PARAMETER_MONITOR = 65 => "parameter-monitor",
        /// Sensor manager.
        SENSOR_MANAGER = 67 => "sensor-manager",
        /// Arbitrator.
        ARBITRATOR = 68 => "arbitrator",
        /// Disconnect control.
        DISCONNECT_CONTROL = 70 => "disconnect-control",
        /// Limiter.
        LIMITER = 71 => "limiter",
        /// M-Bus client.
        MBUS_CLIENT = 72 => "mbus-client",
        /// Wireless Mode Q channel.
        WIRELESS_MODE_Q_CHANNEL = 73 => "wireless-mode-q-channel",
        /// M-Bus master port setup.
        MBUS_MASTER_PORT_SETUP = 74 => "mbus-master-port-setup",
        /// DLMS/COSEM server M-Bus port setup.
        MBUS_PORT_SETUP = 76 => "dlms-cosem-server-mbus-port-setup",
        /// M-Bus diagnostic.
        MBUS_DIAGNOSTIC = 77 => "mbus-diagnostic",
        /// 61334-4-32 LLC SSCS setup.
        LLC_SSCS_SETUP = 80 => "61334-4-32-llc-sscs-setup",
        /// PRIME NB OFDM PLC physical layer counters.
        PRIME_PHYSICAL_LAYER_COUNTERS = 81 => "prime-nb-ofdm-plc-physical-layer-counters",
        /// PRIME NB OFDM PLC MAC setup.
        PRIME_MAC_SETUP = 82 => "prime-nb-ofdm-plc-mac-setup",
        /// PRIME NB OFDM PLC MAC functional parameters.
        PRIME_MAC_FUNCTIONAL_PARAMETERS = 83 => "prime-nb-ofdm-plc-mac-functional-parameters",
        /// PRIME NB OFDM PLC MAC counters.
        PRIME_MAC_COUNTERS = 84 => "prime-nb-ofdm-plc-mac-counters",
        /// PRIME NB OFDM PLC MAC network administration data.
        PRIME_MAC_NETWORK_ADMINISTRATION_DATA = 85 => "prime-nb-ofdm-plc-mac-network-administration-data",
        /// PRIME NB OFDM PLC applications identification.
        PRIME_APPLICATIONS_IDENTIFICATION = 86 => "prime-nb-ofdm-plc-applications-identification",
        /// G3-PLC MAC layer counters.
        G3_PLC_MAC_LAYER_COUNTERS = 90 => "g3-plc-mac-layer-counters",
        /// G3-PLC MAC setup.
        G3_PLC_MAC_SETUP = 91 => "g3-plc-mac-setup",
        /// G3-PLC 6LoWPAN adaptation layer setup.
        G3_PLC_6LOWPAN_SETUP = 92 => "g3-plc-6lowpan-adaptation-layer-setup",
        /// Wi-SUN setup.
        WI_SUN_SETUP = 95 => "wi-sun-setup",
        /// Wi-SUN diagnostic.
        WI_SUN_DIAGNOSTIC = 96 => "wi-sun-diagnostic",
        /// RPL diagnostic.
        RPL_DIAGNOSTIC = 97 => "rpl-diagnostic",
        /// MPL diagnostic.
        MPL_DIAGNOSTIC = 98 => "mpl-diagnostic",
        /// NTP setup.
        NTP_SETUP = 100 => "ntp-setup",
        /// ZigBee SAS startup.
        ZIGBEE_SAS_STARTUP = 101 => "zigbee-sas-startup",
        /// ZigBee SAS join.
        ZIGBEE_SAS_JOIN = 102 => "zigbee-sas-join",
        /// ZigBee SAS APS fragmentation.
        ZIGBEE_SAS_APS_FRAGMENTATION = 103 => "zigbee-sas-aps-fragmentation",
        /// ZigBee network control.
        ZIGBEE_NETWORK_CONTROL = 104 => "zigbee-network-control",
        /// ZigBee tunnel setup.
        ZIGBEE_TUNNEL_SETUP = 105 => "zigbee-tunnel-setup",
        /// Account.
        ACCOUNT = 111 => "account",
        /// Credit.
        CREDIT = 112 => "credit",
        /// Charge.
        CHARGE = 113 => "charge",
        /// Token gateway.
        TOKEN_GATEWAY = 115 => "token-gateway",
        /// IEC 62055-41 attributes.
        IEC_62055_41_ATTRIBUTES = 116 => "iec-62055-41-attributes",
        /// Function control.
        FUNCTION_CONTROL = 122 => "function-control",
        /// Array manager.
        ARRAY_MANAGER = 123 => "array-manager",
        /// Communication port protection.
        COMMUNICATION_PORT_PROTECTION = 124 => "communication-port-protection",
        /// SCHC-LPWAN setup.
        SCHC_LPWAN_SETUP = 126 => "schc-lpwan-setup",
        /// SCHC-LPWAN diagnostic.
        SCHC_LPWAN_DIAGNOSTIC = 127 => "schc-lpwan-diagnostic",
        /// LoRaWAN setup.
        LORAWAN_SETUP = 128 => "lorawan-setup",
        /// LoRaWAN diagnostic.
        LORAWAN_DIAGNOSTIC = 129 => "lorawan-diagnostic",
        /// ISO/IEC 14908 identification.
        ISO_IEC_14908_IDENTIFICATION = 130 => "iso-iec-14908-identification",
        /// ISO/IEC 14908 protocol setup.
        ISO_IEC_14908_PROTOCOL_SETUP = 131 => "iso-iec-14908-protocol-setup",
        /// ISO/IEC 14908 protocol status.
        ISO_IEC_14908_PROTOCOL_STATUS = 132 => "iso-iec-14908-protocol-status",
        /// ISO/IEC 14908 diagnostic.
        ISO_IEC_14908_DIAGNOSTIC = 133 => "iso-iec-14908-diagnostic",
        /// HS-PLC ISO/IEC 12139-1 MAC setup.
        HS_PLC_MAC_SETUP = 140 => "hs-plc-iso-iec-12139-1-mac-setup",
        /// HS-PLC ISO/IEC 12139-1 CPAS setup.
        HS_PLC_CPAS_SETUP = 141 => "hs-plc-iso-iec-12139-1-cpas-setup",
        /// HS-PLC ISO/IEC 12139-1 IP SSAS setup.
        HS_PLC_IP_SSAS_SETUP = 142 => "hs-plc-iso-iec-12139-1-ip-ssas-setup",
        /// HS-PLC ISO/IEC 12139-1 HDLC SSAS setup.
        HS_PLC_HDLC_SSAS_SETUP = 143 => "hs-plc-iso-iec-12139-1-hdlc-ssas-setup",
        /// LTE monitoring.
        LTE_MONITORING = 151 => "lte-monitoring",
        /// CoAP setup.
        COAP_SETUP = 152 => "coap-setup",
        /// CoAP diagnostic.
        COAP_DIAGNOSTIC = 153 => "coap-diagnostic",
        /// G3-PLC hybrid RF MAC layer counters.
        G3_HYBRID_RF_MAC_LAYER_COUNTERS = 160 => "g3-plc-hybrid-rf-mac-layer-counters",
        /// G3-PLC hybrid RF MAC setup.
        G3_HYBRID_RF_MAC_SETUP = 161 => "g3-plc-hybrid-rf-mac-setup",
        /// G3-PLC hybrid 6LoWPAN adaptation layer setup.
        G3_HYBRID_6LOWPAN_SETUP = 162 => "g3-plc-hybrid-6lowpan-adaptation-layer-setup",
    }
}

registry! {
    /// The result of accessing one attribute (`Data-Access-Result`).
    pub struct DataAccessResult(u8) {
        /// success.
        SUCCESS = 0 => "success",
        /// hardware-fault.
        HARDWARE_FAULT = 1 => "hardware-fault",
        /// temporary-failure.
        TEMPORARY_FAILURE = 2 => "temporary-failure",
        /// read-write-denied.
        READ_WRITE_DENIED = 3 => "read-write-denied",
        /// object-undefined.
        OBJECT_UNDEFINED = 4 => "object-undefined",
        /// object-class-inconsistent.
        OBJECT_CLASS_INCONSISTENT = 9 => "object-class-inconsistent",
        /// object-unavailable.
        OBJECT_UNAVAILABLE = 11 => "object-unavailable",
        /// type-unmatched.
        TYPE_UNMATCHED = 12 => "type-unmatched",
        /// scope-of-access-violated.
        SCOPE_OF_ACCESS_VIOLATED = 13 => "scope-of-access-violated",
        /// data-block-unavailable.
        DATA_BLOCK_UNAVAILABLE = 14 => "data-block-unavailable",
        /// long-get-aborted.
        LONG_GET_ABORTED = 15 => "long-get-aborted",
        /// no-long-get-in-progress.
        NO_LONG_GET_IN_PROGRESS = 16 => "no-long-get-in-progress",
        /// long-set-aborted.
        LONG_SET_ABORTED = 17 => "long-set-aborted",
        /// no-long-set-in-progress.
        NO_LONG_SET_IN_PROGRESS = 18 => "no-long-set-in-progress",
        /// data-block-number-invalid.
        DATA_BLOCK_NUMBER_INVALID = 19 => "data-block-number-invalid",
        /// other-reason.
        OTHER_REASON = 250 => "other-reason",
    }
}

registry! {
    /// The result of invoking one method (`Action-Result`).
    pub struct ActionResult(u8) {
        /// success.
        SUCCESS = 0 => "success",
        /// hardware-fault.
        HARDWARE_FAULT = 1 => "hardware-fault",
        /// temporary-failure.
        TEMPORARY_FAILURE = 2 => "temporary-failure",
        /// read-write-denied.
        READ_WRITE_DENIED = 3 => "read-write-denied",
        /// object-undefined.
        OBJECT_UNDEFINED = 4 => "object-undefined",
        /// object-class-inconsistent.
        OBJECT_CLASS_INCONSISTENT = 9 => "object-class-inconsistent",
        /// object-unavailable.
        OBJECT_UNAVAILABLE = 11 => "object-unavailable",
        /// type-unmatched.
        TYPE_UNMATCHED = 12 => "type-unmatched",
        /// scope-of-access-violated.
        SCOPE_OF_ACCESS_VIOLATED = 13 => "scope-of-access-violated",
        /// data-block-unavailable.
        DATA_BLOCK_UNAVAILABLE = 14 => "data-block-unavailable",
        /// long-action-aborted.
        LONG_ACTION_ABORTED = 15 => "long-action-aborted",
        /// no-long-action-in-progress.
        NO_LONG_ACTION_IN_PROGRESS = 16 => "no-long-action-in-progress",
        /// other-reason.
        OTHER_REASON = 250 => "other-reason",
    }
}

registry! {
    /// The result of an association request (AARE `result`).
    pub struct AssociationResult(u8) {
        /// accepted.
        ACCEPTED = 0 => "accepted",
        /// rejected-permanent.
        REJECTED_PERMANENT = 1 => "rejected-permanent",
        /// rejected-transient.
        REJECTED_TRANSIENT = 2 => "rejected-transient",
    }
}

registry! {
    /// The acse-service-user alternative of the AARE result-source-diagnostic.
    pub struct AcseServiceUser(u8) {
        /// null.
        NULL = 0 => "null",
        /// no-reason-given.
        NO_REASON_GIVEN = 1 => "no-reason-given",
        /// application-context-name-not-supported.
        APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2 => "application-context-name-not-supported",
        /// calling-AP-title-not-recognized.
        CALLING_AP_TITLE_NOT_RECOGNIZED = 3 => "calling-AP-title-not-recognized",
        /// calling-AP-invocation-identifier-not-recognized.
        CALLING_AP_INVOCATION_ID_NOT_RECOGNIZED = 4 => "calling-AP-invocation-identifier-not-recognized",
        /// calling-AE-qualifier-not-recognized.
        CALLING_AE_QUALIFIER_NOT_RECOGNIZED = 5 => "calling-AE-qualifier-not-recognized",
        /// calling-AE-invocation-identifier-not-recognized.
        CALLING_AE_INVOCATION_ID_NOT_RECOGNIZED = 6 => "calling-AE-invocation-identifier-not-recognized",
        /// called-AP-title-not-recognized.
        CALLED_AP_TITLE_NOT_RECOGNIZED = 7 => "called-AP-title-not-recognized",
        /// called-AP-invocation-identifier-not-recognized.
        CALLED_AP_INVOCATION_ID_NOT_RECOGNIZED = 8 => "called-AP-invocation-identifier-not-recognized",
        /// called-AE-qualifier-not-recognized.
        CALLED_AE_QUALIFIER_NOT_RECOGNIZED = 9 => "called-AE-qualifier-not-recognized",
        /// called-AE-invocation-identifier-not-recognized.
        CALLED_AE_INVOCATION_ID_NOT_RECOGNIZED = 10 => "called-AE-invocation-identifier-not-recognized",
        /// authentication-mechanism-name-not-recognised.
        AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED = 11 => "authentication-mechanism-name-not-recognised",
        /// authentication-mechanism-name-required.
        AUTHENTICATION_MECHANISM_NAME_REQUIRED = 12 => "authentication-mechanism-name-required",
        /// authentication-failure.
        AUTHENTICATION_FAILURE = 13 => "authentication-failure",
        /// authentication-required.
        AUTHENTICATION_REQUIRED = 14 => "authentication-required",
    }
}

registry! {
    /// The acse-service-provider alternative of the AARE result-source-diagnostic.
    pub struct AcseServiceProvider(u8) {
        /// null.
        NULL = 0 => "null",
        /// no-reason-given.
        NO_REASON_GIVEN = 1 => "no-reason-given",
        /// no-common-acse-version.
        NO_COMMON_ACSE_VERSION = 2 => "no-common-acse-version",
    }
}

registry! {
    /// The state-error of an exception-response.
    pub struct StateError(u8) {
        /// service-not-allowed.
        SERVICE_NOT_ALLOWED = 1 => "service-not-allowed",
        /// service-unknown.
        SERVICE_UNKNOWN = 2 => "service-unknown",
    }
}

registry! {
    /// The service-error of an exception-response.
    pub struct ExceptionServiceError(u8) {
        /// operation-not-possible.
        OPERATION_NOT_POSSIBLE = 1 => "operation-not-possible",
        /// service-not-supported.
        SERVICE_NOT_SUPPORTED = 2 => "service-not-supported",
        /// other-reason.
        OTHER_REASON = 3 => "other-reason",
        /// pdu-too-long.
        PDU_TOO_LONG = 4 => "pdu-too-long",
        /// deciphering-error.
        DECIPHERING_ERROR = 5 => "deciphering-error",
        /// invocation-counter-error.
        INVOCATION_COUNTER_ERROR = 6 => "invocation-counter-error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn known_and_unknown_values() {
        assert_eq!(ClassId::CLOCK.name(), Some("clock"));
        assert_eq!(ClassId::from(8), ClassId::CLOCK);
        assert_eq!(u16::from(ClassId::PROFILE_GENERIC), 7);
        let unknown = DataAccessResult(77);
        assert_eq!(unknown.name(), None);
        assert_eq!(format!("{unknown}"), "unknown(77)");
        assert_eq!(
            format!("{}", DataAccessResult::OBJECT_UNDEFINED),
            "object-undefined"
        );
    }
}
