//! The HDLC control field (IEC 62056-46, 6.4.3).
//!
//! Bit 4 of every control byte is the poll/final bit. Information frames carry N(S) in bits
//! 1..3 and N(R) in bits 5..7 with bit 0 clear; supervisory frames carry N(R) in bits 5..7;
//! unnumbered frames have fixed codes.

/// A control field: the frame kinds of IEC 62056-46 with their sequence numbers and
/// poll/final bit.
///
/// Sequence numbers are modulo 8; constructors and [`to_byte`](Self::to_byte) keep the low
/// three bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Control {
    /// Information frame.
    I {
        /// Send sequence number N(S).
        ns: u8,
        /// Receive sequence number N(R): the next N(S) the sender expects.
        nr: u8,
        /// Poll (from the client) or final (from the server).
        poll: bool,
    },
    /// Receive ready: acknowledges frames up to N(R) - 1.
    Rr {
        /// Receive sequence number N(R).
        nr: u8,
        /// Poll/final.
        poll: bool,
    },
    /// Receive not ready.
    Rnr {
        /// Receive sequence number N(R).
        nr: u8,
        /// Poll/final.
        poll: bool,
    },
    /// Set normal response mode (link set-up request).
    Snrm {
        /// Poll (always set in practice).
        poll: bool,
    },
    /// Disconnect.
    Disc {
        /// Poll (always set in practice).
        poll: bool,
    },
    /// Unnumbered acknowledge.
    Ua {
        /// Final.
        poll: bool,
    },
    /// Disconnected mode.
    Dm {
        /// Final.
        poll: bool,
    },
    /// Frame reject.
    Frmr {
        /// Final.
        poll: bool,
    },
    /// Unnumbered information (used by many meters for pushes).
    Ui {
        /// Poll/final.
        poll: bool,
    },
}

const PF: u8 = 0x10;
const SNRM: u8 = 0x83;
const DISC: u8 = 0x43;
const UA: u8 = 0x63;
const DM: u8 = 0x0F;
const FRMR: u8 = 0x87;
const UI: u8 = 0x03;

const fn pf_bit(poll: bool) -> u8 {
    if poll { PF } else { 0 }
}

impl Control {
    /// Decodes a control byte, or `None` for a kind IEC 62056-46 does not use (REJ, SREJ and
    /// the other unnumbered commands).
    #[must_use]
    pub const fn from_byte(byte: u8) -> Option<Self> {
        let poll = byte & PF != 0;
        let nr = byte >> 5;
        if byte & 0x01 == 0 {
            return Some(Self::I {
                ns: (byte >> 1) & 0x07,
                nr,
                poll,
            });
        }
        match byte & 0x0F {
            0x01 => return Some(Self::Rr { nr, poll }),
            0x05 => return Some(Self::Rnr { nr, poll }),
            _ => {}
        }
        Some(match byte & !PF {
            SNRM => Self::Snrm { poll },
            DISC => Self::Disc { poll },
            UA => Self::Ua { poll },
            DM => Self::Dm { poll },
            FRMR => Self::Frmr { poll },
            UI => Self::Ui { poll },
            _ => return None,
        })
    }

    /// Encodes the control byte.
    #[must_use]
    pub const fn to_byte(self) -> u8 {
        match self {
            Self::I { ns, nr, poll } => ((nr & 7) << 5) | pf_bit(poll) | ((ns & 7) << 1),
            Self::Rr { nr, poll } => ((nr & 7) << 5) | pf_bit(poll) | 0x01,
            Self::Rnr { nr, poll } => ((nr & 7) << 5) | pf_bit(poll) | 0x05,
            Self::Snrm { poll } => SNRM | pf_bit(poll),
            Self::Disc { poll } => DISC | pf_bit(poll),
            Self::Ua { poll } => UA | pf_bit(poll),
            Self::Dm { poll } => DM | pf_bit(poll),
            Self::Frmr { poll } => FRMR | pf_bit(poll),
            Self::Ui { poll } => UI | pf_bit(poll),
        }
    }

    /// The poll/final bit.
    #[must_use]
    pub const fn is_poll(self) -> bool {
        match self {
            Self::I { poll, .. }
            | Self::Rr { poll, .. }
            | Self::Rnr { poll, .. }
            | Self::Snrm { poll }
            | Self::Disc { poll }
            | Self::Ua { poll }
            | Self::Dm { poll }
            | Self::Frmr { poll }
            | Self::Ui { poll } => poll,
        }
    }

    /// N(R) for information and supervisory frames.
    #[must_use]
    pub const fn nr(self) -> Option<u8> {
        match self {
            Self::I { nr, .. } | Self::Rr { nr, .. } | Self::Rnr { nr, .. } => Some(nr & 7),
            _ => None,
        }
    }

    /// Whether a frame of this kind may carry an information field that is an APDU segment
    /// (I and UI frames).
    #[must_use]
    pub const fn is_information(self) -> bool {
        matches!(self, Self::I { .. } | Self::Ui { .. })
    }

    /// The same control with its sequence numbers reduced modulo 8, so that equal bytes
    /// compare equal.
    #[must_use]
    pub const fn normalized(self) -> Self {
        match self {
            Self::I { ns, nr, poll } => Self::I {
                ns: ns & 7,
                nr: nr & 7,
                poll,
            },
            Self::Rr { nr, poll } => Self::Rr { nr: nr & 7, poll },
            Self::Rnr { nr, poll } => Self::Rnr { nr: nr & 7, poll },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnumbered_codes() {
        // IEC 62056-46 codes with P/F set, as listed in the reference notes.
        for (byte, c) in [
            (0x93, Control::Snrm { poll: true }),
            (0x53, Control::Disc { poll: true }),
            (0x73, Control::Ua { poll: true }),
            (0x1F, Control::Dm { poll: true }),
            (0x97, Control::Frmr { poll: true }),
            (0x13, Control::Ui { poll: true }),
            (0x03, Control::Ui { poll: false }),
        ] {
            assert_eq!(Control::from_byte(byte), Some(c));
            assert_eq!(c.to_byte(), byte);
        }
    }

    #[test]
    fn numbered() {
        // RRR P SSS 0
        assert_eq!(
            Control::from_byte(0x10),
            Some(Control::I {
                ns: 0,
                nr: 0,
                poll: true
            })
        );
        assert_eq!(
            Control::from_byte(0x32),
            Some(Control::I {
                ns: 1,
                nr: 1,
                poll: true
            })
        );
        assert_eq!(
            Control::from_byte(0xFE),
            Some(Control::I {
                ns: 7,
                nr: 7,
                poll: true
            })
        );
        assert_eq!(
            Control::from_byte(0x31),
            Some(Control::Rr { nr: 1, poll: true })
        );
        assert_eq!(
            Control::from_byte(0xF5),
            Some(Control::Rnr { nr: 7, poll: true })
        );
        assert_eq!(
            Control::I {
                ns: 9,
                nr: 10,
                poll: false
            }
            .to_byte(),
            0x42
        );
    }

    #[test]
    fn every_byte_round_trips_or_is_rejected() {
        let mut known = 0;
        for b in 0..=255u8 {
            if let Some(c) = Control::from_byte(b) {
                assert_eq!(c.to_byte(), b, "byte {b:#04x}");
                known += 1;
            }
        }
        // 128 I-frame bytes, 16 RR, 16 RNR, 6 unnumbered kinds x 2.
        assert_eq!(known, 128 + 16 + 16 + 12);
        assert_eq!(Control::from_byte(0x09), None); // REJ
        assert_eq!(Control::from_byte(0x0D), None); // SREJ
    }
}
