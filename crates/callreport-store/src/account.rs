//! Accounts, their permissions and the kinds of credential they hold.

use std::collections::BTreeSet;

use callreport_model::UserId;

/// A backend's key for an account (its row id in SQLite).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountKey(i64);

impl AccountKey {
    /// Wraps a backend key.
    #[must_use]
    pub const fn new(key: i64) -> Self {
        Self(key)
    }

    /// The key.
    #[must_use]
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// What an account may do, by the provider's permission names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permissions(BTreeSet<String>);

impl Permissions {
    /// Reading call logs: every Call Report endpoint needs it (else error 1015).
    pub const LIST_CALL_LOG: &'static str = "LIST_CALL_LOG";

    /// No permission at all.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// The given permissions.
    pub fn new(names: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self(names.into_iter().map(Into::into).collect())
    }

    /// Just [`Permissions::LIST_CALL_LOG`].
    #[must_use]
    pub fn list_call_log() -> Self {
        Self::new([Self::LIST_CALL_LOG])
    }

    /// Whether the account has the permission `name`.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    /// The permission names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The names separated by spaces, as stored.
    #[must_use]
    pub fn to_text(&self) -> String {
        self.iter().collect::<Vec<_>>().join(" ")
    }

    /// Reads names separated by white space.
    #[must_use]
    pub fn from_text(text: &str) -> Self {
        Self::new(text.split_whitespace())
    }
}

/// An authenticated account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    key: AccountKey,
    user_id: UserId,
    permissions: Permissions,
}

impl Account {
    /// An account as a backend found it.
    #[must_use]
    pub fn new(key: AccountKey, user_id: UserId, permissions: Permissions) -> Self {
        Self {
            key,
            user_id,
            permissions,
        }
    }

    /// The backend's key.
    #[must_use]
    pub fn key(&self) -> AccountKey {
        self.key
    }

    /// The provider's user id.
    #[must_use]
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// What the account may do.
    #[must_use]
    pub fn permissions(&self) -> &Permissions {
        &self.permissions
    }

    /// Whether the account may read call logs.
    #[must_use]
    pub fn can_list_calls(&self) -> bool {
        self.permissions.contains(Permissions::LIST_CALL_LOG)
    }
}

/// What a stored credential is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A session id (`ssid`).
    Session,
    /// An API token (`userId` + `token`).
    Token,
    /// A token that only opens recording links.
    Recording,
    /// The key in the URL the provider POSTs push reports to (`/push/{key}`).
    Push,
}

impl CredentialKind {
    /// The name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Token => "token",
            Self::Recording => "recording",
            Self::Push => "push",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Permissions;

    #[test]
    fn permissions_round_trip_as_text() {
        let permissions = Permissions::new(["LIST_CALL_LOG", "EXPORT"]);
        assert_eq!(permissions.to_text(), "EXPORT LIST_CALL_LOG");
        assert_eq!(
            Permissions::from_text(" EXPORT  LIST_CALL_LOG "),
            permissions
        );
        assert!(!Permissions::none().contains(Permissions::LIST_CALL_LOG));
    }
}
