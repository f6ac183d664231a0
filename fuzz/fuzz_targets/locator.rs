//! A recording locator, link or path, as the server and the client read them.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    callreport_model::fuzzing::parse_locator(data);
});
