//! The summary of a `sync` pass: one line on standard error, and a JSON line on standard
//! output for schedulers.

use std::io::{self, Write};

pub(crate) fn synced(line: &str, json: Option<&str>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
    if let Some(json) = json {
        let _ = writeln!(io::stdout().lock(), "{json}");
    }
}
