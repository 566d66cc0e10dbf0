//! Extended register (class id 4).
