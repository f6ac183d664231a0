//! A writer for a format chosen at run time, and one-call helpers over iterators.

use std::borrow::Borrow;
use std::fmt;
use std::io::Write;

use callreport_model::{Call, CallPage, RejectedRow};

use crate::csv_writer::CsvWriter;
use crate::error::Error;
use crate::format::Format;
use crate::json_lines::JsonLinesWriter;
use crate::pdf_writer::PdfWriter;
use crate::report::Report;
use crate::sink::ReportSink;
use crate::summary::Summary;
use crate::text_writer::TextWriter;
use crate::xlsx_writer::XlsxWriter;

/// Any of the writers, picked by a [`Format`] value: what a command line flag or an export
/// job's settings choose.
///
/// ```
/// use callreport_formatting::{Format, Report, ReportSink, ReportWriter};
/// use callreport_model::generate::Generator;
///
/// let format: Format = "csv".parse()?;
/// let mut out = Vec::new();
/// let mut writer = ReportWriter::new(&format, &Report::new("Calls"), &mut out)?;
/// for call in Generator::new(9).take(5) {
///     writer.write_call(&call)?;
/// }
/// assert_eq!(writer.finish()?.totals.calls, 5);
/// assert_eq!(String::from_utf8(out)?.lines().count(), 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReportWriter<W: Write + Send>(Inner<W>);

enum Inner<W: Write + Send> {
    Csv(Box<CsvWriter<W>>),
    Xlsx(Box<XlsxWriter<W>>),
    Pdf(Box<PdfWriter<W>>),
    Text(Box<TextWriter<W>>),
    JsonLines(JsonLinesWriter<W>),
}

impl<W: Write + Send> ReportWriter<W> {
    /// Starts `report` in `format` on `out`.
    ///
    /// # Errors
    /// As the chosen writer's `new`: [`Error::NoColumns`] or [`Error::Io`].
    pub fn new(format: &Format, report: &Report, out: W) -> Result<Self, Error> {
        let inner = match format {
            Format::Csv(options) => {
                Inner::Csv(Box::new(CsvWriter::new(out, report, options.clone())?))
            }
            Format::Xlsx(options) => {
                Inner::Xlsx(Box::new(XlsxWriter::new(out, report, options.clone())?))
            }
            Format::Pdf(options) => {
                Inner::Pdf(Box::new(PdfWriter::new(out, report, options.clone())?))
            }
            Format::Text(options) => {
                Inner::Text(Box::new(TextWriter::new(out, report, options.clone())?))
            }
            Format::JsonLines => Inner::JsonLines(JsonLinesWriter::new(out)),
        };
        Ok(Self(inner))
    }
}

impl<W: Write + Send> ReportSink for ReportWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        match &mut self.0 {
            Inner::Csv(writer) => writer.write_call(call),
            Inner::Xlsx(writer) => writer.write_call(call),
            Inner::Pdf(writer) => writer.write_call(call),
            Inner::Text(writer) => writer.write_call(call),
            Inner::JsonLines(writer) => writer.write_call(call),
        }
    }

    fn write_rejected(&mut self, row: &RejectedRow) -> Result<(), Error> {
        match &mut self.0 {
            Inner::Csv(writer) => writer.write_rejected(row),
            Inner::Xlsx(writer) => writer.write_rejected(row),
            Inner::Pdf(writer) => writer.write_rejected(row),
            Inner::Text(writer) => writer.write_rejected(row),
            Inner::JsonLines(writer) => writer.write_rejected(row),
        }
    }

    fn finish(self) -> Result<Summary, Error> {
        match self.0 {
            Inner::Csv(writer) => writer.finish(),
            Inner::Xlsx(writer) => writer.finish(),
            Inner::Pdf(writer) => writer.finish(),
            Inner::Text(writer) => writer.finish(),
            Inner::JsonLines(writer) => writer.finish(),
        }
    }
}

impl<W: Write + Send> fmt::Debug for ReportWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Inner::Csv(writer) => writer.fmt(f),
            Inner::Xlsx(writer) => writer.fmt(f),
            Inner::Pdf(writer) => writer.fmt(f),
            Inner::Text(writer) => writer.fmt(f),
            Inner::JsonLines(writer) => writer.fmt(f),
        }
    }
}

/// Writes `calls` as `report` in `format` to `out`, and finishes.
///
/// # Errors
/// As [`ReportWriter::new`], [`ReportSink::write_call`] and [`ReportSink::finish`].
pub fn write_calls<W, I>(
    format: &Format,
    report: &Report,
    out: W,
    calls: I,
) -> Result<Summary, Error>
where
    W: Write + Send,
    I: IntoIterator,
    I::Item: Borrow<Call>,
{
    let mut writer = ReportWriter::new(format, report, out)?;
    for call in calls {
        writer.write_call(call.borrow())?;
    }
    writer.finish()
}

/// Writes list `pages` (their calls, and their rejected rows) as `report` in `format` to `out`,
/// and finishes.
///
/// # Errors
/// As [`ReportWriter::new`], [`ReportSink::write_page`] and [`ReportSink::finish`].
pub fn write_pages<W, I>(
    format: &Format,
    report: &Report,
    out: W,
    pages: I,
) -> Result<Summary, Error>
where
    W: Write + Send,
    I: IntoIterator,
    I::Item: Borrow<CallPage>,
{
    let mut writer = ReportWriter::new(format, report, out)?;
    for page in pages {
        writer.write_page(page.borrow())?;
    }
    writer.finish()
}
