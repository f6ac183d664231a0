//! Everything the command prints: the only module that writes to standard output or error.
//! Writes never panic: a closed pipe ends the command quietly (see `exit`).

/// A line on standard output; a reader that went away is no reason to panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// A line on standard error.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod client;
mod exports;
mod progress;
mod schema;
mod sync;

use std::process::ExitCode;
use std::time::Duration;

use callreport_model::UserId;
use callreport_store::ImportReport;
use callreport_store::demo::{self, DemoSummary};

pub(crate) use self::client::{
    CallTable, DownloadCounts, Shape, count, decode_failed, decoded, detail, downloaded, exported,
    exported_on_server, recordings_downloaded, step, window,
};
pub(crate) use self::exports::{export_list, export_status};
pub(crate) use self::progress::{DownloadBar, RecordingsBar, RowsBar};
pub(crate) use self::schema::{schema_current, schema_migrated, schema_pending};
pub(crate) use self::sync::synced;

/// Rejected lines shown one by one; the rest are counted.
const SHOWN_REJECTIONS: usize = 50;

/// A client command's failure: one line, and its exit code.
/// A reader that closed the output early (`| head -1`) got what it wanted: exit quietly with
/// success, as other command-line tools do.
pub(crate) fn failure(failure: &crate::exit::Failure) -> ExitCode {
    if failure.broken_pipe {
        return ExitCode::SUCCESS;
    }
    tell!("error: {failure}");
    failure.exit_code()
}

pub(crate) fn failed(error: &anyhow::Error) -> ExitCode {
    tell!("error: {error:#}");
    ExitCode::FAILURE
}

pub(crate) fn preparing_demo(calls: u64, db: &str) {
    tell!("preparing demo data ({calls} calls) in {db} …");
}

pub(crate) fn serving(base_url: &str, db: &str, demo: Option<&DemoSummary>) {
    say!("Call Report API on {base_url}  (database {db})");
    if let Some(summary) = demo {
        let how = if summary.reused { "reused" } else { "created" };
        say!(
            "demo data {how}: {} calls, {} without permission, {} recordings",
            summary.calls,
            summary.restricted_calls,
            summary.recordings
        );
        for (account, note) in [
            (demo::MAIN, "LIST_CALL_LOG"),
            (demo::RESTRICTED, "no LIST_CALL_LOG: answers 1015"),
        ] {
            say!(
                "  account {} ({note}): ssid {}  |  userId {} + token {}",
                account.user_id,
                account.session,
                account.user_id,
                account.token
            );
        }
        say!("try:");
        say!(
            "  curl -s {base_url}/api/v2/CallReport/list -d '{{\"ssid\":\"{}\",\"lmt\":2}}'",
            demo::MAIN.session
        );
        say!(
            "  curl -s {base_url}/api/v2/CallReport/reportCount -d '{{\"userId\":\"{}\",\"token\":\"{}\",\"clTy\":[\"IBD\"]}}'",
            demo::MAIN.user_id,
            demo::MAIN.token
        );
        say!(
            "  the provider's example call {} answers its page's samples, with this host and the \
             credentials above",
            demo::PROVIDER_EXAMPLE_CALL_ID
        );
    }
    say!("Ctrl-C stops the server.");
}

/// A new secret, on standard output: the only place it is ever shown.
pub(crate) fn new_secret(secret: &str) {
    say!("{secret}");
}

pub(crate) fn stopped() {
    tell!("stopped");
}

pub(crate) fn imported(user_id: &UserId, report: &ImportReport, took: Duration) {
    if report.account_created {
        say!("created account {user_id} with LIST_CALL_LOG");
    }
    let calls = report.imported + report.updated;
    let seconds = took.as_secs_f64().max(f64::EPSILON);
    #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
    let rate = calls as f64 / seconds;
    say!("account {user_id}: {report} in {seconds:.2} s ({rate:.0} calls/s)");
    if calls == 0 {
        say!("nothing imported: the database is unchanged");
    }
    for rejected in report.rejected.iter().take(SHOWN_REJECTIONS) {
        say!("  line {}: {}", rejected.line, rejected.reason);
    }
    if report.rejected.len() > SHOWN_REJECTIONS {
        say!(
            "  … and {} more rejected lines",
            report.rejected.len() - SHOWN_REJECTIONS
        );
    }
}
