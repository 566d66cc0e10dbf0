//! Clock (class id 8).
