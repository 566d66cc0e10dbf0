//! serde for the owned data types (feature `serde`).
