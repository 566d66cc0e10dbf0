//! Security setup (class id 64).
