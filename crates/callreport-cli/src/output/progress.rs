//! Progress on standard error: drawn only on a terminal, never into a pipe or a log.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use callreport_http::client::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A bar in `style` on standard error, ticking; hidden when that is not a terminal.
fn stderr_bar(style: ProgressStyle) -> ProgressBar {
    let target = if io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A progress bar on standard error, hidden when that is not a terminal.
pub(crate) struct DownloadBar(ProgressBar);

impl DownloadBar {
    pub(crate) fn new(destination: &Path) -> Self {
        let bar = stderr_bar(
            ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(destination.display().to_string());
        Self(bar)
    }

    pub(crate) fn update(&self, progress: Progress) {
        if let Some(total) = progress.total {
            self.0.set_length(total);
        }
        self.0.set_position(progress.received);
    }

    pub(crate) fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Rows written so far and their rate, on standard error; hidden when that is not a terminal.
pub(crate) struct RowsBar(ProgressBar);

impl RowsBar {
    pub(crate) fn new() -> Self {
        let bar = stderr_bar(
            ProgressStyle::with_template("{spinner} {human_pos} rows {rate} {wide_bar} {percent}%")
                .map(|style| {
                    // indicatif's own rate shows four decimals: whole rows a second read better.
                    style.with_key(
                        "rate",
                        |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                            let _ = write!(out, "{:.0} rows/s", state.per_sec());
                        },
                    )
                })
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self(bar)
    }

    pub(crate) fn add(&self, rows: u64, total: Option<u64>) {
        if let Some(total) = total {
            self.0.set_length(total);
        }
        self.0.inc(rows);
    }

    pub(crate) fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Recordings done so far and their bytes, on standard error; hidden when that is not a
/// terminal.
pub(crate) struct RecordingsBar {
    bar: ProgressBar,
    bytes: AtomicU64,
}

impl RecordingsBar {
    pub(crate) fn new() -> Self {
        let bar = stderr_bar(
            ProgressStyle::with_template("{spinner} {pos} recordings, {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Self {
            bar,
            bytes: AtomicU64::new(0),
        }
    }

    pub(crate) fn add(&self, bytes: u64) {
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.bar.inc(1);
        self.bar
            .set_message(format!("{}", indicatif::HumanBytes(total)));
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
