//! What an all-or-nothing import run writes besides its calls, and the steps it hands a store.

use std::fmt;

use callreport_model::UserId;

use crate::{CredentialKind, ImportCall, Permissions};

/// The account an import run writes to: created with `permissions` if it does not exist, and
/// the credentials granted with the run. All of it is written in the run's transaction, so a
/// run that imports nothing, fails or is killed leaves none of it.
#[derive(Clone)]
#[non_exhaustive]
pub struct ImportTarget {
    /// The account.
    pub user_id: UserId,
    /// Its permissions if the run creates it (an existing account keeps its own).
    pub permissions: Permissions,
    credentials: Vec<(CredentialKind, String)>,
}

impl ImportTarget {
    /// The account `user_id`, created with `LIST_CALL_LOG` if it does not exist.
    #[must_use]
    pub fn new(user_id: UserId) -> Self {
        Self {
            user_id,
            permissions: Permissions::list_call_log(),
            credentials: Vec::new(),
        }
    }

    /// Sets the permissions a new account gets.
    #[must_use]
    pub fn permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = permissions;
        self
    }

    /// Also grants `secret` (stored as a digest, never as given) to the account.
    #[must_use]
    pub fn credential(mut self, kind: CredentialKind, secret: impl Into<String>) -> Self {
        self.credentials.push((kind, secret.into()));
        self
    }

    /// The credentials granted with the run.
    pub fn credentials(&self) -> impl Iterator<Item = (CredentialKind, &str)> {
        self.credentials
            .iter()
            .map(|(kind, secret)| (*kind, secret.as_str()))
    }
}

/// The secrets never show: only their kinds.
impl fmt::Debug for ImportTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<&str> = self.credentials.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ImportTarget")
            .field("user_id", &self.user_id)
            .field("permissions", &self.permissions)
            .field("credentials", &kinds)
            .finish()
    }
}

/// What an import run hands its store, in order: calls, then the end of the input.
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportStep {
    /// Calls to write in the run's transaction.
    Calls(Vec<ImportCall>),
    /// The input was read to its end: commit, if the run imported anything. A run whose steps
    /// stop without this one is rolled back.
    Commit,
}
