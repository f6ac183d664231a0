//! One pass of `sync`: time windows in ascending order, each read page by page and upserted,
//! its last page committed with the checkpoint at the window's end.

use std::collections::BTreeSet;
use std::pin::Pin;
use std::sync::Arc;

use callreport_http::client::Client;
use callreport_model::{IST, ListCalls, ReportFilter, SortKey, SortOrder, UserId};
use callreport_store::{ImportCall, Store, StoreError, SyncCheckpoint, SyncOutcome};
use chrono::{DateTime, TimeDelta, Utc};
use tokio::task::JoinHandle;

use super::rate::RateLimit;
use super::span::Span;
use super::summary::Summary;
use crate::exit::Failure;
use crate::output::RowsBar;

/// Why a pass stopped before its last window.
pub(crate) enum Stop {
    /// A request failed after the client's retries, or the store failed.
    Failed(Failure),
    /// SIGINT or SIGTERM.
    Interrupted,
}

/// A batch on its way into the store.
type Writing = JoinHandle<Result<SyncOutcome, StoreError>>;

/// What a pass works with.
pub(crate) struct Pass<'a> {
    pub(crate) client: &'a Client,
    pub(crate) store: &'a Arc<dyn Store>,
    pub(crate) user_id: &'a UserId,
    /// The provider's base URL, recorded with the checkpoint.
    pub(crate) source: &'a str,
    pub(crate) page_size: u32,
    pub(crate) limit: &'a mut RateLimit,
    pub(crate) bar: &'a RowsBar,
    /// The checkpoint before the pass: windows before it are re-reads, checked for calls that
    /// disappeared.
    pub(crate) mirrored: Option<DateTime<Utc>>,
}

impl Pass<'_> {
    /// Reads `spans` in order into `summary`; stops at the first failure or signal, with every
    /// window before it committed.
    pub(crate) async fn run(
        &mut self,
        spans: &[Span],
        summary: &mut Summary,
        mut interrupted: Pin<&mut (dyn Future<Output = ()> + Send)>,
    ) -> Result<(), Stop> {
        for span in spans {
            self.window(*span, summary, interrupted.as_mut()).await?;
        }
        Ok(())
    }

    async fn window(
        &mut self,
        span: Span,
        summary: &mut Summary,
        mut interrupted: Pin<&mut (dyn Future<Output = ()> + Send)>,
    ) -> Result<(), Stop> {
        let last_second = span.to - TimeDelta::seconds(1);
        let filter = ReportFilter::new().between(
            span.from.with_timezone(&IST),
            last_second.with_timezone(&IST),
        );
        let mut request = ListCalls::new(filter)
            .sort(SortKey::StartTime, SortOrder::Ascending)
            .page(1, self.page_size);
        let mut number = 1_u32;
        let mut cursors = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut writing: Option<Writing> = None;
        loop {
            let fetched = tokio::select! {
                biased;
                () = interrupted.as_mut() => None,
                page = async {
                    self.limit.wait().await;
                    self.client.list(&request).await
                } => Some(page),
            };
            let page = match fetched {
                Some(Ok(page)) => page,
                stopped => {
                    // What is already on its way is committed (without a checkpoint) or not.
                    self.finish(writing.take(), summary).await?;
                    return Err(match stopped {
                        Some(Err(error)) => Stop::Failed(Failure::from(error)),
                        _ => Stop::Interrupted,
                    });
                }
            };
            summary.pages += 1;
            let rows = page.len();
            self.bar.add(rows as u64, None);
            for row in &page.rejected {
                // The row's text may hold phone numbers: only its place and the error.
                tracing::warn!(
                    page = number,
                    index = row.index,
                    error = %row.error,
                    "a row did not decode and is not stored"
                );
            }
            summary.rejected += page.rejected.len() as u64;
            let by_cursor = request.after.is_some();
            let seen_rows = u64::from(number - 1) * u64::from(self.page_size) + rows as u64;
            let done = rows < self.page_size as usize
                || (by_cursor && page.next.is_none())
                || page.total.is_some_and(|total| seen_rows >= total);
            let calls: Vec<ImportCall> = page
                .calls
                .into_iter()
                .map(|call| {
                    seen.insert(call.id.clone());
                    ImportCall::new(call.to_json(), call)
                })
                .collect();
            // One batch in the store at a time, in order: the checkpoint comes last.
            self.finish(writing.take(), summary).await?;
            let checkpoint = done.then(|| SyncCheckpoint::new(span.to, self.source));
            writing = Some(tokio::spawn(self.store.sync_calls(
                self.user_id,
                calls,
                checkpoint,
            )));
            if done {
                self.finish(writing.take(), summary).await?;
                break;
            }
            number += 1;
            match page.next {
                Some(cursor) => {
                    if !cursors.insert(cursor.clone()) {
                        return Err(Stop::Failed(Failure::other(format!(
                            "the provider repeated a page cursor after {} pages; stopped",
                            summary.pages
                        ))));
                    }
                    request.page = None;
                    request.after = Some(cursor);
                }
                None => request.page = Some(number),
            }
        }
        summary.windows += 1;
        summary.checkpoint = Some(self.mirrored.map_or(span.to, |before| before.max(span.to)));
        if self.mirrored.is_some_and(|before| span.from < before) {
            self.disappeared(span, &seen, summary).await?;
        }
        Ok(())
    }

    /// Waits for the batch on its way, if any, and counts it.
    async fn finish(&self, writing: Option<Writing>, summary: &mut Summary) -> Result<(), Stop> {
        let Some(writing) = writing else {
            return Ok(());
        };
        let written = writing
            .await
            .map_err(|_| Stop::Failed(Failure::other("the store's writer stopped")))?;
        summary.add(written.map_err(|error| Stop::Failed(store_failure(&error)))?);
        Ok(())
    }

    /// Counts the calls stored in a re-read window that the provider did not list.
    async fn disappeared(
        &self,
        span: Span,
        seen: &BTreeSet<callreport_model::CallId>,
        summary: &mut Summary,
    ) -> Result<(), Stop> {
        let stored = self
            .store
            .call_ids_between(self.user_id, span.from, span.to)
            .await
            .map_err(|error| Stop::Failed(store_failure(&error)))?;
        for id in stored.iter().filter(|id| !seen.contains(*id)) {
            tracing::debug!(call_id = %id, "stored, no longer listed by the provider; kept");
            summary.disappeared += 1;
        }
        Ok(())
    }
}

/// A store failure: the database is a local file.
pub(crate) fn store_failure(error: &StoreError) -> Failure {
    Failure::local("the store failed", error)
}
