//! A page of stored call documents, answered without decoding them.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::paging::Paging;
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::record::Record;
use crate::response::{DATA, ResponseData};
use crate::spelling::Spellings;

/// A list page whose rows are raw call documents, spliced into the response as they are:
/// what a server answers from its store, where documents were checked when they were stored.
///
/// [`RawPage::to_bytes`] writes the whole response body without parsing the rows again; the
/// [`ResponseData`] implementation (through [`Response`](crate::Response)) checks each row.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RawPage {
    /// The documents, as JSON text.
    pub rows: Vec<String>,
    /// How many rows match in all (`ttl`).
    pub total: Option<u64>,
    /// This page's number, from 1 (`pg`).
    pub page: Option<u64>,
    /// The page size (`lmt`).
    pub limit: Option<u64>,
    /// Where the next page starts (`nxt`).
    pub next: Option<String>,
}

impl RawPage {
    /// A page of `rows`.
    #[must_use]
    pub fn new(rows: Vec<String>) -> Self {
        Self {
            rows,
            ..Self::default()
        }
    }

    /// Sets the total, page number and page size.
    #[must_use]
    pub fn with_paging(mut self, total: Option<u64>, page: Option<u64>, limit: u64) -> Self {
        self.total = total;
        self.page = page;
        self.limit = Some(limit);
        self
    }

    /// Sets where the next page starts.
    #[must_use]
    pub fn with_next(mut self, next: Option<String>) -> Self {
        self.next = next;
        self
    }

    fn paging(&self) -> Paging {
        Paging {
            total: self.total,
            page: self.page,
            limit: self.limit,
            next: self.next.clone(),
            extra: Extra::new(),
            spellings: Spellings::default(),
        }
    }

    /// The response body `{"data": [rows], "ttl": …, "pg": …, "lmt": …, "nxt": …}`, the rows
    /// copied as they are. The same bytes as `Response::data(page).to_bytes()` for rows that
    /// are compact JSON documents.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let size = self.rows.iter().map(|row| row.len() + 1).sum::<usize>() + 96;
        let mut body = Vec::with_capacity(size);
        body.extend_from_slice(b"{\"");
        body.extend_from_slice(DATA.as_bytes());
        body.extend_from_slice(b"\":[");
        for (index, row) in self.rows.iter().enumerate() {
            if index > 0 {
                body.push(b',');
            }
            body.extend_from_slice(row.trim().as_bytes());
        }
        body.push(b']');
        // The paging keys as an object `{…}`: its inside continues this body's object.
        let paging = serde_json::to_vec(&self.paging().into_wire()).unwrap_or_default();
        if paging.len() > 2 {
            body.push(b',');
            body.extend_from_slice(&paging[1..paging.len() - 1]);
        }
        body.push(b'}');
        body
    }
}

impl ResponseData for RawPage {
    const EMPTY_ARRAY_IS_NO_DATA: bool = false;

    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let rows: Vec<&RawValue> = serde_json::from_str(data)
            .map_err(|_| DecodeError::new("", "expected an array of call documents"))?;
        Ok(Self::new(
            rows.iter().map(|row| row.get().to_owned()).collect(),
        ))
    }

    fn read_envelope(&mut self, fields: &mut Extra) -> Result<(), DecodeError> {
        let paging = Paging::take_from(fields)?;
        self.total = paging.total;
        self.page = paging.page;
        self.limit = paging.limit;
        self.next = paging.next;
        Ok(())
    }

    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error> {
        body.serialize_entry(DATA, &Rows(&self.rows))?;
        self.paging().into_wire().serialize_entries(body)
    }
}

/// Rows written as JSON values, each checked on the way.
struct Rows<'a>(&'a [String]);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rows = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0 {
            let raw: &RawValue = serde_json::from_str(row).map_err(serde::ser::Error::custom)?;
            rows.serialize_element(raw)?;
        }
        rows.end()
    }
}
