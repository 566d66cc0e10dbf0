#![no_main]
//! The walks over pushed and captured data in cosem-objects: `push::decode` of a
//! data-notification body, and a profile-generic buffer read row by row and cell by cell,
//! typed with its capture objects, filtered by a range or entry selection whose encoding
//! must round-trip.
//!
//! The input is three A-XDR values: the buffer (also taken as a push body), the capture
//! objects, and the parameters of a selective access whose selector is the first octet.

use cosem_objects::profile::{self, Buffer, CellRef, Column, Selection};
use cosem_objects::{FromData, ObisCode, push};
use dlms_apdu::DataRef;
use dlms_apdu::descriptor::{CaptureObjectDefinition, SelectiveAccess};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((&selector, bytes)) = bytes.split_first() else {
        return;
    };
    let Ok((body, rest)) = DataRef::parse(bytes) else {
        return;
    };
    let (objects, rest) = DataRef::parse(rest).unwrap_or((DataRef::NullData, rest));
    let parameters = DataRef::parse(rest).map_or(DataRef::NullData, |(p, _)| p);

    // A push.
    if let Ok(pushed) = push::decode(&body) {
        for v in &pushed.values {
            let _ = v.scaled();
            if let Some(name) = v.logical_name {
                assert!(pushed.get(name).is_some(), "a pushed name is not found");
            }
        }
        let _ = pushed.get(ObisCode::new(0, 0, 1, 0, 0, 255));
    }

    // A profile's buffer.
    let captured: Vec<CaptureObjectDefinition> = Vec::from_data(&objects).unwrap_or_default();
    let columns: Vec<Column> = captured
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Column::new(
                *c,
                (i % 2 == 0).then_some(cosem_objects::ScalerUnit::new(
                    -1,
                    cosem_objects::Unit::WATT_HOUR,
                )),
            )
        })
        .collect();
    let access = SelectiveAccess {
        selector,
        parameters,
    };
    let selection = Selection::from_access(&access);
    if let Ok(selection) = &selection {
        let mut out = [0u8; 512];
        if let Ok(again) = selection.to_access(&mut out) {
            assert_eq!(Selection::from_access(&again).as_ref(), Ok(selection));
        }
    }
    let Ok(buffer) = Buffer::new(&body) else {
        return;
    };
    let mut rows = 0;
    let mut previous: Option<DataRef<'_>> = None;
    for row in buffer.rows() {
        rows += 1;
        let Ok(row) = row else {
            continue;
        };
        let mut cells = 0;
        for cell in row.cells() {
            cells += 1;
            let _ = CellRef::decode(cell, None);
            if let Some(p) = &previous {
                let forward = profile::compare_values(p, &cell);
                let backward = profile::compare_values(&cell, p);
                assert_eq!(
                    forward.map(core::cmp::Ordering::reverse),
                    backward,
                    "comparison not antisymmetric"
                );
            }
            previous = Some(cell);
        }
        assert_eq!(cells, row.len());
        for (i, typed) in row.typed(&columns).enumerate() {
            if typed.is_err() {
                assert_eq!(i, 0, "only a column-count mismatch fails, first");
            }
        }
        match &selection {
            Ok(Selection::Range(r)) => {
                let _ = profile::in_range(r, &row, &captured);
            }
            Ok(Selection::Entry(e)) => {
                if let Some((r, c)) = profile::entry_window(e, buffer.len(), row.len()) {
                    assert!(
                        r.end <= buffer.len() && c.end <= row.len(),
                        "window outside the buffer"
                    );
                }
            }
            _ => {}
        }
    }
    assert_eq!(rows, buffer.len());
});
