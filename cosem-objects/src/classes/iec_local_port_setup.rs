//! IEC local port setup (class id 19).
