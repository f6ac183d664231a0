//! CSV (RFC 4180): UTF-8, CRLF line ends, an optional byte-order mark, formula-safe cells.

mod neutralise;

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

use callreport_model::{Call, RejectedRow};

use crate::cell::CellContext;
use crate::column::Column;
use crate::error::Error;
use crate::render::push_cell;
use crate::report::Report;
use crate::sink::ReportSink;
use crate::spool::{REJECTED_TITLES, Spool};
use crate::summary::Summary;
use crate::totals::Totals;

use self::neutralise::{is_formula_like, push_text_cell};

const FORMAT: &str = "csv";

/// How to write CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvOptions {
    /// Starts the file with a UTF-8 byte-order mark, so Excel reads non-ASCII text correctly.
    pub bom: bool,
    /// Lists rejected rows after the calls, in a section of their own.
    pub rejected_rows: bool,
}

impl CsvOptions {
    /// No byte-order mark, rejected rows counted but not listed.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`CsvOptions::bom`].
    #[must_use]
    pub fn bom(mut self, bom: bool) -> Self {
        self.bom = bom;
        self
    }

    /// Sets [`CsvOptions::rejected_rows`].
    #[must_use]
    pub fn rejected_rows(mut self, listed: bool) -> Self {
        self.rejected_rows = listed;
        self
    }
}

/// Writes a report as CSV: a header row, then one row per call.
///
/// Text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`,
/// so a spreadsheet opening the file shows the text instead of running it as a formula
/// (customer names are user-controlled). Numbers, dates and durations are written plainly.
///
/// With [`CsvOptions::rejected_rows`], an empty line, a `Rejected rows` line and a table of
/// the rejected rows (position in page, error, raw JSON) follow the calls.
///
/// ```
/// use callreport_formatting::{CsvOptions, CsvWriter, Report, ReportSink};
/// use callreport_model::generate::Generator;
///
/// let report = Report::new("Calls").with_column_names(["call_type", "talk_time", "amount"])?;
/// let mut out = Vec::new();
/// let mut writer = CsvWriter::new(&mut out, &report, CsvOptions::new().bom(true))?;
/// for call in Generator::new(1).take(2) {
///     writer.write_call(&call)?;
/// }
/// let summary = writer.finish()?;
/// assert_eq!(summary.totals.calls, 2);
/// assert!(String::from_utf8(out)?.starts_with("\u{feff}Call type,Talk time,Amount\r\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    columns: Vec<Column>,
    cells: CellContext,
    options: CsvOptions,
    totals: Totals,
    rejected: Spool,
    rejected_count: u64,
    line: String,
    fields: Vec<Range<usize>>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a report on `out`: writes the byte-order mark (if asked) and the header row.
    ///
    /// # Errors
    /// [`Error::NoColumns`] for a report without columns; [`Error::Io`] when writing fails.
    pub fn new(mut out: W, report: &Report, options: CsvOptions) -> Result<Self, Error> {
        let columns = report.checked_columns()?;
        if options.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let out = builder().from_writer(out);
        let mut writer = Self {
            out,
            columns,
            cells: report.cell_context(),
            options,
            totals: Totals::new(),
            rejected: Spool::default(),
            rejected_count: 0,
            line: String::new(),
            fields: Vec::new(),
        };
        let titles: Vec<&str> = report.columns().iter().map(|c| c.title()).collect();
        writer.write_texts(&titles)?;
        Ok(writer)
    }

    fn write_texts(&mut self, texts: &[&str]) -> Result<(), Error> {
        write_texts(&mut self.out, &mut self.line, &mut self.fields, texts)
    }
}

fn builder() -> csv::WriterBuilder {
    let mut builder = csv::WriterBuilder::new();
    builder.terminator(csv::Terminator::CRLF).flexible(true);
    builder
}

fn write_texts<W: Write>(
    out: &mut csv::Writer<W>,
    line: &mut String,
    fields: &mut Vec<Range<usize>>,
    texts: &[&str],
) -> Result<(), Error> {
    line.clear();
    fields.clear();
    for text in texts {
        let start = line.len();
        push_text_cell(line, text);
        fields.push(start..line.len());
    }
    write_line(out, line, fields)
}

fn write_line<W: Write>(
    out: &mut csv::Writer<W>,
    line: &str,
    fields: &[Range<usize>],
) -> Result<(), Error> {
    out.write_record(fields.iter().map(|range| &line[range.clone()]))
        .map_err(csv_error)
}

fn csv_error(error: csv::Error) -> Error {
    if !error.is_io_error() {
        return Error::from_library(FORMAT, error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        _ => Error::Io(io::Error::other("the CSV output failed")),
    }
}

impl<W: Write> ReportSink for CsvWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        self.line.clear();
        self.fields.clear();
        for column in &self.columns {
            let start = self.line.len();
            let cell = column.cell(call, &self.cells);
            push_cell(&mut self.line, &cell);
            if cell.is_text() && is_formula_like(&self.line[start..]) {
                self.line.insert(start, '\'');
            }
            self.fields.push(start..self.line.len());
        }
        write_line(&mut self.out, &self.line, &self.fields)?;
        self.totals.add(call);
        Ok(())
    }

    fn write_rejected(&mut self, row: &RejectedRow) -> Result<(), Error> {
        self.rejected_count += 1;
        if self.options.rejected_rows {
            self.rejected.push(row)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<Summary, Error> {
        let Self {
            mut out,
            options,
            totals,
            rejected,
            rejected_count,
            mut line,
            mut fields,
            ..
        } = self;
        let listed = options.rejected_rows && rejected_count > 0;
        if listed {
            // An empty line ends the calls: csv writes no empty records, so it goes in directly.
            let mut inner = out
                .into_inner()
                .map_err(|error| Error::Io(error.into_error()))?;
            inner.write_all(b"\r\n")?;
            out = builder().from_writer(inner);
            write_texts(&mut out, &mut line, &mut fields, &["Rejected rows"])?;
            write_texts(&mut out, &mut line, &mut fields, &REJECTED_TITLES)?;
            rejected.replay(|row| {
                let index = row.index.to_string();
                write_texts(
                    &mut out,
                    &mut line,
                    &mut fields,
                    &[&index, &row.error, &row.raw],
                )
            })?;
        }
        out.flush()?;
        Ok(Summary {
            totals,
            rejected: rejected_count,
            rejected_listed: listed,
            ..Summary::new()
        })
    }
}

impl<W: Write> fmt::Debug for CsvWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvWriter")
            .field("columns", &self.columns)
            .field("options", &self.options)
            .field("calls", &self.totals.calls)
            .field("rejected", &self.rejected_count)
            .finish_non_exhaustive()
    }
}
