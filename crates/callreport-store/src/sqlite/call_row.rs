//! A call as the rows it has in the store, and writing them: `calls`, `call_agents`,
//! `call_fields`.

use std::collections::BTreeSet;

use callreport_model::Call;
use rusqlite::{Transaction, params};

use super::errors::Outcome;
use crate::error::StoreError;
use crate::{ImportCall, NewRecording};

/// A count as SQLite's integer, saturating.
pub(crate) fn to_i64(n: u64) -> i64 {
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
    /// Recording files registered with the call.
    pub(crate) recordings: Vec<NewRecording>,
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

impl CallRow {
    /// The call's id.
    pub(crate) fn call_id(&self) -> &str {
        &self.call_id
    }

    /// The document as it is to be stored.
    pub(crate) fn raw(&self) -> &str {
        &self.raw
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
        let fields = call
            .custom_fields()
            .map(|(name, text)| (name.to_owned(), text.into_owned()))
            .collect();
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
