//! Push keys: stored as digests, found by key, replaced by a rotation, kept apart from the
//! other kinds of credential.

use std::sync::Arc;

use callreport_model::{Auth, UserId};
use callreport_store::testing::TestDatabase;
use callreport_store::{CredentialKind, Permissions, Store};

use crate::support::on_each_backend;

async fn store(db: &TestDatabase) -> Arc<dyn Store> {
    let store = db.store();
    for id in ["30000011", "30000012"] {
        store
            .ensure_account(&UserId::new(id).unwrap(), Permissions::list_call_log())
            .await
            .unwrap();
    }
    store
}

fn user(id: &str) -> UserId {
    UserId::new(id).unwrap()
}

on_each_backend! {
async fn a_push_key_finds_its_account_and_nothing_else_does(db) {
    let store = store(&db).await;
    let owner = user("30000011");
    store
        .add_credential(&owner, CredentialKind::Push, "push-key-one", None)
        .await
        .unwrap();
    store
        .add_credential(&owner, CredentialKind::Token, "token-one", None)
        .await
        .unwrap();
    let found = store.push_account("push-key-one").await.unwrap().unwrap();
    assert_eq!(found.user_id(), &owner);
    assert!(store.push_account("push-key-two").await.unwrap().is_none());
    assert!(store.push_account("token-one").await.unwrap().is_none());
    assert!(store.push_account("").await.unwrap().is_none());
    // A push key is not an API token.
    let auth = Auth::token(owner.clone(), "push-key-one");
    assert!(store.authenticate(&auth).await.unwrap().is_none());
}
}

on_each_backend! {
async fn a_rotation_replaces_the_key(db) {
    let store = store(&db).await;
    let owner = user("30000011");
    store
        .add_credential(&owner, CredentialKind::Push, "old-push-key", None)
        .await
        .unwrap();
    store
        .add_credential(&owner, CredentialKind::Token, "kept-token", None)
        .await
        .unwrap();
    store
        .replace_credential(&owner, CredentialKind::Push, "new-push-key")
        .await
        .unwrap();
    assert!(store.push_account("old-push-key").await.unwrap().is_none());
    assert!(store.push_account("new-push-key").await.unwrap().is_some());
    let auth = Auth::token(owner.clone(), "kept-token");
    assert!(store.authenticate(&auth).await.unwrap().is_some());
}
}

on_each_backend! {
async fn another_accounts_key_is_refused_and_nothing_changes(db) {
    let store = store(&db).await;
    store
        .add_credential(&user("30000011"), CredentialKind::Push, "taken-key", None)
        .await
        .unwrap();
    store
        .add_credential(&user("30000012"), CredentialKind::Push, "own-key", None)
        .await
        .unwrap();
    let refused = store
        .replace_credential(&user("30000012"), CredentialKind::Push, "taken-key")
        .await;
    assert!(refused.is_err());
    let still = store.push_account("own-key").await.unwrap().unwrap();
    assert_eq!(still.user_id(), &user("30000012"));
    let unknown = store
        .replace_credential(&user("39999999"), CredentialKind::Push, "any-key")
        .await;
    assert!(unknown.is_err());
}
}
