//! Modem configuration (class id 27).
