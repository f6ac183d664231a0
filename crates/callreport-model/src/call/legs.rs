//! The legs of a call: agent side (`ctcc[]`) and customer side (`ctc[]`).

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::clock::IST;
use crate::codecs::{Clock12, CountText, DateShort, Hms, LocatorField, OptAgent, OptText, Phone};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::AgentId;
use crate::phone::PhoneNumber;
use crate::recording::RecordingLocator;
use crate::spelling::{Reader, Spellings};
use crate::wire;
use crate::wire::Scalar;

/// What both kinds of leg record: node, timings, retries and the recording.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LegTiming {
    /// The node that placed the leg (`nd`).
    pub node: Option<String>,
    /// Ring time (`rgDur`).
    #[serde(with = "crate::clock::seconds")]
    pub ring: Duration,
    /// Start date (`sDt`, `22/11/25`), India Standard Time; `None` when the leg never started.
    pub start_date: Option<NaiveDate>,
    /// Start time (`sTm`, `4:13:38 pm`), India Standard Time; `None` when the leg never started
    /// (`00:00:00` on the wire).
    pub start_time: Option<NaiveTime>,
    /// Talk time (`dur`).
    #[serde(with = "crate::clock::seconds")]
    pub talk: Duration,
    /// Call duration (`clDur`).
    #[serde(with = "crate::clock::seconds")]
    pub call_duration: Duration,
    /// Retry count (`rty`, sent as a string).
    pub retries: u32,
    /// Answer time (`ansTm`).
    #[serde(with = "crate::clock::seconds")]
    pub answer: Duration,
    /// The recording (`rcrd`); `None` when the leg was not recorded.
    pub recording: Option<RecordingLocator>,
}

impl LegTiming {
    /// When the leg started, if it did.
    #[must_use]
    pub fn started_at(&self) -> Option<DateTime<FixedOffset>> {
        let local = self.start_date?.and_time(self.start_time?);
        local.and_local_timezone(IST).single()
    }

    fn decode(r: &mut Reader<'_>, wire: LegWire<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            node: r.read::<OptText>("nd", wire.node)?,
            ring: r.read::<Hms>("rgDur", wire.ring)?,
            start_date: r.read::<DateShort>("sDt", wire.start_date)?,
            start_time: r.read::<Clock12>("sTm", wire.start_time)?,
            talk: r.read::<Hms>("dur", wire.talk)?,
            call_duration: r.read::<Hms>("clDur", wire.call_duration)?,
            retries: r.read::<CountText>("rty", wire.retries)?,
            answer: r.read::<Hms>("ansTm", wire.answer)?,
            recording: r.read::<LocatorField>("rcrd", wire.recording)?,
        })
    }

    fn encode(&self, s: &Spellings) -> LegWire<'static> {
        LegWire {
            node: s.write::<OptText>("nd", &self.node),
            ring: s.write::<Hms>("rgDur", &self.ring),
            start_date: s.write::<DateShort>("sDt", &self.start_date),
            start_time: s.write::<Clock12>("sTm", &self.start_time),
            talk: s.write::<Hms>("dur", &self.talk),
            call_duration: s.write::<Hms>("clDur", &self.call_duration),
            retries: s.write::<CountText>("rty", &self.retries),
            answer: s.write::<Hms>("ansTm", &self.answer),
            recording: s.write::<LocatorField>("rcrd", &self.recording),
        }
    }
}

/// The timing fields as both wire legs carry them.
struct LegWire<'a> {
    node: Option<Scalar<'a>>,
    ring: Option<Scalar<'a>>,
    start_date: Option<Scalar<'a>>,
    start_time: Option<Scalar<'a>>,
    talk: Option<Scalar<'a>>,
    call_duration: Option<Scalar<'a>>,
    retries: Option<Scalar<'a>>,
    answer: Option<Scalar<'a>>,
    recording: Option<Scalar<'a>>,
}

/// The timing fields of a wire leg (either kind: they share the keys), moved into a [`LegWire`].
macro_rules! timing_of {
    ($leg:ident) => {
        LegWire {
            node: $leg.node,
            ring: $leg.ring,
            start_date: $leg.start_date,
            start_time: $leg.start_time,
            talk: $leg.talk,
            call_duration: $leg.call_duration,
            retries: $leg.retries,
            answer: $leg.answer,
            recording: $leg.recording,
        }
    };
}

/// The fields of a [`LegWire`], moved into a wire leg of either kind.
macro_rules! put_timing {
    ($timing:ident, $out:ident) => {
        $out.node = $timing.node;
        $out.ring = $timing.ring;
        $out.start_time = $timing.start_time;
        $out.start_date = $timing.start_date;
        $out.talk = $timing.talk;
        $out.call_duration = $timing.call_duration;
        $out.retries = $timing.retries;
        $out.answer = $timing.answer;
        $out.recording = $timing.recording;
    };
}

/// An agent-side leg (`ctcc[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AgentLeg {
    /// The agent (`agt`).
    pub agent: Option<AgentId>,
    /// Node, timings and recording.
    #[serde(flatten)]
    pub timing: LegTiming,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl AgentLeg {
    /// A leg for `agent` with the given timings.
    #[must_use]
    pub fn new(agent: Option<AgentId>, timing: LegTiming) -> Self {
        Self {
            agent,
            timing,
            ..Self::default()
        }
    }

    pub(crate) fn decode(
        leg: wire::AgentLeg<'_>,
        path: crate::spelling::Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let agent = r.read::<OptAgent>("agt", leg.agent)?;
        let timing = LegTiming::decode(&mut r, timing_of!(leg))?;
        Ok(Self {
            agent,
            timing,
            extra: leg.extra,
            spellings: r.spellings,
        })
    }
}

impl From<AgentLeg> for wire::AgentLeg<'static> {
    fn from(leg: AgentLeg) -> Self {
        let timing = leg.timing.encode(&leg.spellings);
        let mut out = wire::AgentLeg::new();
        out.agent = leg.spellings.write::<OptAgent>("agt", &leg.agent);
        put_timing!(timing, out);
        out.extra = leg.extra;
        out
    }
}

/// A customer-side leg (`ctc[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CustomerLeg {
    /// The number dialled (`num`).
    pub number: PhoneNumber,
    /// The node type (`ndTy`).
    pub node_type: Option<String>,
    /// Node, timings and recording.
    #[serde(flatten)]
    pub timing: LegTiming,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl CustomerLeg {
    /// A leg to `number` with the given timings.
    #[must_use]
    pub fn new(number: PhoneNumber, timing: LegTiming) -> Self {
        Self {
            number,
            timing,
            ..Self::default()
        }
    }

    pub(crate) fn decode(
        leg: wire::CustomerLeg<'_>,
        path: crate::spelling::Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let number = r.read::<Phone>("num", leg.number)?;
        let node_type = r.read::<OptText>("ndTy", leg.node_type)?;
        let timing = LegTiming::decode(&mut r, timing_of!(leg))?;
        Ok(Self {
            number,
            node_type,
            timing,
            extra: leg.extra,
            spellings: r.spellings,
        })
    }
}

impl From<CustomerLeg> for wire::CustomerLeg<'static> {
    fn from(leg: CustomerLeg) -> Self {
        let timing = leg.timing.encode(&leg.spellings);
        let mut out = wire::CustomerLeg::new();
        out.number = leg.spellings.write::<Phone>("num", &leg.number);
        out.node_type = leg.spellings.write::<OptText>("ndTy", &leg.node_type);
        put_timing!(timing, out);
        out.extra = leg.extra;
        out
    }
}
