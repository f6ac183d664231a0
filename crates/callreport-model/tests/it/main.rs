//! Integration tests of `callreport-model`: fixtures, snapshots, round trips and properties.

mod decode_errors;
mod fixtures;
mod properties;
mod round_trip;
