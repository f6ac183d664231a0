//! The columns a report can show, with their stable names and default titles.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A column of a call report.
///
/// Each column has a stable snake_case [name](Column::name) (for command lines, URLs and
/// saved settings) and a default [title](Column::title) (for headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Column {
    /// `call_id`: the call id.
    CallId,
    /// `started_at`: when the call started, India Standard Time (+05:30).
    StartedAt,
    /// `call_type`: the kind of call, as the provider spells it.
    CallType,
    /// `status`: the status label (or `status N` for an unknown code).
    Status,
    /// `customer_number`: the customer's number, exactly as sent.
    CustomerNumber,
    /// `customer_name`: the customer's name.
    CustomerName,
    /// `first_agent`: the agent who attended first.
    FirstAgent,
    /// `queue_time`: time waited in a queue.
    QueueTime,
    /// `talk_time`: customer (talk) time.
    TalkTime,
    /// `agent_on_call_time`: agent-on-call time.
    AgentOnCallTime,
    /// `amount`: the amount charged, in the account's currency.
    Amount,
    /// `legs`: the number of legs, agent side and customer side together.
    Legs,
    /// `recording_url`: the playback URL of the call's first recording.
    RecordingUrl,
}

/// How a column's values are typed in formats that type cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    DateTime,
    Duration,
    Amount,
    Count,
}

impl Column {
    /// Every column, in the default order.
    pub const ALL: &'static [Self] = &[
        Self::CallId,
        Self::StartedAt,
        Self::CallType,
        Self::Status,
        Self::CustomerNumber,
        Self::CustomerName,
        Self::FirstAgent,
        Self::QueueTime,
        Self::TalkTime,
        Self::AgentOnCallTime,
        Self::Amount,
        Self::Legs,
        Self::RecordingUrl,
    ];

    /// The columns a report shows unless told otherwise: all of them, in [`Column::ALL`] order.
    pub const DEFAULT: &'static [Self] = Self::ALL;

    /// The stable snake_case name, such as `agent_on_call_time`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::CallId => "call_id",
            Self::StartedAt => "started_at",
            Self::CallType => "call_type",
            Self::Status => "status",
            Self::CustomerNumber => "customer_number",
            Self::CustomerName => "customer_name",
            Self::FirstAgent => "first_agent",
            Self::QueueTime => "queue_time",
            Self::TalkTime => "talk_time",
            Self::AgentOnCallTime => "agent_on_call_time",
            Self::Amount => "amount",
            Self::Legs => "legs",
            Self::RecordingUrl => "recording_url",
        }
    }

    /// The default header title, such as `Agent on call`.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::CallId => "Call ID",
            Self::StartedAt => "Date and time (IST)",
            Self::CallType => "Call type",
            Self::Status => "Status",
            Self::CustomerNumber => "Customer number",
            Self::CustomerName => "Customer name",
            Self::FirstAgent => "First agent",
            Self::QueueTime => "Queue time",
            Self::TalkTime => "Talk time",
            Self::AgentOnCallTime => "Agent on call",
            Self::Amount => "Amount",
            Self::Legs => "Legs",
            Self::RecordingUrl => "Recording URL",
        }
    }

    /// Finds a column by its [name](Column::name).
    ///
    /// # Errors
    /// [`Error::UnknownColumn`], listing every valid name.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .copied()
            .find(|column| column.name() == name)
            .ok_or_else(|| Error::UnknownColumn {
                name: name.to_owned(),
                valid: Self::ALL
                    .iter()
                    .map(|column| column.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    pub(crate) const fn kind(self) -> Kind {
        match self {
            Self::StartedAt => Kind::DateTime,
            Self::QueueTime | Self::TalkTime | Self::AgentOnCallTime => Kind::Duration,
            Self::Amount => Kind::Amount,
            Self::FirstAgent | Self::Legs => Kind::Count,
            Self::CallId
            | Self::CallType
            | Self::Status
            | Self::CustomerNumber
            | Self::CustomerName
            | Self::RecordingUrl => Kind::Text,
        }
    }

    /// A typical width in characters, for layouts that cannot measure every row first.
    pub(crate) const fn typical_width(self) -> usize {
        match self {
            Self::CallId => 29,
            Self::StartedAt => 19,
            Self::CallType => 9,
            Self::Status => 20,
            Self::CustomerNumber => 13,
            Self::CustomerName => 18,
            Self::FirstAgent => 6,
            Self::QueueTime | Self::TalkTime | Self::AgentOnCallTime => 8,
            Self::Amount => 8,
            Self::Legs => 4,
            Self::RecordingUrl => 40,
        }
    }

    /// Whether the column's values vary much in length (ids, labels, names, URLs).
    pub(crate) const fn is_flexible(self) -> bool {
        matches!(
            self,
            Self::CallId | Self::Status | Self::CustomerName | Self::RecordingUrl
        )
    }

    /// Whether the column's values are numbers, aligned to the right in tables.
    pub(crate) const fn is_numeric(self) -> bool {
        matches!(self.kind(), Kind::Duration | Kind::Amount | Kind::Count)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Column {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Self::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::Column;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_valid_ones() {
        for column in Column::ALL {
            assert_eq!(column.name().parse::<Column>().unwrap(), *column);
        }
        let error = "duration".parse::<Column>().unwrap_err().to_string();
        assert!(error.starts_with("unknown column `duration`; valid columns are: call_id,"));
        assert!(error.ends_with("legs, recording_url"), "{error}");
    }
}
