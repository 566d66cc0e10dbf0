//! The HDLC header and frame check sequences.
//!
//! Both are CRC-16/IBM-SDLC (the X.25 CRC: reflected polynomial 0x1021, initial value 0xFFFF,
//! final XOR 0xFFFF), sent least-significant byte first (IEC 62056-46, frame format type 3).

use crc::{CRC_16_IBM_SDLC, Crc};

const CRC16: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_SDLC);

/// Computes the check sequence over `data`.
#[must_use]
pub fn checksum(data: &[u8]) -> u16 {
    CRC16.checksum(data)
}

/// Reads a check sequence as it is sent on the wire (least-significant byte first).
#[must_use]
pub(crate) fn read(bytes: [u8; 2]) -> u16 {
    u16::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn check_value() {
        // The catalogue check value of CRC-16/IBM-SDLC over "123456789".
        assert_eq!(checksum(b"123456789"), 0x906E);
    }

    #[test]
    fn known_frame() {
        // amshan tests/test_hdlc.py: frame A0 08 01 02 01 10 | FCS 37 8D.
        assert_eq!(checksum(&hex!("A00801020110")).to_le_bytes(), hex!("378D"));
    }
}
