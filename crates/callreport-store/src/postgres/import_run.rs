//! An import run in one transaction: the account, its credentials and every call, or nothing.

use tokio::sync::mpsc::Receiver;

use super::errors;
use super::{PostgresStore, import_outcome, write};
use crate::error::{Cause, StoreError};
use crate::{ImportOutcome, ImportStep, ImportTarget, IndexedCall};

/// Writes every step of a run in one transaction, committed only at [`ImportStep::Commit`] and
/// only when a call was written: a run that is abandoned, fails or imports nothing leaves the
/// database as it was.
pub(super) async fn run(
    store: &PostgresStore,
    target: &ImportTarget,
    mut steps: Receiver<ImportStep>,
) -> Result<ImportOutcome, StoreError> {
    let mut client = store.client().await?;
    let tx = client.transaction().await.map_err(errors::classify)?;
    let (account, created) =
        write::account_or_create(tx.client(), &target.user_id, &target.permissions).await?;
    for (kind, secret) in target.credentials() {
        write::add_credential(tx.client(), &target.user_id, kind, secret, None).await?;
    }
    let key = account.key().get();
    let mut outcome = ImportOutcome::default();
    loop {
        match steps.recv().await {
            Some(ImportStep::Calls(calls)) => {
                let rows = tokio::task::spawn_blocking(move || {
                    calls.into_iter().map(IndexedCall::from).collect::<Vec<_>>()
                })
                .await
                .map_err(|error| StoreError::Failed(Cause::new(error.to_string())))?;
                // The run holds its connection meanwhile: one more is taken for a new month.
                store.partitions_for(&rows).await?;
                let written = import_outcome(store.write_calls(tx.client(), key, &rows).await?);
                outcome.imported += written.imported;
                outcome.updated += written.updated;
            }
            Some(ImportStep::Commit) => break,
            None => {
                return Err(StoreError::Invalid(
                    "the import stopped before the end of its input; nothing was written".into(),
                ));
            }
        }
    }
    if outcome.imported + outcome.updated == 0 {
        // Dropping the transaction rolls it back: no account, no credential.
        return Ok(outcome);
    }
    tx.commit().await.map_err(errors::classify)?;
    outcome.account_created = created;
    Ok(outcome)
}
