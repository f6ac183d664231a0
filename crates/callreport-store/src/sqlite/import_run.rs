//! An import run in one transaction: the account, its credentials and every call, or nothing.

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::mpsc::Receiver;

use super::call_row::CallRow;
use super::errors::Outcome;
use super::write;
use crate::error::StoreError;
use crate::{ImportOutcome, ImportStep, ImportTarget};

/// Writes every step of a run in one immediate transaction, committed only at
/// [`ImportStep::Commit`] and only when a call was written: a run that is abandoned, fails or
/// imports nothing leaves the database as it was (a killed process never commits).
///
/// The calls are worked out into rows here, on the writer's thread, while the caller decodes
/// the next batch.
pub(crate) fn run(
    conn: &mut Connection,
    target: &ImportTarget,
    folder: &str,
    mut steps: Receiver<ImportStep>,
) -> Outcome<ImportOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (account, created) = write::account_or_create(&tx, &target.user_id, &target.permissions)?;
    for (kind, secret) in target.credentials() {
        write::add_credential(&tx, &target.user_id, kind, secret, None)?;
    }
    let key = account.key().get();
    let mut outcome = ImportOutcome::default();
    loop {
        match steps.blocking_recv() {
            Some(ImportStep::Calls(calls)) => {
                let written =
                    write::import(&tx, key, folder, calls.into_iter().map(CallRow::from))?;
                outcome.imported += written.imported;
                outcome.updated += written.updated;
            }
            Some(ImportStep::Commit) => break,
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
    tx.commit()?;
    outcome.account_created = created;
    conn.execute_batch("PRAGMA optimize")?;
    Ok(outcome)
}
