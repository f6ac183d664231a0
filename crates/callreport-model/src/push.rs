//! The push report: the call report the provider POSTs to a configured URL after each call, with
//! long field names, decoded into the domain [`Call`].
//!
//! It comes as a JSON body, or as the form field `push_report=<json>`
//! (`application/x-www-form-urlencoded`). Times are `YYYY-MM-DD HH:MM:SS`, India Standard Time
//! (+05:30); `0000-00-00 00:00:00` means none. Durations are whole seconds.
//!
//! # Mapping
//!
//! | push field | domain | confidence |
//! |---|---|---|
//! | `callId` | [`Call::id`] | high |
//! | `userId` | [`Call::user_id`] | high |
//! | `cType` | [`Call::call_type`] | high |
//! | `callStatus` | [`Call::status`] | high |
//! | `cNumber` | [`Call::customer_number`] | high |
//! | `ivrSTime` | [`Call::started_at`] (and the printed date and time) | high |
//! | `talkDuration` | [`CallDurations::customer`](crate::CallDurations) | medium |
//! | `agentOnCallDuration` | [`CallDurations::agent_on_call`](crate::CallDurations) | medium |
//! | `totalCreditsUsed.amount` | [`Call::amount`] | medium |
//! | `ivrIdArr[]` | [`Call::ivr_ids`] | medium |
//! | `firstAttended` | [`Call::first_attended`] (`from`/`to`, empty = nobody) | high |
//! | `masterAgent` | [`Call::first_agent`] (empty or 0 = none) | medium |
//! | `excAdm` | [`Call::exc`] | low (a guess from the name) |
//! | `api_para` | [`Call::originating_request`] | high |
//! | `ivrExecuteFlow` | [`Call::ivr_execute_flow`] | medium |
//! | `nHDetail[]` | [`Call::customer_legs`] | medium |
//! | `aHDetail[]` | [`Call::agent_legs`]; the agent from `agentId` | low (no sample has agent legs) |
//! | `aHDetail[]` | [`Call::agent_count`]: the number of distinct agents | low |
//! | `firstAnswerTime` | [`PushReport::first_answer_at`] (the domain has no field) | high |
//! | `recordings[]` | [`PushReport::recordings`]; see below | high |
//!
//! Each leg: `number` is the customer leg's number (high), `agentId` the agent leg's agent
//! (low), `nodeId` the node (medium), `totalRingDuration` the ring time (high), `answerSTime`
//! the start (medium: the raw document's legs start when answered), `talkDuration` the talk
//! time (high), `totalRingDuration` + `answerDuration` the call duration (low), the ring time
//! again as the answer time when the leg was answered (low), `retry` the retries (high).
//!
//! Not kept in the call (the domain has no field for them; they stay in
//! [`PushReport::unmapped`]): `ivrETime`, `ivrDuration`, `lastHangupTime`, `lastFirstDuration`,
//! `custAnswerSTime`/`ETime`/`Duration`, `masterNumCTC`, `masterAgentNumber`, `masterGroupId`,
//! `campId`, `did`, `contactListData`, `HangupBySourceDetected`, `forward`, `totalHoldDuration`,
//! `totalCreditsUsed.freeHit`/`paidHit`, `aAnsH`, `aH`, `nH`, `voiceMail`, `DTMF`, `cliArr`,
//! `modules`, `callDisposition`, `callBack`, and the legs' `CTC`, `status`, `ping`, `visitId`,
//! `talkSTime`/`ETime`, `answerETime`, `totalHoldDuration`, `cli`, `recording`, `recordingUrl`.
//! The queue time has no push field and is zero.
//!
//! # Recordings
//!
//! The push report names recordings by file path (`/202508/<file>.mp3`), without the access
//! token a [`RecordingLocator`](crate::RecordingLocator) starts with, so the call's legs get no
//! locator: a locator made up here would carry no valid token, and its link would not play. The
//! paths are kept in [`PushReport::recordings`] for whoever wants the files; a later read of the
//! call from the provider (`detail`, as `sync` does) brings the locators and replaces the call.

mod legs;
mod record;
mod recording;
mod values;

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde_json::Value;

pub(crate) use self::record::KEYS;
use self::record::PushRecord;
pub use self::recording::PushRecording;
use self::values::{amount, required_text, seconds, text, time, whole};
use crate::call::{Call, CallDurations};
use crate::call_status::CallStatus;
use crate::clock::IST;
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::{AgentId, CallId, UserId};
use crate::open_enum::{CallType, FirstAttendant};
use crate::originating_request::OriginatingRequest;
use crate::phone::PhoneNumber;

/// The form field that carries the report in a form delivery.
pub const PUSH_FORM_FIELD: &str = "push_report";

/// The text the receiver answers a stored push report with; the provider verifies the URL by it.
pub const PUSH_ACKNOWLEDGEMENT: &str = "GODBLESSYOU";

/// A push report, decoded and checked: the call it describes and what the call cannot hold.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PushReport {
    /// The call.
    pub call: Call,
    /// When the call was first answered (`firstAnswerTime`), if it was.
    pub first_answer_at: Option<DateTime<FixedOffset>>,
    /// The recordings (`recordings[]`), by file path.
    pub recordings: Vec<PushRecording>,
    /// The report's keys the call does not keep.
    pub unmapped: Extra,
}

impl PushReport {
    /// Decodes a delivery by its `Content-Type`: the form field [`PUSH_FORM_FIELD`] for
    /// `application/x-www-form-urlencoded`, JSON otherwise. A form-typed body that is a JSON
    /// object (as some senders label every POST) is read as JSON.
    ///
    /// # Errors
    /// [`DecodeError`] naming the path of the first field that is missing or malformed.
    pub fn decode(content_type: Option<&str>, body: &[u8]) -> Result<Self, DecodeError> {
        let media_type = content_type
            .and_then(|value| value.split(';').next())
            .map(str::trim)
            .unwrap_or_default();
        let looks_like_json = body.trim_ascii_start().starts_with(b"{");
        if media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") && !looks_like_json
        {
            Self::from_form(body)
        } else {
            Self::from_json(body)
        }
    }

    /// Decodes a form body whose field [`PUSH_FORM_FIELD`] holds the report as JSON.
    ///
    /// # Errors
    /// [`DecodeError`] at `push_report` when the field is missing, or naming the path of the
    /// first field of the report that is missing or malformed.
    pub fn from_form(body: &[u8]) -> Result<Self, DecodeError> {
        let json = form_urlencoded::parse(body)
            .find(|(name, _)| name == PUSH_FORM_FIELD)
            .map(|(_, value)| value)
            .ok_or_else(|| DecodeError::new(PUSH_FORM_FIELD, "the form field is missing"))?;
        Self::from_json(json.as_bytes()).map_err(|error| error.within(PUSH_FORM_FIELD))
    }

    /// Decodes a JSON body.
    ///
    /// # Errors
    /// [`DecodeError`] naming the path of the first field that is missing or malformed.
    pub fn from_json(body: &[u8]) -> Result<Self, DecodeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(DecodeError::new("", "the body is empty"));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let record: PushRecord = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| DecodeError::from_json(&error))?;
        deserializer
            .end()
            .map_err(|error| DecodeError::from_plain_json(&error))?;
        Self::from_record(record)
    }

    fn from_record(record: PushRecord) -> Result<Self, DecodeError> {
        let call = call_of(&record)?;
        let first_answer_at = local(time(record.first_answer.as_ref(), "firstAnswerTime")?);
        let mut recordings = Vec::new();
        for (index, item) in record.recordings.iter().flatten().enumerate() {
            let path = format!("recordings[{index}]");
            let file = required_text(item.file.as_ref(), &format!("{path}.file"))?;
            let mut recording = PushRecording::new(file);
            recording.node = text(item.node.as_ref(), &format!("{path}.nodeid"), true)?;
            recording.started_at = local(time(item.time.as_ref(), &format!("{path}.time"))?);
            recordings.push(recording);
        }
        let mut unmapped = Extra::new();
        for (key, value) in record.extra {
            unmapped.insert(key, value);
        }
        Ok(Self {
            call,
            first_answer_at,
            recordings,
            unmapped,
        })
    }
}

/// A local time in India Standard Time.
fn local(time: Option<NaiveDateTime>) -> Option<DateTime<FixedOffset>> {
    time.and_then(|time| time.and_local_timezone(IST).single())
}

fn call_of(record: &PushRecord) -> Result<Call, DecodeError> {
    let id = required_text(record.call_id.as_ref(), "callId")?;
    let id = CallId::new(id).map_err(|error| DecodeError::new("callId", error.to_string()))?;
    let started_at = local(time(record.ivr_start.as_ref(), "ivrSTime")?)
        .ok_or_else(|| DecodeError::new("ivrSTime", "required: the call's start time"))?;
    let call_type = text(record.call_type.as_ref(), "cType", true)?.unwrap_or_default();
    let mut call = Call::new(id, started_at, CallType::from_wire(&call_type));
    call.user_id = text(record.user_id.as_ref(), "userId", true)?
        .map(|id| UserId::new(id).map_err(|error| DecodeError::new("userId", error.to_string())))
        .transpose()?;
    let status = whole(record.call_status.as_ref(), "callStatus")?.unwrap_or(0);
    let status = u16::try_from(status)
        .map_err(|_| DecodeError::new("callStatus", "expected a status code below 65536"))?;
    call.status = CallStatus::new(status);
    let number = text(record.customer_number.as_ref(), "cNumber", false)?;
    call.customer_number = PhoneNumber::new(number.unwrap_or_default());
    call.durations = CallDurations::new(
        Duration::ZERO,
        seconds(record.talk.as_ref(), "talkDuration")?,
        seconds(record.agent_on_call.as_ref(), "agentOnCallDuration")?,
    );
    let credits = record.credits.as_ref().and_then(|c| c.amount.as_ref());
    call.amount = amount(credits, "totalCreditsUsed.amount")?;
    call.ivr_ids = ivr_ids(record.ivr_ids.as_deref().unwrap_or_default())?;
    call.first_attended = text(record.first_attended.as_ref(), "firstAttended", true)?
        .map(|who| FirstAttendant::from_wire(&who));
    call.first_agent = whole(record.master_agent.as_ref(), "masterAgent")?
        .filter(|id| *id != 0)
        .map(AgentId::new);
    call.exc =
        whole(record.exc.as_ref(), "excAdm")?.map(|exc| i64::try_from(exc).unwrap_or(i64::MAX));
    call.originating_request = originating_request(record.api.as_ref())?;
    call.ivr_execute_flow = match &record.ivr_execute_flow {
        None | Some(Value::Null) => None,
        Some(Value::String(flow)) => Some(flow.clone()).filter(|flow| !flow.is_empty()),
        Some(other) => Some(other.to_string()),
    };
    for (index, leg) in record.number_legs.iter().flatten().enumerate() {
        let leg = legs::customer_leg(leg, &format!("nHDetail[{index}]"))?;
        call.customer_legs.push(leg);
    }
    for (index, leg) in record.agent_legs.iter().flatten().enumerate() {
        let leg = legs::agent_leg(leg, &format!("aHDetail[{index}]"))?;
        call.agent_legs.push(leg);
    }
    let agents: BTreeSet<AgentId> = call.agent_legs.iter().filter_map(|leg| leg.agent).collect();
    call.agent_count = u32::try_from(agents.len()).unwrap_or(u32::MAX);
    Ok(call)
}

fn ivr_ids(items: &[Value]) -> Result<Vec<i64>, DecodeError> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let path = format!("ivrIdArr[{index}]");
            let id = whole(Some(item), &path)?.unwrap_or(0);
            i64::try_from(id).map_err(|_| DecodeError::new(path, "expected an IVR id"))
        })
        .collect()
}

/// `api_para`: an object (the request's parameters), or the same encoded in a string.
fn originating_request(value: Option<&Value>) -> Result<Option<OriginatingRequest>, DecodeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(object)) if object.is_empty() => Ok(None),
        Some(Value::Object(object)) => Ok(Some(OriginatingRequest::from_object(object))),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(OriginatingRequest::from_raw(text.clone()))),
        Some(other) => Err(DecodeError::new(
            "api_para",
            format!(
                "expected an object, got {}",
                crate::error::describe(Some(other), false)
            ),
        )),
    }
}
