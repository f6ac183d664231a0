//! What the store's tests share: a fresh store holding one account, on each backend.

use std::sync::Arc;

use callreport_model::UserId;
use callreport_store::testing::TestDatabase;
use callreport_store::{Permissions, Store};

/// The account of the tests.
pub(crate) const USER: &str = "30000001";

/// The store of `db`, with [`USER`]'s account.
pub(crate) async fn store(db: &TestDatabase) -> (Arc<dyn Store>, UserId) {
    let store = db.store();
    let user = UserId::new(USER).unwrap();
    store
        .ensure_account(&user, Permissions::list_call_log())
        .await
        .unwrap();
    (store, user)
}

/// A test body run on each backend: `async fn name(db) { … }` becomes the tests
/// `name::sqlite` and `name::postgres`, each with `db` a fresh
/// [`callreport_store::testing::TestDatabase`] (the PostgreSQL one is skipped, saying so,
/// where no server is configured).
macro_rules! on_each_backend {
    ($(#[$attribute:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$attribute])*
        mod $name {
            #[allow(clippy::wildcard_imports, reason = "the body sees its file's imports")]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                run(callreport_store::testing::Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                run(callreport_store::testing::Backend::Postgres).await;
            }

            async fn run(backend: callreport_store::testing::Backend) {
                let Some($db) = callreport_store::testing::TestDatabase::create(backend).await
                else {
                    return;
                };
                $body
            }
        }
    };
}
pub(crate) use on_each_backend;
