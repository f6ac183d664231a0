#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cell;
mod column;
mod csv_writer;
mod error;
mod format;
mod json_lines;
mod pdf_writer;
mod render;
mod report;
mod sink;
mod spool;
mod summary;
mod text_writer;
mod totals;
mod writer;
mod xlsx_writer;

pub use crate::column::Column;
pub use crate::csv_writer::{CsvOptions, CsvWriter};
pub use crate::error::Error;
pub use crate::format::Format;
pub use crate::json_lines::JsonLinesWriter;
pub use crate::pdf_writer::{PageSize, PdfOptions, PdfWriter};
pub use crate::report::{Report, ReportColumn, zone_label};
pub use crate::sink::ReportSink;
pub use crate::summary::Summary;
pub use crate::text_writer::{TextOptions, TextWriter};
pub use crate::totals::Totals;
pub use crate::writer::{ReportWriter, write_calls, write_pages};
pub use crate::xlsx_writer::{
    DurationCells, EXCEL_MAX_HYPERLINKS, EXCEL_MAX_ROWS, XlsxOptions, XlsxWriter,
};
pub use chrono_tz::Tz;
