//! A response body, as the client reads every endpoint's answer.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    callreport_model::fuzzing::decode_response(data);
});
