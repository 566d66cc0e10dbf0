//! Benchmarks live in this package's `[[bench]]` targets; this library holds what the
//! overhead-budget bench and its report share.

pub mod budget;
