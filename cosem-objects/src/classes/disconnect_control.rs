//! Disconnect control (class id 70).
