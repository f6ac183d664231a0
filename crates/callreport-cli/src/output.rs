//! Everything the command prints: the only module allowed to.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the command's output to the user is printed here and only here"
)]

mod client;
mod exports;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use callreport_model::UserId;
use callreport_store::ImportReport;
use callreport_store::demo::{self, DemoSummary};

pub(crate) use self::client::{
    CallTable, DownloadBar, RowsBar, Shape, count, decode_failed, decoded, detail, downloaded,
    exported, exported_on_server, step,
};
pub(crate) use self::exports::{export_list, export_status};

/// Rejected lines shown one by one; the rest are counted.
const SHOWN_REJECTIONS: usize = 50;

/// A client command's failure: one line, and its exit code.
pub(crate) fn failure(failure: &crate::exit::Failure) -> ExitCode {
    eprintln!("error: {failure}");
    failure.exit_code()
}

pub(crate) fn failed(error: &anyhow::Error) -> ExitCode {
    eprintln!("error: {error:#}");
    ExitCode::FAILURE
}

pub(crate) fn preparing_demo(calls: u64, db: &Path) {
    eprintln!("preparing demo data ({calls} calls) in {} …", db.display());
}

pub(crate) fn serving(base_url: &str, db: &Path, demo: Option<&DemoSummary>) {
    println!("Call Report API on {base_url}  (database {})", db.display());
    if let Some(summary) = demo {
        let how = if summary.reused { "reused" } else { "created" };
        println!(
            "demo data {how}: {} calls, {} without permission, {} recordings",
            summary.calls, summary.restricted_calls, summary.recordings
        );
        for (account, note) in [
            (demo::MAIN, "LIST_CALL_LOG"),
            (demo::RESTRICTED, "no LIST_CALL_LOG: answers 1015"),
        ] {
            println!(
                "  account {} ({note}): ssid {}  |  userId {} + token {}",
                account.user_id, account.session, account.user_id, account.token
            );
        }
        println!("try:");
        println!(
            "  curl -s {base_url}/api/v2/CallReport/list -d '{{\"ssid\":\"{}\",\"lmt\":2}}'",
            demo::MAIN.session
        );
        println!(
            "  curl -s {base_url}/api/v2/CallReport/reportCount -d '{{\"userId\":\"{}\",\"token\":\"{}\",\"clTy\":[\"IBD\"]}}'",
            demo::MAIN.user_id,
            demo::MAIN.token
        );
        println!(
            "  the provider's example call {} answers its page's samples, with this host and the \
             credentials above",
            demo::PROVIDER_EXAMPLE_CALL_ID
        );
    }
    println!("Ctrl-C stops the server.");
}

pub(crate) fn stopped() {
    eprintln!("stopped");
}

pub(crate) fn imported(user_id: &UserId, report: &ImportReport, took: Duration) {
    if report.account_created {
        println!("created account {user_id} with LIST_CALL_LOG");
    }
    let calls = report.imported + report.updated;
    let seconds = took.as_secs_f64().max(f64::EPSILON);
    #[allow(clippy::cast_precision_loss, reason = "a rate for people to read")]
    let rate = calls as f64 / seconds;
    println!("account {user_id}: {report} in {seconds:.2} s ({rate:.0} calls/s)");
    if calls == 0 {
        println!("nothing imported: the database is unchanged");
    }
    for rejected in report.rejected.iter().take(SHOWN_REJECTIONS) {
        println!("  line {}: {}", rejected.line, rejected.reason);
    }
    if report.rejected.len() > SHOWN_REJECTIONS {
        println!(
            "  … and {} more rejected lines",
            report.rejected.len() - SHOWN_REJECTIONS
        );
    }
}
