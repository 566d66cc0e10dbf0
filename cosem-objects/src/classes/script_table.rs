//! Script table (class id 9, version 0): numbered scripts, each a list of attribute writes
//! and method calls the meter performs when the script runs.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData, enum_type, structure_type};

enum_type! {
    /// What an action of a script does (`service_id`).
    pub struct ServiceId {
        /// Write an attribute.
        WRITE_ATTRIBUTE = 1,
        /// Execute a method.
        EXECUTE_METHOD = 2,
    }
}

structure_type! {
    /// One action of a script (`action_specification`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct ActionSpecification {
        /// Write an attribute or execute a method.
        pub service_id: ServiceId,
        /// The target object's class.
        pub class_id: ClassId,
        /// The target object's logical name.
        pub logical_name: ObisCode,
        /// The attribute or method index.
        pub index: i8,
        /// The value written, or the method's parameters.
        pub parameter: Data,
    }
}

structure_type! {
    /// A script: its identifier and its actions.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Script {
        /// The identifier `execute` takes (0 is reserved, it runs nothing).
        pub script_identifier: u16,
        /// The actions, in order.
        pub actions: Vec<ActionSpecification>,
    }
}

structure_type! {
    /// A reference to one script of a script table (`action_item` of Register monitor and
    /// Limiter, `executed_script` of Single action schedule, the script of a Schedule
    /// entry).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct ScriptRef {
        /// The script table.
        pub script_logical_name: ObisCode,
        /// The script's identifier in that table.
        pub script_selector: u16,
    }
}

/// A Script table object.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptTable {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the scripts.
    pub scripts: Vec<Script>,
}

impl_class! {
    ScriptTable, ClassId::SCRIPT_TABLE, 0,
    attributes { 2 => scripts: Static },
    methods { 1 => "execute", true, 0x20 },
}

impl ScriptTable {
    /// The script with `id`.
    #[must_use]
    pub fn script(&self, id: u16) -> Option<&Script> {
        self.scripts.iter().find(|s| s.script_identifier == id)
    }
}

/// The method of Script table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptTableMethod {
    /// Method 1, `execute`: run the script with this identifier (long-unsigned).
    Execute(u16),
}

impl Method for ScriptTableMethod {
    fn id(&self) -> i8 {
        1
    }

    fn parameters(&self) -> Data {
        match self {
            Self::Execute(id) => id.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => u16::from_data(p).map(Self::Execute),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
