//! Export requests as a store keeps them.

use std::path::PathBuf;

use callreport_model::{ExportFormat, ExportId, ExportStatus};

/// A new export request, before any work.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewExport {
    /// Its id, unique across accounts.
    pub id: ExportId,
    /// The file format.
    pub format: ExportFormat,
    /// The report's title.
    pub title: Option<String>,
    /// The request's filter keys, as JSON.
    pub filter: String,
    /// The column names, as a JSON array; `None` for the defaults.
    pub columns: Option<String>,
}

impl NewExport {
    /// A request `id` for `format` over the calls `filter` (JSON) selects.
    #[must_use]
    pub fn new(id: ExportId, format: ExportFormat, filter: String) -> Self {
        Self {
            id,
            format,
            title: None,
            filter,
            columns: None,
        }
    }
}

/// An export request as stored: its status and, once done, its file.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ExportRecord {
    /// The status; `location` is left for the server to fill in.
    pub status: ExportStatus,
    /// The finished file's name inside the export folder; `None` until done.
    pub file: Option<PathBuf>,
}

/// A step of an export's work. Each applies only from the state before it, so a late step of
/// an interrupted job never revives a request already marked failed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ExportUpdate {
    /// Queued to running.
    Started,
    /// Running, with this many rows written.
    Progress {
        /// Rows written so far.
        rows: u64,
    },
    /// Running to done.
    Done {
        /// Rows written.
        rows: u64,
        /// The file's size.
        bytes: u64,
        /// The file's name inside the export folder.
        file: PathBuf,
    },
    /// Queued or running to failed.
    Failed {
        /// Why.
        reason: String,
    },
}
