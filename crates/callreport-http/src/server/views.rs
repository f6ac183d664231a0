//! The Call Detail views, derived from the stored raw document.
//!
//! `allDetail` is the stored text itself. The other views decode it with the model and keep
//! only what they show; see `docs/server.md` for how each field is derived.

use std::time::Duration;

use callreport_model::{
    AgentsView, ApiCode, ApiError, Call, Deduction, DeductionsView, Recording, RecordingsView,
    ReportType, Secret, StandardDetail, wire,
};
use serde::Serialize;
use serde_json::Value;

use callreport_store::StoredCall;

/// A Call Detail view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum View {
    Standard,
    Agents,
    Recordings,
    Deductions,
    All,
}

impl View {
    /// The view `rType` asks for. No `rType`, an empty one, and `dtl` (which the provider's own
    /// code samples send) are the standard view.
    pub(crate) fn of(report_type: Option<&ReportType>) -> Result<Self, ApiError> {
        let Some(report_type) = report_type else {
            return Ok(Self::Standard);
        };
        match report_type.as_str() {
            "dtl" => Ok(Self::Standard),
            "agts" => Ok(Self::Agents),
            "rcrd" => Ok(Self::Recordings),
            "ddLog" => Ok(Self::Deductions),
            "allDetail" => Ok(Self::All),
            other => Err(ApiError::with_message(
                ApiCode::InvalidParameters,
                format!(
                    "rType: expected one of \"agts\", \"rcrd\", \"ddLog\", \"allDetail\" \
                     (or none for the standard view), got {other:?}"
                ),
            )),
        }
    }
}

/// The response body for `view` of a stored call. `base_url` prefixes recording links.
///
/// # Errors
/// The stored document does not decode (which import prevents): 1009.
pub(crate) fn render(view: View, stored: &StoredCall, base_url: &str) -> Result<String, String> {
    if view == View::All {
        return Ok(format!("{{\"data\":{}}}", stored.document.trim()));
    }
    let call = Call::from_json(&stored.document).map_err(|error| error.to_string())?;
    match view {
        View::Agents => data(wire::AgentsView::from(agents(&call))),
        View::Recordings => data(wire::RecordingsView::from(recordings(&call))),
        View::Deductions => data(wire::DeductionsView::from(deductions(&call))),
        _ => {
            let agent = stored.first_agent_name.as_deref();
            data(wire::StandardDetail::from(standard(&call, agent, base_url)))
        }
    }
}

/// `{"data": …}` with the view's wire form, written straight to text.
fn data(view: impl Serialize) -> Result<String, String> {
    let json = serde_json::to_string(&view).map_err(|error| error.to_string())?;
    Ok(format!("{{\"data\":{json}}}"))
}

/// The standard view: long names, formatted values.
fn standard(call: &Call, agent_name: Option<&str>, base_url: &str) -> StandardDetail {
    let mut view = StandardDetail::new(call.id.clone());
    view.customer_number = call.customer_number.clone();
    view.date = Some(call.started_at);
    view.duration = call.durations.customer;
    view.status = call.status.to_string();
    view.call_type = call.call_type.clone();
    view.campaign = custom_field(call, "campaign");
    view.agent = agent_name
        .map(str::to_owned)
        .or_else(|| call.first_agent.map(|agent| format!("agent {agent}")));
    view.recording = call
        .recordings()
        .next()
        .map(|locator| Secret::new(locator.url(base_url)));
    view
}

fn custom_field(call: &Call, name: &str) -> Option<String> {
    match call.extra.get("cstm")?.get(name)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

/// The agents view: the agent-side part of the document.
fn agents(call: &Call) -> AgentsView {
    let mut view = AgentsView::new(Some(call.id.clone()), call.agent_legs.clone());
    view.first_agent = call.first_agent;
    view.agent_count = call.agent_count;
    view
}

/// The recordings view: each recorded leg once, numbered by its position among the legs (agent
/// legs first, then customer legs), as `#1`, `#2`, ….
fn recordings(call: &Call) -> RecordingsView {
    let timings = call
        .agent_legs
        .iter()
        .map(|leg| &leg.timing)
        .chain(call.customer_legs.iter().map(|leg| &leg.timing));
    let mut entries: Vec<Recording> = Vec::new();
    for (position, timing) in timings.enumerate() {
        let Some(locator) = &timing.recording else {
            continue;
        };
        if entries.iter().any(|e| e.locator.as_ref() == Some(locator)) {
            continue;
        }
        entries.push(Recording::new(
            Some(format!("#{}", position + 1)),
            locator.clone(),
        ));
    }
    RecordingsView::new(Some(call.id.clone()), entries)
}

/// The deductions view: one `call` deduction for a charged call, made when the call ended,
/// counting one pulse per started minute of talk time.
fn deductions(call: &Call) -> DeductionsView {
    let mut entries = Vec::new();
    if call.amount > 0.0 {
        let talk = call.durations.customer;
        let length = call
            .customer_legs
            .iter()
            .map(|leg| leg.timing.call_duration)
            .max()
            .unwrap_or(talk)
            .max(talk);
        let mut deduction = Deduction::new("call", call.amount);
        deduction.at = Some(call.started_at + chrono_seconds(length));
        deduction.pulses = u32::try_from(talk.as_secs().div_ceil(60).max(1)).unwrap_or(u32::MAX);
        deduction.node = call
            .agent_legs
            .iter()
            .rev()
            .find(|leg| !leg.timing.talk.is_zero())
            .and_then(|leg| leg.timing.node.clone());
        entries.push(deduction);
    }
    let mut view = DeductionsView::new(Some(call.id.clone()), entries);
    view.amount = Some(call.amount);
    view
}

fn chrono_seconds(duration: Duration) -> chrono::Duration {
    chrono::Duration::seconds(i64::try_from(duration.as_secs()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use callreport_model::ReportType;

    use super::View;

    #[test]
    fn report_types_pick_views() {
        let cases = [
            (None, View::Standard),
            (Some("dtl"), View::Standard),
            (Some("agts"), View::Agents),
            (Some("rcrd"), View::Recordings),
            (Some("ddLog"), View::Deductions),
            (Some("allDetail"), View::All),
        ];
        for (text, view) in cases {
            let report_type = text.map(ReportType::from_wire);
            assert_eq!(View::of(report_type.as_ref()).unwrap(), view);
        }
        let error = View::of(Some(&ReportType::from_wire("xyz"))).unwrap_err();
        assert!(error.message.starts_with("rType: expected one of"));
    }
}
