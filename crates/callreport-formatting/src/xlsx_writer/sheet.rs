//! Sheet set-up and typed cells.

use rust_xlsxwriter::{Format, Url, Worksheet, XlsxError};

use super::options::DurationCells;
use crate::cell::Cell;
use crate::column::Column;
use crate::render::push_cell;

/// Excel's longest cell text, in characters.
const MAX_TEXT: usize = 32_767;
/// Excel's longest hyperlink, in characters.
const MAX_URL: usize = 2_079;
const SECONDS_PER_DAY: f64 = 86_400.0;

/// The cell formats, made once: each distinct format is registered in the workbook.
#[derive(Debug)]
pub(super) struct Styles {
    header: Format,
    plain: [Format; 4],
    bold: [Format; 4],
}

/// Which of the formats in `Styles::plain` / `Styles::bold` a cell takes.
#[derive(Clone, Copy)]
enum Style {
    Text = 0,
    DateTime = 1,
    Time = 2,
    Amount = 3,
}

impl Styles {
    pub(super) fn new() -> Self {
        let make = |bold: bool| {
            let base = if bold {
                Format::new().set_bold()
            } else {
                Format::new()
            };
            [
                base.clone(),
                base.clone().set_num_format("yyyy-mm-dd hh:mm:ss"),
                base.clone().set_num_format("[h]:mm:ss"),
                base.set_num_format("0.00"),
            ]
        };
        Self {
            header: Format::new().set_bold(),
            plain: make(false),
            bold: make(true),
        }
    }
}

/// Names a new sheet, sets its column widths, writes the bold header and freezes it.
pub(super) fn setup_sheet(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    titles: &[String],
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, column) in (0u16..).zip(columns) {
        let width = column.typical_width().max(8) as f64 + 2.0;
        sheet.set_column_width(col, width.min(60.0))?;
    }
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(0, col, clip(title), &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes the typed cells of one row.
pub(super) struct CellWriter<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a [Format; 4],
    row: u32,
}

impl<'a> CellWriter<'a> {
    pub(super) fn new(sheet: &'a mut Worksheet, styles: &'a Styles, row: u32, bold: bool) -> Self {
        let formats = if bold { &styles.bold } else { &styles.plain };
        Self {
            sheet,
            formats,
            row,
        }
    }

    pub(super) fn write(
        &mut self,
        col: u16,
        cell: &Cell<'_>,
        durations: DurationCells,
    ) -> Result<(), XlsxError> {
        let row = self.row;
        let format = |style: Style| &self.formats[style as usize];
        match cell {
            Cell::Text(text) => {
                self.sheet
                    .write_string_with_format(row, col, clip(text), format(Style::Text))?;
            }
            Cell::Recording(..) => {
                let mut url = String::new();
                push_cell(&mut url, cell);
                self.sheet
                    .write_string_with_format(row, col, clip(&url), format(Style::Text))?;
            }
            Cell::DateTime(at) => {
                self.sheet
                    .write_datetime_with_format(row, col, at, format(Style::DateTime))?;
            }
            Cell::Duration(seconds) => {
                let seconds = *seconds as f64;
                match durations {
                    DurationCells::ExcelTime => self.sheet.write_number_with_format(
                        row,
                        col,
                        seconds / SECONDS_PER_DAY,
                        format(Style::Time),
                    )?,
                    DurationCells::Seconds => self.sheet.write_number_with_format(
                        row,
                        col,
                        seconds,
                        format(Style::Text),
                    )?,
                };
            }
            Cell::Amount(amount) => {
                self.sheet
                    .write_number_with_format(row, col, *amount, format(Style::Amount))?;
            }
            Cell::Count(count) => {
                self.sheet.write_number_with_format(
                    row,
                    col,
                    *count as f64,
                    format(Style::Text),
                )?;
            }
            Cell::Empty => {}
        }
        Ok(())
    }

    /// Writes `url` as a hyperlink; `false` (and nothing written) when Excel cannot take it.
    pub(super) fn write_link(&mut self, col: u16, url: &str) -> Result<bool, XlsxError> {
        if url.chars().count() > MAX_URL {
            return Ok(false);
        }
        match self.sheet.write_url(self.row, col, Url::new(url)) {
            Ok(_) => Ok(true),
            Err(XlsxError::MaxUrlLengthExceeded) => Ok(false),
            Err(other) => Err(other),
        }
    }
}

/// Text cut to Excel's cell limit.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_TEXT) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
