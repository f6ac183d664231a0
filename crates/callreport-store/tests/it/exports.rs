//! Export leases: a job whose lease ran out is failed, a renewed one is not.

use std::sync::Arc;
use std::time::Duration;

use callreport_model::{ExportFormat, ExportId, ExportState, UserId};
use callreport_store::testing::TestDatabase;
use callreport_store::{Account, NewExport, Permissions, Store};

use crate::support::on_each_backend;

async fn store(db: &TestDatabase) -> (Arc<dyn Store>, Account) {
    let store = db.store();
    let account = store
        .ensure_account(
            &UserId::new("30000009").unwrap(),
            Permissions::list_call_log(),
        )
        .await
        .unwrap();
    (store, account)
}

async fn leased(store: &Arc<dyn Store>, account: &Account, id: &str, lease: Duration) -> ExportId {
    let id = ExportId::new(id).unwrap();
    let new = NewExport::new(id.clone(), ExportFormat::Csv, "{}".into()).owned_by("a", lease);
    store.create_export(account, new).await.unwrap();
    id
}

async fn state(store: &Arc<dyn Store>, account: &Account, id: &ExportId) -> ExportState {
    store
        .export(account, id)
        .await
        .unwrap()
        .unwrap()
        .status
        .state
}

on_each_backend! {
async fn a_job_whose_lease_ran_out_is_failed_and_a_renewed_one_is_not(db) {
    let (store, account) = store(&db).await;
    let stale = leased(&store, &account, "exp_01", Duration::ZERO).await;
    let fresh = leased(&store, &account, "exp_02", Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        store.fail_stale_exports("b", false, "gone").await.unwrap(),
        1
    );
    assert_eq!(state(&store, &account, &stale).await, ExportState::Failed);
    assert_eq!(state(&store, &account, &fresh).await, ExportState::Queued);

    let renewed = leased(&store, &account, "exp_03", Duration::ZERO).await;
    assert_eq!(
        store
            .renew_export_leases("a", Duration::from_secs(60))
            .await
            .unwrap(),
        2
    );
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        store.fail_stale_exports("a", false, "gone").await.unwrap(),
        0
    );
    assert_eq!(state(&store, &account, &renewed).await, ExportState::Queued);
    // A starting server also fails what it does not hold, whatever the lease.
    assert_eq!(
        store
            .fail_stale_exports("b", true, "restart")
            .await
            .unwrap(),
        2
    );
    assert_eq!(state(&store, &account, &fresh).await, ExportState::Failed);
}
}
