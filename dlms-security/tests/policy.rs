#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
//! The Security setup security policy against written-out truth tables.
//!
//! Values (DLMS UA 1000-1, Security setup attribute 2): version 0 enum 0..3; version 1 bits
//! 2..7 = authenticated, encrypted, signed request, then authenticated, encrypted, signed
//! response. The version 1 bit positions agree with Gurux.DLMS.Net
//! `Development/Objects/Enums/SecurityPolicy1.cs` @434fee43d3f7.

use dlms_security::policy::{Direction, PolicyV0, PolicyV1, Protection, SecurityPolicy};
use dlms_security::{Error, SecurityControl, SecuritySuite};

/// The received protections, in the column order of the tables below.
fn columns(suite: u8) -> [Protection; 10] {
    let sc = |v: u8| Some(SecurityControl(v | suite));
    let p = |security_control, signed| Protection {
        security_control,
        signed,
    };
    [
        p(None, false),
        p(sc(0x00), false),
        p(sc(0x10), false),
        p(sc(0x20), false),
        p(sc(0x30), false),
        p(None, true),
        p(sc(0x00), true),
        p(sc(0x10), true),
        p(sc(0x20), true),
        p(sc(0x30), true),
    ]
}

// Columns:   plain  SC-00  SC-10  SC-20  SC-30 | signed: plain  SC-00  SC-10  SC-20  SC-30
/// Version 0: accepted (Y) or refused (N), the same for requests and responses.
const V0: [(u8, &str); 4] = [
    (0, "YYYYYYYYYY"),
    (1, "NNYNYNNYNY"),
    (2, "NNNYYNNNYY"),
    (3, "NNNNYNNNNY"),
];

/// Which columns satisfy each single requirement.
const AUTHENTICATED: &str = "NNYNYNNYNY";
const ENCRYPTED: &str = "NNNYYNNNYY";
const SIGNED: &str = "NNNNNYYYYY";

/// Version 1: each bit, the direction it governs and the requirement it sets.
const V1_BITS: [(u8, Direction, &str); 6] = [
    (0x04, Direction::Request, AUTHENTICATED),
    (0x08, Direction::Request, ENCRYPTED),
    (0x10, Direction::Request, SIGNED),
    (0x20, Direction::Response, AUTHENTICATED),
    (0x40, Direction::Response, ENCRYPTED),
    (0x80, Direction::Response, SIGNED),
];

fn check_row(policy: SecurityPolicy, direction: Direction, row: &str, suite: u8) {
    for (col, (p, expect)) in columns(suite).iter().zip(row.chars()).enumerate() {
        let got = policy.check(direction, *p);
        match expect {
            'Y' => assert_eq!(got, Ok(()), "{policy:?} {direction:?} column {col}"),
            _ => assert_eq!(
                got,
                Err(Error::PolicyViolation {
                    security_control: p.security_control.map_or(0, |sc| sc.0)
                }),
                "{policy:?} {direction:?} column {col}"
            ),
        }
    }
}

#[test]
fn version_0_every_value() {
    for (value, row) in V0 {
        let policy = SecurityPolicy::from_attribute(0, value).unwrap();
        assert_eq!(policy.value(), value);
        for suite in [0, 1, 2] {
            for direction in [Direction::Request, Direction::Response] {
                check_row(policy, direction, row, suite);
            }
        }
    }
    for value in 4..=255 {
        assert_eq!(SecurityPolicy::from_attribute(0, value), None);
        assert_eq!(PolicyV0::from_value(value), None);
    }
}

#[test]
fn version_1_every_bit_combination() {
    for value in 0..=255u8 {
        let policy = SecurityPolicy::from_attribute(1, value).unwrap();
        assert_eq!(policy, SecurityPolicy::V1(PolicyV1(value)));
        assert_eq!(policy.value(), value);
        for direction in [Direction::Request, Direction::Response] {
            // The row is the AND of the rows of the bits set for this direction.
            let mut row = *b"YYYYYYYYYY";
            for (bit, d, need) in V1_BITS {
                if d == direction && value & bit != 0 {
                    for (cell, n) in row.iter_mut().zip(need.bytes()) {
                        if n == b'N' {
                            *cell = b'N';
                        }
                    }
                }
            }
            check_row(policy, direction, core::str::from_utf8(&row).unwrap(), 1);
        }
    }
}

#[test]
fn version_1_written_out_rows() {
    // A few full rows, independent of the composition above.
    let cases: [(u8, Direction, &str); 8] = [
        (0x00, Direction::Request, "YYYYYYYYYY"),
        (0x03, Direction::Request, "YYYYYYYYYY"),
        (0x0C, Direction::Request, "NNNNYNNNNY"),
        (0x0C, Direction::Response, "YYYYYYYYYY"),
        (0x60, Direction::Response, "NNNNYNNNNY"),
        (0x94, Direction::Request, "NNNNNNNYNY"),
        (0x94, Direction::Response, "NNNNNYYYYY"),
        (0xFC, Direction::Response, "NNNNNNNNNY"),
    ];
    for (value, direction, row) in cases {
        check_row(SecurityPolicy::V1(PolicyV1(value)), direction, row, 1);
    }
    assert!(
        !PolicyV1(0x3C).contains(PolicyV1::AUTHENTICATED_REQUEST | PolicyV1::ENCRYPTED_RESPONSE)
    );
    assert!(
        PolicyV1(0x6C).contains(PolicyV1::AUTHENTICATED_REQUEST | PolicyV1::ENCRYPTED_RESPONSE)
    );
}

#[test]
fn protection_to_apply_version_0() {
    // Expected security control per value (None = plain), suite id in the low bits.
    let table: [(u8, Option<u8>); 4] =
        [(0, None), (1, Some(0x10)), (2, Some(0x20)), (3, Some(0x30))];
    for (value, sc) in table {
        let policy = SecurityPolicy::V0(PolicyV0::from_value(value).unwrap());
        for suite in [
            SecuritySuite::Suite0,
            SecuritySuite::Suite1,
            SecuritySuite::Suite2,
        ] {
            for direction in [Direction::Request, Direction::Response] {
                let p = policy.protection(direction, suite).unwrap();
                assert_eq!(
                    p.security_control,
                    sc.map(|b| SecurityControl(b | suite.id()))
                );
                assert!(!p.signed);
                // What we send satisfies what we require.
                assert_eq!(policy.check(direction, p), Ok(()));
            }
        }
    }
}

#[test]
fn protection_to_apply_version_1() {
    for value in 0..=255u8 {
        let policy = SecurityPolicy::V1(PolicyV1(value));
        for suite in [
            SecuritySuite::Suite0,
            SecuritySuite::Suite1,
            SecuritySuite::Suite2,
        ] {
            for direction in [Direction::Request, Direction::Response] {
                let shift = match direction {
                    Direction::Request => 2,
                    Direction::Response => 5,
                };
                let (a, e, s) = (
                    value >> shift & 1 == 1,
                    value >> (shift + 1) & 1 == 1,
                    value >> (shift + 2) & 1 == 1,
                );
                let got = policy.protection(direction, suite);
                if s && suite == SecuritySuite::Suite0 {
                    assert_eq!(got, Err(Error::UnsupportedSuite(0)));
                    continue;
                }
                let p = got.unwrap();
                let expected_sc = (a || e).then(|| SecurityControl::new(suite.id(), a, e));
                assert_eq!(
                    p.security_control, expected_sc,
                    "{value:#04x} {direction:?}"
                );
                assert_eq!(p.signed, s);
                assert_eq!(policy.check(direction, p), Ok(()));
            }
        }
    }
}

#[test]
fn protection_constructors_and_predicates() {
    assert_eq!(Protection::PLAIN, Protection::default());
    assert!(!Protection::PLAIN.is_authenticated());
    let p = Protection::ciphered(SecurityControl(0x31));
    assert!(p.is_authenticated() && p.is_encrypted() && !p.signed);
    assert_eq!(SecurityPolicy::default().value(), 0);
    assert_eq!(SecurityPolicy::from_attribute(2, 0), None);
}
