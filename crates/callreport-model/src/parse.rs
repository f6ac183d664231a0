//! Parsing a wire record from JSON text, with an error that names the failing field.

use serde::Deserialize;

use crate::error::DecodeError;

/// Parses a wire record from JSON text: the fast parser first, and, only when that fails, the
/// path-tracking one, for an error that names the field.
pub(crate) fn parse_record<'a, W: Deserialize<'a>>(json: &'a str) -> Result<W, DecodeError> {
    match serde_json::from_str(json) {
        Ok(record) => Ok(record),
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            let result: Result<W, _> = serde_path_to_error::deserialize(&mut deserializer);
            match result {
                Ok(_) => Err(deserializer.end().err().map_or_else(
                    || DecodeError::new("", "not valid JSON"),
                    |e| DecodeError::from_plain_json(&e),
                )),
                Err(error) => Err(DecodeError::from_json(&error)),
            }
        }
    }
}
