//! Reading typed parameters out of a request body.

use serde_json::{Map, Value};

use crate::error::RequestError;
use crate::extra::Extra;
use crate::request::unique_keys::{self, Failure};

/// Parses a body into a JSON object.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, RequestError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(RequestError::EmptyBody);
    }
    match unique_keys::parse(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(RequestError::InvalidJson {
            detail: "expected an object".into(),
        }),
        Err(Failure::Duplicate(name)) => Err(RequestError::Duplicate { name }),
        Err(Failure::Json(error)) => Err(RequestError::InvalidJson {
            detail: error.to_string(),
        }),
    }
}

/// The parameters of a body; what is not taken becomes the request's extra parameters.
pub(crate) struct Params(Map<String, Value>);

impl Params {
    pub(crate) fn new(body: Map<String, Value>) -> Self {
        Self(body)
    }

    pub(crate) fn take(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    pub(crate) fn into_extra(self) -> Extra {
        self.0.into_iter().collect()
    }

    /// A string parameter; `echo` says whether a bad value may be shown.
    pub(crate) fn text(
        &mut self,
        key: &'static str,
        echo: bool,
    ) -> Result<Option<String>, RequestError> {
        match self.take(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(RequestError::invalid(key, "a string", &other, echo)),
        }
    }

    /// A whole number from `min` to `max`, as a number or a string of digits.
    pub(crate) fn whole(
        &mut self,
        key: &'static str,
        expected: &'static str,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Option<u64>, RequestError> {
        let Some(value) = self.take(key) else {
            return Ok(None);
        };
        let number = match &value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        match number {
            Some(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(RequestError::invalid(key, expected, &value, true)),
        }
    }

    /// A list parameter of at most `limit` items: an array, or a single value standing for a
    /// list of one.
    pub(crate) fn list<T>(
        &mut self,
        key: &'static str,
        limit: usize,
        expected: &'static str,
        item: impl Fn(&Value) -> Option<T>,
    ) -> Result<Vec<T>, RequestError> {
        let Some(value) = self.take(key) else {
            return Ok(Vec::new());
        };
        if let Value::Array(items) = &value {
            check_length(key, limit, items.len())?;
        }
        let items = match &value {
            Value::Array(items) => items.iter().map(&item).collect::<Option<Vec<T>>>(),
            Value::Null => Some(Vec::new()),
            single => item(single).map(|one| vec![one]),
        };
        items.ok_or_else(|| RequestError::invalid(key, expected, &value, true))
    }
}

/// Refuses a list of more than `limit` items, naming it.
pub(crate) fn check_length(
    key: &'static str,
    limit: usize,
    got: usize,
) -> Result<(), RequestError> {
    if got > limit {
        Err(RequestError::TooLong {
            name: key,
            limit,
            got,
        })
    } else {
        Ok(())
    }
}

/// A JSON value as a whole number (a number, or a string of digits).
pub(crate) fn as_whole(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
