//! Association LN (class id 15).
