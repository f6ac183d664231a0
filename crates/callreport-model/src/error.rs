//! The errors of the model: decoding responses, reading requests, checking ids and locators.

use std::fmt;

use serde_json::Value;

use crate::api_error::ApiCode;

/// A response (or part of one) that does not have the documented shape.
///
/// The path names the field (`ctcc[0].sTm`); the detail says what was expected and what came.
/// Values of personal or secret fields (numbers, recording locators) are described, never shown.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", prefix(path), detail)]
pub struct DecodeError {
    path: String,
    detail: String,
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl DecodeError {
    /// A problem at `path` (empty for the document itself).
    pub fn new(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            detail: detail.into(),
        }
    }

    /// Where in the document the problem is (`ctcc[0].sTm`); empty for the document itself.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong there.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The same problem, found below `outer` (`data` + `ctcc[0].sTm` = `data.ctcc[0].sTm`).
    #[must_use]
    pub fn within(mut self, outer: &str) -> Self {
        self.path = match (outer.is_empty(), self.path.is_empty()) {
            (true, _) => self.path,
            (false, true) => outer.to_owned(),
            (false, false) if self.path.starts_with('[') => format!("{outer}{}", self.path),
            (false, false) => format!("{outer}.{}", self.path),
        };
        self
    }

    pub(crate) fn from_json(error: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Self::new(path, without_position(error.inner()))
    }

    pub(crate) fn from_plain_json(error: &serde_json::Error) -> Self {
        Self::new("", format!("{error}"))
    }
}

/// serde's message without the echoed input that some messages carry for strings.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) if error.is_data() => text[..at].to_owned(),
        _ => text,
    }
}

/// Describes a JSON value for an error message; `echo` says whether its text may be shown.
pub(crate) fn describe(value: Option<&Value>, echo: bool) -> String {
    const SHOWN: usize = 40;
    match value {
        None => "nothing (the key is missing)".to_owned(),
        Some(Value::Null) => "null".to_owned(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) if echo => n.to_string(),
        Some(Value::Number(_)) => "a number".to_owned(),
        Some(Value::String(s)) if s.is_empty() => "an empty string".to_owned(),
        Some(Value::String(s)) if echo && s.chars().count() <= SHOWN => format!("{s:?}"),
        Some(Value::String(s)) if echo => {
            format!(
                "{:?}… ({} characters)",
                s.chars().take(SHOWN).collect::<String>(),
                s.len()
            )
        }
        Some(Value::String(s)) => format!("a string of {} characters", s.chars().count()),
        Some(Value::Array(items)) => format!("an array of {} items", items.len()),
        Some(Value::Object(map)) => format!("an object with {} keys", map.len()),
    }
}

/// Describes a wire value for an error message; `echo` says whether its text may be shown.
pub(crate) fn describe_scalar(value: Option<&crate::scalar::Scalar<'_>>, echo: bool) -> String {
    describe(value.map(crate::scalar::Scalar::to_value).as_ref(), echo)
}

/// An id that is not well formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: expected {expected}, got {got}")]
pub struct InvalidId {
    what: &'static str,
    expected: &'static str,
    got: String,
}

impl InvalidId {
    pub(crate) fn new(what: &'static str, expected: &'static str, got: &str) -> Self {
        Self {
            what,
            expected,
            got: describe(Some(&Value::String(got.to_owned())), true),
        }
    }
}

/// A request body the API must refuse, with the provider code to answer it with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The body is empty.
    #[error("the request body is empty; send a JSON object")]
    EmptyBody,
    /// The body is not a JSON object.
    #[error("the request body is not a JSON object: {detail}")]
    InvalidJson {
        /// What the JSON parser said.
        detail: String,
    },
    /// A required parameter is missing.
    #[error("{name} is required")]
    Missing {
        /// The parameter's wire name.
        name: &'static str,
    },
    /// A parameter has the wrong type or value.
    #[error("{name}: expected {expected}, got {got}")]
    Invalid {
        /// The parameter's wire name.
        name: String,
        /// What it must be.
        expected: &'static str,
        /// What came (described, never echoed for secrets).
        got: String,
    },
    /// A list parameter with more items than the API takes.
    #[error("{name}: at most {limit} items, got {got}")]
    TooLong {
        /// The parameter's wire name.
        name: &'static str,
        /// The most items it may have.
        limit: usize,
        /// How many came.
        got: usize,
    },
    /// The same key twice in one JSON object of the body.
    #[error("{name}: the key appears more than once")]
    Duplicate {
        /// The repeated key (a parameter's wire name, or a key inside one).
        name: String,
    },
    /// A parameter this API does not know.
    #[error("unknown parameter: {name}")]
    Unknown {
        /// The parameter's wire name.
        name: String,
    },
    /// No credentials: neither `ssid` nor `userId` + `token`.
    #[error("authentication is required: send ssid, or userId and token")]
    MissingAuth,
    /// `ssid` together with `token`, which the provider forbids.
    #[error("send either ssid or userId and token, not both")]
    ConflictingAuth,
}

impl RequestError {
    /// The provider code this error is answered with: 1047 for a body that is not JSON, 1000 for
    /// everything else.
    #[must_use]
    pub fn api_code(&self) -> ApiCode {
        match self {
            Self::EmptyBody | Self::InvalidJson { .. } => ApiCode::InvalidRequestData,
            _ => ApiCode::InvalidParameters,
        }
    }

    pub(crate) fn invalid(name: &str, expected: &'static str, got: &Value, echo: bool) -> Self {
        Self::Invalid {
            name: name.to_owned(),
            expected,
            got: describe(Some(got), echo),
        }
    }
}

/// Which part of a recording locator is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocatorPart {
    /// The locator as a whole (wrong number of parts).
    Whole,
    /// The access token.
    Token,
    /// The audio format.
    Format,
    /// The account id.
    UserId,
    /// The year.
    Year,
    /// The month.
    Month,
    /// The day.
    Day,
    /// The file name.
    File,
}

impl fmt::Display for LocatorPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Whole => "locator",
            Self::Token => "token",
            Self::Format => "format",
            Self::UserId => "user id",
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::File => "file name",
        })
    }
}

/// A recording locator (`rcrd`) that cannot be used safely.
///
/// The message names the part and the reason; it never shows the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("recording locator: the {part} part {reason}")]
pub struct LocatorError {
    part: LocatorPart,
    reason: &'static str,
}

impl LocatorError {
    pub(crate) fn new(part: LocatorPart, reason: &'static str) -> Self {
        Self { part, reason }
    }

    /// The part that is wrong.
    #[must_use]
    pub fn part(&self) -> LocatorPart {
        self.part
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{DecodeError, RequestError, describe};
    use crate::api_error::ApiCode;

    #[test]
    fn paths_nest() {
        let error = DecodeError::new("ctcc[0].sTm", "expected h:mm:ss am/pm, got \"25:99\"");
        assert_eq!(
            error.to_string(),
            "ctcc[0].sTm: expected h:mm:ss am/pm, got \"25:99\""
        );
        assert_eq!(error.clone().within("data").path(), "data.ctcc[0].sTm");
        assert_eq!(
            DecodeError::new("[3]", "x").within("data").path(),
            "data[3]"
        );
        assert_eq!(
            DecodeError::new("", "x").within("data").to_string(),
            "data: x"
        );
    }

    #[test]
    fn descriptions_hide_what_must_not_be_shown() {
        assert_eq!(
            describe(Some(&json!("919000012345")), false),
            "a string of 12 characters"
        );
        assert_eq!(describe(Some(&json!("25:99")), true), "\"25:99\"");
        assert_eq!(describe(None, true), "nothing (the key is missing)");
        assert_eq!(describe(Some(&json!([1, 2])), true), "an array of 2 items");
        assert!(describe(Some(&json!("x".repeat(50))), true).ends_with("(50 characters)"));
    }

    #[test]
    fn request_errors_carry_codes_and_clear_messages() {
        assert_eq!(
            RequestError::Missing { name: "clId" }.to_string(),
            "clId is required"
        );
        assert_eq!(
            RequestError::EmptyBody.api_code(),
            ApiCode::InvalidRequestData
        );
        assert_eq!(
            RequestError::ConflictingAuth.api_code(),
            ApiCode::InvalidParameters
        );
        let error = RequestError::invalid("lmt", "a whole number from 1 to 1000", &json!(0), true);
        assert_eq!(
            error.to_string(),
            "lmt: expected a whole number from 1 to 1000, got 0"
        );
    }
}
