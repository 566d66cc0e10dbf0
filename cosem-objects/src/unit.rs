//! Units (the DLMS unit enumeration) and scaler-unit pairs.
//!
//! A register holds an integer and a [`ScalerUnit`]: the physical value is
//! `raw × 10^scaler` in [`Unit`]. [`ScalerUnit::scale`] gives that value as an exact
//! [`Decimal`]; conversions out of it either stay exact or fail with [`Error::Inexact`],
//! and the one conversion to a float says in its name that it may round.
//!
//! ```
//! use cosem_objects::unit::{ScalerUnit, Unit};
//! use dlms_apdu::DataRef;
//!
//! // 12345 Wh with scaler -3 is 12.345 Wh.
//! let su = ScalerUnit::new(-3, Unit::WATT_HOUR);
//! let v = su.scale(&DataRef::DoubleLongUnsigned(12345))?;
//! assert_eq!(v.to_string(), "12.345");
//! assert!(v.to_i128().is_err()); // not a whole number
//! assert_eq!(ScalerUnit::new(3, Unit::WATT_HOUR).scale_int(12)?.to_i128()?, 12_000);
//! # Ok::<(), cosem_objects::Error>(())
//! ```

use core::fmt;

use dlms_apdu::{DataRef, DataType};

use crate::error::{Error, Result};
use crate::value::{FromData, next, structure, unexpected};

/// One physical unit (the `unit` enum of a register's `scaler_unit`; IEC 62056-6-2 and the
/// DLMS UA Blue Book unit table), an open registry: values the table does not list
/// round-trip unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Unit(pub u8);

macro_rules! units {
    ($($(#[$doc:meta])* $name:ident = $v:literal => ($sym:literal, $full:literal),)+) => {
        impl Unit {
            $($(#[$doc])* pub const $name: Self = Self($v);)+

            /// Every unit the table lists, in value order.
            pub const ALL: &'static [Self] = &[$(Self::$name),+];

            /// The unit's symbol (`"Wh"`, `"m³"`), empty for the unitless count and the
            /// reserved value; `None` for a value the table does not list.
            #[must_use]
            pub const fn symbol(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some($sym),)+
                    _ => None,
                }
            }

            /// The quantity and unit in words (`"active energy, watt-hour"`); `None` for a
            /// value the table does not list.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some($full),)+
                    _ => None,
                }
            }
        }
    };
}

units! {
        /// Year (`a`).
        YEAR = 1 => ("a", "year"),
        /// Month (`mo`).
        MONTH = 2 => ("mo", "month"),
        /// Week (`wk`).
        WEEK = 3 => ("wk", "week"),
        /// Day (`d`).
        DAY = 4 => ("d", "day"),
        /// Hour (`h`).
        HOUR = 5 => ("h", "hour"),
        /// Minute (`min`).
        MINUTE = 6 => ("min", "minute"),
        /// Second (`s`).
        SECOND = 7 => ("s", "second"),
        /// Phase angle, degree (`°`).
        DEGREE = 8 => ("°", "phase angle, degree"),
        /// Temperature, degree Celsius (`°C`).
        DEGREE_CELSIUS = 9 => ("°C", "temperature, degree Celsius"),
        /// Local currency (`currency`).
        CURRENCY = 10 => ("currency", "local currency"),
        /// Length, metre (`m`).
        METRE = 11 => ("m", "length, metre"),
        /// Speed, metre per second (`m/s`).
        METRE_PER_SECOND = 12 => ("m/s", "speed, metre per second"),
        /// Volume, cubic metre (`m³`).
        CUBIC_METRE = 13 => ("m³", "volume, cubic metre"),
        /// Corrected volume, cubic metre (`m³`).
        CUBIC_METRE_CORRECTED = 14 => ("m³", "corrected volume, cubic metre"),
        /// Volume flux, cubic metre per hour (`m³/h`).
        CUBIC_METRE_PER_HOUR = 15 => ("m³/h", "volume flux, cubic metre per hour"),
        /// Corrected volume flux, cubic metre per hour (`m³/h`).
        CUBIC_METRE_PER_HOUR_CORRECTED = 16 => ("m³/h", "corrected volume flux, cubic metre per hour"),
        /// Volume flux, cubic metre per day (`m³/d`).
        CUBIC_METRE_PER_DAY = 17 => ("m³/d", "volume flux, cubic metre per day"),
        /// Corrected volume flux, cubic metre per day (`m³/d`).
        CUBIC_METRE_PER_DAY_CORRECTED = 18 => ("m³/d", "corrected volume flux, cubic metre per day"),
        /// Volume, litre (`l`).
        LITRE = 19 => ("l", "volume, litre"),
        /// Mass, kilogram (`kg`).
        KILOGRAM = 20 => ("kg", "mass, kilogram"),
        /// Force, newton (`N`).
        NEWTON = 21 => ("N", "force, newton"),
        /// Energy, newton metre (`Nm`).
        NEWTON_METRE = 22 => ("Nm", "energy, newton metre"),
        /// Pressure, pascal (`Pa`).
        PASCAL = 23 => ("Pa", "pressure, pascal"),
        /// Pressure, bar (`bar`).
        BAR = 24 => ("bar", "pressure, bar"),
        /// Energy, joule (`J`).
        JOULE = 25 => ("J", "energy, joule"),
        /// Thermal power, joule per hour (`J/h`).
        JOULE_PER_HOUR = 26 => ("J/h", "thermal power, joule per hour"),
        /// Active power, watt (`W`).
        WATT = 27 => ("W", "active power, watt"),
        /// Apparent power, volt-ampere (`VA`).
        VOLT_AMPERE = 28 => ("VA", "apparent power, volt-ampere"),
        /// Reactive power, var (`var`).
        VAR = 29 => ("var", "reactive power, var"),
        /// Active energy, watt-hour (`Wh`).
        WATT_HOUR = 30 => ("Wh", "active energy, watt-hour"),
        /// Apparent energy, volt-ampere-hour (`VAh`).
        VOLT_AMPERE_HOUR = 31 => ("VAh", "apparent energy, volt-ampere-hour"),
        /// Reactive energy, var-hour (`varh`).
        VAR_HOUR = 32 => ("varh", "reactive energy, var-hour"),
        /// Current, ampere (`A`).
        AMPERE = 33 => ("A", "current, ampere"),
        /// Electrical charge, coulomb (`C`).
        COULOMB = 34 => ("C", "electrical charge, coulomb"),
        /// Voltage, volt (`V`).
        VOLT = 35 => ("V", "voltage, volt"),
        /// Electric field strength, volt per metre (`V/m`).
        VOLT_PER_METRE = 36 => ("V/m", "electric field strength, volt per metre"),
        /// Capacitance, farad (`F`).
        FARAD = 37 => ("F", "capacitance, farad"),
        /// Resistance, ohm (`Ω`).
        OHM = 38 => ("Ω", "resistance, ohm"),
        /// Resistivity, ohm square metre per metre (`Ωm²/m`).
        OHM_SQUARE_METRE_PER_METRE = 39 => ("Ωm²/m", "resistivity, ohm square metre per metre"),
        /// Magnetic flux, weber (`Wb`).
        WEBER = 40 => ("Wb", "magnetic flux, weber"),
        /// Magnetic flux density, tesla (`T`).
        TESLA = 41 => ("T", "magnetic flux density, tesla"),
        /// Magnetic field strength, ampere per metre (`A/m`).
        AMPERE_PER_METRE = 42 => ("A/m", "magnetic field strength, ampere per metre"),
        /// Inductance, henry (`H`).
        HENRY = 43 => ("H", "inductance, henry"),
        /// Frequency, hertz (`Hz`).
        HERTZ = 44 => ("Hz", "frequency, hertz"),
        /// Active energy meter constant or pulse value (`1/(Wh)`).
        PER_WATT_HOUR = 45 => ("1/(Wh)", "active energy meter constant or pulse value"),
        /// Reactive energy meter constant or pulse value (`1/(varh)`).
        PER_VAR_HOUR = 46 => ("1/(varh)", "reactive energy meter constant or pulse value"),
        /// Apparent energy meter constant or pulse value (`1/(VAh)`).
        PER_VOLT_AMPERE_HOUR = 47 => ("1/(VAh)", "apparent energy meter constant or pulse value"),
        /// Volt-squared hour (`V²h`).
        VOLT_SQUARED_HOUR = 48 => ("V²h", "volt-squared hour"),
        /// Ampere-squared hour (`A²h`).
        AMPERE_SQUARED_HOUR = 49 => ("A²h", "ampere-squared hour"),
        /// Mass flux, kilogram per second (`kg/s`).
        KILOGRAM_PER_SECOND = 50 => ("kg/s", "mass flux, kilogram per second"),
        /// Conductance, siemens (`S`).
        SIEMENS = 51 => ("S", "conductance, siemens"),
        /// Temperature, kelvin (`K`).
        KELVIN = 52 => ("K", "temperature, kelvin"),
        /// Volt-squared hour meter constant or pulse value (`1/(V²h)`).
        PER_VOLT_SQUARED_HOUR = 53 => ("1/(V²h)", "volt-squared hour meter constant or pulse value"),
        /// Ampere-squared hour meter constant or pulse value (`1/(A²h)`).
        PER_AMPERE_SQUARED_HOUR = 54 => ("1/(A²h)", "ampere-squared hour meter constant or pulse value"),
        /// Volume meter constant or pulse value (`1/m³`).
        PER_CUBIC_METRE = 55 => ("1/m³", "volume meter constant or pulse value"),
        /// Percentage (`%`).
        PERCENT = 56 => ("%", "percentage"),
        /// Ampere-hour (`Ah`).
        AMPERE_HOUR = 57 => ("Ah", "ampere-hour"),
        /// Energy per volume (`Wh/m³`).
        WATT_HOUR_PER_CUBIC_METRE = 60 => ("Wh/m³", "energy per volume"),
        /// Calorific value, Wobbe index (`J/m³`).
        JOULE_PER_CUBIC_METRE = 61 => ("J/m³", "calorific value, Wobbe index"),
        /// Molar fraction of gas composition (`mol %`).
        MOLE_PERCENT = 62 => ("mol %", "molar fraction of gas composition"),
        /// Mass density (`g/m³`).
        GRAM_PER_CUBIC_METRE = 63 => ("g/m³", "mass density"),
        /// Dynamic viscosity, pascal second (`Pa s`).
        PASCAL_SECOND = 64 => ("Pa s", "dynamic viscosity, pascal second"),
        /// Specific energy, joule per kilogram (`J/kg`).
        JOULE_PER_KILOGRAM = 65 => ("J/kg", "specific energy, joule per kilogram"),
        /// Pressure, gram per square centimetre (`g/cm²`).
        GRAM_PER_SQUARE_CENTIMETRE = 66 => ("g/cm²", "pressure, gram per square centimetre"),
        /// Pressure, atmosphere (`atm`).
        ATMOSPHERE = 67 => ("atm", "pressure, atmosphere"),
        /// Signal strength, decibel-milliwatt (`dBm`).
        DBM = 70 => ("dBm", "signal strength, decibel-milliwatt"),
        /// Signal strength, decibel-microvolt (`dBµV`).
        DB_MICROVOLT = 71 => ("dBµV", "signal strength, decibel-microvolt"),
        /// Logarithmic ratio, decibel (`dB`).
        DB = 72 => ("dB", "logarithmic ratio, decibel"),
        /// Length, inch (`in`).
        INCH = 128 => ("in", "length, inch"),
        /// Length, foot (`ft`).
        FOOT = 129 => ("ft", "length, foot"),
        /// Mass, pound (`lb`).
        POUND = 130 => ("lb", "mass, pound"),
        /// Temperature, degree Fahrenheit (`°F`).
        DEGREE_FAHRENHEIT = 131 => ("°F", "temperature, degree Fahrenheit"),
        /// Temperature, degree Rankine (`°R`).
        DEGREE_RANKINE = 132 => ("°R", "temperature, degree Rankine"),
        /// Area, square inch (`in²`).
        SQUARE_INCH = 133 => ("in²", "area, square inch"),
        /// Area, square foot (`ft²`).
        SQUARE_FOOT = 134 => ("ft²", "area, square foot"),
        /// Area, acre (`ac`).
        ACRE = 135 => ("ac", "area, acre"),
        /// Volume, cubic inch (`in³`).
        CUBIC_INCH = 136 => ("in³", "volume, cubic inch"),
        /// Volume, cubic foot (`ft³`).
        CUBIC_FOOT = 137 => ("ft³", "volume, cubic foot"),
        /// Volume, acre-foot (`ac-ft`).
        ACRE_FOOT = 138 => ("ac-ft", "volume, acre-foot"),
        /// Volume, imperial gallon (`gal (UK)`).
        GALLON_IMPERIAL = 139 => ("gal (UK)", "volume, imperial gallon"),
        /// Volume, US gallon (`gal (US)`).
        GALLON_US = 140 => ("gal (US)", "volume, US gallon"),
        /// Force, pound-force (`lbf`).
        POUND_FORCE = 141 => ("lbf", "force, pound-force"),
        /// Pressure, pound-force per square inch (`psi`).
        POUND_FORCE_PER_SQUARE_INCH = 142 => ("psi", "pressure, pound-force per square inch"),
        /// Density, pound per cubic foot (`lb/ft³`).
        POUND_PER_CUBIC_FOOT = 143 => ("lb/ft³", "density, pound per cubic foot"),
        /// Dynamic viscosity, pound per foot second (`lb/(ft s)`).
        POUND_PER_FOOT_SECOND = 144 => ("lb/(ft s)", "dynamic viscosity, pound per foot second"),
        /// Kinematic viscosity, square foot per second (`ft²/s`).
        SQUARE_FOOT_PER_SECOND = 145 => ("ft²/s", "kinematic viscosity, square foot per second"),
        /// Energy, British thermal unit (`Btu`).
        BTU = 146 => ("Btu", "energy, British thermal unit"),
        /// Energy, therm (EU) (`thm (EU)`).
        THERM_EU = 147 => ("thm (EU)", "energy, therm (EU)"),
        /// Energy, therm (US) (`thm (US)`).
        THERM_US = 148 => ("thm (US)", "energy, therm (US)"),
        /// Specific energy, British thermal unit per pound (`Btu/lb`).
        BTU_PER_POUND = 149 => ("Btu/lb", "specific energy, British thermal unit per pound"),
        /// Calorific value, British thermal unit per cubic foot (`Btu/ft³`).
        BTU_PER_CUBIC_FOOT = 150 => ("Btu/ft³", "calorific value, British thermal unit per cubic foot"),
        /// Volume, cubic feet (`ft³`).
        CUBIC_FEET = 151 => ("ft³", "volume, cubic feet"),
        /// Speed, foot per second (`ft/s`).
        FOOT_PER_SECOND = 152 => ("ft/s", "speed, foot per second"),
        /// Volume flux, cubic foot per second (`ft³/s`).
        CUBIC_FOOT_PER_SECOND = 153 => ("ft³/s", "volume flux, cubic foot per second"),
        /// Volume flux, cubic foot per minute (`ft³/min`).
        CUBIC_FOOT_PER_MINUTE = 154 => ("ft³/min", "volume flux, cubic foot per minute"),
        /// Volume flux, cubic foot per hour (`ft³/h`).
        CUBIC_FOOT_PER_HOUR = 155 => ("ft³/h", "volume flux, cubic foot per hour"),
        /// Volume flux, cubic foot per day (`ft³/d`).
        CUBIC_FOOT_PER_DAY = 156 => ("ft³/d", "volume flux, cubic foot per day"),
        /// Volume flux, acre-foot per second (`ac-ft/s`).
        ACRE_FOOT_PER_SECOND = 157 => ("ac-ft/s", "volume flux, acre-foot per second"),
        /// Volume flux, acre-foot per minute (`ac-ft/min`).
        ACRE_FOOT_PER_MINUTE = 158 => ("ac-ft/min", "volume flux, acre-foot per minute"),
        /// Volume flux, acre-foot per hour (`ac-ft/h`).
        ACRE_FOOT_PER_HOUR = 159 => ("ac-ft/h", "volume flux, acre-foot per hour"),
        /// Volume flux, acre-foot per day (`ac-ft/d`).
        ACRE_FOOT_PER_DAY = 160 => ("ac-ft/d", "volume flux, acre-foot per day"),
        /// Volume, imperial gallon (flow base) (`gal (UK)`).
        IMPERIAL_GALLON = 161 => ("gal (UK)", "volume, imperial gallon (flow base)"),
        /// Volume flux, imperial gallon per second (`gal (UK)/s`).
        IMPERIAL_GALLON_PER_SECOND = 162 => ("gal (UK)/s", "volume flux, imperial gallon per second"),
        /// Volume flux, imperial gallon per minute (`gal (UK)/min`).
        IMPERIAL_GALLON_PER_MINUTE = 163 => ("gal (UK)/min", "volume flux, imperial gallon per minute"),
        /// Volume flux, imperial gallon per hour (`gal (UK)/h`).
        IMPERIAL_GALLON_PER_HOUR = 164 => ("gal (UK)/h", "volume flux, imperial gallon per hour"),
        /// Volume flux, imperial gallon per day (`gal (UK)/d`).
        IMPERIAL_GALLON_PER_DAY = 165 => ("gal (UK)/d", "volume flux, imperial gallon per day"),
        /// Volume, US gallon (flow base) (`gal (US)`).
        US_GALLON = 166 => ("gal (US)", "volume, US gallon (flow base)"),
        /// Volume flux, US gallon per second (`gal (US)/s`).
        US_GALLON_PER_SECOND = 167 => ("gal (US)/s", "volume flux, US gallon per second"),
        /// Volume flux, US gallon per minute (`gal (US)/min`).
        US_GALLON_PER_MINUTE = 168 => ("gal (US)/min", "volume flux, US gallon per minute"),
        /// Volume flux, US gallon per hour (`gal (US)/h`).
        US_GALLON_PER_HOUR = 169 => ("gal (US)/h", "volume flux, US gallon per hour"),
        /// Volume flux, US gallon per day (`gal (US)/d`).
        US_GALLON_PER_DAY = 170 => ("gal (US)/d", "volume flux, US gallon per day"),
        /// Power, British thermal unit per second (`Btu/s`).
        BTU_PER_SECOND = 171 => ("Btu/s", "power, British thermal unit per second"),
        /// Power, British thermal unit per minute (`Btu/min`).
        BTU_PER_MINUTE = 172 => ("Btu/min", "power, British thermal unit per minute"),
        /// Power, British thermal unit per hour (`Btu/h`).
        BTU_PER_HOUR = 173 => ("Btu/h", "power, British thermal unit per hour"),
        /// Power, British thermal unit per day (`Btu/d`).
        BTU_PER_DAY = 174 => ("Btu/d", "power, British thermal unit per day"),
        /// Reserved.
        RESERVED = 253 => ("", "reserved"),
        /// Other unit (`other`).
        OTHER = 254 => ("other", "other unit"),
        /// No unit, unitless count.
        COUNT = 255 => ("", "no unit, unitless count"),
}

/// The symbol, or `unit(n)` for a value the table does not list.
impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.symbol() {
            Some(s) => f.write_str(s),
            None => write!(f, "unit({})", self.0),
        }
    }
}

/// An enum.
impl FromData for Unit {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        match data {
            DataRef::Enum(v) => Ok(Self(*v)),
            other => Err(unexpected(DataType::Enum, other)),
        }
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for Unit {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::Enum(self.0)
    }
}

/// An exact decimal number `mantissa × 10^exponent`.
///
/// Two decimals are equal when their values are equal (`1.50` equals `1.5`).
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    /// The integer part before scaling.
    pub mantissa: i128,
    /// The power of ten it is multiplied by.
    pub exponent: i16,
}

/// `10^n` for `n` up to 38, `None` above (the largest power an `i128` holds).
fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

impl Decimal {
    /// The decimal `mantissa × 10^exponent`.
    #[must_use]
    pub const fn new(mantissa: i128, exponent: i16) -> Self {
        Self { mantissa, exponent }
    }

    /// The same value with trailing zeros moved from the mantissa into the exponent (zero
    /// becomes `0 × 10^0`).
    #[must_use]
    pub fn normalize(self) -> Self {
        if self.mantissa == 0 {
            return Self::new(0, 0);
        }
        let mut d = self;
        while d.mantissa % 10 == 0 {
            let Some(e) = d.exponent.checked_add(1) else {
                break;
            };
            d = Self::new(d.mantissa / 10, e);
        }
        d
    }

    /// The value as an integer.
    ///
    /// # Errors
    /// [`Error::Inexact`] if the value has a fractional part or does not fit an `i128`.
    pub fn to_i128(self) -> Result<i128> {
        let d = self.normalize();
        let e = u32::try_from(d.exponent).map_err(|_| Error::Inexact)?;
        pow10(e)
            .and_then(|p| d.mantissa.checked_mul(p))
            .ok_or(Error::Inexact)
    }

    /// The value as a whole number of `10^exponent` units (e.g. exponent -3 gives
    /// thousandths), the fixed-point form to store or compare.
    ///
    /// # Errors
    /// [`Error::Inexact`] if the value is not a whole number of such units or does not fit.
    pub fn to_fixed(self, exponent: i16) -> Result<i128> {
        let shift = i32::from(self.exponent).saturating_sub(i32::from(exponent));
        if shift >= 0 {
            let p = u32::try_from(shift)
                .ok()
                .and_then(pow10)
                .ok_or(Error::Inexact)?;
            self.mantissa.checked_mul(p).ok_or(Error::Inexact)
        } else {
            let p = shift
                .checked_neg()
                .and_then(|s| u32::try_from(s).ok())
                .and_then(pow10);
            match p {
                Some(p) if self.mantissa.checked_rem(p) == Some(0) => {
                    self.mantissa.checked_div(p).ok_or(Error::Inexact)
                }
                // A divisor beyond i128 divides only zero.
                None if self.mantissa == 0 => Ok(0),
                _ => Err(Error::Inexact),
            }
        }
    }

    /// The value as the nearest `f64`. This may round (most decimal fractions have no exact
    /// binary form), which is why the name says so.
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // rounding is what this method is for
    pub fn to_f64_lossy(self) -> f64 {
        let m = self.mantissa as f64;
        // 10^|e| by repeated multiplication (`powi` needs std); exact up to 10^22.
        let mut p = 1f64;
        for _ in 0..self.exponent.unsigned_abs() {
            p *= 10.0;
        }
        if self.exponent >= 0 { m * p } else { m / p }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.normalize(), other.normalize());
        a.mantissa == b.mantissa && a.exponent == b.exponent
    }
}

impl Eq for Decimal {}

/// The exact value in positional notation: `12.345`, `-0.05`, `1200`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.mantissa < 0;
        let m = self.mantissa.unsigned_abs();
        if neg {
            f.write_str("-")?;
        }
        if self.exponent >= 0 {
            write!(f, "{m}")?;
            for _ in 0..self.exponent {
                f.write_str("0")?;
            }
            return Ok(());
        }
        let frac = usize::from(self.exponent.unsigned_abs());
        // Digits of m, written into a fixed buffer (u128 has at most 39 digits).
        let mut digits = [0u8; 40];
        let mut n = 0usize;
        let mut rest = m;
        loop {
            if let Some(slot) = digits.get_mut(n) {
                *slot = b'0'.saturating_add(u8::try_from(rest % 10).unwrap_or(0));
            }
            n = n.saturating_add(1);
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        // digits[..n] holds the digits least significant first.
        if n <= frac {
            f.write_str("0.")?;
            for _ in n..frac {
                f.write_str("0")?;
            }
        }
        for i in (0..n).rev() {
            let c = char::from(digits.get(i).copied().unwrap_or(b'0'));
            write!(f, "{c}")?;
            if i == frac && i > 0 {
                f.write_str(".")?;
            }
        }
        Ok(())
    }
}

/// A register's scaler and unit: the structure `{scaler: integer, unit: enum}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScalerUnit {
    /// The power of ten the raw value is multiplied by.
    pub scaler: i8,
    /// The unit of the scaled value.
    pub unit: Unit,
}

impl ScalerUnit {
    /// The pair `(scaler, unit)`.
    #[must_use]
    pub const fn new(scaler: i8, unit: Unit) -> Self {
        Self { scaler, unit }
    }

    /// The exact value of the integer `raw`: `raw × 10^scaler`.
    ///
    /// # Errors
    /// None today; the `Result` keeps the signature of [`scale`](Self::scale).
    pub fn scale_int(&self, raw: i128) -> Result<Decimal> {
        Ok(Decimal::new(raw, i16::from(self.scaler)))
    }

    /// The exact value of a register's raw value: any integer type (and bcd) times
    /// `10^scaler`.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] for a value that is not an integer (floats included: use
    /// [`scale_f64_lossy`](Self::scale_f64_lossy) for them).
    pub fn scale(&self, raw: &DataRef<'_>) -> Result<Decimal> {
        let v = match *raw {
            DataRef::Integer(v) | DataRef::DeltaInteger(v) => i128::from(v),
            DataRef::Long(v) | DataRef::DeltaLong(v) => i128::from(v),
            DataRef::DoubleLong(v) | DataRef::DeltaDoubleLong(v) => i128::from(v),
            DataRef::Long64(v) => i128::from(v),
            DataRef::Unsigned(v) | DataRef::DeltaUnsigned(v) | DataRef::Bcd(v) => i128::from(v),
            DataRef::LongUnsigned(v) | DataRef::DeltaLongUnsigned(v) => i128::from(v),
            DataRef::DoubleLongUnsigned(v) | DataRef::DeltaDoubleLongUnsigned(v) => i128::from(v),
            DataRef::Long64Unsigned(v) => i128::from(v),
            ref other => return Err(unexpected(DataType::DoubleLong, other)),
        };
        self.scale_int(v)
    }

    /// The value of any number (integer or float) times `10^scaler`, as an `f64` that may
    /// be rounded.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] for a value that is not a number.
    pub fn scale_f64_lossy(&self, raw: &DataRef<'_>) -> Result<f64> {
        match *raw {
            DataRef::Float32(v) => {
                Ok(Decimal::new(1, i16::from(self.scaler)).to_f64_lossy() * f64::from(v))
            }
            DataRef::Float64(v) => Ok(Decimal::new(1, i16::from(self.scaler)).to_f64_lossy() * v),
            _ => self.scale(raw).map(Decimal::to_f64_lossy),
        }
    }

    /// The raw integer a register stores for `value`: `value / 10^scaler`, exactly.
    ///
    /// # Errors
    /// [`Error::Inexact`] if `value` is not a whole multiple of `10^scaler` or does not fit.
    pub fn unscale(&self, value: Decimal) -> Result<i128> {
        value.to_fixed(i16::from(self.scaler))
    }
}

/// The structure `{integer, enum}`.
impl FromData for ScalerUnit {
    fn from_data(data: &DataRef<'_>) -> Result<Self> {
        let mut it = structure(data, 2)?.iter();
        Ok(Self {
            scaler: next(&mut it)?,
            unit: next(&mut it)?,
        })
    }
}

#[cfg(feature = "alloc")]
impl crate::value::ToData for ScalerUnit {
    fn to_data(&self) -> dlms_apdu::Data {
        dlms_apdu::Data::Structure(alloc::vec![
            dlms_apdu::Data::Integer(self.scaler),
            dlms_apdu::Data::Enum(self.unit.0),
        ])
    }
}

/// `10^scaler unit`, e.g. `10^-3 Wh`.
impl fmt::Display for ScalerUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "10^{} {}", self.scaler, self.unit)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn table() {
        assert_eq!(Unit::WATT_HOUR.0, 30);
        assert_eq!(Unit::WATT_HOUR.symbol(), Some("Wh"));
        assert_eq!(Unit::VAR_HOUR.symbol(), Some("varh"));
        assert_eq!(Unit::COUNT.0, 255);
        assert_eq!(Unit(58).symbol(), None);
        assert_eq!(Unit(58).to_string(), "unit(58)");
        assert!(Unit::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn decimal_display() {
        assert_eq!(Decimal::new(12345, -3).to_string(), "12.345");
        assert_eq!(Decimal::new(-5, -2).to_string(), "-0.05");
        assert_eq!(Decimal::new(12, 2).to_string(), "1200");
        assert_eq!(Decimal::new(0, -1).to_string(), "0.0");
        assert_eq!(
            Decimal::new(i128::MIN, -1).to_string(),
            "-17014118346046923173168730371588410572.8"
        );
    }

    #[test]
    fn exactness() {
        assert_eq!(Decimal::new(1200, -2).to_i128(), Ok(12));
        assert_eq!(Decimal::new(1201, -2).to_i128(), Err(Error::Inexact));
        assert_eq!(Decimal::new(1, 39).to_i128(), Err(Error::Inexact));
        assert_eq!(Decimal::new(i128::MAX, 1).to_i128(), Err(Error::Inexact));
        assert_eq!(Decimal::new(15, -1).to_fixed(-3), Ok(1500));
        assert_eq!(Decimal::new(15, -1).to_fixed(0), Err(Error::Inexact));
        assert_eq!(Decimal::new(0, -100).to_fixed(100), Ok(0));
        assert_eq!(Decimal::new(15, -1), Decimal::new(150, -2));
        let su = ScalerUnit::new(-2, Unit::VOLT);
        assert_eq!(su.unscale(Decimal::new(2301, -1)), Ok(23010));
        assert_eq!(su.unscale(Decimal::new(1, -3)), Err(Error::Inexact));
        assert_eq!(
            su.scale_f64_lossy(&DataRef::LongUnsigned(23010)).unwrap(),
            230.1
        );
    }
}
