//! Identifiers: calls, accounts, agents, export requests.

use std::fmt;

use serde::Serialize;

use crate::error::InvalidId;

const USER_ID_CHARS: &str = "1 to 64 characters without spaces, '/', '\\' or '*'";
const ID_CHARS: &str = "1 to 64 letters, digits, '-' or '_'";

/// Whether `id` is 1 to 64 ASCII letters, digits, `-` and `_`: safe in a path or a file name.
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Declares an id that is text of 1 to 64 letters, digits, `-` and `_`.
macro_rules! plain_id {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Checks and wraps a ", $what, ".")]
            ///
            /// # Errors
            /// [`InvalidId`] when the id is empty, longer than 64 characters, or holds anything
            /// but ASCII letters, digits, `-` and `_`.
            pub fn new(id: impl Into<String>) -> Result<Self, InvalidId> {
                let id = id.into();
                if is_plain_id(&id) {
                    Ok(Self(id))
                } else {
                    Err(InvalidId::new($what, ID_CHARS, &id))
                }
            }

            /// The id as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// An empty id that a record starts from before decoding replaces it.
            pub(crate) fn placeholder() -> Self {
                Self(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

plain_id!(
    /// A call id (`clId`), such as `kyrnwv1c8ps5zq6jcwaxtzicv`.
    ///
    /// Letters, digits, `-` and `_`, 1 to 64 characters: enough for every id the provider
    /// issues, and safe to put in a path or a file name.
    CallId,
    "call id"
);

plain_id!(
    /// The id of an export request (`expId`).
    ExportId,
    "export id"
);

/// An account (user) id (`uid`, `userId`), such as `29791451`.
///
/// Kept as text: the provider sends it as a string (digits in practice; its examples also show
/// the template placeholder `{{userid}}`), and nothing is computed with it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    /// Checks and wraps a user id.
    ///
    /// # Errors
    /// [`InvalidId`] when the id is empty, longer than 64 characters, or holds anything but
    /// ASCII letters and digits.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidId> {
        let id = id.into();
        let well_formed = !id.is_empty()
            && id.len() <= 64
            && !id
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '*'));
        if well_formed {
            Ok(Self(id))
        } else {
            Err(InvalidId::new("user id", USER_ID_CHARS, &id))
        }
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An agent id (`agt`, `mAgt`), a number in the provider's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AgentId(u64);

impl AgentId {
    /// Wraps an agent number.
    #[must_use]
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The agent number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{CallId, ExportId, UserId};

    #[test]
    fn call_ids_are_path_safe() {
        assert!(CallId::new("kyrnwv1c8ps5zq6jcwaxtzicv").is_ok());
        for bad in ["", "../etc", "a/b", "a b", "ä", &"x".repeat(65)] {
            let error = CallId::new(bad).unwrap_err();
            assert!(error.to_string().starts_with("invalid call id"), "{error}");
        }
    }

    #[test]
    fn user_and_export_ids_are_checked() {
        assert!(UserId::new("29791451").is_ok());
        assert!(UserId::new("{{userid}}").is_ok());
        assert!(UserId::new("a/b").is_err());
        assert_eq!(
            UserId::new("").unwrap_err().to_string(),
            "invalid user id: expected 1 to 64 characters without spaces, '/', '\\' or '*', got an empty string"
        );
        assert!(ExportId::new("exp_01").is_ok());
        assert!(ExportId::new("exp/01").is_err());
    }
}
