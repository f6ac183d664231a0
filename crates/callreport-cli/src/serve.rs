//! `callreport serve`: the API server, optionally over deterministic demo data.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use callreport_http::shutdown::shutdown_signal;
use callreport_http::{ExportLimits, Server, ServerConfig};
use callreport_store::SqliteStore;
use callreport_store::demo;

use crate::output;

/// The database `--demo` uses when none is given.
const DEMO_DB: &str = "callreport-demo.sqlite";
/// The database otherwise.
const DEFAULT_DB: &str = "callreport.sqlite";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The SQLite database (created if missing) [default: callreport.sqlite, or
    /// callreport-demo.sqlite with --demo]
    #[arg(long, env = "CALLREPORT_DB")]
    db: Option<PathBuf>,
    /// The address to listen on.
    #[arg(long, env = "CALLREPORT_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Create (or reuse) deterministic demo data: two accounts, generated calls, recordings.
    #[arg(long)]
    demo: bool,
    /// How many calls the demo account holds.
    #[arg(long, requires = "demo", default_value_t = demo::DEFAULT_CALLS)]
    calls: u64,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Server-side exports an account may have queued or running at once.
    #[arg(long, default_value_t = ExportLimits::DEFAULT_MAX_ACTIVE_PER_ACCOUNT)]
    export_max_active: u32,
    /// Bytes of finished export files an account may keep before new exports are refused.
    #[arg(long, default_value_t = ExportLimits::DEFAULT_MAX_KEPT_BYTES_PER_ACCOUNT)]
    export_max_kept_bytes: u64,
    /// Seconds a finished export (its record and file) is kept; then it is deleted.
    #[arg(long, default_value_t = ExportLimits::DEFAULT_RETENTION.as_secs())]
    export_retention_secs: u64,
    /// Seconds between sweeps of the export jobs (leases, expired exports, orphaned files).
    #[arg(long, default_value_t = ExportLimits::DEFAULT_SWEEP_INTERVAL.as_secs())]
    export_sweep_secs: u64,
    /// Seconds an export job's lease holds without renewal (at least twice the sweep interval);
    /// a job whose lease runs out (its server is gone) is failed.
    #[arg(long, default_value_t = ExportLimits::DEFAULT_LEASE.as_secs())]
    export_lease_secs: u64,
}

impl Args {
    fn export_limits(&self) -> ExportLimits {
        ExportLimits::default()
            .max_active_per_account(self.export_max_active)
            .max_kept_bytes_per_account(self.export_max_kept_bytes)
            .retention(Duration::from_secs(self.export_retention_secs))
            .sweep_interval(Duration::from_secs(self.export_sweep_secs))
            .lease(Duration::from_secs(self.export_lease_secs))
    }
}

pub(crate) async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let limits = args.export_limits();
    let default_db = if args.demo { DEMO_DB } else { DEFAULT_DB };
    let db = args.db.unwrap_or_else(|| PathBuf::from(default_db));
    let store = SqliteStore::new(&db);
    let demo = if args.demo {
        output::preparing_demo(args.calls, &db);
        let summary = demo::prepare(&store, args.calls)
            .await
            .with_context(|| format!("cannot prepare the demo database {}", db.display()))?;
        demo::add_provider_example(&store)
            .await
            .with_context(|| format!("cannot prepare the demo database {}", db.display()))?;
        Some(summary)
    } else {
        if let Err(error) = store.check().await {
            // The server still starts: requests answer 1010 until the database can be reached.
            tracing::warn!(error = %error, "the database cannot be reached yet");
        }
        None
    };
    let config = ServerConfig::new(args.addr)
        .max_body_bytes(args.max_body_bytes)
        .export_limits(limits);
    let server = Server::bind(config, Arc::new(store)).await?;
    // Installed before the banner: whoever reads it may signal at once.
    let stop = shutdown_signal();
    output::serving(&server.base_url(), &db, demo.as_ref());
    server.run(stop).await;
    output::stopped();
    Ok(ExitCode::SUCCESS)
}
