//! `POST /api/v2/CallReport/detail`

use serde::Deserialize;
use serde_json::{Map, Value};
use serde_with::formats::PreferOne;
use serde_with::{OneOrMany, serde_as};

use crate::body_keys::{CALL_ID, REPORT_TYPE};
use crate::detail_view::DetailView;
use crate::error::RequestError;
use crate::extra::Extra;
use crate::ids::CallId;
use crate::request::{Params, Request};

/// `POST /api/v2/CallReport/detail`: one call, in the view `rType` names.
///
/// ```
/// use callreport_model::{Auth, GetCall, CallId, DetailView, Request};
///
/// let request = GetCall::new(CallId::new("kyrnwv1c8ps5zq6jcwaxtzicv")?)
///     .view(DetailView::Recordings);
/// let body: serde_json::Value = serde_json::from_slice(&request.to_json(&Auth::session("my-session")))?;
/// assert_eq!(
///     body,
///     serde_json::json!({"ssid": "my-session", "clId": "kyrnwv1c8ps5zq6jcwaxtzicv", "rType": "rcrd"})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GetCall {
    /// The call (`clId`).
    pub call_id: CallId,
    /// The view (`rType`).
    pub view: DetailView,
    /// Whether `rType` is sent as an array of one (`["rcrd"]`), as the provider's own code
    /// samples do.
    pub report_type_as_array: bool,
    /// Extra raw parameters.
    pub extra: Extra,
    /// The `rType` text as received, while it still names `view` (`dtl` for the raw document).
    spelling: Option<&'static str>,
}

impl GetCall {
    /// The standard view of `call_id`.
    #[must_use]
    pub fn new(call_id: CallId) -> Self {
        Self {
            call_id,
            view: DetailView::Standard,
            report_type_as_array: false,
            extra: Extra::new(),
            spelling: None,
        }
    }

    /// Asks for another view.
    #[must_use]
    pub fn view(mut self, view: DetailView) -> Self {
        self.view = view;
        self
    }

    /// Adds an extra raw parameter.
    #[must_use]
    pub fn param(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key, value);
        self
    }

    /// The `rType` text to write for the view.
    fn report_type(&self) -> Option<&'static str> {
        match self.spelling {
            Some(text) if DetailView::from_report_type(text) == Some(self.view) => Some(text),
            _ => self.view.report_type(),
        }
    }
}

/// `rType` as the provider's samples send it: a string, or an array of one.
#[serde_as]
#[derive(Deserialize)]
struct ReportTypeParam(#[serde_as(as = "OneOrMany<_, PreferOne>")] Vec<String>);

/// The view `rType` names, its spelling, and whether it came as an array.
fn read_report_type(
    value: Option<Value>,
) -> Result<(DetailView, Option<&'static str>, bool), RequestError> {
    let shape = "a report type such as \"rcrd\", or an array of one";
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok((DetailView::Standard, None, false));
    };
    let as_array = value.is_array();
    let texts = match serde_json::from_value::<ReportTypeParam>(value.clone()) {
        Ok(ReportTypeParam(texts)) if texts.len() <= 1 => texts,
        _ => return Err(RequestError::invalid(REPORT_TYPE, shape, &value, true)),
    };
    let Some(text) = texts.first().filter(|text| !text.is_empty()) else {
        return Ok((DetailView::Standard, None, as_array));
    };
    match DetailView::spelling(text) {
        Some((spelling, view)) => Ok((view, Some(spelling), as_array)),
        None => Err(RequestError::Invalid {
            name: REPORT_TYPE.into(),
            expected: DetailView::EXPECTED,
            got: format!("{text:?}"),
        }),
    }
}

impl Request for GetCall {
    fn write_params(&self, body: &mut Map<String, Value>) {
        body.insert(CALL_ID.into(), Value::from(self.call_id.as_str()));
        let text = self.report_type().map(Value::from);
        match (text, self.report_type_as_array) {
            (Some(text), true) => {
                body.insert(REPORT_TYPE.into(), Value::Array(vec![text]));
            }
            (None, true) => {
                body.insert(REPORT_TYPE.into(), Value::Array(Vec::new()));
            }
            (Some(text), false) => {
                body.insert(REPORT_TYPE.into(), text);
            }
            (None, false) => {}
        }
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let call_id = match params.take(CALL_ID) {
            None | Some(Value::Null) => return Err(RequestError::Missing { name: CALL_ID }),
            Some(Value::String(text)) if text.is_empty() => {
                return Err(RequestError::Missing { name: CALL_ID });
            }
            Some(Value::String(text)) => CallId::new(text).map_err(|_| RequestError::Invalid {
                name: CALL_ID.into(),
                expected: "a call id (1 to 64 letters, digits, '-' or '_')",
                got: "an id with other characters".into(),
            })?,
            Some(other) => {
                return Err(RequestError::invalid(CALL_ID, "a call id", &other, true));
            }
        };
        let (view, spelling, report_type_as_array) = read_report_type(params.take(REPORT_TYPE))?;
        Ok(Self {
            call_id,
            view,
            report_type_as_array,
            extra: params.into_extra(),
            spelling,
        })
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::GetCall;
    use crate::auth::Auth;
    use crate::detail_view::DetailView;
    use crate::error::RequestError;
    use crate::request::Request;

    #[test]
    fn reads_the_seed_sample_body() {
        let body = br#"{"ssid": "{{ssid}}","userId": "29791451","clId": "kyrnwv1c8ps5zq6jcwaxtzicv","rType": ["dtl"]}"#;
        let (auth, request) = GetCall::from_json(body).unwrap();
        assert!(matches!(auth, Auth::Session { .. }));
        assert_eq!(request.view, DetailView::All);
        assert!(request.report_type_as_array);
        let again = serde_json::from_slice::<serde_json::Value>(&request.to_json(&auth)).unwrap();
        assert_eq!(
            again,
            serde_json::from_slice::<serde_json::Value>(body).unwrap()
        );
    }

    #[test]
    fn every_error_path() {
        let cases: [(&[u8], &str); 9] = [
            (b"", "the request body is empty; send a JSON object"),
            (
                b"[1]",
                "the request body is not a JSON object: expected an object",
            ),
            (br#"{"ssid":"s"}"#, "clId is required"),
            (br#"{"ssid":"s","clId":""}"#, "clId is required"),
            (
                br#"{"ssid":"s","clId":7}"#,
                "clId: expected a call id, got 7",
            ),
            (
                br#"{"ssid":"s","clId":"../x"}"#,
                "clId: expected a call id (1 to 64 letters, digits, '-' or '_'), got an id with other characters",
            ),
            (
                br#"{"ssid":"s","clId":"a","rType":["a","b"]}"#,
                "rType: expected a report type such as \"rcrd\", or an array of one, got an array of 2 items",
            ),
            (
                br#"{"ssid":"s","clId":"a","rType":5}"#,
                "rType: expected a report type such as \"rcrd\", or an array of one, got 5",
            ),
            (
                br#"{"ssid":"s","clId":"a","rType":"bogus"}"#,
                "rType: expected one of \"agts\", \"rcrd\", \"ddLog\", \"allDetail\", \"dtl\" (or none for the standard view), got \"bogus\"",
            ),
        ];
        for (body, message) in cases {
            let error = GetCall::from_json(body).unwrap_err();
            assert_eq!(error.to_string(), message);
        }
        let error = GetCall::from_json(b"{oops").unwrap_err();
        assert!(matches!(error, RequestError::InvalidJson { .. }));
        let kept = GetCall::from_json(br#"{"ssid":"s","clId":"a","newKey":1}"#)
            .unwrap()
            .1;
        assert_eq!(kept.extra.get("newKey"), Some(&json!(1)));
    }
}
