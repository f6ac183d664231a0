//! Server-side export requests: their state (`exportStatus`) and an account's list of them
//! (`exportList`).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use crate::codecs::{
    AbsentText, EpochMillis, ExportFormatField, ExportIdField, ExportStateField, Opt, Whole,
    WholeOrZero,
};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::ExportId;
use crate::list::Paging;
use crate::open_enum::{ExportFormat, ExportState};
use crate::parse::parse_record;
use crate::record::{Blank, Record, record};
use crate::response::{DATA, ResponseData, object_data};
use crate::spelling::{Path, Spellings};

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
    #[serde(skip)]
    spellings: Spellings,
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
            spellings: Spellings::default(),
        }
    }

    /// The status as its wire object, in JSON: what `exportStatus` answers under `data`.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.clone().into_wire()).unwrap_or_default()
    }

    /// Whether the export will change no more (done or failed).
    #[must_use]
    pub fn is_finished(&self) -> bool {
        matches!(self.state, ExportState::Done | ExportState::Failed)
    }
}

impl Blank for ExportStatus {
    fn blank() -> Self {
        Self::new(
            ExportId::placeholder(),
            ExportFormat::from_wire(""),
            ExportState::from_wire(""),
            DateTime::<FixedOffset>::default(),
        )
    }
}

record! {
    /// An export status (`exportStatus` data, `exportList` items).
    wire ExportStatusRecord => ExportStatus {
        /// Export id.
        "expId" => id: ExportIdField,
        /// Report title.
        "title" => title: AbsentText,
        /// File format.
        "frmt" => format: ExportFormatField,
        /// State.
        "st" => state: ExportStateField,
        /// Rows written.
        "rows" => rows: WholeOrZero,
        /// File size in bytes.
        "bytes" => bytes: Opt<Whole>,
        /// Download path.
        "loc" => location: AbsentText,
        /// Why it failed.
        "rsn" => reason: AbsentText,
        /// When it was requested, milliseconds since the Unix epoch.
        "crtd" => created_at: EpochMillis,
        /// When it finished, milliseconds since the Unix epoch.
        "fnshd" => finished_at: Opt<EpochMillis>,
    }
}

object_data!(ExportStatus);

/// One page of an account's export requests, newest first:
/// `{"data": [status, …], "ttl": 12, "pg": 1, "lmt": 50}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ExportStatuses {
    /// The requests.
    pub exports: Vec<ExportStatus>,
    /// How many requests the account has in all (`ttl`).
    pub total: Option<u64>,
    /// This page's number, from 1 (`pg`).
    pub page: Option<u64>,
    /// The page size (`lmt`).
    pub limit: Option<u64>,
    /// Where the next page starts (`nxt`), if a server gives cursors.
    pub next: Option<String>,
    #[serde(skip)]
    spellings: Spellings,
}

impl ExportStatuses {
    /// A list of `exports`.
    #[must_use]
    pub fn new(exports: Vec<ExportStatus>) -> Self {
        Self {
            exports,
            ..Self::default()
        }
    }

    /// Sets the total, page number and page size.
    #[must_use]
    pub fn with_paging(mut self, total: u64, page: u64, limit: u64) -> Self {
        self.total = Some(total);
        self.page = Some(page);
        self.limit = Some(limit);
        self
    }
}

impl ResponseData for ExportStatuses {
    const EMPTY_ARRAY_IS_NO_DATA: bool = false;

    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let items: Vec<&RawValue> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an array of export status objects"))?;
        let list = Path::Root;
        let exports = items
            .into_iter()
            .enumerate()
            .map(|(index, item)| {
                let at = Path::Index(&list, index);
                let wire = parse_record(item.get()).map_err(|error| error.within(&at.render()))?;
                ExportStatus::decode_at(wire, at)
            })
            .collect::<Result<_, _>>()?;
        Ok(Self::new(exports))
    }

    fn read_envelope(&mut self, fields: &mut Extra) -> Result<(), DecodeError> {
        let paging = Paging::take_from(fields)?;
        self.total = paging.total;
        self.page = paging.page;
        self.limit = paging.limit;
        self.next = paging.next;
        self.spellings = paging.spellings;
        Ok(())
    }

    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error> {
        body.serialize_entry(DATA, &Statuses(&self.exports))?;
        let paging = Paging {
            total: self.total,
            page: self.page,
            limit: self.limit,
            next: self.next.clone(),
            extra: Extra::new(),
            spellings: self.spellings.clone(),
        };
        paging.into_wire().serialize_entries(body)
    }
}

/// Export statuses written as their wire objects.
struct Statuses<'a>(&'a [ExportStatus]);

impl Serialize for Statuses<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut items = serializer.serialize_seq(Some(self.0.len()))?;
        for status in self.0 {
            items.serialize_element(&status.clone().into_wire())?;
        }
        items.end()
    }
}
