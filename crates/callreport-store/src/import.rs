//! Importing JSON lines of raw call documents into an account.
//!
//! Each line is decoded with the model; a line that does not decode, or that names another
//! account in `uid`, is rejected with its line number and the reason, and the rest go on.
//! Accepted calls are written in batches, each batch in one transaction. While one batch is
//! written, the next is decoded.

use std::fmt;
use std::sync::Arc;

use callreport_model::{Call, UserId};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::error::{Cause, StoreError};
use crate::{ImportCall, ImportOutcome, Store};

/// Calls per transaction unless told otherwise: large batches write each page of the indexes
/// keyed by random values (call id, number) fewer times; two batches (one decoding, one being
/// written) of this size take about 300 MB.
pub const DEFAULT_BATCH: usize = 20_000;

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
}

impl ImportReport {
    fn add(&mut self, outcome: ImportOutcome) {
        self.imported += outcome.imported;
        self.updated += outcome.updated;
    }
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
    user_id: UserId,
    batch: usize,
}

impl Importer {
    /// An importer into `user_id`'s account, which must exist.
    #[must_use]
    pub fn new(store: Arc<dyn Store>, user_id: UserId) -> Self {
        Self {
            store,
            user_id,
            batch: DEFAULT_BATCH,
        }
    }

    /// Writes `calls` calls per transaction.
    #[must_use]
    pub fn batch_size(mut self, calls: usize) -> Self {
        self.batch = calls.max(1);
        self
    }

    /// Reads JSON lines to the end and imports them; blank lines are skipped.
    ///
    /// # Errors
    /// [`StoreError`] when reading fails or a batch cannot be written; the batches before it
    /// stay imported, nothing of the failed one is.
    pub async fn run<R: AsyncBufRead + Unpin>(
        &self,
        reader: R,
    ) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        let mut lines = reader.lines();
        let mut number = 0_u64;
        let mut writing: Option<tokio::task::JoinHandle<Result<ImportOutcome, StoreError>>> = None;
        loop {
            let mut batch = Vec::with_capacity(self.batch);
            while batch.len() < self.batch {
                let Some(line) = lines
                    .next_line()
                    .await
                    .map_err(|error| StoreError::Invalid(format!("cannot read: {error}")))?
                else {
                    break;
                };
                number += 1;
                if line.trim().is_empty() {
                    continue;
                }
                match self.decode(line) {
                    Ok(call) => batch.push(call),
                    Err(reason) => report.rejected.push(RejectedLine {
                        line: number,
                        reason,
                    }),
                }
            }
            if let Some(previous) = writing.take() {
                report.add(joined(previous.await)?);
            }
            if batch.is_empty() {
                return Ok(report);
            }
            writing = Some(tokio::spawn(self.store.import(&self.user_id, batch)));
        }
    }

    fn decode(&self, line: String) -> Result<ImportCall, String> {
        let call = Call::from_json(&line).map_err(|error| error.to_string())?;
        match &call.user_id {
            Some(owner) if *owner != self.user_id => {
                Err(format!("uid: the call belongs to account {owner}"))
            }
            _ => Ok(ImportCall::new(line, call)),
        }
    }
}

fn joined(
    result: Result<Result<ImportOutcome, StoreError>, tokio::task::JoinError>,
) -> Result<ImportOutcome, StoreError> {
    result.map_err(|error| StoreError::Failed(Cause::new(error)))?
}
