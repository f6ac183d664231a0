//! Writing: accounts, credentials, agent names, recordings, facts, and batches of calls.

use callreport_model::UserId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::call_row::{Upserted, upsert_call};
use super::errors::Outcome;
use crate::error::StoreError;
use crate::file_store::check_name;
use crate::indexed_call::to_i64;
use crate::secret;
use crate::unix_ms::now_ms;
use crate::{
    Account, AccountKey, CredentialKind, ImportOutcome, IndexedCall, NewRecording, Permissions,
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
        None => Err(StoreError::credential_in_use(kind).into()),
    }
}

/// Deletes every credential of `kind` the account holds.
pub(crate) fn remove_credentials(
    conn: &Connection,
    user_id: &UserId,
    kind: CredentialKind,
) -> Outcome<()> {
    let account = account_key(conn, user_id)?;
    conn.prepare_cached("DELETE FROM credentials WHERE account = ?1 AND kind = ?2")?
        .execute(params![account, kind.as_str()])?;
    Ok(())
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

/// Registers recording files, each for its locator's account.
pub(crate) fn add_recordings(tx: &Transaction<'_>, recordings: &[NewRecording]) -> Outcome<()> {
    for (user_id, files) in NewRecording::by_account(recordings)? {
        let account = account_key(tx, &user_id)?;
        for recording in files {
            add_recording(tx, account, recording)?;
        }
    }
    Ok(())
}

/// Registers a recording file of `account` under the locator's date folder and file name.
fn add_recording(conn: &Connection, account: i64, recording: &NewRecording) -> Outcome<()> {
    check_name(&recording.name)?;
    let locator = &recording.locator;
    conn.prepare_cached(
        "INSERT INTO recordings (account, day, file_name, file, size, content_type) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (account, day, file_name) DO UPDATE SET file = excluded.file, \
         size = excluded.size, content_type = excluded.content_type",
    )?
    .execute(params![
        account,
        locator.date().format("%Y-%m-%d").to_string(),
        locator.file().as_str(),
        recording.name,
        to_i64(recording.size),
        recording.content_type
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

/// Stores a batch of calls in the account, with their recordings, in the caller's
/// transaction.
pub(crate) fn import(
    tx: &Transaction<'_>,
    account: i64,
    calls: impl IntoIterator<Item = IndexedCall>,
) -> Outcome<ImportOutcome> {
    import_with(tx, account, calls, |call| upsert_call(tx, account, call))
}

/// Stores a batch of calls as [`import`] does, each call's row written by `write_call`.
pub(crate) fn import_with(
    tx: &Transaction<'_>,
    account: i64,
    calls: impl IntoIterator<Item = IndexedCall>,
    mut write_call: impl FnMut(&IndexedCall) -> Outcome<Upserted>,
) -> Outcome<ImportOutcome> {
    let mut outcome = ImportOutcome::default();
    for call in calls {
        match write_call(&call)? {
            Upserted::New => outcome.imported += 1,
            Upserted::Replaced | Upserted::Same => outcome.updated += 1,
        }
        for recording in &call.recordings {
            add_recording(tx, account, recording)?;
        }
    }
    Ok(outcome)
}
