//! Human-readable rendering of APDUs and data, as a protocol analyser prints them.
