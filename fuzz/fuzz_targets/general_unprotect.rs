#![no_main]
//! Feeds arbitrary bytes to general-ciphering unprotect (suites 0, 1 and 2, every key-info
//! choice, fixed keys) and to general-signing verify: nothing may panic.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dlms_security::general::fuzzing::unprotect(data);
});
