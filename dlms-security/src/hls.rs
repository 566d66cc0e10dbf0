//! HLS authentication: mechanisms 1 to 6.
