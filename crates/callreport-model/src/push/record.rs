//! The push report as the provider POSTs it: long key names, every field optional and lenient.
//!
//! Scalars are kept as raw JSON values so that a number sent as a string (or the reverse) is
//! read by the conversion, which names the field when it cannot be read. Unknown top-level keys
//! are kept; unknown keys inside the legs, recordings and credits are not.
//!
//! No `Debug`: the values hold phone numbers.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The whole report.
#[derive(Default, Deserialize)]
pub(crate) struct PushRecord {
    #[serde(rename = "callId")]
    pub(crate) call_id: Option<Value>,
    #[serde(rename = "userId")]
    pub(crate) user_id: Option<Value>,
    #[serde(rename = "cType")]
    pub(crate) call_type: Option<Value>,
    #[serde(rename = "callStatus")]
    pub(crate) call_status: Option<Value>,
    #[serde(rename = "cNumber")]
    pub(crate) customer_number: Option<Value>,
    #[serde(rename = "ivrSTime")]
    pub(crate) ivr_start: Option<Value>,
    #[serde(rename = "firstAnswerTime")]
    pub(crate) first_answer: Option<Value>,
    #[serde(rename = "talkDuration")]
    pub(crate) talk: Option<Value>,
    #[serde(rename = "agentOnCallDuration")]
    pub(crate) agent_on_call: Option<Value>,
    #[serde(rename = "firstAttended")]
    pub(crate) first_attended: Option<Value>,
    #[serde(rename = "masterAgent")]
    pub(crate) master_agent: Option<Value>,
    #[serde(rename = "excAdm")]
    pub(crate) exc: Option<Value>,
    #[serde(rename = "api_para")]
    pub(crate) api: Option<Value>,
    #[serde(rename = "ivrExecuteFlow")]
    pub(crate) ivr_execute_flow: Option<Value>,
    #[serde(rename = "ivrIdArr", default)]
    pub(crate) ivr_ids: Option<Vec<Value>>,
    #[serde(rename = "totalCreditsUsed")]
    pub(crate) credits: Option<CreditsRecord>,
    #[serde(rename = "nHDetail", default)]
    pub(crate) number_legs: Option<Vec<LegRecord>>,
    #[serde(rename = "aHDetail", default)]
    pub(crate) agent_legs: Option<Vec<LegRecord>>,
    #[serde(rename = "recordings", default)]
    pub(crate) recordings: Option<Vec<RecordingRecord>>,
    #[serde(flatten)]
    pub(crate) extra: BTreeMap<String, Value>,
}

/// `totalCreditsUsed`.
#[derive(Default, Deserialize)]
pub(crate) struct CreditsRecord {
    #[serde(rename = "amount")]
    pub(crate) amount: Option<Value>,
}

/// One leg of `nHDetail[]` (numbers dialled) or `aHDetail[]` (agents).
#[derive(Default, Deserialize)]
pub(crate) struct LegRecord {
    #[serde(rename = "number")]
    pub(crate) number: Option<Value>,
    #[serde(rename = "agentId")]
    pub(crate) agent: Option<Value>,
    #[serde(rename = "nodeId")]
    pub(crate) node: Option<Value>,
    #[serde(rename = "totalRingDuration")]
    pub(crate) ring: Option<Value>,
    #[serde(rename = "answerSTime")]
    pub(crate) answer_start: Option<Value>,
    #[serde(rename = "answerDuration")]
    pub(crate) answer_duration: Option<Value>,
    #[serde(rename = "talkDuration")]
    pub(crate) talk: Option<Value>,
    #[serde(rename = "retry")]
    pub(crate) retry: Option<Value>,
    #[serde(rename = "recording")]
    pub(crate) recording: Option<Value>,
}

/// One item of `recordings[]`.
#[derive(Default, Deserialize)]
pub(crate) struct RecordingRecord {
    #[serde(rename = "nodeid")]
    pub(crate) node: Option<Value>,
    #[serde(rename = "file")]
    pub(crate) file: Option<Value>,
    #[serde(rename = "time")]
    pub(crate) time: Option<Value>,
}

/// Every key the push report's decoding reads, for the check that no other crate spells one.
/// Plain words (`number`, `file`, `time`, `amount`, `recording`, `recordings`, `retry`) are left
/// out: other crates use them as ordinary words.
pub(crate) const KEYS: &[&str] = &[
    "callId",
    "userId",
    "cType",
    "callStatus",
    "cNumber",
    "ivrSTime",
    "firstAnswerTime",
    "talkDuration",
    "agentOnCallDuration",
    "firstAttended",
    "masterAgent",
    "excAdm",
    "api_para",
    "ivrExecuteFlow",
    "ivrIdArr",
    "totalCreditsUsed",
    "nHDetail",
    "aHDetail",
    "agentId",
    "nodeId",
    "totalRingDuration",
    "answerSTime",
    "answerDuration",
    "nodeid",
];
