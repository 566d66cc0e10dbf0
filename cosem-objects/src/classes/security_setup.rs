//! Security setup (class id 64), versions 0 and 1: the security policy and suite of an
//! association, the system titles, and (version 1) the certificates and the methods that
//! manage keys and certificates (IEC 62056-6-2, DLMS UA 1000-1 Ed. 15).
//!
//! The two versions differ in type and number of attributes and methods, so each has its
//! own type: [`SecuritySetupV0`] (five attributes, methods `security_activate` and
//! `global_key_transfer`) and [`SecuritySetup`] (version 1: six attributes, eight methods,
//! the security policy a bit field).

use alloc::vec::Vec;

use dlms_apdu::{Data, DataRef};

use super::association_ln::method;
use crate::class::{
    AttributeInfo, AttributeKind, ClassId, ClassInfo, InterfaceClass, MethodInfo, attribute,
};
use crate::error::{Error, Result};
use crate::obis::ObisCode;
use crate::value::enum_type;
use crate::value::helpers::{next_octets, next_raw, owned_octets};
use crate::value::{FromData, ToData, next, structure};

enum_type! {
    /// The version 0 `security_policy`: one of four levels.
    pub struct SecurityPolicyV0 {
        /// No security.
        NOTHING = 0,
        /// All messages authenticated.
        ALL_AUTHENTICATED = 1,
        /// All messages encrypted.
        ALL_ENCRYPTED = 2,
        /// All messages authenticated and encrypted.
        ALL_AUTHENTICATED_AND_ENCRYPTED = 3,
    }
}

/// The version 1 `security_policy`: a bit field carried as an `enum`; bits 0 and 1 are
/// unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SecurityPolicy(pub u8);

impl SecurityPolicy {
    /// No protection required.
    pub const NONE: Self = Self(0);
    /// Requests authenticated (bit 2).
    pub const AUTHENTICATED_REQUEST: Self = Self(0x04);
    /// Requests encrypted (bit 3).
    pub const ENCRYPTED_REQUEST: Self = Self(0x08);
    /// Requests digitally signed (bit 4).
    pub const DIGITALLY_SIGNED_REQUEST: Self = Self(0x10);
    /// Responses authenticated (bit 5).
    pub const AUTHENTICATED_RESPONSE: Self = Self(0x20);
    /// Responses encrypted (bit 6).
    pub const ENCRYPTED_RESPONSE: Self = Self(0x40);
    /// Responses digitally signed (bit 7).
    pub const DIGITALLY_SIGNED_RESPONSE: Self = Self(0x80);

    /// Whether every bit of `other` is set.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The union of both policies.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

impl FromData for SecurityPolicy {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Enum(v) => Ok(Self(*v)),
            other => Err(crate::value::unexpected(dlms_apdu::DataType::Enum, other)),
        }
    }
}

impl ToData for SecurityPolicy {
    fn to_data(&self) -> Data {
        Data::Enum(self.0)
    }
}

enum_type! {
    /// `security_suite`.
    pub struct SecuritySuite {
        /// Suite 0: AES-GCM-128, AES-128 key wrap.
        AES_GCM_128 = 0,
        /// Suite 1: ECDH-ECDSA-AES-GCM-128-SHA-256 (P-256).
        ECDH_ECDSA_AES_GCM_128_SHA_256 = 1,
        /// Suite 2: ECDH-ECDSA-AES-GCM-256-SHA-384 (P-384).
        ECDH_ECDSA_AES_GCM_256_SHA_384 = 2,
    }
}

enum_type! {
    /// The `key_id` of key_transfer and key_agreement.
    pub struct KeyId {
        /// Global unicast encryption key.
        GLOBAL_UNICAST_ENCRYPTION = 0,
        /// Global broadcast encryption key.
        GLOBAL_BROADCAST_ENCRYPTION = 1,
        /// Authentication key.
        AUTHENTICATION = 2,
        /// Master key (key encryption key); key_transfer only.
        MASTER = 3,
    }
}

enum_type! {
    /// The key pair of generate_key_pair and generate_certificate_request.
    pub struct KeyPairId {
        /// Digital signature key pair.
        DIGITAL_SIGNATURE = 0,
        /// Key agreement key pair.
        KEY_AGREEMENT = 1,
        /// TLS key pair.
        TLS = 2,
    }
}

enum_type! {
    /// `certificate_entity`.
    pub struct CertificateEntity {
        /// The server.
        SERVER = 0,
        /// The client.
        CLIENT = 1,
        /// A certification authority.
        CERTIFICATION_AUTHORITY = 2,
        /// Another entity.
        OTHER = 3,
    }
}

enum_type! {
    /// `certificate_type`.
    pub struct CertificateType {
        /// Digital signature certificate.
        DIGITAL_SIGNATURE = 0,
        /// Key agreement certificate.
        KEY_AGREEMENT = 1,
        /// TLS certificate.
        TLS = 2,
        /// Another certificate.
        OTHER = 3,
    }
}

/// A key and its id: one element of key_transfer (`key_wrapped`, the key wrapped with the
/// master key by RFC 3394) or of key_agreement (`key_data`, the party's ephemeral public key
/// and its signature), parameters and results alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyData {
    /// Which key.
    pub key_id: KeyId,
    /// The wrapped key or the key-agreement data.
    pub data: Vec<u8>,
}

impl FromData for KeyData {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            key_id: next(&mut it)?,
            data: next_octets(&mut it)?,
        })
    }
}

impl ToData for KeyData {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.key_id.to_data(),
            Data::OctetString(self.data.clone())
        ])
    }
}

/// One `certificate_info` element (attribute 6 of version 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CertificateInfo {
    /// `certificate_entity`.
    pub entity: CertificateEntity,
    /// `certificate_type`.
    pub certificate_type: CertificateType,
    /// `serial_number`, as the certificate holds it.
    pub serial_number: Vec<u8>,
    /// `issuer`.
    pub issuer: Vec<u8>,
    /// `subject`.
    pub subject: Vec<u8>,
    /// `subject_alt_name`.
    pub subject_alt_name: Vec<u8>,
}

impl FromData for CertificateInfo {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 6)?.iter();
        Ok(Self {
            entity: next(&mut it)?,
            certificate_type: next(&mut it)?,
            serial_number: next_octets(&mut it)?,
            issuer: next_octets(&mut it)?,
            subject: next_octets(&mut it)?,
            subject_alt_name: next_octets(&mut it)?,
        })
    }
}

impl ToData for CertificateInfo {
    fn to_data(&self) -> Data {
        Data::Structure(alloc::vec![
            self.entity.to_data(),
            self.certificate_type.to_data(),
            Data::OctetString(self.serial_number.clone()),
            Data::OctetString(self.issuer.clone()),
            Data::OctetString(self.subject.clone()),
            Data::OctetString(self.subject_alt_name.clone()),
        ])
    }
}

/// `certificate_identification` (export_certificate, remove_certificate): a certificate
/// named by its entity or by its serial number and issuer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CertificateIdentification {
    /// Type 0, `certificate_identification_by_entity`.
    ByEntity {
        /// `certificate_entity`.
        entity: CertificateEntity,
        /// `certificate_type`.
        certificate_type: CertificateType,
        /// `system_title` of the entity.
        system_title: Vec<u8>,
    },
    /// Type 1, `certificate_identification_by_serial`.
    BySerial {
        /// `serial_number` (Gurux sends the DER INTEGER encoding, e.g. `02 02 01 23`).
        serial_number: Vec<u8>,
        /// `issuer` (a DER-encoded Name).
        issuer: Vec<u8>,
    },
}

impl FromData for CertificateIdentification {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        let kind = match next_raw(&mut it)? {
            DataRef::Enum(k) => k,
            other => return Err(crate::value::unexpected(dlms_apdu::DataType::Enum, &other)),
        };
        let options = next_raw(&mut it)?;
        match kind {
            0 => {
                let mut o = structure(&options, 3)?.iter();
                Ok(Self::ByEntity {
                    entity: next(&mut o)?,
                    certificate_type: next(&mut o)?,
                    system_title: next_octets(&mut o)?,
                })
            }
            1 => {
                let mut o = structure(&options, 2)?.iter();
                Ok(Self::BySerial {
                    serial_number: next_octets(&mut o)?,
                    issuer: next_octets(&mut o)?,
                })
            }
            _ => Err(Error::OutOfRange),
        }
    }
}

impl ToData for CertificateIdentification {
    fn to_data(&self) -> Data {
        let (kind, options) = match self {
            Self::ByEntity {
                entity,
                certificate_type,
                system_title,
            } => (
                0,
                alloc::vec![
                    entity.to_data(),
                    certificate_type.to_data(),
                    Data::OctetString(system_title.clone()),
                ],
            ),
            Self::BySerial {
                serial_number,
                issuer,
            } => (
                1,
                alloc::vec![
                    Data::OctetString(serial_number.clone()),
                    Data::OctetString(issuer.clone()),
                ],
            ),
        };
        Data::Structure(alloc::vec![Data::Enum(kind), Data::Structure(options)])
    }
}

/// Common attribute ids 1 to 5 of both versions.
const COMMON_ATTRIBUTES: [AttributeInfo; 5] = [
    attribute(1, "logical_name", AttributeKind::Static),
    attribute(2, "security_policy", AttributeKind::Static),
    attribute(3, "security_suite", AttributeKind::Static),
    attribute(4, "client_system_title", AttributeKind::Dynamic),
    attribute(5, "server_system_title", AttributeKind::Static),
];

/// A Security setup object, version 0.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecuritySetupV0 {
    /// Attribute 1 (0.0.43.0.x.255).
    pub logical_name: ObisCode,
    /// Attribute 2: `security_policy`.
    pub security_policy: SecurityPolicyV0,
    /// Attribute 3: `security_suite`.
    pub security_suite: SecuritySuite,
    /// Attribute 4: `client_system_title`.
    pub client_system_title: Vec<u8>,
    /// Attribute 5: `server_system_title`.
    pub server_system_title: Vec<u8>,
}

impl ClassInfo for SecuritySetupV0 {
    const CLASS_ID: ClassId = ClassId::SECURITY_SETUP;
    const VERSION: u8 = 0;
    const ATTRIBUTES: &'static [AttributeInfo] = &COMMON_ATTRIBUTES;
    const METHODS: &'static [MethodInfo] = &[
        method(1, "security_activate", false),
        method(2, "global_key_transfer", false),
    ];
}

impl InterfaceClass for SecuritySetupV0 {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.security_policy.to_data(),
            3 => self.security_suite.to_data(),
            4 => Data::OctetString(self.client_system_title.clone()),
            5 => Data::OctetString(self.server_system_title.clone()),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.security_policy = SecurityPolicyV0::from_data(value)?,
            3 => self.security_suite = SecuritySuite::from_data(value)?,
            4 => self.client_system_title = owned_octets(value)?,
            5 => self.server_system_title = owned_octets(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of Security setup version 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySetupV0Method {
    /// Method 1: `security_activate` with the policy to raise to.
    SecurityActivate(SecurityPolicyV0),
    /// Method 2: `global_key_transfer`, the keys wrapped with the master key.
    GlobalKeyTransfer(Vec<KeyData>),
}

impl crate::class::Method for SecuritySetupV0Method {
    fn id(&self) -> i8 {
        match self {
            Self::SecurityActivate(_) => 1,
            Self::GlobalKeyTransfer(_) => 2,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::SecurityActivate(p) => p.to_data(),
            Self::GlobalKeyTransfer(k) => k.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            1 => Self::SecurityActivate(SecurityPolicyV0::from_data(p)?),
            2 => Self::GlobalKeyTransfer(Vec::from_data(p)?),
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }
}

/// A Security setup object, version 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecuritySetup {
    /// Attribute 1 (0.0.43.0.x.255).
    pub logical_name: ObisCode,
    /// Attribute 2: `security_policy`.
    pub security_policy: SecurityPolicy,
    /// Attribute 3: `security_suite`.
    pub security_suite: SecuritySuite,
    /// Attribute 4: `client_system_title`.
    pub client_system_title: Vec<u8>,
    /// Attribute 5: `server_system_title`.
    pub server_system_title: Vec<u8>,
    /// Attribute 6: `certificates`.
    pub certificates: Vec<CertificateInfo>,
}

impl ClassInfo for SecuritySetup {
    const CLASS_ID: ClassId = ClassId::SECURITY_SETUP;
    const VERSION: u8 = 1;
    const ATTRIBUTES: &'static [AttributeInfo] = &[
        COMMON_ATTRIBUTES[0],
        COMMON_ATTRIBUTES[1],
        COMMON_ATTRIBUTES[2],
        COMMON_ATTRIBUTES[3],
        COMMON_ATTRIBUTES[4],
        attribute(6, "certificates", AttributeKind::Static),
    ];
    const METHODS: &'static [MethodInfo] = &[
        method(1, "security_activate", false),
        method(2, "key_transfer", false),
        method(3, "key_agreement", false),
        method(4, "generate_key_pair", false),
        method(5, "generate_certificate_request", false),
        method(6, "import_certificate", false),
        method(7, "export_certificate", false),
        method(8, "remove_certificate", false),
    ];
}

impl InterfaceClass for SecuritySetup {
    fn logical_name(&self) -> ObisCode {
        self.logical_name
    }

    fn attribute(&self, id: i8) -> Result<Data> {
        Ok(match id {
            1 => self.logical_name.to_data(),
            2 => self.security_policy.to_data(),
            3 => self.security_suite.to_data(),
            4 => Data::OctetString(self.client_system_title.clone()),
            5 => Data::OctetString(self.server_system_title.clone()),
            6 => self.certificates.to_data(),
            _ => return Err(Error::NoSuchAttribute(id)),
        })
    }

    fn set_attribute(&mut self, id: i8, value: &DataRef<'_>) -> Result<()> {
        match id {
            1 => self.logical_name = ObisCode::from_data(value)?,
            2 => self.security_policy = SecurityPolicy::from_data(value)?,
            3 => self.security_suite = SecuritySuite::from_data(value)?,
            4 => self.client_system_title = owned_octets(value)?,
            5 => self.server_system_title = owned_octets(value)?,
            6 => self.certificates = Vec::from_data(value)?,
            _ => return Err(Error::NoSuchAttribute(id)),
        }
        Ok(())
    }
}

/// The methods of Security setup version 1 with their parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySetupMethod {
    /// Method 1: `security_activate`, the policy to raise to.
    SecurityActivate(SecurityPolicy),
    /// Method 2: `key_transfer`, keys wrapped with the master key.
    KeyTransfer(Vec<KeyData>),
    /// Method 3: `key_agreement`, the client's signed ephemeral keys; the result is the
    /// server's, of the same type ([`SecuritySetupResult::KeyAgreement`]).
    KeyAgreement(Vec<KeyData>),
    /// Method 4: `generate_key_pair`.
    GenerateKeyPair(KeyPairId),
    /// Method 5: `generate_certificate_request`; the result is the DER-encoded request
    /// ([`SecuritySetupResult::CertificateRequest`]).
    GenerateCertificateRequest(KeyPairId),
    /// Method 6: `import_certificate`, a DER-encoded X.509 certificate.
    ImportCertificate(Vec<u8>),
    /// Method 7: `export_certificate`; the result is the certificate
    /// ([`SecuritySetupResult::Certificate`]).
    ExportCertificate(CertificateIdentification),
    /// Method 8: `remove_certificate`.
    RemoveCertificate(CertificateIdentification),
}

impl crate::class::Method for SecuritySetupMethod {
    fn id(&self) -> i8 {
        match self {
            Self::SecurityActivate(_) => 1,
            Self::KeyTransfer(_) => 2,
            Self::KeyAgreement(_) => 3,
            Self::GenerateKeyPair(_) => 4,
            Self::GenerateCertificateRequest(_) => 5,
            Self::ImportCertificate(_) => 6,
            Self::ExportCertificate(_) => 7,
            Self::RemoveCertificate(_) => 8,
        }
    }

    fn parameters(&self) -> Data {
        match self {
            Self::SecurityActivate(p) => p.to_data(),
            Self::KeyTransfer(k) | Self::KeyAgreement(k) => k.to_data(),
            Self::GenerateKeyPair(k) | Self::GenerateCertificateRequest(k) => k.to_data(),
            Self::ImportCertificate(c) => Data::OctetString(c.clone()),
            Self::ExportCertificate(c) | Self::RemoveCertificate(c) => c.to_data(),
        }
    }

    fn from_parameters(id: i8, p: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            1 => Self::SecurityActivate(SecurityPolicy::from_data(p)?),
            2 => Self::KeyTransfer(Vec::from_data(p)?),
            3 => Self::KeyAgreement(Vec::from_data(p)?),
            4 => Self::GenerateKeyPair(KeyPairId::from_data(p)?),
            5 => Self::GenerateCertificateRequest(KeyPairId::from_data(p)?),
            6 => Self::ImportCertificate(owned_octets(p)?),
            7 => Self::ExportCertificate(CertificateIdentification::from_data(p)?),
            8 => Self::RemoveCertificate(CertificateIdentification::from_data(p)?),
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }
}

/// The return data of the version 1 methods that have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySetupResult {
    /// key_agreement: the server's signed ephemeral keys.
    KeyAgreement(Vec<KeyData>),
    /// generate_certificate_request: the DER-encoded certificate signing request.
    CertificateRequest(Vec<u8>),
    /// export_certificate: the DER-encoded certificate.
    Certificate(Vec<u8>),
}

impl SecuritySetupResult {
    /// The return data of method `id` (3, 5 or 7).
    ///
    /// # Errors
    /// [`Error::NoSuchMethod`] for a method without return data; the conversion error when
    /// `data` does not have the method's result type.
    pub fn from_result(id: i8, data: &DataRef<'_>) -> Result<Self> {
        Ok(match id {
            3 => Self::KeyAgreement(Vec::from_data(data)?),
            5 => Self::CertificateRequest(owned_octets(data)?),
            7 => Self::Certificate(owned_octets(data)?),
            _ => return Err(Error::NoSuchMethod(id)),
        })
    }

    /// The id of the method that returns this.
    #[must_use]
    pub fn method_id(&self) -> i8 {
        match self {
            Self::KeyAgreement(_) => 3,
            Self::CertificateRequest(_) => 5,
            Self::Certificate(_) => 7,
        }
    }

    /// The return data.
    #[must_use]
    pub fn to_data(&self) -> Data {
        match self {
            Self::KeyAgreement(k) => k.to_data(),
            Self::CertificateRequest(b) | Self::Certificate(b) => Data::OctetString(b.clone()),
        }
    }
}
