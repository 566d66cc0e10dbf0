//! Register monitor (class id 21).
