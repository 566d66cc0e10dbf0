//! Short-name services: Read, Write, UnconfirmedWrite and InformationReport (IEC 62056-5-3,
//! the xDLMS ASN.1 module, "APDUs using short name referencing", and its
//! `Variable-Access-Specification`).
//!
//! Every layout here was checked against the Gurux implementations: gurux-dlms 1.0.203
//! (Python) generated the requests the tests use, and its `GXDLMSTranslator` decoded the
//! responses; Gurux.DLMS.Net's `GXDLMSSNCommandHandlers` and `GXDLMS.GetSNPdu` were read for
//! the block transfer forms and the information report's time.
//!
//! - `detailed-access [3]` is not used in DLMS/COSEM (the ASN.1 module says so and no peer
//!   implements it); it parses as [`ErrorKind::UnknownChoice`].
//! - The ASN.1 gives InformationReportRequest a `current-time GeneralizedTime OPTIONAL`.
//!   Gurux writes it as an A-XDR length and that many octets (a 12-octet COSEM date-time),
//!   and a lone `00` when absent; this module follows Gurux, the one implementation that
//!   writes the field, and keeps the octets as sent.
//!
//! ```
//! use dlms_apdu::sn::{ReadRequest, VariableAccess};
//!
//! // Read attribute 2 of the object with base name 0x2000 (gurux-dlms 1.0.203).
//! let req = ReadRequest::parse_exact(&[0x05, 0x01, 0x02, 0x20, 0x08])?;
//! let first = req.variables.iter().next();
//! assert_eq!(first, Some(VariableAccess::VariableName(0x2008)));
//! # Ok::<(), dlms_apdu::Error>(())
//! ```

use core::fmt::{self, Write};

use crate::codec::{Reader, Writer, codec_fns, octets_len};
use crate::data::DataRef;
use crate::error::{ErrorKind, Result};
use crate::list::{List, list_item};
use crate::registry::DataAccessResult;
use crate::render::{Render, Renderer};

/// Variable-Access-Specification: how a short-name request names what it reads or writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VariableAccess<'a> {
    /// variable-name \[2\]: the short name (base name plus the attribute's offset).
    VariableName(u16),
    /// parameterized-access \[4\]: a short name with a selector and its parameter (selective
    /// access; for a profile generic, selector 1 by range, 2 by entry).
    ParameterizedAccess {
        /// The short name.
        variable_name: u16,
        /// The access selector.
        selector: u8,
        /// The selector's parameter.
        parameter: DataRef<'a>,
    },
    /// block-number-access \[5\]: asks for the block after `block_number` of a long read.
    BlockNumberAccess(u16),
    /// read-data-block-access \[6\]: one block of a long read request.
    ReadDataBlockAccess {
        /// Whether this is the last block.
        last_block: bool,
        /// The block number.
        block_number: u16,
        /// The block's data.
        raw_data: &'a [u8],
    },
    /// write-data-block-access \[7\]: announces one block of a long write (the data follows
    /// in the request's list-of-data).
    WriteDataBlockAccess {
        /// Whether this is the last block.
        last_block: bool,
        /// The block number.
        block_number: u16,
    },
}

impl<'a> VariableAccess<'a> {
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.position();
        Ok(match r.u8()? {
            2 => Self::VariableName(r.u16()?),
            4 => Self::ParameterizedAccess {
                variable_name: r.u16()?,
                selector: r.u8()?,
                parameter: DataRef::parse_at(r, 1)?,
            },
            5 => Self::BlockNumberAccess(r.u16()?),
            6 => Self::ReadDataBlockAccess {
                last_block: r.u8()? != 0,
                block_number: r.u16()?,
                raw_data: r.octets()?,
            },
            7 => Self::WriteDataBlockAccess {
                last_block: r.u8()? != 0,
                block_number: r.u16()?,
            },
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, start)),
        })
    }

    /// Bytes on the wire (CHOICE tag included).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match self {
            Self::VariableName(_) | Self::BlockNumberAccess(_) => 3,
            Self::ParameterizedAccess { parameter, .. } => parameter.buffer_len().saturating_add(4),
            Self::ReadDataBlockAccess { raw_data, .. } => {
                octets_len(raw_data.len()).saturating_add(4)
            }
            Self::WriteDataBlockAccess { .. } => 4,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::VariableName(name) => {
                w.u8(2)?;
                w.u16(name)
            }
            Self::ParameterizedAccess {
                variable_name,
                selector,
                parameter,
            } => {
                w.u8(4)?;
                w.u16(variable_name)?;
                w.u8(selector)?;
                parameter.write(w)
            }
            Self::BlockNumberAccess(n) => {
                w.u8(5)?;
                w.u16(n)
            }
            Self::ReadDataBlockAccess {
                last_block,
                block_number,
                raw_data,
            } => {
                w.u8(6)?;
                w.u8(u8::from(last_block))?;
                w.u16(block_number)?;
                w.octets(raw_data)
            }
            Self::WriteDataBlockAccess {
                last_block,
                block_number,
            } => {
                w.u8(7)?;
                w.u8(u8::from(last_block))?;
                w.u16(block_number)
            }
        }
    }

    fn render_item<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::VariableName(name) => r.field("variable-name", format_args!("{name:#06x}")),
            Self::ParameterizedAccess {
                variable_name,
                selector,
                parameter,
            } => r.node("parameterized-access", |r| {
                r.field("variable-name", format_args!("{variable_name:#06x}"))?;
                r.field("selector", selector)?;
                r.node("parameter", |r| r.render(parameter))
            }),
            Self::BlockNumberAccess(n) => r.field("block-number-access", n),
            Self::ReadDataBlockAccess {
                last_block,
                block_number,
                raw_data,
            } => r.node("read-data-block-access", |r| {
                r.field("last-block", last_block)?;
                r.field("block-number", block_number)?;
                r.hex("raw-data", raw_data)
            }),
            Self::WriteDataBlockAccess {
                last_block,
                block_number,
            } => r.node("write-data-block-access", |r| {
                r.field("last-block", last_block)?;
                r.field("block-number", block_number)
            }),
        }
    }
}

/// One result of a ReadResponse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReadResult<'a> {
    /// data \[0\]: the value read.
    Data(DataRef<'a>),
    /// data-access-error \[1\].
    DataAccessError(DataAccessResult),
    /// data-block-result \[2\]: one block of a long response.
    DataBlockResult {
        /// Whether this is the last block.
        last_block: bool,
        /// The block number.
        block_number: u16,
        /// The block's data.
        raw_data: &'a [u8],
    },
    /// block-number \[3\]: acknowledges a block of a long read request.
    BlockNumber(u16),
}

impl<'a> ReadResult<'a> {
    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.position();
        Ok(match r.u8()? {
            0 => Self::Data(DataRef::parse_at(r, 1)?),
            1 => Self::DataAccessError(DataAccessResult(r.u8()?)),
            2 => Self::DataBlockResult {
                last_block: r.u8()? != 0,
                block_number: r.u16()?,
                raw_data: r.octets()?,
            },
            3 => Self::BlockNumber(r.u16()?),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, start)),
        })
    }

    /// Bytes on the wire (CHOICE tag included).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match self {
            Self::Data(d) => d.buffer_len().saturating_add(1),
            Self::DataAccessError(_) => 2,
            Self::DataBlockResult { raw_data, .. } => octets_len(raw_data.len()).saturating_add(4),
            Self::BlockNumber(_) => 3,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::Data(d) => {
                w.u8(0)?;
                d.write(w)
            }
            Self::DataAccessError(e) => {
                w.u8(1)?;
                w.u8(e.0)
            }
            Self::DataBlockResult {
                last_block,
                block_number,
                raw_data,
            } => {
                w.u8(2)?;
                w.u8(u8::from(last_block))?;
                w.u16(block_number)?;
                w.octets(raw_data)
            }
            Self::BlockNumber(n) => {
                w.u8(3)?;
                w.u16(n)
            }
        }
    }

    fn render_item<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::Data(d) => r.node("data", |r| r.render(d)),
            Self::DataAccessError(e) => r.field("data-access-error", e),
            Self::DataBlockResult {
                last_block,
                block_number,
                raw_data,
            } => r.node("data-block-result", |r| {
                r.field("last-block", last_block)?;
                r.field("block-number", block_number)?;
                r.hex("raw-data", raw_data)
            }),
            Self::BlockNumber(n) => r.field("block-number", n),
        }
    }
}

/// One result of a WriteResponse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WriteResult {
    /// success \[0\].
    Success,
    /// data-access-error \[1\].
    DataAccessError(DataAccessResult),
    /// block-number \[2\]: acknowledges a block of a long write.
    BlockNumber(u16),
}

impl WriteResult {
    pub(crate) fn parse_from(r: &mut Reader<'_>) -> Result<Self> {
        let start = r.position();
        Ok(match r.u8()? {
            0 => Self::Success,
            1 => Self::DataAccessError(DataAccessResult(r.u8()?)),
            2 => Self::BlockNumber(r.u16()?),
            found => return Err(r.err_at(ErrorKind::UnknownChoice { found }, start)),
        })
    }

    /// Bytes on the wire (CHOICE tag included).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            Self::Success => 1,
            Self::DataAccessError(_) => 2,
            Self::BlockNumber(_) => 3,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::Success => w.u8(0),
            Self::DataAccessError(e) => {
                w.u8(1)?;
                w.u8(e.0)
            }
            Self::BlockNumber(n) => {
                w.u8(2)?;
                w.u16(n)
            }
        }
    }

    fn render_item<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        match self {
            Self::Success => r.field("result", "success"),
            Self::DataAccessError(e) => r.field("data-access-error", e),
            Self::BlockNumber(n) => r.field("block-number", n),
        }
    }
}

list_item!(VariableAccess<'a>, 3);
list_item!(ReadResult<'a>, 2);
list_item!(WriteResult, 1);

/// The public codec verbs of an APDU type with `TAG`, `parse_from`, `buffer_len` and `write`,
/// with the errors every short-name APDU shares.
macro_rules! apdu_codec {
    ($name:ident, $what:literal) => {
        codec_fns! {
            $name<'a>, $what;
            parse:
            /// [`ErrorKind::UnexpectedTag`] for another tag, [`ErrorKind::UnknownChoice`]
            /// for an unknown CHOICE alternative, [`ErrorKind::Truncated`],
            /// [`ErrorKind::LengthExceeds`], [`ErrorKind::UnknownTag`] (in `Data`) and the
            /// other `Data` errors.
        }
    };
}

fn render_variables<W: Write>(
    r: &mut Renderer<'_, W>,
    list: &List<'_, VariableAccess<'_>>,
) -> fmt::Result {
    list.render_as(r, "variable-access-specification", |r, v| v.render_item(r))
}

fn render_data<W: Write>(r: &mut Renderer<'_, W>, list: &List<'_, DataRef<'_>>) -> fmt::Result {
    list.render_as(r, "list-of-data", |r, d| r.render(&d))
}

/// ReadRequest (`05`): SEQUENCE OF Variable-Access-Specification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadRequest<'a> {
    /// What to read.
    pub variables: List<'a, VariableAccess<'a>>,
}

impl<'a> ReadRequest<'a> {
    /// The APDU tag.
    pub const TAG: u8 = 0x05;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        Ok(Self {
            variables: List::parse_from(r)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.variables.buffer_len().saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        self.variables.write(w)
    }
}

apdu_codec!(ReadRequest, "a readRequest");

impl Render for ReadRequest<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("readRequest", |r| render_variables(r, &self.variables))
    }
}

/// Declares a response APDU that is a tag and one list of results, rendered as that list
/// under the APDU's name.
macro_rules! results_apdu {
    ($(#[$meta:meta])* $name:ident, $tag:literal, $result:ty, $node:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $name<'a> {
            /// The results.
            pub results: List<'a, $result>,
        }

        impl<'a> $name<'a> {
            /// The APDU tag.
            pub const TAG: u8 = $tag;

            pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
                r.expect(Self::TAG)?;
                Ok(Self {
                    results: List::parse_from(r)?,
                })
            }

            /// Bytes [`emit`](Self::emit) writes.
            #[must_use]
            pub fn buffer_len(&self) -> usize {
                self.results.buffer_len().saturating_add(1)
            }

            pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
                w.u8(Self::TAG)?;
                self.results.write(w)
            }
        }

        apdu_codec!($name, $what);

        impl Render for $name<'_> {
            fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
                self.results.render_as(r, $node, |r, v| v.render_item(r))
            }
        }
    };
}

/// Declares a write APDU: a tag, the variables and, in the same order, their values.
macro_rules! write_apdu {
    ($(#[$meta:meta])* $name:ident, $tag:literal, $node:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $name<'a> {
            /// What to write.
            pub variables: List<'a, VariableAccess<'a>>,
            /// The values (for write-data-block-access, one octet-string holding the block).
            pub values: List<'a, DataRef<'a>>,
        }

        impl<'a> $name<'a> {
            /// The APDU tag.
            pub const TAG: u8 = $tag;

            pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
                r.expect(Self::TAG)?;
                Ok(Self {
                    variables: List::parse_from(r)?,
                    values: List::parse_from(r)?,
                })
            }

            /// Bytes [`emit`](Self::emit) writes.
            #[must_use]
            pub fn buffer_len(&self) -> usize {
                self.variables
                    .buffer_len()
                    .saturating_add(self.values.buffer_len())
                    .saturating_add(1)
            }

            pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
                w.u8(Self::TAG)?;
                self.variables.write(w)?;
                self.values.write(w)
            }
        }

        apdu_codec!($name, $what);

        impl Render for $name<'_> {
            fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
                r.node($node, |r| {
                    render_variables(r, &self.variables)?;
                    render_data(r, &self.values)
                })
            }
        }
    };
}

results_apdu!(
    /// ReadResponse (`0C`): one result per variable read.
    ReadResponse,
    0x0C,
    ReadResult<'a>,
    "readResponse",
    "a readResponse"
);

write_apdu!(
    /// WriteRequest (`06`): the variables and, in the same order, their new values.
    WriteRequest,
    0x06,
    "writeRequest",
    "a writeRequest"
);

results_apdu!(
    /// WriteResponse (`0D`): one result per variable written.
    WriteResponse,
    0x0D,
    WriteResult,
    "writeResponse",
    "a writeResponse"
);

write_apdu!(
    /// UnconfirmedWriteRequest (`16`): a WriteRequest that asks for no response.
    UnconfirmedWriteRequest,
    0x16,
    "unconfirmedWriteRequest",
    "an unconfirmedWriteRequest"
);

/// InformationReportRequest (`18`): a server's unsolicited report of variables and values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InformationReportRequest<'a> {
    /// current-time, the octets as sent (Gurux: a 12-octet COSEM date-time); `None` when
    /// absent. On the wire an A-XDR length and the octets, `00` when absent (see the module
    /// documentation), so `Some` of an empty slice cannot be emitted.
    pub current_time: Option<&'a [u8]>,
    /// The reported variables.
    pub variables: List<'a, VariableAccess<'a>>,
    /// Their values.
    pub values: List<'a, DataRef<'a>>,
}

impl<'a> InformationReportRequest<'a> {
    /// The APDU tag.
    pub const TAG: u8 = 0x18;

    pub(crate) fn parse_from(r: &mut Reader<'a>) -> Result<Self> {
        r.expect(Self::TAG)?;
        let time = r.octets()?;
        Ok(Self {
            current_time: (!time.is_empty()).then_some(time),
            variables: List::parse_from(r)?,
            values: List::parse_from(r)?,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        octets_len(self.current_time.map_or(0, <[u8]>::len))
            .saturating_add(self.variables.buffer_len())
            .saturating_add(self.values.buffer_len())
            .saturating_add(1)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u8(Self::TAG)?;
        match self.current_time {
            None => w.u8(0)?,
            Some([]) => return Err(crate::error::Error::from(ErrorKind::InvalidValue)),
            Some(time) => w.octets(time)?,
        }
        self.variables.write(w)?;
        self.values.write(w)
    }
}

apdu_codec!(InformationReportRequest, "an informationReportRequest");

impl Render for InformationReportRequest<'_> {
    fn render<W: Write>(&self, r: &mut Renderer<'_, W>) -> fmt::Result {
        r.node("informationReportRequest", |r| {
            match self.current_time {
                Some(t) => r.hex("current-time", t)?,
                None => r.field("current-time", "absent")?,
            }
            render_variables(r, &self.variables)?;
            render_data(r, &self.values)
        })
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
mod tests {
    use super::*;
    use crate::render::Tree;
    use hex_literal::hex;
    use proptest::prelude::*;
    use std::format;
    use std::vec::Vec;

    /// gurux-dlms 1.0.203 `GXDLMSClient.readRowsByEntry` on a profile generic with base name
    /// 0x4000, entries 1 to 2.
    const READ_BY_ENTRY: [u8; 24] = hex!("050104400802020406000000010600000002120001120000");

    #[test]
    fn deconstruct() {
        let req = ReadRequest::parse_exact(&READ_BY_ENTRY).unwrap();
        assert_eq!(req.variables.len(), 1);
        let Some(VariableAccess::ParameterizedAccess {
            variable_name,
            selector,
            parameter,
        }) = req.variables.iter().next()
        else {
            panic!()
        };
        assert_eq!((variable_name, selector), (0x4008, 2));
        assert_eq!(parameter.buffer_len(), 18);
        assert_eq!(req.variables.raw(), Some(&READ_BY_ENTRY[2..]));
    }

    #[test]
    fn construct_and_emit() {
        let (parameter, _) = DataRef::parse(&READ_BY_ENTRY[6..]).unwrap();
        let vars = [VariableAccess::ParameterizedAccess {
            variable_name: 0x4008,
            selector: 2,
            parameter,
        }];
        let req = ReadRequest {
            variables: List::new(&vars),
        };
        assert_eq!(req.buffer_len(), READ_BY_ENTRY.len());
        let mut out = [0u8; 32];
        let n = req.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &READ_BY_ENTRY);
        assert_eq!(req.variables.raw(), None);
        assert_eq!(req, ReadRequest::parse_exact(&READ_BY_ENTRY).unwrap());
        assert!(req.emit(&mut out[..5]).is_err());
    }

    #[test]
    fn errors() {
        assert_eq!(
            ReadRequest::parse(&hex!("0601022008")).unwrap_err().kind(),
            ErrorKind::UnexpectedTag {
                expected: 0x05,
                found: 0x06
            }
        );
        // detailed-access [3] is not used in DLMS/COSEM.
        let err = ReadRequest::parse(&hex!("0501032008")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownChoice { found: 3 });
        assert_eq!(err.offset(), 2);
        assert_eq!(
            ReadResponse::parse(&hex!("0C010400")).unwrap_err().kind(),
            ErrorKind::UnknownChoice { found: 4 }
        );
        assert_eq!(
            WriteResponse::parse(&hex!("0D0103")).unwrap_err().kind(),
            ErrorKind::UnknownChoice { found: 3 }
        );
        // A count the remaining bytes cannot hold.
        let err = ReadRequest::parse(&hex!("05 84FFFFFFFF 022008")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::LengthExceeds { .. }));
        assert_eq!(err.offset(), 1);
        let err = WriteRequest::parse(&hex!("06 01 022008 01 07")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTag { found: 7 });
        assert_eq!(err.offset(), 6);
        for n in 0..READ_BY_ENTRY.len() {
            assert!(ReadRequest::parse(&READ_BY_ENTRY[..n]).is_err());
        }
        let report = InformationReportRequest {
            current_time: Some(&[]),
            variables: List::new(&[]),
            values: List::new(&[]),
        };
        let mut out = [0u8; 8];
        assert_eq!(
            report.emit(&mut out).unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn render() {
        let res = ReadResponse::parse_exact(&hex!("0C020011050103")).unwrap();
        assert_eq!(
            format!("{}", Tree(&res)),
            "readResponse (2)\n  data\n    unsigned: 5\n  data-access-error: read-write-denied\n"
        );
        let req = WriteRequest::parse_exact(&hex!("0601023008010901AB")).unwrap();
        assert_eq!(
            format!("{}", Tree(&req)),
            "writeRequest\n  variable-access-specification (1)\n    variable-name: 0x3008\n  \
             list-of-data (1)\n    octet-string: ab\n"
        );
    }

    fn data_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            any::<u8>().prop_map(|v| std::vec![0x11, v]),
            any::<u16>().prop_map(|v| {
                let [a, b] = v.to_be_bytes();
                std::vec![0x12, a, b]
            }),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(|v| {
                let mut out = std::vec![0x09, v.len() as u8];
                out.extend(v);
                out
            }),
            Just(std::vec![0x00]),
        ]
    }

    #[derive(Debug, Clone)]
    enum Var {
        Name(u16),
        Param(u16, u8, Vec<u8>),
        Block(u16),
        Read(bool, u16, Vec<u8>),
        Write(bool, u16),
    }

    fn var() -> impl Strategy<Value = Var> {
        prop_oneof![
            any::<u16>().prop_map(Var::Name),
            (any::<u16>(), any::<u8>(), data_bytes()).prop_map(|(n, s, d)| Var::Param(n, s, d)),
            any::<u16>().prop_map(Var::Block),
            (
                any::<bool>(),
                any::<u16>(),
                proptest::collection::vec(any::<u8>(), 0..200)
            )
                .prop_map(|(l, b, d)| Var::Read(l, b, d)),
            (any::<bool>(), any::<u16>()).prop_map(|(l, b)| Var::Write(l, b)),
        ]
    }

    fn to_access(v: &Var) -> VariableAccess<'_> {
        match v {
            Var::Name(n) => VariableAccess::VariableName(*n),
            Var::Param(n, s, d) => VariableAccess::ParameterizedAccess {
                variable_name: *n,
                selector: *s,
                parameter: DataRef::parse_exact(d).unwrap(),
            },
            Var::Block(b) => VariableAccess::BlockNumberAccess(*b),
            Var::Read(l, b, d) => VariableAccess::ReadDataBlockAccess {
                last_block: *l,
                block_number: *b,
                raw_data: d,
            },
            Var::Write(l, b) => VariableAccess::WriteDataBlockAccess {
                last_block: *l,
                block_number: *b,
            },
        }
    }

    #[derive(Debug, Clone)]
    enum Res {
        Data(Vec<u8>),
        Error(u8),
        Block(bool, u16, Vec<u8>),
        Number(u16),
    }

    fn res() -> impl Strategy<Value = Res> {
        prop_oneof![
            data_bytes().prop_map(Res::Data),
            any::<u8>().prop_map(Res::Error),
            (
                any::<bool>(),
                any::<u16>(),
                proptest::collection::vec(any::<u8>(), 0..200)
            )
                .prop_map(|(l, b, d)| Res::Block(l, b, d)),
            any::<u16>().prop_map(Res::Number),
        ]
    }

    fn to_read(r: &Res) -> ReadResult<'_> {
        match r {
            Res::Data(d) => ReadResult::Data(DataRef::parse_exact(d).unwrap()),
            Res::Error(e) => ReadResult::DataAccessError(DataAccessResult(*e)),
            Res::Block(l, b, d) => ReadResult::DataBlockResult {
                last_block: *l,
                block_number: *b,
                raw_data: d,
            },
            Res::Number(n) => ReadResult::BlockNumber(*n),
        }
    }

    fn to_write(r: &Res) -> WriteResult {
        match r {
            Res::Data(_) => WriteResult::Success,
            Res::Error(e) => WriteResult::DataAccessError(DataAccessResult(*e)),
            Res::Block(_, b, _) | Res::Number(b) => WriteResult::BlockNumber(*b),
        }
    }

    /// Emits `$v`, parses it back with `$t` and checks equality and exact length.
    macro_rules! round_trip {
        ($t:ident, $v:expr) => {{
            let v = $v;
            let mut out = std::vec![0u8; v.buffer_len()];
            let n = v.emit(&mut out).unwrap();
            prop_assert_eq!(n, out.len());
            let back = $t::parse_exact(&out).unwrap();
            prop_assert_eq!(back, v);
            // And the parsed (encoded) form re-emits the same bytes.
            let mut again = std::vec![0u8; back.buffer_len()];
            back.emit(&mut again).unwrap();
            prop_assert_eq!(again, out);
        }};
    }

    proptest! {
        #[test]
        fn sn_round_trips(
            vars in proptest::collection::vec(var(), 0..6),
            values in proptest::collection::vec(data_bytes(), 0..6),
            results in proptest::collection::vec(res(), 0..6),
            time in proptest::option::of(proptest::collection::vec(any::<u8>(), 1..16)),
        ) {
            let access: Vec<_> = vars.iter().map(to_access).collect();
            let data: Vec<_> = values.iter().map(|d| DataRef::parse_exact(d).unwrap()).collect();
            let reads: Vec<_> = results.iter().map(to_read).collect();
            let writes: Vec<_> = results.iter().map(to_write).collect();
            let variables = List::new(&access);
            let values = List::new(&data);
            round_trip!(ReadRequest, ReadRequest { variables });
            round_trip!(WriteRequest, WriteRequest { variables, values });
            round_trip!(UnconfirmedWriteRequest, UnconfirmedWriteRequest { variables, values });
            round_trip!(InformationReportRequest, InformationReportRequest {
                current_time: time.as_deref(), variables, values,
            });
            round_trip!(ReadResponse, ReadResponse { results: List::new(&reads) });
            round_trip!(WriteResponse, WriteResponse { results: List::new(&writes) });
        }

        #[test]
        fn arbitrary_input_never_panics(
            tag in proptest::sample::select(&[0x05u8, 0x06, 0x0C, 0x0D, 0x16, 0x18][..]),
            body in proptest::collection::vec(any::<u8>(), 0..48),
        ) {
            let mut input = std::vec![tag];
            input.extend(body);
            let _ = ReadRequest::parse(&input);
            let _ = ReadResponse::parse(&input);
            let _ = WriteRequest::parse(&input);
            let _ = WriteResponse::parse(&input);
            let _ = UnconfirmedWriteRequest::parse(&input);
            let _ = InformationReportRequest::parse(&input);
        }
    }
}
