//! A call as a store indexes it: the document it keeps and the facts its queries filter and
//! sort on, worked out once from the decoded call.
//!
//! It holds about a third of the memory of the decoded call, so writers that gather many calls
//! before a transaction (`sync`) gather these, and a backend's writing thread only writes.

use std::fmt;

use callreport_model::Call;

use crate::{ImportCall, NewRecording};

/// A count as a database's signed integer, saturating.
pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A call ready to be stored. `Debug` shows its id and start only: the rest holds the
/// customer's number.
pub struct IndexedCall {
    pub(crate) document: String,
    pub(crate) call_id: String,
    pub(crate) started_ms: i64,
    pub(crate) call_type: String,
    pub(crate) status: i64,
    pub(crate) talk_s: i64,
    pub(crate) queue_s: i64,
    pub(crate) agent_s: i64,
    pub(crate) amount: f64,
    /// The customer's number reversed, for suffix searches by index.
    pub(crate) number_rev: String,
    pub(crate) first_agent: Option<i64>,
    /// Every agent the call reached (`ctcc[].agt` and `mAgt`), ascending, once each.
    pub(crate) agents: Vec<u64>,
    /// The custom fields, as text.
    pub(crate) fields: Vec<(String, String)>,
    /// Recording files registered with the call.
    pub(crate) recordings: Vec<NewRecording>,
}

impl IndexedCall {
    /// The call that `document` decoded to, ready to be stored with `document` as its text.
    #[must_use]
    pub fn new(document: String, call: &Call) -> Self {
        let durations = &call.durations;
        let mut agents: Vec<u64> = call
            .agent_legs
            .iter()
            .filter_map(|leg| leg.agent)
            .chain(call.first_agent)
            .map(|agent| agent.get())
            .collect();
        agents.sort_unstable();
        agents.dedup();
        Self {
            document,
            call_id: call.id.as_str().to_owned(),
            started_ms: call.started_at.timestamp_millis(),
            call_type: call.call_type.as_str().to_owned(),
            status: i64::from(call.status.code()),
            talk_s: to_i64(durations.customer.as_secs()),
            queue_s: to_i64(durations.queue.as_secs()),
            agent_s: to_i64(durations.agent_on_call.as_secs()),
            amount: call.amount,
            number_rev: call.customer_number.as_str().chars().rev().collect(),
            first_agent: call.first_agent.map(|agent| to_i64(agent.get())),
            agents,
            fields: call
                .custom_fields()
                .map(|(name, text)| (name.to_owned(), text.into_owned()))
                .collect(),
            recordings: Vec::new(),
        }
    }

    /// The call's id.
    #[must_use]
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// The document as it is to be stored.
    #[must_use]
    pub fn document(&self) -> &str {
        &self.document
    }
}

impl From<ImportCall> for IndexedCall {
    fn from(import: ImportCall) -> Self {
        let mut indexed = Self::new(import.raw, &import.call);
        indexed.recordings = import.recordings;
        indexed
    }
}

impl fmt::Debug for IndexedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexedCall")
            .field("call_id", &self.call_id)
            .field("started_ms", &self.started_ms)
            .finish_non_exhaustive()
    }
}
