//! Decoding a record straight from the text into its domain value, each field as the scanner
//! reaches it, with no wire record in between.
//!
//! This is the fast path for documents in the usual form. It gives up on anything unusual (a
//! field it cannot decode, a key given twice, a token the scanner leaves to serde_json) with
//! [`GiveUp`], and its callers then decode the same text through the wire record, which names
//! the failing field by its path. So a document decodes to the same value either way, and every
//! error comes from one place.

use super::Record;
use crate::scanner::{GiveUp, Scanner};
use crate::spelling::{Codec, Reader};

/// A whole JSON text decoded directly, or `None` when it needs the wire record (or is not one
/// JSON value).
pub(crate) fn decode_text<T: Record>(json: &str) -> Option<T> {
    let mut scanner = Scanner::new(json);
    let value = T::decode_direct(&mut scanner).ok()?;
    scanner.end().ok()?;
    Some(value)
}

/// Reads a field's value from the scanner and decodes it at once.
pub(crate) trait DirectField {
    type Value;

    fn read_direct(
        scanner: &mut Scanner<'_>,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<Self::Value, GiveUp>;

    /// The value of a key that did not come.
    fn missing(reader: &mut Reader<'_>, key: &'static str) -> Result<Self::Value, GiveUp>;
}

impl<C: Codec> DirectField for C {
    type Value = C::Value;

    #[inline]
    fn read_direct(
        scanner: &mut Scanner<'_>,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<C::Value, GiveUp> {
        let raw = scanner.scalar()?;
        reader.read::<C>(key, Some(raw)).map_err(|_| GiveUp)
    }

    fn missing(reader: &mut Reader<'_>, key: &'static str) -> Result<C::Value, GiveUp> {
        reader.read::<C>(key, None).map_err(|_| GiveUp)
    }
}

impl<T: Record> DirectField for super::Nested<T> {
    type Value = T;

    #[inline]
    fn read_direct(
        scanner: &mut Scanner<'_>,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<T, GiveUp> {
        if scanner.take_null() {
            return Self::missing(reader, key);
        }
        T::decode_direct(scanner)
    }

    fn missing(reader: &mut Reader<'_>, key: &'static str) -> Result<T, GiveUp> {
        reader.note_missing(key);
        Ok(T::blank())
    }
}

impl<T: Record> DirectField for super::List<T> {
    type Value = Vec<T>;

    #[inline]
    fn read_direct(
        scanner: &mut Scanner<'_>,
        reader: &mut Reader<'_>,
        key: &'static str,
    ) -> Result<Vec<T>, GiveUp> {
        if scanner.take_null() {
            return Self::missing(reader, key);
        }
        // Lists of records are short (a call has one to three legs of about 270 bytes), so each
        // grows by one: a `Vec`'s first growth would make room for four.
        let mut items = Vec::new();
        let mut elements = scanner.begin_array()?;
        while scanner.next_element(&mut elements)? {
            let item = T::decode_direct(scanner)?;
            items.reserve_exact(1);
            items.push(item);
        }
        Ok(items)
    }

    fn missing(reader: &mut Reader<'_>, key: &'static str) -> Result<Vec<T>, GiveUp> {
        reader.note_missing(key);
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests;
