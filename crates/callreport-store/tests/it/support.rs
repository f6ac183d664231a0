//! What the store's tests share: a fresh store holding one account.

use callreport_model::UserId;
use callreport_store::{Permissions, SqliteStore, Store};

/// The account of the tests.
pub(crate) const USER: &str = "30000001";

/// A store in a temporary folder (named `name`.sqlite), with [`USER`]'s account.
pub(crate) async fn store(name: &str) -> (tempfile::TempDir, SqliteStore, UserId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join(format!("{name}.sqlite")))
        .await
        .unwrap();
    let user = UserId::new(USER).unwrap();
    store
        .ensure_account(&user, Permissions::list_call_log())
        .await
        .unwrap();
    (dir, store, user)
}
