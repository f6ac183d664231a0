//! The three durations of a call (`dur`).

use std::time::Duration;

use serde::Serialize;

use crate::codecs::Hms;
use crate::extra::Extra;
use crate::record::record;
use crate::spelling::Spellings;

/// Queue, talk and agent-on-call time of a call, whole seconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallDurations {
    /// Time the caller waited in a queue (`dur.q`).
    #[serde(with = "crate::clock::seconds")]
    pub queue: Duration,
    /// Customer (talk) time (`dur.c`).
    #[serde(with = "crate::clock::seconds")]
    pub customer: Duration,
    /// Agent-on-call time (`dur.agtOnCl`).
    #[serde(with = "crate::clock::seconds")]
    pub agent_on_call: Duration,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl CallDurations {
    /// Durations with no unknown keys.
    #[must_use]
    pub fn new(queue: Duration, customer: Duration, agent_on_call: Duration) -> Self {
        Self {
            queue,
            customer,
            agent_on_call,
            ..Self::default()
        }
    }
}

record! {
    /// The three durations of a call (`dur`).
    wire Durations => CallDurations {
        /// Queue time, `HH:MM:SS`.
        "q" => queue: Hms,
        /// Customer (talk) time, `HH:MM:SS`.
        "c" => customer: Hms,
        /// Agent-on-call time, `HH:MM:SS`.
        "agtOnCl" => agent_on_call: Hms,
    }
}
