//! The recordings view (`rType` `rcrd`).

use serde::Serialize;

use crate::call::{decode_list, encode_list};
use crate::codecs::{AbsentText, LocatorField, OptCallIdField};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::CallId;
use crate::recording::RecordingLocator;
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

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

    fn decode(entry: wire::RecordingEntry<'_>, path: Path<'_>) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        Ok(Self {
            node_id: r.read::<AbsentText>("ndId", entry.node_id)?,
            locator: r.read::<LocatorField>("rcrd", entry.recording)?,
            extra: entry.extra,
            spellings: r.spellings,
        })
    }
}

impl From<Recording> for wire::RecordingEntry<'static> {
    fn from(entry: Recording) -> Self {
        let s = &entry.spellings;
        let mut out = wire::RecordingEntry::new();
        out.node_id = s.write::<AbsentText>("ndId", &entry.node_id);
        out.recording = s.write::<LocatorField>("rcrd", &entry.locator);
        out.extra = entry.extra;
        out
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

    pub(crate) fn decode(
        view: wire::RecordingsView<'_>,
        path: Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        let recordings = decode_list(&mut r, "rcrdAr", view.recordings, Recording::decode)?;
        Ok(Self {
            call_id: r.read::<OptCallIdField>("clId", view.call_id)?,
            recordings,
            extra: view.extra,
            spellings: r.spellings,
        })
    }
}

impl TryFrom<wire::RecordingsView<'_>> for RecordingsView {
    type Error = DecodeError;

    fn try_from(view: wire::RecordingsView<'_>) -> Result<Self, DecodeError> {
        Self::decode(view, Path::Root)
    }
}

impl From<RecordingsView> for wire::RecordingsView<'static> {
    fn from(view: RecordingsView) -> Self {
        let s = &view.spellings;
        let mut out = wire::RecordingsView::new();
        out.call_id = s.write::<OptCallIdField>("clId", &view.call_id);
        out.recordings = encode_list(s, "rcrdAr", view.recordings, wire::RecordingEntry::from);
        out.extra = view.extra;
        out
    }
}
