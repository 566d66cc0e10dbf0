//! Association SN (class id 12).
