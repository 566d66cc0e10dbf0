//! EventNotificationRequest and DataNotification (IEC 62056-5-3, the xDLMS ASN.1 module:
//! `EventNotificationRequest`, `Data-Notification`).
//!
//! A data-notification is what meters push on their HAN/P1 ports and to head-end systems:
//! a long invoke id, an optional date-time and one `Data` value, usually a structure of the
//! pushed objects' values.
//!
//! # The date-time of a data-notification
//!
//! The standard sends it as an OCTET STRING with its length: `00` when absent, `0C` and
//! twelve octets for a COSEM date-time. Some Norwegian HAN meters (Kaifa, as captured by
//! toreamun/amshan) send it as an A-XDR octet-string *Data* instead: `09 0C` and twelve
//! octets. This crate reads `09 0C` at that position as that variant ([`DateTimeEncoding`])
//! and re-emits it the same way. The reading is unambiguous in practice: in the standard
//! form `09` would announce a nine-octet date-time, which no COSEM date, time or date-time
//! has.
//!
//! ```
//! use dlms_apdu::DataRef;
//! use dlms_apdu::notification::{DataNotification, DateTimeEncoding};
//!
//! // An Aidon HAN push (toreamun/amshan tests/test_aidon.py) without its LLC header.
//! let bytes = [
//!     0x0F, 0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x09, 0x06, 0x01, 0x00, 0x01,
//!     0x07, 0x00, 0xFF, 0x06, 0x00, 0x00, 0x01, 0x18, 0x02, 0x02, 0x0F, 0x00, 0x16, 0x1B,
//! ];
//! let n = DataNotification::parse_exact(&bytes)?;
//! assert_eq!(n.long_invoke_id_and_priority.0, 0x4000_0000);
//! assert!(n.date_time.is_empty());
//! assert_eq!(n.date_time_encoding, DateTimeEncoding::OctetString);
//! let DataRef::Array(list) = n.notification_body else { panic!("an array") };
//! assert_eq!(list.len(), 1);
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{Field, Reader, Writer, codec_fns, octets_len};
use crate::data::DataRef;
use crate::datetime::DateTime;
use crate::descriptor::AttributeDescriptor;
use crate::error::Result;
use crate::invoke::LongInvokeIdAndPriority;
use crate::render::{Hex, Render, Renderer};

/// How the date-time of a [`DataNotification`] was (or is to be) encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateTimeEncoding {
    /// The standard form: an OCTET STRING with its length (`00` when absent).
    #[default]
    OctetString,
    /// A tagged A-XDR octet-string Data, `09 0C` and twelve octets, as some Norwegian HAN
    /// meters send it. Parsing recognises this form only with twelve octets; emit it only
    /// with a twelve-octet date-time.
    TaggedData,
}

/// A data-notification APDU (`0F`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataNotification<'a> {
    /// long-invoke-id-and-priority.
    pub long_invoke_id_and_priority: LongInvokeIdAndPriority,
    /// The date-time octets (empty when absent); see [`date_time`](Self::date_time).
    pub date_time: &'a [u8],
    /// How the date-time travels.
    pub date_time_encoding: DateTimeEncoding,
    /// notification-body: the pushed data.
    pub notification_body: DataRef<'a>,
}

impl<'a> DataNotification<'a> {
    /// The APDU tag (`data-notification [15]`).
    pub const TAG: u8 = 0x0F;

    /// The A-XDR octet-string tag that starts the tagged date-time variant.
    const OCTET_STRING_TAG: u8 = 0x09;

    /// The date-time, when it has the 12 octets of a COSEM date-time.
    #[must_use]
    pub fn date_time(&self) -> Option<DateTime> {
        <[u8; 12]>::try_from(self.date_time)
            .ok()
            .map(DateTime::from_bytes)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        let long_invoke_id_and_priority = LongInvokeIdAndPriority(r.u32()?);
        let tagged = r.rest().starts_with(&[Self::OCTET_STRING_TAG, 0x0C]);
        let date_time_encoding = if tagged {
            r.u8()?;
            DateTimeEncoding::TaggedData
        } else {
            DateTimeEncoding::OctetString
        };
        Ok(Self {
            long_invoke_id_and_priority,
            date_time: r.octets()?,
            date_time_encoding,
            notification_body: DataRef::parse_at(r, 1)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let tag = match self.date_time_encoding {
            DateTimeEncoding::OctetString => 0,
            DateTimeEncoding::TaggedData => 1,
        };
        // The APDU tag and the invoke id take five octets.
        5usize
            .saturating_add(tag)
            .saturating_add(octets_len(self.date_time.len()))
            .saturating_add(self.notification_body.buffer_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        w.u32(self.long_invoke_id_and_priority.0)?;
        if self.date_time_encoding == DateTimeEncoding::TaggedData {
            w.u8(Self::OCTET_STRING_TAG)?;
        }
        w.octets(self.date_time)?;
        self.notification_body.write(w)
    }
}

codec_fns! {
    DataNotification<'a>, "a data-notification";
    parse:
    /// [`ErrorKind::UnexpectedTag`](crate::ErrorKind::UnexpectedTag) for another APDU,
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated),
    /// [`ErrorKind::LengthExceeds`](crate::ErrorKind::LengthExceeds) for a date-time longer
    /// than the input, and the errors of [`DataRef::parse`] for the body.
}

/// An event-notification-request APDU (`C2`): a server reports the value of one attribute,
/// optionally time-stamped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventNotificationRequest<'a> {
    /// time (`OCTET STRING OPTIONAL`), normally a 12-octet date-time; see
    /// [`date_time`](Self::date_time).
    pub time: Option<&'a [u8]>,
    /// cosem-attribute-descriptor.
    pub cosem_attribute_descriptor: AttributeDescriptor,
    /// attribute-value.
    pub attribute_value: DataRef<'a>,
}

impl<'a> EventNotificationRequest<'a> {
    /// The APDU tag (`event-notification-request [194]`).
    pub const TAG: u8 = 0xC2;

    /// The time, when present with the 12 octets of a COSEM date-time.
    #[must_use]
    pub fn date_time(&self) -> Option<DateTime> {
        self.time
            .and_then(|t| <[u8; 12]>::try_from(t).ok())
            .map(DateTime::from_bytes)
    }

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            time: Field::parse_field(r)?,
            cosem_attribute_descriptor: AttributeDescriptor::parse_from(r)?,
            attribute_value: DataRef::parse_at(r, 1)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.time
            .field_len()
            .saturating_add(1)
            .saturating_add(AttributeDescriptor::LEN)
            .saturating_add(self.attribute_value.buffer_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.time.write_field(w)?;
        self.cosem_attribute_descriptor.write(w)?;
        self.attribute_value.write(w)
    }
}

codec_fns! {
    EventNotificationRequest<'a>, "an event-notification-request";
    parse:
    /// [`ErrorKind::UnexpectedTag`](crate::ErrorKind::UnexpectedTag) for another APDU,
    /// [`ErrorKind::Truncated`](crate::ErrorKind::Truncated),
    /// [`ErrorKind::LengthExceeds`](crate::ErrorKind::LengthExceeds) for a time longer than
    /// the input, and the errors of [`DataRef::parse`] for the value.
}

impl Render for DataNotification<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("data-notification", |r| {
            r.field(
                "long-invoke-id-and-priority",
                format_args!("{:#010x}", self.long_invoke_id_and_priority.0),
            )?;
            let form = match self.date_time_encoding {
                DateTimeEncoding::OctetString => "",
                DateTimeEncoding::TaggedData => " (as tagged octet-string data)",
            };
            if self.date_time.is_empty() {
                r.field("date-time", format_args!("(none){form}"))?;
            } else {
                r.field("date-time", format_args!("{}{form}", Hex(self.date_time)))?;
            }
            r.node("notification-body", |r| self.notification_body.render(r))
        })
    }
}

impl Render for EventNotificationRequest<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("event-notification-request", |r| {
            if let Some(t) = self.time {
                r.hex("time", t)?;
            }
            let a = &self.cosem_attribute_descriptor;
            let [o1, o2, o3, o4, o5, o6] = a.instance_id;
            r.field("class-id", a.class_id)?;
            r.field("instance-id", format_args!("{o1}.{o2}.{o3}.{o4}.{o5}.{o6}"))?;
            r.field("attribute-id", a.attribute_id)?;
            r.node("attribute-value", |r| self.attribute_value.render(r))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::codec::testing::{emitted, every_cut_is_short};
    use crate::registry::ClassId;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;

    // u9n/dlms-cosem tests/test_xdlms/test_data_notification.py: no date-time, the body an
    // octet-string.
    const DLMS_COSEM: [u8; 42] = hex!(
        "0F000001DB000922125A8591360000000049000000110000000A5A8513D014800000000D0000000A0100"
    );
    // toreamun/amshan tests/test_kaifa.py (no_list_1) without the LLC header: the date-time
    // as a tagged octet-string Data.
    const KAIFA_TAGGED: [u8; 26] = hex!("0F40000000090C07E3020401173416FF800000020106000016DC");

    #[test]
    fn deconstruct_and_emit() {
        let n = DataNotification::parse_exact(&DLMS_COSEM).unwrap();
        assert_eq!(n.long_invoke_id_and_priority.invoke_id(), 0x01DB);
        assert_eq!(n.date_time, &[] as &[u8]);
        assert_eq!(n.date_time(), None);
        assert_eq!(n.notification_body, DataRef::OctetString(&DLMS_COSEM[8..]));
        assert_eq!(emitted(n.buffer_len(), |o| n.emit(o)), DLMS_COSEM);

        let n = DataNotification::parse_exact(&KAIFA_TAGGED).unwrap();
        assert_eq!(n.date_time_encoding, DateTimeEncoding::TaggedData);
        let dt = n.date_time().unwrap();
        assert_eq!((dt.date.year, dt.date.month, dt.date.day), (2019, 2, 4));
        assert_eq!((dt.time.hour, dt.time.minute, dt.time.second), (23, 52, 22));
        assert_eq!(emitted(n.buffer_len(), |o| n.emit(o)), KAIFA_TAGGED);
    }

    #[test]
    fn construct() {
        let body = hex!("0202 1200 01 0600000001");
        let n = DataNotification {
            long_invoke_id_and_priority: LongInvokeIdAndPriority(7),
            date_time: &hex!("07E80101010000000000FF80"),
            date_time_encoding: DateTimeEncoding::OctetString,
            notification_body: DataRef::parse_exact(&body).unwrap(),
        };
        let bytes = emitted(n.buffer_len(), |o| n.emit(o));
        assert_eq!(
            bytes,
            hex!("0F00000007 0C07E80101010000000000FF80 020212000106 00000001")
        );
        let tagged = DataNotification {
            date_time_encoding: DateTimeEncoding::TaggedData,
            ..n
        };
        let bytes = emitted(tagged.buffer_len(), |o| tagged.emit(o));
        assert_eq!(&bytes[5..7], &hex!("090C"));
        assert_eq!(DataNotification::parse_exact(&bytes).unwrap(), tagged);
    }

    #[test]
    fn errors() {
        for bytes in [&DLMS_COSEM[..], &KAIFA_TAGGED] {
            every_cut_is_short(bytes, |b| DataNotification::parse(b).map(drop));
        }
        let err = DataNotification::parse(&hex!("C2000000000000")).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::UnexpectedTag {
                expected: 0x0F,
                found: 0xC2
            }
        );
        let err = DataNotification::parse(&hex!("0F00000001 00 07")).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnknownTag { found: 7 }, 6)
        );
        let err = DataNotification::parse_exact(&hex!("0F00000001 00 00 00")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::TrailingBytes, 7));
    }

    #[test]
    fn event_notification() {
        // Clock time pushed with a time stamp, as gurux_dlms 1.0.203
        // GXDLMSLNCommandHandler.handleEventNotification reads it: presence octet, length,
        // time, descriptor, value.
        let bytes = hex!(
            "C2 01 0C 07E40101030C000000FF8880 0008 0000010000FF 02 090C07E40101030C000000FF8880"
        );
        let e = EventNotificationRequest::parse_exact(&bytes).unwrap();
        assert_eq!(e.cosem_attribute_descriptor.class_id, ClassId::CLOCK);
        assert_eq!(e.cosem_attribute_descriptor.attribute_id, 2);
        assert_eq!(e.date_time().unwrap().date.year, 2020);
        assert_eq!(emitted(e.buffer_len(), |o| e.emit(o)), bytes);
        let text = format!("{}", Tree(&e));
        assert!(text.starts_with("event-notification-request\n  time: 07e40101030c000000ff8880\n  class-id: clock\n  instance-id: 0.0.1.0.0.255\n"));

        let bare = hex!("C2 00 0001 0000600100FF 02 1100");
        let e = EventNotificationRequest::parse_exact(&bare).unwrap();
        assert_eq!(e.time, None);
        assert_eq!(e.attribute_value, DataRef::Unsigned(0));
        assert_eq!(emitted(e.buffer_len(), |o| e.emit(o)), bare);
        for n in 0..bare.len() {
            assert!(EventNotificationRequest::parse(&bare[..n]).is_err());
        }
    }

    #[test]
    fn render() {
        let n = DataNotification::parse_exact(&KAIFA_TAGGED).unwrap();
        assert_eq!(
            format!("{}", Tree(&n)),
            "data-notification\n  long-invoke-id-and-priority: 0x40000000\n  date-time: 07e3020401173416ff800000 (as tagged octet-string data)\n  notification-body\n    structure (1)\n      double-long-unsigned: 5852\n"
        );
    }

    proptest! {
        #[test]
        fn data_notification_round_trip(
            id: u32,
            dt in proptest::collection::vec(any::<u8>(), 0..13),
            tagged: bool,
            value: u32,
        ) {
            // The tagged form is only recognised for 12-octet date-times.
            let encoding = if tagged && dt.len() == 12 {
                DateTimeEncoding::TaggedData
            } else {
                DateTimeEncoding::OctetString
            };
            // A nine-octet standard date-time starting 0C would read as the tagged form.
            prop_assume!(!(dt.len() == 9 && dt.first() == Some(&0x0C)));
            let body = [&[0x06][..], &value.to_be_bytes()].concat();
            let n = DataNotification {
                long_invoke_id_and_priority: LongInvokeIdAndPriority(id),
                date_time: &dt,
                date_time_encoding: encoding,
                notification_body: DataRef::parse_exact(&body).unwrap(),
            };
            let bytes = emitted(n.buffer_len(), |o| n.emit(o));
            prop_assert_eq!(DataNotification::parse_exact(&bytes).unwrap(), n);
        }

        #[test]
        fn event_notification_round_trip(
            time in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..13)),
            class: u16, instance: [u8; 6], attribute: i8,
            value in proptest::collection::vec(any::<u8>(), 0..20),
        ) {
            let body = [&[0x09, u8::try_from(value.len()).unwrap()][..], &value].concat();
            let e = EventNotificationRequest {
                time: time.as_deref(),
                cosem_attribute_descriptor: AttributeDescriptor::new(ClassId(class), instance, attribute),
                attribute_value: DataRef::parse_exact(&body).unwrap(),
            };
            let bytes = emitted(e.buffer_len(), |o| e.emit(o));
            prop_assert_eq!(EventNotificationRequest::parse_exact(&bytes).unwrap(), e);
        }

        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Ok((n, _)) = DataNotification::parse(&bytes) {
                let _ = format!("{}", Tree(&n));
                let out = emitted(n.buffer_len(), |o| n.emit(o));
                prop_assert_eq!(DataNotification::parse_exact(&out).unwrap(), n);
            }
            if let Ok((e, _)) = EventNotificationRequest::parse(&bytes) {
                let _ = format!("{}", Tree(&e));
            }
        }
    }
}
