//! The push report's legs: `nHDetail[]` (numbers dialled) to customer legs, `aHDetail[]`
//! (agents) to agent legs.

use std::time::Duration;

use chrono::Datelike;

use super::record::LegRecord;
use super::values::{seconds, text, time, whole};
use crate::call::{AgentLeg, CustomerLeg, LegTiming};
use crate::clock::SHORT_YEARS;
use crate::error::DecodeError;
use crate::ids::AgentId;
use crate::phone::PhoneNumber;

/// A leg of `nHDetail[]` at `path` as a customer leg.
pub(super) fn customer_leg(leg: &LegRecord, path: &str) -> Result<CustomerLeg, DecodeError> {
    let number = text(leg.number.as_ref(), &format!("{path}.number"), false)?;
    Ok(CustomerLeg::new(
        PhoneNumber::new(number.unwrap_or_default()),
        timing(leg, path)?,
    ))
}

/// A leg of `aHDetail[]` at `path` as an agent leg; agent 0 is no agent.
pub(super) fn agent_leg(leg: &LegRecord, path: &str) -> Result<AgentLeg, DecodeError> {
    let agent = whole(leg.agent.as_ref(), &format!("{path}.agentId"))?
        .filter(|id| *id != 0)
        .map(AgentId::new);
    Ok(AgentLeg::new(agent, timing(leg, path)?))
}

/// What both kinds of leg share. The leg starts when it was answered (`answerSTime`), as the
/// raw document's `sTm` does; its answer time is its ring time when it was answered; its call
/// duration is ring time plus answered time.
fn timing(leg: &LegRecord, path: &str) -> Result<LegTiming, DecodeError> {
    let at = |key: &str| format!("{path}.{key}");
    let ring = seconds(leg.ring.as_ref(), &at("totalRingDuration"))?;
    let answered = seconds(leg.answer_duration.as_ref(), &at("answerDuration"))?;
    let start = time(leg.answer_start.as_ref(), &at("answerSTime"))?;
    // The raw document keeps a leg's start date with two year digits (`sDt`, `09/08/25`).
    if start.is_some_and(|start| !SHORT_YEARS.contains(&start.year())) {
        return Err(DecodeError::new(
            at("answerSTime"),
            "expected a time in the years 2000 to 2099 (a leg's start date is kept with two \
             year digits)",
        ));
    }
    let retries = whole(leg.retry.as_ref(), &at("retry"))?.unwrap_or(0);
    let retries = u32::try_from(retries)
        .map_err(|_| DecodeError::new(at("retry"), "expected a retry count below 2^32"))?;
    // Validated although not kept: a leg's recording is listed again in `recordings[]`.
    text(leg.recording.as_ref(), &at("recording"), false)?;
    Ok(LegTiming {
        node: text(leg.node.as_ref(), &at("nodeId"), true)?,
        ring,
        start_date: start.map(|s| s.date()),
        start_time: start.map(|s| s.time()),
        talk: seconds(leg.talk.as_ref(), &at("talkDuration"))?,
        call_duration: ring.checked_add(answered).ok_or_else(|| {
            DecodeError::new(
                at("answerDuration"),
                "expected a ring and answer time whose sum fits in 64-bit seconds",
            )
        })?,
        retries,
        answer: if start.is_some() {
            ring
        } else {
            Duration::ZERO
        },
        recording: None,
    })
}
