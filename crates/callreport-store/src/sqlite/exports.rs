//! Export requests in SQLite: the `export_requests` table.

use std::path::PathBuf;

use callreport_model::{ExportFormat, ExportId, ExportState, ExportStatus, IST};
use chrono::TimeZone;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::errors::Outcome;
use super::read::now_ms;
use crate::{ExportRecord, ExportUpdate, NewExport};

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

pub(crate) fn create(conn: &Connection, account: i64, new: &NewExport) -> Outcome<ExportRecord> {
    let now = now_ms();
    conn.execute(
        "INSERT INTO export_requests (export_id, account, format, title, filter, columns, \
         created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            new.id.as_str(),
            account,
            new.format.as_str(),
            new.title,
            new.filter,
            new.columns,
            now
        ],
    )?;
    Ok(find(conn, Some(account), &new.id)?.ok_or_else(|| {
        crate::error::StoreError::Invalid("the new export request was not stored".into())
    })?)
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

pub(crate) fn list(conn: &Connection, account: i64) -> Outcome<Vec<ExportRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM export_requests WHERE account = ?1 \
         ORDER BY created_ms DESC, id DESC"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![account], record)?;
    Ok(rows.collect::<Result<_, _>>()?)
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

fn clamp(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
