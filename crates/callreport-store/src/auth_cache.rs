//! Credentials checked in the last two seconds, so most requests authenticate without a trip to
//! a blocking thread.
//!
//! Only successful checks are kept, each until its credential expires or for [`TTL_MS`],
//! whichever comes first. Anything this store writes about accounts or credentials empties the
//! cache; a credential revoked by another process may keep working for up to [`TTL_MS`].
//!
//! Entries are found by a SHA-256 digest of the credentials, never by the secrets themselves.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use callreport_model::Auth;
use sha2::{Digest, Sha256};

use crate::Account;

/// How long a successful check is trusted, in milliseconds.
pub(crate) const TTL_MS: i64 = 2_000;
/// Entries kept at most; past that the cache starts over.
const CAPACITY: usize = 10_000;

#[derive(Debug)]
struct Entry {
    account: Account,
    valid_until_ms: i64,
}

#[derive(Debug, Default)]
pub(crate) struct AuthCache {
    entries: Mutex<BTreeMap<[u8; 32], Entry>>,
}

impl AuthCache {
    /// The cache key of a set of credentials: every part of them, so a session sent with a
    /// `userId` is a different entry from the same session without one.
    pub(crate) fn key(auth: &Auth) -> Option<[u8; 32]> {
        let mut hasher = Sha256::new();
        match auth {
            Auth::Session { ssid, user_id } => {
                hasher.update(b"session\0");
                hasher.update(ssid.expose().as_bytes());
                hasher.update(b"\0");
                hasher.update(user_id.as_ref().map_or("", |u| u.as_str()).as_bytes());
            }
            Auth::Token { user_id, token } => {
                hasher.update(b"token\0");
                hasher.update(user_id.as_str().as_bytes());
                hasher.update(b"\0");
                hasher.update(token.expose().as_bytes());
            }
            _ => return None,
        }
        Some(hasher.finalize().into())
    }

    pub(crate) fn get(&self, key: &[u8; 32], now_ms: i64) -> Option<Account> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|entry| entry.valid_until_ms > now_ms)
            .map(|entry| entry.account.clone())
    }

    pub(crate) fn put(
        &self,
        key: [u8; 32],
        account: Account,
        expires_ms: Option<i64>,
        now_ms: i64,
    ) {
        let valid_until_ms = expires_ms.map_or(now_ms + TTL_MS, |at| at.min(now_ms + TTL_MS));
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                account,
                valid_until_ms,
            },
        );
    }

    pub(crate) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use callreport_model::{Auth, UserId};

    use super::{AuthCache, TTL_MS};
    use crate::{Account, AccountKey, Permissions};

    #[test]
    fn entries_last_until_the_credential_or_the_ttl_ends() {
        let cache = AuthCache::default();
        let user = UserId::new("1").unwrap();
        let account = Account::new(AccountKey::new(1), user.clone(), Permissions::none());
        let token = AuthCache::key(&Auth::token(user.clone(), "t")).unwrap();
        let other = AuthCache::key(&Auth::token(user, "u")).unwrap();
        let session = AuthCache::key(&Auth::session("t")).unwrap();
        assert_ne!(token, session);
        cache.put(token, account.clone(), None, 0);
        assert_eq!(cache.get(&token, TTL_MS - 1), Some(account.clone()));
        assert_eq!(cache.get(&token, TTL_MS), None);
        assert_eq!(cache.get(&other, 0), None);
        cache.put(session, account.clone(), Some(100), 0);
        assert_eq!(cache.get(&session, 99), Some(account));
        assert_eq!(cache.get(&session, 100), None);
        cache.clear();
        assert_eq!(cache.get(&token, 0), None);
    }
}
