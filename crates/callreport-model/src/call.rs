//! A call in full: the domain form of the raw document (`allDetail`).

mod durations;
mod legs;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde::Serialize;
use serde_json::Value;

pub use self::durations::CallDurations;
pub use self::legs::{AgentLeg, CustomerLeg, LegTiming};
use crate::api_request::ApiRequest;
use crate::call_status::CallStatus;
use crate::clock::IST;
use crate::codecs::{
    AmountField, ApiRequestField, AttendantField, CallClock, CallIdField, CallTypeField, Count,
    DateMonthName, EpochMillis, Flag, IvrIds, OptAgent, OptInteger, OptText, Phone, RawList,
    StatusField, UserIdField,
};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::{AgentId, CallId, UserId};
use crate::open_enum::{CallType, FirstAttendant};
use crate::phone::PhoneNumber;
use crate::recording::RecordingLocator;
use crate::response::parse_record;
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

/// A call, as the raw document (`rType` `allDetail`) describes it.
///
/// Decoded from [`wire::CallDocument`] with `TryFrom` (which names the failing field by its
/// path) and written back with `From`, losslessly: unknown keys are kept in `extra`, and a field
/// the provider spelled unusually (a number sent as a string, a missing key) is written back as
/// it came while its value is unchanged.
///
/// Local times are India Standard Time (+05:30); durations are whole seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Call {
    /// The call id (`clId`).
    pub id: CallId,
    /// The account that owns the call (`uid`).
    pub user_id: Option<UserId>,
    /// When the call started (`tm`, milliseconds since the Unix epoch), in +05:30.
    pub started_at: DateTime<FixedOffset>,
    /// The call date as the provider printed it (`clDt`, `22/Nov/2025`), India Standard Time.
    pub date: Option<NaiveDate>,
    /// The call time as the provider printed it (`clTm`, `4:13:18 pm`), India Standard Time.
    pub time: Option<NaiveTime>,
    /// The kind of call (`clTy`).
    pub call_type: CallType,
    /// The status code (`st`).
    pub status: CallStatus,
    /// The customer's number (`cNum`); may be a placeholder or otherwise not a number.
    pub customer_number: PhoneNumber,
    /// The customer's name (`cNm`).
    pub customer_name: Option<String>,
    /// Queue, talk and agent-on-call time (`dur`).
    pub durations: CallDurations,
    /// The amount charged (`amt`), in the account's currency.
    pub amount: f64,
    /// The IVRs the call went through (`ivrAr`); empty when none (`[-1]` on the wire).
    pub ivr_ids: Vec<i64>,
    /// The telecom operator of the number (`op`).
    pub operator: Option<String>,
    /// The telecom circle (Indian region) of the number (`crcl`).
    pub circle: Option<String>,
    /// Who answered first (`fAtnd`); `None` when nobody did.
    pub first_attended: Option<FirstAttendant>,
    /// The agent who attended first (`mAgt`).
    pub first_agent: Option<AgentId>,
    /// How many agents were involved (`tAgtCnt`).
    pub agent_count: u32,
    /// `exc`: a number whose meaning the provider does not publish.
    pub exc: Option<i64>,
    /// The API request that started the call (`api`).
    pub api_request: Option<ApiRequest>,
    /// The push-webhook URL the report was sent to (`pWbU`).
    pub push_webhook_url: Option<String>,
    /// The push-webhook delivery status (`pWbS`).
    pub push_webhook_status: Option<String>,
    /// Per-node details (`ndDt`), of unpublished shape.
    pub node_details: Vec<Value>,
    /// The IVR execute flow (`iExcFlw`).
    pub ivr_execute_flow: Option<String>,
    /// `chIs`: a flag whose meaning the provider does not publish.
    pub ch_is: bool,
    /// The agent-side legs (`ctcc`).
    pub agent_legs: Vec<AgentLeg>,
    /// The customer-side legs (`ctc`).
    pub customer_legs: Vec<CustomerLeg>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl Call {
    /// A call with the given id and start, and every other field empty.
    ///
    /// The printed date and time (`clDt`, `clTm`) are derived from `started_at`.
    ///
    /// Conventions the wire format implies, which a call built by hand should keep: text held in
    /// an `Option` is never empty (`None` is the empty text), agent ids are not 0 (0 means none).
    #[must_use]
    pub fn new(id: CallId, started_at: DateTime<FixedOffset>, call_type: CallType) -> Self {
        let local = started_at.with_timezone(&IST);
        let time = local.time().with_nanosecond(0).unwrap_or(local.time());
        Self {
            id,
            user_id: None,
            started_at: local,
            date: Some(local.date_naive()),
            time: Some(time),
            call_type,
            status: CallStatus::new(0),
            customer_number: PhoneNumber::new(""),
            customer_name: None,
            durations: CallDurations::default(),
            amount: 0.0,
            ivr_ids: Vec::new(),
            operator: None,
            circle: None,
            first_attended: None,
            first_agent: None,
            agent_count: 0,
            exc: None,
            api_request: None,
            push_webhook_url: None,
            push_webhook_status: None,
            node_details: Vec::new(),
            ivr_execute_flow: None,
            ch_is: false,
            agent_legs: Vec::new(),
            customer_legs: Vec::new(),
            extra: Extra::new(),
            spellings: Spellings::default(),
        }
    }

    /// Decodes one raw call document from JSON text.
    ///
    /// # Errors
    /// [`DecodeError`] naming the path of the first field that is missing or malformed.
    pub fn from_json(json: &str) -> Result<Self, DecodeError> {
        Self::try_from(parse_record::<wire::CallDocument<'_>>(json)?)
    }

    /// The call as a raw document in JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&wire::CallDocument::from(self.clone())).unwrap_or_default()
    }

    /// Every recording of the call: the agent legs' first, then the customer legs'.
    /// A recording shared by both legs (as in click-to-call) is listed once.
    pub fn recordings(&self) -> impl Iterator<Item = &RecordingLocator> {
        let agent = self
            .agent_legs
            .iter()
            .filter_map(|leg| leg.timing.recording.as_ref());
        let customer = self
            .customer_legs
            .iter()
            .filter_map(|leg| leg.timing.recording.as_ref());
        let mut seen: Vec<&RecordingLocator> = Vec::new();
        agent.chain(customer).filter(move |locator| {
            let first = !seen.contains(locator);
            seen.push(locator);
            first
        })
    }

    pub(crate) fn decode_at(
        document: wire::CallDocument<'_>,
        path: Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let id = r.read::<CallIdField>("clId", document.call_id)?;
        let started_at = r.read::<EpochMillis>("tm", document.started_at)?;
        let durations = match document.durations {
            Some(durations) => CallDurations::decode(durations, Path::Key(r.path(), "dur"))?,
            None => {
                r.note_missing("dur");
                CallDurations::default()
            }
        };
        let agent_legs = decode_list(&mut r, "ctcc", document.agent_legs, AgentLeg::decode)?;
        let customer_legs =
            decode_list(&mut r, "ctc", document.customer_legs, CustomerLeg::decode)?;
        Ok(Self {
            id,
            user_id: r.read::<UserIdField>("uid", document.user_id)?,
            started_at,
            date: r.read::<DateMonthName>("clDt", document.call_date)?,
            time: r.read::<CallClock>("clTm", document.call_time)?,
            call_type: r.read::<CallTypeField>("clTy", document.call_type)?,
            status: r.read::<StatusField>("st", document.status)?,
            customer_number: r.read::<Phone>("cNum", document.customer_number)?,
            customer_name: r.read::<OptText>("cNm", document.customer_name)?,
            durations,
            amount: r.read::<AmountField>("amt", document.amount)?,
            ivr_ids: r.read::<IvrIds>("ivrAr", document.ivr_ids)?,
            operator: r.read::<OptText>("op", document.operator)?,
            circle: r.read::<OptText>("crcl", document.circle)?,
            first_attended: r.read::<AttendantField>("fAtnd", document.first_attended)?,
            first_agent: r.read::<OptAgent>("mAgt", document.first_agent)?,
            agent_count: r.read::<Count>("tAgtCnt", document.agent_count)?,
            exc: r.read::<OptInteger>("exc", document.exc)?,
            api_request: r.read::<ApiRequestField>("api", document.api)?,
            push_webhook_url: r.read::<OptText>("pWbU", document.push_webhook_url)?,
            push_webhook_status: r.read::<OptText>("pWbS", document.push_webhook_status)?,
            node_details: r.read::<RawList>("ndDt", document.node_details)?,
            ivr_execute_flow: r.read::<OptText>("iExcFlw", document.ivr_execute_flow)?,
            ch_is: r.read::<Flag>("chIs", document.ch_is)?,
            agent_legs,
            customer_legs,
            extra: document.extra,
            spellings: r.spellings,
        })
    }
}

/// Decodes a list of nested records, remembering when the key was missing.
pub(crate) fn decode_list<W, T>(
    reader: &mut Reader<'_>,
    key: &'static str,
    items: Option<Vec<W>>,
    decode: fn(W, Path<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let Some(items) = items else {
        reader.note_missing(key);
        return Ok(Vec::new());
    };
    let list = Path::Key(reader.path(), key);
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| decode(item, Path::Index(&list, index)))
        .collect()
}

/// Writes a list of nested records, leaving it out when it was missing and is still empty.
pub(crate) fn encode_list<T, W>(
    spellings: &Spellings,
    key: &'static str,
    items: Vec<T>,
    encode: fn(T) -> W,
) -> Option<Vec<W>> {
    if items.is_empty() && spellings.was_missing(key) {
        return None;
    }
    Some(items.into_iter().map(encode).collect())
}

impl TryFrom<wire::CallDocument<'_>> for Call {
    type Error = DecodeError;

    fn try_from(document: wire::CallDocument<'_>) -> Result<Self, DecodeError> {
        Self::decode_at(document, Path::Root)
    }
}

impl From<Call> for wire::CallDocument<'static> {
    fn from(call: Call) -> Self {
        let s = &call.spellings;
        let durations = if call.durations == CallDurations::default() && s.was_missing("dur") {
            None
        } else {
            Some(call.durations.into())
        };
        let mut document = wire::CallDocument::new();
        document.ivr_execute_flow = s.write::<OptText>("iExcFlw", &call.ivr_execute_flow);
        document.ch_is = s.write::<Flag>("chIs", &call.ch_is);
        document.call_id = s.write::<CallIdField>("clId", &call.id);
        document.customer_number = s.write::<Phone>("cNum", &call.customer_number);
        document.customer_name = s.write::<OptText>("cNm", &call.customer_name);
        document.durations = durations;
        document.amount = s.write::<AmountField>("amt", &call.amount);
        document.ivr_ids = s.write::<IvrIds>("ivrAr", &call.ivr_ids);
        document.operator = s.write::<OptText>("op", &call.operator);
        document.circle = s.write::<OptText>("crcl", &call.circle);
        document.first_attended = s.write::<AttendantField>("fAtnd", &call.first_attended);
        document.exc = s.write::<OptInteger>("exc", &call.exc);
        document.user_id = s.write::<UserIdField>("uid", &call.user_id);
        document.api = s.write::<ApiRequestField>("api", &call.api_request);
        document.call_type = s.write::<CallTypeField>("clTy", &call.call_type);
        document.push_webhook_url = s.write::<OptText>("pWbU", &call.push_webhook_url);
        document.push_webhook_status = s.write::<OptText>("pWbS", &call.push_webhook_status);
        document.node_details = s.write::<RawList>("ndDt", &call.node_details);
        document.status = s.write::<StatusField>("st", &call.status);
        document.first_agent = s.write::<OptAgent>("mAgt", &call.first_agent);
        document.agent_count = s.write::<Count>("tAgtCnt", &call.agent_count);
        document.call_date = s.write::<DateMonthName>("clDt", &call.date);
        document.call_time = s.write::<CallClock>("clTm", &call.time);
        document.started_at = s.write::<EpochMillis>("tm", &call.started_at);
        document.agent_legs = encode_list(s, "ctcc", call.agent_legs, wire::AgentLeg::from);
        document.customer_legs = encode_list(s, "ctc", call.customer_legs, wire::CustomerLeg::from);
        document.extra = call.extra;
        document
    }
}
