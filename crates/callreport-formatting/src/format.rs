//! The output formats, chosen at run time.

use std::fmt;
use std::str::FromStr;

use crate::csv_writer::CsvOptions;
use crate::error::Error;
use crate::pdf_writer::PdfOptions;
use crate::text_writer::TextOptions;
use crate::xlsx_writer::XlsxOptions;

/// An output format with its options.
///
/// ```
/// use callreport_formatting::Format;
///
/// let format: Format = "xlsx".parse()?;
/// assert_eq!((format.name(), format.extension()), ("xlsx", "xlsx"));
/// assert!("docx".parse::<Format>().unwrap_err().to_string().contains("csv, xlsx, pdf, text, jsonl"));
/// # Ok::<(), callreport_formatting::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// CSV ([`CsvWriter`](crate::CsvWriter)).
    Csv(CsvOptions),
    /// Excel xlsx ([`XlsxWriter`](crate::XlsxWriter)).
    Xlsx(XlsxOptions),
    /// PDF ([`PdfWriter`](crate::PdfWriter)).
    Pdf(PdfOptions),
    /// A text table ([`TextWriter`](crate::TextWriter)).
    Text(TextOptions),
    /// JSON lines ([`JsonLinesWriter`](crate::JsonLinesWriter)).
    JsonLines,
}

impl Format {
    /// The names [`Format::from_str`] accepts, in the order of [`Format::name`].
    pub const NAMES: &'static [&'static str] = &["csv", "xlsx", "pdf", "text", "jsonl"];

    /// The format's name: `csv`, `xlsx`, `pdf`, `text` or `jsonl`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Csv(_) => "csv",
            Self::Xlsx(_) => "xlsx",
            Self::Pdf(_) => "pdf",
            Self::Text(_) => "text",
            Self::JsonLines => "jsonl",
        }
    }

    /// The usual file extension, without the dot.
    #[must_use]
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Text(_) => "txt",
            other => other.name(),
        }
    }

    /// The media type, for an HTTP `Content-Type`.
    #[must_use]
    pub fn media_type(&self) -> &'static str {
        match self {
            Self::Csv(_) => "text/csv; charset=utf-8",
            Self::Xlsx(_) => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pdf(_) => "application/pdf",
            Self::Text(_) => "text/plain; charset=utf-8",
            Self::JsonLines => "application/jsonl",
        }
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Reads a format name (case-insensitive; `txt`, `ndjson` and `excel` are accepted too),
    /// with default options.
    fn from_str(name: &str) -> Result<Self, Error> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv(CsvOptions::new())),
            "xlsx" | "excel" => Ok(Self::Xlsx(XlsxOptions::new())),
            "pdf" => Ok(Self::Pdf(PdfOptions::new())),
            "text" | "txt" => Ok(Self::Text(TextOptions::new())),
            "jsonl" | "ndjson" => Ok(Self::JsonLines),
            _ => Err(Error::UnknownFormat {
                name: name.to_owned(),
                valid: Self::NAMES.join(", "),
            }),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
