//! The legs of a call: agent side (`ctcc[]`) and customer side (`ctc[]`).

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::Serialize;
use serde_with::{DurationSeconds, serde_as};

use crate::clock::IST;
use crate::codecs::{Clock12, CountText, DateShort, Hms, LocatorField, OptAgent, OptText, Phone};
use crate::extra::Extra;
use crate::ids::AgentId;
use crate::phone::PhoneNumber;
use crate::record::record;
use crate::recording::RecordingLocator;
use crate::spelling::Spellings;

/// What both kinds of leg record: node, timings, retries and the recording.
#[serde_as]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LegTiming {
    /// The node that placed the leg (`nd`).
    pub node: Option<String>,
    /// Ring time (`rgDur`).
    #[serde_as(as = "DurationSeconds<u64>")]
    pub ring: Duration,
    /// Start date (`sDt`, `22/11/25`), India Standard Time; `None` when the leg never started.
    pub start_date: Option<NaiveDate>,
    /// Start time (`sTm`, `4:13:38 pm`), India Standard Time; `None` when the leg never started
    /// (`00:00:00` on the wire).
    pub start_time: Option<NaiveTime>,
    /// Talk time (`dur`).
    #[serde_as(as = "DurationSeconds<u64>")]
    pub talk: Duration,
    /// Call duration (`clDur`).
    #[serde_as(as = "DurationSeconds<u64>")]
    pub call_duration: Duration,
    /// Retry count (`rty`, sent as a string).
    pub retries: u32,
    /// Answer time (`ansTm`).
    #[serde_as(as = "DurationSeconds<u64>")]
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
}

/// Declares a leg record: its own fields, and the timing fields both kinds of leg share, spliced
/// in after the node (`nd`) where the provider writes them.
macro_rules! leg_record {
    (
        $(#[$meta:meta])*
        wire $wire:ident => $domain:ty {
            before node { $($before:tt)* }
            after node { $($after:tt)* }
        }
    ) => {
        record! {
            $(#[$meta])*
            wire $wire => $domain {
                $($before)*
                /// Node.
                "nd" => node in timing: OptText,
                $($after)*
                /// Ring time, `HH:MM:SS`.
                "rgDur" => ring in timing: Hms,
                /// Start time, `4:13:38 pm`.
                "sTm" => start_time in timing: Clock12,
                /// Start date, `22/11/25`.
                "sDt" => start_date in timing: DateShort,
                /// Talk time, `HH:MM:SS`.
                "dur" => talk in timing: Hms,
                /// Call duration, `HH:MM:SS`.
                "clDur" => call_duration in timing: Hms,
                /// Retry count, as a string.
                "rty" => retries in timing: CountText,
                /// Answer time, `HH:MM:SS`.
                "ansTm" => answer in timing: Hms,
                /// Recording locator.
                "rcrd" [secret] => recording in timing: LocatorField,
            }
        }
    };
}

leg_record! {
    /// An agent-side leg (`ctcc[]`).
    wire AgentLegRecord => AgentLeg {
        before node {
            /// Agent id.
            "agt" => agent: OptAgent,
        }
        after node {}
    }
}

leg_record! {
    /// A customer-side leg (`ctc[]`).
    wire CustomerLegRecord => CustomerLeg {
        before node {
            /// Customer number dialled.
            "num" [secret] => number: Phone,
        }
        after node {
            /// Node type.
            "ndTy" => node_type: OptText,
        }
    }
}
