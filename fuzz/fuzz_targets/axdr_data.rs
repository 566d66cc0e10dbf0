#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dlms_apdu::fuzzing::axdr_data(data);
});
