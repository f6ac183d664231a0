//! The one error type of the crate.

use std::error::Error as StdError;
use std::io;

/// Why a report could not be described or written.
///
/// I/O failures of the output (disk full, broken pipe, a closed HTTP body) are always
/// [`Error::Io`], whichever format was being written; the failing library's own error, when
/// there is one, is kept as the I/O error's inner error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A column name that is not one of [`Column::ALL`](crate::Column::ALL).
    #[error("unknown column `{name}`; valid columns are: {valid}")]
    UnknownColumn {
        /// The name that was asked for.
        name: String,
        /// Every valid name, comma-separated.
        valid: String,
    },
    /// A format name that is not one of [`Format::NAMES`](crate::Format::NAMES).
    #[error("unknown report format `{name}`; valid formats are: {valid}")]
    UnknownFormat {
        /// The name that was asked for.
        name: String,
        /// Every valid name, comma-separated.
        valid: String,
    },
    /// A font given for PDF reports ([`PdfOptions::font`](crate::PdfOptions::font)) is not an
    /// OpenType or TrueType font with TrueType or CFF outlines.
    #[error(
        "font {position} given for PDF reports is not a TrueType or OpenType font that can be embedded"
    )]
    UnusableFont {
        /// Its position among the fonts given, from 0.
        position: usize,
    },
    /// The report has no columns.
    #[error("the report has no columns")]
    NoColumns,
    /// Writing the output failed.
    #[error("writing the report failed: {0}")]
    Io(#[from] io::Error),
    /// A format library refused the content (not an I/O failure).
    #[error("the {format} writer failed")]
    Encode {
        /// The format being written (`csv`, `xlsx`, …).
        format: &'static str,
        /// The library's error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
}

impl Error {
    /// Classifies a library error: I/O anywhere in its chain makes it [`Error::Io`].
    pub(crate) fn from_library<E>(format: &'static str, error: E) -> Self
    where
        E: StdError + Send + Sync + 'static,
    {
        let mut cause: Option<&(dyn StdError + 'static)> = Some(&error);
        while let Some(current) = cause {
            if let Some(io_error) = current.downcast_ref::<io::Error>() {
                return Self::Io(io::Error::new(io_error.kind(), error));
            }
            cause = current.source();
        }
        Self::Encode {
            format,
            source: Box::new(error),
        }
    }
}
