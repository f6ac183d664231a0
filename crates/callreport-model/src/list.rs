//! A page of the call list (`list`, `masklist`) and the call count (`reportCount`).

mod fast;
mod halves;
mod paging;
mod raw_page;

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;
use serde_with::{DisplayFromStr, serde_as};

pub use self::halves::{BackHalf, FrontHalf, PageHalves};
pub(crate) use self::paging::Paging;
pub use self::paging::{NEXT_CURSOR_HEADER, PagingRecord};
pub use self::raw_page::RawPage;
use crate::call::{Call, CallDocument};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::parse::parse_record;
use crate::record::Record;
use crate::response::{DATA, ResponseData};
use crate::spelling::{Path, Spellings};

/// One page of calls: `{"data": [raw call documents], "ttl": 1234, "pg": 1, "lmt": 100}`.
///
/// A row that does not decode does not sink the page: it is kept in `rejected` with its
/// position, its raw JSON and the error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallPage {
    /// The rows that decoded, in order.
    pub calls: Vec<Call>,
    /// The rows that did not.
    pub rejected: Vec<RejectedRow>,
    /// How many rows match the filter in all (`ttl`), when the server says.
    pub total: Option<u64>,
    /// This page's number, from 1 (`pg`).
    pub page: Option<u64>,
    /// The page size (`lmt`).
    pub limit: Option<u64>,
    /// Where the next page starts (`nxt`), for [`ListCalls::after`](crate::ListCalls::after);
    /// `None` on the last page or from a server without cursors.
    pub next: Option<String>,
    #[serde(skip)]
    spellings: Spellings,
}

/// A list row that did not decode.
#[serde_as]
#[derive(Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RejectedRow {
    /// Its position in the page, from 0.
    pub index: usize,
    /// Its JSON text, as received.
    #[serde(serialize_with = "as_json")]
    pub raw: String,
    /// Why it did not decode.
    #[serde_as(as = "DisplayFromStr")]
    pub error: DecodeError,
}

fn as_json<S: Serializer>(raw: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match serde_json::from_str::<Value>(raw) {
        Ok(value) => value.serialize(serializer),
        Err(_) => serializer.serialize_str(raw),
    }
}

impl RejectedRow {
    /// The row at `index` whose JSON text `raw` did not decode, for `error`.
    #[must_use]
    pub fn new(index: usize, raw: String, error: DecodeError) -> Self {
        Self { index, raw, error }
    }
}

impl fmt::Debug for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RejectedRow")
            .field("index", &self.index)
            .field("raw_bytes", &self.raw.len())
            .field("error", &self.error)
            .finish()
    }
}

impl CallPage {
    /// A page of `calls`.
    #[must_use]
    pub fn new(calls: Vec<Call>) -> Self {
        Self {
            calls,
            ..Self::default()
        }
    }

    /// Sets where the next page starts.
    #[must_use]
    pub fn with_next(mut self, cursor: impl Into<String>) -> Self {
        self.next = Some(cursor.into());
        self
    }

    /// Sets the total, page number and page size.
    #[must_use]
    pub fn with_paging(mut self, total: u64, page: u64, limit: u64) -> Self {
        self.total = Some(total);
        self.page = Some(page);
        self.limit = Some(limit);
        self
    }

    /// How many rows the page had, decoded or not.
    #[must_use]
    pub fn len(&self) -> usize {
        self.calls.len() + self.rejected.len()
    }

    /// Whether the page had no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn paging(&self) -> Paging {
        Paging {
            total: self.total,
            page: self.page,
            limit: self.limit,
            next: self.next.clone(),
            extra: Extra::new(),
            spellings: self.spellings.clone(),
        }
    }
}

/// The fast path: every row parsed in one pass and decoded; `None` as soon as any row fails,
/// and the page is then read row by row, keeping the rows that fail.
fn decode_all(data: &str) -> Option<Vec<Call>> {
    let documents: Vec<CallDocument<'_>> = serde_json::from_str(data).ok()?;
    let list = Path::Root;
    documents
        .into_iter()
        .enumerate()
        .map(|(index, document)| Call::decode_at(document, Path::Index(&list, index)).ok())
        .collect()
}

fn decode_row(index: usize, raw: &RawValue) -> Result<Call, RejectedRow> {
    let text = raw.get();
    let reject = |error: DecodeError| RejectedRow {
        index,
        raw: text.to_owned(),
        error,
    };
    let document = parse_record::<CallDocument<'_>>(text)
        .map_err(|error| reject(error.within(&format!("[{index}]"))))?;
    Call::decode_at(document, Path::Index(&Path::Root, index)).map_err(reject)
}

impl ResponseData for CallPage {
    const EMPTY_ARRAY_IS_NO_DATA: bool = false;

    fn from_data(data: &str) -> Result<Self, DecodeError> {
        if let Some(calls) = decode_all(data) {
            return Ok(Self::new(calls));
        }
        let rows: Vec<&RawValue> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an array of call documents"))?;
        let mut page = Self::default();
        page.calls.reserve(rows.len());
        for (index, raw) in rows.into_iter().enumerate() {
            match decode_row(index, raw) {
                Ok(call) => page.calls.push(call),
                Err(rejected) => page.rejected.push(rejected),
            }
        }
        Ok(page)
    }

    fn decode_fast(body: &str) -> Option<crate::response::Response<Self>> {
        fast::decode(body)
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
        body.serialize_entry(DATA, &Rows(self))?;
        self.paging().into_wire().serialize_entries(body)
    }
}

/// A page's rows in their order: decoded calls as documents, rejected rows as they came.
struct Rows<'a>(&'a CallPage);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let page = self.0;
        let mut rows = serializer.serialize_seq(Some(page.len()))?;
        let mut calls = page.calls.iter();
        let mut rejected = page.rejected.iter().peekable();
        for index in 0..page.len() {
            match rejected.next_if(|row| row.index == index) {
                Some(row) => match serde_json::from_str::<&RawValue>(&row.raw) {
                    Ok(raw) => rows.serialize_element(raw)?,
                    Err(_) => rows.serialize_element(&row.raw)?,
                },
                None => {
                    if let Some(call) = calls.next() {
                        rows.serialize_element(&call.clone().into_wire())?;
                    }
                }
            }
        }
        rows.end()
    }
}
