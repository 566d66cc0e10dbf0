//! MAC address setup (class id 43).
