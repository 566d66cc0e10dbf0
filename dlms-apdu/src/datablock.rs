//! Splitting long values into GET/SET/ACTION data blocks, and reassembling them.
