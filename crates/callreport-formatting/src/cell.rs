//! The value of one column for one call, before any format renders it.

use std::borrow::Cow;

use callreport_model::{Call, RecordingLocator};
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::column::Column;
use crate::totals::{Totals, legs};

/// A typed cell value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    Text(Cow<'a, str>),
    /// A recording's playback URL against a base URL, rendered where it is written.
    Recording(&'a RecordingLocator, &'a str),
    /// Local time, in the report's time zone.
    DateTime(NaiveDateTime),
    /// Whole seconds.
    Duration(u64),
    Amount(f64),
    Count(u64),
    Empty,
}

impl Cell<'_> {
    /// Whether the cell holds text (which may need neutralising in CSV).
    pub(crate) fn is_text(&self) -> bool {
        matches!(self, Self::Text(_) | Self::Recording(..))
    }
}

/// What a cell's value depends on besides the call: where recording URLs point, and the time
/// zone times are shown in.
#[derive(Clone, Debug)]
pub(crate) struct CellContext {
    pub(crate) base_url: String,
    /// `None`: India Standard Time, the offset calls carry already.
    pub(crate) zone: Option<Tz>,
}

impl Column {
    /// This column's value for `call`.
    pub(crate) fn cell<'a>(self, call: &'a Call, context: &'a CellContext) -> Cell<'a> {
        let base_url = context.base_url.as_str();
        match self {
            Self::CallId => Cell::Text(Cow::Borrowed(call.id.as_str())),
            Self::StartedAt => Cell::DateTime(match context.zone {
                None => call.started_at.naive_local(),
                Some(zone) => call.started_at.with_timezone(&zone).naive_local(),
            }),
            Self::CallType => Cell::Text(Cow::Borrowed(call.call_type.as_str())),
            Self::Status => Cell::Text(match call.status.label() {
                Some(label) => Cow::Borrowed(label),
                None => Cow::Owned(format!("status {}", call.status.code())),
            }),
            Self::CustomerNumber => Cell::Text(Cow::Borrowed(call.customer_number.as_str())),
            Self::CustomerName => match call.customer_name.as_deref() {
                Some(name) => Cell::Text(Cow::Borrowed(name)),
                None => Cell::Empty,
            },
            Self::FirstAgent => match call.first_agent {
                Some(agent) => Cell::Count(agent.get()),
                None => Cell::Empty,
            },
            Self::QueueTime => Cell::Duration(call.durations.queue.as_secs()),
            Self::TalkTime => Cell::Duration(call.durations.customer.as_secs()),
            Self::AgentOnCallTime => Cell::Duration(call.durations.agent_on_call.as_secs()),
            Self::Amount => Cell::Amount(call.amount),
            Self::Legs => Cell::Count(legs(call)),
            Self::RecordingUrl => match first_recording(call) {
                Some(locator) => Cell::Recording(locator, base_url),
                None => Cell::Empty,
            },
        }
    }

    /// This column's value in a totals row: sums for durations, amount and legs.
    pub(crate) fn total_cell(self, totals: &Totals) -> Cell<'static> {
        match self {
            Self::QueueTime => Cell::Duration(totals.queue.as_secs()),
            Self::TalkTime => Cell::Duration(totals.talk.as_secs()),
            Self::AgentOnCallTime => Cell::Duration(totals.agent_on_call.as_secs()),
            Self::Amount => Cell::Amount(totals.amount),
            Self::Legs => Cell::Count(totals.legs),
            _ => Cell::Empty,
        }
    }
}

/// The first recording, as [`Call::recordings`] orders them, without collecting the rest.
fn first_recording(call: &Call) -> Option<&RecordingLocator> {
    call.agent_legs
        .iter()
        .map(|leg| &leg.timing)
        .chain(call.customer_legs.iter().map(|leg| &leg.timing))
        .find_map(|timing| timing.recording.as_ref())
}

/// Where a totals row puts its label: the first column that has no sum.
pub(crate) fn totals_label_position(columns: &[Column], totals: &Totals) -> Option<usize> {
    columns
        .iter()
        .position(|column| column.total_cell(totals) == Cell::Empty)
}

/// The label of a totals row.
pub(crate) fn totals_label(totals: &Totals) -> String {
    let noun = if totals.calls == 1 { "call" } else { "calls" };
    format!("Total ({} {noun})", totals.calls)
}
