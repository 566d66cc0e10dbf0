#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dlms_hdlc::fuzzing::hdlc_deframer(data);
});
