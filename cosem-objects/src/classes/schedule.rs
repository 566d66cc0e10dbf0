//! Schedule (class id 10).
