//! Writing: accounts, credentials, agent names, recordings, facts. Each function runs on a
//! plain client, or inside a transaction through its client.

use callreport_model::UserId;
use tokio_postgres::Client;

use super::errors::Outcome;
use crate::error::StoreError;
use crate::file_store::check_name;
use crate::indexed_call::to_i64;
use crate::secret;
use crate::unix_ms::now_ms;
use crate::{Account, AccountKey, CredentialKind, NewRecording, Permissions};

/// Creates the account, or sets its permissions if it exists.
pub(crate) async fn ensure_account(
    client: &Client,
    user_id: &UserId,
    permissions: &Permissions,
) -> Outcome<Account> {
    let key: i64 = client
        .query_one(
            "INSERT INTO accounts (user_id, permissions, created_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET permissions = excluded.permissions \
             RETURNING id",
            &[&user_id.as_str(), &permissions.to_text(), &now_ms()],
        )
        .await?
        .get(0);
    Ok(Account::new(
        AccountKey::new(key),
        user_id.clone(),
        permissions.clone(),
    ))
}

/// The account `user_id`, if it exists.
pub(crate) async fn find_account(client: &Client, user_id: &UserId) -> Outcome<Option<Account>> {
    let row = client
        .query_opt(
            "SELECT id, permissions FROM accounts WHERE user_id = $1",
            &[&user_id.as_str()],
        )
        .await?;
    Ok(row.map(|row| {
        Account::new(
            AccountKey::new(row.get(0)),
            user_id.clone(),
            Permissions::from_text(row.get(1)),
        )
    }))
}

/// The account, created with `permissions` if it does not exist; true when it was created.
/// Two processes creating it at once both find it: the second one's insert does nothing.
pub(crate) async fn account_or_create(
    client: &Client,
    user_id: &UserId,
    permissions: &Permissions,
) -> Outcome<(Account, bool)> {
    let created = client
        .query_opt(
            "INSERT INTO accounts (user_id, permissions, created_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO NOTHING RETURNING id",
            &[&user_id.as_str(), &permissions.to_text(), &now_ms()],
        )
        .await?;
    if let Some(row) = created {
        let account = Account::new(
            AccountKey::new(row.get(0)),
            user_id.clone(),
            permissions.clone(),
        );
        return Ok((account, true));
    }
    let account =
        find_account(client, user_id)
            .await?
            .ok_or_else(|| StoreError::UnknownAccount {
                user_id: user_id.to_string(),
            })?;
    Ok((account, false))
}

/// The account's key, or [`StoreError::UnknownAccount`].
pub(crate) async fn account_key(client: &Client, user_id: &UserId) -> Outcome<i64> {
    let row = client
        .query_opt(
            "SELECT id FROM accounts WHERE user_id = $1",
            &[&user_id.as_str()],
        )
        .await?;
    Ok(row
        .map(|row| row.get(0))
        .ok_or_else(|| StoreError::UnknownAccount {
            user_id: user_id.to_string(),
        })?)
}

/// Stores a credential's digest for the account; the same secret again only moves its expiry.
pub(crate) async fn add_credential(
    client: &Client,
    user_id: &UserId,
    kind: CredentialKind,
    secret_text: &str,
    expires_ms: Option<i64>,
) -> Outcome<()> {
    let account = account_key(client, user_id).await?;
    let digest = secret::digest(secret_text);
    let owner = client
        .query_opt(
            "INSERT INTO credentials (account, kind, digest, expires_ms, created_ms) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (kind, digest) DO UPDATE SET expires_ms = excluded.expires_ms \
             WHERE credentials.account = excluded.account \
             RETURNING account",
            &[
                &account,
                &kind.as_str(),
                &digest.as_slice(),
                &expires_ms,
                &now_ms(),
            ],
        )
        .await?;
    match owner {
        Some(_) => Ok(()),
        None => Err(StoreError::credential_in_use(kind).into()),
    }
}

/// Deletes every credential of `kind` the account holds.
pub(crate) async fn remove_credentials(
    client: &Client,
    user_id: &UserId,
    kind: CredentialKind,
) -> Outcome<()> {
    let account = account_key(client, user_id).await?;
    client
        .execute(
            "DELETE FROM credentials WHERE account = $1 AND kind = $2",
            &[&account, &kind.as_str()],
        )
        .await?;
    Ok(())
}

/// Names agents of the account, for the standard view.
pub(crate) async fn name_agents(
    client: &Client,
    account: i64,
    names: &[(u64, String)],
) -> Outcome<()> {
    let agents: Vec<i64> = names.iter().map(|(agent, _)| to_i64(*agent)).collect();
    let texts: Vec<&str> = names.iter().map(|(_, name)| name.as_str()).collect();
    // One row per agent: of two names for one agent in a batch, the later wins.
    client
        .execute(
            "INSERT INTO agents (account, agent, name) \
             SELECT DISTINCT ON (agent) $1, agent, name \
             FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS n (agent, name, i) \
             ORDER BY agent, i DESC \
             ON CONFLICT (account, agent) DO UPDATE SET name = excluded.name",
            &[&account, &agents, &texts],
        )
        .await?;
    Ok(())
}

/// Registers recording files, each for its locator's account.
pub(crate) async fn add_recordings(client: &Client, recordings: &[NewRecording]) -> Outcome<()> {
    for (user_id, files) in NewRecording::by_account(recordings)? {
        let account = account_key(client, &user_id).await?;
        for recording in files {
            add_recording(client, account, recording).await?;
        }
    }
    Ok(())
}

/// Registers a recording file of `account` under the locator's date folder and file name.
pub(crate) async fn add_recording(
    client: &Client,
    account: i64,
    recording: &NewRecording,
) -> Outcome<()> {
    check_name(&recording.name)?;
    let locator = &recording.locator;
    client
        .execute(
            "INSERT INTO recordings (account, day, file_name, file, size, content_type) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (account, day, file_name) DO UPDATE SET file = excluded.file, \
             size = excluded.size, content_type = excluded.content_type",
            &[
                &account,
                &locator.date().format("%Y-%m-%d").to_string(),
                &locator.file().as_str(),
                &recording.name,
                &to_i64(recording.size),
                &recording.content_type,
            ],
        )
        .await?;
    Ok(())
}

/// A value from the `meta` table.
pub(crate) async fn meta(client: &Client, key: &str) -> Outcome<Option<String>> {
    let row = client
        .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
        .await?;
    Ok(row.map(|row| row.get(0)))
}

/// Sets a value in the `meta` table.
pub(crate) async fn set_meta(client: &Client, key: &str, value: &str) -> Outcome<()> {
    client
        .execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )
        .await?;
    Ok(())
}

/// Deletes every call and recording of the account.
pub(crate) async fn clear_calls(client: &Client, account: i64) -> Outcome<()> {
    for table in [
        "call_totals",
        "recordings",
        "call_agents",
        "call_fields",
        "call_ids",
        "calls",
    ] {
        client
            .execute(
                &format!("DELETE FROM {table} WHERE account = $1"),
                &[&account],
            )
            .await?;
    }
    Ok(())
}
