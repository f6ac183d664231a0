//! Decoding a record straight from the parser into its domain value, each field as it arrives,
//! with no wire record in between.
//!
//! This is the fast path for documents in the usual form. It gives up on anything unusual (a
//! field it cannot decode, a key given twice) with [`GIVE_UP`], and its callers then decode the
//! same text through the wire record, which names the failing field by its path. So a document
//! decodes to the same value either way, and every error comes from one place.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Record;
use crate::scalar::Scalar;
use crate::spelling::{Codec, Reader};

/// The message of every error of the fast path; callers discard it and decode again.
const GIVE_UP: &str = "the document needs the wire record";

/// The error that ends the fast path.
pub(crate) fn give_up<E: de::Error>() -> E {
    E::custom(GIVE_UP)
}

/// A whole JSON text decoded directly, or `None` when it needs the wire record (or is not one
/// JSON value).
pub(crate) fn decode_text<T: Record>(json: &str) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = T::decode_direct(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// Reads a field's value from the parser and decodes it at once.
pub(crate) trait DirectField {
    type Value;

    fn read_direct<'de, A: MapAccess<'de>>(
        map: &mut A,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<Self::Value, A::Error>;

    /// The value of a key that did not come.
    fn missing<E: de::Error>(reader: &mut Reader<'_>, key: &'static str) -> Result<Self::Value, E>;
}

impl<C: Codec> DirectField for C {
    type Value = C::Value;

    #[inline]
    fn read_direct<'de, A: MapAccess<'de>>(
        map: &mut A,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<C::Value, A::Error> {
        let raw: Scalar<'de> = map.next_value()?;
        reader.read::<C>(key, Some(raw)).map_err(|_| give_up())
    }

    fn missing<E: de::Error>(reader: &mut Reader<'_>, key: &'static str) -> Result<C::Value, E> {
        reader.read::<C>(key, None).map_err(|_| give_up())
    }
}

impl<T: Record> DirectField for super::Nested<T> {
    type Value = T;

    #[inline]
    fn read_direct<'de, A: MapAccess<'de>>(
        map: &mut A,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<T, A::Error> {
        match map.next_value_seed(Optional(Direct::<T>(PhantomData)))? {
            Some(value) => Ok(value),
            None => Self::missing(reader, key),
        }
    }

    fn missing<E: de::Error>(reader: &mut Reader<'_>, key: &'static str) -> Result<T, E> {
        reader.note_missing(key);
        Ok(T::blank())
    }
}

impl<T: Record> DirectField for super::List<T> {
    type Value = Vec<T>;

    #[inline]
    fn read_direct<'de, A: MapAccess<'de>>(
        map: &mut A,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<Vec<T>, A::Error> {
        match map.next_value_seed(Optional(Items::<T>(PhantomData)))? {
            Some(items) => Ok(items),
            None => Self::missing(reader, key),
        }
    }

    fn missing<E: de::Error>(reader: &mut Reader<'_>, key: &'static str) -> Result<Vec<T>, E> {
        reader.note_missing(key);
        Ok(Vec::new())
    }
}

/// One record, decoded directly.
pub(crate) struct Direct<T>(pub(crate) PhantomData<T>);

impl<'de, T: Record> DeserializeSeed<'de> for Direct<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode_direct(deserializer)
    }
}

/// `null` as `None`, anything else through the inner seed.
struct Optional<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// An array of records, each decoded directly.
struct Items<T>(PhantomData<T>);

impl<'de, T: Record> DeserializeSeed<'de> for Items<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Record> Visitor<'de> for Items<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(Direct::<T>(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests;
