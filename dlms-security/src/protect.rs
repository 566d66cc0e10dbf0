//! Protecting and unprotecting the ciphered APDU envelopes.
