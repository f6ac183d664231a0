//! Excel workbooks (xlsx), written in constant memory: each row goes to disk as it is written.

mod options;
mod sheet;

use std::fmt;
use std::io::Write;

use callreport_model::{Call, RejectedRow};
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

pub use self::options::{DurationCells, EXCEL_MAX_HYPERLINKS, EXCEL_MAX_ROWS, XlsxOptions};
use self::sheet::{CellWriter, Styles, setup_sheet};
use crate::cell::CellContext;
use crate::cell::{Cell, totals_label, totals_label_position};
use crate::column::Column;
use crate::error::Error;
use crate::render::push_cell;
use crate::report::Report;
use crate::sink::ReportSink;
use crate::spool::{REJECTED_TITLES, Spool};
use crate::summary::Summary;
use crate::totals::Totals;

const FORMAT: &str = "xlsx";
const SHEET_NAME: &str = "Calls";
const REJECTED_SHEET_NAME: &str = "Rejected rows";

/// Writes a report as an Excel workbook.
///
/// Cells are typed: the start time is an Excel date-time, durations are Excel times
/// (`[h]:mm:ss`) or whole seconds ([`XlsxOptions::durations`]), amounts, agents and leg counts
/// are numbers, the rest is text (text cells are never formulas, so nothing needs
/// neutralising). Every sheet has a bold, frozen header row, column widths and an autofilter
/// over its rows; a totals row follows the last call. When a sheet reaches
/// [`XlsxOptions::sheet_row_limit`] rows (Excel's 1,048,576 unless told otherwise), the calls
/// go on in a new sheet (`Calls`, `Calls 2`, …).
///
/// The workbook is assembled by [`finish`](ReportSink::finish): rows are kept in temporary
/// files until then, so memory stays flat, and nothing reaches `out` before it.
///
/// ```
/// use callreport_formatting::{Report, ReportSink, XlsxOptions, XlsxWriter};
/// use callreport_model::generate::Generator;
///
/// let mut out = Vec::new();
/// let mut writer = XlsxWriter::new(&mut out, &Report::new("Calls"), XlsxOptions::new().links(true))?;
/// for call in Generator::new(1).take(3) {
///     writer.write_call(&call)?;
/// }
/// let summary = writer.finish()?;
/// assert_eq!((summary.totals.calls, summary.sheets), (3, 1));
/// assert!(out.starts_with(b"PK"));
/// # Ok::<(), callreport_formatting::Error>(())
/// ```
pub struct XlsxWriter<W: Write + Send> {
    out: W,
    workbook: Workbook,
    styles: Styles,
    columns: Vec<Column>,
    titles: Vec<String>,
    cells: CellContext,
    options: XlsxOptions,
    /// Index of the current sheet in the workbook.
    sheet: usize,
    sheets: u32,
    /// The next row of the current sheet.
    row: u32,
    links_in_sheet: u32,
    unlinked_urls: u64,
    totals: Totals,
    rejected: Spool,
    rejected_count: u64,
    url: String,
}

impl<W: Write + Send> XlsxWriter<W> {
    /// Starts a workbook for `out`, with the first sheet and its header.
    ///
    /// The report's title, filter summary and generation time go into the workbook's
    /// document properties (title, subject, creation time).
    ///
    /// # Errors
    /// [`Error::NoColumns`] for a report without columns; [`Error::Io`] when the temporary
    /// file cannot be made.
    pub fn new(out: W, report: &Report, options: XlsxOptions) -> Result<Self, Error> {
        let columns = report.checked_columns()?;
        let mut workbook = Workbook::new();
        let mut properties = DocProperties::new()
            .set_title(report.title())
            .set_creation_datetime(&report.generation_time().naive_utc());
        if let Some(filter) = report.filter_summary() {
            properties = properties.set_subject(filter);
        }
        workbook.set_properties(&properties);
        workbook.set_zip_compression_level(1);
        let mut writer = Self {
            out,
            workbook,
            styles: Styles::new(),
            columns,
            titles: report
                .columns()
                .iter()
                .map(|c| c.title().to_owned())
                .collect(),
            cells: report.cell_context(),
            options,
            sheet: 0,
            sheets: 0,
            row: 0,
            links_in_sheet: 0,
            unlinked_urls: 0,
            totals: Totals::new(),
            rejected: Spool::default(),
            rejected_count: 0,
            url: String::new(),
        };
        writer.start_sheet()?;
        Ok(writer)
    }

    fn start_sheet(&mut self) -> Result<(), Error> {
        self.sheets += 1;
        let name = match self.sheets {
            1 => SHEET_NAME.to_owned(),
            n => format!("{SHEET_NAME} {n}"),
        };
        self.workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        self.sheet = self.workbook.worksheets().len() - 1;
        let worksheet = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(xlsx_error)?;
        setup_sheet(worksheet, &name, &self.columns, &self.titles, &self.styles)
            .map_err(xlsx_error)?;
        self.row = 1;
        self.links_in_sheet = 0;
        Ok(())
    }

    /// Sets the autofilter of the current sheet over its header and the calls written to it.
    fn close_sheet(&mut self) -> Result<(), Error> {
        let last_row = self.row.saturating_sub(1);
        let last_col = column_number(self.columns.len() - 1);
        self.workbook
            .worksheet_from_index(self.sheet)
            .and_then(|sheet| sheet.autofilter(0, 0, last_row, last_col))
            .map_err(xlsx_error)?;
        Ok(())
    }

    fn ensure_room(&mut self) -> Result<(), Error> {
        if self.row >= self.options.sheet_row_limit {
            self.close_sheet()?;
            self.start_sheet()?;
        }
        Ok(())
    }

    fn write_totals(&mut self) -> Result<(), Error> {
        self.ensure_room()?;
        let label = totals_label_position(&self.columns, &self.totals);
        let sheet = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(xlsx_error)?;
        let mut cells = CellWriter::new(sheet, &self.styles, self.row, true);
        for (position, column) in self.columns.iter().enumerate() {
            let cell = if Some(position) == label {
                Cell::Text(totals_label(&self.totals).into())
            } else {
                column.total_cell(&self.totals)
            };
            cells
                .write(column_number(position), &cell, self.options.durations)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }

    fn write_rejected_sheet(&mut self) -> Result<(), Error> {
        let worksheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        let titles: Vec<String> = REJECTED_TITLES.iter().map(|t| (*t).to_owned()).collect();
        let widths = [Column::Legs, Column::Status, Column::RecordingUrl];
        setup_sheet(
            worksheet,
            REJECTED_SHEET_NAME,
            &widths,
            &titles,
            &self.styles,
        )
        .map_err(xlsx_error)?;
        let mut row = 1;
        let styles = &self.styles;
        let spool = std::mem::take(&mut self.rejected);
        spool.replay(|spooled| {
            let mut cells = CellWriter::new(worksheet, styles, row, false);
            let values = [
                Cell::Count(spooled.index),
                Cell::Text(spooled.error.into()),
                Cell::Text(spooled.raw.into()),
            ];
            for (col, value) in values.iter().enumerate() {
                cells
                    .write(column_number(col), value, DurationCells::Seconds)
                    .map_err(xlsx_error)?;
            }
            row += 1;
            Ok::<(), Error>(())
        })?;
        let last_row = row.saturating_sub(1).max(1);
        worksheet
            .autofilter(0, 0, last_row, 2)
            .map_err(xlsx_error)?;
        Ok(())
    }
}

impl<W: Write + Send> ReportSink for XlsxWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        self.ensure_room()?;
        let sheet = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(xlsx_error)?;
        let mut cells = CellWriter::new(sheet, &self.styles, self.row, false);
        for (position, column) in self.columns.iter().enumerate() {
            let col = column_number(position);
            let cell = column.cell(call, &self.cells);
            if let (true, Cell::Recording(..)) = (self.options.links, &cell) {
                self.url.clear();
                push_cell(&mut self.url, &cell);
                if self.links_in_sheet < self.options.hyperlink_limit
                    && cells.write_link(col, &self.url).map_err(xlsx_error)?
                {
                    self.links_in_sheet += 1;
                    continue;
                }
                self.unlinked_urls += 1;
            }
            cells
                .write(col, &cell, self.options.durations)
                .map_err(xlsx_error)?;
        }
        self.row += 1;
        self.totals.add(call);
        Ok(())
    }

    fn write_rejected(&mut self, row: &RejectedRow) -> Result<(), Error> {
        self.rejected_count += 1;
        if self.options.rejected_sheet {
            self.rejected.push(row)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, Error> {
        self.close_sheet()?;
        self.write_totals()?;
        let listed = self.options.rejected_sheet && self.rejected_count > 0;
        if listed {
            self.write_rejected_sheet()?;
        }
        self.workbook
            .save_to_writer(&mut self.out)
            .map_err(xlsx_error)?;
        self.out.flush()?;
        Ok(Summary {
            totals: self.totals,
            rejected: self.rejected_count,
            rejected_listed: listed,
            sheets: self.sheets,
            unlinked_urls: self.unlinked_urls,
            ..Summary::new()
        })
    }
}

impl<W: Write + Send> fmt::Debug for XlsxWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XlsxWriter")
            .field("columns", &self.columns)
            .field("options", &self.options)
            .field("sheets", &self.sheets)
            .field("calls", &self.totals.calls)
            .finish_non_exhaustive()
    }
}

fn column_number(position: usize) -> u16 {
    u16::try_from(position).unwrap_or(u16::MAX)
}

fn xlsx_error(error: XlsxError) -> Error {
    match error {
        XlsxError::IoError(io) => Error::Io(io),
        other => Error::from_library(FORMAT, other),
    }
}
