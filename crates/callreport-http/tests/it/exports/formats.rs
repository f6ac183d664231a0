//! Each format exported on the server from demo data and read back.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use callreport_model::{CreateExport, ExportFormat, ExportState, ReportFilter};
use futures::StreamExt;

use crate::client::session_client;
use crate::support::on_each_backend;
use crate::support::{CALLS, TestServer};

async fn export(format: ExportFormat, columns: Option<&[&str]>) -> (Vec<u8>, u64) {
    export_from(&TestServer::start().await, format, columns, CALLS).await
}

async fn export_from(
    server: &TestServer,
    format: ExportFormat,
    columns: Option<&[&str]>,
    calls: u64,
) -> (Vec<u8>, u64) {
    let client = session_client(server);
    let mut request = CreateExport::new(format, ReportFilter::new()).title("Server export");
    if let Some(columns) = columns {
        request = request.columns(columns.iter().copied());
    }
    let created = client.create_export(&request).await.unwrap();
    assert!(matches!(
        created.state,
        ExportState::Queued | ExportState::Running
    ));
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("report.out");
    let mut seen = Vec::new();
    let done = client
        .wait_for_export(&created.id, &destination, |status| {
            seen.push(status.state.clone());
        })
        .await
        .unwrap();
    assert_eq!(done.state, ExportState::Done);
    assert_eq!(seen.last(), Some(&ExportState::Done));
    assert_eq!(done.rows, calls);
    let bytes = std::fs::read(&destination).unwrap();
    assert_eq!(done.bytes, Some(bytes.len() as u64));
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/api/v2/CallReport/exports/{}/file", done.id).as_str())
    );
    (bytes, done.rows)
}

on_each_backend! {
async fn csv_has_a_row_per_call_and_the_columns_asked_for() {
    let (bytes, rows) = export(ExportFormat::Csv, Some(&["call_id", "call_type"])).await;
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert_eq!(header.split(',').count(), 2, "{header}");
    let body: Vec<&str> = lines.filter(|line| !line.is_empty()).collect();
    assert!(body.len() as u64 >= rows, "{} rows", body.len());
    let first = body[0].split(',').collect::<Vec<_>>();
    assert!(first[0].len() >= 20, "a call id: {}", first[0]);
    assert!(
        [
            "IBD", "OBD", "CTC", "QC", "BRD", "POOL", "MASK", "FLASH", "OMIT"
        ]
        .contains(&first[1].trim_matches('"')),
        "{first:?}"
    );
}
}

on_each_backend! {
/// Pages are read and decoded ahead, two at once: the rows still come in the list's order,
/// each call once, across pages (500 calls each).
async fn rows_keep_the_lists_order_across_pages() {
    const MANY: u64 = 1_700;
    let server = TestServer::start_with_calls(MANY).await;
    let (bytes, _) = export_from(&server, ExportFormat::Csv, Some(&["call_id"]), MANY).await;
    let text = String::from_utf8(bytes).unwrap();
    let exported: Vec<&str> = text.lines().skip(1).map(|id| id.trim_matches('"')).collect();
    let listed: Vec<String> = session_client(&server)
        .list_stream(ReportFilter::new())
        .map(|call| call.unwrap().id.as_str().to_owned())
        .collect()
        .await;
    assert_eq!(listed.len() as u64, MANY);
    assert_eq!(exported, listed);
}
}

on_each_backend! {
async fn xlsx_reads_back_with_a_row_per_call() {
    let (bytes, rows) = export(ExportFormat::Xlsx, None).await;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).unwrap();
    let grid: Vec<_> = range.rows().collect();
    // The header, one row per call, and maybe a totals row.
    assert!(grid.len() as u64 > rows, "{} rows", grid.len());
    let header: Vec<String> = grid[0].iter().map(ToString::to_string).collect();
    assert!(header.iter().any(|h| !h.is_empty()), "{header:?}");
    assert!(
        grid[1]
            .iter()
            .any(|cell| matches!(cell, Data::String(s) if s.len() >= 20)),
        "a call id in the first row: {:?}",
        grid[1]
    );
}
}

on_each_backend! {
async fn pdf_reads_back_with_pages_and_the_title() {
    let (bytes, _) = export(ExportFormat::Pdf, None).await;
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    assert!(pages > 1, "{CALLS} calls on {pages} pages");
    let text = doc.extract_text(&[1]).unwrap_or_default();
    let info = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("Server export") || info.contains("Server export"),
        "the title on page 1 or in the document information"
    );
}
}
