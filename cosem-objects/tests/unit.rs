#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

use cosem_objects::{Decimal, Error, FromData, ScalerUnit, Unit};
use dlms_apdu::DataRef;
use hex_literal::hex;
use proptest::prelude::*;

#[test]
fn table_values_and_symbols() {
    // Values of the DLMS UA Blue Book unit table (as also listed by Gurux.DLMS's Unit enum).
    let cases = [
        (Unit::YEAR, 1, "a"),
        (Unit::SECOND, 7, "s"),
        (Unit::DEGREE_CELSIUS, 9, "°C"),
        (Unit::CUBIC_METRE, 13, "m³"),
        (Unit::WATT, 27, "W"),
        (Unit::VOLT_AMPERE, 28, "VA"),
        (Unit::VAR, 29, "var"),
        (Unit::WATT_HOUR, 30, "Wh"),
        (Unit::VOLT_AMPERE_HOUR, 31, "VAh"),
        (Unit::VAR_HOUR, 32, "varh"),
        (Unit::AMPERE, 33, "A"),
        (Unit::VOLT, 35, "V"),
        (Unit::HERTZ, 44, "Hz"),
        (Unit::KELVIN, 52, "K"),
        (Unit::PERCENT, 56, "%"),
        (Unit::AMPERE_HOUR, 57, "Ah"),
        (Unit::DBM, 70, "dBm"),
        (Unit::DB, 72, "dB"),
        (Unit::OTHER, 254, "other"),
        (Unit::COUNT, 255, ""),
    ];
    for (u, v, sym) in cases {
        assert_eq!(u.0, v);
        assert_eq!(u.symbol(), Some(sym), "{v}");
        assert!(u.name().is_some());
    }
    // Gaps in the table stay unnamed but round-trip.
    for gap in [0u8, 58, 59, 68, 69, 73, 127, 175, 252] {
        assert_eq!(Unit(gap).symbol(), None, "{gap}");
    }
    assert!(Unit::ALL.len() > 100);
}

#[test]
fn scaler_unit_data() {
    // structure { integer -1, enum 30 (Wh) }, as a register's attribute 3 reads.
    let bytes = hex!("0202 0FFF 161E");
    let su = ScalerUnit::from_data(&DataRef::parse_exact(&bytes).unwrap()).unwrap();
    assert_eq!(su, ScalerUnit::new(-1, Unit::WATT_HOUR));
    assert_eq!(su.to_string(), "10^-1 Wh");
    // The elements swapped are refused.
    let swapped = hex!("0202 161E 0FFF");
    assert!(ScalerUnit::from_data(&DataRef::parse_exact(&swapped).unwrap()).is_err());
    let three = hex!("0203 0FFF 161E 0F00");
    assert!(matches!(
        ScalerUnit::from_data(&DataRef::parse_exact(&three).unwrap()),
        Err(Error::ElementCount {
            expected: 2,
            found: 3
        })
    ));
}

#[test]
fn scaling_is_exact_or_an_error() {
    let su = ScalerUnit::new(-2, Unit::VOLT);
    let v = su.scale(&DataRef::LongUnsigned(23_012)).unwrap();
    assert_eq!(v.to_string(), "230.12");
    assert_eq!(v.to_fixed(-2), Ok(23_012));
    assert_eq!(v.to_fixed(-1), Err(Error::Inexact));
    assert_eq!(v.to_i128(), Err(Error::Inexact));
    // u64::MAX × 10^5 fits an i128 exactly.
    let big = ScalerUnit::new(5, Unit::WATT_HOUR)
        .scale(&DataRef::Long64Unsigned(u64::MAX))
        .unwrap();
    assert_eq!(big.to_i128(), Ok(i128::from(u64::MAX) * 100_000));
    // ... but × 10^127 does not.
    let huge = ScalerUnit::new(127, Unit::WATT_HOUR)
        .scale(&DataRef::Long64Unsigned(u64::MAX))
        .unwrap();
    assert_eq!(huge.to_i128(), Err(Error::Inexact));
    // Floats only through the lossy method.
    assert!(su.scale(&DataRef::Float32(1.5)).is_err());
    assert_eq!(su.scale_f64_lossy(&DataRef::Float32(1.5)).unwrap(), 0.015);
    assert!(su.scale(&DataRef::OctetString(b"1")).is_err());
}

proptest! {
    #[test]
    fn scale_then_unscale_is_identity(raw in any::<i64>(), scaler in -20i8..=20) {
        let su = ScalerUnit::new(scaler, Unit::WATT_HOUR);
        let v = su.scale(&DataRef::Long64(raw)).unwrap();
        prop_assert_eq!(su.unscale(v), Ok(i128::from(raw)));
        // The printed decimal has exactly the digits of raw.
        let s = v.to_string();
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let trimmed = digits.trim_start_matches('0');
        let raw_digits = raw.unsigned_abs().to_string();
        prop_assert!(trimmed.starts_with(raw_digits.trim_start_matches('0')) || raw == 0);
    }

    #[test]
    fn decimal_equality_ignores_trailing_zeros(m in any::<i64>(), e in -10i16..10, z in 0u32..5) {
        let a = Decimal::new(i128::from(m), e);
        let b = Decimal::new(i128::from(m) * 10i128.pow(z), e - z as i16);
        prop_assert_eq!(a, b);
    }
}
