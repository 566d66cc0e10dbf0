//! Data (class id 1).
