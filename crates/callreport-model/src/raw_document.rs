//! One stored call document, answered without decoding it.

use serde::ser::SerializeMap;
use serde_json::value::RawValue;

use crate::envelope::DATA;
use crate::error::DecodeError;
use crate::response::ResponseData;

/// A raw call document as JSON text, spliced into `{"data": …}` as it is: what a server answers
/// for the raw view (`allDetail`) from its store, where the document was checked when it was
/// stored.
///
/// [`RawDocument::to_bytes`] writes the body without parsing the document again; through
/// [`Response`](crate::Response) the document is checked on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawDocument {
    /// The document, as JSON text.
    pub json: String,
}

impl RawDocument {
    /// The document `json`.
    #[must_use]
    pub fn new(json: impl Into<String>) -> Self {
        Self { json: json.into() }
    }

    /// The response body `{"data": <document>}`, the document copied as it is. The same
    /// bytes as `Response::data(document).to_bytes()` for a compact document.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let document = self.json.trim();
        let mut body = Vec::with_capacity(document.len() + DATA.len() + 5);
        body.extend_from_slice(b"{\"");
        body.extend_from_slice(DATA.as_bytes());
        body.extend_from_slice(b"\":");
        body.extend_from_slice(document.as_bytes());
        body.push(b'}');
        body
    }
}

impl ResponseData for RawDocument {
    fn from_data(data: &str) -> Result<Self, DecodeError> {
        Ok(Self::new(data))
    }

    fn serialize_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error> {
        let raw: &RawValue =
            serde_json::from_str(self.json.trim()).map_err(serde::ser::Error::custom)?;
        body.serialize_entry(DATA, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::RawDocument;
    use crate::response::Response;

    #[test]
    fn spliced_bytes_equal_the_serialized_response() {
        let document = RawDocument::new(r#"{"clId":"c1","tm":1763808198000}"#);
        assert_eq!(
            document.to_bytes(),
            Response::data(document.clone()).to_bytes()
        );
        assert_eq!(
            String::from_utf8(document.to_bytes()).unwrap_or_default(),
            r#"{"data":{"clId":"c1","tm":1763808198000}}"#
        );
    }
}
