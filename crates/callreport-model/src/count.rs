//! The call count (`reportCount`): `{"data": {"cnt": 1234}}`.

use serde::Serialize;

use crate::codecs::Whole;
use crate::extra::Extra;
use crate::record::record;
use crate::response::object_data;
use crate::spelling::Spellings;

/// The number of calls matching a filter: `{"data": {"cnt": 1234}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallCount {
    /// The number of matching calls (`cnt`).
    pub count: u64,
    /// Keys this version does not know.
    pub extra: Extra,
    #[serde(skip)]
    spellings: Spellings,
}

impl CallCount {
    /// A count of `count` calls.
    #[must_use]
    pub fn new(count: u64) -> Self {
        Self {
            count,
            ..Self::default()
        }
    }
}

record! {
    /// The count object under `data`.
    wire CountRecord => CallCount {
        /// The number of matching calls.
        "cnt" => count: Whole,
    }
}

object_data!(CallCount);
