//! IPv4 setup (class id 42).
