//! The values of a push named by `cosem-objects`: logical name, class and attribute,
//! scaled value and unit, where the push's layout says them.

use cosem_objects::push::{self, Layout, PushValue};
use dlms_apdu::Data;
use dlms_apdu::DataRef;
use serde_json::{Value, json};

/// The named values of a data-notification body, or `None` when its layout names nothing.
pub(crate) fn named<'a>(body: &DataRef<'a>) -> Option<(Layout, Vec<PushValue<'a>>)> {
    let pushed = push::decode(body).ok()?;
    match pushed.layout {
        Layout::Positional => None,
        layout => Some((layout, pushed.values)),
    }
}

/// The JSON form: `{"logical_name", "class_id", "attribute", "value", "scaled", "unit"}`,
/// each present when the push says it.
pub(crate) fn to_json(layout: Layout, values: &[PushValue<'_>]) -> Value {
    let values: Vec<Value> = values
        .iter()
        .map(|v| {
            let mut o = json!({ "value": serde_json::to_value(Data::from(v.value)).ok() });
            if let Some(map) = o.as_object_mut() {
                if let Some(n) = v.logical_name {
                    map.insert("logical_name".into(), n.to_string().into());
                }
                if let Some((class, attribute)) = v.attribute {
                    map.insert("class_id".into(), class.0.into());
                    map.insert("attribute".into(), attribute.into());
                }
                if let (Some(_), Ok((x, unit))) = (v.scaler_unit, v.scaled()) {
                    map.insert("scaled".into(), x.to_string().into());
                    if let Some(unit) = unit {
                        map.insert("unit".into(), unit.to_string().into());
                    }
                }
            }
            o
        })
        .collect();
    json!({ "layout": format!("{layout:?}"), "values": values })
}

/// One line per value: its name, then the value scaled with its unit where the push gives
/// them.
pub(crate) fn lines(values: &[PushValue<'_>]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            let name = v
                .logical_name
                .map_or_else(|| "(unnamed)".to_owned(), |n| format!("{n:#}"));
            let value = match (v.scaler_unit, v.scaled()) {
                (Some(_), Ok((x, Some(unit)))) => format!("{x} {unit}"),
                (Some(_), Ok((x, None))) => x.to_string(),
                _ => dlms_apdu::render::Tree(&v.value)
                    .to_string()
                    .trim()
                    .to_owned(),
            };
            format!("{name:<18} {value}")
        })
        .collect()
}
