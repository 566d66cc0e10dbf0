//! PPP setup (class id 44).
