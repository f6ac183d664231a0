//! Mirroring: calls upserted with the checkpoint that covers them, in one transaction.

use callreport_model::CallId;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::call_row::{Upserted, upsert_call};
use super::errors::Outcome;
use crate::unix_ms::now_ms;
use crate::{IndexedCall, SyncCheckpoint, SyncOutcome};

/// Upserts `calls` into the account; a call whose document is stored already, byte for byte,
/// is left alone.
pub(crate) fn upsert(
    tx: &Transaction<'_>,
    account: i64,
    calls: &[IndexedCall],
) -> Outcome<SyncOutcome> {
    let mut outcome = SyncOutcome::default();
    for call in calls {
        match upsert_call(tx, account, call)? {
            Upserted::New => outcome.new += 1,
            Upserted::Replaced => outcome.updated += 1,
            Upserted::Same => outcome.unchanged += 1,
        }
    }
    Ok(outcome)
}

/// Records how far the account is mirrored; it never moves back (a re-read of earlier windows
/// completes windows before the checkpoint).
pub(crate) fn set_checkpoint(
    tx: &Transaction<'_>,
    account: i64,
    checkpoint: &SyncCheckpoint,
) -> Outcome<()> {
    tx.execute(
        "INSERT INTO sync_checkpoints (account, through_ms, source, updated_ms) \
         VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (account) DO UPDATE SET \
         through_ms = max(sync_checkpoints.through_ms, excluded.through_ms), \
         source = excluded.source, updated_ms = excluded.updated_ms",
        params![
            account,
            checkpoint.through.timestamp_millis(),
            checkpoint.source,
            now_ms()
        ],
    )?;
    Ok(())
}

/// How far the account is mirrored, if a window of it ever completed.
pub(crate) fn checkpoint(conn: &Connection, account: i64) -> Outcome<Option<SyncCheckpoint>> {
    let found = conn
        .query_row(
            "SELECT through_ms, source FROM sync_checkpoints WHERE account = ?",
            params![account],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(found.map(|(through_ms, source)| {
        SyncCheckpoint::new(
            DateTime::from_timestamp_millis(through_ms).unwrap_or_default(),
            source,
        )
    }))
}

/// The ids of the account's calls that started in `[from, to)`, in start order.
pub(crate) fn call_ids(
    conn: &Connection,
    account: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Outcome<Vec<CallId>> {
    let mut statement = conn.prepare_cached(
        "SELECT call_id FROM calls WHERE account = ?1 AND started_ms >= ?2 AND started_ms < ?3 \
         ORDER BY started_ms, call_id",
    )?;
    let ids = statement
        .query_map(
            params![account, from.timestamp_millis(), to.timestamp_millis()],
            |row| row.get::<_, String>(0),
        )?
        .collect::<Result<Vec<String>, _>>()?;
    // Every stored id was checked when it was written.
    Ok(ids
        .into_iter()
        .filter_map(|id| CallId::new(id).ok())
        .collect())
}
