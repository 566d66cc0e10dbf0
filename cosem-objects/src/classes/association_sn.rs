//! Association SN (class id 12, version 3): the association of a client under short-name
//! referencing, with the objects it reaches by base name and its rights on them
//! (IEC 62056-6-2, DLMS UA 1000-1 Ed. 15).
//!
//! Methods are invoked by short name; their offsets from the object's base name start at
//! 0x20 and step by 8. Methods 1, 2 and 7 are kept by the standard from earlier versions
//! (getlist_by_classid, getobj_by_logicalname, get_HLS_challenge) and carried here as
//! untyped data.

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef, DataType};

use super::association_ln::{AccessRights, User, class_id};
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::helpers::{next_raw, owned_octets};
use crate::value::{FromData, ToData, next, structure, unexpected};

/// A base name (`long` on the wire, a 16-bit short name in practice, e.g. 0xFA00).
fn base_name(data: &DataRef<'_>) -> Result<u16> {
    match data {
        DataRef::Long(v) => Ok(u16::from_be_bytes(v.to_be_bytes())),
        other => Err(unexpected(DataType::Long, other)),
    }
}

/// A base name as `long` data.
fn base_name_data(sn: u16) -> Data {
    Data::Long(i16::from_be_bytes(sn.to_be_bytes()))
}

/// One `object_list_element` of Association SN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SnObjectListEntry {
    /// The object's base name (its short name, the short name of attribute 1).
    pub base_name: u16,
    /// The object's class.
    pub class_id: ClassId,
    /// The class version.
    pub version: u8,
    /// The object's logical name.
    pub logical_name: ObisCode,
}

impl FromData for SnObjectListEntry {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 4)?.iter();
        Ok(Self {
            base_name: base_name(&next_raw(&mut it)?)?,
            class_id: class_id(&next_raw(&mut it)?)?,
            version: next(&mut it)?,
            logical_name: next(&mut it)?,
        })
    }
}

impl ToData for SnObjectListEntry {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            base_name_data(self.base_name),
            self.class_id.0.to_data(),
            self.version.to_data(),
            self.logical_name.to_data(),
        ])
    }
}

/// One `access_rights_list` element: the rights on the object with a base name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SnAccessRights {
    /// The object's base name.
    pub base_name: u16,
    /// Attribute and method access.
    pub rights: AccessRights,
}

impl FromData for SnAccessRights {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 3)?.iter();
        Ok(Self {
            base_name: base_name(&next_raw(&mut it)?)?,
            rights: AccessRights {
                attributes: next(&mut it)?,
                methods: next(&mut it)?,
            },
        })
    }
}

impl ToData for SnAccessRights {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            base_name_data(self.base_name),
            self.rights.attributes.to_data(),
            self.rights.methods.to_data(),
        ])
    }
}

/// An Association SN object (base name 0xFA00 by convention).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssociationSn {
    /// Attribute 1.
    pub logical_name: ObisCode,
    /// Attribute 2: `object_list`.
    pub object_list: Vec<SnObjectListEntry>,
    /// Attribute 3: `access_rights_list`.
    pub access_rights_list: Vec<SnAccessRights>,
    /// Attribute 4: `security_setup_reference`.
    pub security_setup_reference: ObisCode,
    /// Attribute 5: `user_list`.
    pub user_list: Vec<User>,
    /// Attribute 6: `current_user`.
    pub current_user: User,
}

/// A [`MethodInfo`] with the Association SN short-name offset `0x20 + (id - 1) * 8`.
const fn sn_method(id: i8, name: &'static str) -> MethodInfo {
    #[allow(clippy::cast_sign_loss, clippy::arithmetic_side_effects)]
    // Invariant: called only with the constant ids 1..=10 below.
    let sn_offset = 0x20 + (id as u16 - 1) * 8;
    MethodInfo {
        id,
        name,
        mandatory: false,
        sn_offset,
    }
}

impl ClassInfo for AssociationSn {
    const CLASS_ID: ClassId = ClassId::ASSOCIATION_SN;
    const VERSION: u8 = 3;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "object_list", AttributeKind::Static),
        attribute(3, "access_rights_list", AttributeKind::Static),
        attribute(4, "security_setup_reference", AttributeKind::Static),
        attribute(5, "user_list", AttributeKind::Static),
        attribute(6, "current_user", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[
        sn_method(1, "getlist_by_classid"),
        sn_method(2, "getobj_by_logicalname"),
        sn_method(3, "read_by_logicalname"),
        sn_method(4, "get_attributes&methods"),
        sn_method(5, "change_LLS_secret"),
        sn_method(6, "change_HLS_secret"),
        sn_method(7, "get_HLS_challenge"),
        sn_method(8, "reply_to_HLS_authentication"),
        sn_method(9, "add_user"),
        sn_method(10, "remove_user"),
    ];
}

impl InterfaceClass for AssociationSn {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.object_list.to_data(),
            3 => self.access_rights_list.to_data(),
            4 => self.security_setup_reference.to_data(),
            5 => self.user_list.to_data(),
            6 => self.current_user.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.object_list = Vec::from_data(value)?,
            3 => self.access_rights_list = Vec::from_data(value)?,
            4 => self.security_setup_reference = ObisCode::from_data(value)?,
            5 => self.user_list = Vec::from_data(value)?,
            6 => self.current_user = User::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// An attribute named by logical name (read_by_logicalname).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AttributeIdentification {
    /// The object's class.
    pub class_id: ClassId,
    /// The object's logical name.
    pub logical_name: ObisCode,
    /// The attribute.
    pub attribute_index: i8,
}

impl FromData for AttributeIdentification {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 3)?.iter();
        Ok(Self {
            class_id: class_id(&next_raw(&mut it)?)?,
            logical_name: next(&mut it)?,
            attribute_index: next(&mut it)?,
        })
    }
}

impl ToData for AttributeIdentification {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.class_id.0.to_data(),
            self.logical_name.to_data(),
            self.attribute_index.to_data(),
        ])
    }
}

/// An object named by class and logical name (get_attributes&methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ObjectIdentification {
    /// The object's class.
    pub class_id: ClassId,
    /// The object's logical name.
    pub logical_name: ObisCode,
}

impl FromData for ObjectIdentification {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            class_id: class_id(&next_raw(&mut it)?)?,
            logical_name: next(&mut it)?,
        })
    }
}

impl ToData for ObjectIdentification {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.class_id.0.to_data(),
            self.logical_name.to_data()
        ])
    }
}

/// The methods of Association SN with their parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum AssociationSnMethod {
    /// Methods 1, 2 and 7, kept from earlier versions: the id and the parameters as sent.
    Reserved {
        /// 1, 2 or 7.
        id: i8,
        /// The parameters.
        parameters: Data,
    },
    /// Method 3: `read_by_logicalname`.
    ReadByLogicalName(Vec<AttributeIdentification>),
    /// Method 4: `get_attributes&methods`.
    GetAttributesAndMethods(Vec<ObjectIdentification>),
    /// Method 5: `change_LLS_secret`.
    ChangeLlsSecret(Vec<u8>),
    /// Method 6: `change_HLS_secret`.
    ChangeHlsSecret(Vec<u8>),
    /// Method 8: `reply_to_HLS_authentication`, the client's `f(StoC)`; the result is the
    /// server's `f(CtoS)`, an octet string.
    ReplyToHlsAuthentication(Vec<u8>),
    /// Method 9: `add_user`.
    AddUser(User),
    /// Method 10: `remove_user`.
    RemoveUser(User),
}

impl crate::class::Method for AssociationSnMethod {
    fn id(&self) -> i8 {
        match self {
            Self::Reserved { id, .. } => *id,
            Self::ReadByLogicalName(_) => 3,
            Self::GetAttributesAndMethods(_) => 4,
            Self::ChangeLlsSecret(_) => 5,
            Self::ChangeHlsSecret(_) => 6,
            Self::ReplyToHlsAuthentication(_) => 8,
            Self::AddUser(_) => 9,
            Self::RemoveUser(_) => 10,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::Reserved { parameters, .. } => parameters.clone(),
            Self::ReadByLogicalName(v) => v.to_data(),
            Self::GetAttributesAndMethods(v) => v.to_data(),
            Self::ChangeLlsSecret(b)
            | Self::ChangeHlsSecret(b)
            | Self::ReplyToHlsAuthentication(b) => Data::OctetString(b.clone()),
            Self::AddUser(u) | Self::RemoveUser(u) => u.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            1 | 2 | 7 => Self::Reserved {
                id,
                parameters: Data::from(p),
            },
            3 => Self::ReadByLogicalName(Vec::from_data(p)?),
            4 => Self::GetAttributesAndMethods(Vec::from_data(p)?),
            5 => Self::ChangeLlsSecret(owned_octets(p)?),
            6 => Self::ChangeHlsSecret(owned_octets(p)?),
            8 => Self::ReplyToHlsAuthentication(owned_octets(p)?),
            9 => Self::AddUser(User::from_data(p)?),
            10 => Self::RemoveUser(User::from_data(p)?),
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }
}
