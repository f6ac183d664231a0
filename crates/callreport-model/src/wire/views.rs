//! The other Call Detail views: standard, agents, recordings, deductions.

use serde_json::Value;

use crate::wire::call_document::AgentLeg;
use crate::wire::wire_record;

wire_record! {
    /// The standard view (no `rType`): long key names, formatted values.
    pub struct StandardDetail {
        /// Call id.
        "callId" => call_id: Value,
        /// Customer number.
        "customerNumber" [secret] => customer_number: Value,
        /// Start, `YYYY-MM-DD HH:MM:SS` India Standard Time.
        "date" => date: Value,
        /// Duration, `HH:MM:SS`.
        "duration" => duration: Value,
        /// Status wording, such as `answered`.
        "status" => status: Value,
        /// Call type.
        "callType" => call_type: Value,
        /// Campaign name.
        "campaign" => campaign: Value,
        /// Agent name.
        "agent" => agent: Value,
        /// Recording URL.
        "recording" [secret] => recording: Value,
    }
}

wire_record! {
    /// The agents view (`rType` `agts`): the agent-side part of the call document.
    pub struct AgentsView {
        /// Call id.
        "clId" => call_id: Value,
        /// The agent who attended first.
        "mAgt" => first_agent: Value,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Value,
        /// Agent-side legs.
        "ctcc" => agent_legs: Vec<AgentLeg>,
    }
}

wire_record! {
    /// The recordings view (`rType` `rcrd`).
    pub struct RecordingsView {
        /// Call id.
        "clId" => call_id: Value,
        /// One entry per recorded leg.
        "rcrdAr" => recordings: Vec<RecordingEntry>,
    }
}

wire_record! {
    /// One recording (`rcrdAr[]`).
    pub struct RecordingEntry {
        /// Node id of the recorded leg, such as `#3`.
        "ndId" => node_id: Value,
        /// Recording locator.
        "rcrd" [secret] => recording: Value,
    }
}

wire_record! {
    /// The deductions view (`rType` `ddLog`).
    pub struct DeductionsView {
        /// Call id.
        "clId" => call_id: Value,
        /// Total amount charged.
        "amt" => amount: Value,
        /// One entry per deduction.
        "ddLog" => deductions: Vec<DeductionEntry>,
    }
}

wire_record! {
    /// One deduction (`ddLog[]`).
    pub struct DeductionEntry {
        /// When, milliseconds since the Unix epoch.
        "tm" => at: Value,
        /// What was charged for, such as `call` or `recording`.
        "ddTy" => kind: Value,
        /// Amount deducted.
        "amt" => amount: Value,
        /// Pulses (billing units) counted.
        "pls" => pulses: Value,
        /// Node that caused it.
        "nd" => node: Value,
        /// Balance after the deduction.
        "bal" => balance: Value,
    }
}
