//! The standard view (no `rType`).

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};

use crate::codecs::{CallIdField, CallTypeField, Hms, OptText, Phone, ReportDateTime, Text};
use crate::error::DecodeError;
use crate::extra::Extra;
use crate::ids::CallId;
use crate::open_enum::CallType;
use crate::phone::PhoneNumber;
use crate::secret::Secret;
use crate::spelling::{Path, Reader, Spellings};
use crate::wire;

/// The standard Call Detail view: long names, formatted values.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StandardDetail {
    /// The call id (`callId`).
    pub call_id: CallId,
    /// The customer's number (`customerNumber`).
    pub customer_number: PhoneNumber,
    /// When the call started (`date`, `YYYY-MM-DD HH:MM:SS` India Standard Time), in +05:30.
    pub date: Option<DateTime<FixedOffset>>,
    /// The call's duration (`duration`, `HH:MM:SS`).
    #[serde(with = "crate::clock::seconds")]
    pub duration: Duration,
    /// The status wording (`status`), such as `answered`.
    pub status: String,
    /// The kind of call (`callType`).
    pub call_type: CallType,
    /// The campaign (`campaign`).
    pub campaign: Option<String>,
    /// The agent's name (`agent`).
    pub agent: Option<String>,
    /// The recording URL (`recording`); it may carry an access token.
    #[serde(serialize_with = "exposed")]
    pub recording: Option<Secret>,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

fn exposed<S: Serializer>(value: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
    value.as_ref().map(Secret::expose).serialize(serializer)
}

impl StandardDetail {
    /// A standard view of `call_id` with every other field empty.
    #[must_use]
    pub fn new(call_id: CallId) -> Self {
        Self {
            call_id,
            customer_number: PhoneNumber::default(),
            date: None,
            duration: Duration::ZERO,
            status: String::new(),
            call_type: CallType::from_wire(""),
            campaign: None,
            agent: None,
            recording: None,
            extra: Extra::new(),
            spellings: Spellings::default(),
        }
    }

    pub(crate) fn decode(
        view: wire::StandardDetail<'_>,
        path: Path<'_>,
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(path);
        Ok(Self {
            call_id: r.read::<CallIdField>("callId", view.call_id)?,
            customer_number: r.read::<Phone>("customerNumber", view.customer_number)?,
            date: r.read::<ReportDateTime>("date", view.date)?,
            duration: r.read::<Hms>("duration", view.duration)?,
            status: r.read::<Text>("status", view.status)?,
            call_type: r.read::<CallTypeField>("callType", view.call_type)?,
            campaign: r.read::<OptText>("campaign", view.campaign)?,
            agent: r.read::<OptText>("agent", view.agent)?,
            recording: r
                .read::<OptText>("recording", view.recording)?
                .map(Secret::new),
            extra: view.extra,
            spellings: r.spellings,
        })
    }
}

impl TryFrom<wire::StandardDetail<'_>> for StandardDetail {
    type Error = DecodeError;

    fn try_from(view: wire::StandardDetail<'_>) -> Result<Self, DecodeError> {
        Self::decode(view, Path::Root)
    }
}

impl From<StandardDetail> for wire::StandardDetail<'static> {
    fn from(view: StandardDetail) -> Self {
        let s = &view.spellings;
        let recording = view.recording.as_ref().map(|url| url.expose().to_owned());
        let mut out = wire::StandardDetail::new();
        out.call_id = s.write::<CallIdField>("callId", &view.call_id);
        out.customer_number = s.write::<Phone>("customerNumber", &view.customer_number);
        out.date = s.write::<ReportDateTime>("date", &view.date);
        out.duration = s.write::<Hms>("duration", &view.duration);
        out.status = s.write::<Text>("status", &view.status);
        out.call_type = s.write::<CallTypeField>("callType", &view.call_type);
        out.campaign = s.write::<OptText>("campaign", &view.campaign);
        out.agent = s.write::<OptText>("agent", &view.agent);
        out.recording = s.write::<OptText>("recording", &recording);
        out.extra = view.extra;
        out
    }
}
