//! The query plans: list, count and detail queries search indexes, never scan the call table.
//! They need the demo data: the planner's choices depend on its statistics.
#![cfg(feature = "demo")]

use std::time::Duration;

use callreport_model::{CallStatus, CallType, DurationKind, ReportFilter, SortKey, SortOrder};
use chrono::NaiveDate;
use rusqlite::{Connection, params_from_iter};

use super::read::{DETAIL_SQL, count_sql, list_sql};
use super::schema;
use crate::{CallQuery, Cursor, SqliteStore};
use crate::{demo, plan_filters};

fn plan(conn: &Connection, sql: &str, params: &[rusqlite::types::Value]) -> Vec<String> {
    let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    statement
        .query_map(params_from_iter(params), |row| row.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn indexed(step: &str) -> bool {
    step.contains("INDEX") || step.contains("PRIMARY KEY")
}

/// Every step that reads the call table (`c`) or a side table searches an index (or the
/// primary key, which is one).
fn assert_indexed(plan: &[String], what: &str) {
    let reads: Vec<&String> = plan
        .iter()
        .filter(|step| step.starts_with("SEARCH c ") || step.starts_with("SCAN c"))
        .collect();
    assert!(!reads.is_empty(), "{what}: {plan:?}");
    for step in reads {
        assert!(
            step.starts_with("SEARCH c USING") && indexed(step),
            "{what} reads calls without an index: {plan:?}"
        );
    }
    for step in plan
        .iter()
        .filter(|s| s.starts_with("SEARCH a ") || s.starts_with("SEARCH f "))
    {
        assert!(indexed(step), "{what}: {plan:?}");
    }
}

fn filters() -> Vec<(&'static str, ReportFilter)> {
    let mut filters = plan_filters::selective(NaiveDate::from_ymd_opt(2025, 11, 1).unwrap());
    filters.extend([
        ("everything", ReportFilter::new()),
        (
            "types, statuses and a minimum talk time",
            ReportFilter::new()
                .call_types([CallType::ClickToCall])
                .statuses([CallStatus::BOTH_ANSWERED])
                .min_duration(Duration::from_secs(30)),
        ),
        (
            "queue time",
            ReportFilter::new()
                .min_duration(Duration::from_secs(10))
                .duration_kind(DurationKind::Queue),
        ),
    ]);
    filters
}

#[tokio::test]
async fn list_count_and_detail_queries_use_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("plans.sqlite"))
        .await
        .unwrap();
    demo::prepare(&store, 200).await.unwrap();
    store
        .run(|conn| {
            let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            assert_eq!(version, schema::VERSION);
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            assert_eq!(mode, "wal");
            let account = 1;
            for (what, filter) in filters() {
                let count = count_sql(account, &filter);
                assert_indexed(&plan(conn, &count.sql, &count.params), what);
                for (sort, order) in [
                    (SortKey::StartTime, SortOrder::Descending),
                    (SortKey::StartTime, SortOrder::Ascending),
                    (SortKey::Amount, SortOrder::Descending),
                ] {
                    for after in [
                        None,
                        Some(Cursor {
                            value: 1_762_000_000_000.0,
                            call_id: "abc".to_owned(),
                        }),
                    ] {
                        let query = CallQuery {
                            filter: filter.clone(),
                            page: 2,
                            limit: 100,
                            sort,
                            order,
                            after,
                        };
                        let list = list_sql(account, &query);
                        let mut params = list.params.clone();
                        params.extend([100.into(), 100.into()]);
                        let steps = plan(conn, &list.sql, &params);
                        assert_indexed(&steps, what);
                        // Without a narrower index to use, the time index also gives the order.
                        let only_time = matches!(what, "everything" | "a day");
                        if sort == SortKey::StartTime && only_time {
                            assert!(
                                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                                "{what}: the time index gives the order: {steps:?}"
                            );
                        }
                    }
                }
            }
            let detail = plan(conn, DETAIL_SQL, &[account.into(), "abc".to_owned().into()]);
            assert!(
                detail
                    .iter()
                    .any(|s| s.starts_with("SEARCH c USING INDEX calls_by_id")),
                "{detail:?}"
            );
            Ok(())
        })
        .await
        .unwrap();
}
