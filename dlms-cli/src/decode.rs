//! `dlms decode`: find, reassemble, unprotect and print the APDUs of the input.

use std::io::Write as _;

use anyhow::{Context as _, Result, anyhow};
use dlms_apdu::Apdu;
use dlms_apdu::Data;
use dlms_apdu::ciphered::Ciphering;
use dlms_apdu::datablock::{Progress, VecReassembler};
use dlms_apdu::get::{GetDataResult, GetResponse};
use dlms_apdu::registry::DataAccessResult;
use dlms_apdu::render::Tree;
use dlms_security::SystemTitle;
use serde_json::{Value, json};

use crate::input::{self, Unit};
use crate::unprotect::{self, Keys, Security};
use crate::values;

/// The examples `dlms decode --help` ends with.
pub(crate) const EXAMPLES: &str = "\
Input:
  HDLC frames (a stream starting with 7E; segments and general-block-transfer blocks are
  joined), IEC 62056-47 wrapper PDUs (starting 00 01) or one APDU. Hex digits may be
  separated by whitespace, ':' or '-'. With '-' the input is read from standard input,
  as hex text or, if it is not hex, as raw octets.

Keys:
  The key size picks the security suite's AES (16 octets: suites 0 and 1, 32: suite 2).
  --ek serves as the global unicast, broadcast or dedicated key, whichever the APDU names.
  Without --ek a ciphered APDU's envelope is shown and its content left ciphered.

Examples:
  Decode a glo-get-request (Green Book example), checking its tag:
    dlms decode --ek 000102030405060708090A0B0C0D0E0F --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF \\
      --system-title 4D4D4D0000BC614E \\
      C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B

  Decrypt a meter's push captured from its HDLC port, one JSON object per APDU:
    dlms decode --json --ek 101112131415161718191A1B1C1D1E1F - < push.hex

  Show a plain get-response inside a wrapper PDU:
    dlms decode 0001000100010009C401C1000600001234

Exit status: 0 when every APDU decoded, 1 with a message on stderr otherwise.";

/// The arguments of `dlms decode`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Encryption key (hex): global unicast, broadcast or dedicated.
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    ek: Option<Key>,
    /// Authentication key (hex).
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    ak: Option<Key>,
    /// Master key (hex), the key-encrypting key of wrapped keys in general-ciphering.
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    kek: Option<Key>,
    /// The sender's system title (8 octets, hex), for glo-/ded- APDUs and general-glo/ded
    /// ciphering that do not carry it.
    #[arg(long, value_name = "HEX", value_parser = parse_title)]
    system_title: Option<SystemTitle>,
    /// Print one JSON object per APDU, one per line.
    #[arg(long)]
    json: bool,
    /// The input as hex (several arguments are joined), or `-` to read standard input.
    #[arg(value_name = "HEX|-", required = true, num_args = 1..)]
    input: Vec<String>,
}

/// A key from the command line (a newtype, so that clap takes one value, not many).
#[derive(Debug, Clone)]
struct Key(Vec<u8>);

/// A key: 16 or 32 octets of hex.
fn parse_key(s: &str) -> Result<Key, String> {
    let key = hex::decode(s.trim()).map_err(|e| format!("not hex: {e}"))?;
    match key.len() {
        16 | 32 => Ok(Key(key)),
        n => Err(format!(
            "{n} octets: AES keys have 16 (suites 0, 1) or 32 (suite 2)"
        )),
    }
}

/// A system title: 8 octets of hex.
fn parse_title(s: &str) -> Result<SystemTitle, String> {
    let title = hex::decode(s.trim()).map_err(|e| format!("not hex: {e}"))?;
    SystemTitle::from_slice(&title).map_err(|_| format!("{} octets, 8 needed", title.len()))
}

/// Runs `dlms decode`.
///
/// # Errors
/// A message for input that does not decode, keys that do not fit, or a failed tag.
pub(crate) fn run(args: &Args) -> Result<()> {
    let keys = Keys {
        ek: args.ek.as_ref().map(|k| k.0.clone()),
        ak: args.ak.as_ref().map(|k| k.0.clone()),
        kek: args.kek.as_ref().map(|k| k.0.clone()),
        system_title: args.system_title,
    };
    let bytes = input::read(&args.input.join(" "))?;
    let units = input::split(&bytes)?;
    if units.is_empty() {
        eprintln!("no APDU in the input");
    }
    let mut out = std::io::stdout().lock();
    // The raw-data of get-response-with-datablock blocks received so far.
    let mut blocks = VecReassembler::new(MAX_VALUE);
    for (i, unit) in units.iter().enumerate() {
        let n = i.saturating_add(1);
        let mut decoded = decode(unit, &keys).with_context(|| format!("APDU {n}"))?;
        decoded
            .join_datablock(&mut blocks)
            .with_context(|| format!("APDU {n}"))?;
        if args.json {
            writeln!(out, "{}", decoded.to_json(unit))?;
        } else {
            decoded.print(&mut out, n, unit)?;
        }
    }
    if !blocks.received().is_empty() {
        return Err(anyhow!(
            "truncated: the get-response-with-datablock blocks end before the last one"
        ));
    }
    Ok(())
}

/// The largest value reassembled from get-response-with-datablock blocks.
const MAX_VALUE: usize = 1 << 20;

/// One APDU, decoded.
struct Decoded<'u> {
    /// The APDU as it arrived.
    outer: Apdu<'u>,
    /// The envelope and what unprotecting found, for a ciphered APDU.
    security: Option<Security>,
    /// The unprotected APDU's encoding: the APDU itself when it was not ciphered.
    plaintext: Option<Vec<u8>>,
    /// For the last block of a get-response-with-datablock: the value the blocks carried.
    block_value: Option<Value>,
}

fn decode<'u>(unit: &'u Unit, keys: &Keys) -> Result<Decoded<'u>> {
    let outer =
        Apdu::parse_exact(&unit.bytes).map_err(|e| anyhow!("not a well-formed APDU: {e}"))?;
    if unprotect::envelope(&outer).is_none() {
        return Ok(Decoded {
            outer,
            security: None,
            plaintext: Some(unit.bytes.clone()),
            block_value: None,
        });
    }
    let (security, plaintext) = unprotect::unprotect(&unit.bytes, &outer, keys)?;
    if let Some(p) = &plaintext {
        // Checked here so that a wrong encryption-only key prints nothing.
        Apdu::parse_exact(p).map_err(|e| {
            anyhow!(
                "the decrypted content is not a well-formed APDU ({e}): wrong key (--ek, \
                 --kek) or wrong system title?"
            )
        })?;
    }
    Ok(Decoded {
        outer,
        security: Some(security),
        plaintext,
        block_value: None,
    })
}

impl Decoded<'_> {
    /// Adds a get-response-with-datablock block to `blocks`; the last one gets the value.
    fn join_datablock(&mut self, blocks: &mut VecReassembler) -> Result<()> {
        let Some(Apdu::GetResponse(GetResponse::WithDatablock(r))) = self.plain() else {
            return Ok(());
        };
        let value = match blocks
            .push_g(&r.block)
            .map_err(|e| anyhow!("get-response-with-datablock: {e}"))?
        {
            Progress::More => return Ok(()),
            Progress::Aborted(a) => access_result(a),
            Progress::Complete => {
                let d = blocks
                    .data_ref()
                    .map_err(|e| anyhow!("the value the blocks carried does not decode: {e}"))?;
                value(Data::from(d))
            }
        };
        blocks.reset();
        self.block_value = Some(value);
        Ok(())
    }

    /// The plain APDU, when there is one.
    fn plain(&self) -> Option<Apdu<'_>> {
        self.plaintext
            .as_deref()
            .and_then(|p| Apdu::parse_exact(p).ok())
    }

    fn to_json(&self, unit: &Unit) -> Value {
        let mut v = json!({
            "apdu": name(&self.outer),
            "transport": unit.transport.to_json(),
        });
        let Some(map) = v.as_object_mut() else {
            return v;
        };
        if unit.blocks > 0 {
            map.insert("general_block_transfer_blocks".into(), unit.blocks.into());
        }
        if let Some(s) = &self.security {
            map.insert("security".into(), s.to_json());
        }
        match (self.plain(), &self.plaintext) {
            (Some(plain), Some(bytes)) => {
                map.insert("plaintext".into(), hex::encode_upper(bytes).into());
                map.insert("plain_apdu".into(), name(&plain).into());
                if let Some(d) = data(&plain).or_else(|| self.block_value.clone()) {
                    map.insert("data".into(), d);
                }
                if let Apdu::DataNotification(n) = &plain {
                    if let Some((layout, named)) = values::named(&n.notification_body) {
                        map.insert("named".into(), values::to_json(layout, &named));
                    }
                }
            }
            _ => {
                map.insert("content".into(), "ciphered".into());
            }
        }
        v
    }

    fn print(&self, out: &mut impl std::io::Write, n: usize, unit: &Unit) -> Result<()> {
        let blocks = match unit.blocks {
            0 => String::new(),
            b => format!(", {b} general-block-transfer blocks"),
        };
        writeln!(
            out,
            "== APDU {n} ({}{blocks}), {} octets: {}",
            unit.transport,
            unit.bytes.len(),
            name(&self.outer)
        )?;
        let Some(s) = &self.security else {
            write!(out, "{}", Tree(&self.outer))?;
            self.print_block_value(out)?;
            return print_named(out, &self.outer);
        };
        write!(out, "{}", Tree(&self.outer))?;
        let title = s
            .system_title
            .as_deref()
            .map_or_else(|| "unknown".to_owned(), hex::encode_upper);
        let manufacturer = s
            .system_title
            .as_deref()
            .and_then(|t| SystemTitle::from_slice(t).ok())
            .and_then(|t| t.manufacturer().map(str::to_owned))
            .map_or_else(String::new, |m| format!(" ({m})"));
        writeln!(
            out,
            "-- security control {}, system title {title}{manufacturer}, invocation counter {}",
            s.header.security_control, s.header.invocation_counter
        )?;
        if let Some(k) = s.key_info {
            writeln!(out, "-- key: {k}")?;
        }
        match (&self.plaintext, self.plain()) {
            (Some(bytes), Some(plain)) => {
                let tag = if s.tag_verified {
                    "tag verified"
                } else {
                    "no tag (encryption only)"
                };
                writeln!(
                    out,
                    "-- unprotected, {tag}; plaintext ({} octets): {}",
                    bytes.len(),
                    hex::encode_upper(bytes)
                )?;
                write!(out, "{}", Tree(&plain))?;
                self.print_block_value(out)?;
                print_named(out, &plain)?;
            }
            _ => writeln!(
                out,
                "-- the content ({} octets) is ciphered: give the keys (--ek, --ak, --kek) to \
                 unprotect it",
                s.ciphered_len
            )?,
        }
        Ok(())
    }
}

impl Decoded<'_> {
    fn print_block_value(&self, out: &mut impl std::io::Write) -> Result<()> {
        if let Some(v) = &self.block_value {
            writeln!(out, "-- the value of the blocks: {v}")?;
        }
        Ok(())
    }
}

/// The values of a data-notification, named where the push's layout allows.
fn print_named(out: &mut impl std::io::Write, apdu: &Apdu<'_>) -> Result<()> {
    let Apdu::DataNotification(n) = apdu else {
        return Ok(());
    };
    let Some((layout, named)) = values::named(&n.notification_body) else {
        return Ok(());
    };
    writeln!(out, "-- named values (layout {layout:?}):")?;
    for line in values::lines(&named) {
        writeln!(out, "   {line}")?;
    }
    Ok(())
}

/// The standard's name of the APDU as it arrived.
fn name(apdu: &Apdu<'_>) -> &'static str {
    match apdu {
        Apdu::Ciphered(c) => c.kind.name(),
        Apdu::GeneralGloDedCiphering(g) => match g.ciphering {
            Ciphering::Global => "general-glo-ciphering",
            Ciphering::Dedicated => "general-ded-ciphering",
        },
        other => other.name(),
    }
}

/// The values an APDU carries, in the serde form of [`Data`]: a notification's body, a
/// get-response's result (an array of results for a response with a list; a
/// data-access-result as `{"data-access-result": name}`), an action-response's return
/// parameters.
fn data(apdu: &Apdu<'_>) -> Option<Value> {
    match apdu {
        Apdu::DataNotification(n) => Some(value(Data::from(n.notification_body))),
        Apdu::EventNotificationRequest(e) => Some(value(Data::from(e.attribute_value))),
        Apdu::GetResponse(GetResponse::Normal(r)) => Some(result(&r.result)),
        Apdu::GetResponse(GetResponse::WithList(l)) => {
            Some(Value::Array(l.results.iter().map(|r| result(&r)).collect()))
        }
        Apdu::ActionResponse(dlms_apdu::action::ActionResponse::Normal(r)) => {
            r.response.return_parameters.as_ref().map(result)
        }
        _ => None,
    }
}

fn result(r: &GetDataResult<'_>) -> Value {
    match r {
        GetDataResult::Data(d) => value(Data::from(*d)),
        GetDataResult::AccessResult(a) => access_result(*a),
    }
}

fn access_result(a: DataAccessResult) -> Value {
    json!({ "data-access-result": a.name().map_or_else(|| Value::from(a.0), Value::from) })
}

fn value(d: Data) -> Value {
    serde_json::to_value(d).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// Splits and decodes `input` as `run` does, without printing: any outcome but a panic.
    /// Returns the value each APDU's datablocks completed, if any.
    fn decode_all(input: &[u8], keys: &Keys) -> Result<Vec<Option<Value>>> {
        let units = input::split(input)?;
        let mut blocks = VecReassembler::new(MAX_VALUE);
        let mut out = Vec::new();
        for unit in &units {
            let mut d = decode(unit, keys)?;
            d.join_datablock(&mut blocks)?;
            let _ = d.to_json(unit);
            d.print(&mut Vec::new(), 1, unit)?;
            out.push(d.block_value);
        }
        Ok(out)
    }

    fn keys() -> Keys {
        Keys {
            ek: Some(vec![0x11; 16]),
            ak: Some(vec![0x22; 16]),
            kek: Some(vec![0x33; 16]),
            system_title: Some(SystemTitle([0x44; 8])),
        }
    }

    proptest! {
        /// Random octets after each first octet the detection looks at: an HDLC flag, a
        /// wrapper version, the ciphered envelopes, a general-block-transfer block.
        #[test]
        fn garbage_never_panics(
            first in prop::sample::select(vec![
                vec![0x7E, 0xA0], vec![0x00, 0x01], vec![0xDB, 0x08], vec![0xDD],
                vec![0xC8], vec![0xE0], vec![0x0F], vec![0xC4],
            ]),
            rest in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let input = [first, rest].concat();
            let _ = decode_all(&input, &keys());
            let _ = decode_all(&input, &Keys::default());
        }
    }

    #[test]
    fn a_datablock_transfer_is_joined_once_complete() {
        let first = hex::decode("000100010001000EC402C10000000001000401021200").unwrap();
        let last = hex::decode("000100010001000EC402C10100000002000405120006").unwrap();
        assert_eq!(decode_all(&first, &Keys::default()).unwrap(), [None]);
        let values = decode_all(&[first.clone(), last].concat(), &Keys::default()).unwrap();
        assert_eq!(
            values,
            [
                None,
                Some(json!({ "array": [{ "long-unsigned": 5 }, { "long-unsigned": 6 }] }))
            ]
        );
        // The first block twice is a duplicate.
        assert!(decode_all(&[first.clone(), first].concat(), &Keys::default()).is_err());
    }
}
