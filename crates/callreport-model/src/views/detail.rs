//! Any Call Detail view, recognised by its shape.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::call::Call;
use crate::error::DecodeError;
use crate::response::{ResponseData, WireBacked, parse_record};
use crate::views::{AgentsView, DeductionsView, RecordingsView, StandardDetail};

/// The payload of any Call Detail view.
///
/// Decoding recognises the view by its keys, for tools that read a response without knowing
/// what was asked (`callreport decode`). A client that knows the view asks for its type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "view", content = "detail", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Detail {
    /// The standard view (`callId`, `customerNumber`, …).
    Standard(StandardDetail),
    /// The agents view (`ctcc` without `tm`).
    Agents(AgentsView),
    /// The recordings view (`rcrdAr`).
    Recordings(RecordingsView),
    /// The deductions view (`ddLog`).
    Deductions(DeductionsView),
    /// The raw document (`clId` with `tm`).
    All(Box<Call>),
    /// A shape this version does not recognise, kept as JSON.
    Other(Value),
}

fn view_of(keys: &Map<String, Value>) -> &'static str {
    if keys.contains_key("callId") {
        "standard"
    } else if keys.contains_key("rcrdAr") {
        "recordings"
    } else if keys.contains_key("ddLog") {
        "deductions"
    } else if keys.contains_key("tm") {
        "all"
    } else if keys.contains_key("ctcc") {
        "agents"
    } else {
        "other"
    }
}

impl ResponseData for Detail {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let value: Value =
            serde_json::from_str(data).map_err(|e| DecodeError::from_plain_json(&e))?;
        let Value::Object(keys) = &value else {
            return Ok(Self::Other(value));
        };
        Ok(match view_of(keys) {
            "standard" => Self::Standard(StandardDetail::from_wire(parse_record(data)?)?),
            "recordings" => Self::Recordings(RecordingsView::from_wire(parse_record(data)?)?),
            "deductions" => Self::Deductions(DeductionsView::from_wire(parse_record(data)?)?),
            "all" => Self::All(Box::new(Call::from_wire(parse_record(data)?)?)),
            "agents" => Self::Agents(AgentsView::from_wire(parse_record(data)?)?),
            _ => Self::Other(value),
        })
    }

    fn write_body(&self, body: &mut Map<String, Value>) {
        match self {
            Self::Standard(view) => view.write_body(body),
            Self::Agents(view) => view.write_body(body),
            Self::Recordings(view) => view.write_body(body),
            Self::Deductions(view) => view.write_body(body),
            Self::All(call) => call.write_body(body),
            Self::Other(value) => value.write_body(body),
        }
    }
}
