//! `exportStatus` and `exportList`: reading an account's export requests.

use serde_json::{Map, Value};

use super::export::{export_id_request, take_export_id};
use crate::body_keys::{EXPORT_ID, LIMIT, PAGE};
use crate::error::RequestError;
use crate::extra::Extra;
use crate::ids::ExportId;
use crate::request::{Params, Request};

export_id_request!(
    /// `POST /api/v2/CallReport/exportStatus`: where one export request stands (`expId`).
    GetExport,
    "The status of `export_id`."
);

/// `POST /api/v2/CallReport/exportList`: one page of the account's export requests, newest
/// first: `pg` (from 1) and `lmt` (1 to [`ListExports::MAX_LIMIT`], default
/// [`ListExports::DEFAULT_LIMIT`]), as `list` pages.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ListExports {
    /// The page, from 1 (`pg`).
    pub page: Option<u32>,
    /// The page size (`lmt`).
    pub limit: Option<u32>,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl ListExports {
    /// The page size when none is given.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 200;

    /// The first page of the account's export requests.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks for page `page` (from 1) of `limit` requests.
    #[must_use]
    pub fn page(mut self, page: u32, limit: u32) -> Self {
        self.page = Some(page);
        self.limit = Some(limit);
        self
    }
}

impl Request for ListExports {
    fn write_params(&self, body: &mut Map<String, Value>) {
        if let Some(page) = self.page {
            body.insert(PAGE.into(), Value::from(page));
        }
        if let Some(limit) = self.limit {
            body.insert(LIMIT.into(), Value::from(limit));
        }
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let to_u32 = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let page = params
            .whole(PAGE, "a page number from 1", 1..=u64::from(u32::MAX))?
            .map(to_u32);
        let limit = params
            .whole(
                LIMIT,
                "a page size from 1 to 200",
                1..=u64::from(Self::MAX_LIMIT),
            )?
            .map(to_u32);
        Ok(Self {
            page,
            limit,
            extra: params.into_extra(),
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

#[cfg(test)]
mod tests {
    use super::{GetExport, ListExports};
    use crate::auth::Auth;
    use crate::ids::ExportId;
    use crate::request::Request;

    #[test]
    fn status_requests_round_trip() {
        let auth = Auth::session("s");
        let read = GetExport::new(ExportId::new("exp_1").unwrap());
        assert_eq!(GetExport::from_json(&read.to_json(&auth)).unwrap().1, read);
        for list in [ListExports::new(), ListExports::new().page(3, 20)] {
            assert_eq!(
                ListExports::from_json(&list.to_json(&auth)).unwrap().1,
                list
            );
        }
        assert_eq!(
            ListExports::from_json(br#"{"ssid":"s","lmt":201}"#)
                .unwrap_err()
                .to_string(),
            "lmt: expected a page size from 1 to 200, got 201"
        );
        assert_eq!(
            GetExport::from_json(br#"{"ssid":"s"}"#)
                .unwrap_err()
                .to_string(),
            "expId is required"
        );
    }
}
