//! What the client commands print.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use callreport_formatting::Tz;
use callreport_formatting::{Column, JsonLinesWriter, Report, ReportSink, TextOptions, TextWriter};
use callreport_model::{Call, CallDetail, DecodeError, RejectedRow, is_duration_field};
use clap::Args;
use serde_json::Value;

use crate::exit::Failure;

/// How results are printed: a table for people, or JSON for programs.
#[derive(Clone, Copy, Debug, Args)]
pub(crate) struct Shape {
    /// One JSON document.
    #[arg(long, conflicts_with = "jsonl")]
    pub(crate) json: bool,
    /// One JSON document per line (per call).
    #[arg(long)]
    pub(crate) jsonl: bool,
}

/// The terminal's width, from `COLUMNS`, or a width that suits most terminals.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(160)
}

/// Prints a detail view: pretty JSON, or one `path  value` line per field.
pub(crate) fn detail(detail: &CallDetail, shape: Shape) -> Result<(), Failure> {
    let value = serde_json::to_value(detail).map_err(|e| Failure::other(e.to_string()))?;
    let body = value.get("detail").cloned().unwrap_or(value);
    let mut out = io::stdout().lock();
    if shape.json || shape.jsonl {
        let text = if shape.json {
            serde_json::to_string_pretty(&body)
        } else {
            serde_json::to_string(&body)
        };
        writeln!(out, "{}", text.map_err(|e| Failure::other(e.to_string()))?)?;
        return Ok(());
    }
    let mut lines = Vec::new();
    flatten("", &body, &mut lines);
    let width = lines
        .iter()
        .map(|(path, _)| path.chars().count())
        .max()
        .unwrap_or(0);
    for (path, text) in lines {
        writeln!(out, "{path:width$}  {text}")?;
    }
    Ok(())
}

fn flatten(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&child_path, child, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (index, child) in items.iter().enumerate() {
                flatten(&format!("{path}[{index}]"), child, out);
            }
        }
        Value::Object(_) | Value::Array(_) => {}
        Value::Null => out.push((path.to_owned(), "-".to_owned())),
        Value::String(text) => out.push((path.to_owned(), text.clone())),
        Value::Number(number) => match number.as_u64().filter(|_| is_duration_field(path)) {
            Some(seconds) => out.push((path.to_owned(), duration_text(seconds))),
            None => out.push((path.to_owned(), number.to_string())),
        },
        other => out.push((path.to_owned(), other.to_string())),
    }
}

/// Seconds for people: `00:15:04 (904 s)`.
fn duration_text(seconds: u64) -> String {
    format!(
        "{:02}:{:02}:{:02} ({seconds} s)",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

enum Sink {
    /// The table starts with the first call (or at the end): nothing is printed before the
    /// first page arrives.
    PendingTable(Box<Report>, TextOptions),
    Table(Box<TextWriter<io::Stdout>>),
    Lines(JsonLinesWriter<io::Stdout>),
    /// One JSON document, printed whole at the end or not at all.
    Array {
        buffer: Vec<u8>,
    },
}

/// Calls printed as they arrive: a table, JSON lines or one JSON array.
pub(crate) struct CallTable {
    sink: Sink,
    rejected: u64,
}

impl CallTable {
    pub(crate) fn start(shape: Shape, base_url: &str, zone: Tz) -> Self {
        let sink = if shape.jsonl {
            Sink::Lines(JsonLinesWriter::new(io::stdout()))
        } else if shape.json {
            Sink::Array {
                buffer: b"[".to_vec(),
            }
        } else {
            let report = Report::new("Calls")
                .with_columns([
                    Column::CallId,
                    Column::StartedAt,
                    Column::CallType,
                    Column::Status,
                    Column::CustomerNumber,
                    Column::CustomerName,
                    Column::FirstAgent,
                    Column::TalkTime,
                    Column::Amount,
                ])
                .with_recording_base_url(base_url)
                .with_time_zone(zone);
            let options = TextOptions::new().max_width(terminal_width());
            Sink::PendingTable(Box::new(report), options)
        };
        Self { sink, rejected: 0 }
    }

    /// Starts a pending table.
    fn begin(&mut self) -> Result<(), Failure> {
        if let Sink::PendingTable(report, options) = &self.sink {
            let writer = TextWriter::new(io::stdout(), report, options.clone())?;
            self.sink = Sink::Table(Box::new(writer));
        }
        Ok(())
    }

    pub(crate) fn call(&mut self, call: &Call) -> Result<(), Failure> {
        self.begin()?;
        match &mut self.sink {
            Sink::Table(writer) => writer.write_call(call)?,
            Sink::Lines(writer) => writer.write_call(call)?,
            Sink::Array { buffer } => {
                if buffer.len() > 1 {
                    buffer.push(b',');
                }
                buffer.push(b'\n');
                serde_json::to_writer(&mut *buffer, call)
                    .map_err(|e| Failure::other(e.to_string()))?;
            }
            Sink::PendingTable(..) => {}
        }
        Ok(())
    }

    /// A row that did not decode: reported on standard error with its path, never dropped
    /// silently.
    pub(crate) fn rejected(&mut self, row: &RejectedRow) -> Result<(), Failure> {
        self.rejected += 1;
        writeln!(io::stderr(), "row {} skipped: {}", row.index, row.error)?;
        Ok(())
    }

    pub(crate) fn finish(mut self, total: Option<u64>) -> Result<(), Failure> {
        self.begin()?;
        match self.sink {
            Sink::Table(writer) => {
                writer.finish()?;
            }
            Sink::Lines(writer) => {
                writer.finish()?;
            }
            Sink::Array { mut buffer } => {
                buffer.extend_from_slice(b"\n]\n");
                let mut out = io::stdout().lock();
                out.write_all(&buffer)?;
                out.flush()?;
            }
            Sink::PendingTable(..) => {}
        }
        let mut err = io::stderr();
        if let Some(total) = total {
            writeln!(err, "{total} calls match")?;
        }
        if self.rejected > 0 {
            writeln!(
                err,
                "{} rows could not be decoded and were skipped",
                self.rejected
            )?;
        }
        Ok(())
    }
}

/// A heading for a step of the demo tour.
pub(crate) fn step(text: &str) {
    let _ = writeln!(io::stdout().lock(), "\n$ {text}");
}

pub(crate) fn count(count: u64, json: bool) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{{\"count\":{count}}}")?;
    } else {
        writeln!(out, "{count}")?;
    }
    Ok(())
}

pub(crate) fn downloaded(destination: &Path, bytes: u64) {
    let _ = writeln!(
        io::stdout().lock(),
        "{} ({bytes} bytes)",
        destination.display()
    );
}

pub(crate) fn decoded(value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = writeln!(io::stdout().lock(), "{text}");
}

pub(crate) fn decode_failed(error: &DecodeError) {
    let path = if error.path().is_empty() {
        "(the body)"
    } else {
        error.path()
    };
    let _ = writeln!(io::stderr(), "decode error at {path}: {}", error.detail());
}

/// The one-line summary of an export: rows, skipped rows, bytes, time. On standard error
/// when the report itself went to standard output.
pub(crate) fn exported(
    destination: &Path,
    summary: &callreport_formatting::Summary,
    bytes: Option<u64>,
    took: Duration,
) {
    let seconds = took.as_secs_f64().max(f64::EPSILON);
    #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
    let rate = summary.totals.calls as f64 / seconds;
    let to_stdout = destination.as_os_str() == crate::output_target::STDOUT;
    let place = if to_stdout {
        "standard output".to_owned()
    } else {
        destination.display().to_string()
    };
    let size = bytes.map_or_else(|| "streamed".to_owned(), |bytes| format!("{bytes} bytes"));
    let line = format!(
        "{place}: {} rows, {} skipped, {size} in {seconds:.2} s ({rate:.0} rows/s)",
        summary.totals.calls, summary.rejected,
    );
    // The report itself may be on standard output: the summary never mixes into it.
    let _ = if to_stdout {
        writeln!(io::stderr().lock(), "{line}")
    } else {
        writeln!(io::stdout().lock(), "{line}")
    };
    if summary.replaced_characters > 0 {
        let _ = writeln!(
            io::stderr().lock(),
            "warning: {place}: {} characters no font can draw are shown as '?'; add a font that has them with --font PATH",
            summary.replaced_characters,
        );
    }
}

/// The window a filtered command covers, on standard error, so a scheduled job's log shows it.
pub(crate) fn window(window: &crate::window::Window) {
    let _ = writeln!(io::stderr().lock(), "window: {}", window.describe());
}

/// The one-line summary of an export the server built.
pub(crate) fn exported_on_server(destination: &Path, rows: u64, bytes: u64, took: Duration) {
    let seconds = took.as_secs_f64().max(f64::EPSILON);
    #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
    let rate = rows as f64 / seconds;
    let _ = writeln!(
        io::stdout().lock(),
        "{}: {rows} rows, built on the server, {bytes} bytes in {seconds:.2} s ({rate:.0} rows/s)",
        destination.display(),
    );
}

/// What a bulk download came to.
pub(crate) struct DownloadCounts {
    pub(crate) downloaded: usize,
    pub(crate) present: usize,
    pub(crate) failed: usize,
    pub(crate) bytes: u64,
}

/// The summary of a bulk download.
pub(crate) fn recordings_downloaded(folder: &Path, counts: &DownloadCounts, manifest: &Path) {
    let _ = writeln!(
        io::stdout().lock(),
        "{}: {} downloaded, {} already present, {} failed, {} in all; manifest {}",
        folder.display(),
        counts.downloaded,
        counts.present,
        counts.failed,
        indicatif::HumanBytes(counts.bytes),
        manifest.display()
    );
}
