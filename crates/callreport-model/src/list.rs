//! A page of the call list (`list`, `masklist`) and the call count (`reportCount`).

mod fast;

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::call::Call;
use crate::codecs::{AbsentText, OptWhole};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::response::{ResponseData, parse_record};
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;
use crate::wire::Scalar;

/// One page of calls: `{"data": [raw call documents], "ttl": 1234, "pg": 1, "lmt": 100}`.
///
/// A row that does not decode does not sink the page: it is kept in `rejected` with its
/// position, its raw JSON and the error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListPage {
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
#[derive(Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RejectedRow {
    /// Its position in the page, from 0.
    pub index: usize,
    /// Its JSON text, as received.
    #[serde(serialize_with = "as_json")]
    pub raw: String,
    /// Why it did not decode.
    #[serde(serialize_with = "as_text")]
    pub error: DecodeError,
}

fn as_json<S: Serializer>(raw: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match serde_json::from_str::<Value>(raw) {
        Ok(value) => value.serialize(serializer),
        Err(_) => serializer.serialize_str(raw),
    }
}

fn as_text<S: Serializer>(error: &DecodeError, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&error.to_string())
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

impl ListPage {
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
}

/// The fast path: every row parsed in one pass and decoded; `None` as soon as any row fails,
/// and the page is then read row by row, keeping the rows that fail.
fn decode_all(data: &str) -> Option<Vec<Call>> {
    let documents: Vec<wire::CallDocument<'_>> = serde_json::from_str(data).ok()?;
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
    let document = parse_record::<wire::CallDocument<'_>>(text)
        .map_err(|error| reject(error.within(&format!("[{index}]"))))?;
    Call::decode_at(document, Path::Index(&Path::Root, index)).map_err(reject)
}

impl ResponseData for ListPage {
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
        let mut r = Reader::new(Path::Root);
        self.total = r.read::<OptWhole>("ttl", fields.remove("ttl").map(Scalar::from))?;
        self.page = r.read::<OptWhole>("pg", fields.remove("pg").map(Scalar::from))?;
        self.limit = r.read::<OptWhole>("lmt", fields.remove("lmt").map(Scalar::from))?;
        self.next = r.read::<AbsentText>("nxt", fields.remove("nxt").map(Scalar::from))?;
        self.spellings = r.spellings;
        Ok(())
    }

    fn write_body(&self, body: &mut Map<String, Value>) {
        let mut rows = Vec::with_capacity(self.len());
        let mut calls = self.calls.iter();
        let mut rejected = self.rejected.iter().peekable();
        for index in 0..self.len() {
            match rejected.next_if(|row| row.index == index) {
                Some(row) => rows.push(serde_json::from_str(&row.raw).unwrap_or(Value::Null)),
                None => {
                    if let Some(call) = calls.next() {
                        let document = wire::CallDocument::from(call.clone());
                        rows.push(serde_json::to_value(document).unwrap_or(Value::Null));
                    }
                }
            }
        }
        body.insert("data".into(), Value::Array(rows));
        let s = &self.spellings;
        for (key, value) in [
            ("ttl", &self.total),
            ("pg", &self.page),
            ("lmt", &self.limit),
        ] {
            if let Some(written) = s.write::<OptWhole>(key, value) {
                body.insert(key.into(), written.to_value());
            }
        }
    }
}

/// The number of calls matching a filter: `{"data": {"cnt": 1234}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallCount {
    /// The number of matching calls (`cnt`).
    pub count: u64,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl CallCount {
    /// A count of `count` calls.
    #[must_use]
    pub fn new(count: u64) -> Self {
        Self {
            count,
            ..Self::default()
        }
    }
}

impl ResponseData for CallCount {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let mut object: Map<String, Value> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an object {\"cnt\": N}"))?;
        let mut r = Reader::new(Path::Root);
        let count = r
            .read::<OptWhole>("cnt", object.remove("cnt").map(Scalar::from))?
            .ok_or_else(|| DecodeError::new("cnt", "expected a whole number, got nothing"))?;
        Ok(Self {
            count,
            extra: object.into_iter().collect(),
            spellings: r.spellings,
        })
    }

    fn write_body(&self, body: &mut Map<String, Value>) {
        let mut data = Map::new();
        if let Some(count) = self.spellings.write::<OptWhole>("cnt", &Some(self.count)) {
            data.insert("cnt".into(), count.to_value());
        }
        for (key, value) in self.extra.iter() {
            data.insert(key.clone(), value.clone());
        }
        body.insert("data".into(), Value::Object(data));
    }
}
