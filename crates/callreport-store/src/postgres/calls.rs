//! Writing batches of calls: each call id once per account, the latest document winning, rows
//! loaded with binary `COPY`.
//!
//! A batch costs a fixed number of statements whatever its size: the new call ids are claimed
//! in `call_ids` (which also holds a call id's uniqueness, since a partitioned table's unique
//! index must contain the partition key), the ids already stored are read back with their
//! documents, replaced rows are deleted, and every row to write is copied in.

use std::collections::BTreeMap;
use std::pin::pin;

use callreport_model::Call;
use futures::FutureExt;
use futures::future::BoxFuture;
use tokio_postgres::Client;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

use super::errors::Outcome;
use crate::error::StoreError;
use crate::indexed_call::to_i64;
use crate::{IndexedCall, SyncOutcome};

/// Writes `calls` into the account, in the caller's transaction: a new call id is inserted, a
/// known one replaced when its document changed. Of several versions of a call in one batch,
/// the last wins; each version counts as `upsert_call` would count it one after the other.
///
/// Every month of the batch must have its partition already.
pub(crate) fn upsert<'a>(
    client: &'a Client,
    account: i64,
    calls: &'a [IndexedCall],
) -> BoxFuture<'a, Outcome<SyncOutcome>> {
    // Boxed here, where its lifetimes are named: the compiler cannot prove a future that
    // holds borrowed parameters across awaits `Send` for every lifetime (rust-lang/rust#110338).
    upsert_calls(client, account, calls).boxed()
}

async fn upsert_calls(
    client: &Client,
    account: i64,
    calls: &[IndexedCall],
) -> Outcome<SyncOutcome> {
    let mut outcome = SyncOutcome::default();
    // The versions of each call id, in batch order.
    let mut versions: BTreeMap<&str, Vec<&IndexedCall>> = BTreeMap::new();
    for call in calls {
        versions.entry(&call.call_id).or_default().push(call);
    }
    // Later versions count against the one before them.
    for list in versions.values() {
        for pair in list.windows(2) {
            if pair[0].document == pair[1].document {
                outcome.unchanged += 1;
            } else {
                outcome.updated += 1;
            }
        }
    }
    let latest: Vec<(&IndexedCall, &IndexedCall)> = versions
        .values()
        .filter_map(|list| Some((*list.first()?, *list.last()?)))
        .collect();
    let claimed = claim(client, account, &latest).await?;
    let mut rows: Vec<(i64, &IndexedCall)> = Vec::with_capacity(latest.len());
    let mut known: Vec<(&IndexedCall, &IndexedCall)> = Vec::new();
    for (first, last) in latest {
        match claimed.get(last.call_id.as_str()) {
            Some(id) => {
                outcome.new += 1;
                rows.push((*id, last));
            }
            None => known.push((first, last)),
        }
    }
    if !known.is_empty() {
        let stored = stored(client, account, &known).await?;
        let mut replaced = Replaced::default();
        for (first, last) in known {
            let Some(old) = stored.get(first.call_id.as_str()) else {
                return Err(StoreError::Invalid(format!(
                    "the call {} has an id but no row",
                    first.call_id
                ))
                .into());
            };
            if old.document == first.document {
                outcome.unchanged += 1;
            } else {
                outcome.updated += 1;
            }
            if old.document != last.document {
                replaced.add(old, last)?;
                rows.push((old.id, last));
            }
        }
        replaced.delete(client, account).await?;
    }
    copy_rows(client, account, &rows).await?;
    if outcome.new > 0 {
        client
            .execute(
                "INSERT INTO call_totals (account, calls) VALUES ($1, $2) \
                 ON CONFLICT (account) DO UPDATE SET calls = call_totals.calls + excluded.calls",
                &[&account, &to_i64(outcome.new)],
            )
            .await?;
    }
    Ok(outcome)
}

/// Claims the call ids that are new to the account, each with a fresh row id; answers them.
async fn claim(
    client: &Client,
    account: i64,
    calls: &[(&IndexedCall, &IndexedCall)],
) -> Outcome<BTreeMap<String, i64>> {
    let ids: Vec<&str> = calls
        .iter()
        .map(|(_, last)| last.call_id.as_str())
        .collect();
    let started: Vec<i64> = calls.iter().map(|(_, last)| last.started_ms).collect();
    let statement = client
        .prepare(
            "INSERT INTO call_ids (account, call_id, started_ms, id) \
             SELECT $1, n.call_id, n.started_ms, nextval('calls_id_seq') \
             FROM unnest($2::text[], $3::bigint[]) AS n (call_id, started_ms) \
             ON CONFLICT (account, call_id) DO NOTHING RETURNING call_id, id",
        )
        .await?;
    let rows = client
        .query(&statement, &[&account, &ids, &started])
        .await?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

/// A stored call: where its row is and its document.
struct Stored {
    started_ms: i64,
    id: i64,
    document: String,
}

/// The stored rows of calls already known, locked until the transaction ends, so that two
/// writers of the same call take turns.
async fn stored(
    client: &Client,
    account: i64,
    calls: &[(&IndexedCall, &IndexedCall)],
) -> Outcome<BTreeMap<String, Stored>> {
    let ids: Vec<&str> = calls
        .iter()
        .map(|(first, _)| first.call_id.as_str())
        .collect();
    let rows = client
        .query(
            "SELECT i.call_id, i.started_ms, i.id, c.document FROM call_ids i \
             JOIN calls c ON c.account = i.account AND c.started_ms = i.started_ms \
             AND c.id = i.id \
             WHERE i.account = $1 AND i.call_id = ANY($2::text[]) FOR UPDATE OF i",
            &[&account, &ids],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                Stored {
                    started_ms: row.get(1),
                    id: row.get(2),
                    document: row.get(3),
                },
            )
        })
        .collect())
}

/// What replacing calls removes: their rows and the side rows their stored documents gave
/// them, and where their rows move to.
#[derive(Default)]
struct Replaced {
    started: Vec<i64>,
    ids: Vec<i64>,
    agents: (Vec<i64>, Vec<i64>, Vec<i64>),
    fields: (Vec<String>, Vec<String>, Vec<i64>, Vec<i64>),
    moved: (Vec<String>, Vec<i64>),
}

impl Replaced {
    fn add(&mut self, old: &Stored, new: &IndexedCall) -> Outcome<()> {
        let decoded = Call::from_json(&old.document).map_err(|error| {
            StoreError::Invalid(format!(
                "the stored call {} does not decode: {error}",
                new.call_id
            ))
        })?;
        let old_row = IndexedCall::new(String::new(), &decoded);
        self.started.push(old.started_ms);
        self.ids.push(old.id);
        for agent in &old_row.agents {
            self.agents.0.push(to_i64(*agent));
            self.agents.1.push(old.started_ms);
            self.agents.2.push(old.id);
        }
        for (name, value) in old_row.fields {
            self.fields.0.push(name);
            self.fields.1.push(value);
            self.fields.2.push(old.started_ms);
            self.fields.3.push(old.id);
        }
        if new.started_ms != old.started_ms {
            self.moved.0.push(new.call_id.clone());
            self.moved.1.push(new.started_ms);
        }
        Ok(())
    }

    async fn delete(&self, client: &Client, account: i64) -> Outcome<()> {
        if self.ids.is_empty() {
            return Ok(());
        }
        client
            .execute(
                "DELETE FROM calls c USING unnest($2::bigint[], $3::bigint[]) AS r (started_ms, id) \
                 WHERE c.account = $1 AND c.started_ms = r.started_ms AND c.id = r.id",
                &[&account, &self.started, &self.ids],
            )
            .await?;
        client
            .execute(
                "DELETE FROM call_agents a \
                 USING unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS r (agent, started_ms, call) \
                 WHERE a.account = $1 AND a.agent = r.agent AND a.started_ms = r.started_ms \
                 AND a.call = r.call",
                &[&account, &self.agents.0, &self.agents.1, &self.agents.2],
            )
            .await?;
        client
            .execute(
                "DELETE FROM call_fields f \
                 USING unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) \
                 AS r (name, value, started_ms, call) \
                 WHERE f.account = $1 AND f.name = r.name AND f.value = r.value \
                 AND f.started_ms = r.started_ms AND f.call = r.call",
                &[
                    &account,
                    &self.fields.0,
                    &self.fields.1,
                    &self.fields.2,
                    &self.fields.3,
                ],
            )
            .await?;
        if !self.moved.0.is_empty() {
            client
                .execute(
                    "UPDATE call_ids i SET started_ms = r.started_ms \
                     FROM unnest($2::text[], $3::bigint[]) AS r (call_id, started_ms) \
                     WHERE i.account = $1 AND i.call_id = r.call_id",
                    &[&account, &self.moved.0, &self.moved.1],
                )
                .await?;
        }
        Ok(())
    }
}

/// Copies the rows of calls (row id, call) and their side rows in.
async fn copy_rows(client: &Client, account: i64, rows: &[(i64, &IndexedCall)]) -> Outcome<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink = client
        .copy_in(
            "COPY calls (account, id, call_id, started_ms, call_type, status, talk_s, queue_s, \
             agent_s, amount, number_rev, first_agent, document) FROM STDIN (FORMAT binary)",
        )
        .await?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
    ];
    let mut writer = pin!(BinaryCopyInWriter::new(sink, &types));
    for (id, call) in rows {
        let values: [&(dyn ToSql + Sync); 13] = [
            &account,
            id,
            &call.call_id,
            &call.started_ms,
            &call.call_type,
            &call.status,
            &call.talk_s,
            &call.queue_s,
            &call.agent_s,
            &call.amount,
            &call.number_rev,
            &call.first_agent,
            &call.document,
        ];
        writer.as_mut().write(&values).await?;
    }
    writer.finish().await?;

    if rows.iter().any(|(_, call)| !call.agents.is_empty()) {
        let sink = client
            .copy_in(
                "COPY call_agents (account, agent, started_ms, call) FROM STDIN (FORMAT binary)",
            )
            .await?;
        let mut writer = pin!(BinaryCopyInWriter::new(sink, &[Type::INT8; 4]));
        for (id, call) in rows {
            for agent in &call.agents {
                let agent = to_i64(*agent);
                let values: [&(dyn ToSql + Sync); 4] = [&account, &agent, &call.started_ms, id];
                writer.as_mut().write(&values).await?;
            }
        }
        writer.finish().await?;
    }

    if rows.iter().any(|(_, call)| !call.fields.is_empty()) {
        let sink = client
            .copy_in(
                "COPY call_fields (account, name, value, started_ms, call) \
                 FROM STDIN (FORMAT binary)",
            )
            .await?;
        let types = [Type::INT8, Type::TEXT, Type::TEXT, Type::INT8, Type::INT8];
        let mut writer = pin!(BinaryCopyInWriter::new(sink, &types));
        for (id, call) in rows {
            // A field written twice with one value is one row (the primary key holds them all).
            let mut fields: Vec<&(String, String)> = call.fields.iter().collect();
            fields.sort_unstable();
            fields.dedup();
            for (name, value) in fields {
                let values: [&(dyn ToSql + Sync); 5] =
                    [&account, name, value, &call.started_ms, id];
                writer.as_mut().write(&values).await?;
            }
        }
        writer.finish().await?;
    }
    Ok(())
}
