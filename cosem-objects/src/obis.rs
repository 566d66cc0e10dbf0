//! OBIS codes (IEC 62056-6-1): the six-group logical names of COSEM objects.
//!
//! An [`ObisCode`] reads and prints both text forms, the dotted `1.0.1.8.0.255` and the
//! IEC form `1-0:1.8.0*255`:
//!
//! ```
//! use cosem_objects::ObisCode;
//!
//! let code: ObisCode = "1-0:1.8.0*255".parse()?;
//! assert_eq!(code, ObisCode::new(1, 0, 1, 8, 0, 255));
//! assert_eq!(code.to_string(), "1.0.1.8.0.255");
//! assert_eq!(format!("{code:#}"), "1-0:1.8.0*255");
//! # Ok::<(), cosem_objects::Error>(())
//! ```
//!
//! Only complete codes are accepted: all six groups must be written. The reduced forms some
//! displays show (`1.8.0`, `F.F`) leave groups to context (the medium, the channel, the
//! billing period) that the text does not carry, so no single reading of them is right.

use core::fmt;
use core::str::FromStr;

use dlms_apdu::{DataRef, DataType};

use crate::error::{Error, ObisTextError, Result};
use crate::value::{FromData, unexpected};

/// A six-octet OBIS code `A.B.C.D.E.F`, the logical name of a COSEM object.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ObisCode(pub [u8; 6]);

impl ObisCode {
    /// The code `a.b.c.d.e.f`.
    #[must_use]
    pub const fn new(a: u8, b: u8, c: u8, d: u8, e: u8, f: u8) -> Self {
        Self([a, b, c, d, e, f])
    }

    /// The six octets.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 6] {
        &self.0
    }

    /// A code from an octet string of exactly six octets.
    ///
    /// # Errors
    /// [`Error::ElementCount`] for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        <[u8; 6]>::try_from(bytes)
            .map(Self)
            .map_err(|_| Error::ElementCount {
                expected: 6,
                found: bytes.len(),
            })
    }

    /// Group A, the medium (0 abstract, 1 electricity, 6 heat, 7 gas, 8 water, ...).
    #[must_use]
    pub const fn a(&self) -> u8 {
        self.0[0]
    }

    /// Group B, the channel.
    #[must_use]
    pub const fn b(&self) -> u8 {
        self.0[1]
    }

    /// Group C, the physical quantity.
    #[must_use]
    pub const fn c(&self) -> u8 {
        self.0[2]
    }

    /// Group D, the processing (instantaneous, cumulative, maximum, ...).
    #[must_use]
    pub const fn d(&self) -> u8 {
        self.0[3]
    }

    /// Group E, the tariff or further classification.
    #[must_use]
    pub const fn e(&self) -> u8 {
        self.0[4]
    }

    /// Group F, the historical value (255 = current).
    #[must_use]
    pub const fn f(&self) -> u8 {
        self.0[5]
    }

    /// Parses either text form, `1.0.1.8.0.255` or `1-0:1.8.0*255`.
    ///
    /// The first separator chooses the form: `.` requires five dots; `-` requires `-`, `:`,
    /// `.`, `.`, `*` in that order. Each group is a decimal number from 0 to 255 (leading
    /// zeros allowed); nothing else (no spaces, no sign) is accepted.
    ///
    /// # Errors
    /// [`Error::ObisText`] with the [`ObisTextError`] kind and the byte offset where the
    /// text stopped being an OBIS code.
    pub fn parse_text(text: &str) -> Result<Self> {
        parse_text(text.as_bytes()).map_err(|(kind, offset)| Error::ObisText { kind, offset })
    }
}

/// The separators of the dotted form, after groups A to E.
const DOTTED: [u8; 5] = *b".....";
/// The separators of the IEC form, after groups A to E.
const IEC: [u8; 5] = *b"-:..*";

fn is_separator(c: u8) -> bool {
    matches!(c, b'.' | b'-' | b':' | b'*')
}

/// The parser behind [`ObisCode::parse_text`]; errors are (kind, byte offset).
fn parse_text(text: &[u8]) -> core::result::Result<ObisCode, (ObisTextError, usize)> {
    let mut out = [0u8; 6];
    let mut pos = 0usize;
    let mut form: Option<&[u8; 5]> = None;
    for (group, slot) in out.iter_mut().enumerate() {
        // One group: at least one digit, value at most 255.
        let start = pos;
        let mut value: u16 = 0;
        while let Some(&c) = text.get(pos) {
            if !c.is_ascii_digit() {
                break;
            }
            value = value
                .saturating_mul(10)
                .saturating_add(u16::from(c.wrapping_sub(b'0')));
            if value > 255 {
                return Err((ObisTextError::GroupTooLarge, start));
            }
            pos = pos.saturating_add(1);
        }
        if pos == start {
            return Err(match text.get(pos) {
                None if group == 0 => (ObisTextError::TooFewGroups, pos),
                None => (ObisTextError::EmptyGroup, pos),
                Some(&c) if is_separator(c) => (ObisTextError::EmptyGroup, pos),
                Some(_) => (ObisTextError::UnexpectedChar, pos),
            });
        }
        *slot = u8::try_from(value).map_err(|_| (ObisTextError::GroupTooLarge, start))?;
        // The separator after groups A to E.
        let Some(expected_index) = (group < 5).then_some(group) else {
            break;
        };
        let Some(&c) = text.get(pos) else {
            return Err((ObisTextError::TooFewGroups, pos));
        };
        if !is_separator(c) {
            return Err((ObisTextError::UnexpectedChar, pos));
        }
        let seps = *form.get_or_insert(match c {
            b'-' => &IEC,
            _ => &DOTTED,
        });
        if seps.get(expected_index) != Some(&c) {
            return Err((ObisTextError::Separator, pos));
        }
        pos = pos.saturating_add(1);
    }
    if pos < text.len() {
        return Err((ObisTextError::Trailing, pos));
    }
    Ok(ObisCode(out))
}

impl FromStr for ObisCode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse_text(s)
    }
}

impl From<[u8; 6]> for ObisCode {
    fn from(bytes: [u8; 6]) -> Self {
        Self(bytes)
    }
}

impl From<ObisCode> for [u8; 6] {
    fn from(code: ObisCode) -> Self {
        code.0
    }
}

impl fmt::Debug for ObisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObisCode({self})")
    }
}

/// The dotted form `1.0.1.8.0.255`; the alternate form (`{:#}`) is `1-0:1.8.0*255`.
impl fmt::Display for ObisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        if f.alternate() {
            write!(f, "{a}-{b}:{c}.{d}.{e}*{g}")
        } else {
            write!(f, "{a}.{b}.{c}.{d}.{e}.{g}")
        }
    }
}

/// An octet string of six octets.
impl FromData for ObisCode {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::OctetString(b) => Self::from_slice(b),
            other => Err(unexpected(DataType::OctetString, other)),
        }
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for ObisCode {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::OctetString(self.0.to_vec())
    }
}

/// Well-known logical names (IEC 62056-6-1 and the DLMS UA Blue Book object lists).
///
/// Codes whose one group numbers an instance are functions of that group.
pub mod known {
    use super::ObisCode;

    /// Clock, `0.0.1.0.0.255`.
    pub const CLOCK: ObisCode = ObisCode::new(0, 0, 1, 0, 0, 255);
    /// The current association (Association LN), `0.0.40.0.0.255`.
    pub const CURRENT_ASSOCIATION: ObisCode = ObisCode::new(0, 0, 40, 0, 0, 255);
    /// Association LN instance `e`, `0.0.40.0.e.255`.
    #[must_use]
    pub const fn association(e: u8) -> ObisCode {
        ObisCode::new(0, 0, 40, 0, e, 255)
    }
    /// Logical device name (Data), `0.0.42.0.0.255`.
    pub const LOGICAL_DEVICE_NAME: ObisCode = ObisCode::new(0, 0, 42, 0, 0, 255);
    /// Security setup instance `e`, `0.0.43.0.e.255`.
    #[must_use]
    pub const fn security_setup(e: u8) -> ObisCode {
        ObisCode::new(0, 0, 43, 0, e, 255)
    }
    /// Invocation counter (Data) of security setup `e`, `0.0.43.1.e.255`.
    #[must_use]
    pub const fn invocation_counter(e: u8) -> ObisCode {
        ObisCode::new(0, 0, 43, 1, e, 255)
    }
    /// Push setup on channel `b`, `0.b.25.9.0.255`.
    #[must_use]
    pub const fn push_setup(b: u8) -> ObisCode {
        ObisCode::new(0, b, 25, 9, 0, 255)
    }
    /// SAP assignment, `0.0.41.0.0.255`.
    pub const SAP_ASSIGNMENT: ObisCode = ObisCode::new(0, 0, 41, 0, 0, 255);
    /// Image transfer, `0.0.44.0.0.255`.
    pub const IMAGE_TRANSFER: ObisCode = ObisCode::new(0, 0, 44, 0, 0, 255);
    /// Activity calendar, `0.0.13.0.0.255`.
    pub const ACTIVITY_CALENDAR: ObisCode = ObisCode::new(0, 0, 13, 0, 0, 255);
    /// Special days table, `0.0.11.0.0.255`.
    pub const SPECIAL_DAYS_TABLE: ObisCode = ObisCode::new(0, 0, 11, 0, 0, 255);
    /// Tariffication script table, `0.0.10.0.100.255`.
    pub const TARIFFICATION_SCRIPT_TABLE: ObisCode = ObisCode::new(0, 0, 10, 0, 100, 255);
    /// Disconnect control, `0.0.96.3.10.255`.
    pub const DISCONNECT_CONTROL: ObisCode = ObisCode::new(0, 0, 96, 3, 10, 255);
    /// Disconnector script table, `0.0.10.0.106.255`.
    pub const DISCONNECTOR_SCRIPT_TABLE: ObisCode = ObisCode::new(0, 0, 10, 0, 106, 255);
    /// Limiter, `0.0.17.0.0.255`.
    pub const LIMITER: ObisCode = ObisCode::new(0, 0, 17, 0, 0, 255);
    /// Device id 1, the manufacturer's serial number (Data), `0.0.96.1.0.255`.
    pub const DEVICE_ID_1: ObisCode = ObisCode::new(0, 0, 96, 1, 0, 255);
    /// COSEM list version identifier of HAN pushes (Data), `1.1.0.2.129.255`.
    pub const LIST_VERSION: ObisCode = ObisCode::new(1, 1, 0, 2, 129, 255);
    /// Load profile 1 (Profile generic), `1.0.99.1.0.255`.
    pub const LOAD_PROFILE_1: ObisCode = ObisCode::new(1, 0, 99, 1, 0, 255);
    /// Load profile 2 (Profile generic), `1.0.99.2.0.255`.
    pub const LOAD_PROFILE_2: ObisCode = ObisCode::new(1, 0, 99, 2, 0, 255);
    /// Standard event log (Profile generic), `0.0.99.98.0.255`.
    pub const STANDARD_EVENT_LOG: ObisCode = ObisCode::new(0, 0, 99, 98, 0, 255);
    /// Active energy import (+A), total, `1.0.1.8.0.255`.
    pub const ACTIVE_ENERGY_IMPORT: ObisCode = ObisCode::new(1, 0, 1, 8, 0, 255);
    /// Active energy export (-A), total, `1.0.2.8.0.255`.
    pub const ACTIVE_ENERGY_EXPORT: ObisCode = ObisCode::new(1, 0, 2, 8, 0, 255);
    /// Active energy import (+A) of tariff `e`, `1.0.1.8.e.255`.
    #[must_use]
    pub const fn active_energy_import_tariff(e: u8) -> ObisCode {
        ObisCode::new(1, 0, 1, 8, e, 255)
    }
    /// Active energy export (-A) of tariff `e`, `1.0.2.8.e.255`.
    #[must_use]
    pub const fn active_energy_export_tariff(e: u8) -> ObisCode {
        ObisCode::new(1, 0, 2, 8, e, 255)
    }
    /// Reactive energy import (+R), total, `1.0.3.8.0.255`.
    pub const REACTIVE_ENERGY_IMPORT: ObisCode = ObisCode::new(1, 0, 3, 8, 0, 255);
    /// Reactive energy export (-R), total, `1.0.4.8.0.255`.
    pub const REACTIVE_ENERGY_EXPORT: ObisCode = ObisCode::new(1, 0, 4, 8, 0, 255);
    /// Active power import (+P), instantaneous, `1.0.1.7.0.255`.
    pub const ACTIVE_POWER_IMPORT: ObisCode = ObisCode::new(1, 0, 1, 7, 0, 255);
    /// Active power export (-P), instantaneous, `1.0.2.7.0.255`.
    pub const ACTIVE_POWER_EXPORT: ObisCode = ObisCode::new(1, 0, 2, 7, 0, 255);
    /// Reactive power import (+Q), instantaneous, `1.0.3.7.0.255`.
    pub const REACTIVE_POWER_IMPORT: ObisCode = ObisCode::new(1, 0, 3, 7, 0, 255);
    /// Reactive power export (-Q), instantaneous, `1.0.4.7.0.255`.
    pub const REACTIVE_POWER_EXPORT: ObisCode = ObisCode::new(1, 0, 4, 7, 0, 255);
    /// Current of phase L1, instantaneous, `1.0.31.7.0.255`.
    pub const CURRENT_L1: ObisCode = ObisCode::new(1, 0, 31, 7, 0, 255);
    /// Current of phase L2, instantaneous, `1.0.51.7.0.255`.
    pub const CURRENT_L2: ObisCode = ObisCode::new(1, 0, 51, 7, 0, 255);
    /// Current of phase L3, instantaneous, `1.0.71.7.0.255`.
    pub const CURRENT_L3: ObisCode = ObisCode::new(1, 0, 71, 7, 0, 255);
    /// Voltage of phase L1, instantaneous, `1.0.32.7.0.255`.
    pub const VOLTAGE_L1: ObisCode = ObisCode::new(1, 0, 32, 7, 0, 255);
    /// Voltage of phase L2, instantaneous, `1.0.52.7.0.255`.
    pub const VOLTAGE_L2: ObisCode = ObisCode::new(1, 0, 52, 7, 0, 255);
    /// Voltage of phase L3, instantaneous, `1.0.72.7.0.255`.
    pub const VOLTAGE_L3: ObisCode = ObisCode::new(1, 0, 72, 7, 0, 255);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn err(text: &str) -> (ObisTextError, usize) {
        match ObisCode::parse_text(text).unwrap_err() {
            Error::ObisText { kind, offset } => (kind, offset),
            e => panic!("{e}"),
        }
    }

    #[test]
    fn both_forms() {
        let c = ObisCode::new(1, 0, 1, 8, 0, 255);
        assert_eq!(ObisCode::parse_text("1.0.1.8.0.255").unwrap(), c);
        assert_eq!(ObisCode::parse_text("1-0:1.8.0*255").unwrap(), c);
        assert_eq!(ObisCode::parse_text("001.0.1.8.00.255").unwrap(), c);
    }

    #[test]
    fn malformed() {
        assert_eq!(err(""), (ObisTextError::TooFewGroups, 0));
        assert_eq!(err("1.0.1.8.0"), (ObisTextError::TooFewGroups, 9));
        assert_eq!(err("1.0.1.8.0."), (ObisTextError::EmptyGroup, 10));
        assert_eq!(err("1..1.8.0.255"), (ObisTextError::EmptyGroup, 2));
        assert_eq!(err("1.0.1.8.0.256"), (ObisTextError::GroupTooLarge, 10));
        assert_eq!(err("1.0.1.8.0.255.1"), (ObisTextError::Trailing, 13));
        assert_eq!(err("1.0.1.8.0.255 "), (ObisTextError::Trailing, 13));
        assert_eq!(err("1-0.1.8.0*255"), (ObisTextError::Separator, 3));
        assert_eq!(err("1.0:1.8.0.255"), (ObisTextError::Separator, 3));
        assert_eq!(err("1-0:1.8.0.255"), (ObisTextError::Separator, 9));
        assert_eq!(err(":0.1.8.0.255"), (ObisTextError::EmptyGroup, 0));
        assert_eq!(err("1 .0.1.8.0.255"), (ObisTextError::UnexpectedChar, 1));
        assert_eq!(err("x"), (ObisTextError::UnexpectedChar, 0));
        assert_eq!(
            err("99999999999999999999"),
            (ObisTextError::GroupTooLarge, 0)
        );
    }
}
