//! Register activation (class id 6, version 0): which registers are active under which
//! mask (for example, which tariff registers count in each tariff).

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, Octets, ToData, structure_type};

use alloc::vec::Vec;

structure_type! {
    /// An object by class and logical name (`object_definition`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ObjectDefinition {
        /// The interface class.
        pub class_id: ClassId,
        /// The logical name.
        pub logical_name: ObisCode,
    }
}

structure_type! {
    /// A named mask: the indices (from 1) into `register_assignment` of the registers
    /// it activates (`register_act_mask`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct RegisterActMask {
        /// The mask's name.
        pub mask_name: Octets,
        /// Indices into `register_assignment`, from 1 (array of unsigned).
        pub index_list: Vec<u8>,
    }
}

/// A Register activation object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterActivation {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the registers the masks index.
    pub register_assignment: Vec<ObjectDefinition>,
    /// Attribute 3: the masks.
    pub mask_list: Vec<RegisterActMask>,
    /// Attribute 4: the name of the active mask.
    pub active_mask: Octets,
}

impl_class! {
    RegisterActivation, ClassId::REGISTER_ACTIVATION, 0,
    attributes {
        2 => register_assignment: Static,
        3 => mask_list: Static,
        4 => active_mask: Dynamic,
    },
    methods {
        1 => "add_register", false, 0x30;
        2 => "add_mask", false, 0x38;
        3 => "delete_mask", false, 0x40;
    },
}

impl RegisterActivation {
    /// The registers the active mask activates (indices that point nowhere are skipped).
    #[must_use]
    pub fn active_registers(&self) -> Vec<ObjectDefinition> {
        self.mask_list
            .iter()
            .filter(|m| m.mask_name == self.active_mask)
            .flat_map(|m| m.index_list.iter())
            .filter_map(|&i| {
                usize::from(i)
                    .checked_sub(1)
                    .and_then(|i| self.register_assignment.get(i))
                    .copied()
            })
            .collect()
    }
}

/// The methods of Register activation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterActivationMethod {
    /// Method 1, `add_register`.
    AddRegister(ObjectDefinition),
    /// Method 2, `add_mask` (replaces a mask of the same name).
    AddMask(RegisterActMask),
    /// Method 3, `delete_mask`, by name.
    DeleteMask(Octets),
}

impl Method for RegisterActivationMethod {
    fn id(&self) -> i8 {
        match self {
            Self::AddRegister(_) => 1,
            Self::AddMask(_) => 2,
            Self::DeleteMask(_) => 3,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::AddRegister(v) => v.to_data(),
            Self::AddMask(v) => v.to_data(),
            Self::DeleteMask(v) => v.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => FromData::from_data(p).map(Self::AddRegister),
            2 => FromData::from_data(p).map(Self::AddMask),
            3 => FromData::from_data(p).map(Self::DeleteMask),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
