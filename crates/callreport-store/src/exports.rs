//! Export requests as a store keeps them.

use std::path::PathBuf;
use std::time::Duration;

use callreport_model::{ExportFormat, ExportId, ExportStatus};

use crate::unix_ms::millis;
use crate::{Account, StoreError};

/// A new export request, before any work.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewExport {
    /// Its id, unique across accounts.
    pub id: ExportId,
    /// The file format.
    pub format: ExportFormat,
    /// The report's title.
    pub title: Option<String>,
    /// The request's filter keys, as JSON.
    pub filter: String,
    /// The column names, as a JSON array; `None` for the defaults.
    pub columns: Option<String>,
    /// The server process that will write it, and how long its lease holds before renewal.
    pub owner: Option<(String, Duration)>,
    /// The account's limits, checked in the same transaction that records the request.
    pub quota: Option<ExportQuota>,
}

impl NewExport {
    /// A request `id` for `format` over the calls `filter` (JSON) selects.
    #[must_use]
    pub fn new(id: ExportId, format: ExportFormat, filter: String) -> Self {
        Self {
            id,
            format,
            title: None,
            filter,
            columns: None,
            owner: None,
            quota: None,
        }
    }

    /// Leased to the server process `owner` for `lease` (see [`crate::Store::renew_export_leases`]).
    #[must_use]
    pub fn owned_by(mut self, owner: impl Into<String>, lease: Duration) -> Self {
        self.owner = Some((owner.into(), lease));
        self
    }

    /// Its owner and when its lease ends (milliseconds since the Unix epoch), leased at
    /// `now_ms`; neither without an owner.
    pub(crate) fn lease_from(&self, now_ms: i64) -> (Option<&str>, Option<i64>) {
        match &self.owner {
            Some((owner, lease)) => (
                Some(owner.as_str()),
                Some(now_ms.saturating_add(millis(*lease))),
            ),
            None => (None, None),
        }
    }

    /// Refused with [`crate::StoreError::OverQuota`] when the account is at `quota`.
    #[must_use]
    pub fn within(mut self, quota: ExportQuota) -> Self {
        self.quota = Some(quota);
        self
    }
}

/// An account's limits on server-side exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportQuota {
    /// Requests queued or running at once.
    pub max_active: u32,
    /// Bytes of finished export files kept; a new request is refused once they reach it.
    pub max_kept_bytes: u64,
}

impl ExportQuota {
    /// At most `max_active` requests queued or running, and `max_kept_bytes` of files kept.
    #[must_use]
    pub fn new(max_active: u32, max_kept_bytes: u64) -> Self {
        Self {
            max_active,
            max_kept_bytes,
        }
    }
}

impl ExportQuota {
    /// Whether an account with `active` requests queued or running and `kept` bytes of
    /// finished files may ask for one more; [`StoreError::OverQuota`] names the limit when not.
    pub(crate) fn admits(&self, active: i64, kept: i64) -> Result<(), StoreError> {
        if active >= i64::from(self.max_active) {
            return Err(StoreError::OverQuota(format!(
                "exports: {active} exports are queued or running for this account, the most it \
                 may have at once; ask again when one is done"
            )));
        }
        if u64::try_from(kept).unwrap_or(0) >= self.max_kept_bytes {
            return Err(StoreError::OverQuota(format!(
                "exports: this account's export files take {kept} bytes, the most it may keep \
                 ({} bytes); ask again once older files expire",
                self.max_kept_bytes
            )));
        }
        Ok(())
    }
}

/// One page of an account's export requests, newest first, and how many it has in all.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ExportPage {
    /// The page's requests.
    pub records: Vec<ExportRecord>,
    /// The account's requests in all.
    pub total: u64,
}

/// A finished export past its retention: its record and file are deleted.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ExpiredExport {
    /// The export.
    pub id: ExportId,
    /// Its file's name inside the export folder, if it has one.
    pub file: Option<PathBuf>,
}

/// An export request as stored: its status and, once done, its file.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ExportRecord {
    /// The status; `location` is left for the server to fill in.
    pub status: ExportStatus,
    /// The finished file's name inside the export folder; `None` until done.
    pub file: Option<PathBuf>,
}

/// An export request taken over from a server that is gone
/// ([`crate::Store::claim_stale_export`]): queued again, leased to the new server, with the
/// request as it was made, so that the new server can write its file from the start.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ClaimedExport {
    /// The account that asked for it.
    pub account: Account,
    /// Its id.
    pub id: ExportId,
    /// The file format.
    pub format: ExportFormat,
    /// The report's title.
    pub title: Option<String>,
    /// The request's filter keys, as JSON (as [`NewExport::filter`]).
    pub filter: String,
    /// The column names, as a JSON array; `None` for the defaults.
    pub columns: Option<String>,
}

impl ClaimedExport {
    /// A request of `account` taken over, with its filter keys (JSON) and no title or columns.
    #[must_use]
    pub fn new(account: Account, id: ExportId, format: ExportFormat, filter: String) -> Self {
        Self {
            account,
            id,
            format,
            title: None,
            filter,
            columns: None,
        }
    }
}

/// A step of an export's work. Each applies only from the state before it, so a late step of
/// an interrupted job never revives a request already marked failed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ExportUpdate {
    /// Queued to running.
    Started,
    /// Running, with this many rows written.
    Progress {
        /// Rows written so far.
        rows: u64,
    },
    /// Running to done.
    Done {
        /// Rows written.
        rows: u64,
        /// The file's size.
        bytes: u64,
        /// The file's name inside the export folder.
        file: PathBuf,
    },
    /// Queued or running to failed.
    Failed {
        /// Why.
        reason: String,
    },
}
