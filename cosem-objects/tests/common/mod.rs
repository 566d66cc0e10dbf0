//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::arithmetic_side_effects
)]

use cosem_objects::{FromData, InterfaceClass, ToData};
use dlms_apdu::{Data, DataRef};

/// Checks that every attribute of `obj` survives typed value -> Data -> bytes -> Data ->
/// typed value: each attribute is encoded, parsed back and set on a copy, and the copy must
/// equal the original; the re-encoded bytes must be identical.
pub fn round_trip_attributes<T: InterfaceClass + Clone + PartialEq + core::fmt::Debug>(obj: &T) {
    let mut copy = obj.clone();
    for info in T::ATTRIBUTES {
        let data = obj
            .attribute(info.id)
            .unwrap_or_else(|e| panic!("attribute {} ({}): {e}", info.id, info.name));
        let bytes = data.to_vec();
        let parsed = DataRef::parse_exact(&bytes)
            .unwrap_or_else(|e| panic!("attribute {} ({}) re-parse: {e}", info.id, info.name));
        copy.set_attribute(info.id, &parsed)
            .unwrap_or_else(|e| panic!("attribute {} ({}) set: {e}", info.id, info.name));
        assert_eq!(
            copy.attribute(info.id).unwrap().to_vec(),
            bytes,
            "attribute {} ({}) re-encodes differently",
            info.id,
            info.name
        );
    }
    assert_eq!(&copy, obj);
    assert!(obj.attribute(T::ATTRIBUTES.len() as i8 + 1).is_err());
}

/// Checks that a typed value survives value -> Data -> bytes -> Data -> value.
pub fn round_trip_value<T: FromData + ToData + PartialEq + core::fmt::Debug>(v: &T) {
    let bytes = v.to_data().to_vec();
    let parsed = DataRef::parse_exact(&bytes).unwrap();
    let back = T::from_data(&parsed).unwrap();
    assert_eq!(&back, v);
    assert_eq!(Data::from(&parsed), v.to_data());
}
