//! SAP assignment (class id 17, version 0): which logical device answers at which service
//! access point (IEC 62056-6-2, DLMS UA 1000-1 Ed. 15).

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use super::association_ln::method;
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::helpers::next_octets;
use crate::value::{FromData, ToData, next, structure};

/// One `asslist_element`: a SAP and the name of the logical device behind it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SapAssignmentEntry {
    /// The SAP (logical device address); 0 in connect_logical_device removes the device.
    pub sap: u16,
    /// `logical_device_name` (an octet string, often 16 characters of text).
    pub logical_device_name: Vec<u8>,
}

impl FromData for SapAssignmentEntry {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            sap: next(&mut it)?,
            logical_device_name: next_octets(&mut it)?,
        })
    }
}

impl ToData for SapAssignmentEntry {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.sap.to_data(),
            Data::OctetString(self.logical_device_name.clone())
        ])
    }
}

/// A SAP assignment object (0.0.41.0.0.255).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SapAssignment {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: `SAP_assignment_list`.
    pub sap_assignment_list: Vec<SapAssignmentEntry>,
}

impl ClassInfo for SapAssignment {
    const CLASS_ID: ClassId = ClassId::SAP_ASSIGNMENT;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "SAP_assignment_list", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[method(1, "connect_logical_device", false)];
}

impl InterfaceClass for SapAssignment {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        match id {
            1 => Ok(self.logical_name.to_data()),
            2 => Ok(self.sap_assignment_list.to_data()),
            _ => Err(Error::NoSuchAttribute(id)),
        }
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.sap_assignment_list = Vec::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The method of SAP assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SapAssignmentMethod {
    /// Method 1: `connect_logical_device` (SAP 0 disconnects the named device).
    ConnectLogicalDevice(SapAssignmentEntry),
}

impl crate::class::Method for SapAssignmentMethod {
    fn id(&self) -> i8 {
        1
    }

    fn parameters(&self) -> Data {
        match self {
            Self::ConnectLogicalDevice(e) => e.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        match id {
            1 => Ok(Self::ConnectLogicalDevice(SapAssignmentEntry::from_data(
                p,
            )?)),
            _ => Err(Error::NoSuchMethod(id)),
        }
    }
}
