//! How one field of a record is read from the parser and turned into its domain value.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use super::Record;
use crate::error::DecodeError;
use crate::scalar::Scalar;
use crate::spelling::{Codec, Path, Reader, Spellings};

/// A map key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// How a wire field reads its value: scalars keep `null`, nested records and lists read `null`
/// as absent.
pub(crate) trait FieldValue<'de>: Sized {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error>;
}

impl<'de: 'a, 'a> FieldValue<'de> for Scalar<'a> {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value().map(Some)
    }
}

impl<'de, T: de::Deserialize<'de>> FieldValue<'de> for Vec<T> {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value::<Option<Self>>()
    }
}

/// The value a record starts from before its fields are decoded into it.
///
/// For most records this is `Default`; a record with a required id implements it by hand,
/// and decoding then always replaces the placeholder or fails.
pub(crate) trait Blank {
    fn blank() -> Self;
}

impl<T: Default> Blank for T {
    fn blank() -> Self {
        T::default()
    }
}

/// One kind of field in a record table: its wire form, and how it becomes a domain value and
/// back.
pub(crate) trait Field {
    /// The domain value.
    type Value;
    /// The wire value.
    type Wire<'a>: serde::Serialize + FieldValue<'a>;

    /// Decodes field `key`, remembering an unusual spelling in the reader.
    fn decode(
        reader: &mut Reader<'_>,
        key: &'static str,
        raw: Option<Self::Wire<'_>>,
    ) -> Result<Self::Value, DecodeError>;

    /// Encodes field `key`; `None` leaves the key out.
    fn encode(
        spellings: &Spellings,
        key: &'static str,
        value: Self::Value,
    ) -> Option<Self::Wire<'static>>;
}

impl<C: Codec> Field for C {
    type Value = C::Value;
    type Wire<'a> = Scalar<'a>;

    #[inline]
    fn decode(
        reader: &mut Reader<'_>,
        key: &'static str,
        raw: Option<Scalar<'_>>,
    ) -> Result<C::Value, DecodeError> {
        reader.read::<C>(key, raw)
    }

    fn encode(
        spellings: &Spellings,
        key: &'static str,
        value: C::Value,
    ) -> Option<Scalar<'static>> {
        spellings.write::<C>(key, &value)
    }
}

/// A nested object (`dur`), decoded into its own record; left out on writing when it was
/// missing and is still empty.
pub(crate) struct Nested<T>(PhantomData<T>);

impl<T: Record> Field for Nested<T> {
    type Value = T;
    type Wire<'a> = T::Wire<'a>;

    #[inline]
    fn decode(
        reader: &mut Reader<'_>,
        key: &'static str,
        raw: Option<T::Wire<'_>>,
    ) -> Result<T, DecodeError> {
        match raw {
            Some(wire) => T::decode_at(wire, Path::Key(reader.path(), key)),
            None => {
                reader.note_missing(key);
                Ok(T::blank())
            }
        }
    }

    fn encode(spellings: &Spellings, key: &'static str, value: T) -> Option<T::Wire<'static>> {
        if spellings.was_missing(key) && value == T::blank() {
            return None;
        }
        Some(value.into_wire())
    }
}

/// An array of objects (`ctcc`), each decoded into its own record; left out on writing when it
/// was missing and is still empty.
pub(crate) struct List<T>(PhantomData<T>);

impl<T: Record> Field for List<T> {
    type Value = Vec<T>;
    type Wire<'a> = Vec<T::Wire<'a>>;

    #[inline]
    fn decode(
        reader: &mut Reader<'_>,
        key: &'static str,
        raw: Option<Vec<T::Wire<'_>>>,
    ) -> Result<Vec<T>, DecodeError> {
        let Some(items) = raw else {
            reader.note_missing(key);
            return Ok(Vec::new());
        };
        let list = Path::Key(reader.path(), key);
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| T::decode_at(item, Path::Index(&list, index)))
            .collect()
    }

    fn encode(
        spellings: &Spellings,
        key: &'static str,
        value: Vec<T>,
    ) -> Option<Vec<T::Wire<'static>>> {
        if value.is_empty() && spellings.was_missing(key) {
            return None;
        }
        Some(value.into_iter().map(T::into_wire).collect())
    }
}
