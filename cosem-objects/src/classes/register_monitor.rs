//! Register monitor (class id 21, version 0): watches one attribute against thresholds and
//! runs a script when the value crosses one, upwards or downwards.

use alloc::vec::Vec;

use dlms_apdu::Data;

use crate::class::{ClassId, impl_class};
use crate::obis::ObisCode;
use crate::value::structure_type;

use super::script_table::ScriptRef;

structure_type! {
    /// An attribute of an object (`value_definition`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ValueDefinition {
        /// The object's class.
        pub class_id: ClassId,
        /// The object's logical name.
        pub logical_name: ObisCode,
        /// The attribute.
        pub attribute_index: i8,
    }
}

structure_type! {
    /// The scripts run when the value crosses one threshold (`action_set`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ActionSet {
        /// Run when the value rises above the threshold.
        pub action_up: ScriptRef,
        /// Run when the value falls below it.
        pub action_down: ScriptRef,
    }
}

/// A Register monitor object.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterMonitor {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the thresholds, of the monitored value's type.
    pub thresholds: Vec<Data>,
    /// Attribute 3: the monitored attribute.
    pub monitored_value: ValueDefinition,
    /// Attribute 4: one action set per threshold.
    pub actions: Vec<ActionSet>,
}

impl_class! {
    RegisterMonitor, ClassId::REGISTER_MONITOR, 0,
    attributes {
        2 => thresholds: Static,
        3 => monitored_value: Static,
        4 => actions: Static,
    },
    methods {},
}
