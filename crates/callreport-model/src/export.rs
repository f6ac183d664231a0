//! Server-side export requests: their state (`exportStatus`) and an account's list of them
//! (`exportList`).

mod read;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::ExportId;
use crate::open_enum::{ExportFormat, ExportState};
use crate::response::ResponseData;

/// Where an export request stands, and what it produced: `{"data": {"expId", "st", …}}`.
///
/// Times are milliseconds since the Unix epoch on the wire and India Standard Time (+05:30)
/// here.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ExportStatus {
    /// The export (`expId`).
    pub id: ExportId,
    /// The report's title (`title`).
    pub title: Option<String>,
    /// The file format (`frmt`).
    pub format: ExportFormat,
    /// The state (`st`).
    pub state: ExportState,
    /// Rows written so far; all of them once done (`rows`).
    pub rows: u64,
    /// The file's size in bytes, once done (`bytes`).
    pub bytes: Option<u64>,
    /// The path the finished file downloads from, relative to the API host (`loc`).
    pub location: Option<String>,
    /// Why the export failed (`rsn`).
    pub reason: Option<String>,
    /// When the request was made (`crtd`).
    pub created_at: DateTime<FixedOffset>,
    /// When it finished, done or failed (`fnshd`).
    pub finished_at: Option<DateTime<FixedOffset>>,
    /// Keys this version does not know.
    pub extra: Extra,
}

impl ExportStatus {
    /// A request for `format` in `state`, made at `created_at`, with nothing written yet.
    #[must_use]
    pub fn new(
        id: ExportId,
        format: ExportFormat,
        state: ExportState,
        created_at: DateTime<FixedOffset>,
    ) -> Self {
        Self {
            id,
            title: None,
            format,
            state,
            rows: 0,
            bytes: None,
            location: None,
            reason: None,
            created_at,
            finished_at: None,
            extra: Extra::new(),
        }
    }

    /// Whether the export will change no more (done or failed).
    #[must_use]
    pub fn is_finished(&self) -> bool {
        matches!(self.state, ExportState::Done | ExportState::Failed)
    }

    /// The status as its wire object.
    #[must_use]
    pub fn to_object(&self) -> Map<String, Value> {
        read::write_status(self)
    }
}

impl ResponseData for ExportStatus {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let object: Map<String, Value> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an export status object"))?;
        read::read_status(object)
    }

    fn write_body(&self, body: &mut Map<String, Value>) {
        body.insert("data".into(), Value::Object(self.to_object()));
    }
}

/// An account's export requests, newest first: `{"data": [status, …]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ExportList {
    /// The requests.
    pub exports: Vec<ExportStatus>,
}

impl ExportList {
    /// A list of `exports`.
    #[must_use]
    pub fn new(exports: Vec<ExportStatus>) -> Self {
        Self { exports }
    }
}

impl ResponseData for ExportList {
    const EMPTY_ARRAY_IS_NO_DATA: bool = false;

    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let items: Vec<Map<String, Value>> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an array of export status objects"))?;
        let exports = items
            .into_iter()
            .enumerate()
            .map(|(index, object)| {
                read::read_status(object).map_err(|error| error.within(&format!("[{index}]")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { exports })
    }

    fn write_body(&self, body: &mut Map<String, Value>) {
        let items = self
            .exports
            .iter()
            .map(|status| Value::Object(status.to_object()))
            .collect();
        body.insert("data".into(), Value::Array(items));
    }
}
