//! Reading the input and finding the APDUs in it: HDLC frames (segments joined), IEC
//! 62056-47 wrapper PDUs or one bare APDU, with general-block-transfer blocks reassembled.

use std::io::Read as _;

use anyhow::{Context as _, Result, bail};
use dlms_apdu::block::{GeneralBlockTransfer, Progress, VecReceiver};
use dlms_hdlc::wrapper::WrapperHeader;
use dlms_hdlc::{Deframer, DeframerEvent, MAX_FRAME_LEN, Reassembler, llc};

/// The largest APDU reassembled from segments or blocks.
const MAX_APDU: usize = 1 << 20;

/// How an APDU reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// In the information fields of this many HDLC frames.
    Hdlc {
        /// Frames that carried it.
        frames: usize,
    },
    /// In an IEC 62056-47 wrapper PDU.
    Wrapper {
        /// Source wPort.
        source: u16,
        /// Destination wPort.
        destination: u16,
    },
    /// As given.
    Bare,
}

impl Transport {
    /// The JSON form.
    pub(crate) fn to_json(self) -> serde_json::Value {
        match self {
            Self::Hdlc { frames } => serde_json::json!({ "kind": "hdlc", "frames": frames }),
            Self::Wrapper {
                source,
                destination,
            } => serde_json::json!({
                "kind": "wrapper", "source": source, "destination": destination
            }),
            Self::Bare => serde_json::json!({ "kind": "apdu" }),
        }
    }
}

impl core::fmt::Display for Transport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Hdlc { frames: 1 } => f.write_str("HDLC, 1 frame"),
            Self::Hdlc { frames } => write!(f, "HDLC, {frames} frames"),
            Self::Wrapper {
                source,
                destination,
            } => write!(f, "wrapper, wPort {source} -> {destination}"),
            Self::Bare => f.write_str("bare APDU"),
        }
    }
}

/// One APDU found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// How it arrived (for a reassembled transfer: how its last block arrived).
    pub(crate) transport: Transport,
    /// The general-block-transfer blocks it was reassembled from (0: it was not).
    pub(crate) blocks: u16,
    /// The APDU.
    pub(crate) bytes: Vec<u8>,
}

/// Reads the input: the argument as hex, or for `-` standard input, as hex text or, when it
/// is not hex, as raw octets.
pub(crate) fn read(arg: &str) -> Result<Vec<u8>> {
    let bytes = if arg == "-" {
        let mut raw = Vec::new();
        std::io::stdin()
            .read_to_end(&mut raw)
            .context("cannot read standard input")?;
        match core::str::from_utf8(&raw).ok().map(parse_hex) {
            Some(Ok(bytes)) => bytes,
            _ => raw,
        }
    } else {
        parse_hex(arg).context("the input is not hex")?
    };
    if bytes.is_empty() {
        bail!("the input is empty");
    }
    Ok(bytes)
}

/// Hex digits with any whitespace, `:` or `-` between them, and an optional `0x`.
fn parse_hex(text: &str) -> Result<Vec<u8>> {
    let text = text.trim();
    let text = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    let digits: String = text
        .chars()
        .filter(|c| !(c.is_whitespace() || *c == ':' || *c == '-'))
        .collect();
    if let Some((at, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        bail!("{c:?} at digit {at} is not a hex digit");
    }
    if digits.len() % 2 != 0 {
        bail!("an odd number of hex digits ({})", digits.len());
    }
    Ok(hex::decode(digits)?)
}

/// Finds the APDUs in `input` and reassembles general-block-transfer blocks.
///
/// `7E` starts an HDLC frame stream, `00 01` a wrapper PDU (no APDU starts with `00`);
/// anything else is one APDU, after an LLC header if it has one.
pub(crate) fn split(input: &[u8]) -> Result<Vec<Unit>> {
    let units = match input {
        [0x7E, ..] => hdlc(input)?,
        [0x00, 0x01, ..] => wrapper(input)?,
        _ => vec![Unit {
            transport: Transport::Bare,
            blocks: 0,
            bytes: llc::strip(input).map_or(input, |(_, apdu)| apdu).to_vec(),
        }],
    };
    join_blocks(units)
}

/// Deframes an HDLC stream and joins segmented I and UI frames.
fn hdlc(input: &[u8]) -> Result<Vec<Unit>> {
    let mut deframer = Deframer::new(vec![0u8; MAX_FRAME_LEN.saturating_add(2)]);
    let mut segments = Reassembler::new(vec![0u8; MAX_APDU]);
    let mut units = Vec::new();
    let (mut rest, mut frames, mut index) = (input, 0usize, 0usize);
    while !rest.is_empty() {
        let used = deframer.handle_input(rest);
        rest = rest.get(used..).unwrap_or_default();
        while let Some(event) = deframer.poll_event() {
            let frame = match event {
                DeframerEvent::Frame(frame) => frame,
                DeframerEvent::Discarded { len, reason } => {
                    bail!("bad HDLC frame: {len} octets dropped after frame {index} ({reason:?})")
                }
            };
            index = index.saturating_add(1);
            let repr = frame.repr();
            if !repr.control.is_information() {
                eprintln!("frame {index}: {:?}, no APDU", repr.control);
                continue;
            }
            frames = frames.saturating_add(1);
            let apdu = segments
                .push(&repr)
                .with_context(|| format!("HDLC frame {index} does not continue the APDU"))?;
            if let Some(apdu) = apdu {
                let apdu = llc::strip(apdu).map_or(apdu, |(_, a)| a);
                if !apdu.is_empty() {
                    units.push(Unit {
                        transport: Transport::Hdlc { frames },
                        blocks: 0,
                        bytes: apdu.to_vec(),
                    });
                }
                frames = 0;
            }
        }
    }
    // A closing flag may stay behind as the opening flag of a next frame.
    if deframer.buffered() > 1 {
        bail!(
            "truncated HDLC frame: {} octets after frame {index} do not make a frame",
            deframer.buffered()
        );
    }
    if segments.is_in_progress() {
        bail!("truncated: the HDLC frames end before the last segment of the APDU");
    }
    if index == 0 {
        bail!("no HDLC frame in the input");
    }
    Ok(units)
}

/// Reads consecutive wrapper PDUs.
fn wrapper(input: &[u8]) -> Result<Vec<Unit>> {
    let mut units = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let (header, apdu, after) = WrapperHeader::parse_pdu(rest).with_context(|| {
            format!(
                "bad wrapper PDU at octet {}",
                input.len().saturating_sub(rest.len())
            )
        })?;
        units.push(Unit {
            transport: Transport::Wrapper {
                source: header.source,
                destination: header.destination,
            },
            blocks: 0,
            bytes: apdu.to_vec(),
        });
        rest = after;
    }
    Ok(units)
}

/// Replaces runs of general-block-transfer blocks by the APDU they carry.
fn join_blocks(units: Vec<Unit>) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    let mut rx: Option<(VecReceiver, u16)> = None;
    // HDLC frames that carried the blocks so far.
    let mut frames = 0usize;
    for unit in units {
        if unit.bytes.first() != Some(&0xE0) {
            if rx.is_some() {
                bail!("an APDU came between the blocks of a general-block-transfer");
            }
            out.push(unit);
            continue;
        }
        let block = GeneralBlockTransfer::parse_exact(&unit.bytes)
            .context("bad general-block-transfer block")?;
        let (receiver, count) = match &mut rx {
            Some(r) => r,
            None => rx.insert((VecReceiver::new(MAX_APDU, 0)?, 0)),
        };
        *count = count.saturating_add(1);
        if let Transport::Hdlc { frames: f } = unit.transport {
            frames = frames.saturating_add(f);
        }
        let progress = receiver.handle(&block).with_context(|| {
            format!(
                "general-block-transfer block {} out of sequence",
                block.block_number
            )
        })?;
        if progress == Progress::Complete {
            let blocks = *count;
            let bytes = receiver.received().to_vec();
            rx = None;
            let transport = match unit.transport {
                Transport::Hdlc { .. } => Transport::Hdlc { frames },
                other => other,
            };
            frames = 0;
            out.push(Unit {
                transport,
                blocks,
                bytes,
            });
        }
    }
    if let Some((_, count)) = rx {
        bail!("truncated: the general-block-transfer ends after {count} blocks without its last");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn hex_forms() {
        assert_eq!(parse_hex("0x0a:0B 0c-0d\n").unwrap(), [10, 11, 12, 13]);
        assert!(parse_hex("0a0").is_err());
        assert!(parse_hex("0g").is_err());
    }

    #[test]
    fn bare_apdu_after_llc_header() {
        let units = split(&[0xE6, 0xE6, 0x00, 0xC0, 0x01]).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].bytes, [0xC0, 0x01]);
        assert_eq!(units[0].transport, Transport::Bare);
    }
}
