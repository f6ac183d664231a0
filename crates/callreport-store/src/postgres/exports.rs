//! Export requests in PostgreSQL: the `export_requests` table.

use std::path::PathBuf;

use callreport_model::{ExportFormat, ExportId, ExportState, ExportStatus, IST, UserId};
use chrono::TimeZone;
use tokio_postgres::{Client, Row};

use super::errors::Outcome;
use crate::error::StoreError;
use crate::indexed_call::to_i64;
use crate::unix_ms::{millis, now_ms};
use crate::{
    Account, AccountKey, ClaimedExport, ExpiredExport, ExportPage, ExportQuota, ExportRecord,
    ExportUpdate, NewExport, Permissions,
};

const COLUMNS: &str = "export_id, format, title, state, rows, bytes, file_path, error, \
                       created_ms, finished_ms";

fn record(row: &Row) -> Outcome<ExportRecord> {
    let at = |ms: i64| IST.timestamp_millis_opt(ms).single();
    let id = ExportId::new(row.get::<_, String>(0))
        .map_err(|error| StoreError::Invalid(format!("a stored export id: {error}")))?;
    let created = at(row.get(8)).unwrap_or_else(|| IST.timestamp_nanos(0));
    let mut status = ExportStatus::new(
        id,
        ExportFormat::from_wire(row.get(1)),
        ExportState::from_wire(row.get(3)),
        created,
    );
    status.title = row.get(2);
    status.rows = u64::try_from(row.get::<_, i64>(4)).unwrap_or(0);
    status.bytes = row
        .get::<_, Option<i64>>(5)
        .and_then(|b| u64::try_from(b).ok());
    status.reason = row.get(7);
    status.finished_at = row.get::<_, Option<i64>>(9).and_then(at);
    let file = row.get::<_, Option<String>>(6).map(PathBuf::from);
    Ok(ExportRecord { status, file })
}

/// Records a request, in one transaction with the check of the account's quota; the account's
/// row is locked first, so that concurrent requests (on any server) cannot pass it together.
pub(crate) async fn create(
    client: &mut Client,
    account: i64,
    new: &NewExport,
) -> Outcome<ExportRecord> {
    let now = now_ms();
    let tx = client.transaction().await?;
    tx.execute(
        "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE",
        &[&account],
    )
    .await?;
    if let Some(quota) = &new.quota {
        check_quota(tx.client(), account, quota).await?;
    }
    let (owner, lease_ms) = new.lease_from(now);
    tx.execute(
        "INSERT INTO export_requests (export_id, account, format, title, filter, columns, \
         created_ms, updated_ms, owner, lease_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
        &[
            &new.id.as_str(),
            &account,
            &new.format.as_str(),
            &new.title,
            &new.filter,
            &new.columns,
            &now,
            &owner,
            &lease_ms,
        ],
    )
    .await?;
    let record = find(tx.client(), Some(account), &new.id)
        .await?
        .ok_or_else(|| StoreError::Invalid("the new export request was not stored".into()))?;
    tx.commit().await?;
    Ok(record)
}

async fn check_quota(client: &Client, account: i64, quota: &ExportQuota) -> Outcome<()> {
    let row = client
        .query_one(
            "SELECT COUNT(*) FILTER (WHERE state IN ('queued', 'running')), \
             COALESCE(SUM(bytes) FILTER (WHERE state = 'done'), 0)::bigint \
             FROM export_requests WHERE account = $1",
            &[&account],
        )
        .await?;
    let (active, kept): (i64, i64) = (row.get(0), row.get(1));
    Ok(quota.admits(active, kept)?)
}

/// One request; `account` `None` finds it whatever its account (for the server's own work).
pub(crate) async fn find(
    client: &Client,
    account: Option<i64>,
    id: &ExportId,
) -> Outcome<Option<ExportRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM export_requests WHERE export_id = $1 \
         AND ($2::bigint IS NULL OR account = $2)"
    );
    client
        .query_opt(&sql, &[&id.as_str(), &account])
        .await?
        .as_ref()
        .map(record)
        .transpose()
}

/// One page of the account's requests, newest first, with the account's total.
pub(crate) async fn list(
    client: &Client,
    account: i64,
    page: u32,
    limit: u32,
) -> Outcome<ExportPage> {
    let sql = format!(
        "SELECT {COLUMNS} FROM export_requests WHERE account = $1 \
         ORDER BY created_ms DESC, id DESC LIMIT $2 OFFSET $3"
    );
    let offset = i64::from(page.max(1) - 1) * i64::from(limit);
    let rows = client
        .query(&sql, &[&account, &i64::from(limit), &offset])
        .await?;
    let records = rows.iter().map(record).collect::<Outcome<_>>()?;
    let total: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM export_requests WHERE account = $1",
            &[&account],
        )
        .await?
        .get(0);
    Ok(ExportPage {
        records,
        total: u64::try_from(total).unwrap_or(0),
    })
}

pub(crate) async fn rename(
    client: &Client,
    account: i64,
    id: &ExportId,
    title: &str,
) -> Outcome<Option<ExportRecord>> {
    client
        .execute(
            "UPDATE export_requests SET title = $3, updated_ms = $4 \
             WHERE export_id = $1 AND account = $2",
            &[&id.as_str(), &account, &title, &now_ms()],
        )
        .await?;
    find(client, Some(account), id).await
}

/// Applies a step if the request is in the state the step starts from; true when it was.
pub(crate) async fn update(client: &Client, id: &ExportId, update: &ExportUpdate) -> Outcome<bool> {
    let now = now_ms();
    let id = id.as_str();
    let changed =
        match update {
            ExportUpdate::Started => {
                client
                    .execute(
                        "UPDATE export_requests SET state = 'running', updated_ms = $2 \
                     WHERE export_id = $1 AND state = 'queued'",
                        &[&id, &now],
                    )
                    .await?
            }
            ExportUpdate::Progress { rows } => {
                client
                    .execute(
                        "UPDATE export_requests SET rows = $2, updated_ms = $3 \
                     WHERE export_id = $1 AND state = 'running'",
                        &[&id, &to_i64(*rows), &now],
                    )
                    .await?
            }
            ExportUpdate::Done { rows, bytes, file } => {
                client
                    .execute(
                        "UPDATE export_requests SET state = 'done', rows = $2, bytes = $3, \
                     file_path = $4, finished_ms = $5, updated_ms = $5 \
                     WHERE export_id = $1 AND state = 'running'",
                        &[
                            &id,
                            &to_i64(*rows),
                            &to_i64(*bytes),
                            &file.to_string_lossy().as_ref(),
                            &now,
                        ],
                    )
                    .await?
            }
            ExportUpdate::Failed { reason } => client
                .execute(
                    "UPDATE export_requests SET state = 'failed', error = $2, finished_ms = $3, \
                     updated_ms = $3 WHERE export_id = $1 AND state IN ('queued', 'running')",
                    &[&id, reason, &now],
                )
                .await?,
        };
    Ok(changed > 0)
}

/// Marks every queued or running request failed.
pub(crate) async fn fail_unfinished(client: &Client, reason: &str) -> Outcome<u64> {
    Ok(client
        .execute(
            "UPDATE export_requests SET state = 'failed', error = $1, finished_ms = $2, \
             updated_ms = $2 WHERE state IN ('queued', 'running')",
            &[&reason, &now_ms()],
        )
        .await?)
}

/// Extends the leases of every unfinished request `owner` holds to `lease` from now.
pub(crate) async fn renew_leases(
    client: &Client,
    owner: &str,
    lease: std::time::Duration,
) -> Outcome<u64> {
    let until = now_ms().saturating_add(millis(lease));
    Ok(client
        .execute(
            "UPDATE export_requests SET lease_ms = $2 \
             WHERE owner = $1 AND state IN ('queued', 'running')",
            &[&owner, &until],
        )
        .await?)
}

/// Fails every unfinished request whose lease ran out (or that has none); with `others`, also
/// every one that `owner` does not hold.
pub(crate) async fn fail_stale(
    client: &Client,
    owner: &str,
    others: bool,
    reason: &str,
) -> Outcome<u64> {
    Ok(client
        .execute(
            "UPDATE export_requests SET state = 'failed', error = $3, finished_ms = $4, \
             updated_ms = $4 WHERE state IN ('queued', 'running') AND (lease_ms IS NULL \
             OR lease_ms < $4 OR ($2 AND (owner IS NULL OR owner <> $1)))",
            &[&owner, &others, &reason, &now_ms()],
        )
        .await?)
}

/// Takes over the oldest unfinished request whose lease ran out, skipping any another server
/// is taking over at the same moment (`FOR UPDATE SKIP LOCKED`).
pub(crate) async fn claim_stale(
    client: &Client,
    owner: &str,
    lease: std::time::Duration,
) -> Outcome<Option<ClaimedExport>> {
    let now = now_ms();
    let row = client
        .query_opt(
            "UPDATE export_requests e SET owner = $1, lease_ms = $2, state = 'queued', rows = 0, \
             updated_ms = $3 \
             FROM (SELECT id FROM export_requests \
                   WHERE state IN ('queued', 'running') AND (lease_ms IS NULL OR lease_ms < $3) \
                   ORDER BY created_ms LIMIT 1 FOR UPDATE SKIP LOCKED) AS stale, accounts a \
             WHERE e.id = stale.id AND a.id = e.account \
             RETURNING e.export_id, e.format, e.title, e.filter, e.columns, \
             a.id, a.user_id, a.permissions",
            &[&owner, &now.saturating_add(millis(lease)), &now],
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = ExportId::new(row.get::<_, String>(0))
        .map_err(|error| StoreError::Invalid(format!("a stored export id: {error}")))?;
    let user_id = UserId::new(row.get::<_, String>(6))
        .map_err(|error| StoreError::Invalid(format!("a stored user id: {error}")))?;
    let mut claimed = ClaimedExport::new(
        Account::new(
            AccountKey::new(row.get(5)),
            user_id,
            Permissions::from_text(row.get(7)),
        ),
        id,
        ExportFormat::from_wire(row.get(1)),
        row.get(3),
    );
    claimed.title = row.get(2);
    claimed.columns = row.get(4);
    Ok(Some(claimed))
}

/// Finished requests (done or failed) that finished before `cutoff_ms`, oldest first.
pub(crate) async fn expired(
    client: &Client,
    cutoff_ms: i64,
    limit: u32,
) -> Outcome<Vec<ExpiredExport>> {
    let rows = client
        .query(
            "SELECT export_id, file_path FROM export_requests \
             WHERE state IN ('done', 'failed') AND finished_ms < $1 ORDER BY finished_ms LIMIT $2",
            &[&cutoff_ms, &i64::from(limit)],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let id = ExportId::new(row.get::<_, String>(0)).ok()?;
            let file: Option<String> = row.get(1);
            Some(ExpiredExport {
                id,
                file: file.map(PathBuf::from),
            })
        })
        .collect())
}

/// Deletes a finished request's record.
pub(crate) async fn delete_finished(client: &Client, id: &ExportId) -> Outcome<bool> {
    let changed = client
        .execute(
            "DELETE FROM export_requests WHERE export_id = $1 AND state IN ('done', 'failed')",
            &[&id.as_str()],
        )
        .await?;
    Ok(changed > 0)
}
