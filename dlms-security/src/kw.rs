//! AES key wrap (RFC 3394) for key transfer under the master key.
