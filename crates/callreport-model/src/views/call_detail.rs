//! Any Call Detail view, recognised by its shape, or derived from a call.

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::{
    AgentsView, AgentsViewRecord, DeductionsView, DeductionsViewRecord, RecordingsView,
    RecordingsViewRecord, StandardContext, StandardDetail, StandardDetailRecord,
};
use crate::call::{Call, CallDocument};
use crate::detail_view::DetailView;
use crate::error::DecodeError;
use crate::recording::RecordingLocator;
use crate::response::{DATA, ResponseData};

/// The payload of any Call Detail view.
///
/// Decoding recognises the view by its keys, for tools that read a response without knowing
/// what was asked (`callreport decode`). A client that knows the view asks for its type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "view", content = "detail", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallDetail {
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

impl CallDetail {
    /// The view of `call` that `view` names, derived as the API derives it.
    #[must_use]
    pub fn derive(call: Call, view: DetailView, context: StandardContext<'_>) -> Self {
        match view {
            DetailView::Standard => Self::Standard(StandardDetail::from_call(&call, context)),
            DetailView::Agents => Self::Agents(AgentsView::from(&call)),
            DetailView::Recordings => Self::Recordings(RecordingsView::from(&call)),
            DetailView::Deductions => Self::Deductions(DeductionsView::from(&call)),
            DetailView::All => Self::All(Box::new(call)),
        }
    }

    /// Which view this is; `None` for a shape this version does not recognise.
    #[must_use]
    pub fn view(&self) -> Option<DetailView> {
        match self {
            Self::Standard(_) => Some(DetailView::Standard),
            Self::Agents(_) => Some(DetailView::Agents),
            Self::Recordings(_) => Some(DetailView::Recordings),
            Self::Deductions(_) => Some(DetailView::Deductions),
            Self::All(_) => Some(DetailView::All),
            Self::Other(_) => None,
        }
    }

    /// The call's recordings that this view shows, each once: the recordings view's entries,
    /// the legs' recordings of the raw document or the agents view, or the standard view's
    /// link.
    #[must_use]
    pub fn recordings(&self) -> Vec<RecordingLocator> {
        match self {
            Self::All(call) => call
                .recordings()
                .map(|found| found.locator.clone())
                .collect(),
            Self::Recordings(view) => {
                unique(view.recordings.iter().filter_map(|r| r.locator.as_ref()))
            }
            Self::Agents(view) => unique(
                view.agent_legs
                    .iter()
                    .filter_map(|leg| leg.timing.recording.as_ref()),
            ),
            Self::Standard(view) => view
                .recording
                .as_ref()
                .and_then(|url| RecordingLocator::from_url(url.expose()).ok())
                .into_iter()
                .collect(),
            Self::Deductions(_) | Self::Other(_) => Vec::new(),
        }
    }
}

/// Each locator once, in order.
fn unique<'a>(locators: impl Iterator<Item = &'a RecordingLocator>) -> Vec<RecordingLocator> {
    let mut found: Vec<RecordingLocator> = Vec::new();
    for locator in locators {
        if !found.contains(locator) {
            found.push(locator.clone());
        }
    }
    found
}

/// The view a `data` object is, by the keys that only that view has.
fn view_of(keys: &Map<String, Value>) -> Option<DetailView> {
    let has = |key: &str| keys.contains_key(key);
    if has(StandardDetailRecord::key("call_id")) {
        Some(DetailView::Standard)
    } else if has(RecordingsViewRecord::key("recordings")) {
        Some(DetailView::Recordings)
    } else if has(DeductionsViewRecord::key("deductions")) {
        Some(DetailView::Deductions)
    } else if has(CallDocument::key("started_at")) {
        Some(DetailView::All)
    } else if has(AgentsViewRecord::key("agent_legs")) {
        Some(DetailView::Agents)
    } else {
        None
    }
}

impl ResponseData for CallDetail {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        let value: Value =
            serde_json::from_str(data).map_err(|e| DecodeError::from_plain_json(&e))?;
        let Value::Object(keys) = &value else {
            return Ok(Self::Other(value));
        };
        Ok(match view_of(keys) {
            Some(DetailView::Standard) => Self::Standard(StandardDetail::from_data(data)?),
            Some(DetailView::Recordings) => Self::Recordings(RecordingsView::from_data(data)?),
            Some(DetailView::Deductions) => Self::Deductions(DeductionsView::from_data(data)?),
            Some(DetailView::All) => Self::All(Box::new(Call::from_data(data)?)),
            Some(DetailView::Agents) => Self::Agents(AgentsView::from_data(data)?),
            None => Self::Other(value),
        })
    }

    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error> {
        match self {
            Self::Standard(view) => view.serialize_body(body),
            Self::Agents(view) => view.serialize_body(body),
            Self::Recordings(view) => view.serialize_body(body),
            Self::Deductions(view) => view.serialize_body(body),
            Self::All(call) => call.serialize_body(body),
            Self::Other(value) => body.serialize_entry(DATA, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AgentsViewRecord, CallDocument, DeductionsViewRecord};
    use super::{RecordingsViewRecord, StandardDetailRecord};

    #[test]
    fn the_keys_that_tell_views_apart_exist() {
        for key in [
            StandardDetailRecord::key("call_id"),
            RecordingsViewRecord::key("recordings"),
            DeductionsViewRecord::key("deductions"),
            CallDocument::key("started_at"),
            AgentsViewRecord::key("agent_legs"),
        ] {
            assert!(!key.is_empty());
        }
    }
}
