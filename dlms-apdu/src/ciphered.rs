//! The ciphered envelopes as structures (no cryptography here).
