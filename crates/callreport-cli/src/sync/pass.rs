//! One pass of `sync`: time windows in ascending order, each read page by page and upserted.
//! Pages are written in batches (see [`Batch`]); each batch is committed with the checkpoint at
//! the end of the last window it completes.

use std::collections::BTreeSet;
use std::pin::Pin;
use std::sync::Arc;

use callreport_http::client::Client;
use callreport_model::{Call, IST, ListCalls, ReportFilter, SortKey, SortOrder, UserId};
use callreport_store::{IndexedCall, Store, StoreError, StoreFuture, SyncCheckpoint, SyncOutcome};
use chrono::{DateTime, TimeDelta, Utc};

use super::agent_names::AgentNames;
use super::batch::Batch;
use super::rate::RateLimit;
use super::recordings::RecordingCopier;
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

/// A batch on its way into the store, and the window end its checkpoint records.
type Writing = (StoreFuture<SyncOutcome>, Option<DateTime<Utc>>);

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
    pub(crate) agents: &'a mut AgentNames,
    /// Copies the calls' recording files, with `--recordings`.
    pub(crate) copier: Option<&'a mut RecordingCopier>,
    pub(crate) batch: Batch,
    /// One batch in the store at a time, in order: each checkpoint comes after its rows.
    pub(crate) writing: Option<Writing>,
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
            if let Err(stop) = self.window(*span, summary, interrupted.as_mut()).await {
                // What was read is committed, up to the last complete window.
                self.write(summary).await?;
                self.finish(summary).await?;
                return Err(stop);
            }
        }
        self.write(summary).await?;
        self.finish(summary).await
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
        // Only a re-read window is checked for calls that disappeared.
        let rereading = self.mirrored.is_some_and(|before| span.from < before);
        let mut seen = BTreeSet::new();
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
                Some(Err(error)) => return Err(Stop::Failed(Failure::from(error))),
                None => return Err(Stop::Interrupted),
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
            self.name_agents(&page.calls).await;
            if let Some(copier) = self.copier.as_deref_mut() {
                copier.copy(&page.calls).await;
            }
            if rereading {
                seen.extend(page.calls.iter().map(|call| call.id.clone()));
            }
            self.prepare(page.calls);
            if done {
                self.batch.window_read(span.to);
            }
            if self.batch.is_due() {
                self.write(summary).await?;
            }
            if done {
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
        if rereading {
            self.disappeared(span, &seen, summary).await?;
        }
        Ok(())
    }

    /// Works a page's calls out into what the store keeps; the decoded calls are dropped
    /// here, on the thread that decoded them.
    fn prepare(&mut self, calls: Vec<Call>) {
        self.batch.add(
            calls
                .into_iter()
                .map(|call| IndexedCall::new(call.to_json(), &call)),
        );
    }

    /// Hands the batch to the store, once the one before it is stored.
    async fn write(&mut self, summary: &mut Summary) -> Result<(), Stop> {
        self.finish(summary).await?;
        if let Some((calls, through)) = self.batch.take() {
            let checkpoint = through.map(|through| SyncCheckpoint::new(through, self.source));
            let written = self.store.sync_calls(self.user_id, calls, checkpoint);
            self.writing = Some((written, through));
        }
        Ok(())
    }

    /// Waits for the batch on its way, if any, and counts it.
    async fn finish(&mut self, summary: &mut Summary) -> Result<(), Stop> {
        let Some((writing, through)) = self.writing.take() else {
            return Ok(());
        };
        let written = writing.await;
        summary.add(written.map_err(|error| Stop::Failed(store_failure(&error)))?);
        if let Some(through) = through {
            summary.checkpoint = Some(self.mirrored.map_or(through, |before| before.max(through)));
        }
        Ok(())
    }

    /// Asks the provider for the names of the agents first met in `calls` and stores them. A
    /// name that cannot be had is a warning: the calls are mirrored all the same.
    async fn name_agents(&mut self, calls: &[Call]) {
        let mut names = Vec::new();
        for (agent, call_id) in self.agents.unasked(calls) {
            self.limit.wait().await;
            match self.client.detail(&call_id).await {
                Ok(detail) => {
                    if let Some(name) = detail.and_then(|detail| detail.agent) {
                        names.push((agent, name));
                    }
                }
                Err(error) => {
                    tracing::warn!(agent, error = %error, "the agent's name could not be read");
                }
            }
        }
        if names.is_empty() {
            return;
        }
        if let Err(error) = self.store.name_agents(self.user_id, names).await {
            tracing::warn!(error = %error, "the agents' names could not be stored");
        }
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
