//! The LLC header that starts the information field of the first segment of an APDU
//! (IEC 62056-46, 8.1; IEC 8802-2).

/// LLC header of a client-to-server APDU: destination LSAP, source LSAP, quality.
pub const REQUEST: [u8; 3] = [0xE6, 0xE6, 0x00];
/// LLC header of a server-to-client APDU.
pub const RESPONSE: [u8; 3] = [0xE6, 0xE7, 0x00];

/// The direction an LLC header announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `E6 E6 00`: client to server.
    Request,
    /// `E6 E7 00`: server to client.
    Response,
}

impl Direction {
    /// The three header bytes for this direction.
    #[must_use]
    pub const fn header(self) -> [u8; 3] {
        match self {
            Self::Request => REQUEST,
            Self::Response => RESPONSE,
        }
    }
}

/// Recognises an LLC header at the start of `info` and returns its direction and the APDU
/// after it, or `None` if `info` does not start with one.
#[must_use]
pub fn strip(info: &[u8]) -> Option<(Direction, &[u8])> {
    match info {
        [0xE6, 0xE6, 0x00, rest @ ..] => Some((Direction::Request, rest)),
        [0xE6, 0xE7, 0x00, rest @ ..] => Some((Direction::Response, rest)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognise() {
        assert_eq!(
            strip(&[0xE6, 0xE7, 0x00, 0x0F]),
            Some((Direction::Response, &[0x0F][..]))
        );
        assert_eq!(
            strip(&[0xE6, 0xE6, 0x00]),
            Some((Direction::Request, &[][..]))
        );
        assert_eq!(strip(&[0xE6, 0xE7]), None);
        assert_eq!(strip(&[0xE0, 0x40]), None);
        assert_eq!(Direction::Response.header(), RESPONSE);
    }
}
