//! Customer and agent phone numbers.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::mask::mask_number;

/// A phone number as the provider sent it.
///
/// The text is kept exactly, even when it is not a number at all (the provider's own example
/// sends the template placeholder `{{mobile}}`): such a call is still a call, so the number is
/// flagged through [`PhoneNumber::kind`] instead of rejected.
///
/// `Debug` and `Display` mask the number (`91********21`); [`PhoneNumber::as_str`] gives it whole.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

/// What a [`PhoneNumber`]'s text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberKind {
    /// 7 to 15 digits, optionally after a `+`: a dialable number.
    Digits,
    /// A template placeholder such as `{{mobile}}`.
    Placeholder,
    /// Empty text.
    Empty,
    /// Anything else.
    Other,
}

impl PhoneNumber {
    /// Keeps `text` as the number, whatever it looks like.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The number exactly as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but its first two and last two characters starred.
    #[must_use]
    pub fn masked(&self) -> String {
        mask_number(&self.0)
    }

    /// What the text looks like.
    #[must_use]
    pub fn kind(&self) -> NumberKind {
        let text = self.0.as_str();
        let digits = text.strip_prefix('+').unwrap_or(text);
        if text.is_empty() {
            NumberKind::Empty
        } else if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            NumberKind::Digits
        } else if text.starts_with("{{") && text.ends_with("}}") {
            NumberKind::Placeholder
        } else {
            NumberKind::Other
        }
    }

    /// Whether the text is a dialable number ([`NumberKind::Digits`]).
    #[must_use]
    pub fn is_dialable(&self) -> bool {
        self.kind() == NumberKind::Digits
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{NumberKind, PhoneNumber};

    #[test]
    fn classifies_numbers_without_rejecting_them() {
        assert_eq!(PhoneNumber::new("919000012345").kind(), NumberKind::Digits);
        assert_eq!(PhoneNumber::new("+919000012345").kind(), NumberKind::Digits);
        assert_eq!(
            PhoneNumber::new("{{mobile}}").kind(),
            NumberKind::Placeholder
        );
        assert_eq!(PhoneNumber::new("").kind(), NumberKind::Empty);
        assert_eq!(PhoneNumber::new("anonymous").kind(), NumberKind::Other);
        assert_eq!(PhoneNumber::new("12").kind(), NumberKind::Other);
    }

    #[test]
    fn debug_and_display_mask() {
        let number = PhoneNumber::new("919000012345");
        assert_eq!(format!("{number:?}"), "PhoneNumber(91********45)");
        assert_eq!(number.to_string(), "91********45");
        assert_eq!(number.as_str(), "919000012345");
    }
}
