//! A call in full: the domain form of the raw document (`allDetail`).

mod durations;
mod legs;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde::Serialize;
use serde_json::Value;

pub use self::durations::{CallDurations, Durations};
pub use self::legs::{AgentLeg, AgentLegRecord, CustomerLeg, CustomerLegRecord, LegTiming};
use crate::body_keys::CUSTOM_FIELDS;
use crate::call_status::CallStatus;
use crate::clock::IST;
use crate::codecs::{
    AmountField, AttendantField, CallClock, CallIdField, CallTypeField, Count, DateMonthName,
    EpochMillis, Flag, IvrIds, OptAgent, OptInteger, OptText, OriginatingRequestField, Phone,
    RawList, StatusField, UserIdField,
};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::{AgentId, CallId, UserId};
use crate::open_enum::{CallType, FirstAttendant};
use crate::originating_request::OriginatingRequest;
use crate::parse::parse_record;
use crate::phone::PhoneNumber;
use crate::record::{Blank, List, Nested, Record, decode_text, record};
use crate::recording::RecordingLocator;
use crate::response::object_data;
use crate::spelling::Spellings;

/// A recording of a call, and the leg it was found on.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct LegRecording<'a> {
    /// The leg's position among the call's legs, from 1: agent legs first, then customer legs.
    pub leg: usize,
    /// Where the recording is.
    pub locator: &'a RecordingLocator,
}

/// A call, as the raw document (`rType` `allDetail`) describes it.
///
/// Decoded from [`CallDocument`] with `TryFrom` (which names the failing field by its
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
    pub originating_request: Option<OriginatingRequest>,
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
            originating_request: None,
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
        if let Some(call) = decode_text(json) {
            return Ok(call);
        }
        Self::through_wire_record(json)
    }

    /// Decodes through the wire record only: the path that names a failing field, and the
    /// oracle the direct decoder is checked against.
    pub(crate) fn through_wire_record(json: &str) -> Result<Self, DecodeError> {
        Self::try_from(parse_record::<CallDocument<'_>>(json)?)
    }

    /// The call as a raw document in JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&CallDocument::from(self.clone())).unwrap_or_default()
    }

    /// The text of custom call-analysis field `name` (`cstm.name`), when it has some.
    #[must_use]
    pub fn custom_field(&self, name: &str) -> Option<&str> {
        match self.extra.get(CUSTOM_FIELDS)?.get(name)? {
            Value::String(text) if !text.is_empty() => Some(text),
            _ => None,
        }
    }

    /// Every custom call-analysis field (`cstm`) with a value, as text: strings as they are,
    /// numbers and flags as JSON writes them.
    pub fn custom_fields(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.extra
            .get(CUSTOM_FIELDS)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(name, value)| match value {
                Value::Null => None,
                Value::String(text) => Some((name.as_str(), Cow::Borrowed(text.as_str()))),
                other => Some((name.as_str(), Cow::Owned(other.to_string()))),
            })
    }

    /// Every recording of the call, each once, from the legs that hold them: the agent legs'
    /// first (`ctcc[].rcrd`), then the customer legs' (`ctc[].rcrd`). A recording shared by
    /// both legs (as in click-to-call) is listed at its first leg.
    ///
    /// The one place that finds a call's recordings: the recordings view, the standard view's
    /// link and the command line's downloads all start here.
    pub fn recordings(&self) -> impl Iterator<Item = LegRecording<'_>> {
        let legs = self
            .agent_legs
            .iter()
            .map(|leg| &leg.timing)
            .chain(self.customer_legs.iter().map(|leg| &leg.timing));
        let mut seen: Vec<&RecordingLocator> = Vec::new();
        legs.enumerate().filter_map(move |(index, timing)| {
            let locator = timing.recording.as_ref()?;
            if seen.contains(&locator) {
                return None;
            }
            seen.push(locator);
            Some(LegRecording {
                leg: index + 1,
                locator,
            })
        })
    }
}

impl Blank for Call {
    fn blank() -> Self {
        Self::new(
            CallId::placeholder(),
            DateTime::<FixedOffset>::default(),
            CallType::from_wire(""),
        )
    }
}

record! {
    /// A call as the provider stores it: the terse document `allDetail` returns.
    wire CallDocument => Call {
        /// IVR execute flow.
        "iExcFlw" => ivr_execute_flow: OptText,
        /// Unknown boolean.
        "chIs" => ch_is: Flag,
        /// Call id.
        "clId" => id: CallIdField,
        /// Customer number.
        "cNum" [secret] => customer_number: Phone,
        /// Customer name.
        "cNm" [secret] => customer_name: OptText,
        /// Durations.
        "dur" => durations: Nested<CallDurations> as Durations,
        /// Amount charged.
        "amt" => amount: AmountField,
        /// IVR ids; `[-1]` means none.
        "ivrAr" => ivr_ids: IvrIds,
        /// Telecom operator.
        "op" => operator: OptText,
        /// Telecom circle.
        "crcl" => circle: OptText,
        /// Who answered first.
        "fAtnd" => first_attended: AttendantField,
        /// Unknown number.
        "exc" => exc: OptInteger,
        /// Account id.
        "uid" => user_id: UserIdField,
        /// The originating API request, JSON encoded in a string.
        "api" [secret] => originating_request: OriginatingRequestField,
        /// Call type.
        "clTy" => call_type: CallTypeField,
        /// Push-webhook URL.
        "pWbU" [secret] => push_webhook_url: OptText,
        /// Push-webhook delivery status.
        "pWbS" => push_webhook_status: OptText,
        /// Per-node details.
        "ndDt" => node_details: RawList,
        /// Status code.
        "st" => status: StatusField,
        /// The agent who attended first.
        "mAgt" => first_agent: OptAgent,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Count,
        /// Call date, `22/Nov/2025`.
        "clDt" => date: DateMonthName,
        /// Call time, `4:13:18 pm`.
        "clTm" => time: CallClock,
        /// Call start, milliseconds since the Unix epoch.
        "tm" => started_at: EpochMillis,
        /// Agent-side legs.
        "ctcc" => agent_legs: List<AgentLeg> as [AgentLegRecord],
        /// Customer-side legs.
        "ctc" => customer_legs: List<CustomerLeg> as [CustomerLegRecord],
    }
}

impl Call {
    pub(crate) fn decode_at(
        document: CallDocument<'_>,
        path: crate::spelling::Path<'_>,
    ) -> Result<Self, DecodeError> {
        <Self as Record>::decode_at(document, path)
    }
}

object_data!(Call);
