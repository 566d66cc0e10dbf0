//! Single action schedule (class id 22, version 0): one script run at a list of dates and
//! times.

use alloc::vec::Vec;

use crate::class::{ClassId, impl_class};
use crate::datetime::{Date, Time};
use crate::obis::ObisCode;
use crate::value::{enum_type, structure_type};

use super::script_table::ScriptRef;

enum_type! {
    /// How `execution_time` is read (`type`).
    pub struct ScheduleType {
        /// One entry; time and date without wildcards.
        SINGLE = 1,
        /// Entries of the same time on different dates, no wildcards.
        SAME_TIME = 2,
        /// Entries of different times on different dates, no wildcards.
        DIFFERENT_TIMES = 3,
        /// Entries of the same time on dates with wildcards.
        SAME_TIME_WILDCARD_DATES = 4,
        /// Entries of different times on dates with wildcards.
        DIFFERENT_TIMES_WILDCARD_DATES = 5,
    }
}

structure_type! {
    /// One execution time: a time and a date (both octet strings).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ExecutionTime {
        /// Time of day.
        pub time: Time,
        /// Date.
        pub date: Date,
    }
}

/// A Single action schedule object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleActionSchedule {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the script to run.
    pub executed_script: ScriptRef,
    /// Attribute 3: how the execution times are to be read.
    pub r#type: ScheduleType,
    /// Attribute 4: when to run it.
    pub execution_time: Vec<ExecutionTime>,
}

impl_class! {
    SingleActionSchedule, ClassId::SINGLE_ACTION_SCHEDULE, 0,
    attributes {
        2 => executed_script: Static,
        3 => r#type as "type": Static,
        4 => execution_time: Static,
    },
    methods {},
}
