//! Register activation (class id 6).
