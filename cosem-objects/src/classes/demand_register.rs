//! Demand register (class id 5, version 0): the average of a quantity over a period, the
//! current one and the last completed one.

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::datetime::DateTime;
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::unit::ScalerUnit;

use super::register::dummy;

/// A Demand register object.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandRegister {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the average of the period in progress.
    pub current_average_value: Data,
    /// Attribute 3: the average of the last completed period.
    pub last_average_value: Data,
    /// Attribute 4: the scaler and unit of both averages.
    pub scaler_unit: ScalerUnit,
    /// Attribute 5: the status of the last average, of a type the meter chooses.
    pub status: Data,
    /// Attribute 6: when the last average was captured.
    pub capture_time: DateTime,
    /// Attribute 7: when the period in progress started.
    pub start_time_current: DateTime,
    /// Attribute 8: the period in seconds (double-long-unsigned).
    pub period: u32,
    /// Attribute 9: how many periods the average spans (long-unsigned).
    pub number_of_periods: u16,
}

impl_class! {
    DemandRegister, ClassId::DEMAND_REGISTER, 0,
    attributes {
        2 => current_average_value: Dynamic,
        3 => last_average_value: Dynamic,
        4 => scaler_unit: Static,
        5 => status: Dynamic,
        6 => capture_time: Dynamic,
        7 => start_time_current: Dynamic,
        8 => period: Static,
        9 => number_of_periods: Static,
    },
    methods {
        1 => "reset", false, 0x48;
        2 => "next_period", false, 0x50;
    },
}

/// The methods of Demand register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandRegisterMethod {
    /// Method 1, `reset` (parameter `integer(0)`).
    Reset,
    /// Method 2, `next_period`: closes the period in progress (parameter `integer(0)`).
    NextPeriod,
}

impl Method for DemandRegisterMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Reset => 1,
            Self::NextPeriod => 2,
        }
    }

    fn parameters(&self) -> Data {
        dummy()
    }

    /// The dummy parameters are not checked.
    fn from_parameters(id: i8, _parameters: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::Reset),
            2 => Ok(Self::NextPeriod),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
