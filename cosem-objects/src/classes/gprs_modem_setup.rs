//! GPRS modem setup (class id 45).
