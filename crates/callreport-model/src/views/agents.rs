//! The agents view (`rType` `agts`).

use serde::Serialize;

use crate::call::{AgentLeg, AgentLegRecord, Call};
use crate::codecs::{CallIdField, Count, Opt, OptAgent};
use crate::extra::Extra;
use crate::ids::{AgentId, CallId};
use crate::record::{List, record};
use crate::response::object_data;
use crate::spelling::Spellings;

/// Who handled a call: the agent-side part of the raw document.
///
/// The provider does not publish this view's shape; this crate reads it as the raw document's
/// agent keys (`clId`, `mAgt`, `tAgtCnt`, `ctcc`) and keeps anything else in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AgentsView {
    /// The call id (`clId`).
    pub call_id: Option<CallId>,
    /// The agent who attended first (`mAgt`).
    pub first_agent: Option<AgentId>,
    /// How many agents were involved (`tAgtCnt`).
    pub agent_count: u32,
    /// The agent-side legs (`ctcc`).
    pub agent_legs: Vec<AgentLeg>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl AgentsView {
    /// A view of the given legs.
    #[must_use]
    pub fn new(call_id: Option<CallId>, agent_legs: Vec<AgentLeg>) -> Self {
        Self {
            call_id,
            agent_legs,
            ..Self::default()
        }
    }
}

/// The agent-side part of `call`.
impl From<&Call> for AgentsView {
    fn from(call: &Call) -> Self {
        let mut view = Self::new(Some(call.id.clone()), call.agent_legs.clone());
        view.first_agent = call.first_agent;
        view.agent_count = call.agent_count;
        view
    }
}

record! {
    /// The agents view (`rType` `agts`): the agent-side part of the call document.
    wire AgentsViewRecord => AgentsView {
        /// Call id.
        "clId" => call_id: Opt<CallIdField>,
        /// The agent who attended first.
        "mAgt" => first_agent: OptAgent,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Count,
        /// Agent-side legs.
        "ctcc" => agent_legs: List<AgentLeg> as [AgentLegRecord],
    }
}

object_data!(AgentsView);
