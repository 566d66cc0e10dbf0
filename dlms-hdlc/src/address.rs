//! HDLC addresses (IEC 62056-46, 6.4.2).
//!
//! An address field is 1, 2 or 4 bytes. Each byte carries seven address bits above an
//! extension bit; the extension bit is 1 only in the last byte. A client address is one byte.
//! A server address has an upper part (the logical device) and an optional lower part (the
//! physical device): one byte holds the upper part alone (7 bits), two bytes hold one byte for
//! each part (7 bits each), four bytes hold two bytes for each part (14 bits each).

use crate::error::{Error, ErrorKind, Result, out_prefix};

/// Largest value of a 7-bit address part.
const MAX7: u16 = 0x7F;
/// Largest value of a 14-bit address part.
const MAX14: u16 = 0x3FFF;

/// An HDLC address of 1, 2 or 4 bytes.
///
/// The size is kept, so that an address parsed from the wire is emitted in the same size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Address {
    upper: u16,
    lower: u16,
    size: AddressSize,
}

/// The size of an address field on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressSize {
    /// One byte: upper part only, 7 bits.
    One,
    /// Two bytes: upper and lower part, 7 bits each.
    Two,
    /// Four bytes: upper and lower part, 14 bits each.
    Four,
}

impl AddressSize {
    /// The number of bytes on the wire.
    #[must_use]
    pub const fn buffer_len(self) -> usize {
        match self {
            Self::One => 1,
            Self::Two => 2,
            Self::Four => 4,
        }
    }

    const fn max_part(self) -> u16 {
        match self {
            Self::One | Self::Two => MAX7,
            Self::Four => MAX14,
        }
    }
}

impl Address {
    /// The public client (client SAP 16), `0x21` on the wire.
    pub const PUBLIC_CLIENT: Self = Self::one_byte(16);
    /// The management logical device with no physical address, `0x03` on the wire.
    pub const MANAGEMENT: Self = Self::one_byte(1);
    /// The "no station" address (all bits zero) in one byte.
    pub const NO_STATION: Self = Self::one_byte(0);
    /// The "all stations" (broadcast) address in one byte, `0xFF` on the wire.
    pub const ALL_STATIONS: Self = Self::one_byte(0x7F);

    const fn one_byte(value: u8) -> Self {
        Self {
            upper: (value & 0x7F) as u16,
            lower: 0,
            size: AddressSize::One,
        }
    }

    /// A one-byte address: a client SAP, or a server's upper part alone.
    ///
    /// # Errors
    /// [`ErrorKind::AddressRange`] if `value` exceeds 7 bits.
    pub const fn new_one(value: u8) -> Result<Self> {
        Self::new(value as u16, 0, AddressSize::One)
    }

    /// An address of the given size.
    ///
    /// For [`AddressSize::One`] the lower part must be 0.
    ///
    /// # Errors
    /// [`ErrorKind::AddressRange`] if a part exceeds what the size holds (7 bits for one and
    /// two bytes, 14 bits for four bytes).
    pub const fn new(upper: u16, lower: u16, size: AddressSize) -> Result<Self> {
        let max = size.max_part();
        let lower_ok = match size {
            AddressSize::One => lower == 0,
            _ => lower <= max,
        };
        if upper > max || !lower_ok {
            return Err(Error::new(ErrorKind::AddressRange, 0));
        }
        Ok(Self { upper, lower, size })
    }

    /// A client address (one byte), e.g. 16 for the public client.
    ///
    /// # Errors
    /// [`ErrorKind::AddressRange`] if `sap` exceeds 7 bits.
    pub const fn client(sap: u8) -> Result<Self> {
        Self::new_one(sap)
    }

    /// A server address in the smallest size that holds it: one byte when there is no
    /// lower (physical) part and the upper part fits 7 bits, else two bytes when both parts
    /// fit 7 bits, else four bytes.
    ///
    /// # Errors
    /// [`ErrorKind::AddressRange`] if a part exceeds 14 bits.
    pub const fn server(upper: u16, lower: Option<u16>) -> Result<Self> {
        match lower {
            None if upper <= MAX7 => Self::new(upper, 0, AddressSize::One),
            None => Self::new(upper, 0, AddressSize::Four),
            Some(l) if upper <= MAX7 && l <= MAX7 => Self::new(upper, l, AddressSize::Two),
            Some(l) => Self::new(upper, l, AddressSize::Four),
        }
    }

    /// The upper part (the client SAP, or the server's logical device).
    #[must_use]
    pub const fn upper(&self) -> u16 {
        self.upper
    }

    /// The lower part (the server's physical device), absent in a one-byte address.
    #[must_use]
    pub const fn lower(&self) -> Option<u16> {
        match self.size {
            AddressSize::One => None,
            _ => Some(self.lower),
        }
    }

    /// The size on the wire.
    #[must_use]
    pub const fn size(&self) -> AddressSize {
        self.size
    }

    /// The number of bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.size.buffer_len()
    }

    /// Parses an address field from the start of `input`, returning it and the rest.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] if the input ends before a byte with the end bit;
    /// [`ErrorKind::AddressLength`] if the field is 3 bytes or has no end bit in 4 bytes.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8])> {
        let (field, rest) = split_field(input)?;
        // Each byte contributes bits 7..1; bit 0 is the extension bit.
        let part = |b: &[u8]| -> u16 {
            b.iter()
                .fold(0u16, |acc, &x| (acc << 7) | u16::from(x >> 1))
        };
        let (upper, lower, size) = match field {
            [a] => (part(&[*a]), 0, AddressSize::One),
            [a, b] => (part(&[*a]), part(&[*b]), AddressSize::Two),
            [a, b, c, d] => (part(&[*a, *b]), part(&[*c, *d]), AddressSize::Four),
            other => {
                return Err(Error::new(ErrorKind::AddressLength { len: other.len() }, 0));
            }
        };
        Ok((Self { upper, lower, size }, rest))
    }

    /// Writes the address field into the start of `out`, returning the bytes written.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] if `out` is shorter than [`buffer_len`](Self::buffer_len).
    #[allow(clippy::cast_possible_truncation)] // parts are 14 bits at most; masks keep 7
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let dst = out_prefix(out, len)?;
        // Parts are within range by construction, so the truncating casts keep every bit.
        let hi7 = |v: u16| ((v >> 7) as u8 & 0x7F) << 1;
        let lo7 = |v: u16| (v as u8 & 0x7F) << 1;
        match (self.size, dst) {
            (AddressSize::One, [a]) => *a = lo7(self.upper) | 1,
            (AddressSize::Two, [a, b]) => {
                *a = lo7(self.upper);
                *b = lo7(self.lower) | 1;
            }
            (AddressSize::Four, [a, b, c, d]) => {
                *a = hi7(self.upper);
                *b = lo7(self.upper);
                *c = hi7(self.lower);
                *d = lo7(self.lower) | 1;
            }
            // `dst` has exactly `self.size.buffer_len()` bytes.
            _ => return Err(Error::new(ErrorKind::AddressRange, 0)),
        }
        Ok(len)
    }
}

/// Splits off the address field: bytes up to and including the first with the end bit.
fn split_field(input: &[u8]) -> Result<(&[u8], &[u8])> {
    use nom::Parser;
    use nom::bytes::complete::{take, take_till};
    let res: nom::IResult<&[u8], &[u8], ()> = take_till(|b: u8| b & 1 == 1).parse(input);
    let Ok((after, head)) = res else {
        return Err(Error::new(ErrorKind::Truncated { needed: 1 }, 0));
    };
    if after.is_empty() {
        // No end bit in the input: at the least one more byte is needed, unless the field
        // is already too long to be valid.
        if head.len() >= 4 {
            return Err(Error::new(ErrorKind::AddressLength { len: 5 }, 0));
        }
        return Err(Error::new(ErrorKind::Truncated { needed: 1 }, input.len()));
    }
    let len = head.len().saturating_add(1);
    if len > 4 {
        return Err(Error::new(ErrorKind::AddressLength { len: 5 }, 0));
    }
    let res: nom::IResult<&[u8], &[u8], ()> = take(len).parse(input);
    res.map(|(rest, field)| (field, rest))
        .map_err(|_| Error::new(ErrorKind::Truncated { needed: 1 }, input.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn one_byte() {
        let (a, rest) = Address::parse(&hex!("21 FF")).unwrap();
        assert_eq!(a, Address::PUBLIC_CLIENT);
        assert_eq!((a.upper(), a.lower()), (16, None));
        assert_eq!(rest, &hex!("FF"));
        let mut out = [0u8; 1];
        assert_eq!(Address::client(16).unwrap().emit(&mut out), Ok(1));
        assert_eq!(out, hex!("21"));
        assert_eq!(Address::MANAGEMENT.emit(&mut out), Ok(1));
        assert_eq!(out, hex!("03"));
    }

    #[test]
    fn two_byte() {
        // jDLMS HdlcFrameTest (Iskra UA): source 02 23 = upper 1, lower 17.
        let (a, rest) = Address::parse(&hex!("0223")).unwrap();
        assert_eq!(
            (a.upper(), a.lower(), a.size()),
            (1, Some(17), AddressSize::Two)
        );
        assert!(rest.is_empty());
        let mut out = [0u8; 2];
        a.emit(&mut out).unwrap();
        assert_eq!(out, hex!("0223"));
    }

    #[test]
    fn four_byte() {
        // jDLMS HdlcFrameTest (Landis+Gyr E650): 00 22 54 D3 = upper 17, lower 5481.
        let (a, _) = Address::parse(&hex!("002254D3")).unwrap();
        assert_eq!(
            (a.upper(), a.lower(), a.size()),
            (17, Some(5481), AddressSize::Four)
        );
        let mut out = [0u8; 4];
        a.emit(&mut out).unwrap();
        assert_eq!(out, hex!("002254D3"));
        assert_eq!(Address::server(17, Some(5481)), Ok(a));
    }

    #[test]
    fn server_picks_smallest_size() {
        assert_eq!(Address::server(1, None).unwrap().size(), AddressSize::One);
        assert_eq!(
            Address::server(1, Some(17)).unwrap().size(),
            AddressSize::Two
        );
        assert_eq!(
            Address::server(1, Some(200)).unwrap().size(),
            AddressSize::Four
        );
        assert_eq!(
            Address::server(200, None).unwrap().size(),
            AddressSize::Four
        );
        assert_eq!(
            Address::server(0x4000, None).unwrap_err().kind(),
            ErrorKind::AddressRange
        );
    }

    #[test]
    fn range_checks() {
        assert!(Address::new_one(0x80).is_err());
        assert!(Address::new(1, 1, AddressSize::One).is_err());
        assert!(Address::new(0x80, 0, AddressSize::Two).is_err());
        assert!(Address::new(0x3FFF, 0x3FFF, AddressSize::Four).is_ok());
        assert!(Address::new(0x3FFF, 0x4000, AddressSize::Four).is_err());
    }

    #[test]
    fn bad_fields() {
        assert_eq!(
            Address::parse(&hex!("0002")).unwrap_err().kind(),
            ErrorKind::Truncated { needed: 1 }
        );
        assert_eq!(
            Address::parse(&hex!("000201")).unwrap_err().kind(),
            ErrorKind::AddressLength { len: 3 }
        );
        assert_eq!(
            Address::parse(&hex!("0002040601")).unwrap_err().kind(),
            ErrorKind::AddressLength { len: 5 }
        );
        assert_eq!(
            Address::parse(&[]).unwrap_err().kind(),
            ErrorKind::Truncated { needed: 1 }
        );
        let mut out = [0u8; 1];
        assert_eq!(
            Address::server(1, Some(2))
                .unwrap()
                .emit(&mut out)
                .unwrap_err()
                .kind(),
            ErrorKind::BufferTooSmall {
                needed: 2,
                available: 1
            }
        );
    }
}
