#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]

mod common;

use cosem_objects::classes::data::DataObject;
use cosem_objects::{ClassInfo, ObisCode};
use dlms_apdu::Data;

#[test]
fn data_object_round_trips() {
    let obj = DataObject {
        logical_name: ObisCode::new(0, 0, 96, 1, 0, 255),
        value: Data::visible_string(*b"12345678"),
    };
    common::round_trip_attributes(&obj);
    assert_eq!(DataObject::CLASS_ID.0, 1);
    assert_eq!(DataObject::attribute_info(2).unwrap().name, "value");
}
