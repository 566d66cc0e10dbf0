//! Register (class id 3, version 0): a value with its scaler and unit, such as an energy
//! total or an instantaneous power.

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::unit::{Decimal, ScalerUnit};

/// A Register object.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the value, of any simple type (usually an integer).
    pub value: Data,
    /// Attribute 3: the scaler and unit of `value`.
    pub scaler_unit: ScalerUnit,
}

impl_class! {
    Register, ClassId::REGISTER, 0,
    attributes { 2 => value: Dynamic, 3 => scaler_unit: Static },
    methods { 1 => "reset", false, 0x28 },
}

impl Register {
    /// The value with the scaler applied, exactly.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] when the value is not an integer.
    pub fn scaled(&self) -> Result<Decimal> {
        self.scaler_unit.scale(&self.value.as_ref())
    }
}

/// The `integer(0)` parameter of methods whose parameter the class leaves as a dummy.
pub(crate) fn dummy() -> Data {
    Data::Integer(0)
}

/// The methods of Register (and of Extended register, which has the same one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisterMethod {
    /// Method 1, `reset`: sets the value to its default (parameter `integer(0)`).
    Reset,
}

impl Method for RegisterMethod {
    fn id(&self) -> i8 {
        1
    }

    fn parameters(&self) -> Data {
        dummy()
    }

    /// The dummy parameter is not checked: meters and clients send `integer(0)`, `null-data`
    /// or other placeholders.
    fn from_parameters(id: i8, _parameters: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::Reset),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
