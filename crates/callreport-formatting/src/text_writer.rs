//! Text tables for terminals: aligned columns, truncated to fit by display width.

mod layout;

use std::fmt;
use std::io::{BufWriter, Write};

use callreport_model::{Call, RejectedRow};

use self::layout::{fit, widths};
use crate::cell::CellContext;
use crate::column::Column;
use crate::error::Error;
use crate::render::{duration_text, push_cell, push_datetime};
use crate::report::Report;
use crate::sink::ReportSink;
use crate::summary::Summary;
use crate::totals::Totals;

/// How to write a text table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TextOptions {
    /// The widest a line may be, in terminal columns (usually the terminal's width); `None`
    /// gives every column its typical width.
    pub max_width: Option<usize>,
}

impl TextOptions {
    /// Columns at their typical widths.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`TextOptions::max_width`].
    #[must_use]
    pub fn max_width(mut self, width: usize) -> Self {
        self.max_width = Some(width);
        self
    }
}

/// Writes a report as an aligned text table for a terminal.
///
/// Column widths are fixed when the writer starts (rows stream, so they cannot be measured
/// first): each column gets its typical width, narrowed to fit
/// [`TextOptions::max_width`]. Values are measured by display width (a Devanagari vowel sign
/// takes no column, a CJK character two) and cut with `…` when too wide; numbers are aligned
/// right. The title, filter summary and generation time come first; totals come last.
///
/// ```
/// use callreport_formatting::{Report, ReportSink, TextOptions, TextWriter};
/// use callreport_model::generate::Generator;
///
/// let report = Report::new("Today")
///     .with_column_names(["call_type", "customer_name", "talk_time"])?
///     .with_generated_at(chrono::DateTime::parse_from_rfc3339("2025-11-22T18:00:00+05:30")?);
/// let mut out = Vec::new();
/// let mut writer = TextWriter::new(&mut out, &report, TextOptions::new().max_width(60))?;
/// for call in Generator::new(1).take(3) {
///     writer.write_call(&call)?;
/// }
/// writer.finish()?;
/// let text = String::from_utf8(out)?;
/// assert!(text.starts_with("Today\nGenerated 2025-11-22 18:00:00 IST\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TextWriter<W: Write> {
    out: BufWriter<W>,
    columns: Vec<Column>,
    widths: Vec<usize>,
    cells: CellContext,
    totals: Totals,
    rejected: u64,
    cell: String,
    line: String,
}

impl<W: Write> TextWriter<W> {
    /// Starts a table on `out`: writes the title block and the header.
    ///
    /// # Errors
    /// [`Error::NoColumns`] for a report without columns; [`Error::Io`] when writing fails.
    pub fn new(out: W, report: &Report, options: TextOptions) -> Result<Self, Error> {
        let columns = report.checked_columns()?;
        let titles: Vec<&str> = report.columns().iter().map(|c| c.title()).collect();
        let widths = widths(&columns, &titles, options.max_width);
        let mut writer = Self {
            out: BufWriter::with_capacity(64 * 1024, out),
            columns,
            widths,
            cells: report.cell_context(),
            totals: Totals::new(),
            rejected: 0,
            cell: String::new(),
            line: String::new(),
        };
        let mut head = String::new();
        head.push_str(report.title());
        head.push('\n');
        if let Some(filter) = report.filter_summary() {
            head.push_str(filter);
            head.push('\n');
        }
        head.push_str("Generated ");
        push_datetime(&mut head, &report.local_generation_time());
        head.push(' ');
        head.push_str(report.zone_label());
        head.push_str("\n\n");
        writer.out.write_all(head.as_bytes())?;
        let numeric: Vec<bool> = writer.columns.iter().map(|c| c.is_numeric()).collect();
        writer.write_line(titles.iter().copied().zip(numeric))?;
        writer.write_rule()?;
        Ok(writer)
    }

    fn write_line<'a>(
        &mut self,
        cells: impl Iterator<Item = (&'a str, bool)>,
    ) -> Result<(), Error> {
        self.line.clear();
        for (position, ((text, right), width)) in cells.zip(self.widths.iter()).enumerate() {
            if position > 0 {
                self.line.push_str("  ");
            }
            fit(&mut self.line, text, *width, right);
        }
        let trimmed = self.line.trim_end().len();
        self.line.truncate(trimmed);
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())?;
        Ok(())
    }

    fn write_rule(&mut self) -> Result<(), Error> {
        let width = self.widths.iter().sum::<usize>() + 2 * (self.widths.len() - 1);
        let rule = "-".repeat(width) + "\n";
        self.out.write_all(rule.as_bytes())?;
        Ok(())
    }
}

impl<W: Write> ReportSink for TextWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        self.line.clear();
        for (position, (column, width)) in self.columns.iter().zip(&self.widths).enumerate() {
            if position > 0 {
                self.line.push_str("  ");
            }
            self.cell.clear();
            push_cell(&mut self.cell, &column.cell(call, &self.cells));
            // Control characters would break the table's lines.
            if self.cell.chars().any(char::is_control) {
                self.cell = self
                    .cell
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
            }
            fit(&mut self.line, &self.cell, *width, column.is_numeric());
        }
        let trimmed = self.line.trim_end().len();
        self.line.truncate(trimmed);
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())?;
        self.totals.add(call);
        Ok(())
    }

    fn write_rejected(&mut self, _row: &RejectedRow) -> Result<(), Error> {
        self.rejected += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, Error> {
        self.write_rule()?;
        let t = &self.totals;
        let mut tail = format!(
            "{} {}\nQueue time     total {:>10}  average {}\nTalk time      total {:>10}  average {}\nAgent on call  total {:>10}  average {}\nAmount         total {:>10.2}\n",
            t.calls,
            if t.calls == 1 { "call" } else { "calls" },
            duration_text(t.queue),
            duration_text(t.average_queue()),
            duration_text(t.talk),
            duration_text(t.average_talk()),
            duration_text(t.agent_on_call),
            duration_text(t.average_agent_on_call()),
            t.amount,
        );
        if self.rejected > 0 {
            tail.push_str(&format!("Rejected rows (not shown): {}\n", self.rejected));
        }
        self.out.write_all(tail.as_bytes())?;
        self.out.flush()?;
        Ok(Summary {
            totals: self.totals,
            rejected: self.rejected,
            ..Summary::new()
        })
    }
}

impl<W: Write> fmt::Debug for TextWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextWriter")
            .field("columns", &self.columns)
            .field("widths", &self.widths)
            .field("calls", &self.totals.calls)
            .finish_non_exhaustive()
    }
}
