//! The three durations of a call (`dur`).

use std::time::Duration;

use serde::Serialize;
use serde_with::{DurationSeconds, serde_as};

use crate::codecs::Hms;
use crate::extra::Extra;
use crate::record::record;
use crate::spelling::Spellings;

/// Queue, talk and agent-on-call time of a call, whole seconds.
#[serde_as]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallDurations {
    /// Time the caller waited in a queue (`dur.q`).
    #[serde_as(as = "DurationSeconds<u64>")]
    pub queue: Duration,
    /// Customer (talk) time (`dur.c`).
    #[serde_as(as = "DurationSeconds<u64>")]
    pub customer: Duration,
    /// Agent-on-call time (`dur.agtOnCl`).
    #[serde_as(as = "DurationSeconds<u64>")]
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
