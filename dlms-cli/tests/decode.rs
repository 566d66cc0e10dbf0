#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! `dlms decode`, run as a program.
//!
//! Vectors: `tests/data/captures.json` holds real pushes with published keys (a Landis+Gyr
//! E570 from scs/smartmeter-datacollector `tests/testdata/lg_e570.py` @1507c3fc4d0f, a
//! Kaifa push from reitermarkus/dlms-cosem-rs `src/lib.rs` @653ada4093bc);
//! `tests/data/glo_get_request.json` the DLMS UA Green Book glo-get-request example in its
//! three protection modes, as cited by openmuc jDLMS `CipheringTest.java` @968f7232a087
//! and the Gurux unit tests. Each file keeps its items' provenance.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use dlms_hdlc::{Address, FrameKind, Segmenter};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dlms");

fn captures() -> Value {
    serde_json::from_str(include_str!("data/captures.json")).unwrap()
}

fn capture(id: &str) -> Value {
    captures()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
        .clone()
}

fn glo_get_request(sc: &str) -> Value {
    let doc: Value = serde_json::from_str(include_str!("data/glo_get_request.json")).unwrap();
    doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["security_control"] == sc)
        .unwrap()
        .clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// Runs `dlms` with `args`, feeding `stdin` if given.
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The JSON objects printed, one per line, after checking the run succeeded.
fn json_lines(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "failed: {}", stderr(o));
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A failed run: exit status 1 with a message, not a panic.
fn assert_clean_failure(o: &Output, what: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{what}: {err}");
    assert!(err.starts_with("dlms: "), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn e570_push_decodes_to_the_recorded_plaintext_and_values() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let o = run(
        &["decode", "--json", "--ek", s(&c["key"]["EK"]), "-"],
        Some(s(&c["raw_stream"]).as_bytes()),
    );
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1);
    let v = &lines[0];
    assert_eq!(v["apdu"], "general-glo-ciphering");
    assert_eq!(v["transport"]["kind"], "hdlc");
    assert_eq!(v["transport"]["frames"], 5);
    assert_eq!(v["general_block_transfer_blocks"], 5);
    let sec = &v["security"];
    assert_eq!(sec["security_control"], 0x20);
    assert_eq!(sec["system_title"], c["ciphering"]["system_title"]);
    assert_eq!(sec["invocation_counter"], 0x2476);
    assert_eq!(sec["tag_verified"], false);
    assert_eq!(sec["unprotected"], true);
    assert_eq!(v["plaintext"], c["ciphering"]["plaintext"]);
    assert_eq!(v["plain_apdu"], "data-notification");
    // The notification body: the push list, the push id, the meter's logical device name,
    // its clock, then the energy registers (long64-unsigned, Wh).
    let body = v["data"]["structure"].as_array().unwrap();
    assert_eq!(body.len(), 18);
    assert_eq!(body[0]["array"].as_array().unwrap().len(), 18);
    assert_eq!(body[2]["octet-string"], hex::encode(b"LGZ1030769231253"));
    assert_eq!(body[3]["octet-string"], "07e8030d0309022dff800000");
    assert_eq!(body[8]["long64-unsigned"], 862_055);
    assert_eq!(body[9]["long64-unsigned"], 641_361);
    assert_eq!(body[17]["long"], 1000);
    // The push object list names them (cosem-objects): class 3 (register), attribute 2.
    let named = &v["named"];
    assert_eq!(named["layout"], "PushObjectList");
    let values = named["values"].as_array().unwrap();
    assert_eq!(values.len(), 17);
    assert_eq!(values[7]["logical_name"], "1.1.1.8.0.255");
    assert_eq!(values[7]["class_id"], 3);
    assert_eq!(values[7]["attribute"], 2);
    assert_eq!(values[7]["value"]["long64-unsigned"], 862_055);
}

#[test]
fn e570_push_as_an_argument_and_as_raw_octets_prints_the_same() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let ek = s(&c["key"]["EK"]);
    let hex_text = s(&c["raw_stream"]);
    let from_stdin = run(
        &["decode", "--json", "--ek", ek, "-"],
        Some(hex_text.as_bytes()),
    );
    let from_arg = run(&["decode", "--json", "--ek", ek, hex_text], None);
    let raw = hex::decode(hex_text).unwrap();
    let from_raw = run(&["decode", "--json", "--ek", ek, "-"], Some(&raw));
    assert_eq!(json_lines(&from_stdin), json_lines(&from_arg));
    assert_eq!(json_lines(&from_stdin), json_lines(&from_raw));
    // Spaced and colon-separated hex reads the same.
    let spaced: String = raw
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":");
    let from_spaced = run(&["decode", "--json", "--ek", ek, &spaced], None);
    assert_eq!(json_lines(&from_stdin), json_lines(&from_spaced));
}

#[test]
fn e570_push_tree_shows_envelope_and_notification() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let o = run(
        &["decode", "--ek", s(&c["key"]["EK"]), s(&c["raw_stream"])],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("5 general-block-transfer blocks"), "{text}");
    assert!(text.contains("general-glo-ciphering\n"), "{text}");
    assert!(
        text.contains("system title 4C475A6774206295 (LGZ)"),
        "{text}"
    );
    assert!(text.contains("invocation counter 9334"), "{text}");
    assert!(text.contains("no tag (encryption only)"), "{text}");
    assert!(text.contains("data-notification\n"), "{text}");
    assert!(text.contains("long64-unsigned: 862055"), "{text}");
    assert!(
        text.contains("-- named values (layout PushObjectList):"),
        "{text}"
    );
    assert!(
        text.contains("1-1:1.8.0*255      long64-unsigned: 862055"),
        "{text}"
    );
}

#[test]
fn without_keys_the_envelope_is_shown_and_the_content_stays_ciphered() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let o = run(&["decode", "--json", s(&c["raw_stream"])], None);
    let v = &json_lines(&o)[0];
    assert_eq!(v["content"], "ciphered");
    assert_eq!(v["security"]["system_title"], "4C475A6774206295");
    assert_eq!(v["security"]["invocation_counter"], 0x2476);
    assert_eq!(v["security"]["unprotected"], false);
    assert!(v.get("plaintext").is_none());
    assert!(v.get("data").is_none());

    let o = run(&["decode", s(&c["raw_stream"])], None);
    assert!(o.status.success());
    assert!(stdout(&o).contains("is ciphered: give the keys"));
}

#[test]
fn a_wrong_key_fails_cleanly_and_prints_no_plaintext() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let o = run(
        &[
            "decode",
            "--json",
            "--ek",
            "101112131415161718191A1B1C1D1E10",
            s(&c["raw_stream"]),
        ],
        None,
    );
    assert_clean_failure(&o, "wrong encryption-only key");
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("wrong key"), "{}", stderr(&o));

    let v = glo_get_request("30");
    let o = run(
        &[
            "decode",
            "--ek",
            s(&v["EK"]),
            "--ak",
            "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDE",
            "--system-title",
            s(&v["system_title"]),
            s(&v["expected_apdu"]),
        ],
        None,
    );
    assert_clean_failure(&o, "wrong authentication key");
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("authentication failed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn green_book_glo_get_requests_decode_with_verified_tags() {
    for sc in ["10", "20", "30"] {
        let v = glo_get_request(sc);
        let o = run(
            &[
                "decode",
                "--json",
                "--ek",
                s(&v["EK"]),
                "--ak",
                s(&v["AK"]),
                "--system-title",
                s(&v["system_title"]),
                s(&v["expected_apdu"]),
            ],
            None,
        );
        let lines = json_lines(&o);
        assert_eq!(lines.len(), 1, "{sc}");
        let out = &lines[0];
        assert_eq!(out["apdu"], "glo-get-request", "{sc}");
        assert_eq!(out["transport"]["kind"], "apdu", "{sc}");
        assert_eq!(out["plaintext"], v["plaintext_apdu"], "{sc}");
        assert_eq!(out["plain_apdu"], "get-request", "{sc}");
        let sec = &out["security"];
        assert_eq!(
            sec["security_control"],
            u8::from_str_radix(sc, 16).unwrap(),
            "{sc}"
        );
        assert_eq!(sec["invocation_counter"], 0x0123_4567, "{sc}");
        assert_eq!(sec["system_title"], v["system_title"], "{sc}");
        // Authentication only and authenticated encryption carry a tag that verified.
        assert_eq!(sec["tag_verified"], sc != "20", "{sc}");
        assert_eq!(sec["unprotected"], true, "{sc}");
    }
}

#[test]
fn a_service_specific_apdu_needs_the_senders_system_title() {
    let v = glo_get_request("30");
    let o = run(
        &[
            "decode",
            "--ek",
            s(&v["EK"]),
            "--ak",
            s(&v["AK"]),
            s(&v["expected_apdu"]),
        ],
        None,
    );
    assert_clean_failure(&o, "no system title");
    assert!(stderr(&o).contains("--system-title"), "{}", stderr(&o));
}

#[test]
fn every_damaged_octet_of_an_authenticated_apdu_is_refused() {
    let v = glo_get_request("30");
    let apdu = hex::decode(s(&v["expected_apdu"])).unwrap();
    for i in 0..apdu.len() {
        let mut bad = apdu.clone();
        bad[i] ^= 0x01;
        let o = run(
            &[
                "decode",
                "--json",
                "--ek",
                s(&v["EK"]),
                "--ak",
                s(&v["AK"]),
                "--system-title",
                s(&v["system_title"]),
                &hex::encode(&bad),
            ],
            None,
        );
        assert_clean_failure(&o, &format!("octet {i} flipped"));
        assert!(o.stdout.is_empty(), "octet {i} flipped");
    }
}

#[test]
fn every_truncation_of_the_e570_stream_fails_cleanly() {
    let c = capture("scs-lg_e570-encrypted_valid_data");
    let raw = hex::decode(s(&c["raw_stream"])).unwrap();
    for len in 1..raw.len() {
        let o = run(
            &[
                "decode",
                "--json",
                "--ek",
                s(&c["key"]["EK"]),
                &hex::encode(&raw[..len]),
            ],
            None,
        );
        assert_clean_failure(&o, &format!("first {len} octets"));
        assert!(o.stdout.is_empty(), "first {len} octets");
    }
}

#[test]
fn every_truncation_of_a_bare_apdu_fails_cleanly() {
    let c = capture("reitermarkus-kaifa-kfm-glo");
    let apdu = hex::decode(s(&c["apdu"])).unwrap();
    for len in 1..apdu.len() {
        let o = run(
            &[
                "decode",
                "--ek",
                s(&c["key"]["EK"]),
                &hex::encode(&apdu[..len]),
            ],
            None,
        );
        assert_clean_failure(&o, &format!("first {len} octets"));
    }
}

#[test]
fn a_bare_apdu_and_a_wrapper_pdu_are_detected() {
    let c = capture("reitermarkus-kaifa-kfm-glo");
    let apdu = hex::decode(s(&c["apdu"])).unwrap();
    let ek = s(&c["key"]["EK"]);

    let bare = &json_lines(&run(&["decode", "--json", "--ek", ek, s(&c["apdu"])], None))[0];
    assert_eq!(bare["transport"]["kind"], "apdu");
    assert_eq!(bare["apdu"], "general-glo-ciphering");
    assert_eq!(bare["security"]["security_control"], 0x21);
    assert_eq!(bare["security"]["suite"], 1);
    assert_eq!(bare["plaintext"], c["ciphering"]["plaintext"]);
    // OBIS-keyed values with their scaler-units: L1 voltage 2336 * 10^-1 V.
    let l1 = bare["named"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["logical_name"] == "1.0.32.7.0.255")
        .unwrap();
    assert_eq!(l1["value"]["long-unsigned"], 2336);
    assert_eq!(l1["scaled"], "233.6");
    assert_eq!(l1["unit"], "V");

    // The same APDU in an IEC 62056-47 wrapper PDU: version 1, wPorts 1 -> 16, length.
    let mut pdu = vec![0x00, 0x01, 0x00, 0x01, 0x00, 0x10];
    pdu.extend_from_slice(&(apdu.len() as u16).to_be_bytes());
    pdu.extend_from_slice(&apdu);
    let wrapped = &json_lines(&run(
        &["decode", "--json", "--ek", ek, &hex::encode(&pdu)],
        None,
    ))[0];
    assert_eq!(wrapped["transport"]["kind"], "wrapper");
    assert_eq!(wrapped["transport"]["source"], 1);
    assert_eq!(wrapped["transport"]["destination"], 16);
    assert_eq!(wrapped["plaintext"], bare["plaintext"]);
    assert_eq!(wrapped["data"], bare["data"]);

    // A wrapper PDU one octet short of its length field.
    let o = run(
        &["decode", "--ek", ek, &hex::encode(&pdu[..pdu.len() - 1])],
        None,
    );
    assert_clean_failure(&o, "short wrapper PDU");
    assert!(stderr(&o).contains("wrapper"), "{}", stderr(&o));
}

#[test]
fn plain_get_responses_carry_their_data() {
    // get-response-normal, invoke id C1, data double-long-unsigned 0x1234, in a wrapper.
    let o = run(
        &["decode", "--json", "0001000100010009C401C1000600001234"],
        None,
    );
    let v = &json_lines(&o)[0];
    assert_eq!(v["apdu"], "get-response");
    assert!(v.get("security").is_none());
    assert_eq!(v["plaintext"], "C401C1000600001234");
    assert_eq!(
        v["data"],
        serde_json::json!({ "double-long-unsigned": 0x1234 })
    );

    // get-response-with-list: a value and a data-access-result (4, object-undefined).
    let o = run(&["decode", "--json", "C403C102001100 0104"], None);
    let v = &json_lines(&o)[0];
    assert_eq!(
        v["data"],
        serde_json::json!([{ "unsigned": 0 }, { "data-access-result": "object-undefined" }])
    );
}

#[test]
fn segmented_i_frames_are_joined() {
    // A get-response long enough to need four I-frames of 32 octets of information.
    let mut apdu = vec![0xE6, 0xE7, 0x00, 0xC4, 0x01, 0xC1, 0x00, 0x09, 0x64];
    apdu.extend((0..100u8).map(|i| i.wrapping_mul(7)));
    let dest = Address::new_one(0x21).unwrap();
    let src = Address::new_one(0x03).unwrap();
    let kind = FrameKind::I {
        ns: 5,
        nr: 2,
        window: 1,
    };
    let frames: Vec<Vec<u8>> = Segmenter::new(&apdu, 32)
        .frames(dest, src, kind)
        .map(|frame| {
            let mut buf = vec![0u8; frame.buffer_len() + 2];
            let n = frame.emit_flagged(&mut buf).unwrap();
            buf.truncate(n);
            buf
        })
        .collect();
    assert_eq!(frames.len(), 4);
    let wire = frames.concat();
    let v = &json_lines(&run(&["decode", "--json", &hex::encode(&wire)], None))[0];
    assert_eq!(
        v["transport"],
        serde_json::json!({ "kind": "hdlc", "frames": 4 })
    );
    assert_eq!(v["apdu"], "get-response");
    assert_eq!(v["plaintext"], hex::encode_upper(&apdu[3..]));
    assert_eq!(
        v["data"]["octet-string"],
        hex::encode((0..100u8).map(|i| i.wrapping_mul(7)).collect::<Vec<_>>())
    );

    // The same frames with the second one left out: a sequence gap.
    let gap = [&frames[0][..], &frames[2], &frames[3]].concat();
    let o = run(&["decode", &hex::encode(&gap)], None);
    assert_clean_failure(&o, "missing segment");
}

#[test]
fn garbage_is_refused_with_a_message() {
    for (input, message) in [
        ("zz", "not hex"),
        ("0a0", "odd number"),
        ("7E7E", "no HDLC frame"),
        ("7EA00703211093FF7E", "bad HDLC frame"),
        ("FF00", "not a well-formed APDU"),
        ("C0", "not a well-formed APDU"),
    ] {
        let o = run(&["decode", input], None);
        assert_clean_failure(&o, input);
        assert!(stderr(&o).contains(message), "{input}: {}", stderr(&o));
    }
    let o = run(&["decode", "-"], Some(b""));
    assert_clean_failure(&o, "empty stdin");
    let o = run(&["decode", "--ek", "0011", "C0"], None);
    assert_eq!(o.status.code(), Some(2), "clap refuses a short key");
    assert!(stderr(&o).contains("16 (suites 0, 1) or 32"));
}

#[test]
fn help_lists_decode_only() {
    let o = run(&["--help"], None);
    assert!(o.status.success());
    let text = stdout(&o);
    let commands: Vec<&str> = text
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(commands, ["decode", "help"]);

    let o = run(&["decode", "--help"], None);
    let text = stdout(&o);
    assert!(text.contains("Examples:"));
    assert!(text.contains("--system-title"));
}

/// A general-ciphering APDU (`DD`) protecting `plain` under `key` (authenticated
/// encryption), with the key information `key_info` (presence octet included). The
/// authenticated data is `SC || AK`, followed for suites 1 and 2 by the five header
/// fields, the layout Gurux.DLMS uses (`GXDLMSChippering.getAuthenticatedData`).
fn general_ciphering(sc: u8, key: &[u8], ak: &[u8], key_info: &[u8], plain: &[u8]) -> Vec<u8> {
    use dlms_security::gcm::{AnyGcm, ApduCipher};
    use dlms_security::{InvocationCounter, Iv, SystemTitle};

    let originator = [0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E];
    let recipient = [0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1];
    let ic = 0x0102_0304u32;
    let mut header = vec![8];
    header.extend_from_slice(&u64::from(ic).to_be_bytes());
    header.push(8);
    header.extend_from_slice(&originator);
    header.push(8);
    header.extend_from_slice(&recipient);
    header.extend_from_slice(&[0, 0]); // no date-time, no other-information
    let mut aad = vec![sc];
    aad.extend_from_slice(ak);
    if sc & 0x0F != 0 {
        aad.extend_from_slice(&header);
    }
    let mut text = plain.to_vec();
    let tag = AnyGcm::new(key)
        .unwrap()
        .seal_in_place(
            &Iv::new(&SystemTitle(originator), InvocationCounter(ic)),
            &aad,
            &mut text,
        )
        .unwrap();
    let mut content = vec![sc];
    content.extend_from_slice(&ic.to_be_bytes());
    content.extend_from_slice(&text);
    content.extend_from_slice(&tag);
    let mut apdu = vec![0xDD];
    apdu.extend_from_slice(&header);
    apdu.extend_from_slice(key_info);
    apdu.push(content.len() as u8);
    apdu.extend_from_slice(&content);
    apdu
}

#[test]
fn general_ciphering_with_identified_and_wrapped_keys() {
    use dlms_security::kw::wrap_key;
    use dlms_security::{GlobalUnicastKey, MasterKey};

    let plain = hex::decode("C401C1000600001234").unwrap();
    let ek = [0x11u8; 16];
    let ak = [0x22u8; 16];
    let kek = [0x33u8; 16];

    // Identified key (the global unicast key), suite 1: the header is authenticated too.
    let apdu = general_ciphering(0x31, &ek, &ak, &[0x01, 0x00, 0x00], &plain);
    let args = |extra: &[&str], apdu: &[u8]| {
        let mut a = vec!["decode".to_owned(), "--json".to_owned()];
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a.push(hex::encode(apdu));
        a
    };
    let run_args = |a: Vec<String>| run(&a.iter().map(String::as_str).collect::<Vec<_>>(), None);
    let (ek_hex, ak_hex, kek_hex) = (hex::encode(ek), hex::encode(ak), hex::encode(kek));
    let v = &json_lines(&run_args(args(&["--ek", &ek_hex, "--ak", &ak_hex], &apdu)))[0];
    assert_eq!(v["apdu"], "general-ciphering");
    assert_eq!(v["plaintext"], "C401C1000600001234");
    assert_eq!(
        v["data"],
        serde_json::json!({ "double-long-unsigned": 0x1234 })
    );
    assert_eq!(v["security"]["tag_verified"], true);
    assert_eq!(v["security"]["system_title"], "4D4D4D0000BC614E");
    assert_eq!(v["security"]["invocation_counter"], 0x0102_0304);
    assert_eq!(
        v["security"]["key_info"],
        "identified-key (global-unicast-encryption-key)"
    );
    // A damaged header octet (in the authenticated data) is refused.
    let mut bad = apdu.clone();
    bad[3] ^= 1;
    let o = run_args(args(&["--ek", &ek_hex, "--ak", &ak_hex], &bad));
    assert_clean_failure(&o, "damaged transaction id");

    // Wrapped key, suite 0: the content key travels wrapped under the master key.
    let content_key = [0x44u8; 16];
    let mut wrapped = [0u8; 24];
    wrap_key(
        &MasterKey::from_slice(&kek).unwrap(),
        &GlobalUnicastKey::from_slice(&content_key).unwrap(),
        &mut wrapped,
    )
    .unwrap();
    let mut key_info = vec![0x01, 0x01, 0x00, 24];
    key_info.extend_from_slice(&wrapped);
    let apdu = general_ciphering(0x30, &content_key, &ak, &key_info, &plain);
    let v = &json_lines(&run_args(args(
        &["--kek", &kek_hex, "--ak", &ak_hex],
        &apdu,
    )))[0];
    assert_eq!(v["plaintext"], "C401C1000600001234");
    assert_eq!(v["security"]["key_info"], "wrapped-key");
    assert_eq!(v["security"]["tag_verified"], true);

    // Without --kek the content stays ciphered; under another master key it fails.
    let v = &json_lines(&run_args(args(&[], &apdu)))[0];
    assert_eq!(v["content"], "ciphered");
    let o = run_args(args(&["--kek", &ek_hex, "--ak", &ak_hex], &apdu));
    assert_clean_failure(&o, "wrong master key");
    assert!(stderr(&o).contains("wrong master key"), "{}", stderr(&o));
}

#[test]
fn get_response_datablocks_are_joined() {
    // An array of two long-unsigned values (01 02 12 0005 12 0006) sent in two
    // get-response-with-datablock blocks, each in a wrapper PDU.
    let first = "000100010001000EC402C10000000001000401021200";
    let last = "000100010001000EC402C10100000002000405120006";
    let lines = json_lines(&run(&["decode", "--json", &format!("{first}{last}")], None));
    assert_eq!(lines.len(), 2);
    assert!(lines[0].get("data").is_none());
    assert_eq!(
        lines[1]["data"],
        serde_json::json!({ "array": [{ "long-unsigned": 5 }, { "long-unsigned": 6 }] })
    );
    // Without the last block the value is incomplete; with the first twice, out of order.
    let o = run(&["decode", first], None);
    assert_clean_failure(&o, "first block only");
    assert!(stderr(&o).contains("datablock"), "{}", stderr(&o));
    let o = run(&["decode", &format!("{first}{first}")], None);
    assert_clean_failure(&o, "block repeated");
}
