//! The queries behind the handlers: credentials, one call, a page, a count, a recording.

use callreport_model::{Auth, RecordingLocator, ReportFilter, UserId};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::errors::Outcome;
use super::filter;
use crate::call_columns;
use crate::secret;
use crate::unix_ms::now_ms;
use crate::{
    Account, AccountKey, CallPage, CallQuery, CredentialKind, Cursor, Permissions, RecordingLookup,
    StoredCall, StoredRecording,
};

/// How many recording files the account has registered.
pub(crate) fn recording_count(conn: &Connection, account: i64) -> Outcome<u64> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM recordings WHERE account = ?")?
        .query_row(params![account], |row| row.get(0))?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// A credential row: whose, its digest, and when it expires.
struct Credential {
    account: Account,
    digest: Vec<u8>,
    expires_ms: Option<i64>,
}

fn account_from(key: i64, user_id: &str, permissions: &str) -> Option<Account> {
    let user_id = UserId::new(user_id).ok()?;
    Some(Account::new(
        AccountKey::new(key),
        user_id,
        Permissions::from_text(permissions),
    ))
}

/// The account the credentials belong to, if they are known and not expired, and when the
/// credential expires.
///
/// The queries read one table each (accounts through scalar subqueries): with a join, SQLite's
/// STAT4 planner would re-prepare the statement for every new parameter value.
pub(crate) fn authenticate(
    conn: &Connection,
    auth: &Auth,
) -> Outcome<Option<(Account, Option<i64>)>> {
    let now = now_ms();
    let (rows, digest, expected_user) = match auth {
        Auth::Session { ssid, user_id } => {
            let digest = secret::digest(ssid.expose());
            let rows = credentials_by_digest(conn, CredentialKind::Session, &digest)?;
            (rows, digest, user_id.as_ref())
        }
        Auth::Token { user_id, token } => {
            let digest = secret::digest(token.expose());
            let mut statement = conn.prepare_cached(
                "SELECT c.account, ?1, \
                 (SELECT a.permissions FROM accounts a WHERE a.id = c.account), \
                 c.digest, c.expires_ms \
                 FROM credentials c \
                 WHERE c.account = (SELECT a.id FROM accounts a WHERE a.user_id = ?1) \
                 AND c.kind = 'token'",
            )?;
            let rows = credentials(statement.query(params![user_id.as_str()])?)?;
            (rows, digest, Some(user_id))
        }
        _ => return Ok(None),
    };
    let found = candidates(rows, &digest, now).into_iter().next();
    Ok(found.filter(|(account, _)| expected_user.is_none_or(|user| account.user_id() == user)))
}

/// The account holding the push key with this digest (compared in constant time).
pub(crate) fn push_account(conn: &Connection, digest: &[u8; 32]) -> Outcome<Option<Account>> {
    let rows = credentials_by_digest(conn, CredentialKind::Push, digest)?;
    let found = candidates(rows, digest, now_ms()).into_iter().next();
    Ok(found.map(|(account, _)| account))
}

/// The credentials of `kind` with this digest, with their accounts (sessions and push keys are
/// found by their digest alone; tokens by their account).
fn credentials_by_digest(
    conn: &Connection,
    kind: CredentialKind,
    digest: &[u8; 32],
) -> Outcome<Vec<Credential>> {
    let mut statement = conn.prepare_cached(
        "SELECT c.account, \
         (SELECT a.user_id FROM accounts a WHERE a.id = c.account), \
         (SELECT a.permissions FROM accounts a WHERE a.id = c.account), \
         c.digest, c.expires_ms \
         FROM credentials c WHERE c.kind = ?1 AND c.digest = ?2",
    )?;
    credentials(statement.query(params![kind.as_str(), digest.as_slice()])?)
}

fn credentials(mut rows: rusqlite::Rows<'_>) -> Outcome<Vec<Credential>> {
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let key: i64 = row.get(0)?;
        let user_id: Option<String> = row.get(1)?;
        let permissions: Option<String> = row.get(2)?;
        let account = user_id
            .and_then(|user_id| account_from(key, &user_id, &permissions.unwrap_or_default()));
        if let Some(account) = account {
            found.push(Credential {
                account,
                digest: row.get(3)?,
                expires_ms: row.get(4)?,
            });
        }
    }
    Ok(found)
}

/// The accounts whose credential matches (compared in constant time) and has not expired, with
/// the credential's expiry.
fn candidates(rows: Vec<Credential>, digest: &[u8; 32], now: i64) -> Vec<(Account, Option<i64>)> {
    rows.into_iter()
        .filter(|row| secret::matches_any(digest, std::iter::once(row.digest.as_slice())))
        .filter(|row| row.expires_ms.is_none_or(|expires| expires > now))
        .map(|row| (row.account, row.expires_ms))
        .collect()
}

/// One call of the account.
pub(crate) fn call(conn: &Connection, account: i64, call_id: &str) -> Outcome<Option<StoredCall>> {
    let mut statement = conn.prepare_cached(DETAIL_SQL)?;
    let found = statement
        .query_row(params![account, call_id], |row| {
            Ok(StoredCall {
                document: row.get(0)?,
                first_agent_name: row.get(1)?,
            })
        })
        .optional()?;
    Ok(found)
}

/// The detail query: one call by its id, with the name of its first agent.
pub(crate) const DETAIL_SQL: &str = "SELECT c.document, \
     (SELECT g.name FROM agents g WHERE g.account = c.account AND g.agent = c.first_agent) \
     FROM calls c WHERE c.account = ? AND c.call_id = ?";

/// The list query for a filter and sort (and cursor), without its `LIMIT`/`OFFSET`
/// parameters: it picks the row ids of the page, with the last row's sort value and call id
/// for the next cursor, which the indexes answer without reading any document.
pub(crate) fn list_sql(account: i64, query: &CallQuery) -> filter::Clause {
    let mut clause = filter::clause(account, &query.filter);
    if let Some(cursor) = &query.after {
        filter::after(
            &mut clause,
            query.sort,
            query.order,
            cursor.value,
            &cursor.call_id,
        );
    }
    filter::Clause {
        sql: format!(
            "SELECT c.id, {}, c.call_id FROM calls c WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
            call_columns::sort_column(query.sort),
            clause.sql,
            call_columns::order_by(query.sort, query.order)
        ),
        params: clause.params,
    }
}

/// The count query for a filter.
pub(crate) fn count_sql(account: i64, filter: &ReportFilter) -> filter::Clause {
    let clause = filter::clause(account, filter);
    filter::Clause {
        sql: format!("SELECT count(*) FROM calls c WHERE {}", clause.sql),
        params: clause.params,
    }
}

/// How many of the account's calls match.
pub(crate) fn count(conn: &Connection, account: i64, filter: &ReportFilter) -> Outcome<u64> {
    let query = count_sql(account, filter);
    let mut statement = conn.prepare_cached(&query.sql)?;
    let count: i64 = statement.query_row(params_from_iter(query.params), |row| row.get(0))?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// One page of the account's calls, and how many match in all (not counted for a page asked by
/// cursor).
///
/// One read transaction for the whole page: the count, the row ids and the documents come from
/// one snapshot, so a call removed meanwhile cannot fail the page, and the database is locked
/// once a page instead of once a row (measured: see `docs/performance.md`, "One read per page").
pub(crate) fn list(conn: &Connection, account: i64, query: &CallQuery) -> Outcome<CallPage> {
    let snapshot = conn.unchecked_transaction()?;
    let page = list_in(&snapshot, account, query)?;
    snapshot.finish()?;
    Ok(page)
}

fn list_in(conn: &Connection, account: i64, query: &CallQuery) -> Outcome<CallPage> {
    let (total, offset) = match &query.after {
        Some(_) => (None, 0),
        None => {
            let total = count(conn, account, &query.filter)?;
            let offset = query.offset();
            if offset >= total {
                return Ok(CallPage::new(Vec::new(), total));
            }
            (Some(total), offset)
        }
    };
    let mut sql = list_sql(account, query);
    sql.params.push(i64::from(query.limit).into());
    sql.params
        .push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    // Sorting row ids, not documents, keeps the sort small; then one lookup per row.
    let rows = conn
        .prepare_cached(&sql.sql)?
        .query_map(params_from_iter(sql.params), |row| {
            let value: rusqlite::types::Value = row.get(1)?;
            let value = match value {
                rusqlite::types::Value::Integer(n) => n as f64,
                rusqlite::types::Value::Real(x) => x,
                _ => 0.0,
            };
            Ok((row.get::<_, i64>(0)?, value, row.get::<_, String>(2)?))
        })?
        .collect::<Result<Vec<(i64, f64, String)>, _>>()?;
    let next = match rows.last() {
        Some((_, value, call_id)) if rows.len() == query.limit as usize => Some(Cursor {
            value: *value,
            call_id: call_id.clone(),
        }),
        _ => None,
    };
    let mut document = conn.prepare_cached("SELECT document FROM calls WHERE id = ?")?;
    let documents = rows
        .into_iter()
        .map(|(id, _, _)| document.query_row(params![id], |row| row.get(0)))
        .collect::<Result<Vec<String>, _>>()?;
    let page = match total {
        Some(total) => CallPage::new(documents, total),
        None => CallPage::continued(documents),
    };
    Ok(page.with_next(next))
}

/// The recording a locator names, checking its token against the locator's account.
pub(crate) fn recording(conn: &Connection, locator: &RecordingLocator) -> Outcome<RecordingLookup> {
    let account: Option<i64> = conn
        .prepare_cached("SELECT id FROM accounts WHERE user_id = ?")?
        .query_row(params![locator.user_id()], |row| row.get(0))
        .optional()?;
    let Some(account) = account else {
        return Ok(RecordingLookup::Forbidden);
    };
    let mut statement =
        conn.prepare_cached("SELECT digest, expires_ms FROM credentials WHERE account = ?")?;
    let digests = statement
        .query_map(params![account], |row| {
            Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Option<i64>>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if !secret::matches_unexpired(locator.token().expose(), &digests, now_ms()) {
        return Ok(RecordingLookup::Forbidden);
    }
    let day = locator.date().format("%Y-%m-%d").to_string();
    let found = conn
        .prepare_cached(
            "SELECT file, size, content_type FROM recordings \
             WHERE account = ? AND day = ? AND file_name = ?",
        )?
        .query_row(params![account, day, locator.file().as_str()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    Ok(match found {
        Some((file, size, content_type)) => RecordingLookup::Found(StoredRecording::new(
            file,
            u64::try_from(size).unwrap_or(0),
            content_type,
        )),
        None => RecordingLookup::NotFound,
    })
}
