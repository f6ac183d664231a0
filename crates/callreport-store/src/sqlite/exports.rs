//! Export requests in SQLite: the `export_requests` table.

use std::path::PathBuf;

use callreport_model::{ExportFormat, ExportId, ExportState, ExportStatus, IST};
use chrono::TimeZone;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::errors::Outcome;
use crate::error::StoreError;
use crate::unix_ms::{millis, now_ms};
use crate::{ExpiredExport, ExportPage, ExportQuota, ExportRecord, ExportUpdate, NewExport};

const COLUMNS: &str = "export_id, format, title, state, rows, bytes, file_path, error, \
                       created_ms, finished_ms";

fn record(row: &Row<'_>) -> rusqlite::Result<ExportRecord> {
    let id: String = row.get(0)?;
    let format: String = row.get(1)?;
    let state: String = row.get(3)?;
    let created_ms: i64 = row.get(8)?;
    let finished_ms: Option<i64> = row.get(9)?;
    let at = |ms: i64| IST.timestamp_millis_opt(ms).single();
    let id = ExportId::new(id).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, error.into())
    })?;
    let created = at(created_ms).unwrap_or_else(|| IST.timestamp_nanos(0));
    let mut status = ExportStatus::new(
        id,
        ExportFormat::from_wire(&format),
        ExportState::from_wire(&state),
        created,
    );
    status.title = row.get(2)?;
    status.rows = u64::try_from(row.get::<_, i64>(4)?).unwrap_or(0);
    status.bytes = row
        .get::<_, Option<i64>>(5)?
        .and_then(|b| u64::try_from(b).ok());
    status.reason = row.get(7)?;
    status.finished_at = finished_ms.and_then(at);
    let file = row.get::<_, Option<String>>(6)?.map(PathBuf::from);
    Ok(ExportRecord { status, file })
}

/// Records a request, in one transaction with the check of the account's quota, so that
/// concurrent requests cannot pass it together.
pub(crate) fn create(
    conn: &mut Connection,
    account: i64,
    new: &NewExport,
) -> Outcome<ExportRecord> {
    let now = now_ms();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(quota) = &new.quota {
        check_quota(&tx, account, quota)?;
    }
    let (owner, lease_ms) = new.lease_from(now);
    tx.execute(
        "INSERT INTO export_requests (export_id, account, format, title, filter, columns, \
         created_ms, updated_ms, owner, lease_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
        params![
            new.id.as_str(),
            account,
            new.format.as_str(),
            new.title,
            new.filter,
            new.columns,
            now,
            owner,
            lease_ms
        ],
    )?;
    let record = find(&tx, Some(account), &new.id)?
        .ok_or_else(|| StoreError::Invalid("the new export request was not stored".into()))?;
    tx.commit()?;
    Ok(record)
}

fn check_quota(conn: &Connection, account: i64, quota: &ExportQuota) -> Outcome<()> {
    let (active, kept): (i64, i64) = conn.query_row(
        "SELECT COUNT(*) FILTER (WHERE state IN ('queued', 'running')), \
         COALESCE(SUM(bytes) FILTER (WHERE state = 'done'), 0) \
         FROM export_requests WHERE account = ?1",
        params![account],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(quota.admits(active, kept)?)
}

/// One request; `account` `None` finds it whatever its account (for the server's own work).
pub(crate) fn find(
    conn: &Connection,
    account: Option<i64>,
    id: &ExportId,
) -> Outcome<Option<ExportRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM export_requests WHERE export_id = ?1 \
         AND (?2 IS NULL OR account = ?2)"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id.as_str(), account], record)
        .optional()?)
}

/// One page of the account's requests, newest first, with the account's total.
pub(crate) fn list(conn: &Connection, account: i64, page: u32, limit: u32) -> Outcome<ExportPage> {
    let sql = format!(
        "SELECT {COLUMNS} FROM export_requests WHERE account = ?1 \
         ORDER BY created_ms DESC, id DESC LIMIT ?2 OFFSET ?3"
    );
    let offset = i64::from(page.max(1) - 1) * i64::from(limit);
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![account, limit, offset], record)?;
    let records = rows.collect::<Result<_, _>>()?;
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM export_requests WHERE account = ?1")?
        .query_row(params![account], |row| row.get(0))?;
    Ok(ExportPage {
        records,
        total: u64::try_from(total).unwrap_or(0),
    })
}

pub(crate) fn rename(
    conn: &Connection,
    account: i64,
    id: &ExportId,
    title: &str,
) -> Outcome<Option<ExportRecord>> {
    conn.execute(
        "UPDATE export_requests SET title = ?3, updated_ms = ?4 \
         WHERE export_id = ?1 AND account = ?2",
        params![id.as_str(), account, title, now_ms()],
    )?;
    find(conn, Some(account), id)
}

/// Applies a step if the request is in the state the step starts from; true when it was.
pub(crate) fn update(conn: &Connection, id: &ExportId, update: &ExportUpdate) -> Outcome<bool> {
    let now = now_ms();
    let changed = match update {
        ExportUpdate::Started => conn.execute(
            "UPDATE export_requests SET state = 'running', updated_ms = ?2 \
             WHERE export_id = ?1 AND state = 'queued'",
            params![id.as_str(), now],
        )?,
        ExportUpdate::Progress { rows } => conn.execute(
            "UPDATE export_requests SET rows = ?2, updated_ms = ?3 \
             WHERE export_id = ?1 AND state = 'running'",
            params![id.as_str(), clamp(*rows), now],
        )?,
        ExportUpdate::Done { rows, bytes, file } => conn.execute(
            "UPDATE export_requests SET state = 'done', rows = ?2, bytes = ?3, file_path = ?4, \
             finished_ms = ?5, updated_ms = ?5 WHERE export_id = ?1 AND state = 'running'",
            params![
                id.as_str(),
                clamp(*rows),
                clamp(*bytes),
                file.to_string_lossy(),
                now
            ],
        )?,
        ExportUpdate::Failed { reason } => conn.execute(
            "UPDATE export_requests SET state = 'failed', error = ?2, finished_ms = ?3, \
             updated_ms = ?3 WHERE export_id = ?1 AND state IN ('queued', 'running')",
            params![id.as_str(), reason, now],
        )?,
    };
    Ok(changed > 0)
}

/// Marks every queued or running request failed: what a starting server does, since no work
/// of an earlier process survives it.
pub(crate) fn fail_unfinished(conn: &Connection, reason: &str) -> Outcome<u64> {
    let changed = conn.execute(
        "UPDATE export_requests SET state = 'failed', error = ?1, finished_ms = ?2, \
         updated_ms = ?2 WHERE state IN ('queued', 'running')",
        params![reason, now_ms()],
    )?;
    Ok(u64::try_from(changed).unwrap_or(u64::MAX))
}

/// Extends the leases of every unfinished request `owner` holds to `lease` from now.
pub(crate) fn renew_leases(
    conn: &Connection,
    owner: &str,
    lease: std::time::Duration,
) -> Outcome<u64> {
    let until = now_ms().saturating_add(millis(lease));
    let changed = conn.execute(
        "UPDATE export_requests SET lease_ms = ?2 \
         WHERE owner = ?1 AND state IN ('queued', 'running')",
        params![owner, until],
    )?;
    Ok(u64::try_from(changed).unwrap_or(u64::MAX))
}

/// Fails every unfinished request whose lease ran out (or that has none); with `others`, also
/// every one that `owner` does not hold.
pub(crate) fn fail_stale(
    conn: &Connection,
    owner: &str,
    others: bool,
    reason: &str,
) -> Outcome<u64> {
    let now = now_ms();
    let changed = conn.execute(
        "UPDATE export_requests SET state = 'failed', error = ?3, finished_ms = ?4, \
         updated_ms = ?4 WHERE state IN ('queued', 'running') AND (lease_ms IS NULL \
         OR lease_ms < ?4 OR (?2 AND (owner IS NULL OR owner <> ?1)))",
        params![owner, others, reason, now],
    )?;
    Ok(u64::try_from(changed).unwrap_or(u64::MAX))
}

/// Finished requests (done or failed) that finished before `cutoff_ms`, oldest first.
pub(crate) fn expired(
    conn: &Connection,
    cutoff_ms: i64,
    limit: u32,
) -> Outcome<Vec<ExpiredExport>> {
    let mut statement = conn.prepare_cached(
        "SELECT export_id, file_path FROM export_requests \
         WHERE state IN ('done', 'failed') AND finished_ms < ?1 ORDER BY finished_ms LIMIT ?2",
    )?;
    let rows = statement.query_map(params![cutoff_ms, limit], |row| {
        let id: String = row.get(0)?;
        let file: Option<String> = row.get(1)?;
        Ok((id, file))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (id, file) = row?;
        if let Ok(id) = ExportId::new(id) {
            found.push(ExpiredExport {
                id,
                file: file.map(PathBuf::from),
            });
        }
    }
    Ok(found)
}

/// Deletes a finished request's record.
pub(crate) fn delete_finished(conn: &Connection, id: &ExportId) -> Outcome<bool> {
    let changed = conn.execute(
        "DELETE FROM export_requests WHERE export_id = ?1 AND state IN ('done', 'failed')",
        params![id.as_str()],
    )?;
    Ok(changed > 0)
}

fn clamp(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
