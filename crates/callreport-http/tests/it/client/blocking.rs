//! The blocking client, endpoint by endpoint, against the same servers and with the same
//! answers as the async client's tests. The servers run on a runtime of the test's; the
//! blocking calls are made from the test's own thread, outside any runtime.

use std::fs;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use callreport_http::ServerConfig;
use callreport_http::blocking::Client;
use callreport_http::client::{ErrorKind, Progress, RetryPolicy, StreamOptions};
use callreport_model::{
    ApiCode, Auth, Call, CallDetail, CallId, ChangeTitle, CountCalls, CreateExport, DetailView,
    DownloadPdf, Endpoint, ExportFormat, ExportId, ExportState, ExportStatus, GetCall, ListCalls,
    RecordingLocator, ReportFilter, UserId,
};
use callreport_store::RecordingLookup;
use callreport_store::demo;
use chrono::TimeZone;
use serde_json::{Map, Value, json};

use crate::support::{CALLS, FaultyStore, OTHER_CALLS, OTHER_TOKEN, OTHER_USER, TestServer, local};
use callreport_http::testing::{self, Fault};

/// A server and the runtime it runs on; the server is dropped first.
struct Served<S> {
    server: S,
    runtime: tokio::runtime::Runtime,
}

fn serve<S>(start: impl Future<Output = S>) -> Served<S> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(start);
    Served { server, runtime }
}

fn demo_server() -> Served<TestServer> {
    serve(TestServer::start())
}

fn blocking_client(base_url: &str, auth: Auth) -> Client {
    Client::builder()
        .base_url(base_url)
        .auth(auth)
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(10)))
        .build_blocking()
        .unwrap()
}

fn session_client(server: &TestServer) -> Client {
    blocking_client(
        &format!("http://{}", server.addr),
        Auth::session(demo::MAIN.session),
    )
}

fn other_client(server: &TestServer) -> Client {
    let auth = Auth::token(UserId::new(OTHER_USER).unwrap(), OTHER_TOKEN);
    blocking_client(&format!("http://{}", server.addr), auth)
}

fn first_call_id(client: &Client) -> CallId {
    let page = client
        .list(&ListCalls::new(ReportFilter::new()).page(1, 1))
        .unwrap();
    page.calls[0].id.clone()
}

/// Reads the status until the export is finished, for at most 20 s.
fn finished(client: &Client, id: &ExportId) -> ExportStatus {
    for _ in 0..400 {
        let status = client.export_status(id).unwrap();
        if status.is_finished() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the export never finished");
}

#[test]
fn the_blocking_client_is_send_sync_and_clone() {
    fn shareable<T: Send + Sync + Clone>() {}
    fn sendable<T: Send>() {}
    shareable::<Client>();
    sendable::<callreport_http::blocking::CallIter>();
    sendable::<callreport_http::blocking::Chunks>();
}

#[test]
fn both_kinds_of_credentials_count_the_same_calls() {
    let served = demo_server();
    let all = CountCalls::new(ReportFilter::new());
    assert_eq!(session_client(&served.server).count(&all).unwrap(), CALLS);
    let auth = Auth::token(UserId::new(demo::MAIN.user_id).unwrap(), demo::MAIN.token);
    let token = blocking_client(&format!("http://{}", served.server.addr), auth);
    assert_eq!(token.count(&all).unwrap(), CALLS);
}

#[test]
fn every_detail_view_decodes() {
    let served = demo_server();
    let client = session_client(&served.server);
    let id = first_call_id(&client);
    assert_eq!(client.detail(&id).unwrap().unwrap().call_id, id);
    assert!(!client.agents(&id).unwrap().unwrap().agent_legs.is_empty());
    assert!(client.recordings(&id).unwrap().is_some());
    assert!(client.deductions(&id).unwrap().is_some());
    assert_eq!(client.all_detail(&id).unwrap().unwrap().id, id);
    let view = client
        .detail_view(&GetCall::new(id.clone()).view(DetailView::Agents))
        .unwrap();
    assert!(matches!(view, Some(CallDetail::Agents(_))));
}

#[test]
fn unknown_and_foreign_calls_are_none() {
    let served = demo_server();
    let client = session_client(&served.server);
    assert!(
        client
            .detail(&CallId::new("nosuchcall").unwrap())
            .unwrap()
            .is_none()
    );
    let other = other_client(&served.server);
    assert_eq!(
        other.count(&CountCalls::new(ReportFilter::new())).unwrap(),
        OTHER_CALLS
    );
    let foreign = first_call_id(&other);
    assert!(client.all_detail(&foreign).unwrap().is_none());
    assert!(client.recordings(&foreign).unwrap().is_none());
}

#[test]
fn the_masked_list_hides_numbers() {
    let served = demo_server();
    let client = session_client(&served.server);
    let request = ListCalls::new(ReportFilter::new()).page(1, 20);
    let plain = client.list(&request).unwrap();
    let masked = client.mask_list(&request).unwrap();
    assert_eq!(plain.calls.len(), 20);
    assert!(masked.rejected.is_empty(), "{:?}", masked.rejected);
    assert_eq!(masked.calls.len(), 20);
    for (plain, masked) in plain.calls.iter().zip(&masked.calls) {
        assert_eq!(plain.id, masked.id);
        assert_ne!(plain.customer_number, masked.customer_number);
        assert!(masked.customer_number.as_str().contains('*'));
    }
}

#[test]
fn the_raw_call_answers_json_and_still_reports_errors() {
    let served = demo_server();
    let client = session_client(&served.server);
    let body = client.raw(Endpoint::ReportCount, Map::new()).unwrap();
    assert_eq!(body, json!({"data": {"cnt": CALLS}}));
    let mut unknown = Map::new();
    unknown.insert("agentz".into(), Value::from(1));
    let error = client.raw(Endpoint::ReportCount, unknown).unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidParameters));
    assert!(
        error.to_string().contains("unknown parameter: agentz"),
        "{error}"
    );
}

#[test]
fn refused_credentials_and_permissions_are_api_errors() {
    let served = demo_server();
    let base = format!("http://{}", served.server.addr);
    let bad = blocking_client(
        &base,
        Auth::token(UserId::new(demo::MAIN.user_id).unwrap(), "wrong-token"),
    );
    let error = bad
        .count(&CountCalls::new(ReportFilter::new()))
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidToken));
    let restricted = blocking_client(&base, Auth::session(demo::RESTRICTED.session));
    let error = restricted
        .list(&ListCalls::new(ReportFilter::new()))
        .unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::PermissionDenied));
}

#[test]
fn an_unavailable_database_is_retried_and_reported_as_1010() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let demo = runtime.block_on(crate::support::Demo::new());
    let store = Arc::new(FaultyStore::new(demo.store.clone()));
    store.down.store(true, Ordering::SeqCst);
    let config = ServerConfig::new(local());
    let server = runtime.block_on(TestServer::over(Arc::clone(&store) as _, config));
    let retries = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&retries);
    let client = Client::builder()
        .base_url(format!("http://{}", server.addr))
        .auth(Auth::session(demo::MAIN.session))
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5)))
        .on_retry(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        })
        .build_blocking()
        .unwrap();
    let all = CountCalls::new(ReportFilter::new());
    let error = client.count(&all).unwrap_err();
    assert_eq!(error.api_code(), Some(&ApiCode::DatabaseUnavailable));
    assert_eq!(retries.load(Ordering::SeqCst), 2);
    store.down.store(false, Ordering::SeqCst);
    assert_eq!(client.count(&all).unwrap(), CALLS);
}

#[test]
fn the_iterator_yields_every_call_once_and_reports_its_pages() {
    let served = demo_server();
    let client = session_client(&served.server);
    let mut calls = client.list_stream_with(
        ListCalls::new(ReportFilter::new()),
        StreamOptions::default().page_size(50),
    );
    let first = calls.next().unwrap().unwrap();
    assert_eq!(calls.total(), Some(CALLS));
    assert_eq!(calls.pages(), 1);
    let mut ids = vec![first.id];
    ids.extend(calls.by_ref().map(|call| call.unwrap().id));
    assert!(calls.take_rejected().is_empty());
    assert_eq!(calls.fetched(), CALLS);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), usize::try_from(CALLS).unwrap());
    let all = client.list_stream(ReportFilter::new()).count();
    assert_eq!(all, usize::try_from(CALLS).unwrap());
}

#[test]
fn exports_are_created_listed_renamed_waited_for_and_downloaded() {
    let served = demo_server();
    let client = session_client(&served.server);
    let request = CreateExport::new(ExportFormat::Csv, ReportFilter::new())
        .title("Server export")
        .columns(["call_id", "call_type"]);
    let created = client.create_export(&request).unwrap();
    assert!(matches!(
        created.state,
        ExportState::Queued | ExportState::Running
    ));
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("report.csv");
    let mut seen = Vec::new();
    let done = client
        .wait_for_export(&created.id, &destination, |status| {
            seen.push(status.state.clone());
        })
        .unwrap();
    assert_eq!(done.state, ExportState::Done);
    assert_eq!(seen.last(), Some(&ExportState::Done));
    assert_eq!(done.rows, CALLS);
    let bytes = fs::read(&destination).unwrap();
    assert_eq!(done.bytes, Some(bytes.len() as u64));
    let header = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(header.lines().next().unwrap().split(',').count(), 2);

    let again = dir.path().join("again.csv");
    assert_eq!(
        client.download_export(&done, &again).unwrap(),
        bytes.len() as u64
    );
    assert_eq!(fs::read(&again).unwrap(), bytes);

    let renamed = client
        .change_title(&ChangeTitle::new(created.id.clone(), "Renamed"))
        .unwrap();
    assert_eq!(renamed.title.as_deref(), Some("Renamed"));
    let listed = client.list_exports().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].title.as_deref(), Some("Renamed"));
    assert_eq!(
        client.export_status(&created.id).unwrap().title.as_deref(),
        Some("Renamed")
    );
    let unknown = client
        .export_status(&ExportId::new("exp_nothing").unwrap())
        .unwrap_err();
    assert_eq!(unknown.api_code(), Some(&ApiCode::InvalidParameters));
}

#[test]
fn a_pdf_export_downloads_in_chunks() {
    let served = demo_server();
    let client = session_client(&served.server);
    let request = CreateExport::new(ExportFormat::Pdf, ReportFilter::new()).title("Mine");
    let created = client.create_export(&request).unwrap();
    assert_eq!(finished(&client, &created.id).state, ExportState::Done);
    let chunks = client
        .download_pdf(&DownloadPdf::new(created.id.clone()))
        .unwrap();
    let bytes: Vec<u8> = chunks.flat_map(|chunk| chunk.unwrap().to_vec()).collect();
    assert!(bytes.starts_with(b"%PDF"));
    let theirs = other_client(&served.server)
        .download_pdf(&DownloadPdf::new(created.id))
        .err()
        .unwrap();
    assert_eq!(theirs.api_code(), Some(&ApiCode::InvalidParameters));
}

/// The first call of the demo account with a recording, and the recording's stored bytes.
fn recorded_call(served: &Served<TestServer>, client: &Client) -> (Call, Vec<u8>) {
    let call = client
        .list_stream(ReportFilter::new())
        .map(Result::unwrap)
        .find(|call| call.recordings().next().is_some())
        .unwrap();
    let locator = call.recordings().next().unwrap().locator.clone();
    let lookup = served
        .runtime
        .block_on(served.server.store().recording(&locator))
        .unwrap();
    let RecordingLookup::Found(stored) = lookup else {
        panic!("the demo recording exists")
    };
    let files = served.server.store().recording_files().unwrap();
    let path = files.local_folder().unwrap().join(&stored.name);
    (call, fs::read(path).unwrap())
}

#[test]
fn recordings_download_byte_identical_to_the_stored_file() {
    let served = demo_server();
    let client = session_client(&served.server);
    let (call, expected) = recorded_call(&served, &client);
    let dir = tempfile::tempdir().unwrap();

    let destination = dir.path().join("call.mp3");
    let mut updates = Vec::new();
    let written = client
        .download_recording(&call, &destination, |p: Progress| updates.push(p))
        .unwrap();
    assert_eq!(written, Some(expected.len() as u64));
    assert_eq!(fs::read(&destination).unwrap(), expected);
    let last = updates.last().unwrap();
    assert_eq!(last.received, expected.len() as u64);

    let locator = call.recordings().next().unwrap().locator.clone();
    let by_locator = dir.path().join("by-locator.mp3");
    client
        .download_locator(&locator, &by_locator, |_| {})
        .unwrap();
    assert_eq!(fs::read(&by_locator).unwrap(), expected);

    let fresh = dir.path().join("fresh.mp3");
    let written = client
        .download_fresh_recording(&call.id, &fresh, |_| {})
        .unwrap();
    assert_eq!(written, Some(expected.len() as u64));
    assert_eq!(fs::read(&fresh).unwrap(), expected);

    let mut streamed = Vec::new();
    let written = client
        .stream_recording(&locator, &mut streamed, |_| {})
        .unwrap();
    assert_eq!(written, expected.len() as u64);
    assert_eq!(streamed, expected);
}

#[test]
fn an_expired_link_is_refreshed_once_and_a_404_leaves_no_file() {
    const CLIP: &[u8] = b"ID3 fake mpeg frames";
    let server = testing::TestServer::builder().calls(0).start().unwrap();
    server.script(|_, seen| {
        Some(
        if seen.path().contains("/old-token/") || seen.path().contains("/gone/") {
            Fault::status(404, &[], b"expired")
        } else if seen.method() == "POST" {
            Fault::json(
                r##"{"data": {"rcrdAr": [{"ndId": "#1", "rcrd": "new-token*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3"}]}}"##,
            )
        } else {
            Fault::status(200, &[("Content-Type", "audio/mpeg")], CLIP)
        })
    });
    let old = "old-token*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3";
    let mut call = Call::new(
        CallId::new("abc").unwrap(),
        callreport_model::IST
            .timestamp_opt(1_763_808_198, 0)
            .unwrap(),
        callreport_model::CallType::ClickToCall,
    );
    let mut leg = callreport_model::LegTiming::default();
    leg.recording = Some(RecordingLocator::parse(old).unwrap());
    call.agent_legs
        .push(callreport_model::AgentLeg::new(None, leg));
    let client = blocking_client(server.base_url(), Auth::session("fault-session"));
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("refreshed.mp3");
    let written = client
        .download_recording(&call, &destination, |_| {})
        .unwrap();
    assert_eq!(written, Some(CLIP.len() as u64));
    assert_eq!(fs::read(&destination).unwrap(), CLIP);
    assert_eq!(server.requests().len(), 3);

    let gone = RecordingLocator::parse(&old.replace("old-token", "gone")).unwrap();
    let missing = dir.path().join("missing.mp3");
    let error = client
        .download_locator(&gone, &missing, |_| {})
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Http { status: 404, .. }),
        "{error:?}"
    );
    assert!(!missing.exists());

    let by_call = dir.path().join("by-call.mp3");
    let written = client
        .download_call_recording(
            &call.id,
            &RecordingLocator::parse(old).unwrap(),
            &by_call,
            |_| {},
        )
        .unwrap();
    assert_eq!(written, CLIP.len() as u64);
    assert_eq!(fs::read(&by_call).unwrap(), CLIP);

    let mut streamed = Vec::new();
    let written = client
        .stream_call_recording(
            &call.id,
            &RecordingLocator::parse(old).unwrap(),
            &mut streamed,
            |_| {},
        )
        .unwrap();
    assert_eq!((written, streamed.as_slice()), (CLIP.len() as u64, CLIP));
}

/// The documented behaviour inside async code: the call runs on a thread of its own and
/// answers as anywhere else, whatever the flavour of the caller's runtime.
#[test]
fn a_call_from_inside_a_runtime_runs_on_its_own_thread() {
    let served = demo_server();
    let client = session_client(&served.server);
    let all = CountCalls::new(ReportFilter::new());
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let inside = current.block_on(async { client.count(&all) });
    assert_eq!(inside.unwrap(), CALLS);
    let in_a_task = served.runtime.block_on(async {
        let client = client.clone();
        tokio::spawn(async move {
            let mut calls = client.list_stream(ReportFilter::new());
            let first = calls.next().map(Result::unwrap);
            (
                first.is_some(),
                client.count(&CountCalls::new(ReportFilter::new())),
            )
        })
        .await
        .unwrap()
    });
    assert!(in_a_task.0);
    assert_eq!(in_a_task.1.unwrap(), CALLS);
    // A client built and dropped inside async code does not panic either.
    let base = client.base_url().to_owned();
    current.block_on(async move {
        let inner = blocking_client(&base, Auth::session(demo::MAIN.session));
        assert_eq!(
            inner.count(&CountCalls::new(ReportFilter::new())).unwrap(),
            CALLS
        );
    });
}
