//! `callreport sync` against a `TestServer` provider: mirrors that serve the same answers,
//! kills and resumes, faults, late changes, calls that disappeared.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use callreport_http::client::{Client, RetryPolicy};
use callreport_http::testing::{Fault, On, TestServer};
use callreport_model::{
    ApiCode, Call, CallId, CallType, CountCalls, DetailView, Endpoint, GetCall, ListCalls,
    ReportFilter, Request, SortKey, SortOrder,
};
use callreport_store::testing::TestBucket;
use callreport_store::{CredentialKind, NewRecording, SqliteStore, Store};
use chrono::{DateTime, TimeDelta, Utc};
use futures::TryStreamExt;
use serde_json::{Map, Value};

use crate::BIN;

const USER: &str = "30000001";

/// A provider whose account holds `count` calls, about one a minute, the last ones just
/// before `base`.
fn provider(base: DateTime<Utc>, count: usize) -> TestServer {
    let server = TestServer::builder().calls(0).start().unwrap();
    server.add_calls(calls(&server, base, count)).unwrap();
    server
}

fn calls(server: &TestServer, base: DateTime<Utc>, count: usize) -> Vec<Call> {
    let start = base - TimeDelta::minutes(i64::try_from(count).unwrap() + 30);
    server
        .account()
        .generator()
        .starting_at(start, Duration::from_secs(60))
        .take(count)
        .collect()
}

/// `--since` a little before the first call.
fn since(base: DateTime<Utc>, count: usize) -> String {
    (base - TimeDelta::minutes(i64::try_from(count).unwrap() + 60)).to_rfc3339()
}

fn sync_command(server: &TestServer, db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .arg("sync")
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .env_remove("CALLREPORT_TOKEN")
        .env_remove("CALLREPORT_PROFILE")
        .env_remove("CALLREPORT_CONFIG")
        .env_remove("CALLREPORT_DB")
        .env("XDG_CONFIG_HOME", db.parent().unwrap())
        .env("CALLREPORT_BASE_URL", server.base_url())
        .env("CALLREPORT_SSID", server.account().session())
        .env("CALLREPORT_USER_ID", USER);
    command
}

fn sync(server: &TestServer, db: &Path, args: &[&str]) -> Output {
    sync_command(server, db, args).output().unwrap()
}

/// The `--json` summary of a run that succeeded.
fn summary(output: &Output) -> Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

/// Every call row of the mirror, by call id: the columns and the document.
fn rows(db: &Path) -> Vec<(String, i64, String, i64, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT call_id, started_ms, call_type, status, document FROM calls ORDER BY call_id",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn checkpoint_ms(db: &Path) -> Option<i64> {
    let conn = rusqlite::Connection::open(db).ok()?;
    conn.query_row("SELECT through_ms FROM sync_checkpoints", [], |row| {
        row.get(0)
    })
    .ok()
}

/// The `from` of every list request the provider received.
fn list_froms(server: &TestServer) -> Vec<DateTime<Utc>> {
    server
        .requests()
        .iter()
        .filter(|request| request.endpoint() == Some(Endpoint::List))
        .map(|request| {
            let (_, list) = ListCalls::from_json(request.body()).unwrap();
            list.filter.from.unwrap().with_timezone(&Utc)
        })
        .collect()
}

#[test]
fn a_mirror_answers_every_endpoint_as_the_provider_does() {
    let base = Utc::now();
    let provider = provider(base, 240);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let first = summary(&sync(
        &provider,
        &db,
        &[
            "--since",
            &since(base, 240),
            "--window",
            "1h",
            "--recordings",
        ],
    ));
    assert_eq!(first["new"], 240, "{first}");
    let recorded: Vec<Call> = calls(&provider, base, 240)
        .into_iter()
        .filter(|call| call.recordings().next().is_some())
        .collect();
    let recordings: usize = recorded.iter().map(|call| call.recordings().count()).sum();
    assert!(recordings > 0);
    assert_eq!(first["recordings"], recordings, "{first}");
    assert_eq!(first["recordings_failed"], 0, "{first}");
    assert_eq!(first["stopped"], false);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(&db).await.unwrap();
        let user = callreport_model::UserId::new(USER).unwrap();
        for (kind, secret) in [
            (CredentialKind::Session, provider.account().session()),
            (
                CredentialKind::Recording,
                provider.account().recording_token(),
            ),
        ] {
            store
                .add_credential(&user, kind, secret, None)
                .await
                .unwrap();
        }
        let mirror = callreport_http::server::Server::bind(
            callreport_http::server::ServerConfig::new("127.0.0.1:0".parse().unwrap()),
            std::sync::Arc::new(store) as std::sync::Arc<dyn Store>,
        )
        .await
        .unwrap();
        let mirror_url = format!("http://{}", mirror.local_addr());
        tokio::spawn(mirror.run(std::future::pending()));
        let at_provider = client(provider.base_url());
        let at_mirror = client(&mirror_url);
        let same = |endpoint: Endpoint, params: Map<String, Value>| {
            let (a, b) = (&at_provider, &at_mirror);
            let hosts = (provider.base_url().to_owned(), mirror_url.clone());
            async move {
                let from_provider = a.raw(endpoint, params.clone()).await.unwrap();
                let from_mirror = b.raw(endpoint, params.clone()).await.unwrap();
                let from_mirror = from_mirror.to_string().replace(&hosts.1, &hosts.0);
                assert_eq!(
                    from_provider.to_string(),
                    from_mirror,
                    "{endpoint:?} {params:?}"
                );
                from_provider
            }
        };
        let mut ids = Vec::new();
        for endpoint in [Endpoint::List, Endpoint::MaskList] {
            for page in 1..=5 {
                let request = ListCalls::new(ReportFilter::new())
                    .sort(SortKey::StartTime, SortOrder::Ascending)
                    .page(page, 50);
                let body = same(endpoint, params(&request)).await;
                if endpoint == Endpoint::List {
                    for call in body["data"].as_array().unwrap() {
                        ids.push(call["clId"].as_str().unwrap().to_owned());
                    }
                }
            }
        }
        assert_eq!(ids.len(), 240);
        for filter in [
            ReportFilter::new(),
            ReportFilter::new().call_types([CallType::from_wire("IBD")]),
            ReportFilter::new().between(base - TimeDelta::hours(2), base),
        ] {
            same(Endpoint::ReportCount, params(&CountCalls::new(filter))).await;
        }
        for id in ids.iter().step_by(7) {
            for view in DetailView::EVERY {
                let request = GetCall::new(CallId::new(id).unwrap()).view(view);
                same(Endpoint::Detail, params(&request)).await;
            }
        }
        for call in recorded.iter().step_by(5) {
            for found in call.recordings() {
                let (mut from_provider, mut from_mirror) = (Vec::new(), Vec::new());
                at_provider
                    .stream_recording(found.locator, &mut from_provider, |_| {})
                    .await
                    .unwrap();
                at_mirror
                    .stream_recording(found.locator, &mut from_mirror, |_| {})
                    .await
                    .unwrap();
                assert!(!from_provider.is_empty());
                assert_eq!(from_provider, from_mirror, "{}", call.id);
            }
        }
    });

    // A later run finds the files in place and fetches none of them again.
    provider.clear_requests();
    let again = summary(&sync(&provider, &db, &["--overlap", "1d", "--recordings"]));
    assert_eq!(again["recordings"], recordings, "{again}");
    assert_no_recording_fetched(&provider);
}

/// With `CALLREPORT_RECORDING_FILES` naming a bucket, recordings are copied there (nothing
/// beside the database), under `<user id>/<date>/<file>`, byte for byte; a later run finds
/// them there and fetches none again.
#[test]
fn recordings_are_mirrored_into_a_bucket() {
    let Some(bucket) = TestBucket::create() else {
        return;
    };
    let base = Utc::now();
    let provider = provider(base, 60);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let in_bucket = |args: &[&str]| {
        let mut command = sync_command(&provider, &db, args);
        command.env("CALLREPORT_RECORDING_FILES", bucket.setting());
        command.envs(bucket.aws_settings().iter().cloned());
        summary(&command.output().unwrap())
    };
    let first = in_bucket(&["--since", &since(base, 60), "--recordings"]);
    let locators: Vec<_> = calls(&provider, base, 60)
        .iter()
        .flat_map(|call| call.recordings().map(|found| found.locator.clone()))
        .collect();
    assert!(!locators.is_empty());
    assert_eq!(first["recordings"], locators.len(), "{first}");
    assert_eq!(first["recordings_failed"], 0, "{first}");
    assert!(
        !dir.path().join("mirror-recordings").exists(),
        "in the bucket only"
    );

    let files = bucket.files();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut names = files.names().await.unwrap();
        names.sort();
        let mut expected: Vec<String> = locators.iter().map(NewRecording::name_for).collect();
        expected.sort();
        assert_eq!(names, expected);
        let at_provider = client(provider.base_url());
        let locator = &locators[0];
        let mut from_provider = Vec::new();
        at_provider
            .stream_recording(locator, &mut from_provider, |_| {})
            .await
            .unwrap();
        let read = files.read(&NewRecording::name_for(locator), None).await;
        let chunks: Vec<_> = read.unwrap().unwrap().bytes.try_collect().await.unwrap();
        assert_eq!(chunks.concat(), from_provider);
    });

    provider.clear_requests();
    let again = in_bucket(&["--overlap", "1d", "--recordings"]);
    assert_eq!(again["recordings"], locators.len(), "{again}");
    assert_no_recording_fetched(&provider);
}

fn assert_no_recording_fetched(provider: &TestServer) {
    assert!(
        provider
            .requests()
            .iter()
            .all(|request| !request.path().contains("recording")),
        "a recording was fetched again"
    );
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .auth(callreport_model::Auth::session("test-session-30000001"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn params(request: &impl Request) -> Map<String, Value> {
    let mut body = Map::new();
    request.write_params(&mut body);
    body
}

#[test]
fn a_killed_sync_resumes_without_rereading_finished_windows() {
    let base = Utc::now();
    let provider = provider(base, 300);
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--since",
        &since(base, 300),
        "--window",
        "1h",
        "--page-size",
        "20",
    ];
    let resumed_args = [&args[..], &["--overlap", "1s"]].concat();

    // Later pages are slow, so the run is caught in its middle.
    provider.script(|number, _| (number >= 6).then(|| Fault::latency(Duration::from_millis(150))));
    let killed = dir.path().join("killed.sqlite");
    let mut child = sync_command(&provider, &killed, &resumed_args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let first_window_end = loop {
        if let Some(through) = checkpoint_ms(&killed) {
            break through;
        }
        assert!(Instant::now() < deadline, "no window completed");
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let through = checkpoint_ms(&killed).unwrap();
    assert!(through >= first_window_end);
    let checkpoint = DateTime::from_timestamp_millis(through).unwrap();
    assert!(checkpoint < base, "the run was killed before its end");

    provider.clear_faults();
    provider.clear_requests();
    summary(&sync(&provider, &killed, &resumed_args));
    let froms = list_froms(&provider);
    assert!(!froms.is_empty());
    let resume = checkpoint - TimeDelta::seconds(1);
    assert!(
        froms.iter().all(|from| *from >= resume),
        "a finished window was read again: {froms:?} before {resume}"
    );

    let whole = dir.path().join("whole.sqlite");
    summary(&sync(&provider, &whole, &args));
    let (resumed_rows, whole_rows) = (rows(&killed), rows(&whole));
    assert_eq!(whole_rows.len(), 300);
    assert_eq!(resumed_rows, whole_rows);
}

#[test]
fn retried_faults_still_give_a_complete_mirror() {
    let base = Utc::now();
    let provider = provider(base, 120);
    provider.script(|number, _| match number {
        1 | 5 => Some(Fault::api_error(ApiCode::DatabaseUnavailable)),
        3 => Some(Fault::too_many_requests(Duration::from_secs(1))),
        7 => Some(Fault::truncated()),
        _ => None,
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let started = Instant::now();
    let done = summary(&sync(
        &provider,
        &db,
        &[
            "--since",
            &since(base, 120),
            "--window",
            "1h",
            "--page-size",
            "25",
        ],
    ));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(done["new"], 120, "{done}");
    let expected: Vec<String> = {
        let mut ids: Vec<String> = calls(&provider, base, 120)
            .iter()
            .map(|call| call.id.as_str().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let stored: Vec<String> = rows(&db).into_iter().map(|row| row.0).collect();
    assert_eq!(stored, expected);
}

#[test]
fn a_persistent_failure_exits_non_zero_with_the_checkpoint_at_the_last_complete_window() {
    let base = Utc::now();
    let provider = provider(base, 200);
    // From the fifth list request on, the provider's database is down for good.
    let pages = std::sync::atomic::AtomicUsize::new(0);
    provider.script(move |_, request| {
        let list = request.endpoint() == Some(Endpoint::List);
        (list && pages.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 4)
            .then(|| Fault::api_error(ApiCode::DatabaseUnavailable))
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let failed = sync(
        &provider,
        &db,
        &[
            "--since",
            &since(base, 200),
            "--window",
            "1h",
            "--page-size",
            "25",
            "--attempts",
            "2",
        ],
    );
    assert_eq!(failed.status.code(), Some(3), "an API error");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("stopped early"), "{stderr}");
    let through = DateTime::from_timestamp_millis(checkpoint_ms(&db).unwrap()).unwrap();
    // Everything before the checkpoint is stored, and nothing of a window after it is counted
    // as mirrored.
    let before: Vec<String> = {
        let mut ids: Vec<String> = calls(&provider, base, 200)
            .iter()
            .filter(|call| call.started_at.with_timezone(&Utc) < through)
            .map(|call| call.id.as_str().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert!(!before.is_empty() && before.len() < 200, "{}", before.len());
    let stored: Vec<String> = rows(&db)
        .into_iter()
        .filter(|row| row.1 < through.timestamp_millis())
        .map(|row| row.0)
        .collect();
    assert_eq!(stored, before);

    provider.clear_faults();
    let resumed = summary(&sync(&provider, &db, &["--overlap", "1s"]));
    assert_eq!(rows(&db).len(), 200, "{resumed}");
}

#[test]
fn calls_changed_after_a_sync_are_updated_within_the_overlap() {
    let base = Utc::now();
    let provider = provider(base, 60);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    summary(&sync(&provider, &db, &["--since", &since(base, 60)]));

    let mut changed = calls(&provider, base, 60);
    changed.truncate(3);
    for call in &mut changed {
        call.amount += 2.5;
    }
    provider.add_calls(changed.clone()).unwrap();
    let second = summary(&sync(&provider, &db, &[]));
    assert_eq!(second["updated"], 3, "{second}");
    assert_eq!(second["unchanged"], 57, "{second}");
    assert_eq!(second["new"], 0, "{second}");
    let stored = rows(&db);
    for call in &changed {
        let row = stored.iter().find(|row| row.0 == call.id.as_str()).unwrap();
        assert_eq!(row.4, call.to_json());
    }
}

#[test]
fn calls_the_provider_no_longer_lists_are_reported_and_kept() {
    let base = Utc::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let before = provider(base, 50);
    summary(&sync(&before, &db, &["--since", &since(base, 50)]));
    // The same account, with its last five calls gone.
    let after = TestServer::builder().calls(0).start().unwrap();
    after
        .add_calls(calls(&after, base, 50).into_iter().take(45))
        .unwrap();
    let output = sync(&after, &db, &[]);
    let report = summary(&output);
    assert_eq!(report["disappeared"], 5, "{report}");
    assert_eq!(rows(&db).len(), 50, "reported, not deleted");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("5 disappeared"), "{stderr}");
}

#[test]
fn the_first_run_needs_since_and_max_rps_spaces_requests() {
    let base = Utc::now();
    let provider = provider(base, 40);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let refused = sync(&provider, &db, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--since"));

    let started = Instant::now();
    let done = summary(&sync(
        &provider,
        &db,
        &[
            "--since",
            &since(base, 40),
            "--window",
            "1d",
            "--page-size",
            "10",
            "--max-rps",
            "4",
        ],
    ));
    let pages = done["pages"].as_u64().unwrap();
    assert!(pages >= 5, "{done}");
    let least = Duration::from_millis(250 * (pages - 1));
    assert!(
        started.elapsed() >= least,
        "{:?} < {least:?}",
        started.elapsed()
    );
}

#[test]
fn follow_repeats_passes_until_sigterm_stops_it_cleanly() {
    use std::io::{BufRead, BufReader};

    let base = Utc::now();
    let provider = provider(base, 30);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let mut child = sync_command(
        &provider,
        &db,
        &["--since", &since(base, 30), "--follow", "--every", "1"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let second: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["new"], 30, "{first}");
    assert_eq!(second["unchanged"], 30, "{second}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exited = child.wait().unwrap();
    assert!(
        exited.success(),
        "a signal is how --follow ends: {exited:?}"
    );
    assert_eq!(rows(&db).len(), 30);
}

#[test]
fn recordings_that_cannot_be_copied_exit_6_and_the_next_run_copies_them() {
    let base = Utc::now();
    let provider = provider(base, 60);
    provider.fail_next_on(On::Recordings, 1_000, Fault::status(404, &[], b"gone"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mirror.sqlite");
    let args = [
        "--since",
        &since(base, 60),
        "--window",
        "1h",
        "--recordings",
    ];
    let failed = sync(&provider, &db, &args);
    assert_eq!(failed.status.code(), Some(6), "partial");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("some recordings were not copied"),
        "{stderr}"
    );
    assert!(stderr.contains("a recording was not copied"), "{stderr}");
    for call in calls(&provider, base, 60) {
        let number = call.customer_number.as_str();
        assert!(
            !stderr.contains(number),
            "a phone number in the log: {stderr}"
        );
    }
    let first: Value = serde_json::from_slice(&failed.stdout).unwrap();
    assert_eq!(
        first["new"], 60,
        "the calls are mirrored all the same: {first}"
    );
    assert_eq!(first["recordings"], 0, "{first}");
    let missing = first["recordings_failed"].as_u64().unwrap();
    assert!(missing > 0, "{first}");

    provider.clear_faults();
    let again = summary(&sync(
        &provider,
        &db,
        &[&args[..], &["--overlap", "1d"]].concat(),
    ));
    assert_eq!(again["recordings"], missing, "{again}");
    assert_eq!(again["recordings_failed"], 0, "{again}");
}
