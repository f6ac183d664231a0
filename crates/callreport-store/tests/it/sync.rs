//! Mirroring: upserts counted as new, updated or unchanged, committed with their checkpoint.

use crate::support::{self, on_each_backend};
use callreport_model::generate::Generator;
use callreport_model::{Call, CallType, ReportFilter, UserId};
use callreport_store::{IndexedCall, SyncCheckpoint, SyncOutcome};
use chrono::{DateTime, TimeDelta, Utc};

const SOURCE: &str = "http://127.0.0.1:9";

fn calls(user: &UserId, count: usize) -> Vec<Call> {
    Generator::new(11)
        .user_id(user.clone())
        .take(count)
        .collect()
}

fn imports(calls: &[Call]) -> Vec<IndexedCall> {
    calls
        .iter()
        .map(|call| IndexedCall::new(call.to_json(), call))
        .collect()
}

fn at(call: &Call) -> DateTime<Utc> {
    call.started_at.with_timezone(&Utc)
}

on_each_backend! {
async fn a_call_is_stored_once_and_its_latest_version_wins(db) {
    let (store, user) = support::store(&db).await;
    let mut calls = calls(&user, 6);
    let first = store
        .sync_calls(&user, imports(&calls[..5]), None)
        .await
        .unwrap();
    assert_eq!(first, SyncOutcome::new(5, 0, 0));

    // A changed call type moves the call between the indexed filters too.
    let flipped = if calls[1].call_type.as_str() == "OBD" {
        "IBD"
    } else {
        "OBD"
    };
    calls[1].call_type = CallType::from_wire(flipped);
    calls[2].amount += 1.5;
    let through = at(&calls[5]) + TimeDelta::seconds(1);
    let second = store
        .sync_calls(
            &user,
            imports(&calls),
            Some(SyncCheckpoint::new(through, SOURCE)),
        )
        .await
        .unwrap();
    assert_eq!(second, SyncOutcome::new(1, 2, 3));
    assert_eq!(second.to_string(), "1 new, 2 updated, 3 unchanged");

    let account = store.account(&user).await.unwrap().unwrap();
    assert_eq!(
        store.count(&account, &ReportFilter::new()).await.unwrap(),
        6
    );
    let stored = store.call(&account, &calls[2].id).await.unwrap().unwrap();
    assert_eq!(stored.document, calls[2].to_json());
    let obd = ReportFilter::new().call_types([CallType::from_wire("OBD")]);
    let expected = calls
        .iter()
        .filter(|call| call.call_type.as_str() == "OBD")
        .count();
    assert_eq!(store.count(&account, &obd).await.unwrap(), expected as u64);
    assert_eq!(
        store.sync_checkpoint(&user).await.unwrap(),
        Some(SyncCheckpoint::new(through, SOURCE))
    );

    // Re-reading an earlier window completes it without moving the checkpoint back.
    let earlier = at(&calls[0]) + TimeDelta::seconds(1);
    let reread = store
        .sync_calls(
            &user,
            imports(&calls[..1]),
            Some(SyncCheckpoint::new(earlier, SOURCE)),
        )
        .await
        .unwrap();
    assert_eq!(reread, SyncOutcome::new(0, 0, 1));
    let kept = store.sync_checkpoint(&user).await.unwrap().unwrap();
    assert_eq!(kept.through, through);
}
}

on_each_backend! {
async fn a_failed_batch_moves_neither_the_calls_nor_the_checkpoint(db) {
    let (store, user) = support::store(&db).await;
    let calls = calls(&user, 4);
    let through = at(&calls[1]) + TimeDelta::seconds(1);
    store
        .sync_calls(
            &user,
            imports(&calls[..2]),
            Some(SyncCheckpoint::new(through, SOURCE)),
        )
        .await
        .unwrap();
    db.refuse_call(calls[3].id.as_str()).await;
    let later = at(&calls[3]) + TimeDelta::seconds(1);
    let failed = store
        .sync_calls(
            &user,
            imports(&calls[2..]),
            Some(SyncCheckpoint::new(later, SOURCE)),
        )
        .await;
    assert!(failed.is_err());
    let account = store.account(&user).await.unwrap().unwrap();
    assert_eq!(
        store.count(&account, &ReportFilter::new()).await.unwrap(),
        2
    );
    let checkpoint = store.sync_checkpoint(&user).await.unwrap().unwrap();
    assert_eq!(checkpoint.through, through);
}
}

on_each_backend! {
async fn call_ids_between_lists_a_half_open_range_in_start_order(db) {
    let (store, user) = support::store(&db).await;
    let calls = calls(&user, 8);
    assert_eq!(store.sync_checkpoint(&user).await.unwrap(), None);
    store
        .sync_calls(&user, imports(&calls), None)
        .await
        .unwrap();
    let ids = store
        .call_ids_between(&user, at(&calls[2]), at(&calls[6]))
        .await
        .unwrap();
    let mut expected: Vec<&Call> = calls
        .iter()
        .filter(|call| at(call) >= at(&calls[2]) && at(call) < at(&calls[6]))
        .collect();
    expected.sort_by(|a, b| (at(a), a.id.as_str()).cmp(&(at(b), b.id.as_str())));
    let expected: Vec<_> = expected.into_iter().map(|call| call.id.clone()).collect();
    assert!(expected.len() >= 4, "{expected:?}");
    assert_eq!(ids, expected);
}
}

on_each_backend! {
/// A count without a filter may come from a kept total (PostgreSQL keeps one): it must agree
/// with a count that reads every call, through new, replaced and removed calls.
async fn a_count_without_a_filter_stays_exact_through_every_write(db) {
    let (store, user) = support::store(&db).await;
    let account = store.account(&user).await.unwrap().unwrap();
    let mut calls = calls(&user, 12);
    let everything = ReportFilter::new().between(
        DateTime::parse_from_rfc3339("2000-01-01T00:00:00+05:30").unwrap(),
        DateTime::parse_from_rfc3339("2100-01-01T00:00:00+05:30").unwrap(),
    );
    let counts = || async {
        (
            store.count(&account, &ReportFilter::new()).await.unwrap(),
            store.count(&account, &everything).await.unwrap(),
        )
    };
    assert_eq!(counts().await, (0, 0));
    store.sync_calls(&user, imports(&calls[..6]), None).await.unwrap();
    assert_eq!(counts().await, (6, 6));
    calls[0].amount += 1.0;
    store.sync_calls(&user, imports(&calls[..8]), None).await.unwrap();
    assert_eq!(counts().await, (8, 8));
    let more: Vec<callreport_store::ImportCall> = calls[6..]
        .iter()
        .map(|call| callreport_store::ImportCall::new(call.to_json(), call.clone()))
        .collect();
    let imported = store.import(&user, more).await.unwrap();
    assert_eq!((imported.imported, imported.updated), (4, 2));
    assert_eq!(counts().await, (12, 12));
    store.remove_calls(&user).await.unwrap();
    assert_eq!(counts().await, (0, 0));
    store.sync_calls(&user, imports(&calls[..3]), None).await.unwrap();
    assert_eq!(counts().await, (3, 3));
}
}
