//! Every byte string in the test suite of an independent implementation, u9n/dlms-cosem
//! (commit c52e9d44ef81, collected with the peer's own reading of each in
//! `tests/data/dlms_cosem_literals.json`), run through [`Apdu::parse_exact`].
//!
//! Each literal is classified below: an APDU that must parse with the meaning the peer
//! recorded (and re-emit byte for byte, as all of them are canonical), a deliberately wrong
//! APDU from a negative test that must fail with the error stated, A-XDR data, a wrapper PDU,
//! an HDLC frame (checked by dlms-hdlc), or a fragment (keys, titles, partial fields) that is
//! no APDU. A literal without a classification fails the test.
//!
//! Where our reading differs from the peer's, the entry says which side IEC 62056-5-3
//! supports and why.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

mod common;

use common::{emitted, json_array, unhex};
use dlms_apdu::action::ActionResponse;
use dlms_apdu::ciphered::{CipheredService, Ciphering};
use dlms_apdu::datablock::DataBlockResult;
use dlms_apdu::get::{GetDataResult, GetRequest, GetResponse};
use dlms_apdu::set::SetRequest;
use dlms_apdu::{Apdu, DataRef};

#[derive(Debug, Clone, Copy)]
enum Class {
    /// An APDU that parses, means `Meaning` and re-emits byte for byte.
    Apdu(Meaning),
    /// An APDU the peer reads although it is malformed or of another type than its test
    /// expects; our error kind (compared by variant name) and the reason.
    Rejected(&'static str, &'static str),
    /// One A-XDR Data value, or several in a row.
    Data,
    /// An IEC 62056-47 wrapper PDU: 8-byte header, then an APDU (or nothing).
    Wrapper,
    /// An HDLC frame or frame field (dlms-hdlc's tests read these).
    Hdlc,
    /// Keys, system titles, passwords, ciphertext, partial fields: no APDU.
    Fragment,
}

/// The meaning the peer recorded, as our types express it.
#[derive(Debug, Clone, Copy)]
enum Meaning {
    Rlrq,
    Rlre,
    Aarq,
    Aare,
    InitiateRequest,
    InitiateResponse,
    GloInitiateRequest,
    GeneralGloCiphering,
    DataNotification,
    GetRequestNormal,
    GetRequestNext(u32),
    GetRequestWithList(usize),
    GetResponseNormal,
    GetResponseNormalWithError,
    /// last-block, block number, raw-data (true) or error (false).
    GetResponseBlock(bool, u32, bool),
    GetResponseWithList(usize),
    SetRequestNormal,
    SetResponseNormal,
    SetResponseWithList,
    ActionRequestNormal(bool),
    ActionResponseNormal,
    ActionResponseNormalWithData,
    ActionResponseNormalWithError,
    ActionResponseWithPblock,
}

use Class::*;
use Meaning::*;

/// The classification of literal `i` (its index in the file).
fn classify(i: usize) -> Class {
    match i {
        0..=8 | 24 | 29 | 30 | 33..=35 | 41..=45 | 47 => Fragment,
        9 | 39 | 46 => Apdu(Rlrq),
        10 | 36..=38 => Apdu(Rlre),
        11 | 13 | 15 | 16 | 49..=55 | 57 | 58 | 60 | 85 | 120 | 130 | 136 | 187 | 192 | 194 => Data,
        // A decoder test's input with a leading 00 and a test of the decoder's limit: parts
        // of a value, not a value.
        12 | 14 => Fragment,
        // `82 0F 0F` is an A-XDR length (3855) on its own.
        17 => Fragment,
        18 | 153 | 158 => Apdu(GetResponseBlock(false, if i == 158 { 8 } else { 1 }, true)),
        19..=23 => Apdu(Aare),
        25..=28 | 31 | 32 => Apdu(Aarq),
        40 => Apdu(Rlrq),
        48 | 147 => Apdu(GetResponseNormal),
        56 | 59 => Fragment, // the contents of a date and a time, without their tags
        61 | 64..=66 | 118 => match i {
            64 => Apdu(DataNotification),
            65 => Fragment,
            _ => Apdu(GeneralGloCiphering),
        },
        62 | 63 => Fragment,
        67..=84 => Hdlc,
        86..=92 | 94..=103 => Fragment,
        93 => Apdu(GetRequestNormal),
        104..=117 => Wrapper,
        119 => Apdu(ActionRequestNormal(true)),
        121 => Apdu(ActionRequestNormal(false)),
        // C4 01 is get-response-normal: invoke id C0, result data [0], the integer 0F 00;
        // 20 octets remain, which the peer ignores. An APDU is the whole PDU, so octets
        // after it make it invalid.
        122 | 124 => Rejected(
            "TrailingBytes",
            "the peer ignores the octets after the first complete field",
        ),
        // ACTION-Request choice 2 is next-pblock: invoke id and a block number, nothing else.
        123 | 125 => Rejected(
            "TrailingBytes",
            "action-request-next-pblock carries only a block number",
        ),
        126 => Apdu(ActionResponseNormal),
        // C8 is glo-get-request: length 01 announces one octet of ciphered content, too
        // short for the security header.
        127 | 133 => Rejected("Truncated", "glo-get-request too short for its header"),
        // C7 02 is action-response-with-pblock, which the peer does not implement; the bytes
        // are a valid one (last-block 00, block 0x01000911, raw-data of 0x10 octets...).
        128 => Apdu(ActionResponseWithPblock),
        129 => Apdu(ActionResponseNormalWithData),
        131 | 132 => Apdu(ActionResponseNormalWithError),
        // action-response-with-pblock needs last-block, a 4-octet number and raw-data.
        134 => Rejected("Truncated", "action-response-with-pblock cut short"),
        135 => Apdu(DataNotification),
        137 => Apdu(GetRequestNormal),
        // C1 01 set-request-normal without its value: the value is not OPTIONAL in
        // Set-Request-Normal, so the APDU is incomplete (the peer reads an empty value).
        138 => Rejected("Truncated", "set-request-normal without the value"),
        // get-request-next: invoke id and block number only.
        139 => Rejected(
            "TrailingBytes",
            "get-request-next carries only a block number",
        ),
        140 => Apdu(GetRequestNext(1)),
        143 => Apdu(GetRequestNext(3)),
        // C1 02 / C0 01 with a next-request body: the form announced needs more octets.
        141 | 142 => Rejected("Truncated", "the announced form needs more octets"),
        144 => Apdu(GetRequestWithList(2)),
        // get-request-with-list of zero attributes followed by 4 stray octets: the peer
        // reads the empty list and ignores the rest.
        145 => Rejected("TrailingBytes", "an empty list followed by stray octets"),
        146 => Rejected("UnknownChoice", "GET-Request has no choice 4"),
        148 => Rejected("Truncated", "set-request-normal cut short"),
        // get-response-with-datablock: the result choice octet 0x91 is neither raw-data [0]
        // nor data-access-result [1].
        149 => Rejected("UnknownChoice", "DataBlock-G result has no choice 0x91"),
        150 => Apdu(GetResponseNormalWithError),
        151 | 152 => Rejected("Truncated", "the announced form needs more octets"),
        154 | 162 => Fragment, // raw-data of a block: part of a value
        155 | 163 | 169 => Rejected(
            "TrailingBytes",
            "set-response-datablock carries only a block number",
        ),
        // GET-Response choice 3 is with-list: the peer stops after one (null) result.
        156 | 164 | 170 => Rejected(
            "TrailingBytes",
            "get-response-with-list holds fewer results than octets",
        ),
        157 | 165 => Apdu(GetResponseBlock(true, if i == 165 { 8 } else { 1 }, true)),
        // A DataBlock-G carrying an error with last-block false: the peer refuses it as
        // inconsistent, but the ASN.1 allows it (only the raw-data length is constrained),
        // and a server may send it when a later block fails.
        159 => Apdu(GetResponseBlock(false, 1, false)),
        171 => Apdu(GetResponseBlock(false, 0x13, false)),
        // The raw-data length says one octet more than follows.
        160 | 167 => Rejected("LengthExceeds", "raw-data longer than the APDU"),
        161 => Apdu(GetResponseBlock(true, 0x13, true)),
        166 => Apdu(GetResponseBlock(true, 1, false)),
        168 => Apdu(GetResponseBlock(true, 0x13, false)),
        172 => Apdu(GetResponseWithList(2)),
        175 => Apdu(GetResponseWithList(9)),
        173 | 174 => Fragment,
        // CC is glo-get-response: its length 02 leaves no room for the security header.
        176 => Rejected("Truncated", "glo-get-response too short for its header"),
        177 | 178 => Apdu(InitiateRequest),
        179 | 183..=186 => Fragment,
        180 | 181 => Apdu(InitiateResponse),
        182 => Apdu(GloInitiateRequest),
        188 | 189 | 191 => Apdu(GetRequestNormal),
        // A range descriptor's parameters with the selector octet in front: the selector and
        // a Data, not one Data.
        190 => Fragment,
        193 => Apdu(SetRequestNormal),
        // C2 is event-notification-request: time OPTIONAL, present (01), then the length
        // octet C1, a long form announcing 0x41 length octets (A-XDR allows 1 to 4).
        195 => Rejected("InvalidLength", "event-notification time with a bad length"),
        // Set-Request choice 2 (with-first-datablock) reads the value as a data block whose
        // raw-data length (0x18) exceeds the octets left.
        196 => Rejected("LengthExceeds", "raw-data longer than the APDU"),
        // Choice 3 (with-datablock) takes only a data block; octets remain.
        197 => Rejected(
            "TrailingBytes",
            "set-request-with-datablock followed by stray octets",
        ),
        // Choice 4 (with-list): the descriptors run past the end of the input.
        198 => Rejected("Truncated", "set-request-with-list cut short"),
        // Choice 5 (with-list-and-first-datablock): a count of 0 descriptors, then a block,
        // then stray octets.
        199 => Rejected("TrailingBytes", "stray octets after the data block"),
        200 => Apdu(SetResponseNormal),
        201 => Rejected("UnknownTag", "C6 starts no APDU"),
        202 => Rejected("Truncated", "set-response-datablock needs a 4-octet number"),
        203 | 204 => Rejected("Truncated", "the announced form needs more octets"),
        // C5 05 is set-response-with-list; C1 is the invoke id and 00 an empty list: valid.
        205 => Apdu(SetResponseWithList),
        _ => panic!("literal {i} is not classified"),
    }
}

fn check_meaning(i: usize, apdu: &Apdu<'_>, m: Meaning) {
    let ok = match (m, apdu) {
        (Rlrq, Apdu::Rlrq(_)) | (Rlre, Apdu::Rlre(_)) => true,
        (Aarq, Apdu::Aarq(_)) | (Aare, Apdu::Aare(_)) => true,
        (InitiateRequest, Apdu::InitiateRequest(_)) => true,
        (InitiateResponse, Apdu::InitiateResponse(_)) => true,
        (GloInitiateRequest, Apdu::Ciphered(c)) => {
            c.kind.service == CipheredService::InitiateRequest
                && c.kind.ciphering == Ciphering::Global
        }
        (GeneralGloCiphering, Apdu::GeneralGloDedCiphering(g)) => g.ciphering == Ciphering::Global,
        (DataNotification, Apdu::DataNotification(_)) => true,
        (GetRequestNormal, Apdu::GetRequest(GetRequest::Normal(_))) => true,
        (GetRequestNext(n), Apdu::GetRequest(GetRequest::Next(r))) => r.block_number == n,
        (GetRequestWithList(n), Apdu::GetRequest(GetRequest::WithList(r))) => {
            r.attributes.len() == n
        }
        (GetResponseNormal, Apdu::GetResponse(GetResponse::Normal(r))) => {
            matches!(r.result, GetDataResult::Data(_))
        }
        (GetResponseNormalWithError, Apdu::GetResponse(GetResponse::Normal(r))) => {
            matches!(r.result, GetDataResult::AccessResult(_))
        }
        (GetResponseBlock(last, n, raw), Apdu::GetResponse(GetResponse::WithDatablock(r))) => {
            r.block.last_block == last
                && r.block.block_number == n
                && matches!(r.block.result, DataBlockResult::RawData(_)) == raw
        }
        (GetResponseWithList(n), Apdu::GetResponse(GetResponse::WithList(r))) => {
            r.results.len() == n
        }
        (SetRequestNormal, Apdu::SetRequest(SetRequest::Normal(_))) => true,
        (SetResponseNormal, Apdu::SetResponse(_)) => true,
        (SetResponseWithList, Apdu::SetResponse(s)) => s.choice() == 5,
        (ActionRequestNormal(with), Apdu::ActionRequest(a)) => {
            matches!(a, dlms_apdu::action::ActionRequest::Normal(n) if n.parameters.is_some() == with)
        }
        (ActionResponseNormal, Apdu::ActionResponse(ActionResponse::Normal(r))) => {
            r.response.return_parameters.is_none()
        }
        (ActionResponseNormalWithData, Apdu::ActionResponse(ActionResponse::Normal(r))) => {
            matches!(r.response.return_parameters, Some(GetDataResult::Data(_)))
        }
        (ActionResponseNormalWithError, Apdu::ActionResponse(ActionResponse::Normal(r))) => {
            matches!(
                r.response.return_parameters,
                Some(GetDataResult::AccessResult(_))
            )
        }
        (ActionResponseWithPblock, Apdu::ActionResponse(a)) => a.choice() == 2,
        _ => false,
    };
    assert!(ok, "literal {i}: expected {m:?}, read {apdu:?}");
}

fn parse_data_run(mut bytes: &[u8]) -> dlms_apdu::Result<usize> {
    let mut n = 0;
    while !bytes.is_empty() {
        let (_, rest) = DataRef::parse(bytes)?;
        bytes = rest;
        n += 1;
    }
    Ok(n)
}

#[test]
fn every_dlms_cosem_literal() {
    let literals = json_array(include_str!("data/dlms_cosem_literals.json"), "literals");
    assert_eq!(literals.len(), 206);
    let mut counts = [0usize; 6];
    for (i, lit) in literals.iter().enumerate() {
        let bytes = unhex(&lit["hex"]);
        match classify(i) {
            Apdu(m) => {
                let apdu = Apdu::parse_exact(&bytes)
                    .unwrap_or_else(|e| panic!("literal {i} ({}): {e}", lit["test"]));
                check_meaning(i, &apdu, m);
                let out = emitted(apdu.buffer_len(), |b| apdu.emit(b));
                assert_eq!(out, bytes, "literal {i} re-emits differently");
                counts[0] += 1;
            }
            Rejected(kind, why) => {
                let err = Apdu::parse_exact(&bytes).expect_err(why);
                let name = format!("{:?}", err.kind());
                assert!(
                    name.starts_with(kind),
                    "literal {i} ({why}): expected {kind}, got {name}"
                );
                counts[1] += 1;
            }
            Data => {
                assert!(parse_data_run(&bytes).unwrap() >= 1, "literal {i}");
                assert!(Apdu::parse_exact(&bytes).is_err(), "literal {i} is data");
                counts[2] += 1;
            }
            Wrapper => {
                let (header, apdu) = bytes.split_at(8);
                assert_eq!(&header[..2], &[0x00, 0x01], "wrapper version");
                let len = usize::from(u16::from_be_bytes([header[6], header[7]]));
                if !apdu.is_empty() {
                    assert_eq!(len, apdu.len());
                    let parsed = Apdu::parse_exact(apdu).unwrap();
                    check_meaning(i, &parsed, GeneralGloCiphering);
                }
                counts[3] += 1;
            }
            Hdlc => counts[4] += 1,
            Fragment => counts[5] += 1,
        }
        // Whatever the class, parsing never panics and errors point into the input.
        if let Err(e) = Apdu::parse(&bytes) {
            assert!(
                e.offset() <= bytes.len(),
                "literal {i}: offset past the end"
            );
        }
    }
    // 62 APDUs, 35 negatives, 21 data, 14 wrapper PDUs, 18 HDLC, 56 fragments.
    assert_eq!(counts, [62, 35, 21, 14, 18, 56], "counts per class");
}
