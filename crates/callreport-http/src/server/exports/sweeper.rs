//! The periodic sweep of export jobs: leases renewed, jobs of a gone server failed (or, on a
//! store shared by several servers, taken over and started again), expired exports deleted,
//! the parts files a crash left in a local folder removed. Every step is retried at the next sweep
//! when it fails (the database may be locked or unreachable for a while).

use std::sync::Arc;
use std::time::SystemTime;

use callreport_model::ExportId;
use callreport_store::{ExportUpdate, Store};

use super::pool::{Exports, RESTART_REASON};
use super::resume;
use crate::output_file::target_of_temporary;

/// Expired exports deleted per sweep, so that one sweep stays short.
const EXPIRED_PER_SWEEP: u32 = 500;

/// What the sweeps of one server remember between them.
#[derive(Debug, Default)]
pub(crate) struct Sweeper {
    /// Whether the jobs an earlier process left unfinished have been failed.
    settled: bool,
}

impl Sweeper {
    /// One sweep.
    pub(crate) async fn sweep(&mut self, store: &Arc<dyn Store>, exports: &Exports) {
        remove_orphaned_parts(exports, store.is_shared());
        let limits = exports.limits();
        if let Err(error) = store
            .renew_export_leases(exports.owner(), limits.lease)
            .await
        {
            tracing::warn!(error = %error, "cannot renew the leases of running exports");
        }
        if store.is_shared() {
            // Other servers work on this store: a job whose lease ran out is taken over, and
            // the jobs of live servers are theirs.
            take_over_stale(store, exports).await;
            delete_expired(store.as_ref(), exports).await;
            return;
        }
        // Until it has once succeeded, jobs not held by this process are failed too: no job of
        // an earlier process survives it.
        let others = !self.settled;
        match store
            .fail_stale_exports(exports.owner(), others, RESTART_REASON)
            .await
        {
            Ok(failed) => {
                self.settled = true;
                if failed > 0 {
                    tracing::info!(failed, "exports whose server is gone failed");
                }
            }
            Err(error) => tracing::warn!(error = %error, "cannot settle unfinished exports"),
        }
        delete_expired(store.as_ref(), exports).await;
    }
}

/// Jobs taken over per sweep, so that one sweep stays short; the rest wait for the next.
const TAKEN_OVER_PER_SWEEP: usize = 16;

/// Takes over the jobs of servers that are gone (their leases ran out) and starts each again.
async fn take_over_stale(store: &Arc<dyn Store>, exports: &Exports) {
    let lease = exports.limits().lease;
    for _ in 0..TAKEN_OVER_PER_SWEEP {
        let claimed = match store.claim_stale_export(exports.owner(), lease).await {
            Ok(Some(claimed)) => claimed,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(error = %error, "cannot take over the exports of a gone server");
                return;
            }
        };
        let id = claimed.id.clone();
        tracing::info!(export = %id, "an export whose server is gone is started again here");
        if let Err(reason) = resume(store, exports, claimed) {
            tracing::warn!(export = %id, reason = %reason, "an export taken over cannot run");
            let _ = store
                .update_export(&id, ExportUpdate::Failed { reason })
                .await;
        }
    }
}

/// Deletes finished exports past their retention: the file first, then the record, so that a
/// failure between the two leaves the record for the next sweep.
async fn delete_expired(store: &dyn Store, exports: &Exports) {
    let cutoff = SystemTime::now()
        .checked_sub(exports.limits().retention)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let expired = match store.expired_exports(cutoff, EXPIRED_PER_SWEEP).await {
        Ok(expired) => expired,
        Err(error) => {
            tracing::warn!(error = %error, "cannot read the expired exports");
            return;
        }
    };
    let mut deleted = 0_u64;
    for export in expired {
        // Named as `send` names the file it serves: by its file name.
        let name = export.file.as_ref().and_then(|file| file.file_name());
        let name = name.map(|name| name.to_string_lossy());
        if let Some(name) = name
            && let Err(error) = exports.files().delete(&name).await
        {
            tracing::warn!(export = %export.id, error = %error, "cannot delete an expired export file");
            continue;
        }
        match store.delete_export(&export.id).await {
            Ok(_) => deleted += 1,
            Err(error) => tracing::warn!(error = %error, "cannot delete an expired export"),
        }
    }
    if deleted > 0 {
        tracing::info!(deleted, "expired exports deleted");
    }
}

/// Removes the parts files (`<expId>.<ext>#<n>`) of jobs not running in this process from a
/// local folder: left by a crash or a kill. In a folder `shared` with other servers, a file
/// written to within the lease may be another server's job at work, and is left alone. (A
/// bucket's unfinished uploads are ended by the bucket's lifecycle rule: `docs/scaling.md`.)
fn remove_orphaned_parts(exports: &Exports, shared: bool) {
    let Some(folder) = exports.files().local_folder() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(id) = part_owner(&name.to_string_lossy()) else {
            continue;
        };
        if id.is_some_and(|id| exports.is_running(&id)) {
            continue;
        }
        let recent = || {
            entry
                .metadata()
                .and_then(|meta| meta.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_none_or(|age| age < exports.limits().lease)
        };
        if shared && recent() {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => {
                tracing::info!(file = %name.to_string_lossy(), "orphaned export file removed")
            }
            Err(error) => tracing::warn!(error = %error, "cannot remove an orphaned export file"),
        }
    }
}

/// For a parts file's name (`<expId>.<ext>#<n>`, as the file store names an unfinished file in
/// a folder) or a temporary file of an earlier version (`.<expId>.<ext>.<random>.part`), the
/// export it belongs to (`None` inside when the name holds no valid id); `None` for any other
/// file.
fn part_owner(name: &str) -> Option<Option<ExportId>> {
    let target = match name.split_once('#') {
        Some((target, _)) => target,
        None => target_of_temporary(name)?,
    };
    let id = target.split('.').next().unwrap_or_default();
    Some(ExportId::new(id).ok())
}

#[cfg(test)]
mod tests {
    use super::part_owner;

    #[test]
    fn temporary_files_name_their_export() {
        let owner = part_owner("exp_00aa.csv#3").unwrap().unwrap();
        assert_eq!(owner.as_str(), "exp_00aa");
        let owner = part_owner(".exp_00aa.csv.AbC123.part").unwrap().unwrap();
        assert_eq!(owner.as_str(), "exp_00aa");
        // The name of the version before the random part still names its export.
        let owner = part_owner(".exp_00aa.csv.part").unwrap().unwrap();
        assert_eq!(owner.as_str(), "exp_00aa");
        assert_eq!(part_owner("exp_00aa.csv"), None);
        assert_eq!(part_owner(".exp_00aa.csv"), None);
        assert!(part_owner("..csv.AbC123.part").unwrap().is_none());
        assert!(part_owner("#1").unwrap().is_none());
    }
}
