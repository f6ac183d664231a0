//! The agents view (`rType` `agts`).

use serde::Serialize;

use crate::call::{AgentLeg, decode_list, encode_list};
use crate::codecs::{Count, OptAgent, OptCallIdField};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::{AgentId, CallId};
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

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

    pub(crate) fn decode(view: wire::AgentsView<'_>, path: Path<'_>) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let agent_legs = decode_list(&mut r, "ctcc", view.agent_legs, AgentLeg::decode)?;
        Ok(Self {
            call_id: r.read::<OptCallIdField>("clId", view.call_id)?,
            first_agent: r.read::<OptAgent>("mAgt", view.first_agent)?,
            agent_count: r.read::<Count>("tAgtCnt", view.agent_count)?,
            agent_legs,
            extra: view.extra,
            spellings: r.spellings,
        })
    }
}

impl TryFrom<wire::AgentsView<'_>> for AgentsView {
    type Error = DecodeError;

    fn try_from(view: wire::AgentsView<'_>) -> Result<Self, DecodeError> {
        Self::decode(view, Path::Root)
    }
}

impl From<AgentsView> for wire::AgentsView<'static> {
    fn from(view: AgentsView) -> Self {
        let s = &view.spellings;
        let mut out = wire::AgentsView::new();
        out.call_id = s.write::<OptCallIdField>("clId", &view.call_id);
        out.first_agent = s.write::<OptAgent>("mAgt", &view.first_agent);
        out.agent_count = s.write::<Count>("tAgtCnt", &view.agent_count);
        out.agent_legs = encode_list(s, "ctcc", view.agent_legs, wire::AgentLeg::from);
        out.extra = view.extra;
        out
    }
}
