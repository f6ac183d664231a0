//! The originating API request of a call (`api`): a JSON object the provider encodes in a string.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::DecodeError;

/// The API request that started a call, kept exactly as the provider encoded it.
///
/// [`OriginatingRequest::parse`] reads the object; the text itself is what is written back, so a round
/// trip changes no byte. It can carry phone numbers and credentials: `Debug` shows its keys only.
#[derive(Clone, PartialEq, Eq)]
pub struct OriginatingRequest(String);

impl OriginatingRequest {
    /// Keeps the provider's text.
    pub fn from_raw(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// Encodes an object the way the provider does.
    #[must_use]
    pub fn from_object(object: &Map<String, Value>) -> Self {
        Self(Value::Object(object.clone()).to_string())
    }

    /// The text exactly as sent.
    #[must_use]
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// The request as a JSON object.
    ///
    /// # Errors
    /// [`DecodeError`] at path `api` when the text is not a JSON object.
    pub fn parse(&self) -> Result<Map<String, Value>, DecodeError> {
        match serde_json::from_str(&self.0) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(DecodeError::new(
                "api",
                "expected a JSON object encoded as a string",
            )),
            Err(error) => Err(DecodeError::new("api", format!("not JSON: {error}"))),
        }
    }
}

impl fmt::Debug for OriginatingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parse() {
            Ok(map) => f.debug_set().entries(map.keys()).finish(),
            Err(_) => f.write_str("OriginatingRequest(<not an object>)"),
        }
    }
}

/// The canonical JSON shows the object itself when it parses, the text otherwise.
impl Serialize for OriginatingRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.parse() {
            Ok(map) => map.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OriginatingRequest;

    #[test]
    fn parses_and_keeps_the_text() {
        let text = r#"{"userId":"29791451","customer":"919000012345"}"#;
        let api = OriginatingRequest::from_raw(text);
        assert_eq!(api.parse().unwrap()["userId"], "29791451");
        assert_eq!(api.raw(), text);
        assert_eq!(format!("{api:?}"), r#"{"customer", "userId"}"#);
        let broken = OriginatingRequest::from_raw("{oops");
        assert!(
            broken
                .parse()
                .unwrap_err()
                .to_string()
                .starts_with("api: not JSON")
        );
        assert_eq!(format!("{broken:?}"), "OriginatingRequest(<not an object>)");
    }
}
