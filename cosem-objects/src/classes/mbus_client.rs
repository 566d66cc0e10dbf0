//! M-Bus client (class id 72).
