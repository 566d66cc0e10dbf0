#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! Short-name APDUs generated or checked by gurux-dlms 1.0.203 (`data/sn_gurux.json`, built by
//! `data/sn_gurux.py`): each parses to the fields it was generated from, re-emits byte for
//! byte, and the same APDU built from values emits the same bytes.

mod common;

use common::{emitted, unhex};
use dlms_apdu::registry::DataAccessResult;
use dlms_apdu::sn::{
    InformationReportRequest, ReadRequest, ReadResponse, ReadResult, UnconfirmedWriteRequest,
    VariableAccess, WriteRequest, WriteResponse, WriteResult,
};
use dlms_apdu::{DataRef, List};
use serde_json::Value;

fn u16_hex(v: &Value) -> u16 {
    u16::from_str_radix(v.as_str().unwrap(), 16).unwrap()
}

fn items() -> Vec<Value> {
    let all: Value = serde_json::from_str(include_str!("data/sn_gurux.json")).unwrap();
    assert_eq!(all["generator"], "gurux-dlms 1.0.203");
    all["items"].as_array().unwrap().clone()
}

/// Builds a `VariableAccess` from its JSON description; octets it borrows live in `store`.
fn variable<'a>(v: &Value, store: &'a [Vec<u8>]) -> VariableAccess<'a> {
    match v["choice"].as_str().unwrap() {
        "variable-name" => VariableAccess::VariableName(u16_hex(&v["name"])),
        "parameterized-access" => VariableAccess::ParameterizedAccess {
            variable_name: u16_hex(&v["name"]),
            selector: v["selector"].as_u64().unwrap() as u8,
            parameter: DataRef::parse_exact(&store[0]).unwrap(),
        },
        "block-number-access" => {
            VariableAccess::BlockNumberAccess(v["block_number"].as_u64().unwrap() as u16)
        }
        "read-data-block-access" => VariableAccess::ReadDataBlockAccess {
            last_block: v["last_block"].as_bool().unwrap(),
            block_number: v["block_number"].as_u64().unwrap() as u16,
            raw_data: &store[0],
        },
        "write-data-block-access" => VariableAccess::WriteDataBlockAccess {
            last_block: v["last_block"].as_bool().unwrap(),
            block_number: v["block_number"].as_u64().unwrap() as u16,
        },
        other => panic!("unknown choice {other}"),
    }
}

/// The octets a variable description refers to (parameter or raw data), if any.
fn variable_store(v: &Value) -> Vec<Vec<u8>> {
    ["parameter", "raw_data"]
        .iter()
        .filter(|k| v.get(**k).is_some())
        .map(|k| unhex(&v[*k]))
        .collect()
}

fn read_result<'a>(v: &Value, store: &'a [u8]) -> ReadResult<'a> {
    match v["choice"].as_str().unwrap() {
        "data" => ReadResult::Data(DataRef::parse_exact(store).unwrap()),
        "data-access-error" => {
            ReadResult::DataAccessError(DataAccessResult(v["result"].as_u64().unwrap() as u8))
        }
        "data-block-result" => ReadResult::DataBlockResult {
            last_block: v["last_block"].as_bool().unwrap(),
            block_number: v["block_number"].as_u64().unwrap() as u16,
            raw_data: store,
        },
        "block-number" => ReadResult::BlockNumber(v["block_number"].as_u64().unwrap() as u16),
        other => panic!("unknown choice {other}"),
    }
}

fn write_result(v: &Value) -> WriteResult {
    match v["choice"].as_str().unwrap() {
        "success" => WriteResult::Success,
        "data-access-error" => {
            WriteResult::DataAccessError(DataAccessResult(v["result"].as_u64().unwrap() as u8))
        }
        "block-number" => WriteResult::BlockNumber(v["block_number"].as_u64().unwrap() as u16),
        other => panic!("unknown choice {other}"),
    }
}

#[test]
fn gurux_sn_apdus() {
    let items = items();
    assert!(items.len() >= 20);
    let mut generated = 0;
    for item in &items {
        let id = item["id"].as_str().unwrap();
        let apdu = unhex(&item["apdu"]);
        let exp = &item["expected"];
        if item["source"] == "generated" {
            generated += 1;
        }
        // Expected lists, built from the JSON.
        let var_descs = exp["variables"].as_array().cloned().unwrap_or_default();
        let var_stores: Vec<Vec<Vec<u8>>> = var_descs.iter().map(variable_store).collect();
        let vars: Vec<VariableAccess<'_>> = var_descs
            .iter()
            .zip(&var_stores)
            .map(|(v, s)| variable(v, s))
            .collect();
        let value_bytes: Vec<Vec<u8>> = exp["values"]
            .as_array()
            .map(|a| a.iter().map(unhex).collect())
            .unwrap_or_default();
        let values: Vec<DataRef<'_>> = value_bytes
            .iter()
            .map(|b| DataRef::parse_exact(b).unwrap())
            .collect();
        let variables = List::new(&vars);
        let data = List::new(&values);

        let rebuilt = match item["apdu_type"].as_str().unwrap() {
            "ReadRequest" => {
                let p = ReadRequest::parse_exact(&apdu).unwrap_or_else(|e| panic!("{id}: {e}"));
                let built = ReadRequest { variables };
                assert_eq!(p, built, "{id}");
                assert_eq!(p.variables.iter().collect::<Vec<_>>(), vars, "{id}");
                emitted(p.buffer_len(), |o| p.emit(o));
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            "WriteRequest" => {
                let p = WriteRequest::parse_exact(&apdu).unwrap_or_else(|e| panic!("{id}: {e}"));
                let built = WriteRequest {
                    variables,
                    values: data,
                };
                assert_eq!(p, built, "{id}");
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            "UnconfirmedWriteRequest" => {
                let p = UnconfirmedWriteRequest::parse_exact(&apdu)
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                let built = UnconfirmedWriteRequest {
                    variables,
                    values: data,
                };
                assert_eq!(p, built, "{id}");
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            "InformationReportRequest" => {
                let p = InformationReportRequest::parse_exact(&apdu)
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                let time = match &exp["current_time"] {
                    Value::Null => None,
                    t => Some(unhex(t)),
                };
                let built = InformationReportRequest {
                    current_time: time.as_deref(),
                    variables,
                    values: data,
                };
                assert_eq!(p, built, "{id}");
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            "ReadResponse" => {
                let p = ReadResponse::parse_exact(&apdu).unwrap_or_else(|e| panic!("{id}: {e}"));
                let descs = exp["results"].as_array().unwrap();
                let stores: Vec<Vec<u8>> = descs
                    .iter()
                    .map(|d| {
                        d.get("data")
                            .or_else(|| d.get("raw_data"))
                            .map(unhex)
                            .unwrap_or_default()
                    })
                    .collect();
                let results: Vec<ReadResult<'_>> = descs
                    .iter()
                    .zip(&stores)
                    .map(|(d, s)| read_result(d, s))
                    .collect();
                let built = ReadResponse {
                    results: List::new(&results),
                };
                assert_eq!(p, built, "{id}");
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            "WriteResponse" => {
                let p = WriteResponse::parse_exact(&apdu).unwrap_or_else(|e| panic!("{id}: {e}"));
                let results: Vec<WriteResult> = exp["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(write_result)
                    .collect();
                let built = WriteResponse {
                    results: List::new(&results),
                };
                assert_eq!(p, built, "{id}");
                emitted(built.buffer_len(), |o| built.emit(o))
            }
            other => panic!("{id}: unknown type {other}"),
        };
        assert_eq!(rebuilt, apdu, "{id}: built from values");
    }
    assert_eq!(generated, 9);
}

#[test]
fn parsed_apdus_re_emit_exactly() {
    for item in items() {
        let id = item["id"].as_str().unwrap();
        let apdu = unhex(&item["apdu"]);
        let out = match apdu[0] {
            0x05 => {
                let p = ReadRequest::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            0x06 => {
                let p = WriteRequest::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            0x0C => {
                let p = ReadResponse::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            0x0D => {
                let p = WriteResponse::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            0x16 => {
                let p = UnconfirmedWriteRequest::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            0x18 => {
                let p = InformationReportRequest::parse_exact(&apdu).unwrap();
                emitted(p.buffer_len(), |o| p.emit(o))
            }
            t => panic!("{id}: tag {t:#04x}"),
        };
        assert_eq!(out, apdu, "{id}");
        // Every truncation is an error, never a panic.
        for cut in 0..apdu.len() {
            let short = &apdu[..cut];
            let failed = match apdu[0] {
                0x05 => ReadRequest::parse_exact(short).is_err(),
                0x06 => WriteRequest::parse_exact(short).is_err(),
                0x0C => ReadResponse::parse_exact(short).is_err(),
                0x0D => WriteResponse::parse_exact(short).is_err(),
                0x16 => UnconfirmedWriteRequest::parse_exact(short).is_err(),
                _ => InformationReportRequest::parse_exact(short).is_err(),
            };
            assert!(failed, "{id}: cut at {cut}");
        }
    }
}
