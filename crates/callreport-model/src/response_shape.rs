//! Which endpoint a response body answers, told from the body alone.

use serde_json::Value;

use crate::count::CountRecord;
use crate::envelope::DATA;
use crate::list::PagingRecord;

/// What a response body most likely answers, for tools that read a body without knowing the
/// request (`callreport decode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseShape {
    /// `detail`, any view; also what an error body or anything else is read as.
    Detail,
    /// `list` or `masklist`: `data` is an array of rows, or the body has a total.
    List,
    /// `reportCount`: `data` is an object with a count.
    Count,
}

impl ResponseShape {
    /// The shape of `body`.
    ///
    /// ```
    /// use callreport_model::ResponseShape;
    ///
    /// assert_eq!(ResponseShape::of(br#"{"data": {"cnt": 3}}"#), ResponseShape::Count);
    /// assert_eq!(ResponseShape::of(br#"{"data": [], "ttl": 0}"#), ResponseShape::List);
    /// assert_eq!(ResponseShape::of(br#"{"data": []}"#), ResponseShape::Detail);
    /// ```
    #[must_use]
    pub fn of(body: &[u8]) -> Self {
        let Ok(Value::Object(top)) = serde_json::from_slice::<Value>(body) else {
            return Self::Detail;
        };
        let total = PagingRecord::key("total");
        match top.get(DATA) {
            Some(Value::Array(rows)) if !rows.is_empty() || top.contains_key(total) => Self::List,
            Some(Value::Object(data)) if data.contains_key(CountRecord::key("count")) => {
                Self::Count
            }
            _ => Self::Detail,
        }
    }
}
