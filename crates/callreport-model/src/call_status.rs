//! Call status codes (`st`).

use std::fmt;

use serde::Serialize;

/// A call's status code (`st`).
///
/// Any number is kept; [`CallStatus::label`] names the codes the provider's click-to-call
/// wording is known for ("from" is the leg dialled first, "to" the second).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CallStatus(u16);

const LABELS: [(u16, &str); 19] = [
    (3, "both answered"),
    (4, "to answered, from unanswered"),
    (5, "to answered"),
    (6, "to unanswered, from answered"),
    (7, "from unanswered"),
    (8, "to unanswered"),
    (9, "both unanswered"),
    (10, "from answered"),
    (11, "rejected"),
    (12, "skipped"),
    (13, "from failed"),
    (14, "to failed, from answered"),
    (15, "to failed"),
    (16, "to answered, from failed"),
    (17, "from busy"),
    (18, "to answered, from not found"),
    (19, "to unanswered, from busy"),
    (20, "to hung up in queue"),
    (21, "to hung up"),
];

impl CallStatus {
    /// Both legs answered (3).
    pub const BOTH_ANSWERED: Self = Self(3);
    /// Neither leg answered (9).
    pub const BOTH_UNANSWERED: Self = Self(9);

    /// Wraps a status code.
    #[must_use]
    pub const fn new(code: u16) -> Self {
        Self(code)
    }

    /// The numeric code.
    #[must_use]
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The provider's wording for the code, if known.
    #[must_use]
    pub fn label(self) -> Option<&'static str> {
        LABELS
            .iter()
            .find(|(code, _)| *code == self.0)
            .map(|(_, label)| *label)
    }

    /// Every code with a known label, in order.
    pub fn known() -> impl Iterator<Item = Self> {
        LABELS.iter().map(|(code, _)| Self(*code))
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.label() {
            Some(label) => f.write_str(label),
            None => write!(f, "status {}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CallStatus;

    #[test]
    fn labels() {
        assert_eq!(CallStatus::BOTH_ANSWERED.label(), Some("both answered"));
        assert_eq!(CallStatus::new(21).to_string(), "to hung up");
        assert_eq!(CallStatus::new(1).to_string(), "status 1");
        assert_eq!(CallStatus::known().count(), 19);
    }
}
