//! Push setup (class id 40).
