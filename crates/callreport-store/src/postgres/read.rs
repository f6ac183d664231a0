//! The queries behind the handlers: credentials, one call, a page, a count, a recording.

use callreport_model::{Auth, RecordingLocator, ReportFilter, UserId};
use deadpool_postgres::{Client, GenericClient};
use tokio_postgres::Row;

use super::errors::Outcome;
use super::filter::{self, Clause};
use super::partitions::Month;
use crate::call_columns;
use crate::secret;
use crate::unix_ms::now_ms;
use crate::{
    Account, AccountKey, CallPage, CallQuery, CredentialKind, Cursor, Permissions, RecordingLookup,
    StoredCall, StoredRecording,
};

/// The columns of a credential row: its account's key, user id and permissions, its digest and
/// its expiry.
const CREDENTIAL: &str = "SELECT c.account, a.user_id, a.permissions, c.digest, c.expires_ms \
     FROM credentials c JOIN accounts a ON a.id = c.account";

/// A credential row: whose, its digest, and when it expires.
struct Credential {
    account: Account,
    digest: Vec<u8>,
    expires_ms: Option<i64>,
}

fn credential(row: &Row) -> Option<Credential> {
    let user_id = UserId::new(row.get::<_, String>(1)).ok()?;
    Some(Credential {
        account: Account::new(
            AccountKey::new(row.get(0)),
            user_id,
            Permissions::from_text(row.get(2)),
        ),
        digest: row.get(3),
        expires_ms: row.get(4),
    })
}

/// The accounts whose credential matches (compared in constant time) and has not expired, with
/// the credential's expiry.
fn candidates(rows: &[Row], digest: &[u8; 32], now: i64) -> Vec<(Account, Option<i64>)> {
    rows.iter()
        .filter_map(credential)
        .filter(|row| secret::matches_any(digest, std::iter::once(row.digest.as_slice())))
        .filter(|row| row.expires_ms.is_none_or(|expires| expires > now))
        .map(|row| (row.account, row.expires_ms))
        .collect()
}

/// The account the credentials belong to, if they are known and not expired, and when the
/// credential expires.
pub(crate) async fn authenticate(
    client: &Client,
    auth: &Auth,
) -> Outcome<Option<(Account, Option<i64>)>> {
    let (rows, digest, expected_user) = match auth {
        Auth::Session { ssid, user_id } => {
            let digest = secret::digest(ssid.expose());
            let rows = by_digest(client, CredentialKind::Session, &digest).await?;
            (rows, digest, user_id.as_ref())
        }
        Auth::Token { user_id, token } => {
            let digest = secret::digest(token.expose());
            let statement = client
                .prepare_cached(&format!(
                    "{CREDENTIAL} WHERE a.user_id = $1 AND c.kind = 'token'"
                ))
                .await?;
            let rows = client.query(&statement, &[&user_id.as_str()]).await?;
            (rows, digest, Some(user_id))
        }
        _ => return Ok(None),
    };
    let found = candidates(&rows, &digest, now_ms()).into_iter().next();
    Ok(found.filter(|(account, _)| expected_user.is_none_or(|user| account.user_id() == user)))
}

/// The account holding the push key with this digest.
pub(crate) async fn push_account(client: &Client, digest: &[u8; 32]) -> Outcome<Option<Account>> {
    let rows = by_digest(client, CredentialKind::Push, digest).await?;
    let found = candidates(&rows, digest, now_ms()).into_iter().next();
    Ok(found.map(|(account, _)| account))
}

async fn by_digest(client: &Client, kind: CredentialKind, digest: &[u8; 32]) -> Outcome<Vec<Row>> {
    let statement = client
        .prepare_cached(&format!("{CREDENTIAL} WHERE c.kind = $1 AND c.digest = $2"))
        .await?;
    Ok(client
        .query(&statement, &[&kind.as_str(), &digest.as_slice()])
        .await?)
}

/// Where a call's row is: its start (which names its partition) and row id.
const CALL_ROW_SQL: &str =
    "SELECT started_ms, id FROM call_ids WHERE account = $1 AND call_id = $2";

/// The detail query: one call, read from the partition of its month, with the name of its
/// first agent. Through `calls`, each execution of the prepared plan would open every monthly
/// partition (docs/performance.md, "PostgreSQL": at 10,000,000 calls in 116 partitions, a
/// join of `call_ids` and `calls` served 2,838 requests/s).
pub(crate) fn detail_sql(partition: &str) -> String {
    format!(
        "SELECT c.document, \
         (SELECT g.name FROM agents g WHERE g.account = c.account AND g.agent = c.first_agent) \
         FROM \"{partition}\" c WHERE c.account = $1 AND c.started_ms = $2 AND c.id = $3"
    )
}

/// How often detail looks up a call's place again when its row was replaced in between.
const PLACE_ATTEMPTS: usize = 3;

/// One call of the account.
///
/// Two statements, each with its own snapshot: a sync that replaces the call between them gives
/// it a new row, and the place read first then finds nothing. The place is then read again, so
/// a call that exists is never answered as missing.
pub(crate) async fn call(
    client: &Client,
    account: i64,
    call_id: &str,
) -> Outcome<Option<StoredCall>> {
    let place_statement = client.prepare_cached(CALL_ROW_SQL).await?;
    for _ in 0..PLACE_ATTEMPTS {
        let Some(place) = client
            .query_opt(&place_statement, &[&account, &call_id])
            .await?
        else {
            return Ok(None);
        };
        let (started_ms, id): (i64, i64) = (place.get(0), place.get(1));
        let statement = client
            .prepare_cached(&detail_sql(&Month::of(started_ms).table()))
            .await?;
        if let Some(row) = client
            .query_opt(&statement, &[&account, &started_ms, &id])
            .await?
        {
            return Ok(Some(StoredCall {
                document: row.get(0),
                first_agent_name: row.get(1),
            }));
        }
    }
    Ok(None)
}

/// The list query for a filter and sort (and cursor), with its `LIMIT`/`OFFSET` parameters:
/// it picks the rows of the page (their place, sort value and call id) from an index, without
/// reading any document.
pub(crate) fn list_sql(account: i64, query: &CallQuery, limit: i64, offset: i64) -> Clause {
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
    let limit = clause.bind(limit);
    let offset = clause.bind(offset);
    Clause {
        sql: format!(
            "SELECT c.started_ms, c.id, {}::float8, c.call_id FROM calls c WHERE {} \
             ORDER BY {} LIMIT {limit} OFFSET {offset}",
            call_columns::sort_column(query.sort),
            clause.sql,
            call_columns::order_by(query.sort, query.order)
        ),
        params: clause.params,
    }
}

/// The count query for a filter.
pub(crate) fn count_sql(account: i64, filter: &ReportFilter) -> Clause {
    let clause = filter::clause(account, filter);
    Clause {
        sql: format!("SELECT count(*) FROM calls c WHERE {}", clause.sql),
        params: clause.params,
    }
}

/// How many of the account's calls match; without a filter, the account's kept total.
pub(crate) async fn count(
    client: &impl GenericClient,
    account: i64,
    filter: &ReportFilter,
) -> Outcome<u64> {
    if *filter == ReportFilter::new() {
        let statement = client
            .prepare_cached("SELECT calls FROM call_totals WHERE account = $1")
            .await?;
        let row = client.query_opt(&statement, &[&account]).await?;
        return Ok(row.map_or(0, |row| u64::try_from(row.get::<_, i64>(0)).unwrap_or(0)));
    }
    let query = count_sql(account, filter);
    let statement = client.prepare_cached(&query.sql).await?;
    let count: i64 = client.query_one(&statement, &query.values()).await?.get(0);
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The documents of rows, by their place, in the order given.
const DOCUMENTS_SQL: &str = "SELECT c.document FROM \
     unnest($2::bigint[], $3::bigint[]) WITH ORDINALITY AS p (started_ms, id, n) \
     JOIN calls c ON c.account = $1 AND c.started_ms = p.started_ms AND c.id = p.id \
     ORDER BY p.n";

/// One page of the account's calls, and how many match in all (not counted for a page asked by
/// cursor). Its statements must see one snapshot (`PostgresStore::in_snapshot`).
pub(crate) async fn list(
    client: &impl GenericClient,
    account: i64,
    query: &CallQuery,
) -> Outcome<CallPage> {
    let (total, offset) = match &query.after {
        Some(_) => (None, 0),
        None => {
            let total = count(client, account, &query.filter).await?;
            let offset = query.offset();
            if offset >= total {
                return Ok(CallPage::new(Vec::new(), total));
            }
            (Some(total), offset)
        }
    };
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let sql = list_sql(account, query, i64::from(query.limit), offset);
    let statement = client.prepare_cached(&sql.sql).await?;
    let rows = client.query(&statement, &sql.values()).await?;
    let next = match rows.last() {
        Some(last) if rows.len() == query.limit as usize => Some(Cursor {
            value: last.get(2),
            call_id: last.get(3),
        }),
        _ => None,
    };
    let started: Vec<i64> = rows.iter().map(|row| row.get(0)).collect();
    let ids: Vec<i64> = rows.iter().map(|row| row.get(1)).collect();
    let statement = client.prepare_cached(DOCUMENTS_SQL).await?;
    let documents = client
        .query(&statement, &[&account, &started, &ids])
        .await?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let page = match total {
        Some(total) => CallPage::new(documents, total),
        None => CallPage::continued(documents),
    };
    Ok(page.with_next(next))
}

/// How many recording files the account has registered.
pub(crate) async fn recording_count(client: &Client, account: i64) -> Outcome<u64> {
    let statement = client
        .prepare_cached("SELECT count(*) FROM recordings WHERE account = $1")
        .await?;
    let count: i64 = client.query_one(&statement, &[&account]).await?.get(0);
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The recording a locator names, checking its token against the locator's account.
pub(crate) async fn recording(
    client: &Client,
    locator: &RecordingLocator,
) -> Outcome<RecordingLookup> {
    let statement = client
        .prepare_cached(
            "SELECT c.digest, c.expires_ms, a.id FROM accounts a \
             JOIN credentials c ON c.account = a.id WHERE a.user_id = $1",
        )
        .await?;
    let rows = client.query(&statement, &[&locator.user_id()]).await?;
    let Some(account) = rows.first().map(|row| row.get::<_, i64>(2)) else {
        return Ok(RecordingLookup::Forbidden);
    };
    let digests: Vec<(Vec<u8>, Option<i64>)> =
        rows.iter().map(|row| (row.get(0), row.get(1))).collect();
    if !secret::matches_unexpired(locator.token().expose(), &digests, now_ms()) {
        return Ok(RecordingLookup::Forbidden);
    }
    let day = locator.date().format("%Y-%m-%d").to_string();
    let statement = client
        .prepare_cached(
            "SELECT file, size, content_type FROM recordings \
             WHERE account = $1 AND day = $2 AND file_name = $3",
        )
        .await?;
    let found = client
        .query_opt(&statement, &[&account, &day, &locator.file().as_str()])
        .await?;
    Ok(match found {
        Some(row) => RecordingLookup::Found(StoredRecording::new(
            row.get::<_, String>(0),
            u64::try_from(row.get::<_, i64>(1)).unwrap_or(0),
            row.get::<_, String>(2),
        )),
        None => RecordingLookup::NotFound,
    })
}
