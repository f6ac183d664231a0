//! An import run in one transaction: the account, its credentials and every call, or nothing.

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::mpsc::{self, Receiver};

use super::bulk_journal::BulkJournal;
use super::errors::Outcome;
use super::fresh_ids::{self, FreshIds};
use super::write;
use crate::error::StoreError;
use crate::{ImportOutcome, ImportStep, ImportTarget, IndexedCall};

/// A step as the writer gets it: calls already worked out into rows.
pub(crate) enum RowStep {
    Rows(Vec<IndexedCall>),
    Commit,
}

/// Works the calls of each step out into rows on an async worker, so that the writer's thread,
/// which every write waits for, only writes (and frees no decoded call). Must be called inside
/// a Tokio runtime.
pub(crate) fn relay(mut steps: Receiver<ImportStep>) -> Receiver<RowStep> {
    let (rows, received) = mpsc::channel(1);
    tokio::spawn(async move {
        while let Some(step) = steps.recv().await {
            let step = match step {
                ImportStep::Calls(calls) => {
                    RowStep::Rows(calls.into_iter().map(IndexedCall::from).collect())
                }
                ImportStep::Commit => RowStep::Commit,
            };
            if rows.send(step).await.is_err() {
                return;
            }
        }
    });
    received
}

/// Writes every step of a run in one immediate transaction, committed only at
/// [`RowStep::Commit`] and only when a call was written: a run that is abandoned, fails or
/// imports nothing leaves the database as it was (a killed process never commits). `alone`:
/// into an empty table, with the file to itself, it writes through a rollback journal
/// (bulk_journal.rs).
pub(crate) fn run(
    conn: &mut Connection,
    target: &ImportTarget,
    steps: Receiver<RowStep>,
    alone: bool,
) -> Outcome<ImportOutcome> {
    let journal = if alone {
        BulkJournal::begin(conn)?
    } else {
        None
    };
    let outcome = write_run(conn, target, steps);
    match journal {
        Some(journal) => {
            // A failed run is reported as itself; the switch back is tried either way.
            let restored = journal.restore(conn);
            let outcome = outcome?;
            restored?;
            Ok(outcome)
        }
        None => outcome,
    }
}

fn write_run(
    conn: &mut Connection,
    target: &ImportTarget,
    mut steps: Receiver<RowStep>,
) -> Outcome<ImportOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (account, created) = write::account_or_create(&tx, &target.user_id, &target.permissions)?;
    for (kind, secret) in target.credentials() {
        write::add_credential(&tx, &target.user_id, kind, secret, None)?;
    }
    let key = account.key().get();
    let deferred = defer_indexes(&tx)?;
    let mut fresh = deferred.fresh;
    let mut outcome = ImportOutcome::default();
    loop {
        match steps.blocking_recv() {
            Some(RowStep::Rows(rows)) => {
                let written = write::import_with(&tx, key, rows, |call| {
                    fresh_ids::write_call(&tx, key, call, &mut fresh)
                })?;
                outcome.imported += written.imported;
                outcome.updated += written.updated;
            }
            Some(RowStep::Commit) => break,
            None => {
                return Err(StoreError::Invalid(
                    "the import stopped before the end of its input; nothing was written".into(),
                )
                .into());
            }
        }
    }
    if outcome.imported + outcome.updated == 0 {
        // Dropping the transaction rolls it back: no account, no credential.
        return Ok(outcome);
    }
    if let Some(fresh) = fresh {
        fresh.build_indexes(&tx)?;
    }
    for index in &deferred.others {
        tx.execute_batch(index)?;
    }
    tx.commit()?;
    outcome.account_created = created;
    conn.execute_batch("PRAGMA optimize")?;
    Ok(outcome)
}

/// The indexes of `calls` a run into an empty table builds at its end.
#[derive(Default)]
struct Deferred {
    /// The unique indexes, with the ids written so far (`fresh_ids.rs`).
    fresh: Option<FreshIds>,
    /// The statements that build the others.
    others: Vec<String>,
}

/// Into an empty `calls` table, its indexes are dropped inside the run's transaction and built
/// again before it commits: an index built by sorting costs a fraction of one filled row by row
/// at random places (the number and id indexes above all). None are dropped when the table
/// holds calls. Readers never see the table without them: the drop is part of the
/// transaction, and so is the build.
fn defer_indexes(tx: &rusqlite::Transaction<'_>) -> Outcome<Deferred> {
    let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM calls)", [], |row| {
        row.get(0)
    })?;
    if !empty {
        return Ok(Deferred::default());
    }
    let indexes = tx
        .prepare(
            "SELECT name, sql, sql LIKE 'CREATE UNIQUE%' FROM sqlite_schema \
             WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
        )?
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, bool>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut unique = Vec::new();
    let mut others = Vec::new();
    for (name, sql, is_unique) in indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        if is_unique { &mut unique } else { &mut others }.push(sql);
    }
    Ok(Deferred {
        fresh: Some(FreshIds::new(unique)),
        others,
    })
}
