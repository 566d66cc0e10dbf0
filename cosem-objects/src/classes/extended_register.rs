//! Extended register (class id 4, version 0): a register with a status and the time its
//! value was captured.

use dlms_apdu::Data;

use crate::class::{ClassId, impl_class};
use crate::datetime::DateTime;
use crate::error::Result;
use crate::obis::ObisCode;
use crate::unit::{Decimal, ScalerUnit};

pub use super::register::RegisterMethod as ExtendedRegisterMethod;

/// An Extended register object.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendedRegister {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the value.
    pub value: Data,
    /// Attribute 3: the scaler and unit of `value`.
    pub scaler_unit: ScalerUnit,
    /// Attribute 4: the status, of a type the meter chooses (often a bit-string or an
    /// unsigned).
    pub status: Data,
    /// Attribute 5: when `value` was captured (octet-string date-time).
    pub capture_time: DateTime,
}

impl_class! {
    ExtendedRegister, ClassId::EXTENDED_REGISTER, 0,
    attributes {
        2 => value: Dynamic,
        3 => scaler_unit: Static,
        4 => status: Dynamic,
        5 => capture_time: Dynamic,
    },
    methods { 1 => "reset", false, 0x38 },
}

impl ExtendedRegister {
    /// The value with the scaler applied, exactly.
    ///
    /// # Errors
    /// [`crate::Error::UnexpectedType`] when the value is not an integer.
    pub fn scaled(&self) -> Result<Decimal> {
        self.scaler_unit.scale(&self.value.as_ref())
    }
}
