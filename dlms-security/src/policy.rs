//! The Security setup security policy: what a received APDU must carry and what to apply
//! when sending.
//!
//! Attribute 2 of the Security setup object (class 64, DLMS UA 1000-1) is read in two ways:
//!
//! - **version 0**: an enum, 0 nothing, 1 all messages authenticated, 2 all messages
//!   encrypted, 3 all messages authenticated and encrypted;
//! - **version 1**: a bit field, bit 2 authenticated request, bit 3 encrypted request, bit 4
//!   digitally signed request, bit 5 authenticated response, bit 6 encrypted response, bit 7
//!   digitally signed response (bits 0 and 1 are reserved and ignored here).
//!
//! The policy is a minimum: an APDU that carries more protection than it asks for satisfies
//! it (the access rights of an attribute or method may ask for more still).

use crate::error::{Error, Result};
use crate::suite::{SecurityControl, SecuritySuite};

/// Which way an APDU travels: requests from the client, responses (and notifications) from
/// the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server.
    Request,
    /// Server to client.
    Response,
}

/// The protection an APDU carried or is to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Protection {
    /// The security control octet of the ciphered APDU, or `None` for a plain APDU.
    pub security_control: Option<SecurityControl>,
    /// Whether the APDU is (or is to be) wrapped in general-signing.
    pub signed: bool,
}

impl Protection {
    /// A plain APDU: neither ciphered nor signed.
    pub const PLAIN: Self = Self {
        security_control: None,
        signed: false,
    };

    /// A ciphered APDU with `security_control`, not signed.
    #[must_use]
    pub const fn ciphered(security_control: SecurityControl) -> Self {
        Self {
            security_control: Some(security_control),
            signed: false,
        }
    }

    /// Whether authentication is applied.
    #[must_use]
    pub const fn is_authenticated(&self) -> bool {
        matches!(self.security_control, Some(sc) if sc.is_authenticated())
    }

    /// Whether encryption is applied.
    #[must_use]
    pub const fn is_encrypted(&self) -> bool {
        matches!(self.security_control, Some(sc) if sc.is_encrypted())
    }
}

/// What a policy requires of the APDUs of one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Requirement {
    /// Authentication (a GCM tag) is required.
    pub authenticated: bool,
    /// Encryption is required.
    pub encrypted: bool,
    /// A digital signature (general-signing) is required.
    pub signed: bool,
}

/// Security policy of a version 0 Security setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PolicyV0 {
    /// 0: no security required.
    #[default]
    Nothing,
    /// 1: all messages authenticated.
    AllAuthenticated,
    /// 2: all messages encrypted.
    AllEncrypted,
    /// 3: all messages authenticated and encrypted.
    AllAuthenticatedAndEncrypted,
}

impl PolicyV0 {
    /// The enum value of attribute 2.
    #[must_use]
    pub const fn value(self) -> u8 {
        match self {
            Self::Nothing => 0,
            Self::AllAuthenticated => 1,
            Self::AllEncrypted => 2,
            Self::AllAuthenticatedAndEncrypted => 3,
        }
    }

    /// The policy of an enum value, or `None` for a value above 3.
    #[must_use]
    pub const fn from_value(value: u8) -> Option<Self> {
        match value {
            0 => Some(Self::Nothing),
            1 => Some(Self::AllAuthenticated),
            2 => Some(Self::AllEncrypted),
            3 => Some(Self::AllAuthenticatedAndEncrypted),
            _ => None,
        }
    }
}

/// Security policy of a version 1 Security setup: a bit field, kept as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PolicyV1(pub u8);

impl PolicyV1 {
    /// Bit 2: requests authenticated.
    pub const AUTHENTICATED_REQUEST: u8 = 0x04;
    /// Bit 3: requests encrypted.
    pub const ENCRYPTED_REQUEST: u8 = 0x08;
    /// Bit 4: requests digitally signed.
    pub const DIGITALLY_SIGNED_REQUEST: u8 = 0x10;
    /// Bit 5: responses authenticated.
    pub const AUTHENTICATED_RESPONSE: u8 = 0x20;
    /// Bit 6: responses encrypted.
    pub const ENCRYPTED_RESPONSE: u8 = 0x40;
    /// Bit 7: responses digitally signed.
    pub const DIGITALLY_SIGNED_RESPONSE: u8 = 0x80;
    /// Bits 0 and 1, reserved.
    pub const RESERVED: u8 = 0x03;

    /// Whether every bit of `bits` is set.
    #[must_use]
    pub const fn contains(self, bits: u8) -> bool {
        self.0 & bits == bits
    }
}

/// Attribute 2 of a Security setup object, in either version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecurityPolicy {
    /// Version 0: one requirement for all messages.
    V0(PolicyV0),
    /// Version 1: requirements per direction.
    V1(PolicyV1),
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self::V0(PolicyV0::Nothing)
    }
}

impl SecurityPolicy {
    /// The policy of attribute 2 as read: `value` of a Security setup of `version` (the
    /// object's class version).
    ///
    /// Returns `None` for a version other than 0 and 1 or a version 0 value above 3.
    #[must_use]
    pub const fn from_attribute(version: u8, value: u8) -> Option<Self> {
        match version {
            0 => match PolicyV0::from_value(value) {
                Some(p) => Some(Self::V0(p)),
                None => None,
            },
            1 => Some(Self::V1(PolicyV1(value))),
            _ => None,
        }
    }

    /// The value of attribute 2.
    #[must_use]
    pub const fn value(self) -> u8 {
        match self {
            Self::V0(p) => p.value(),
            Self::V1(p) => p.0,
        }
    }

    /// What the policy requires of APDUs travelling in `direction`.
    #[must_use]
    pub const fn requirement(self, direction: Direction) -> Requirement {
        match self {
            Self::V0(p) => {
                let (authenticated, encrypted) = match p {
                    PolicyV0::Nothing => (false, false),
                    PolicyV0::AllAuthenticated => (true, false),
                    PolicyV0::AllEncrypted => (false, true),
                    PolicyV0::AllAuthenticatedAndEncrypted => (true, true),
                };
                Requirement {
                    authenticated,
                    encrypted,
                    signed: false,
                }
            }
            Self::V1(p) => match direction {
                Direction::Request => Requirement {
                    authenticated: p.contains(PolicyV1::AUTHENTICATED_REQUEST),
                    encrypted: p.contains(PolicyV1::ENCRYPTED_REQUEST),
                    signed: p.contains(PolicyV1::DIGITALLY_SIGNED_REQUEST),
                },
                Direction::Response => Requirement {
                    authenticated: p.contains(PolicyV1::AUTHENTICATED_RESPONSE),
                    encrypted: p.contains(PolicyV1::ENCRYPTED_RESPONSE),
                    signed: p.contains(PolicyV1::DIGITALLY_SIGNED_RESPONSE),
                },
            },
        }
    }

    /// Checks that a received APDU travelling in `direction` with `received` protection
    /// satisfies the policy.
    ///
    /// # Errors
    /// [`Error::PolicyViolation`] (with the received security control octet, 0 for a plain
    /// APDU) if a required authentication, encryption or signature is missing.
    pub const fn check(self, direction: Direction, received: Protection) -> Result<()> {
        let need = self.requirement(direction);
        if (need.authenticated && !received.is_authenticated())
            || (need.encrypted && !received.is_encrypted())
            || (need.signed && !received.signed)
        {
            let security_control = match received.security_control {
                Some(sc) => sc.0,
                None => 0,
            };
            return Err(Error::PolicyViolation { security_control });
        }
        Ok(())
    }

    /// The protection to apply to an APDU sent in `direction` under `suite`: exactly what
    /// the policy requires (a plain APDU when it requires neither authentication nor
    /// encryption).
    ///
    /// # Errors
    /// [`Error::UnsupportedSuite`] (0) when the policy requires a signature under suite 0,
    /// which has no signatures.
    pub const fn protection(
        self,
        direction: Direction,
        suite: SecuritySuite,
    ) -> Result<Protection> {
        let need = self.requirement(direction);
        if need.signed && matches!(suite, SecuritySuite::Suite0) {
            return Err(Error::UnsupportedSuite(suite.id()));
        }
        let security_control = if need.authenticated || need.encrypted {
            Some(SecurityControl::new(
                suite.id(),
                need.authenticated,
                need.encrypted,
            ))
        } else {
            None
        };
        Ok(Protection {
            security_control,
            signed: need.signed,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn attribute_values_round_trip() {
        for v in 0..=3 {
            assert_eq!(SecurityPolicy::from_attribute(0, v).unwrap().value(), v);
        }
        assert_eq!(SecurityPolicy::from_attribute(0, 4), None);
        assert_eq!(SecurityPolicy::from_attribute(2, 0), None);
        assert_eq!(
            SecurityPolicy::from_attribute(1, 0xFF).unwrap().value(),
            0xFF
        );
    }
}
