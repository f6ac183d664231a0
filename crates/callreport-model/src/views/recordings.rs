//! The recordings view (`rType` `rcrd`).

use serde::Serialize;

use crate::call::Call;
use crate::codecs::{AbsentText, CallIdField, LocatorField, Opt};
use crate::extra::Extra;
use crate::ids::CallId;
use crate::record::{List, record};
use crate::recording::RecordingLocator;
use crate::response::object_data;
use crate::spelling::Spellings;

/// A call's recordings: `{"rcrdAr": [{"ndId": "#3", "rcrd": "…"}]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RecordingsView {
    /// The call id (`clId`), when the provider sends it.
    pub call_id: Option<CallId>,
    /// One entry per recorded leg (`rcrdAr`).
    pub recordings: Vec<Recording>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

/// One recording of a call (`rcrdAr[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Recording {
    /// The node id of the recorded leg (`ndId`), such as `#3`.
    pub node_id: Option<String>,
    /// Where to fetch it (`rcrd`).
    pub locator: Option<RecordingLocator>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl Recording {
    /// A recording of node `node_id`.
    #[must_use]
    pub fn new(node_id: Option<String>, locator: RecordingLocator) -> Self {
        Self {
            node_id,
            locator: Some(locator),
            ..Self::default()
        }
    }
}

impl RecordingsView {
    /// A view of the given recordings.
    #[must_use]
    pub fn new(call_id: Option<CallId>, recordings: Vec<Recording>) -> Self {
        Self {
            call_id,
            recordings,
            ..Self::default()
        }
    }
}

/// Each recording of `call` once, numbered by the position of its leg among the legs (agent
/// legs first, then customer legs), as `#1`, `#2`, ….
impl From<&Call> for RecordingsView {
    fn from(call: &Call) -> Self {
        let entries = call
            .recordings()
            .map(|found| Recording::new(Some(format!("#{}", found.leg)), found.locator.clone()))
            .collect();
        Self::new(Some(call.id.clone()), entries)
    }
}

record! {
    /// The recordings view (`rType` `rcrd`).
    wire RecordingsViewRecord => RecordingsView {
        /// Call id.
        "clId" => call_id: Opt<CallIdField>,
        /// One entry per recorded leg.
        "rcrdAr" => recordings: List<Recording> as [RecordingEntry],
    }
}

record! {
    /// One recording (`rcrdAr[]`).
    wire RecordingEntry => Recording {
        /// Node id of the recorded leg, such as `#3`.
        "ndId" => node_id: AbsentText,
        /// Recording locator.
        "rcrd" [secret] => locator: LocatorField,
    }
}

object_data!(RecordingsView);
