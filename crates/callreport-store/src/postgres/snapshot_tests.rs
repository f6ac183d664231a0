//! A read made of several statements sees one snapshot: a write that commits between two of
//! them is not seen by the second.

use callreport_model::UserId;
use futures::FutureExt as _;

use super::PostgresStore;
use crate::testing::{Backend, TestDatabase};
use crate::{Permissions, Store};

#[tokio::test]
async fn a_read_in_a_snapshot_does_not_see_a_write_committed_meanwhile() {
    let Some(db) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let store = PostgresStore::open(&db.setting(), db.folder().join("files"))
        .await
        .unwrap();
    let writer = store.clone();
    let accounts = "SELECT count(*) FROM accounts";
    let (before, after) = store
        .in_snapshot(move |client| {
            async move {
                let before: i64 = client.query_one(accounts, &[]).await?.get(0);
                let user = UserId::new("30000001").unwrap();
                writer.ensure_account(&user, Permissions::default()).await?;
                let after: i64 = client.query_one(accounts, &[]).await?.get(0);
                Ok((before, after))
            }
            .boxed()
        })
        .await
        .unwrap();
    assert_eq!(after, before, "the second read saw the write");
    let now: i64 = store
        .with(move |client| {
            async move { Ok(client.query_one(accounts, &[]).await?.get(0)) }.boxed()
        })
        .await
        .unwrap();
    assert_eq!(now, before + 1, "the write committed");
}
