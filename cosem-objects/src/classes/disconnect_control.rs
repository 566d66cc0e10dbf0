//! Disconnect control (class id 70, version 0): the supply disconnector, its state and the
//! rules for remote and manual switching.

use dlms_apdu::{Data, DataRef};

use crate::class::{ClassId, Method, impl_class};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::enum_type;

use super::register::dummy;

enum_type! {
    /// The disconnector's state (`control_state`).
    pub struct ControlState {
        /// The supply is disconnected.
        DISCONNECTED = 0,
        /// The supply is connected.
        CONNECTED = 1,
        /// Disconnected, and may be reconnected manually.
        READY_FOR_RECONNECTION = 2,
    }
}

enum_type! {
    /// Which transitions are allowed, and how (`control_mode`, modes 0 to 6 of the
    /// class's state diagram).
    pub struct ControlMode {
        /// Always connected.
        NONE = 0,
        /// Mode 1.
        MODE_1 = 1,
        /// Mode 2.
        MODE_2 = 2,
        /// Mode 3.
        MODE_3 = 3,
        /// Mode 4.
        MODE_4 = 4,
        /// Mode 5.
        MODE_5 = 5,
        /// Mode 6.
        MODE_6 = 6,
    }
}

/// A Disconnect control object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisconnectControl {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: whether the supply is connected (boolean).
    pub output_state: bool,
    /// Attribute 3: the disconnector's state.
    pub control_state: ControlState,
    /// Attribute 4: the configured mode.
    pub control_mode: ControlMode,
}

impl_class! {
    DisconnectControl, ClassId::DISCONNECT_CONTROL, 0,
    attributes {
        2 => output_state: Dynamic,
        3 => control_state: Dynamic,
        4 => control_mode: Static,
    },
    methods {
        1 => "remote_disconnect", true, 0x20;
        2 => "remote_reconnect", true, 0x28;
    },
}

/// The methods of Disconnect control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisconnectControlMethod {
    /// Method 1, `remote_disconnect` (parameter `integer(0)`).
    RemoteDisconnect,
    /// Method 2, `remote_reconnect` (parameter `integer(0)`).
    RemoteReconnect,
}

impl Method for DisconnectControlMethod {
    fn id(&self) -> i8 {
        match self {
            Self::RemoteDisconnect => 1,
            Self::RemoteReconnect => 2,
        }
    }

    fn parameters(&self) -> Data {
        dummy()
    }

    /// The dummy parameters are not checked.
    fn from_parameters(id: i8, _p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::RemoteDisconnect),
            2 => Ok(Self::RemoteReconnect),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
