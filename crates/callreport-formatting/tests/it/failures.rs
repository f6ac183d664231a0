//! An output that fails midway (a full disk) gives `Error::Io`, in every format, never a panic.

use std::io::ErrorKind;

use callreport_formatting::{Error, Format, ReportSink, ReportWriter};

use crate::support::failing::FailingWriter;
use crate::support::{calls, report};

/// Writes 300 calls to an output that fails after `budget` bytes; the first error.
fn first_error(format: &Format, budget: usize) -> Option<Error> {
    let mut out = FailingWriter::after(budget);
    let mut writer = match ReportWriter::new(format, &report(), &mut out) {
        Ok(writer) => writer,
        Err(error) => return Some(error),
    };
    for call in calls(300) {
        if let Err(error) = writer.write_call(&call) {
            return Some(error);
        }
    }
    writer.finish().err()
}

#[test]
fn every_format_reports_the_io_error() {
    for name in Format::NAMES {
        let format: Format = name.parse().unwrap();
        for budget in [0, 1, 100, 4_096, 20_000] {
            let error = first_error(&format, budget)
                .unwrap_or_else(|| panic!("{name} after {budget} bytes: no error"));
            let Error::Io(io) = &error else {
                panic!("{name} after {budget} bytes: {error:?}");
            };
            assert_eq!(io.kind(), ErrorKind::StorageFull, "{name}: {error}");
            assert!(error.to_string().starts_with("writing the report failed"));
        }
    }
}

#[test]
fn a_large_enough_output_succeeds() {
    for name in Format::NAMES {
        let format: Format = name.parse().unwrap();
        assert!(first_error(&format, usize::MAX / 2).is_none(), "{name}");
    }
}
