//! Association LN (class id 15, version 2): the association a client holds with a logical
//! device under logical-name referencing, with the list of objects it may reach and the
//! rights it has on each (IEC 62056-6-2, DLMS UA 1000-1 Ed. 15).
//!
//! The object list is the attribute clients read first and the largest one most meters
//! hold. [`ObjectListRef`] walks it without an allocator, straight from the received bytes;
//! [`ObjectListEntry`] is the owned form. Versions 0 and 1 of the class wrote a method's
//! access as a boolean; both forms are read, and the form received is written back.

use alloc::vec::Vec;

use dlms_apdu::data::Sequence;
use dlms_apdu::initiate::Conformance;
use dlms_apdu::{Data, DataRef, DataType};

use crate::access::{AttributeAccess, MethodAccess};
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::enum_type;
use crate::value::helpers::{next_octets, next_raw, owned_octets, visible_string};
use crate::value::{FromData, ToData, array, next, octets, structure, unexpected};

/// A class id (`long-unsigned`).
pub(crate) fn class_id(data: &DataRef<'_>) -> Result<ClassId> {
    u16::from_data(data).map(ClassId)
}

// ---------------------------------------------------------------------------------------
// Access rights
// ---------------------------------------------------------------------------------------

/// One `attribute_access_item`: an attribute id, its access mode and the selective-access
/// selectors the server supports for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributeAccessItem {
    /// The attribute id.
    pub id: i8,
    /// Access mode.
    pub access: AttributeAccess,
    /// `access_selectors`: `None` (null-data) when selective access is not supported, else
    /// the supported selector values.
    pub selectors: Option<Vec<i8>>,
}

/// One `method_access_item`: a method id and its access mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MethodAccessItem {
    /// The method id.
    pub id: i8,
    /// Access mode.
    pub access: MethodAccess,
    /// Whether the mode was (and is written back as) a boolean, as class versions 0 and 1
    /// wrote it; `false` for the `enum` of version 2.
    pub boolean: bool,
}

/// `access_rights`: the attribute and method access lists of one object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AccessRights {
    /// `attribute_access`.
    pub attributes: Vec<AttributeAccessItem>,
    /// `method_access`.
    pub methods: Vec<MethodAccessItem>,
}

impl AccessRights {
    /// The access to attribute `id`, `None` if the list does not name it.
    #[must_use]
    pub fn attribute(&self, id: i8) -> Option<AttributeAccess> {
        self.attributes
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.access)
    }

    /// The access to method `id`, `None` if the list does not name it.
    #[must_use]
    pub fn method(&self, id: i8) -> Option<MethodAccess> {
        self.methods.iter().find(|m| m.id == id).map(|m| m.access)
    }
}

/// Borrowed `attribute_access_item`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttributeAccessItemRef<'a> {
    /// The attribute id.
    pub id: i8,
    /// Access mode.
    pub access: AttributeAccess,
    /// The selectors array, `None` for null-data.
    pub selectors: Option<Sequence<'a>>,
}

impl<'a> AttributeAccessItemRef<'a> {
    /// Reads one item.
    ///
    /// # Errors
    /// A conversion error when `data` is not a three-element structure of the item's types.
    pub fn from_data(data: &DataRef<'a>) -> Result<Self> {
        let mut it = structure(data, 3)?.iter();
        let id = next(&mut it)?;
        let access = next(&mut it)?;
        let selectors = match next_raw(&mut it)? {
            DataRef::NullData => None,
            other => Some(array(&other)?),
        };
        Ok(Self {
            id,
            access,
            selectors,
        })
    }

    /// The owned item.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] if a selector is not an `integer`.
    pub fn to_owned(&self) -> Result<AttributeAccessItem> {
        let selectors = match self.selectors {
            None => None,
            Some(s) => Some(s.iter().map(|d| i8::from_data(&d)).collect::<Result<_>>()?),
        };
        Ok(AttributeAccessItem {
            id: self.id,
            access: self.access,
            selectors,
        })
    }
}

impl FromData for AttributeAccessItem {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        AttributeAccessItemRef::from_data(data)?.to_owned()
    }
}

impl ToData for AttributeAccessItem {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.id.to_data(),
            self.access.to_data(),
            match &self.selectors {
                None => Data::NullData,
                Some(s) => s.to_data(),
            },
        ])
    }
}

impl FromData for MethodAccessItem {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        let id = next(&mut it)?;
        let raw = next_raw(&mut it)?;
        Ok(Self {
            id,
            access: MethodAccess::from_data(&raw)?,
            boolean: matches!(raw, DataRef::Boolean(_)),
        })
    }
}

impl ToData for MethodAccessItem {
    fn to_data(&self) -> Data {
        let access = if self.boolean {
            Data::Boolean(self.access.0 != 0)
        } else {
            self.access.to_data()
        };
        Data::Structure(alloc::vec![self.id.to_data(), access])
    }
}

impl FromData for AccessRights {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            attributes: next(&mut it)?,
            methods: next(&mut it)?,
        })
    }
}

impl ToData for AccessRights {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.attributes.to_data(),
            self.methods.to_data()
        ])
    }
}

// ---------------------------------------------------------------------------------------
// Object list
// ---------------------------------------------------------------------------------------

/// One `object_list_element`: an object the association reaches, with its rights.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectListEntry {
    /// The object's class.
    pub class_id: ClassId,
    /// The class version the object implements.
    pub version: u8,
    /// The object's logical name.
    pub logical_name: ObisCode,
    /// Access rights in this association.
    pub access_rights: AccessRights,
}

impl FromData for ObjectListEntry {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        ObjectListEntryRef::from_data(data)?.to_owned()
    }
}

impl ToData for ObjectListEntry {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.class_id.0.to_data(),
            self.version.to_data(),
            self.logical_name.to_data(),
            self.access_rights.to_data(),
        ])
    }
}

/// A borrowed `object_list_element`; the access lists stay encoded until iterated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectListEntryRef<'a> {
    /// The object's class.
    pub class_id: ClassId,
    /// The class version.
    pub version: u8,
    /// The object's logical name.
    pub logical_name: ObisCode,
    attributes: Sequence<'a>,
    methods: Sequence<'a>,
}

impl<'a> ObjectListEntryRef<'a> {
    /// Reads one entry.
    ///
    /// # Errors
    /// A conversion error when `data` is not a four-element structure of the entry's types
    /// (the access lists themselves are checked when iterated).
    pub fn from_data(data: &DataRef<'a>) -> Result<Self> {
        let mut it = structure(data, 4)?.iter();
        let class_id = class_id(&next_raw(&mut it)?)?;
        let version = next(&mut it)?;
        let logical_name = next(&mut it)?;
        let rights = next_raw(&mut it)?;
        let mut r = structure(&rights, 2)?.iter();
        let attributes = array(&next_raw(&mut r)?)?;
        let methods = array(&next_raw(&mut r)?)?;
        Ok(Self {
            class_id,
            version,
            logical_name,
            attributes,
            methods,
        })
    }

    /// The attribute access items.
    pub fn attributes(&self) -> impl Iterator<Item = Result<AttributeAccessItemRef<'a>>> + 'a {
        self.attributes
            .iter()
            .map(|d| AttributeAccessItemRef::from_data(&d))
    }

    /// The method access items.
    pub fn methods(&self) -> impl Iterator<Item = Result<MethodAccessItem>> + 'a {
        self.methods.iter().map(|d| MethodAccessItem::from_data(&d))
    }

    /// Number of attribute access items.
    #[must_use]
    pub fn attribute_count(&self) -> usize {
        self.attributes.len()
    }

    /// Number of method access items.
    #[must_use]
    pub fn method_count(&self) -> usize {
        self.methods.len()
    }

    /// The owned entry.
    ///
    /// # Errors
    /// A conversion error for a malformed access item.
    pub fn to_owned(&self) -> Result<ObjectListEntry> {
        Ok(ObjectListEntry {
            class_id: self.class_id,
            version: self.version,
            logical_name: self.logical_name,
            access_rights: AccessRights {
                attributes: self
                    .attributes()
                    .map(|a| a.and_then(|a| a.to_owned()))
                    .collect::<Result<_>>()?,
                methods: self.methods().collect::<Result<_>>()?,
            },
        })
    }
}

/// A borrowed object list (attribute 2): an array of entries read lazily.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectListRef<'a>(Sequence<'a>);

impl<'a> ObjectListRef<'a> {
    /// The object list in `data`.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] if `data` is not an array.
    pub fn new(data: &DataRef<'a>) -> Result<Self> {
        array(data).map(Self)
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the list is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, each checked as it is reached.
    pub fn iter(&self) -> impl Iterator<Item = Result<ObjectListEntryRef<'a>>> + 'a {
        self.0.iter().map(|d| ObjectListEntryRef::from_data(&d))
    }

    /// The first entry for `logical_name`.
    ///
    /// # Errors
    /// The conversion error of a malformed entry met before it.
    pub fn find(&self, logical_name: ObisCode) -> Result<Option<ObjectListEntryRef<'a>>> {
        for e in self.iter() {
            let e = e?;
            if e.logical_name == logical_name {
                return Ok(Some(e));
            }
        }
        Ok(None)
    }
}

// ---------------------------------------------------------------------------------------
// Other attribute types
// ---------------------------------------------------------------------------------------

/// `associated_partners_id` (attribute 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AssociatedPartners {
    /// The client SAP.
    pub client_sap: i8,
    /// The server SAP (logical device address).
    pub server_sap: u16,
}

impl FromData for AssociatedPartners {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            client_sap: next(&mut it)?,
            server_sap: next(&mut it)?,
        })
    }
}

impl ToData for AssociatedPartners {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.client_sap.to_data(),
            self.server_sap.to_data()
        ])
    }
}

/// The seven arcs of an application context name or mechanism name in its structure form
/// (`joint-iso-ctt(2) country(16) country-name(756) identified-organization(5)
/// DLMS-UA(8) application-context(1) | authentication-mechanism-name(2) id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameArcs {
    /// `joint_iso_ctt_element` (2).
    pub joint_iso_ctt: u8,
    /// `country_element` (16).
    pub country: u8,
    /// `country_name_element` (756).
    pub country_name: u16,
    /// `identified_organization_element` (5).
    pub identified_organization: u8,
    /// `DLMS_UA_element` (8).
    pub dlms_ua: u8,
    /// 1 for an application context, 2 for an authentication mechanism.
    pub kind: u8,
    /// `context_id_element` / `mechanism_id_element`.
    pub id: u8,
}

/// An application context name (attribute 4) or authentication mechanism name
/// (attribute 6), in either of the two forms meters use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContextName {
    /// The seven-element structure.
    Arcs(NameArcs),
    /// An octet string holding the object identifier's BER contents, e.g.
    /// `60 85 74 05 08 01 01` for 2.16.756.5.8.1.1.
    Oid(Vec<u8>),
}

impl ContextName {
    /// `kind` value of an application context name.
    pub const APPLICATION_CONTEXT: u8 = 1;
    /// `kind` value of an authentication mechanism name.
    pub const MECHANISM: u8 = 2;

    /// The DLMS UA name `2.16.756.5.8.kind.id` in the structure form.
    #[must_use]
    pub const fn dlms(kind: u8, id: u8) -> Self {
        Self::Arcs(NameArcs {
            joint_iso_ctt: 2,
            country: 16,
            country_name: 756,
            identified_organization: 5,
            dlms_ua: 8,
            kind,
            id,
        })
    }

    /// The DLMS UA name `2.16.756.5.8.kind.id` in the octet-string form.
    #[must_use]
    pub fn dlms_oid(kind: u8, id: u8) -> Self {
        Self::Oid(alloc::vec![0x60, 0x85, 0x74, 0x05, 0x08, kind, id])
    }

    /// `(kind, id)` when the name is under the DLMS UA arc 2.16.756.5.8, in either form.
    #[must_use]
    pub fn dlms_id(&self) -> Option<(u8, u8)> {
        match self {
            Self::Arcs(a) => (a.joint_iso_ctt == 2
                && a.country == 16
                && a.country_name == 756
                && a.identified_organization == 5
                && a.dlms_ua == 8)
                .then_some((a.kind, a.id)),
            Self::Oid(b) => match b.as_slice() {
                [0x60, 0x85, 0x74, 0x05, 0x08, kind, id] => Some((*kind, *id)),
                _ => None,
            },
        }
    }
}

impl FromData for ContextName {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        if let DataRef::OctetString(b) = data {
            return Ok(Self::Oid(b.to_vec()));
        }
        let mut it = structure(data, 7)?.iter();
        Ok(Self::Arcs(NameArcs {
            joint_iso_ctt: next(&mut it)?,
            country: next(&mut it)?,
            country_name: next(&mut it)?,
            identified_organization: next(&mut it)?,
            dlms_ua: next(&mut it)?,
            kind: next(&mut it)?,
            id: next(&mut it)?,
        }))
    }
}

impl ToData for ContextName {
    fn to_data(&self) -> Data {
        match self {
            Self::Oid(b) => Data::OctetString(b.clone()),
            Self::Arcs(a) => Data::Structure(alloc::vec![
                a.joint_iso_ctt.to_data(),
                a.country.to_data(),
                a.country_name.to_data(),
                a.identified_organization.to_data(),
                a.dlms_ua.to_data(),
                a.kind.to_data(),
                a.id.to_data(),
            ]),
        }
    }
}

/// `xDLMS_context_info` (attribute 5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XdlmsContextInfo {
    /// The conformance block (a 24-bit bit-string).
    pub conformance: Conformance,
    /// `max_receive_pdu_size`.
    pub max_receive_pdu_size: u16,
    /// `max_send_pdu_size`.
    pub max_send_pdu_size: u16,
    /// `dlms_version_number` (6).
    pub dlms_version: u8,
    /// `quality_of_service`.
    pub quality_of_service: i8,
    /// `cyphering_info`.
    pub cyphering_info: Vec<u8>,
}

impl Default for XdlmsContextInfo {
    fn default() -> Self {
        Self {
            conformance: Conformance::empty(),
            max_receive_pdu_size: 0,
            max_send_pdu_size: 0,
            dlms_version: 6,
            quality_of_service: 0,
            cyphering_info: Vec::new(),
        }
    }
}

/// A conformance block as a 24-bit bit-string.
fn conformance(data: &DataRef<'_>) -> Result<Conformance> {
    let bits = data
        .as_bit_string()
        .ok_or_else(|| unexpected(DataType::BitString, data))?;
    if bits.len() != 24 {
        return Err(Error::ElementCount {
            expected: 24,
            found: bits.len(),
        });
    }
    match bits.as_bytes() {
        [a, b, c] => Ok(Conformance::from_bytes([*a, *b, *c])),
        _ => Err(Error::OutOfRange),
    }
}

impl FromData for XdlmsContextInfo {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 6)?.iter();
        Ok(Self {
            conformance: conformance(&next_raw(&mut it)?)?,
            max_receive_pdu_size: next(&mut it)?,
            max_send_pdu_size: next(&mut it)?,
            dlms_version: next(&mut it)?,
            quality_of_service: next(&mut it)?,
            cyphering_info: next_octets(&mut it)?,
        })
    }
}

impl ToData for XdlmsContextInfo {
    fn to_data(&self) -> Data {
        let conformance =
            dlms_apdu::data::BitStringBuf::new(24, self.conformance.to_bytes().to_vec())
                .map_or(Data::NullData, Data::BitString);
        Data::Structure(alloc::vec![
            conformance,
            self.max_receive_pdu_size.to_data(),
            self.max_send_pdu_size.to_data(),
            self.dlms_version.to_data(),
            self.quality_of_service.to_data(),
            Data::OctetString(self.cyphering_info.clone()),
        ])
    }
}

enum_type! {
    /// `association_status` (attribute 8).
    pub struct AssociationStatus {
        /// non-associated.
        NON_ASSOCIATED = 0,
        /// association-pending.
        ASSOCIATION_PENDING = 1,
        /// associated.
        ASSOCIATED = 2,
    }
}

/// A `user_list_entry` (attributes 10 and 11, methods add_user and remove_user).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct User {
    /// `user_id`.
    pub id: u8,
    /// `user_name` (a visible-string).
    pub name: Vec<u8>,
}

impl FromData for User {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            id: next(&mut it)?,
            name: visible_string(&next_raw(&mut it)?)?,
        })
    }
}

impl ToData for User {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.id.to_data(),
            Data::VisibleString(self.name.clone())
        ])
    }
}

// ---------------------------------------------------------------------------------------
// The class
// ---------------------------------------------------------------------------------------

/// An Association LN object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssociationLn {
    /// Attribute 1 (the current association is 0.0.40.0.0.255).
    pub logical_name: ObisCode,
    /// Attribute 2: `object_list`.
    pub object_list: Vec<ObjectListEntry>,
    /// Attribute 3: `associated_partners_id`.
    pub associated_partners_id: AssociatedPartners,
    /// Attribute 4: `application_context_name`.
    pub application_context_name: ContextName,
    /// Attribute 5: `xDLMS_context_info`.
    pub xdlms_context_info: XdlmsContextInfo,
    /// Attribute 6: `authentication_mechanism_name`.
    pub authentication_mechanism_name: ContextName,
    /// Attribute 7: `secret` (write only on real meters).
    pub secret: Vec<u8>,
    /// Attribute 8: `association_status`.
    pub association_status: AssociationStatus,
    /// Attribute 9: `security_setup_reference`, the logical name of the Security setup
    /// object in force.
    pub security_setup_reference: ObisCode,
    /// Attribute 10: `user_list`.
    pub user_list: Vec<User>,
    /// Attribute 11: `current_user`.
    pub current_user: User,
}

impl Default for ContextName {
    fn default() -> Self {
        Self::dlms(Self::APPLICATION_CONTEXT, 1)
    }
}

impl ClassInfo for AssociationLn {
    const CLASS_ID: ClassId = ClassId::ASSOCIATION_LN;
    const VERSION: u8 = 2;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        attribute(1, "logical_name", AttributeKind::Static),
        attribute(2, "object_list", AttributeKind::Static),
        attribute(3, "associated_partners_id", AttributeKind::Static),
        attribute(4, "application_context_name", AttributeKind::Static),
        attribute(5, "xDLMS_context_info", AttributeKind::Static),
        attribute(6, "authentication_mechanism_name", AttributeKind::Static),
        attribute(7, "secret", AttributeKind::Static),
        attribute(8, "association_status", AttributeKind::Dynamic),
        attribute(9, "security_setup_reference", AttributeKind::Static),
        attribute(10, "user_list", AttributeKind::Static),
        attribute(11, "current_user", AttributeKind::Dynamic),
    ];
    const METHODS: &'static [MethodInfo] = &[
        method(1, "reply_to_HLS_authentication", false),
        method(2, "change_HLS_secret", false),
        method(3, "add_object", false),
        method(4, "remove_object", false),
        method(5, "add_user", false),
        method(6, "remove_user", false),
    ];
}

/// A [`MethodInfo`] for logical-name-only classes (no short-name offset).
pub(crate) const fn method(id: i8, name: &'static str, mandatory: bool) -> MethodInfo {
    MethodInfo {
        id,
        name,
        mandatory,
        sn_offset: 0,
    }
}

impl InterfaceClass for AssociationLn {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.object_list.to_data(),
            3 => self.associated_partners_id.to_data(),
            4 => self.application_context_name.to_data(),
            5 => self.xdlms_context_info.to_data(),
            6 => self.authentication_mechanism_name.to_data(),
            7 => Data::OctetString(self.secret.clone()),
            8 => self.association_status.to_data(),
            9 => self.security_setup_reference.to_data(),
            10 => self.user_list.to_data(),
            11 => self.current_user.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.object_list = Vec::from_data(value)?,
            3 => self.associated_partners_id = AssociatedPartners::from_data(value)?,
            4 => self.application_context_name = ContextName::from_data(value)?,
            5 => self.xdlms_context_info = XdlmsContextInfo::from_data(value)?,
            6 => self.authentication_mechanism_name = ContextName::from_data(value)?,
            7 => self.secret = owned_octets(value)?,
            8 => self.association_status = AssociationStatus::from_data(value)?,
            9 => self.security_setup_reference = ObisCode::from_data(value)?,
            10 => self.user_list = Vec::from_data(value)?,
            11 => self.current_user = User::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of Association LN with their parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssociationLnMethod {
    /// Method 1: the client's answer to the server's challenge (`f(StoC)`); the result is
    /// the server's answer `f(CtoS)`, an octet string ([`reply_to_hls_result`]).
    ReplyToHlsAuthentication(Vec<u8>),
    /// Method 2: the new HLS secret (for HLS-GMAC, the new key wrapped).
    ChangeHlsSecret(Vec<u8>),
    /// Method 3: adds an object to the object list.
    AddObject(ObjectListEntry),
    /// Method 4: removes an object from the object list.
    RemoveObject(ObjectListEntry),
    /// Method 5: adds a user.
    AddUser(User),
    /// Method 6: removes a user.
    RemoveUser(User),
}

impl crate::class::Method for AssociationLnMethod {
    fn id(&self) -> i8 {
        match self {
            Self::ReplyToHlsAuthentication(_) => 1,
            Self::ChangeHlsSecret(_) => 2,
            Self::AddObject(_) => 3,
            Self::RemoveObject(_) => 4,
            Self::AddUser(_) => 5,
            Self::RemoveUser(_) => 6,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::ReplyToHlsAuthentication(b) | Self::ChangeHlsSecret(b) => {
                Data::OctetString(b.clone())
            }
            Self::AddObject(e) | Self::RemoveObject(e) => e.to_data(),
            Self::AddUser(u) | Self::RemoveUser(u) => u.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            1 => Self::ReplyToHlsAuthentication(owned_octets(p)?),
            2 => Self::ChangeHlsSecret(owned_octets(p)?),
            3 => Self::AddObject(ObjectListEntry::from_data(p)?),
            4 => Self::RemoveObject(ObjectListEntry::from_data(p)?),
            5 => Self::AddUser(User::from_data(p)?),
            6 => Self::RemoveUser(User::from_data(p)?),
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }
}

/// The result of reply_to_HLS_authentication: the server's `f(CtoS)`.
///
/// # Errors
/// [`Error::UnexpectedType`] if `data` is not an octet-string.
pub fn reply_to_hls_result<'a>(data: &DataRef<'a>) -> Result<&'a [u8]> {
    octets(data)
}
