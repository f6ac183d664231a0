//! Errors the API answers with: `{"status":"error","message":…,"code":N}`.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::body_keys::{CODE, MESSAGE, STATUS};
use crate::extra::Extra;

/// The provider's error code: the documented ones, and any other number or text kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiCode {
    /// 1000: a parameter is missing or invalid, or the authentication is.
    InvalidParameters,
    /// 1009: something went wrong on the server; retry.
    SomethingWentWrong,
    /// 1010: the server's database is unavailable; retry later.
    DatabaseUnavailable,
    /// 1014: the token or session is invalid or expired.
    InvalidToken,
    /// 1015: the account lacks the `LIST_CALL_LOG` permission.
    PermissionDenied,
    /// 1047: the body is empty or not JSON.
    InvalidRequestData,
    /// A code this version does not know; `Display` shows it.
    #[doc(hidden)]
    Unknown(UnknownCode),
}

/// The text of an unknown code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownCode(String);

const KNOWN: [(ApiCode, u32, &str); 6] = [
    (ApiCode::InvalidParameters, 1000, "Invalid parameters"),
    (ApiCode::SomethingWentWrong, 1009, "Something went wrong"),
    (ApiCode::DatabaseUnavailable, 1010, "Error in DB connect"),
    (ApiCode::InvalidToken, 1014, "Invalid token"),
    (ApiCode::PermissionDenied, 1015, "Permission denied"),
    (ApiCode::InvalidRequestData, 1047, "Invalid Request Data"),
];

impl ApiCode {
    /// The code for a number.
    #[must_use]
    pub fn from_number(number: u32) -> Self {
        KNOWN.iter().find(|(_, n, _)| *n == number).map_or_else(
            || Self::Unknown(UnknownCode(number.to_string())),
            |(code, _, _)| code.clone(),
        )
    }

    /// The code for a text: a number in text is that number's code.
    #[must_use]
    pub fn from_text(text: &str) -> Self {
        match text.trim().parse::<u32>() {
            Ok(number) => Self::from_number(number),
            Err(_) => Self::Unknown(UnknownCode(text.to_owned())),
        }
    }

    /// The numeric code, when it is a number.
    #[must_use]
    pub fn number(&self) -> Option<u32> {
        match self {
            Self::Unknown(UnknownCode(text)) => text.parse().ok(),
            known => KNOWN
                .iter()
                .find(|(code, _, _)| code == known)
                .map(|(_, n, _)| *n),
        }
    }

    /// The provider's standard message for the code.
    #[must_use]
    pub fn default_message(&self) -> Option<&'static str> {
        KNOWN
            .iter()
            .find(|(code, _, _)| code == self)
            .map(|(_, _, message)| *message)
    }

    /// Whether the same request may succeed later: true for 1009 and 1010.
    #[must_use]
    pub fn retryable(&self) -> bool {
        matches!(self, Self::SomethingWentWrong | Self::DatabaseUnavailable)
    }

    /// What a caller can do about it.
    #[must_use]
    pub fn advice(&self) -> &'static str {
        match self {
            Self::InvalidParameters => "check the request's parameters and credentials",
            Self::SomethingWentWrong => "retry the request, or contact support if it persists",
            Self::DatabaseUnavailable => "retry after some time",
            Self::InvalidToken => "generate a new token, or use a valid ssid",
            Self::PermissionDenied => "ask an admin to grant the LIST_CALL_LOG permission",
            Self::InvalidRequestData => "send a JSON object as the request body",
            Self::Unknown(_) => "see the provider's documentation for this code",
        }
    }

    fn wire_value(&self) -> Value {
        match (self, self.number()) {
            (_, Some(number)) => Value::from(number),
            (Self::Unknown(UnknownCode(text)), None) => Value::String(text.clone()),
            (_, None) => Value::Null,
        }
    }
}

impl fmt::Display for ApiCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.number()) {
            (_, Some(number)) => write!(f, "{number}"),
            (Self::Unknown(UnknownCode(text)), None) => f.write_str(text),
            (_, None) => f.write_str("?"),
        }
    }
}

impl Serialize for ApiCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.wire_value().serialize(serializer)
    }
}

/// An error answered by the API.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[error("API error {code}: {message} ({})", code.advice())]
#[non_exhaustive]
pub struct ApiError {
    /// The provider's code.
    pub code: ApiCode,
    /// The provider's message.
    pub message: String,
    /// Other keys of the error body.
    pub extra: Extra,
    #[serde(skip)]
    code_text: Option<Value>,
}

impl ApiError {
    /// An error with the code's standard message.
    #[must_use]
    pub fn new(code: ApiCode) -> Self {
        let message = code.default_message().unwrap_or("Error").to_owned();
        Self {
            code,
            message,
            extra: Extra::new(),
            code_text: None,
        }
    }

    /// An error with a specific message.
    #[must_use]
    pub fn with_message(code: ApiCode, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::new(code)
        }
    }

    /// Whether the same request may succeed later (1009, 1010).
    #[must_use]
    pub fn retryable(&self) -> bool {
        self.code.retryable()
    }

    /// Reads an error body's fields (everything but `status`, which the caller checked).
    pub(crate) fn from_fields(mut fields: Extra) -> Self {
        let raw_code = fields.remove(CODE);
        let (code, code_text) = match &raw_code {
            Some(Value::Number(n)) => {
                let code = n.as_u64().and_then(|n| u32::try_from(n).ok()).map_or_else(
                    || ApiCode::Unknown(UnknownCode(n.to_string())),
                    ApiCode::from_number,
                );
                let canonical = code.wire_value() == *raw_code.as_ref().unwrap_or(&Value::Null);
                (code, (!canonical).then(|| raw_code.clone()).flatten())
            }
            Some(Value::String(s)) => {
                let code = ApiCode::from_text(s);
                let canonical = code.wire_value() == Value::String(s.clone());
                (code, (!canonical).then(|| raw_code.clone()).flatten())
            }
            _ => (
                ApiCode::Unknown(UnknownCode(String::new())),
                raw_code.clone(),
            ),
        };
        let message = match fields.remove(MESSAGE) {
            Some(Value::String(text)) => text,
            Some(other) => {
                fields.insert(MESSAGE, other);
                String::new()
            }
            None => String::new(),
        };
        let code_text = code_text.or_else(|| raw_code.is_none().then_some(Value::Null));
        Self {
            code,
            message,
            extra: fields,
            code_text,
        }
    }

    /// The error body: `{"status":"error","message":…,"code":…}` and any other keys.
    #[must_use]
    pub fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert(STATUS.into(), Value::from("error"));
        body.insert(MESSAGE.into(), Value::from(self.message.clone()));
        let code = match &self.code_text {
            Some(Value::Null) => None,
            Some(original) if ApiCode::from_text(&json_text(original)) == self.code => {
                Some(original.clone())
            }
            // A code that was neither a number nor text (an object, a list) is read as the
            // empty unknown code: written back as it came, unless the code was changed since.
            Some(original)
                if !original.is_number()
                    && !original.is_string()
                    && self.code == ApiCode::Unknown(UnknownCode(String::new())) =>
            {
                Some(original.clone())
            }
            _ => Some(self.code.wire_value()),
        };
        if let Some(code) = code {
            body.insert(CODE.into(), code);
        }
        self.extra.write_into(&mut body);
        body
    }
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{ApiCode, ApiError};
    use crate::extra::Extra;

    fn fields(value: Value) -> Extra {
        value.as_object().unwrap().clone().into_iter().collect()
    }

    #[test]
    fn codes_as_numbers_or_text() {
        assert_eq!(ApiCode::from_text("1014"), ApiCode::InvalidToken);
        assert_eq!(ApiCode::from_number(1010), ApiCode::DatabaseUnavailable);
        let unknown = ApiCode::from_number(4242);
        assert_eq!(unknown.number(), Some(4242));
        assert_eq!(unknown.to_string(), "4242");
        assert!(!unknown.retryable());
        assert!(ApiCode::SomethingWentWrong.retryable());
        assert_eq!(ApiCode::from_text("E_OOPS").to_string(), "E_OOPS");
    }

    #[test]
    fn error_bodies_round_trip() {
        for body in [
            json!({"status": "error", "message": "Invalid token", "code": 1014}),
            json!({"status": "error", "message": "Invalid token", "code": "1014"}),
            json!({"status": "error", "message": "x", "code": "E_OOPS", "hint": 1}),
            json!({"status": "error", "message": "no code"}),
        ] {
            let mut rest = fields(body.clone());
            rest.remove("status");
            let error = ApiError::from_fields(rest);
            assert_eq!(Value::Object(error.to_body()), body);
        }
    }

    #[test]
    fn display_says_what_to_do() {
        let error = ApiError::new(ApiCode::PermissionDenied);
        assert_eq!(
            error.to_string(),
            "API error 1015: Permission denied (ask an admin to grant the LIST_CALL_LOG permission)"
        );
    }
}
