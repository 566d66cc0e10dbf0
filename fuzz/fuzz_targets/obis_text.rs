#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cosem_objects::fuzzing::obis_text(data);
});
