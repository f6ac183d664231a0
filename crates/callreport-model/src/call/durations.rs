//! The three durations of a call (`dur`).

use std::time::Duration;

use serde::Serialize;

use crate::codecs::Hms;
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

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

    pub(crate) fn decode(wire: wire::Durations<'_>, path: Path<'_>) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        Ok(Self {
            queue: r.read::<Hms>("q", wire.queue)?,
            customer: r.read::<Hms>("c", wire.customer)?,
            agent_on_call: r.read::<Hms>("agtOnCl", wire.agent_on_call)?,
            extra: wire.extra,
            spellings: r.spellings,
        })
    }
}

impl From<CallDurations> for wire::Durations<'static> {
    fn from(durations: CallDurations) -> Self {
        let s = &durations.spellings;
        let mut out = wire::Durations::new();
        out.queue = s.write::<Hms>("q", &durations.queue);
        out.customer = s.write::<Hms>("c", &durations.customer);
        out.agent_on_call = s.write::<Hms>("agtOnCl", &durations.agent_on_call);
        out.extra = durations.extra;
        out
    }
}
