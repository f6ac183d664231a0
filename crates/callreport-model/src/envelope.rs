//! The response envelope: `{"data": …}` or `{"status": "error", …}`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::extra::Extra;
use crate::record::Key;

/// The key of a response's payload.
pub(crate) const DATA: &str = "data";

/// A response body split into its `data` (left unparsed) and every other top-level key
/// (`status`, `message`, `code`, and the list's `ttl`, `pg`, `lmt`).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Envelope<'a> {
    /// The `data` value, still as text; `None` when absent or `null`.
    pub data: Option<&'a RawValue>,
    /// Every other key.
    pub fields: Extra,
}

impl<'de> de::Deserialize<'de> for Envelope<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;

        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a response object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut envelope = Envelope::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.0 == DATA {
                        envelope.data = map.next_value()?;
                    } else {
                        let value = map.next_value()?;
                        envelope.fields.insert(key.0.into_owned(), value);
                    }
                }
                Ok(envelope)
            }
        }

        deserializer.deserialize_map(EnvelopeVisitor)
    }
}
