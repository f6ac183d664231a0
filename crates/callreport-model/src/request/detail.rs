//! `POST /api/v2/CallReport/detail`

use serde_json::{Map, Value};

use crate::error::RequestError;
use crate::extra::Extra;
use crate::ids::CallId;
use crate::open_enum::ReportType;
use crate::request::{Params, Request};

/// `POST /api/v2/CallReport/detail`: one call, in the view `rType` names.
///
/// ```
/// use callreport_model::{Auth, CallDetail, CallId, ReportType, Request};
///
/// let request = CallDetail::new(CallId::new("kyrnwv1c8ps5zq6jcwaxtzicv")?)
///     .report_type(ReportType::Recordings);
/// let body: serde_json::Value = serde_json::from_slice(&request.to_json(&Auth::session("my-session")))?;
/// assert_eq!(
///     body,
///     serde_json::json!({"ssid": "my-session", "clId": "kyrnwv1c8ps5zq6jcwaxtzicv", "rType": "rcrd"})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallDetail {
    /// The call (`clId`).
    pub call_id: CallId,
    /// The view (`rType`); `None` is the standard view.
    pub report_type: Option<ReportType>,
    /// Whether `rType` is sent as an array of one (`["rcrd"]`), as some clients do.
    pub report_type_as_array: bool,
    /// Extra raw parameters.
    pub extra: Extra,
}

impl CallDetail {
    /// The standard view of `call_id`.
    #[must_use]
    pub fn new(call_id: CallId) -> Self {
        Self {
            call_id,
            report_type: None,
            report_type_as_array: false,
            extra: Extra::new(),
        }
    }

    /// Asks for another view.
    #[must_use]
    pub fn report_type(mut self, report_type: ReportType) -> Self {
        self.report_type = Some(report_type);
        self
    }

    /// Adds an extra raw parameter.
    #[must_use]
    pub fn param(mut self, key: impl Into<String>, value: Value) -> Self {
        self.extra.insert(key, value);
        self
    }
}

fn read_report_type(value: Option<Value>) -> Result<(Option<ReportType>, bool), RequestError> {
    let expected = "a report type such as \"rcrd\", or an array of one";
    let one = |text: &str| (!text.is_empty()).then(|| ReportType::from_wire(text));
    match value {
        None | Some(Value::Null) => Ok((None, false)),
        Some(Value::String(text)) => Ok((one(&text), false)),
        Some(Value::Array(items)) => match items.as_slice() {
            [] => Ok((None, true)),
            [Value::String(text)] => Ok((one(text), true)),
            _ => Err(RequestError::invalid(
                "rType",
                expected,
                &Value::Array(items),
                true,
            )),
        },
        Some(other) => Err(RequestError::invalid("rType", expected, &other, true)),
    }
}

impl Request for CallDetail {
    fn write_params(&self, body: &mut Map<String, Value>) {
        body.insert("clId".into(), Value::from(self.call_id.as_str()));
        let text = self.report_type.as_ref().map(|r| Value::from(r.as_str()));
        match (text, self.report_type_as_array) {
            (Some(text), true) => {
                body.insert("rType".into(), Value::Array(vec![text]));
            }
            (None, true) => {
                body.insert("rType".into(), Value::Array(Vec::new()));
            }
            (Some(text), false) => {
                body.insert("rType".into(), text);
            }
            (None, false) => {}
        }
        self.extra.write_into(body);
    }

    fn read_params(body: Map<String, Value>) -> Result<Self, RequestError> {
        let mut params = Params::new(body);
        let call_id = match params.take("clId") {
            None | Some(Value::Null) => return Err(RequestError::Missing { name: "clId" }),
            Some(Value::String(text)) if text.is_empty() => {
                return Err(RequestError::Missing { name: "clId" });
            }
            Some(Value::String(text)) => CallId::new(text).map_err(|_| RequestError::Invalid {
                name: "clId".into(),
                expected: "a call id (1 to 64 letters, digits, '-' or '_')",
                got: "an id with other characters".into(),
            })?,
            Some(other) => return Err(RequestError::invalid("clId", "a call id", &other, true)),
        };
        let (report_type, report_type_as_array) = read_report_type(params.take("rType"))?;
        Ok(Self {
            call_id,
            report_type,
            report_type_as_array,
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

    use super::CallDetail;
    use crate::auth::Auth;
    use crate::error::RequestError;
    use crate::open_enum::ReportType;
    use crate::request::Request;

    #[test]
    fn reads_the_seed_sample_body() {
        let body = br#"{"ssid": "{{ssid}}","userId": "29791451","clId": "kyrnwv1c8ps5zq6jcwaxtzicv","rType": ["dtl"]}"#;
        let (auth, request) = CallDetail::from_json(body).unwrap();
        assert!(matches!(auth, Auth::Session { .. }));
        assert_eq!(
            request.report_type.as_ref().map(ReportType::as_str),
            Some("dtl")
        );
        assert!(request.report_type_as_array);
        let again = serde_json::from_slice::<serde_json::Value>(&request.to_json(&auth)).unwrap();
        assert_eq!(
            again,
            serde_json::from_slice::<serde_json::Value>(body).unwrap()
        );
    }

    #[test]
    fn every_error_path() {
        let cases: [(&[u8], &str); 8] = [
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
        ];
        for (body, message) in cases {
            let error = CallDetail::from_json(body).unwrap_err();
            assert_eq!(error.to_string(), message);
        }
        let error = CallDetail::from_json(b"{oops").unwrap_err();
        assert!(matches!(error, RequestError::InvalidJson { .. }));
        let kept = CallDetail::from_json(br#"{"ssid":"s","clId":"a","newKey":1}"#)
            .unwrap()
            .1;
        assert_eq!(kept.extra.get("newKey"), Some(&json!(1)));
    }
}
