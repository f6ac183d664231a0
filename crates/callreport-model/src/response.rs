//! Response bodies: `{"data": …}`, "no data" (`{"data": []}`), or an error.

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::body_keys::{CODE, STATUS};
pub(crate) use crate::envelope::DATA;
use crate::envelope::Envelope;
use crate::error::DecodeError;
use crate::extra::Extra;

/// What a response said.
///
/// Its canonical JSON is `{"data": …}`, `{"no_data": true}` or `{"error": …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reply<T> {
    /// The requested data.
    Data(T),
    /// "No data": `{"data": []}` where an object was expected (an unknown call id, another
    /// account's call).
    #[serde(serialize_with = "no_data")]
    NoData,
    /// The API refused the request.
    Error(ApiError),
}

fn no_data<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bool(true)
}

/// A decoded response body: the reply and any unknown top-level keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Response<T> {
    /// What the response said.
    pub reply: Reply<T>,
    /// Top-level keys this version does not know.
    pub extra: Extra,
}

/// A payload that can stand under `data`.
pub trait ResponseData: Sized {
    /// Whether `{"data": []}` means "no data" (true for single objects; a list reads it as an
    /// empty page).
    const EMPTY_ARRAY_IS_NO_DATA: bool = true;

    /// Reads the payload from the text of `data`.
    ///
    /// # Errors
    /// [`DecodeError`] with a path relative to `data`.
    fn from_data(data: &str) -> Result<Self, DecodeError>;

    /// Takes the payload's keys beside `data` (a list's `ttl`, `pg`, `lmt`) out of the
    /// envelope's other keys; most payloads have none.
    ///
    /// # Errors
    /// [`DecodeError`] with a top-level path (`ttl`).
    fn read_envelope(&mut self, fields: &mut Extra) -> Result<(), DecodeError> {
        let _ = fields;
        Ok(())
    }

    /// A faster way to read a whole body, for payloads that have one; `None` sends the body
    /// down the general path, which must then give the same result.
    #[doc(hidden)]
    fn decode_fast(body: &str) -> Option<Response<Self>> {
        let _ = body;
        None
    }

    /// Writes `data` (and a list's envelope keys beside it) into a response body being
    /// serialized.
    ///
    /// # Errors
    /// The serializer's.
    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error>;
}

impl<T> Reply<T> {
    /// The data, `None` for "no data", or the API's error.
    ///
    /// # Errors
    /// The [`ApiError`] the API answered with.
    pub fn into_result(self) -> Result<Option<T>, ApiError> {
        match self {
            Self::Data(data) => Ok(Some(data)),
            Self::NoData => Ok(None),
            Self::Error(error) => Err(error),
        }
    }
}

impl<T: ResponseData> Response<T> {
    /// A response carrying `data`.
    pub fn data(data: T) -> Self {
        Self {
            reply: Reply::Data(data),
            extra: Extra::new(),
        }
    }

    /// A "no data" response.
    #[must_use]
    pub fn no_data() -> Self {
        Self {
            reply: Reply::NoData,
            extra: Extra::new(),
        }
    }

    /// An error response.
    #[must_use]
    pub fn error(error: ApiError) -> Self {
        Self {
            reply: Reply::Error(error),
            extra: Extra::new(),
        }
    }

    /// Decodes a response body.
    ///
    /// # Errors
    /// [`DecodeError`] when the body is not a JSON object, has neither `data` nor an error, or
    /// its `data` is not a `T` (the path then starts with `data`).
    pub fn decode(body: &[u8]) -> Result<Self, DecodeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(DecodeError::new("", "the response body is empty"));
        }
        // One UTF-8 check for the whole body, rather than one per string.
        let body = std::str::from_utf8(body)
            .map_err(|error| DecodeError::new("", format!("not UTF-8 text: {error}")))?;
        if let Some(response) = T::decode_fast(body) {
            return Ok(response);
        }
        Self::decode_general(body)
    }

    /// Decodes a body without the faster way: the path every body can take, and the oracle the
    /// faster way is checked against.
    pub(crate) fn decode_general(body: &str) -> Result<Self, DecodeError> {
        let envelope: Envelope<'_> = serde_json::from_str(body)
            .map_err(|error| DecodeError::new("", format!("not a JSON object: {error}")))?;
        let mut fields = envelope.fields;
        let is_error = fields.get(STATUS).and_then(Value::as_str) == Some("error")
            || (envelope.data.is_none() && fields.get(CODE).is_some());
        if is_error {
            if fields.get(STATUS).and_then(Value::as_str) == Some("error") {
                fields.remove(STATUS);
            }
            return Ok(Self::error(ApiError::from_fields(fields)));
        }
        let Some(data) = envelope.data else {
            return Err(DecodeError::new(
                "",
                "expected a \"data\" key or an error body",
            ));
        };
        let text = data.get();
        if T::EMPTY_ARRAY_IS_NO_DATA && is_empty_array(text) {
            return Ok(Self {
                reply: Reply::NoData,
                extra: fields,
            });
        }
        let mut value = T::from_data(text).map_err(|error| error.within("data"))?;
        value.read_envelope(&mut fields)?;
        Ok(Self {
            reply: Reply::Data(value),
            extra: fields,
        })
    }

    /// The API error in a body, if the body is one (`{"status":"error",…}`), whatever the
    /// HTTP status it came with: a server may answer an error envelope with a 404 or a 500.
    #[must_use]
    pub fn error_in(body: &[u8]) -> Option<ApiError> {
        let text = std::str::from_utf8(body).ok()?;
        let envelope: Envelope<'_> = serde_json::from_str(text).ok()?;
        let mut fields = envelope.fields;
        if envelope.data.is_some() || fields.get(STATUS).and_then(Value::as_str) != Some("error") {
            return None;
        }
        fields.remove(STATUS);
        Some(ApiError::from_fields(fields))
    }

    /// The response body, as the API writes it.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        // A body serializes into a Vec without failing: every key is text and every value is
        // JSON already; an error here would be a bug, answered as an empty object.
        serde_json::to_vec(&WireBody(self)).unwrap_or_else(|_| b"{}".to_vec())
    }

    /// The response body as JSON text, as the API writes it.
    #[must_use]
    pub fn to_json(&self) -> String {
        String::from_utf8(self.to_bytes()).unwrap_or_default()
    }

    /// The response body as a JSON object.
    #[must_use]
    pub fn to_body(&self) -> Map<String, Value> {
        match serde_json::to_value(WireBody(self)) {
            Ok(Value::Object(body)) => body,
            _ => Map::new(),
        }
    }

    /// The data, `None` for "no data", or the API's error.
    ///
    /// # Errors
    /// The [`ApiError`] the API answered with.
    pub fn into_result(self) -> Result<Option<T>, ApiError> {
        self.reply.into_result()
    }
}

/// A response in its wire form: `data` (with a list's keys beside it), "no data" or the error,
/// then the unknown top-level keys.
struct WireBody<'a, T>(&'a Response<T>);

impl<T: ResponseData> Serialize for WireBody<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.0;
        let mut body = serializer.serialize_map(None)?;
        match &response.reply {
            Reply::Data(data) => data.serialize_body(&mut body)?,
            Reply::NoData => body.serialize_entry(DATA, &[(); 0])?,
            Reply::Error(error) => {
                for (key, value) in &error.to_body() {
                    body.serialize_entry(key, value)?;
                }
            }
        }
        for (key, value) in response.extra.iter() {
            body.serialize_entry(key, value)?;
        }
        body.end()
    }
}

fn is_empty_array(text: &str) -> bool {
    let inner = text.trim();
    inner.starts_with('[') && inner.ends_with(']') && inner[1..inner.len() - 1].trim().is_empty()
}

/// Implements [`ResponseData`] for a record type whose `data` is one object.
macro_rules! object_data {
    ($domain:ty) => {
        impl $crate::response::ResponseData for $domain {
            fn from_data(data: &str) -> Result<Self, $crate::error::DecodeError> {
                <$domain as $crate::record::Record>::decode_at(
                    $crate::parse::parse_record(data)?,
                    $crate::spelling::Path::Root,
                )
            }

            fn serialize_body<M: ::serde::ser::SerializeMap>(
                &self,
                body: &mut M,
            ) -> Result<(), M::Error> {
                body.serialize_entry(
                    $crate::response::DATA,
                    &$crate::record::Record::into_wire(self.clone()),
                )
            }
        }
    };
}

pub(crate) use object_data;

/// Raw JSON, for payloads this crate has no type for.
impl ResponseData for Value {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        serde_json::from_str(data).map_err(|error| DecodeError::from_plain_json(&error))
    }

    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error> {
        body.serialize_entry(DATA, self)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{Reply, Response};
    use crate::api_error::ApiCode;

    #[test]
    fn empty_and_broken_bodies_are_decode_errors() {
        for (body, message) in [
            ("", "the response body is empty"),
            ("<html>502</html>", "not a JSON object"),
            ("{\"ok\":1}", "expected a \"data\" key or an error body"),
        ] {
            let error = Response::<Value>::decode(body.as_bytes()).unwrap_err();
            assert!(error.to_string().starts_with(message), "{error}");
        }
    }

    #[test]
    fn no_data_and_errors() {
        let empty = Response::<crate::Call>::decode(b"{\"data\": [ ]}").unwrap();
        assert_eq!(empty.reply, Reply::NoData);
        let error = Response::<crate::Call>::decode(
            br#"{"status":"error","message":"Invalid token","code":"1014"}"#,
        )
        .unwrap();
        let Reply::Error(error) = error.reply else {
            panic!("expected an error")
        };
        assert_eq!(error.code, ApiCode::InvalidToken);
    }
}
