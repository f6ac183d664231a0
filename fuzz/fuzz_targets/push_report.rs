//! A push report body, as the receiver reads it (JSON or form).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    callreport_model::fuzzing::decode_push_report(data);
});
