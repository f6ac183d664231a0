//! `callreport serve`: the API server, optionally over deterministic demo data.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use callreport_http::shutdown::shutdown_signal;
use callreport_http::{ExportLimits, Server, ServerConfig};
use callreport_store::{FileStore, demo};

use crate::database;
use crate::output;

/// The database `--demo` uses when none is given.
const DEMO_DB: &str = "callreport-demo.sqlite";
/// The database otherwise.
const DEFAULT_DB: &str = "callreport.sqlite";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The database: a SQLite file (created if missing) or a postgres:// URL, whose files go in
    /// CALLREPORT_FILES; recordings go in CALLREPORT_RECORDING_FILES when set (a folder or
    /// s3://bucket/prefix) [default: callreport.sqlite, or callreport-demo.sqlite with --demo]
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
    /// The base of the recording links the server hands out, such as
    /// `https://calls.example.com` behind a proxy [default: http:// and the listening address].
    /// Never taken from a request's Host header.
    #[arg(long, env = "CALLREPORT_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds a connection may take to send a request's headers (a silent connection is
    /// closed then).
    #[arg(long, value_parser = seconds, default_value_t = ServerConfig::DEFAULT_HEADER_READ_TIMEOUT.as_secs_f64())]
    header_timeout: f64,
    /// Seconds a whole request body may take.
    #[arg(long, value_parser = seconds, default_value_t = ServerConfig::DEFAULT_BODY_READ_TIMEOUT.as_secs_f64())]
    body_timeout: f64,
    /// The slowest a request body may arrive, in bytes per second, after its first 5 s
    /// (0: no minimum).
    #[arg(long, default_value_t = ServerConfig::DEFAULT_BODY_MIN_BYTES_PER_SECOND)]
    body_min_rate: u64,
    /// Seconds a connection with no request in flight is kept open (an HTTP/1 connection
    /// waiting for its next request is closed at the header timeout if that is shorter).
    #[arg(long, value_parser = seconds, default_value_t = ServerConfig::DEFAULT_IDLE_TIMEOUT.as_secs_f64())]
    idle_timeout: f64,
    /// The most connections open at once; past it the oldest idle one is closed for a new
    /// one, or the new one is refused when all are busy.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// The most requests in flight on one HTTP/2 connection.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_MAX_STREAMS_PER_CONNECTION)]
    max_streams: u32,
    /// Failed authentications a client address may make at once before 429.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_AUTH_FAILURE_BURST)]
    auth_failure_burst: u32,
    /// Failed authentications a client address may make per minute after its burst.
    #[arg(long, default_value_t = ServerConfig::DEFAULT_AUTH_FAILURES_PER_MINUTE)]
    auth_failures_per_minute: u32,
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
    /// a job whose lease runs out (its server is gone) is failed, or on PostgreSQL taken over
    /// by another server.
    #[arg(long, default_value_t = ExportLimits::DEFAULT_LEASE.as_secs())]
    export_lease_secs: u64,
    /// Where export files are kept: a folder, or s3://bucket/prefix for S3-compatible storage
    /// that every server of a deployment reaches (endpoint, region and credentials from the
    /// AWS_* variables) [default: beside the database, or in CALLREPORT_FILES on PostgreSQL]
    #[arg(long, env = "CALLREPORT_EXPORT_FILES")]
    export_files: Option<String>,
}

/// A number of seconds above zero, fractions allowed (`0.5`), as [`Duration`] takes it.
fn seconds(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| Duration::try_from_secs_f64(*s).is_ok_and(|d| !d.is_zero()))
        .ok_or_else(|| format!("expected a number of seconds above zero, got {text:?}"))
}

impl Args {
    /// The server's configuration from the flags.
    fn config(&self) -> anyhow::Result<ServerConfig> {
        let mut config = ServerConfig::new(self.addr)
            .max_body_bytes(self.max_body_bytes)
            .header_read_timeout(Duration::from_secs_f64(self.header_timeout))
            .body_read_timeout(Duration::from_secs_f64(self.body_timeout))
            .body_min_bytes_per_second(self.body_min_rate)
            .idle_timeout(Duration::from_secs_f64(self.idle_timeout))
            .max_connections(self.max_connections)
            .max_streams_per_connection(self.max_streams)
            .auth_failure_limit(self.auth_failure_burst, self.auth_failures_per_minute);
        if let Some(url) = &self.public_url {
            config = config.public_base_url(url)?;
        }
        if let Some(setting) = &self.export_files {
            let files = FileStore::from_setting(setting)
                .with_context(|| format!("cannot keep export files in {setting}"))?;
            config = config.export_files(files);
        }
        Ok(config)
    }

    /// Quotas, retention and the sweeper of server-side exports, from the flags.
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
    let config = args.config()?.export_limits(args.export_limits());
    let default_db = if args.demo { DEMO_DB } else { DEFAULT_DB };
    let db = args.db.unwrap_or_else(|| PathBuf::from(default_db));
    let store = database::lazy(&db)?;
    let shown = database::shown(&db);
    let demo = if args.demo {
        output::preparing_demo(args.calls, &shown);
        let summary = demo::prepare(store.as_ref(), args.calls)
            .await
            .with_context(|| format!("cannot prepare the demo database {shown}"))?;
        demo::add_provider_example(store.as_ref())
            .await
            .with_context(|| format!("cannot prepare the demo database {shown}"))?;
        // SQLite: while the log holds pages the database file lacks, every page a reader
        // touches is looked up in it first; copied back, readers skip it.
        if let Err(error) = store.flush().await {
            tracing::warn!(error = %error, "the demo database's log could not be copied back");
        }
        Some(summary)
    } else {
        if let Err(error) = store.check().await {
            // The server still starts: requests answer 1010 until the database can be reached.
            tracing::warn!(error = %error, "the database cannot be reached yet");
        }
        None
    };
    let server = Server::bind(config, store).await?;
    // Installed before the banner: whoever reads it may signal at once.
    let stop = shutdown_signal();
    output::serving(&server.base_url(), &shown, demo.as_ref());
    server.run(stop).await;
    output::stopped();
    Ok(ExitCode::SUCCESS)
}
