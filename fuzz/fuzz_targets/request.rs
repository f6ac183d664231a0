//! A request body, as the server reads every endpoint's request.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    callreport_model::fuzzing::parse_request(data);
});
