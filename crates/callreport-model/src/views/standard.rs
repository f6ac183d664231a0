//! The standard view (no `rType`).

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};
use serde_with::{DurationSeconds, serde_as};

use crate::call::Call;
use crate::codecs::{
    CallIdField, CallTypeField, Hms, OptText, Phone, ReportDateTime, SecretText, Text,
};
use crate::extra::Extra;
use crate::ids::CallId;
use crate::open_enum::CallType;
use crate::phone::PhoneNumber;
use crate::record::{Blank, record};
use crate::response::object_data;
use crate::secret::Secret;
use crate::spelling::Spellings;

/// What the standard view shows beyond the call itself.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct StandardContext<'a> {
    /// The name of the agent who attended first, if the account names its agents.
    pub agent_name: Option<&'a str>,
    /// The base URL recording links start with (`https://host`).
    pub recording_base_url: &'a str,
}

impl<'a> StandardContext<'a> {
    /// Links under `recording_base_url`, no agent name.
    #[must_use]
    pub fn new(recording_base_url: &'a str) -> Self {
        Self {
            agent_name: None,
            recording_base_url,
        }
    }

    /// Shows `name` as the agent's.
    #[must_use]
    pub fn agent_name(mut self, name: Option<&'a str>) -> Self {
        self.agent_name = name;
        self
    }
}

/// The custom call-analysis field the standard view shows as the campaign.
const CAMPAIGN: &str = "campaign";

/// The standard Call Detail view: long names, formatted values.
#[serde_as]
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
    #[serde_as(as = "DurationSeconds<u64>")]
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
}

impl StandardDetail {
    /// The standard view of `call`: its customer, start, talk time, status and type, the
    /// campaign from its custom fields, the agent's name (or `agent N`), and a link to its
    /// first recording.
    #[must_use]
    pub fn from_call(call: &Call, context: StandardContext<'_>) -> Self {
        let mut view = Self::new(call.id.clone());
        view.customer_number = call.customer_number.clone();
        view.date = Some(call.started_at);
        view.duration = call.durations.customer;
        view.status = call.status.to_string();
        view.call_type = call.call_type.clone();
        view.campaign = call.custom_field(CAMPAIGN).map(str::to_owned);
        view.agent = context
            .agent_name
            .map(str::to_owned)
            .or_else(|| call.first_agent.map(|agent| format!("agent {agent}")));
        view.recording = call
            .recordings()
            .next()
            .map(|found| Secret::new(found.locator.url(context.recording_base_url)));
        view
    }
}

impl Blank for StandardDetail {
    fn blank() -> Self {
        Self::new(CallId::placeholder())
    }
}

record! {
    /// The standard view (no `rType`): long key names, formatted values.
    wire StandardDetailRecord => StandardDetail {
        /// Call id.
        "callId" => call_id: CallIdField,
        /// Customer number.
        "customerNumber" [secret] => customer_number: Phone,
        /// Start, `YYYY-MM-DD HH:MM:SS` India Standard Time.
        "date" => date: ReportDateTime,
        /// Duration, `HH:MM:SS`.
        "duration" => duration: Hms,
        /// Status wording, such as `answered`.
        "status" => status: Text,
        /// Call type.
        "callType" => call_type: CallTypeField,
        /// Campaign name.
        "campaign" => campaign: OptText,
        /// Agent name.
        "agent" => agent: OptText,
        /// Recording URL.
        "recording" [secret] => recording: SecretText,
    }
}

object_data!(StandardDetail);
