//! `callreport sync`: mirror the account's calls from the provider into a local store, in
//! time windows, resumable, then incrementally (re-reading an overlap), once or `--follow`.

mod agent_names;
mod batch;
mod pass;
mod rate;
mod recordings;
mod span;
mod summary;

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use callreport_http::shutdown::shutdown_signal;
use callreport_model::{ListCalls, UserId};
use callreport_store::{Permissions, Store};
use chrono::{DateTime, TimeDelta, Utc};
use clap::Args;

use self::agent_names::AgentNames;
use self::batch::Batch;
use self::pass::{Pass, Stop, store_failure};
use self::rate::RateLimit;
use self::recordings::RecordingCopier;
use self::summary::Summary;
use crate::database;
use crate::exit::{Code, Failure};
use crate::output;
use crate::settings::Settings;
use crate::window::{self, Edge};

/// Arguments of `callreport sync`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes as for every command; 6: finished, but some rows did not \
decode and were not stored. A failed or interrupted run leaves the checkpoint at the last \
complete window: the next run resumes there."
)]
pub(crate) struct SyncArgs {
    /// The database to mirror into: a SQLite file (created if missing) or a postgres:// URL.
    /// The account is created in it if new; its credentials there are not touched.
    #[arg(long, env = "CALLREPORT_DB", value_name = "FILE|URL")]
    db: PathBuf,
    /// Where the first run starts (required while the account has no checkpoint): a date, a
    /// time, or a word such as 30d. Once the account has a checkpoint it is not used, so the
    /// same command line serves the first run and every later one.
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// How far before the checkpoint a later run starts reading again: calls change after they
    /// end (recordings, deductions, custom fields).
    #[arg(long, default_value = "2d", value_name = "LENGTH", value_parser = span::parse)]
    overlap: TimeDelta,
    /// The length of a time window: each is read completely, then committed with its
    /// checkpoint.
    #[arg(long, default_value = "1d", value_name = "LENGTH", value_parser = span::parse)]
    window: TimeDelta,
    /// Keep running: a pass every --every seconds, until SIGINT or SIGTERM.
    #[arg(long)]
    follow: bool,
    /// Seconds between the starts of two passes with --follow.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECONDS",
        requires = "follow"
    )]
    every: u64,
    /// At most N page requests a second to the provider.
    #[arg(long, value_name = "N")]
    max_rps: Option<NonZeroU32>,
    /// Calls per page, 1 to 1000.
    #[arg(long, default_value_t = ListCalls::MAX_LIMIT, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    page_size: u32,
    /// The summary of each pass as a JSON line on standard output.
    #[arg(long)]
    json: bool,
    /// Also copy each call's recording files into the database's recording files (beside it,
    /// or where CALLREPORT_RECORDING_FILES says: a folder or s3://bucket/prefix), so that the
    /// mirror serves them; files already there are not fetched again.
    #[arg(long)]
    recordings: bool,
}

pub(crate) async fn run(args: SyncArgs, settings: &Settings) -> Result<(), Failure> {
    // Installed first: a signal then stops the run between pages instead of killing it.
    let mut interrupted = std::pin::pin!(shutdown_signal());
    let user_id = settings.user_id().ok_or_else(|| {
        Failure::usage("sync needs the account's user id: set CALLREPORT_USER_ID or pass --user-id")
    })?;
    let user_id = UserId::new(user_id).map_err(|error| Failure::usage(error.to_string()))?;
    let since = args
        .since
        .as_deref()
        .map(|text| {
            let now = Utc::now().with_timezone(&settings.zone);
            window::resolve(text, Edge::Start, settings.zone, now).map(|at| at.with_timezone(&Utc))
        })
        .transpose()?;
    let client = settings.client()?;
    let store = database::open(&args.db)
        .await
        .map_err(|error| Failure::other(format!("{error:#}")))?;
    store
        .account_or_create(&user_id, Permissions::list_call_log())
        .await
        .map_err(|error| store_failure(&error))?;
    let mut limit = RateLimit::new(args.max_rps);
    let mut agents = AgentNames::default();
    let mut copier = if args.recordings {
        let copier = RecordingCopier::new(&client, &store, &user_id).ok_or_else(|| {
            Failure::usage("this database keeps no recording files: --recordings cannot be used")
        })?;
        Some(copier)
    } else {
        None
    };
    let mut rejected = false;
    let mut uncopied = false;
    loop {
        let started = Instant::now();
        let summary = pass(
            &args,
            settings,
            &client,
            &store,
            &user_id,
            since,
            &mut limit,
            &mut agents,
            copier.as_mut(),
            interrupted.as_mut(),
        )
        .await;
        let (mut summary, stop) = summary?;
        summary.took(started.elapsed());
        output::synced(
            &summary.line(),
            args.json.then(|| summary.to_json()).as_deref(),
        );
        rejected |= summary.rejected > 0;
        uncopied |= summary.recordings_failed > 0;
        match stop {
            Some(Stop::Failed(failure)) => return Err(failure),
            Some(Stop::Interrupted) if args.follow => break,
            Some(Stop::Interrupted) => {
                return Err(Failure::other(
                    "interrupted; the checkpoint is at the last complete window",
                ));
            }
            None if !args.follow => break,
            None => {}
        }
        let wait = Duration::from_secs(args.every).saturating_sub(started.elapsed());
        tokio::select! {
            biased;
            () = interrupted.as_mut() => break,
            () = tokio::time::sleep(wait) => {}
        }
    }
    if rejected {
        return Err(Failure::new(
            Code::Partial,
            "some rows did not decode and were not stored (see the warnings above)",
        ));
    }
    if uncopied {
        return Err(Failure::new(
            Code::Partial,
            "some recordings were not copied (see the warnings above); the next run tries again",
        ));
    }
    Ok(())
}

/// One pass from where the account stands to now; the summary, and why it stopped early.
#[allow(clippy::too_many_arguments, reason = "the run's parts, passed once")]
async fn pass(
    args: &SyncArgs,
    settings: &Settings,
    client: &callreport_http::client::Client,
    store: &Arc<dyn Store>,
    user_id: &UserId,
    since: Option<DateTime<Utc>>,
    limit: &mut RateLimit,
    agents: &mut AgentNames,
    mut copier: Option<&mut RecordingCopier>,
    interrupted: std::pin::Pin<&mut (dyn Future<Output = ()> + Send)>,
) -> Result<(Summary, Option<Stop>), Failure> {
    let checkpoint = store
        .sync_checkpoint(user_id)
        .await
        .map_err(|error| store_failure(&error))?;
    if let Some(checkpoint) = &checkpoint
        && checkpoint.source != settings.base_url
    {
        tracing::warn!(
            was = %checkpoint.source,
            now = %settings.base_url,
            "the account was mirrored from another base URL"
        );
    }
    let mirrored = checkpoint.as_ref().map(|checkpoint| checkpoint.through);
    let start = match (mirrored, since) {
        (Some(through), _) => through - args.overlap,
        (None, Some(since)) => since,
        (None, None) => {
            return Err(Failure::usage(
                "the account has no checkpoint in this database yet: give --since for the first run",
            ));
        }
    };
    // The window's end is exclusive: the current second is read too.
    let now = span::whole_seconds(Utc::now())? + TimeDelta::seconds(1);
    let spans = span::windows(span::whole_seconds(start)?, now, args.window);
    let mut summary = Summary {
        checkpoint: mirrored,
        ..Summary::default()
    };
    let bar = output::RowsBar::new();
    let mut pass = Pass {
        client,
        store,
        user_id,
        source: &settings.base_url,
        page_size: args.page_size,
        limit,
        bar: &bar,
        mirrored,
        agents,
        copier: copier.as_deref_mut(),
        batch: Batch::new(),
        writing: None,
    };
    let stopped = pass.run(&spans, &mut summary, interrupted).await.err();
    if let Some(copier) = copier {
        copier.finish().await;
        summary.recordings = std::mem::take(&mut copier.copied);
        summary.recordings_failed = std::mem::take(&mut copier.failed);
    }
    bar.finish();
    summary.stopped = stopped.is_some();
    Ok((summary, stopped))
}
