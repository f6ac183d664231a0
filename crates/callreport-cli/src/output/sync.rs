//! The summary of a `sync` pass: one line on standard error, and a JSON line on standard
//! output for schedulers.

use std::io::{self, Write};

use crate::sync::Summary;

pub(crate) fn synced(summary: &Summary, json: bool) {
    let through = summary
        .checkpoint
        .map_or_else(|| "none".to_owned(), |at| at.to_rfc3339());
    let _ = writeln!(
        io::stderr().lock(),
        "synced {} windows ({} pages): {} new, {} updated, {} unchanged, {} disappeared, \
         {} rejected in {:.2} s ({:.0} calls/s); mirrored through {through}{}",
        summary.windows,
        summary.pages,
        summary.new,
        summary.updated,
        summary.unchanged,
        summary.disappeared,
        summary.rejected,
        summary.seconds,
        summary.calls_per_second,
        if summary.stopped {
            " (stopped early)"
        } else {
            ""
        }
    );
    if json && let Ok(line) = serde_json::to_string(summary) {
        let _ = writeln!(io::stdout().lock(), "{line}");
    }
}
