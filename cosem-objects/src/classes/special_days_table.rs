//! Special days table (class id 11).
