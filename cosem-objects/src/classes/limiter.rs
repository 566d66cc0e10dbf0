//! Limiter (class id 71).
