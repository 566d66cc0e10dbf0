//! Register (class id 3).
