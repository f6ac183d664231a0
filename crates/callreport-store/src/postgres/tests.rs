//! The query plans on PostgreSQL: list, count and detail queries search indexes and never read
//! a whole partition of `calls`. They need data and statistics: 20,000 demo calls, analysed.
#![cfg(feature = "demo")]

use std::time::Duration;

use callreport_model::{CallStatus, ReportFilter, SortKey, SortOrder};
use chrono::{NaiveDate, TimeZone};
use tokio_postgres::NoTls;

use super::filter::Clause;
use super::partitions::Month;
use super::read::{count_sql, detail_sql, list_sql};
use crate::testing::{Backend, TestDatabase};
use crate::{CallQuery, demo, plan_filters};

/// The plan's node lines, as `EXPLAIN` prints them.
async fn plan(client: &tokio_postgres::Client, query: &Clause) -> Vec<String> {
    let rows = client
        .query(&format!("EXPLAIN {}", query.sql), &query.values())
        .await
        .unwrap();
    rows.iter().map(|row| row.get::<_, String>(0)).collect()
}

/// No step reads a whole table, but for the empty partitions made ahead of time (the planner
/// scans a table of no pages rather than open its index: cost 0.00..0.00).
fn assert_indexed(plan: &[String], what: &str) {
    let reads_a_table =
        |line: &String| line.contains("Seq Scan") && !line.contains("cost=0.00..0.00 ");
    assert!(
        !plan.iter().any(reads_a_table),
        "{what} reads a whole table:\n{}",
        plan.join("\n")
    );
}

fn filters() -> Vec<(&'static str, ReportFilter)> {
    let day = NaiveDate::from_ymd_opt(2025, 11, 2).unwrap();
    let mut filters = plan_filters::selective(day);
    let ist = callreport_model::IST;
    filters.push((
        "statuses and a minimum talk time in a day",
        ReportFilter::new()
            .between(
                ist.with_ymd_and_hms(2025, 11, 2, 0, 0, 0).unwrap(),
                ist.with_ymd_and_hms(2025, 11, 2, 23, 59, 59).unwrap(),
            )
            .statuses([CallStatus::BOTH_ANSWERED])
            .min_duration(Duration::from_secs(30)),
    ));
    filters
}

#[tokio::test]
async fn list_count_and_detail_queries_use_indexes() {
    let Some(db) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let store = db.store();
    demo::prepare(store.as_ref(), 20_000).await.unwrap();
    store.refresh_statistics().await.unwrap();
    let (client, connection) = tokio_postgres::connect(&db.setting(), NoTls).await.unwrap();
    let connection = tokio::spawn(connection);
    let account: i64 = client
        .query_one("SELECT id FROM accounts WHERE user_id = '10000001'", &[])
        .await
        .unwrap()
        .get(0);
    for (what, filter) in filters() {
        assert_indexed(&plan(&client, &count_sql(account, &filter)).await, what);
        for (sort, order) in [
            (SortKey::StartTime, SortOrder::Descending),
            (SortKey::StartTime, SortOrder::Ascending),
        ] {
            let query = CallQuery {
                filter: filter.clone(),
                page: 2,
                limit: 100,
                sort,
                order,
                after: None,
            };
            let list = list_sql(account, &query, 100, 100);
            assert_indexed(&plan(&client, &list).await, what);
        }
    }
    let started = callreport_model::IST
        .with_ymd_and_hms(2025, 11, 2, 10, 0, 0)
        .unwrap()
        .timestamp_millis();
    let mut detail = Clause {
        sql: detail_sql(&Month::of(started).table()),
        params: Vec::new(),
    };
    detail.bind(account);
    detail.bind(started);
    detail.bind(1_i64);
    let steps = plan(&client, &detail).await;
    assert_indexed(&steps, "detail");
    assert!(
        steps.iter().any(|line| line.contains("Index Scan")),
        "{}",
        steps.join("\n")
    );
    drop(client);
    let _ = connection.await;
}

/// The first use migrates; callers that come meanwhile wait without holding a connection, so
/// a small pool does not run dry while the migration makes its partitions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_use_under_load_migrates_without_running_out_of_connections() {
    let Some(db) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    // The test database's schema emptied: as a database no server has used yet.
    let (client, connection) = tokio_postgres::connect(&db.setting(), NoTls).await.unwrap();
    let connection = tokio::spawn(connection);
    let schema: String = client
        .query_one("SELECT current_schema()", &[])
        .await
        .unwrap()
        .get(0);
    client
        .batch_execute(&format!(
            "DROP SCHEMA {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .await
        .unwrap();
    drop(client);
    let _ = connection.await;

    let store = super::PostgresStore::with_pool_size(&db.setting(), db.folder(), 2).unwrap();
    let reads: Vec<_> = (0..16)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { crate::Store::meta(&store, "demo").await })
        })
        .collect();
    for read in reads {
        assert_eq!(read.await.unwrap().unwrap(), None);
    }
}
