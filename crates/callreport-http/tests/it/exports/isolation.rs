//! Titles, unknown ids, the wrong download, and accounts that never see each other's exports.

use callreport_http::client::Client;
use callreport_model::{
    ApiCode, Auth, ChangeTitle, CreateExport, DownloadPdf, ExportFormat, ExportId, ExportState,
    ReportFilter, UserId,
};
use futures::StreamExt;

use super::status_until;
use crate::client::{client_with, session_client};
use crate::support::on_each_backend;
use crate::support::{OTHER_TOKEN, OTHER_USER, TestServer};

fn other_client(server: &TestServer) -> Client {
    let auth = Auth::token(UserId::new(OTHER_USER).unwrap(), OTHER_TOKEN);
    client_with(&format!("http://{}", server.addr), auth)
}

async fn done_export(client: &Client, format: ExportFormat) -> ExportId {
    let request = CreateExport::new(format, ReportFilter::new()).title("Mine");
    let created = client.create_export(&request).await.unwrap();
    let done = status_until(client, &created.id, |s| s.is_finished()).await;
    assert_eq!(done.state, ExportState::Done);
    created.id
}

on_each_backend! {
async fn the_title_changes() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let id = done_export(&client, ExportFormat::Csv).await;
    let renamed = client
        .change_title(&ChangeTitle::new(id.clone(), "Renamed"))
        .await
        .unwrap();
    assert_eq!(renamed.title.as_deref(), Some("Renamed"));
    let listed = client.list_exports().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].title.as_deref(), Some("Renamed"));
}
}

on_each_backend! {
async fn another_account_sees_nothing_of_an_export() {
    let server = TestServer::start().await;
    let mine = session_client(&server);
    let theirs = other_client(&server);
    let id = done_export(&mine, ExportFormat::Pdf).await;

    let same_as_unknown = |error: callreport_http::client::Error| {
        assert_eq!(error.api_code(), Some(&ApiCode::InvalidParameters));
        assert!(error.to_string().contains("no export"), "{error}");
    };
    same_as_unknown(theirs.export_status(&id).await.unwrap_err());
    same_as_unknown(
        theirs
            .change_title(&ChangeTitle::new(id.clone(), "Stolen"))
            .await
            .unwrap_err(),
    );
    same_as_unknown(
        theirs
            .download_pdf(&DownloadPdf::new(id.clone()))
            .await
            .err()
            .unwrap(),
    );
    assert!(theirs.list_exports().await.unwrap().is_empty());
    let path =
        format!("/api/v2/CallReport/exports/{id}/file?userId={OTHER_USER}&token={OTHER_TOKEN}");
    assert_eq!(server.get(&path, &[]).await.status.as_u16(), 404);
    assert_eq!(
        mine.export_status(&id).await.unwrap().title.as_deref(),
        Some("Mine"),
        "the rename attempt changed nothing"
    );

    // The owner downloads the PDF through downloadPdf and through its location.
    let stream = mine
        .download_pdf(&DownloadPdf::new(id.clone()))
        .await
        .unwrap();
    let chunks: Vec<_> = stream.collect().await;
    let bytes: Vec<u8> = chunks
        .into_iter()
        .flat_map(|c| c.unwrap().to_vec())
        .collect();
    assert!(bytes.starts_with(b"%PDF"));
    let owner = format!("/api/v2/CallReport/exports/{id}/file?ssid=demo-session-10000001");
    let reply = server.get(&owner, &[]).await;
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(reply.header("content-type"), Some("application/pdf"));
    let length = bytes.len().to_string();
    assert_eq!(reply.header("content-length"), Some(length.as_str()));
    let anonymous = format!("/api/v2/CallReport/exports/{id}/file");
    assert_eq!(server.get(&anonymous, &[]).await.status.as_u16(), 401);
}
}

on_each_backend! {
async fn unknown_ids_and_pdf_downloads_of_csv_exports_are_refused() {
    let server = TestServer::start().await;
    let client = session_client(&server);
    let unknown = ExportId::new("exp_nothing").unwrap();
    let error = client.export_status(&unknown).await.unwrap_err();
    assert_eq!(
        error.api_code(),
        Some(&ApiCode::InvalidParameters),
        "{error}"
    );
    let id = done_export(&client, ExportFormat::Csv).await;
    let error = client
        .download_pdf(&DownloadPdf::new(id.clone()))
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("is a csv export"), "{error}");
    let error = client
        .create_export(&CreateExport::new(ExportFormat::Csv, ReportFilter::new()).columns(["nope"]))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("cols"), "{error}");
    let error = client
        .create_export(&CreateExport::new(
            ExportFormat::from_wire("docx"),
            ReportFilter::new(),
        ))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("frmt"), "{error}");
}
}
