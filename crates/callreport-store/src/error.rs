//! The errors of a store.

use std::error::Error as StdError;
use std::fmt;

use callreport_model::ApiCode;

/// The cause behind an error, from a dependency (SQLite, the file system, a panic).
///
/// Reachable through [`std::error::Error::source`] only, so dependency types never become part
/// of this crate's API.
pub struct Cause(Box<dyn StdError + Send + Sync>);

impl Cause {
    /// Wraps any error.
    pub fn new(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self(error.into())
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl StdError for Cause {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source()
    }
}

/// A store operation that failed.
///
/// `Display` never shows credentials, phone numbers or stored documents: SQL errors carry the
/// statement's shape, not its parameters.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database cannot be reached (missing, locked, out of space); worth retrying later.
    #[error("the database cannot be reached")]
    Unavailable(#[source] Cause),
    /// The database answered with something unexpected.
    #[error("the database failed")]
    Failed(#[source] Cause),
    /// An account that does not exist.
    #[error("account {user_id} does not exist")]
    UnknownAccount {
        /// The account's user id.
        user_id: String,
    },
    /// Data that cannot be stored as given.
    #[error("{0}")]
    Invalid(String),
    /// The file store (a folder or a bucket) failed to read, write or delete a file; the
    /// cause says what it answered.
    #[error("the file store failed: {0}")]
    Files(#[source] Cause),
    /// A limit of the account that the request would pass (the message names it).
    #[error("{0}")]
    OverQuota(String),
}

impl StoreError {
    /// The provider code a request that hit this error is answered with: 1010 when the database
    /// cannot be reached, 1000 over a quota, 1009 for everything else.
    #[must_use]
    pub fn api_code(&self) -> ApiCode {
        match self {
            Self::Unavailable(_) => ApiCode::DatabaseUnavailable,
            Self::OverQuota(_) => ApiCode::InvalidParameters,
            _ => ApiCode::SomethingWentWrong,
        }
    }

    /// Whether the same operation may succeed later.
    #[must_use]
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
    /// The secret of a credential being added is another account's already.
    pub(crate) fn credential_in_use(kind: crate::CredentialKind) -> Self {
        Self::Invalid(format!(
            "this {} is already in use by another account",
            kind.as_str()
        ))
    }
}
