//! Mirroring: how far each account is mirrored, and the calls of a window.

use callreport_model::CallId;
use chrono::{DateTime, Utc};
use tokio_postgres::Client;

use super::errors::Outcome;
use crate::SyncCheckpoint;
use crate::unix_ms::now_ms;

/// Records how far the account is mirrored; it never moves back.
pub(crate) async fn set_checkpoint(
    client: &Client,
    account: i64,
    checkpoint: &SyncCheckpoint,
) -> Outcome<()> {
    client
        .execute(
            "INSERT INTO sync_checkpoints (account, through_ms, source, updated_ms) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account) DO UPDATE SET \
             through_ms = greatest(sync_checkpoints.through_ms, excluded.through_ms), \
             source = excluded.source, updated_ms = excluded.updated_ms",
            &[
                &account,
                &checkpoint.through.timestamp_millis(),
                &checkpoint.source,
                &now_ms(),
            ],
        )
        .await?;
    Ok(())
}

/// How far the account is mirrored, if a window of it ever completed.
pub(crate) async fn checkpoint(client: &Client, account: i64) -> Outcome<Option<SyncCheckpoint>> {
    let row = client
        .query_opt(
            "SELECT through_ms, source FROM sync_checkpoints WHERE account = $1",
            &[&account],
        )
        .await?;
    Ok(row.map(|row| {
        SyncCheckpoint::new(
            DateTime::from_timestamp_millis(row.get(0)).unwrap_or_default(),
            row.get::<_, String>(1),
        )
    }))
}

/// The ids of the account's calls that started in `[from, to)`, in start order.
pub(crate) async fn call_ids(
    client: &Client,
    account: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Outcome<Vec<CallId>> {
    let rows = client
        .query(
            "SELECT call_id FROM calls WHERE account = $1 AND started_ms >= $2 \
             AND started_ms < $3 ORDER BY started_ms, call_id",
            &[&account, &from.timestamp_millis(), &to.timestamp_millis()],
        )
        .await?;
    // Every stored id was checked when it was written.
    Ok(rows
        .iter()
        .filter_map(|row| CallId::new(row.get::<_, String>(0)).ok())
        .collect())
}
