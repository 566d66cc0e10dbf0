//! TCP-UDP setup (class id 41).
