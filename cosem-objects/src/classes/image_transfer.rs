//! Image transfer (class id 18).
