//! The other Call Detail views: standard, agents, recordings, deductions.

use crate::wire::Scalar;

use crate::wire::call_document::AgentLeg;
use crate::wire::wire_record;

wire_record! {
    /// The standard view (no `rType`): long key names, formatted values.
    pub struct StandardDetail {
        /// Call id.
        "callId" => call_id: Scalar<'a>,
        /// Customer number.
        "customerNumber" [secret] => customer_number: Scalar<'a>,
        /// Start, `YYYY-MM-DD HH:MM:SS` India Standard Time.
        "date" => date: Scalar<'a>,
        /// Duration, `HH:MM:SS`.
        "duration" => duration: Scalar<'a>,
        /// Status wording, such as `answered`.
        "status" => status: Scalar<'a>,
        /// Call type.
        "callType" => call_type: Scalar<'a>,
        /// Campaign name.
        "campaign" => campaign: Scalar<'a>,
        /// Agent name.
        "agent" => agent: Scalar<'a>,
        /// Recording URL.
        "recording" [secret] => recording: Scalar<'a>,
    }
}

wire_record! {
    /// The agents view (`rType` `agts`): the agent-side part of the call document.
    pub struct AgentsView {
        /// Call id.
        "clId" => call_id: Scalar<'a>,
        /// The agent who attended first.
        "mAgt" => first_agent: Scalar<'a>,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Scalar<'a>,
        /// Agent-side legs.
        "ctcc" => agent_legs: Vec<AgentLeg<'a>>,
    }
}

wire_record! {
    /// The recordings view (`rType` `rcrd`).
    pub struct RecordingsView {
        /// Call id.
        "clId" => call_id: Scalar<'a>,
        /// One entry per recorded leg.
        "rcrdAr" => recordings: Vec<RecordingEntry<'a>>,
    }
}

wire_record! {
    /// One recording (`rcrdAr[]`).
    pub struct RecordingEntry {
        /// Node id of the recorded leg, such as `#3`.
        "ndId" => node_id: Scalar<'a>,
        /// Recording locator.
        "rcrd" [secret] => recording: Scalar<'a>,
    }
}

wire_record! {
    /// The deductions view (`rType` `ddLog`).
    pub struct DeductionsView {
        /// Call id.
        "clId" => call_id: Scalar<'a>,
        /// Total amount charged.
        "amt" => amount: Scalar<'a>,
        /// One entry per deduction.
        "ddLog" => deductions: Vec<DeductionEntry<'a>>,
    }
}

wire_record! {
    /// One deduction (`ddLog[]`).
    pub struct DeductionEntry {
        /// When, milliseconds since the Unix epoch.
        "tm" => at: Scalar<'a>,
        /// What was charged for, such as `call` or `recording`.
        "ddTy" => kind: Scalar<'a>,
        /// Amount deducted.
        "amt" => amount: Scalar<'a>,
        /// Pulses (billing units) counted.
        "pls" => pulses: Scalar<'a>,
        /// Node that caused it.
        "nd" => node: Scalar<'a>,
        /// Balance after the deduction.
        "bal" => balance: Scalar<'a>,
    }
}
