//! Writes generated calls in one format to a file, for the memory check
//! (`bench/formatting-memory.sh` runs it under `/usr/bin/time -v`).
//!
//! `cargo run --release -p callreport-formatting --example write_rows -- <format> <rows> <file>`
//!
//! Calls are generated as they are written, so the peak memory is the writer's own.

#![allow(
    clippy::print_stderr,
    reason = "a command-line tool: usage and timing go to stderr"
)]

use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use callreport_formatting::{Format, Report, write_calls};
use callreport_model::generate::Generator;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, rows, path] = args.as_slice() else {
        eprintln!("usage: write_rows <csv|xlsx|pdf|text|jsonl> <rows> <file>");
        return ExitCode::FAILURE;
    };
    match run(format, rows, path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("write_rows: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(format: &str, rows: &str, path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let format: Format = format.parse()?;
    let rows: usize = rows.parse()?;
    let report = Report::new("Memory check").with_filter_summary(format!("{rows} generated calls"));
    let started = Instant::now();
    let summary = write_calls(
        &format,
        &report,
        File::create(path)?,
        Generator::new(1).take(rows),
    )?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{format}: {} rows in {seconds:.2} s ({:.0} rows/s including generation), {} pages, {} sheets",
        summary.totals.calls,
        summary.totals.calls as f64 / seconds,
        summary.pages,
        summary.sheets
    );
    Ok(())
}
