//! Lossless round trips: how a field looked on the wire when it was not in the usual spelling.
//!
//! A domain value keeps the parsed field (`Duration`, `NaiveTime`, …). When the provider spelled
//! it unusually (`"3"` for `3`, `04:13:18 PM` for `4:13:18 pm`, a missing key), the original is
//! kept here, and written back as long as the domain value still means the same thing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::scalar::Scalar;

use crate::error::{DecodeError, describe_scalar};

/// Original spellings of a record's fields, by wire key; `None` means the key was missing.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Spellings(BTreeMap<&'static str, Option<Scalar<'static>>>);

impl fmt::Debug for Spellings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// A decoded field, with its original when the spelling was unusual.
pub(crate) struct Decoded<T> {
    pub(crate) value: T,
    pub(crate) original: Option<Option<Scalar<'static>>>,
}

impl<T> Decoded<T> {
    /// The usual spelling: nothing to remember.
    pub(crate) fn canonical(value: T) -> Self {
        Self {
            value,
            original: None,
        }
    }

    /// An unusual spelling: remember `raw` (`None` for a missing key).
    pub(crate) fn spelled(value: T, raw: Option<Scalar<'_>>) -> Self {
        Self {
            value,
            original: Some(raw.map(Scalar::into_owned)),
        }
    }

    /// Canonical or spelled, as `canonical` says.
    pub(crate) fn with<'r>(
        value: T,
        canonical: bool,
        raw: impl FnOnce() -> Option<Scalar<'r>>,
    ) -> Self {
        if canonical {
            Self::canonical(value)
        } else {
            Self::spelled(value, raw())
        }
    }
}

/// A field that cannot be decoded: what was expected, and the value that came.
pub(crate) struct Rejected {
    pub(crate) expected: Cow<'static, str>,
    pub(crate) raw: Option<Scalar<'static>>,
}

impl Rejected {
    pub(crate) fn new(expected: impl Into<Cow<'static, str>>, raw: Option<Scalar<'_>>) -> Self {
        Self {
            expected: expected.into(),
            raw: raw.map(Scalar::into_owned),
        }
    }
}

/// How one kind of wire field is read and written.
pub(crate) trait Codec {
    /// The domain value.
    type Value: PartialEq;

    /// Whether the raw value may appear in an error message.
    const SHOWN: bool = true;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Self::Value>, Rejected>;

    /// The usual spelling; `None` leaves the key out.
    fn encode(value: &Self::Value) -> Option<Scalar<'static>>;
}

/// Where a record sits in a document, for error paths; built without allocating.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    pub(crate) fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => match parent.render() {
                text if text.is_empty() => (*key).to_owned(),
                text => format!("{text}.{key}"),
            },
            Path::Index(parent, index) => format!("{}[{index}]", parent.render()),
        }
    }
}

/// Reads the fields of one record, remembering unusual spellings.
pub(crate) struct Reader<'a> {
    path: Path<'a>,
    pub(crate) spellings: Spellings,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(path: Path<'a>) -> Self {
        Self {
            path,
            spellings: Spellings::default(),
        }
    }

    pub(crate) fn path(&self) -> &Path<'a> {
        &self.path
    }

    /// Decodes field `key` with codec `C`.
    #[inline]
    pub(crate) fn read<C: Codec>(
        &mut self,
        key: &'static str,
        raw: Option<Scalar<'_>>,
    ) -> Result<C::Value, DecodeError> {
        match C::decode(raw) {
            Ok(decoded) => {
                if let Some(original) = decoded.original {
                    self.spellings.0.insert(key, original);
                }
                Ok(decoded.value)
            }
            Err(rejected) => Err(self.rejected(key, &rejected, C::SHOWN)),
        }
    }

    /// The error of field `key`, which the codec rejected; kept out of line, as the usual
    /// document has none.
    #[cold]
    fn rejected(&self, key: &'static str, rejected: &Rejected, shown: bool) -> DecodeError {
        DecodeError::new(
            Path::Key(&self.path, key).render(),
            format!(
                "expected {}, got {}",
                rejected.expected,
                describe_scalar(rejected.raw.as_ref(), shown)
            ),
        )
    }

    /// Remembers that a nested record (`dur`, `ctcc`) was missing.
    pub(crate) fn note_missing(&mut self, key: &'static str) {
        self.spellings.0.insert(key, None);
    }
}

impl Spellings {
    /// Encodes field `key`: the original spelling while it still means `value`, else the usual.
    pub(crate) fn write<C: Codec>(
        &self,
        key: &'static str,
        value: &C::Value,
    ) -> Option<Scalar<'static>> {
        if let Some(original) = self.0.get(key) {
            let same = C::decode(original.clone()).is_ok_and(|decoded| decoded.value == *value);
            if same {
                return original.clone();
            }
        }
        C::encode(value)
    }

    /// Whether a nested record was missing on the wire.
    pub(crate) fn was_missing(&self, key: &'static str) -> bool {
        matches!(self.0.get(key), Some(None))
    }
}
