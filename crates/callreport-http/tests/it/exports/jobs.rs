//! The bounded queue and a restart in the middle of an export.

use std::time::Duration;

use callreport_http::ServerConfig;
use callreport_model::{
    ApiCode, CreateExport, DownloadPdf, ExportFormat, ExportState, ReportFilter,
};
use callreport_store::FileStore;
use serde_json::json;

use super::{has_partial_files, is_running, status_until};
use crate::client::session_client;
use crate::support::{Demo, TestServer, local, with_session};

async fn server(
    demo: &Demo,
    folder: &std::path::Path,
    workers: usize,
    pause_ms: u64,
) -> TestServer {
    let config = ServerConfig::new(local())
        .export_workers(workers)
        .export_files(FileStore::folder(folder).unwrap())
        .export_page_pause(Duration::from_millis(pause_ms));
    TestServer::over(demo.store.clone(), config).await
}

#[tokio::test]
async fn with_one_worker_the_second_export_waits_for_the_first() {
    let demo = Demo::with_calls(1200).await;
    let folder = tempfile::tempdir().unwrap();
    let server = server(&demo, folder.path(), 1, 150).await;
    let client = session_client(&server);
    let request = CreateExport::new(ExportFormat::Csv, ReportFilter::new());
    let first = client.create_export(&request).await.unwrap();
    let second = client.create_export(&request).await.unwrap();
    assert_eq!(second.state, ExportState::Queued);
    let running = status_until(&client, &first.id, is_running).await;
    assert_eq!(running.state, ExportState::Running);
    assert_eq!(
        client.export_status(&second.id).await.unwrap().state,
        ExportState::Queued,
        "the second waits while the first runs"
    );
    let first = status_until(&client, &first.id, |s| s.is_finished()).await;
    assert_eq!(first.state, ExportState::Done);
    let second = status_until(&client, &second.id, |s| s.state != ExportState::Queued).await;
    assert!(matches!(
        second.state,
        ExportState::Running | ExportState::Done
    ));
    let second = status_until(&client, &second.id, |s| s.is_finished()).await;
    assert_eq!(second.state, ExportState::Done);
    assert!(second.finished_at >= first.finished_at);
}

#[tokio::test]
async fn a_restart_fails_the_running_export_and_serves_no_file() {
    let demo = Demo::with_calls(2000).await;
    let folder = tempfile::tempdir().unwrap();
    let mut first = server(&demo, folder.path(), 1, 300).await;
    let client = session_client(&first);
    let request = CreateExport::new(ExportFormat::Pdf, ReportFilter::new());
    let created = client.create_export(&request).await.unwrap();
    let running = status_until(&client, &created.id, |s| is_running(s) && s.rows > 0).await;
    assert!(
        running.rows > 0 && running.rows < 2000,
        "{} rows",
        running.rows
    );
    first.stop().await.unwrap();

    let second = server(&demo, folder.path(), 1, 0).await;
    let client = session_client(&second);
    let status = client.export_status(&created.id).await.unwrap();
    assert_eq!(status.state, ExportState::Failed);
    assert_eq!(status.reason.as_deref(), Some("interrupted by a restart"));
    assert_eq!(status.location, None);
    let error = client
        .download_pdf(&DownloadPdf::new(created.id.clone()))
        .await
        .err()
        .unwrap();
    assert_eq!(error.api_code(), Some(&ApiCode::InvalidParameters));
    assert!(
        error.to_string().contains("interrupted by a restart"),
        "{error}"
    );
    let path = format!(
        "/api/v2/CallReport/exports/{}/file?ssid=demo-session-10000001",
        created.id
    );
    assert_eq!(second.get(&path, &[]).await.status.as_u16(), 409);
    // The stopped job removes its temporary file after its current page.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(!has_partial_files(folder.path()));
    let finished = std::fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(finished, 0, "no file of the interrupted export");
    // The new server still works.
    let reply = second
        .post_json(
            "/api/v2/CallReport/exportStatus",
            &with_session(json!({"expId": created.id.as_str()})),
        )
        .await;
    assert_eq!(reply.json()["data"]["st"], "failed");
}
