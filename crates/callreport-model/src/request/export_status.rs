//! `exportStatus` and `exportList`: reading an account's export requests.

use serde_json::{Map, Value};

use super::export::{export_id_request, take_export_id};
use crate::body_keys::EXPORT_ID;
use crate::error::RequestError;
use crate::extra::Extra;
use crate::ids::ExportId;
use crate::request::{Params, Request};

export_id_request!(
    /// `POST /api/v2/CallReport/exportStatus`: where one export request stands (`expId`).
    GetExport,
    "The status of `export_id`."
);

/// `POST /api/v2/CallReport/exportList`: the account's export requests, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ListExports {
    /// Extra raw parameters.
    pub extra: Extra,
}

impl ListExports {
    /// Every export request of the account.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

impl Request for ListExports {
    fn write_params(&self, body: &mut Map<String, Value>) {
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        Ok(Self {
            extra: Params::new(body).into_extra(),
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
        let list = ListExports::new();
        assert_eq!(
            ListExports::from_json(&list.to_json(&auth)).unwrap().1,
            list
        );
        assert_eq!(
            GetExport::from_json(br#"{"ssid":"s"}"#)
                .unwrap_err()
                .to_string(),
            "expId is required"
        );
    }
}
