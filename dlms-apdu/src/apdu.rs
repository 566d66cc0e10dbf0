//! Any APDU: dispatch on the first octet.
