//! `POST /api/v2/CallReport/list`, `masklist` and `reportCount`.

use serde_json::{Map, Value};

use crate::body_keys::{AFTER, LIMIT, ORDER, PAGE, SORT};
use crate::error::RequestError;
use crate::extra::Extra;
use crate::request::{Params, ReportFilter, Request};

/// What a list is sorted by (`srt`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SortKey {
    /// Start time, `tm` (the default).
    #[default]
    StartTime,
    /// Talk time, `dur`.
    TalkTime,
    /// Amount charged, `amt`.
    Amount,
}

impl SortKey {
    /// The wire name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartTime => "tm",
            Self::TalkTime => "dur",
            Self::Amount => "amt",
        }
    }

    fn from_wire(text: &str) -> Option<Self> {
        [Self::StartTime, Self::TalkTime, Self::Amount]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// The direction of a sort (`ord`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SortOrder {
    /// Smallest (earliest) first.
    Ascending,
    /// Largest (latest) first (the default).
    #[default]
    Descending,
}

impl SortOrder {
    /// The wire name, `asc` or `desc`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "asc",
            Self::Descending => "desc",
        }
    }
}

/// `POST /api/v2/CallReport/list` (and `masklist`): one page of the calls a filter matches.
///
/// Paging: `pg` (from 1) and `lmt` (1 to [`ListCalls::MAX_LIMIT`], default
/// [`ListCalls::DEFAULT_LIMIT`]); sorting: `srt` (`tm`, `dur`, `amt`) and `ord` (`asc`,
/// `desc`). Ties are broken by call id, so pages never overlap.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ListCalls {
    /// Which calls.
    pub filter: ReportFilter,
    /// The page, from 1 (`pg`).
    pub page: Option<u32>,
    /// The page size (`lmt`).
    pub limit: Option<u32>,
    /// The sort key (`srt`).
    pub sort: Option<SortKey>,
    /// The sort direction (`ord`).
    pub order: Option<SortOrder>,
    /// Continue after this cursor (`aftr`), the `nxt` of the previous page, instead of a page
    /// number: the next page costs the same however deep it is. Only the workspace's own server
    /// is known to give cursors.
    pub after: Option<String>,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl ListCalls {
    /// The page size when none is given.
    pub const DEFAULT_LIMIT: u32 = 100;
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 1000;

    /// The first page of calls matching `filter`.
    #[must_use]
    pub fn new(filter: ReportFilter) -> Self {
        Self {
            filter,
            ..Self::default()
        }
    }

    /// Asks for page `page` (from 1) of `limit` rows.
    #[must_use]
    pub fn page(mut self, page: u32, limit: u32) -> Self {
        self.page = Some(page);
        self.limit = Some(limit);
        self
    }

    /// Sorts by `key` in `order`.
    #[must_use]
    pub fn sort(mut self, key: SortKey, order: SortOrder) -> Self {
        self.sort = Some(key);
        self.order = Some(order);
        self
    }

    /// Continues after `cursor` (a page's `next`).
    #[must_use]
    pub fn after(mut self, cursor: impl Into<String>) -> Self {
        self.after = Some(cursor.into());
        self
    }

    /// Adds an extra raw parameter.
    #[must_use]
    pub fn param(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key, value);
        self
    }
}

impl Request for ListCalls {
    fn write_params(&self, body: &mut Map<String, Value>) {
        self.filter.write(body);
        if let Some(page) = self.page {
            body.insert(PAGE.into(), Value::from(page));
        }
        if let Some(limit) = self.limit {
            body.insert(LIMIT.into(), Value::from(limit));
        }
        if let Some(sort) = self.sort {
            body.insert(SORT.into(), Value::from(sort.as_str()));
        }
        if let Some(order) = self.order {
            body.insert(ORDER.into(), Value::from(order.as_str()));
        }
        if let Some(after) = &self.after {
            body.insert(AFTER.into(), Value::from(after.as_str()));
        }
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let filter = ReportFilter::take(&mut params)?;
        let to_u32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let page = params
            .whole(PAGE, "a page number from 1", 1..=u64::from(u32::MAX))?
            .map(to_u32);
        let limit = params
            .whole(
                LIMIT,
                "a page size from 1 to 1000",
                1..=u64::from(Self::MAX_LIMIT),
            )?
            .map(to_u32);
        let sort = match params.take(SORT) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_str().and_then(SortKey::from_wire).ok_or_else(|| {
                RequestError::invalid(SORT, "one of \"tm\", \"dur\", \"amt\"", &value, true)
            })?),
        };
        let order = match params.take(ORDER) {
            None | Some(Value::Null) => None,
            Some(value) => Some(match value.as_str() {
                Some("asc") => SortOrder::Ascending,
                Some("desc") => SortOrder::Descending,
                _ => {
                    return Err(RequestError::invalid(
                        ORDER,
                        "\"asc\" or \"desc\"",
                        &value,
                        true,
                    ));
                }
            }),
        };
        let after = params
            .text(AFTER, true)?
            .filter(|cursor| !cursor.is_empty());
        Ok(Self {
            filter,
            page,
            limit,
            sort,
            order,
            after,
            extra: params.into_extra(),
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

/// `POST /api/v2/CallReport/reportCount`: how many calls a filter matches.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CountCalls {
    /// Which calls.
    pub filter: ReportFilter,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl CountCalls {
    /// Counts the calls matching `filter`.
    #[must_use]
    pub fn new(filter: ReportFilter) -> Self {
        Self {
            filter,
            extra: Extra::new(),
        }
    }
}

impl Request for CountCalls {
    fn write_params(&self, body: &mut Map<String, Value>) {
        self.filter.write(body);
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let filter = ReportFilter::take(&mut params)?;
        Ok(Self {
            filter,
            extra: params.into_extra(),
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{CountCalls, ListCalls, SortKey, SortOrder};
    use crate::auth::Auth;
    use crate::request::{ReportFilter, Request, reject_unknown};

    #[test]
    fn list_round_trips_and_checks_paging() {
        let request = ListCalls::new(ReportFilter::new().customer_number("45"))
            .page(2, 50)
            .after("c1")
            .sort(SortKey::Amount, SortOrder::Ascending);
        let auth = Auth::session("s");
        let (_, back) = ListCalls::from_json(&request.to_json(&auth)).unwrap();
        assert_eq!(back, request);
        for (body, message) in [
            (
                json!({"ssid": "s", "lmt": 1001}),
                "lmt: expected a page size from 1 to 1000, got 1001",
            ),
            (
                json!({"ssid": "s", "pg": 0}),
                "pg: expected a page number from 1, got 0",
            ),
            (
                json!({"ssid": "s", "srt": "x"}),
                "srt: expected one of \"tm\", \"dur\", \"amt\", got \"x\"",
            ),
            (
                json!({"ssid": "s", "ord": 1}),
                "ord: expected \"asc\" or \"desc\", got 1",
            ),
        ] {
            let error = ListCalls::from_json(body.to_string().as_bytes()).unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn unknown_keys_are_kept_and_can_be_refused() {
        let (_, count) = CountCalls::from_json(br#"{"ssid":"s","agentz":[1]}"#).unwrap();
        assert_eq!(
            reject_unknown(&count.extra).unwrap_err().to_string(),
            "unknown parameter: agentz"
        );
    }
}
