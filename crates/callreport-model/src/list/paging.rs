//! The keys a list response carries beside `data`: `ttl`, `pg`, `lmt`, `nxt`.

use crate::codecs::{AbsentText, Opt, Whole};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::parse::parse_record;
use crate::record::{Record, record};
use crate::spelling::{Path, Spellings};

/// The response header in which a server may repeat a list page's `nxt` cursor.
///
/// The provider does not send it; the local server does, so that a client can ask for the next
/// page before it has decoded the current one. The body's `nxt` stays the authority.
pub const NEXT_CURSOR_HEADER: &str = "callreport-next-cursor";

/// Where a page stands in the list, as the envelope says.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Paging {
    pub(crate) total: Option<u64>,
    pub(crate) page: Option<u64>,
    pub(crate) limit: Option<u64>,
    pub(crate) next: Option<String>,
    pub(crate) extra: Extra,
    pub(crate) spellings: Spellings,
}

impl Paging {
    /// Takes the paging keys out of a response's top-level keys; the others stay.
    pub(crate) fn take_from(fields: &mut Extra) -> Result<Self, DecodeError> {
        let text = serde_json::to_string(&*fields)
            .map_err(|error| DecodeError::new("", error.to_string()))?;
        let mut paging = Self::decode_at(parse_record(&text)?, Path::Root)?;
        *fields = std::mem::take(&mut paging.extra);
        Ok(paging)
    }
}

record! {
    /// The paging keys of a list response, beside `data`.
    wire PagingRecord => Paging {
        /// How many rows match in all.
        "ttl" => total: Opt<Whole>,
        /// This page's number, from 1.
        "pg" => page: Opt<Whole>,
        /// The page size.
        "lmt" => limit: Opt<Whole>,
        /// Where the next page starts.
        "nxt" => next: AbsentText,
    }
}
