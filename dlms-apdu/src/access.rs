//! ACCESS-Request and ACCESS-Response (IEC 62056-5-3, the ACCESS service and the xDLMS
//! ASN.1 module: `Access-Request`, `Access-Response`).
//!
//! The ACCESS service carries several GET, SET and ACTION operations in one APDU: a list of
//! request specifications and a list of data (one entry per specification: null-data for a
//! GET, the value for a SET, the parameters for an ACTION). The response repeats the
//! specifications optionally and returns a list of data and one result per operation.
//!
//! Every list is a [`List`]: read lazily from the encoded bytes, so parsing needs no
//! allocator, or built from a slice for emitting.
//!
//! ```
//! use dlms_apdu::access::{AccessRequest, AccessRequestSpecification};
//! use dlms_apdu::descriptor::AttributeDescriptor;
//! use dlms_apdu::registry::ClassId;
//! use dlms_apdu::{DataRef, List, LongInvokeIdAndPriority};
//!
//! // Read the clock (0.0.1.0.0.255, attribute 2) through ACCESS.
//! let specs = [AccessRequestSpecification::Get(AttributeDescriptor::new(
//!     ClassId::CLOCK,
//!     [0, 0, 1, 0, 0, 255],
//!     2,
//! ))];
//! let data = [DataRef::NullData];
//! let req = AccessRequest {
//!     long_invoke_id_and_priority: LongInvokeIdAndPriority(0x4000_0001),
//!     date_time: &[],
//!     access_request_specification: List::new(&specs),
//!     access_request_list_of_data: List::new(&data),
//! };
//! let mut out = [0u8; 32];
//! let n = req.emit(&mut out)?;
//! assert_eq!(&out[..n], &[
//!     0xD9, 0x40, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00,
//!     0x00, 0xFF, 0x02, 0x01, 0x00,
//! ]);
//! assert_eq!(AccessRequest::parse_exact(&out[..n])?, req);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{Field, Reader, Writer, codec_fns, octets_len};
use crate::data::DataRef;
use crate::datetime::DateTime;
use crate::descriptor::{AttributeDescriptor, MethodDescriptor, SelectiveAccess};
use crate::error::{ErrorKind, Result};
use crate::invoke::LongInvokeIdAndPriority;
use crate::list::{List, list_item};
use crate::registry::{ActionResult, DataAccessResult};
use crate::render::{Hex, Render, Renderer};

list_item!(AccessRequestSpecification<'a>, 1 + AttributeDescriptor::LEN);
list_item!(AccessResponseSpecification, fixed AccessResponseSpecification::LEN);

/// One operation of an ACCESS request (`Access-Request-Specification`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AccessRequestSpecification<'a> {
    /// access-request-get \[1\].
    Get(AttributeDescriptor),
    /// access-request-set \[2\].
    Set(AttributeDescriptor),
    /// access-request-action \[3\].
    Action(MethodDescriptor),
    /// access-request-get-with-selection \[4\].
    GetWithSelection {
        /// The attribute.
        attribute: AttributeDescriptor,
        /// The selective access (not optional here).
        access: SelectiveAccess<'a>,
    },
    /// access-request-set-with-selection \[5\].
    SetWithSelection {
        /// The attribute.
        attribute: AttributeDescriptor,
        /// The selective access (not optional here).
        access: SelectiveAccess<'a>,
    },
}

impl<'a> AccessRequestSpecification<'a> {
    /// The alternative's tag.
    #[must_use]
    pub const fn tag(&self) -> u8 {
        match self {
            Self::Get(_) => 1,
            Self::Set(_) => 2,
            Self::Action(_) => 3,
            Self::GetWithSelection { .. } => 4,
            Self::SetWithSelection { .. } => 5,
        }
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let at = r.position();
        Ok(match r.u8()? {
            1 => Self::Get(AttributeDescriptor::parse_from(r)?),
            2 => Self::Set(AttributeDescriptor::parse_from(r)?),
            3 => Self::Action(MethodDescriptor::parse_from(r)?),
            4 => Self::GetWithSelection {
                attribute: AttributeDescriptor::parse_from(r)?,
                access: SelectiveAccess::parse_from(r)?,
            },
            5 => Self::SetWithSelection {
                attribute: AttributeDescriptor::parse_from(r)?,
                access: SelectiveAccess::parse_from(r)?,
            },
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        })
    }

    /// Bytes on the wire: the tag, the descriptor and any selective access.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let body = match self {
            Self::Get(_) | Self::Set(_) => AttributeDescriptor::LEN,
            Self::Action(_) => MethodDescriptor::LEN,
            Self::GetWithSelection { access, .. } | Self::SetWithSelection { access, .. } => {
                AttributeDescriptor::LEN.saturating_add(access.buffer_len())
            }
        };
        body.saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(self.tag())?;
        match self {
            Self::Get(a) | Self::Set(a) => a.write(w),
            Self::Action(m) => m.write(w),
            Self::GetWithSelection { attribute, access }
            | Self::SetWithSelection { attribute, access } => {
                attribute.write(w)?;
                access.write(w)
            }
        }
    }
}

/// The result of one operation of an ACCESS response (`Access-Response-Specification`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessResponseSpecification {
    /// access-response-get \[1\].
    Get(DataAccessResult),
    /// access-response-set \[2\].
    Set(DataAccessResult),
    /// access-response-action \[3\].
    Action(ActionResult),
}

impl AccessResponseSpecification {
    /// Octets on the wire: the tag and the result.
    pub const LEN: usize = 2;

    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.position();
        let tag = r.u8()?;
        let result = r.u8()?;
        Ok(match tag {
            1 => Self::Get(DataAccessResult(result)),
            2 => Self::Set(DataAccessResult(result)),
            3 => Self::Action(ActionResult(result)),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, at)),
        })
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::Get(v) => w.bytes(&[1, v.0]),
            Self::Set(v) => w.bytes(&[2, v.0]),
            Self::Action(v) => w.bytes(&[3, v.0]),
        }
    }
}

/// The date-time of an ACCESS APDU, typed when it has the 12 octets of a date-time.
fn typed_date_time(bytes: &[u8]) -> Option<DateTime> {
    <[u8; 12]>::try_from(bytes).ok().map(DateTime::from_bytes)
}

/// An ACCESS-Request APDU (`D9`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccessRequest<'a> {
    /// long-invoke-id-and-priority.
    pub long_invoke_id_and_priority: LongInvokeIdAndPriority,
    /// date-time, an OCTET STRING: empty when not sent, else normally a 12-octet date-time
    /// (see [`date_time`](Self::date_time)).
    pub date_time: &'a [u8],
    /// access-request-specification: the operations.
    pub access_request_specification: List<'a, AccessRequestSpecification<'a>>,
    /// access-request-list-of-data: one entry per operation.
    pub access_request_list_of_data: List<'a, DataRef<'a>>,
}

impl<'a> AccessRequest<'a> {
    /// The APDU tag (`access-request [217]`).
    pub const TAG: u8 = 0xD9;

    /// The date-time, when it has the 12 octets of a COSEM date-time.
    #[must_use]
    pub fn date_time(&self) -> Option<DateTime> {
        typed_date_time(self.date_time)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            long_invoke_id_and_priority: LongInvokeIdAndPriority(r.u32()?),
            date_time: r.octets()?,
            access_request_specification: List::parse_from(r)?,
            access_request_list_of_data: List::parse_from(r)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        // Tag and invoke id.
        5usize
            .saturating_add(octets_len(self.date_time.len()))
            .saturating_add(self.access_request_specification.buffer_len())
            .saturating_add(self.access_request_list_of_data.buffer_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        w.u32(self.long_invoke_id_and_priority.0)?;
        w.octets(self.date_time)?;
        self.access_request_specification.write(w)?;
        self.access_request_list_of_data.write(w)
    }
}

codec_fns! {
    AccessRequest<'a>, "an ACCESS-Request";
    parse:
    /// [`ErrorKind::UnexpectedTag`] for another APDU, [`ErrorKind::UnknownChoice`] for an
    /// unknown specification, [`ErrorKind::Truncated`], [`ErrorKind::LengthExceeds`] for a
    /// date-time or list longer than the input, and the errors of
    /// [`DataRef::parse`].
}

/// An ACCESS-Response APDU (`DA`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccessResponse<'a> {
    /// long-invoke-id-and-priority.
    pub long_invoke_id_and_priority: LongInvokeIdAndPriority,
    /// date-time, an OCTET STRING: empty when not sent.
    pub date_time: &'a [u8],
    /// access-request-specification (`OPTIONAL`): the operations, repeated.
    pub access_request_specification: Option<List<'a, AccessRequestSpecification<'a>>>,
    /// access-response-list-of-data: the values read (null-data for other operations).
    pub access_response_list_of_data: List<'a, DataRef<'a>>,
    /// access-response-specification: one result per operation.
    pub access_response_specification: List<'a, AccessResponseSpecification>,
}

impl<'a> AccessResponse<'a> {
    /// The APDU tag (`access-response [218]`).
    pub const TAG: u8 = 0xDA;

    /// The date-time, when it has the 12 octets of a COSEM date-time.
    #[must_use]
    pub fn date_time(&self) -> Option<DateTime> {
        typed_date_time(self.date_time)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        let long_invoke_id_and_priority = LongInvokeIdAndPriority(r.u32()?);
        let date_time = r.octets()?;
        Ok(Self {
            long_invoke_id_and_priority,
            date_time,
            access_request_specification: Field::parse_field(r)?,
            access_response_list_of_data: List::parse_from(r)?,
            access_response_specification: List::parse_from(r)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        5usize
            .saturating_add(octets_len(self.date_time.len()))
            .saturating_add(self.access_request_specification.field_len())
            .saturating_add(self.access_response_list_of_data.buffer_len())
            .saturating_add(self.access_response_specification.buffer_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        w.u32(self.long_invoke_id_and_priority.0)?;
        w.octets(self.date_time)?;
        self.access_request_specification.write_field(w)?;
        self.access_response_list_of_data.write(w)?;
        self.access_response_specification.write(w)
    }
}

codec_fns! {
    AccessResponse<'a>, "an ACCESS-Response";
    parse:
    /// As [`AccessRequest::parse`].
}

/// `class-id instance-id attribute`, as `clock (8) 0.0.1.0.0.255 2`.
struct Target(u16, Option<&'static str>, [u8; 6], i8);

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.2;
        match self.1 {
            Some(name) => write!(f, "{name} ({})", self.0)?,
            None => write!(f, "class {}", self.0)?,
        }
        write!(f, " {a}.{b}.{c}.{d}.{e}.{g} {}", self.3)
    }
}

fn attribute_target(a: &AttributeDescriptor) -> Target {
    Target(
        a.class_id.0,
        a.class_id.name(),
        a.instance_id,
        a.attribute_id,
    )
}

impl Render for AccessRequestSpecification<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::Get(a) => r.field("get", attribute_target(a)),
            Self::Set(a) => r.field("set", attribute_target(a)),
            Self::Action(m) => r.field(
                "action",
                Target(m.class_id.0, m.class_id.name(), m.instance_id, m.method_id),
            ),
            Self::GetWithSelection { attribute, access }
            | Self::SetWithSelection { attribute, access } => {
                let name = if self.tag() == 4 {
                    "get-with-selection"
                } else {
                    "set-with-selection"
                };
                r.node(
                    format_args!("{name}: {}", attribute_target(attribute)),
                    |r| {
                        r.node(format_args!("access-selector: {}", access.selector), |r| {
                            access.parameters.render(r)
                        })
                    },
                )
            }
        }
    }
}

fn render_header<W: Write>(
    r: &mut Renderer<'_, W>,
    id: LongInvokeIdAndPriority,
    date_time: &[u8],
) -> fmt::Result {
    r.field(
        "long-invoke-id-and-priority",
        format_args!("{:#010x}", id.0),
    )?;
    if date_time.is_empty() {
        r.field("date-time", "(none)")
    } else {
        r.field("date-time", Hex(date_time))
    }
}

impl Render for AccessRequest<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("access-request", |r| {
            render_header(r, self.long_invoke_id_and_priority, self.date_time)?;
            self.access_request_specification.render_as(
                r,
                "access-request-specification",
                |r, s| s.render(r),
            )?;
            self.access_request_list_of_data
                .render_as(r, "access-request-list-of-data", |r, d| d.render(r))
        })
    }
}

impl Render for AccessResponse<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("access-response", |r| {
            render_header(r, self.long_invoke_id_and_priority, self.date_time)?;
            if let Some(specs) = &self.access_request_specification {
                specs.render_as(r, "access-request-specification", |r, s| s.render(r))?;
            }
            self.access_response_list_of_data.render_as(
                r,
                "access-response-list-of-data",
                |r, d| d.render(r),
            )?;
            self.access_response_specification.render_as(
                r,
                "access-response-specification",
                |r, s| match s {
                    AccessResponseSpecification::Get(v) => r.field("get", v),
                    AccessResponseSpecification::Set(v) => r.field("set", v),
                    AccessResponseSpecification::Action(v) => r.field("action", v),
                },
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::testing::{emitted, every_cut_is_short};
    use crate::registry::ClassId;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::vec;
    use std::vec::Vec;

    // The Green Book ACCESS request example ("Table 133") that the suite-1 general-ciphering
    // examples of Annex C protect, as transcribed in the Gurux Java unit test
    // gurux.dlms.secure.GXSymmetricTest (the deciphered plaintext of its Table C.2 and C.3
    // general-ciphering APDUs).
    const TABLE_133: [u8; 218] = hex!(
        "D94000000000040100010000600100FF020100080000010000FF0202001400000D0000FF07020014"
        "00000D0000FF0804000001040203090100090CFFFFFFFFFFFFFF00000000000901FF020309010109"
        "0CFFFFFFFFFFFFFF00000000000901FF0203090102090CFFFFFFFFFFFFFF00000000000901FF0203"
        "090103090CFFFFFFFFFFFFFF00000000000901FF0104020809010011FF11FF11FF11FF11FF11FF11"
        "FF02080901011102110111011101110111011101020809010211FF11FF11FF11FF11FF11FF11FF02"
        "080901031101110211021102110211021102"
    );

    #[test]
    fn green_book_access_request() {
        let req = AccessRequest::parse_exact(&TABLE_133).unwrap();
        assert_eq!(req.long_invoke_id_and_priority.0, 0x4000_0000);
        assert!(req.long_invoke_id_and_priority.is_confirmed());
        assert_eq!(req.date_time, &[] as &[u8]);
        assert_eq!(req.date_time(), None);
        let specs: Vec<_> = req.access_request_specification.iter().collect();
        assert_eq!(
            specs,
            [
                AccessRequestSpecification::Get(AttributeDescriptor::new(
                    ClassId::DATA,
                    hex!("0000600100FF"),
                    2
                )),
                AccessRequestSpecification::Get(AttributeDescriptor::new(
                    ClassId::CLOCK,
                    hex!("0000010000FF"),
                    2
                )),
                AccessRequestSpecification::Set(AttributeDescriptor::new(
                    ClassId::ACTIVITY_CALENDAR,
                    hex!("00000D0000FF"),
                    7
                )),
                AccessRequestSpecification::Set(AttributeDescriptor::new(
                    ClassId::ACTIVITY_CALENDAR,
                    hex!("00000D0000FF"),
                    8
                )),
            ]
        );
        let data: Vec<_> = req.access_request_list_of_data.iter().collect();
        assert_eq!(data.len(), 4);
        assert_eq!(data[0], DataRef::NullData);
        assert_eq!(data[1], DataRef::NullData);
        let (DataRef::Array(seasons), DataRef::Array(weeks)) = (data[2], data[3]) else {
            panic!()
        };
        assert_eq!((seasons.len(), weeks.len()), (4, 4));
        // Re-emitted byte for byte, both as parsed and rebuilt from the items.
        assert_eq!(emitted(req.buffer_len(), |o| req.emit(o)), TABLE_133);
        let rebuilt = AccessRequest {
            access_request_specification: List::new(&specs),
            access_request_list_of_data: List::new(&data),
            ..req
        };
        assert_eq!(rebuilt, req);
        assert_eq!(
            emitted(rebuilt.buffer_len(), |o| rebuilt.emit(o)),
            TABLE_133
        );
        every_cut_is_short(&TABLE_133, |b| AccessRequest::parse(b).map(drop));
    }

    #[test]
    fn selection_and_action() {
        // Get profile 1.0.99.1.0.255 with an entry descriptor, then invoke a method.
        let bytes = hex!(
            "D9 00000001 0C 07E40101030C000000FF8880 02"
            "04 0007 0100630100FF 02 02 020406000000010600000002120001120000"
            "03 0009 00000A0000FF 01"
            "02 00 1100"
        );
        let req = AccessRequest::parse_exact(&bytes).unwrap();
        let dt = req.date_time().unwrap();
        assert_eq!(dt.date.year, 2020);
        let specs: Vec<_> = req.access_request_specification.iter().collect();
        let AccessRequestSpecification::GetWithSelection { attribute, access } = specs[0] else {
            panic!()
        };
        assert_eq!(attribute.class_id, ClassId::PROFILE_GENERIC);
        assert_eq!(access.selector, 2);
        assert_eq!(
            specs[1],
            AccessRequestSpecification::Action(MethodDescriptor::new(
                ClassId::SCRIPT_TABLE,
                hex!("00000A0000FF"),
                1
            ))
        );
        assert_eq!(emitted(req.buffer_len(), |o| req.emit(o)), bytes);
        let text = format!("{}", Tree(&req));
        assert!(text.contains(
            "    get-with-selection: profile-generic (7) 1.0.99.1.0.255 2\n      access-selector: 2\n        structure (4)\n"
        ));
        assert!(text.contains("    action: script-table (9) 0.0.10.0.0.255 1\n"));
    }

    #[test]
    fn access_response() {
        // Results for the four operations of the Green Book request: the two values read,
        // then get, get, set, set succeeded.
        let bytes = hex!(
            "DA 40000000 00 00 04 0906000102030405 090C07E40101030C000000FF8880 00 00"
            "04 0100 0100 0200 0203"
        );
        let res = AccessResponse::parse_exact(&bytes).unwrap();
        assert!(res.access_request_specification.is_none());
        let results: Vec<_> = res.access_response_specification.iter().collect();
        assert_eq!(
            results,
            [
                AccessResponseSpecification::Get(DataAccessResult::SUCCESS),
                AccessResponseSpecification::Get(DataAccessResult::SUCCESS),
                AccessResponseSpecification::Set(DataAccessResult::SUCCESS),
                AccessResponseSpecification::Set(DataAccessResult::READ_WRITE_DENIED),
            ]
        );
        assert_eq!(emitted(res.buffer_len(), |o| res.emit(o)), bytes);
        let text = format!("{}", Tree(&res));
        assert!(text.ends_with("    set: read-write-denied\n"), "{text}");

        // With the request specification repeated.
        let with_specs = hex!("DA 00000001 00 01 01 03 0009 00000A0000FF 01 01 00 01 0300");
        let res = AccessResponse::parse_exact(&with_specs).unwrap();
        assert_eq!(res.access_request_specification.unwrap().len(), 1);
        assert_eq!(emitted(res.buffer_len(), |o| res.emit(o)), with_specs);
    }

    #[test]
    fn bad_choices_and_lengths() {
        let err = AccessRequest::parse(&hex!("D9 00000001 00 01 06 0001 0000600100FF 02 00"))
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnknownChoice { found: 6 }, 7)
        );
        let err = AccessResponse::parse(&hex!("DA 00000001 00 00 00 01 0400")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnknownChoice { found: 4 }, 9)
        );
        // A count that cannot fit in what remains.
        let err =
            AccessRequest::parse(&hex!("D9 00000001 00 05 01 0001 0000600100FF 02")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthExceeds {
                declared: 5,
                available: 10
            }
        );
        let err = AccessRequest::parse(&hex!("D9 00000001 0D 00")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::LengthExceeds { .. }));
        let err = AccessRequest::parse(&hex!("DA 00000001 00 00 00")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0xD9,
                found: 0xDA
            }
        );
        let err = AccessRequest::parse_exact(&hex!("D9 00000001 00 00 00 00")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 8));
    }

    fn descriptor() -> impl Strategy<Value = AttributeDescriptor> {
        (any::<u16>(), any::<[u8; 6]>(), any::<i8>())
            .prop_map(|(c, i, a)| AttributeDescriptor::new(ClassId(c), i, a))
    }

    /// Encoded Data values to borrow from: scalars and small structures.
    fn data_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(vec![0x00]),
            any::<u32>().prop_map(|v| {
                let mut b = vec![0x06];
                b.extend_from_slice(&v.to_be_bytes());
                b
            }),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(|v| {
                let mut b = vec![0x09, u8::try_from(v.len()).unwrap()];
                b.extend(v);
                b
            }),
            Just(hex!("020212000109060000010000FF").to_vec()),
        ]
    }

    proptest! {
        #[test]
        fn request_round_trip(
            id: u32,
            dt in proptest::collection::vec(any::<u8>(), 0..13),
            kinds in proptest::collection::vec((0u8..5, descriptor(), any::<u8>()), 0..6),
            values in proptest::collection::vec(data_bytes(), 0..6),
        ) {
            let params = hex!("0100");
            let parameters = DataRef::parse_exact(&params).unwrap();
            let specs: Vec<_> = kinds
                .iter()
                .map(|&(k, a, sel)| match k {
                    0 => AccessRequestSpecification::Get(a),
                    1 => AccessRequestSpecification::Set(a),
                    2 => AccessRequestSpecification::Action(MethodDescriptor::new(
                        a.class_id,
                        a.instance_id,
                        a.attribute_id,
                    )),
                    3 => AccessRequestSpecification::GetWithSelection {
                        attribute: a,
                        access: SelectiveAccess { selector: sel, parameters },
                    },
                    _ => AccessRequestSpecification::SetWithSelection {
                        attribute: a,
                        access: SelectiveAccess { selector: sel, parameters },
                    },
                })
                .collect();
            let data: Vec<_> = values.iter().map(|b| DataRef::parse_exact(b).unwrap()).collect();
            let req = AccessRequest {
                long_invoke_id_and_priority: LongInvokeIdAndPriority(id),
                date_time: &dt,
                access_request_specification: List::new(&specs),
                access_request_list_of_data: List::new(&data),
            };
            let bytes = emitted(req.buffer_len(), |o| req.emit(o));
            let back = AccessRequest::parse_exact(&bytes).unwrap();
            prop_assert_eq!(back, req);
            prop_assert_eq!(emitted(back.buffer_len(), |o| back.emit(o)), bytes);
        }

        #[test]
        fn response_round_trip(
            id: u32,
            with_specs: bool,
            descs in proptest::collection::vec(descriptor(), 0..4),
            values in proptest::collection::vec(data_bytes(), 0..6),
            results in proptest::collection::vec((1u8..=3, any::<u8>()), 0..6),
        ) {
            let specs: Vec<_> = descs.into_iter().map(AccessRequestSpecification::Get).collect();
            let data: Vec<_> = values.iter().map(|b| DataRef::parse_exact(b).unwrap()).collect();
            let results: Vec<_> = results
                .into_iter()
                .map(|(k, v)| match k {
                    1 => AccessResponseSpecification::Get(DataAccessResult(v)),
                    2 => AccessResponseSpecification::Set(DataAccessResult(v)),
                    _ => AccessResponseSpecification::Action(ActionResult(v)),
                })
                .collect();
            let res = AccessResponse {
                long_invoke_id_and_priority: LongInvokeIdAndPriority(id),
                date_time: &[],
                access_request_specification: with_specs.then(|| List::new(&specs[..])),
                access_response_list_of_data: List::new(&data),
                access_response_specification: List::new(&results),
            };
            let bytes = emitted(res.buffer_len(), |o| res.emit(o));
            prop_assert_eq!(AccessResponse::parse_exact(&bytes).unwrap(), res);
        }

        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok((req, _)) = AccessRequest::parse(&bytes) {
                let _ = format!("{}", Tree(&req));
                let out = emitted(req.buffer_len(), |o| req.emit(o));
                prop_assert_eq!(AccessRequest::parse_exact(&out).unwrap(), req);
            }
            if let Ok((res, _)) = AccessResponse::parse(&bytes) {
                let _ = format!("{}", Tree(&res));
            }
        }
    }
}
