#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dlms_apdu::fuzzing::apdu_roundtrip(data);
});
