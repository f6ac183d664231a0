//! Writing a call as the rows it has in the store: `calls`, `call_agents`, `call_fields`.

use callreport_model::Call;
use rusqlite::{Transaction, params};

use super::errors::Outcome;
use crate::IndexedCall;
use crate::error::StoreError;
use crate::indexed_call::to_i64;

/// The statements for a call's side rows: one per agent it reached, then one per custom field,
/// each bound to (account, agent or field name, start or field value, call row).
struct SideRows {
    agent: &'static str,
    field: &'static str,
}

/// Writes a call's side rows.
const INSERT_SIDE_ROWS: SideRows = SideRows {
    agent: "INSERT OR IGNORE INTO call_agents (account, agent, started_ms, call) \
            VALUES (?1, ?2, ?3, ?4)",
    field: "INSERT OR IGNORE INTO call_fields (account, name, value, call) \
            VALUES (?1, ?2, ?3, ?4)",
};

/// Removes the side rows a call gave its row.
const DELETE_SIDE_ROWS: SideRows = SideRows {
    agent: "DELETE FROM call_agents \
            WHERE account = ?1 AND agent = ?2 AND started_ms = ?3 AND call = ?4",
    field: "DELETE FROM call_fields WHERE account = ?1 AND name = ?2 AND value = ?3 AND call = ?4",
};

impl SideRows {
    /// Runs the statements for `call`'s side rows of row `row`.
    fn execute(
        &self,
        tx: &Transaction<'_>,
        account: i64,
        call: &IndexedCall,
        row: i64,
    ) -> Outcome<()> {
        let mut agent = tx.prepare_cached(self.agent)?;
        for id in &call.agents {
            agent.execute(params![account, to_i64(*id), call.started_ms, row])?;
        }
        let mut field = tx.prepare_cached(self.field)?;
        for (name, value) in &call.fields {
            field.execute(params![account, name, value, row])?;
        }
        Ok(())
    }
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Upserted {
    /// The id was new to the account.
    New,
    /// A call with this id was replaced.
    Replaced,
    /// A call with this id was stored already with this very document; nothing was written.
    Same,
}

/// The columns of a call's row, as the statements below bind them.
macro_rules! call_values {
    ($account:expr, $call:expr) => {
        params![
            $account,
            $call.call_id,
            $call.started_ms,
            $call.call_type,
            $call.status,
            $call.talk_s,
            $call.queue_s,
            $call.agent_s,
            $call.amount,
            $call.number_rev,
            $call.first_agent,
            $call.document,
        ]
    };
}

/// The statement that inserts a call's row, bound by `call_values!`.
macro_rules! insert_call {
    () => {
        "INSERT INTO calls (account, call_id, started_ms, call_type, status, talk_s, \
         queue_s, agent_s, amount, number_rev, first_agent, document) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    };
}

/// Inserts a call's row; fails on an id the account has, when the unique index is in place.
const INSERT_CALL: &str = insert_call!();

/// Inserts a call's row unless the account has its id (needs the unique index).
const INSERT_CALL_UNLESS_PRESENT: &str =
    concat!(insert_call!(), " ON CONFLICT (account, call_id) DO NOTHING");

/// Inserts a call whose id the account does not have, with its side rows.
pub(crate) fn insert_new_call(
    tx: &Transaction<'_>,
    account: i64,
    call: &IndexedCall,
) -> Outcome<()> {
    tx.prepare_cached(INSERT_CALL)?
        .execute(call_values!(account, call))?;
    INSERT_SIDE_ROWS.execute(tx, account, call, tx.last_insert_rowid())
}

/// Inserts or replaces one call.
pub(crate) fn upsert_call(
    tx: &Transaction<'_>,
    account: i64,
    call: &IndexedCall,
) -> Outcome<Upserted> {
    let values = call_values!(account, call);
    // Insert first: a new call costs one probe of the unique index, not two.
    let inserted = tx
        .prepare_cached(INSERT_CALL_UNLESS_PRESENT)?
        .execute(values)?;
    if inserted == 1 {
        INSERT_SIDE_ROWS.execute(tx, account, call, tx.last_insert_rowid())?;
        return Ok(Upserted::New);
    }
    // A call with this id exists: remove the side rows its stored document gave it.
    let (row, old_document): (i64, String) = tx
        .prepare_cached("SELECT id, document FROM calls WHERE account = ? AND call_id = ?")?
        .query_row(params![account, call.call_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    if old_document == call.document {
        return Ok(Upserted::Same);
    }
    let old = Call::from_json(&old_document).map_err(|error| {
        StoreError::Invalid(format!(
            "the stored call {} does not decode: {error}",
            call.call_id
        ))
    })?;
    DELETE_SIDE_ROWS.execute(tx, account, &IndexedCall::new(String::new(), &old), row)?;
    tx.prepare_cached(
        "UPDATE calls SET account = ?1, call_id = ?2, started_ms = ?3, call_type = ?4, \
         status = ?5, talk_s = ?6, queue_s = ?7, agent_s = ?8, amount = ?9, \
         number_rev = ?10, first_agent = ?11, document = ?12 \
         WHERE account = ?1 AND call_id = ?2",
    )?
    .execute(values)?;
    INSERT_SIDE_ROWS.execute(tx, account, call, row)?;
    Ok(Upserted::Replaced)
}
