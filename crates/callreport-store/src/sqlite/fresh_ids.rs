//! A run into an empty `calls` table, written without its unique index on call ids.
//!
//! With the index in place, every call of a run is a probe and an insert at a random place in
//! it (call ids are random text), which the writer's thread paid for in cache misses. A run
//! into an empty table remembers the ids it wrote instead, as 64-bit hashes, and only inserts.
//! At the first id it meets again (or one whose hash it has met), it builds the index from
//! the rows written so far and upserts every call from there on, as a run into a table with
//! calls does. Either way the index is built before the run commits.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::Transaction;

use super::call_row::{Upserted, insert_new_call, upsert_call};
use super::errors::Outcome;
use crate::IndexedCall;

/// The ids a run has written while the unique indexes wait to be built.
pub(crate) struct FreshIds {
    seen: BTreeSet<u64>,
    /// The statements that build the unique indexes again.
    unique_indexes: Vec<String>,
}

impl FreshIds {
    /// A run whose table's unique indexes, built by `unique_indexes`, were dropped.
    pub(crate) fn new(unique_indexes: Vec<String>) -> Self {
        Self {
            seen: BTreeSet::new(),
            unique_indexes,
        }
    }

    /// Whether no call with `call_id`'s hash was written in this run; remembers it.
    fn first_time(&mut self, call_id: &str) -> bool {
        let mut hasher = DefaultHasher::new();
        call_id.hash(&mut hasher);
        self.seen.insert(hasher.finish())
    }

    /// Builds the unique indexes from the rows written so far.
    pub(crate) fn build_indexes(self, tx: &Transaction<'_>) -> Outcome<()> {
        for index in &self.unique_indexes {
            tx.execute_batch(index)?;
        }
        Ok(())
    }
}

/// Writes one call of a run: inserted while `fresh` holds and its id is new to the run;
/// otherwise the unique indexes are built (once) and it is upserted.
pub(crate) fn write_call(
    tx: &Transaction<'_>,
    account: i64,
    call: &IndexedCall,
    fresh: &mut Option<FreshIds>,
) -> Outcome<Upserted> {
    match fresh.as_mut().map(|ids| ids.first_time(&call.call_id)) {
        Some(true) => {
            insert_new_call(tx, account, call)?;
            Ok(Upserted::New)
        }
        Some(false) => {
            if let Some(ids) = fresh.take() {
                ids.build_indexes(tx)?;
            }
            upsert_call(tx, account, call)
        }
        None => upsert_call(tx, account, call),
    }
}
