//! Importing JSON lines of raw call documents into an account, all or nothing.
//!
//! Each line is decoded with the model; a line that is not UTF-8 text, does not decode, or
//! names another account in `uid` is rejected with its line number and the reason, and the
//! rest go on. Accepted calls go to the store in batches, all in one transaction for the whole
//! run (see [`Store::import_run`]): a run that fails, is killed or imports nothing leaves no
//! row, not even its account. While one batch is written, the next is decoded.

mod target;

use std::fmt;
use std::sync::Arc;

use callreport_model::{Call, UserId};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::mpsc;

pub use self::target::{ImportStep, ImportTarget};

use crate::error::{Cause, StoreError};
use crate::{ImportCall, ImportOutcome, Store};

/// Calls handed to the store at a time unless told otherwise. The whole run is one transaction
/// whatever the batch; a batch only bounds memory (about three are held: one decoding, one
/// waiting, one being written) and lets decoding and writing overlap.
pub const DEFAULT_BATCH: usize = 10_000;

/// A line that was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RejectedLine {
    /// Its number in the file, from 1.
    pub line: u64,
    /// Why (never shows phone numbers or tokens).
    pub reason: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportReport {
    /// Calls whose id was new to the account.
    pub imported: u64,
    /// Calls that replaced one with the same id.
    pub updated: u64,
    /// Lines that were not imported.
    pub rejected: Vec<RejectedLine>,
    /// Whether the run created the account.
    pub account_created: bool,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} imported, {} updated, {} rejected",
            self.imported,
            self.updated,
            self.rejected.len()
        )
    }
}

/// Imports JSON lines into one account of a store.
#[derive(Debug)]
pub struct Importer {
    store: Arc<dyn Store>,
    target: ImportTarget,
    batch: usize,
}

impl Importer {
    /// An importer into `user_id`'s account, created with `LIST_CALL_LOG` by a run that imports
    /// something if it does not exist.
    #[must_use]
    pub fn new(store: Arc<dyn Store>, user_id: UserId) -> Self {
        Self::with_target(store, ImportTarget::new(user_id))
    }

    /// An importer into `target`'s account, with its permissions and credentials.
    #[must_use]
    pub fn with_target(store: Arc<dyn Store>, target: ImportTarget) -> Self {
        Self {
            store,
            target,
            batch: DEFAULT_BATCH,
        }
    }

    /// Hands the store `calls` calls at a time.
    #[must_use]
    pub fn batch_size(mut self, calls: usize) -> Self {
        self.batch = calls.max(1);
        self
    }

    /// Reads JSON lines to the end and imports them in one transaction; blank lines are
    /// skipped.
    ///
    /// # Errors
    /// [`StoreError`] when reading fails or the calls cannot be written; nothing of the run is
    /// written then.
    pub async fn run<R: AsyncBufRead + Unpin>(
        &self,
        reader: R,
    ) -> Result<ImportReport, StoreError> {
        let (steps, received) = mpsc::channel(1);
        let writer = tokio::spawn(self.store.import_run(self.target.clone(), received));
        let mut report = ImportReport::default();
        let read = self.send_batches(reader, &steps, &mut report).await;
        if read.is_ok() {
            // A closed channel means the writer failed: its error is the one to report.
            let _ = steps.send(ImportStep::Commit).await;
        }
        // Dropping the sender without `Commit` rolls the run back.
        drop(steps);
        let outcome = joined(writer.await);
        read?;
        let outcome = outcome?;
        report.imported = outcome.imported;
        report.updated = outcome.updated;
        report.account_created = outcome.account_created;
        Ok(report)
    }

    /// Decodes the lines and sends them in batches; stops early if the writer has stopped.
    async fn send_batches<R: AsyncBufRead + Unpin>(
        &self,
        mut reader: R,
        steps: &mpsc::Sender<ImportStep>,
        report: &mut ImportReport,
    ) -> Result<(), StoreError> {
        let mut number = 0_u64;
        let mut line = Vec::new();
        loop {
            let mut batch = Vec::with_capacity(self.batch);
            let mut ended = false;
            while batch.len() < self.batch {
                line.clear();
                let read = reader
                    .read_until(b'\n', &mut line)
                    .await
                    .map_err(|error| StoreError::Invalid(format!("cannot read: {error}")))?;
                if read == 0 {
                    ended = true;
                    break;
                }
                number += 1;
                match self.decode(&line) {
                    Ok(Some(call)) => batch.push(call),
                    Ok(None) => {}
                    Err(reason) => report.rejected.push(RejectedLine {
                        line: number,
                        reason,
                    }),
                }
            }
            if !batch.is_empty() && steps.send(ImportStep::Calls(batch)).await.is_err() {
                return Ok(());
            }
            if ended {
                return Ok(());
            }
        }
    }

    /// A line's call; `None` for a blank line.
    fn decode(&self, line: &[u8]) -> Result<Option<ImportCall>, String> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = std::str::from_utf8(line).map_err(|error| format!("not UTF-8 text: {error}"))?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let call = Call::from_json(text).map_err(|error| error.to_string())?;
        match &call.user_id {
            Some(owner) if *owner != self.target.user_id => {
                Err(format!("uid: the call belongs to account {owner}"))
            }
            _ => Ok(Some(ImportCall::new(text.to_owned(), call))),
        }
    }
}

fn joined(
    result: Result<Result<ImportOutcome, StoreError>, tokio::task::JoinError>,
) -> Result<ImportOutcome, StoreError> {
    result.map_err(|error| StoreError::Failed(Cause::new(error)))?
}
