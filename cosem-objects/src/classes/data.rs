//! Data (class id 1, version 0): a value that the class leaves untyped, such as a serial
//! number, a status word or a configuration constant.
//!
//! This module sets the pattern every class module follows: a struct with one public field
//! per attribute (after `logical_name`), [`ClassInfo`] with the attribute and method tables,
//! and [`InterfaceClass`] converting each attribute to and from [`Data`].

use dlms_apdu::{Data, DataRef};

use crate::class::{AttributeKind, ClassId, ClassInfo, InterfaceClass, attribute};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::{FromData, ToData};

/// A Data object.
#[derive(Debug, Clone, PartialEq)]
pub struct DataObject {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: the value, of any type.
    pub value: Data,
}

impl ClassInfo for DataObject {
    const CLASS_ID: ClassId = ClassId::DATA;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [crate::class::AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "value", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [crate::class::MethodInfo] = &[];
}

impl InterfaceClass for DataObject {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        match id {
            1 => Ok(self.logical_name.to_data()),
            2 => Ok(self.value.clone()),
            _ => Err(Error::NoSuchAttribute(id)),
        }
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.value = Data::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}
