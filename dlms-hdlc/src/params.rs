//! SNRM/UA parameter negotiation (IEC 62056-46, 6.4.4.4.3.2; ISO/IEC 13239 HDLC parameter
//! negotiation field).
//!
//! The information field of SNRM and UA is `81 80 len` followed by parameters
//! `id len value`: `05` maximum information field length transmit, `06` receive, `07`
//! window size transmit, `08` receive. Values are 1, 2 or 4 bytes, big-endian. Each side
//! states its own point of view: in a UA, "transmit" is what the server will send.
//! A parameter that is absent takes its default (128 bytes, window 1).

use crate::error::{Error, ErrorKind, Result, out_prefix};

const FORMAT_ID: u8 = 0x81;
const GROUP_ID: u8 = 0x80;
const MAX_INFO_TX: u8 = 0x05;
const MAX_INFO_RX: u8 = 0x06;
const WINDOW_TX: u8 = 0x07;
const WINDOW_RX: u8 = 0x08;

/// Default maximum information field length.
pub const DEFAULT_MAX_INFO: u16 = 128;
/// Default window size.
pub const DEFAULT_WINDOW: u8 = 1;
/// The largest window size the modulo-8 sequence numbers allow.
pub const MAX_WINDOW: u8 = 7;
/// The largest maximum information field length IEC 62056-46 allows.
pub const MAX_INFO: u16 = 2030;

/// Link parameters as one side states them: what it will transmit and can receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct LinkParams {
    /// Maximum information field length this side transmits.
    pub max_info_tx: u16,
    /// Maximum information field length this side can receive.
    pub max_info_rx: u16,
    /// Frames this side sends before it waits for an acknowledgement.
    pub window_tx: u8,
    /// Frames this side can receive before it acknowledges.
    pub window_rx: u8,
}

impl Default for LinkParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl LinkParams {
    /// The defaults that apply when a parameter (or the whole field) is absent.
    pub const DEFAULT: Self = Self {
        max_info_tx: DEFAULT_MAX_INFO,
        max_info_rx: DEFAULT_MAX_INFO,
        window_tx: DEFAULT_WINDOW,
        window_rx: DEFAULT_WINDOW,
    };

    /// Parses the information field of an SNRM or UA frame. An empty field means all
    /// defaults; parameters may come in any order and with 1, 2 or 4-byte values; unknown
    /// parameter ids are skipped.
    ///
    /// # Errors
    /// [`ErrorKind::Parameter`] for a wrong format or group identifier, a group length that
    /// disagrees with the field, a value of another width than 1, 2 or 4 bytes, a value that
    /// does not fit (a length above 65535 or a window above 255) or a zero value;
    /// [`ErrorKind::Truncated`] if the field ends inside a parameter.
    pub fn parse(info: &[u8]) -> Result<Self> {
        let mut params = Self::DEFAULT;
        if info.is_empty() {
            return Ok(params);
        }
        let (body, base) = group(info)?;
        let mut rest = body;
        while !rest.is_empty() {
            let offset = base.saturating_add(body.len().saturating_sub(rest.len()));
            let (id, value, next) = parameter(rest).map_err(|e| e.at(offset))?;
            let bad = Error::new(ErrorKind::Parameter, offset);
            match id {
                MAX_INFO_TX => params.max_info_tx = nonzero(u16::try_from(value), bad)?,
                MAX_INFO_RX => params.max_info_rx = nonzero(u16::try_from(value), bad)?,
                WINDOW_TX => params.window_tx = nonzero(u8::try_from(value), bad)?,
                WINDOW_RX => params.window_rx = nonzero(u8::try_from(value), bad)?,
                _ => {}
            }
            rest = next;
        }
        Ok(params)
    }

    /// Length of the field [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        // 81 80 len, two length parameters (2 + 1 or 2 bytes), two windows (2 + 4 bytes).
        let lengths = width(self.max_info_tx).saturating_add(width(self.max_info_rx));
        lengths.saturating_add(3 + 2 + 2 + 6 + 6)
    }

    /// Writes the field with all four parameters: lengths in one byte where they fit, else
    /// two; windows in four bytes (the form meters send, e.g. the Iskra UA in jDLMS's tests).
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] if `out` is too short.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let out = out_prefix(out, len)?;
        let mut pos = 0usize;
        let mut put = |bytes: &[u8]| {
            let end = pos.saturating_add(bytes.len());
            if let Some(dst) = out.get_mut(pos..end) {
                dst.copy_from_slice(bytes);
            }
            pos = end;
        };
        // `len` is at most 3 + 4 + 4 + 12 = 23, so the group length fits one byte.
        put(&[
            FORMAT_ID,
            GROUP_ID,
            u8::try_from(len.saturating_sub(3)).unwrap_or(0),
        ]);
        for (id, v) in [
            (MAX_INFO_TX, self.max_info_tx),
            (MAX_INFO_RX, self.max_info_rx),
        ] {
            match u8::try_from(v) {
                Ok(b) => put(&[id, 1, b]),
                Err(_) => {
                    let [hi, lo] = v.to_be_bytes();
                    put(&[id, 2, hi, lo]);
                }
            }
        }
        for (id, w) in [(WINDOW_TX, self.window_tx), (WINDOW_RX, self.window_rx)] {
            put(&[id, 4, 0, 0, 0, w]);
        }
        Ok(len)
    }

    /// Combines this side's capabilities with the peer's stated parameters: each direction
    /// takes the smaller of what the sender offers and the receiver accepts, and windows are
    /// limited to 1..=7.
    ///
    /// The result is from this side's point of view. A server answers an SNRM with
    /// `own.negotiate(&snrm_params)` in its UA; a client applies `own.negotiate(&ua_params)`.
    #[must_use]
    pub fn negotiate(&self, peer: &Self) -> Self {
        Self {
            max_info_tx: self.max_info_tx.min(peer.max_info_rx).max(1),
            max_info_rx: self.max_info_rx.min(peer.max_info_tx).max(1),
            window_tx: self.window_tx.min(peer.window_rx).clamp(1, MAX_WINDOW),
            window_rx: self.window_rx.min(peer.window_tx).clamp(1, MAX_WINDOW),
        }
    }
}

fn width(v: u16) -> usize {
    if v <= 0xFF { 1 } else { 2 }
}

fn nonzero<T: PartialEq + Default, E>(v: core::result::Result<T, E>, bad: Error) -> Result<T> {
    match v {
        Ok(v) if v != T::default() => Ok(v),
        _ => Err(bad),
    }
}

/// Checks `81 80 len` and returns the parameters and their offset in `info`.
fn group(info: &[u8]) -> Result<(&[u8], usize)> {
    use nom::Parser;
    use nom::number::complete::u8 as byte;
    let res: nom::IResult<&[u8], (u8, u8, u8), ()> = (byte, byte, byte).parse(info);
    let Ok((body, (format, group, len))) = res else {
        return Err(Error::new(
            ErrorKind::Truncated {
                needed: 3usize.saturating_sub(info.len()),
            },
            info.len(),
        ));
    };
    if format != FORMAT_ID || group != GROUP_ID {
        return Err(Error::new(ErrorKind::Parameter, 0));
    }
    if usize::from(len) != body.len() {
        return Err(Error::new(ErrorKind::Parameter, 2));
    }
    Ok((body, 3))
}

/// Parses one `id len value` parameter.
fn parameter(input: &[u8]) -> Result<(u8, u32, &[u8])> {
    use nom::Parser;
    use nom::bytes::complete::take;
    use nom::number::complete::u8 as byte;
    let res: nom::IResult<&[u8], (u8, u8), ()> = (byte, byte).parse(input);
    let Ok((rest, (id, len))) = res else {
        return Err(Error::new(ErrorKind::Truncated { needed: 1 }, input.len()));
    };
    let len = usize::from(len);
    if !matches!(len, 1 | 2 | 4) {
        return Err(Error::new(ErrorKind::Parameter, 1));
    }
    let res: nom::IResult<&[u8], &[u8], ()> = take(len).parse(rest);
    let Ok((next, value)) = res else {
        return Err(Error::new(
            ErrorKind::Truncated {
                needed: len.saturating_sub(rest.len()),
            },
            input.len(),
        ));
    };
    let value = value.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    Ok((id, value, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    // jDLMS HdlcFrameTest: information field of a UA from an Iskra meter.
    const ISKRA_UA: [u8; 21] = hex!("81801205017E06017E070400000001080400000001");

    #[test]
    fn parse_capture() {
        let p = LinkParams::parse(&ISKRA_UA).unwrap();
        assert_eq!(
            p,
            LinkParams {
                max_info_tx: 126,
                max_info_rx: 126,
                window_tx: 1,
                window_rx: 1
            }
        );
        let mut out = [0u8; 32];
        assert_eq!(p.emit(&mut out), Ok(21));
        assert_eq!(out[..21], ISKRA_UA);
    }

    #[test]
    fn defaults_and_widths() {
        assert_eq!(LinkParams::parse(&[]), Ok(LinkParams::DEFAULT));
        assert_eq!(LinkParams::parse(&hex!("818000")), Ok(LinkParams::DEFAULT));
        // Two-byte and four-byte values, any order, unknown id 0x09 skipped.
        let p =
            LinkParams::parse(&hex!("818010 0804 00000007 0901 FF 060207EE 050100")).unwrap_err();
        assert_eq!(p.kind(), ErrorKind::Parameter); // zero length is refused
        let p = LinkParams::parse(&hex!("818010 0804 00000007 0901 FF 060207EE 050120")).unwrap();
        assert_eq!(
            p,
            LinkParams {
                max_info_tx: 32,
                max_info_rx: 2030,
                window_tx: 1,
                window_rx: 7
            }
        );
        let big = LinkParams {
            max_info_tx: 2030,
            max_info_rx: 1024,
            ..LinkParams::DEFAULT
        };
        let mut out = [0u8; 32];
        let n = big.emit(&mut out).unwrap();
        assert_eq!(n, big.buffer_len());
        assert_eq!(LinkParams::parse(&out[..n]), Ok(big));
    }

    #[test]
    fn malformed() {
        let kind = |b: &[u8]| LinkParams::parse(b).unwrap_err().kind();
        assert_eq!(kind(&hex!("82800305017E")), ErrorKind::Parameter);
        assert_eq!(kind(&hex!("81800405017E")), ErrorKind::Parameter); // group length
        assert_eq!(kind(&hex!("8180040503007E00")), ErrorKind::Parameter); // 3-byte value
        assert_eq!(
            kind(&hex!("81800305027E")),
            ErrorKind::Truncated { needed: 1 }
        );
        assert_eq!(kind(&hex!("8180")), ErrorKind::Truncated { needed: 1 });
        assert_eq!(kind(&hex!("8180060704000001FF")), ErrorKind::Parameter); // window > 255
        assert_eq!(kind(&hex!("818006050400010000")), ErrorKind::Parameter); // length > 65535
        let err = LinkParams::parse(&hex!("81800805017E0903000000")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::Parameter, 7));
        assert!(matches!(
            LinkParams::DEFAULT.emit(&mut [0u8; 10]).unwrap_err().kind(),
            ErrorKind::BufferTooSmall { .. }
        ));
    }

    #[test]
    fn negotiation_takes_the_smaller() {
        let client = LinkParams {
            max_info_tx: 2030,
            max_info_rx: 512,
            window_tx: 7,
            window_rx: 3,
        };
        let server = LinkParams {
            max_info_tx: 256,
            max_info_rx: 1024,
            window_tx: 1,
            window_rx: 7,
        };
        let ua = server.negotiate(&client);
        assert_eq!(
            ua,
            LinkParams {
                max_info_tx: 256,
                max_info_rx: 1024,
                window_tx: 1,
                window_rx: 7
            }
        );
        let agreed = client.negotiate(&ua);
        assert_eq!(
            agreed,
            LinkParams {
                max_info_tx: 1024,
                max_info_rx: 256,
                window_tx: 7,
                window_rx: 1
            }
        );
        // Symmetric: what one side transmits, the other receives.
        assert_eq!(agreed.max_info_tx, ua.max_info_rx);
        assert_eq!(agreed.window_rx, ua.window_tx);
        // Out-of-range windows are clamped.
        let wild = LinkParams {
            window_tx: 200,
            window_rx: 200,
            ..LinkParams::DEFAULT
        };
        assert_eq!(wild.negotiate(&wild).window_tx, MAX_WINDOW);
    }
}
