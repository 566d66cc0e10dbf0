//! Limiter (class id 71, version 0): watches a value against a threshold and runs a script
//! when it stays above (or below) it for long enough; an emergency profile can replace the
//! threshold for a while.

use alloc::vec::Vec;

use dlms_apdu::Data;

use crate::class::{ClassId, impl_class};
use crate::datetime::DateTime;
use crate::obis::ObisCode;
use crate::value::structure_type;

pub use super::register_monitor::ValueDefinition;
use super::script_table::ScriptRef;

structure_type! {
    /// The emergency profile (`emergency_profile`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct EmergencyProfile {
        /// The profile's id (long-unsigned).
        pub emergency_profile_id: u16,
        /// When it starts (octet-string date-time).
        pub emergency_activation_time: DateTime,
        /// How long it lasts, in seconds (double-long-unsigned).
        pub emergency_duration: u32,
    }
}

structure_type! {
    /// The scripts run when the value goes over and under the threshold.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct LimiterActions {
        /// Run when the value has been over the threshold for the minimum duration.
        pub action_over_threshold: ScriptRef,
        /// Run when it has been under it for the minimum duration.
        pub action_under_threshold: ScriptRef,
    }
}

/// A Limiter object.
#[derive(Debug, Clone, PartialEq)]
pub struct Limiter {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the monitored attribute.
    pub monitored_value: ValueDefinition,
    /// Attribute 3: the threshold in force, of the monitored value's type.
    pub threshold_active: Data,
    /// Attribute 4: the threshold outside emergencies.
    pub threshold_normal: Data,
    /// Attribute 5: the threshold during an emergency.
    pub threshold_emergency: Data,
    /// Attribute 6: seconds over the threshold before `action_over_threshold` runs.
    pub min_over_threshold_duration: u32,
    /// Attribute 7: seconds under it before `action_under_threshold` runs.
    pub min_under_threshold_duration: u32,
    /// Attribute 8: the emergency profile.
    pub emergency_profile: EmergencyProfile,
    /// Attribute 9: the emergency profile groups this limiter belongs to.
    pub emergency_profile_group_id_list: Vec<u16>,
    /// Attribute 10: whether the emergency profile is in force.
    pub emergency_profile_active: bool,
    /// Attribute 11: the scripts to run.
    pub actions: LimiterActions,
}

impl_class! {
    Limiter, ClassId::LIMITER, 0,
    attributes {
        2 => monitored_value: Static,
        3 => threshold_active: Dynamic,
        4 => threshold_normal: Static,
        5 => threshold_emergency: Static,
        6 => min_over_threshold_duration: Static,
        7 => min_under_threshold_duration: Static,
        8 => emergency_profile: Static,
        9 => emergency_profile_group_id_list: Static,
        10 => emergency_profile_active: Dynamic,
        11 => actions: Static,
    },
    methods {},
}
