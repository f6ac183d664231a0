//! Writing: accounts, credentials, agent names, recordings, and calls (import).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use callreport_model::{Call, RecordingLocator, UserId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::Value;

use super::errors::Outcome;
use super::read::now_ms;
use crate::error::StoreError;
use crate::secret;
use crate::{
    Account, AccountKey, CredentialKind, ImportCall, ImportOutcome, NewRecording, Permissions,
};

/// Creates the account, or sets its permissions if it exists.
pub(crate) fn ensure_account(
    conn: &Connection,
    user_id: &UserId,
    permissions: &Permissions,
) -> Outcome<Account> {
    let key: i64 = conn.query_row(
        "INSERT INTO accounts (user_id, permissions, created_ms) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET permissions = excluded.permissions \
         RETURNING id",
        params![user_id.as_str(), permissions.to_text(), now_ms()],
        |row| row.get(0),
    )?;
    Ok(Account::new(
        AccountKey::new(key),
        user_id.clone(),
        permissions.clone(),
    ))
}

/// The account `user_id`, if it exists.
pub(crate) fn find_account(conn: &Connection, user_id: &UserId) -> Outcome<Option<Account>> {
    let found = conn
        .query_row(
            "SELECT id, permissions FROM accounts WHERE user_id = ?",
            params![user_id.as_str()],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(found.map(|(key, text)| {
        Account::new(
            AccountKey::new(key),
            user_id.clone(),
            Permissions::from_text(&text),
        )
    }))
}

/// The account, created with `permissions` if it does not exist; true when it was created.
pub(crate) fn account_or_create(
    conn: &Connection,
    user_id: &UserId,
    permissions: &Permissions,
) -> Outcome<(Account, bool)> {
    match find_account(conn, user_id)? {
        Some(account) => Ok((account, false)),
        None => Ok((ensure_account(conn, user_id, permissions)?, true)),
    }
}

/// The account's key, or [`StoreError::UnknownAccount`].
pub(crate) fn account_key(conn: &Connection, user_id: &UserId) -> Outcome<i64> {
    let key = conn
        .prepare_cached("SELECT id FROM accounts WHERE user_id = ?")?
        .query_row(params![user_id.as_str()], |row| row.get(0))
        .optional()?;
    key.ok_or_else(|| {
        StoreError::UnknownAccount {
            user_id: user_id.to_string(),
        }
        .into()
    })
}

/// Stores a credential's digest for the account; the same secret again only moves its expiry.
pub(crate) fn add_credential(
    conn: &Connection,
    user_id: &UserId,
    kind: CredentialKind,
    secret_text: &str,
    expires_ms: Option<i64>,
) -> Outcome<()> {
    let account = account_key(conn, user_id)?;
    let digest = secret::digest(secret_text);
    let owner: Option<i64> = conn
        .query_row(
            "INSERT INTO credentials (account, kind, digest, expires_ms, created_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (kind, digest) DO UPDATE SET expires_ms = excluded.expires_ms \
             WHERE credentials.account = excluded.account \
             RETURNING account",
            params![
                account,
                kind.as_str(),
                digest.as_slice(),
                expires_ms,
                now_ms()
            ],
            |row| row.get(0),
        )
        .optional()?;
    match owner {
        Some(_) => Ok(()),
        None => Err(StoreError::Invalid(format!(
            "this {} is already in use by another account",
            kind.as_str()
        ))
        .into()),
    }
}

/// Names an agent of the account, for the standard view.
pub(crate) fn name_agent(conn: &Connection, account: i64, agent: u64, name: &str) -> Outcome<()> {
    conn.prepare_cached(
        "INSERT INTO agents (account, agent, name) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account, agent) DO UPDATE SET name = excluded.name",
    )?
    .execute(params![account, to_i64(agent), name])?;
    Ok(())
}

/// Registers recording files, each for its locator's account; a relative path is inside
/// `folder`, itself relative to the database's folder.
pub(crate) fn add_recordings(
    tx: &Transaction<'_>,
    folder: &str,
    recordings: &[NewRecording],
) -> Outcome<()> {
    let mut accounts: BTreeMap<&str, i64> = BTreeMap::new();
    for recording in recordings {
        let user_id = recording.locator.user_id();
        let account = match accounts.get(user_id) {
            Some(account) => *account,
            None => {
                let id =
                    UserId::new(user_id).map_err(|error| StoreError::Invalid(error.to_string()))?;
                let account = account_key(tx, &id)?;
                accounts.insert(user_id, account);
                account
            }
        };
        add_recording(
            tx,
            account,
            &recording.locator,
            &stored_path(folder, recording),
            recording.size,
            &recording.content_type,
        )?;
    }
    Ok(())
}

/// Registers a recording file under the locator's date folder and file name.
fn add_recording(
    conn: &Connection,
    account: i64,
    locator: &RecordingLocator,
    path: &str,
    size: u64,
    content_type: &str,
) -> Outcome<()> {
    conn.prepare_cached(
        "INSERT INTO recordings (account, day, file_name, path, size, content_type) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (account, day, file_name) DO UPDATE SET path = excluded.path, \
         size = excluded.size, content_type = excluded.content_type",
    )?
    .execute(params![
        account,
        locator.date().format("%Y-%m-%d").to_string(),
        locator.file().as_str(),
        path,
        to_i64(size),
        content_type
    ])?;
    Ok(())
}

/// A value from the `meta` table.
pub(crate) fn meta(conn: &Connection, key: &str) -> Outcome<Option<String>> {
    let value = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?",
            params![key],
            |row| row.get(0),
        )
        .optional()?;
    Ok(value)
}

/// Sets a value in the `meta` table.
pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Outcome<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Deletes every call and recording of the account.
pub(crate) fn clear_calls(tx: &Transaction<'_>, account: i64) -> Outcome<()> {
    tx.execute("DELETE FROM recordings WHERE account = ?", params![account])?;
    tx.execute(
        "DELETE FROM call_agents WHERE account = ?",
        params![account],
    )?;
    tx.execute(
        "DELETE FROM call_fields WHERE account = ?",
        params![account],
    )?;
    tx.execute("DELETE FROM calls WHERE account = ?", params![account])?;
    Ok(())
}

/// Stores a batch of calls in the account, with their recordings (relative paths inside
/// `folder`), in the caller's transaction.
pub(crate) fn import(
    tx: &Transaction<'_>,
    account: i64,
    folder: &str,
    rows: impl IntoIterator<Item = CallRow>,
) -> Outcome<ImportOutcome> {
    let mut outcome = ImportOutcome::default();
    for row in rows {
        if upsert_call(tx, account, &row)? {
            outcome.updated += 1;
        } else {
            outcome.imported += 1;
        }
        for recording in &row.recordings {
            add_recording(
                tx,
                account,
                &recording.locator,
                &stored_path(folder, recording),
                recording.size,
                &recording.content_type,
            )?;
        }
    }
    Ok(outcome)
}

/// A recording's path as stored: relative to the database's folder, or absolute.
fn stored_path(folder: &str, recording: &NewRecording) -> String {
    if recording.path.is_relative() {
        Path::new(folder)
            .join(&recording.path)
            .to_string_lossy()
            .into_owned()
    } else {
        recording.path.to_string_lossy().into_owned()
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A call as its rows in the store: the indexed columns of `calls`, its side rows, and the
/// raw document. Made before the store's thread gets it, so that the thread every write
/// waits for only writes (and does not free the decoded call either).
pub(crate) struct CallRow {
    raw: String,
    call_id: String,
    call_type: String,
    status: i64,
    talk_s: i64,
    queue_s: i64,
    agent_s: i64,
    amount: f64,
    number_rev: String,
    first_agent: Option<i64>,
    side: SideRows,
    recordings: Vec<NewRecording>,
}

impl CallRow {
    pub(crate) fn new(raw: String, call: &Call) -> Self {
        let durations = &call.durations;
        Self {
            raw,
            call_id: call.id.as_str().to_owned(),
            call_type: call.call_type.as_str().to_owned(),
            status: i64::from(call.status.code()),
            talk_s: to_i64(durations.customer.as_secs()),
            queue_s: to_i64(durations.queue.as_secs()),
            agent_s: to_i64(durations.agent_on_call.as_secs()),
            amount: call.amount,
            number_rev: call.customer_number.as_str().chars().rev().collect(),
            first_agent: call.first_agent.map(|agent| to_i64(agent.get())),
            side: SideRows::of(call),
            recordings: Vec::new(),
        }
    }
}

impl From<ImportCall> for CallRow {
    fn from(import: ImportCall) -> Self {
        let mut row = Self::new(import.raw, &import.call);
        row.recordings = import.recordings;
        row
    }
}

/// The rows a call has in `call_agents` and `call_fields`: its agents, and its custom fields as
/// text.
struct SideRows {
    started_ms: i64,
    agents: BTreeSet<u64>,
    fields: Vec<(String, String)>,
}
impl SideRows {
    fn of(call: &Call) -> Self {
        let agents = call
            .agent_legs
            .iter()
            .filter_map(|leg| leg.agent)
            .chain(call.first_agent)
            .map(|agent| agent.get())
            .collect();
        let mut fields = Vec::new();
        if let Some(Value::Object(custom)) = call.extra.get("cstm") {
            for (name, value) in custom {
                let text = match value {
                    Value::Null => continue,
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                fields.push((name.clone(), text));
            }
        }
        Self {
            started_ms: call.started_at.timestamp_millis(),
            agents,
            fields,
        }
    }

    fn insert(&self, tx: &Transaction<'_>, account: i64, row: i64) -> Outcome<()> {
        let mut agent = tx.prepare_cached(
            "INSERT OR IGNORE INTO call_agents (account, agent, started_ms, call) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for id in &self.agents {
            agent.execute(params![account, to_i64(*id), self.started_ms, row])?;
        }
        let mut field = tx.prepare_cached(
            "INSERT OR IGNORE INTO call_fields (account, name, value, call) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (name, value) in &self.fields {
            field.execute(params![account, name, value, row])?;
        }
        Ok(())
    }

    fn delete(&self, tx: &Transaction<'_>, account: i64, row: i64) -> Outcome<()> {
        let mut agent = tx.prepare_cached(
            "DELETE FROM call_agents \
             WHERE account = ?1 AND agent = ?2 AND started_ms = ?3 AND call = ?4",
        )?;
        for id in &self.agents {
            agent.execute(params![account, to_i64(*id), self.started_ms, row])?;
        }
        let mut field = tx.prepare_cached(
            "DELETE FROM call_fields WHERE account = ?1 AND name = ?2 AND value = ?3 AND call = ?4",
        )?;
        for (name, value) in &self.fields {
            field.execute(params![account, name, value, row])?;
        }
        Ok(())
    }
}

/// Inserts or replaces one call; true when it replaced one with the same id.
pub(crate) fn upsert_call(tx: &Transaction<'_>, account: i64, call: &CallRow) -> Outcome<bool> {
    let side = &call.side;
    let values = params![
        account,
        call.call_id,
        side.started_ms,
        call.call_type,
        call.status,
        call.talk_s,
        call.queue_s,
        call.agent_s,
        call.amount,
        call.number_rev,
        call.first_agent,
        call.raw,
    ];
    // Insert first: a new call costs one probe of the unique index, not two.
    let inserted = tx
        .prepare_cached(
            "INSERT INTO calls (account, call_id, started_ms, call_type, status, talk_s, \
             queue_s, agent_s, amount, number_rev, first_agent, document) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
             ON CONFLICT (account, call_id) DO NOTHING",
        )?
        .execute(values)?;
    if inserted == 1 {
        side.insert(tx, account, tx.last_insert_rowid())?;
        return Ok(false);
    }
    // A call with this id exists: remove the side rows its stored document gave it.
    let (row, old_document): (i64, String) = tx
        .prepare_cached("SELECT id, document FROM calls WHERE account = ? AND call_id = ?")?
        .query_row(params![account, call.call_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let old = Call::from_json(&old_document).map_err(|error| {
        StoreError::Invalid(format!(
            "the stored call {} does not decode: {error}",
            call.call_id
        ))
    })?;
    SideRows::of(&old).delete(tx, account, row)?;
    tx.prepare_cached(
        "UPDATE calls SET account = ?1, call_id = ?2, started_ms = ?3, call_type = ?4, \
         status = ?5, talk_s = ?6, queue_s = ?7, agent_s = ?8, amount = ?9, \
         number_rev = ?10, first_agent = ?11, document = ?12 \
         WHERE account = ?1 AND call_id = ?2",
    )?
    .execute(values)?;
    side.insert(tx, account, row)?;
    Ok(true)
}
