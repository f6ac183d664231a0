//! JSON -> domain -> JSON is semantically identical for every fixture.

use std::fs;
use std::path::{Path, PathBuf};

use callreport_model::{
    Auth, CallCount, CallDetail, CallPage, ChangeTitle, CountCalls, CreateExport, DownloadPdf,
    ExportStatus, ExportStatuses, GetCall, GetExport, ListCalls, ListExports, Request, Response,
    ResponseData,
};
use serde_json::Value;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut paths: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures of kind {kind}");
    paths
}

fn as_value(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn response_round_trip<T: ResponseData>(kind: &str) {
    for path in fixtures(kind) {
        let original = fs::read(&path).unwrap();
        let decoded = Response::<T>::decode(&original).unwrap();
        let written = decoded.to_json();
        assert_eq!(
            as_value(written.as_bytes()),
            as_value(&original),
            "{}",
            path.display()
        );
        let again = Response::<T>::decode(written.as_bytes()).unwrap();
        assert_eq!(again.to_json(), written, "{}", path.display());
    }
}

#[test]
fn detail_responses() {
    response_round_trip::<CallDetail>("detail");
}

#[test]
fn error_responses() {
    response_round_trip::<CallDetail>("error");
}

#[test]
fn export_responses() {
    response_round_trip::<ExportStatus>("export");
    response_round_trip::<ExportStatuses>("export_list");
}

#[test]
fn list_responses() {
    response_round_trip::<CallPage>("list");
}

#[test]
fn count_responses() {
    response_round_trip::<CallCount>("count");
}

fn request_round_trip<R: Request + PartialEq + std::fmt::Debug>(path: &Path) {
    let original = fs::read(path).unwrap();
    let (auth, request): (Auth, R) = R::from_json(&original).unwrap();
    let written = request.to_json(&auth);
    assert_eq!(
        as_value(&written),
        as_value(&original),
        "{}",
        path.display()
    );
    assert_eq!(R::from_json(&written).unwrap().1, request);
}

#[test]
fn requests() {
    for path in fixtures("request") {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        match name.split('_').next().unwrap() {
            "detail" | "extra" => request_round_trip::<GetCall>(&path),
            "list" => request_round_trip::<ListCalls>(&path),
            "count" => request_round_trip::<CountCalls>(&path),
            "export" => request_round_trip::<CreateExport>(&path),
            "change" => request_round_trip::<ChangeTitle>(&path),
            "download" => request_round_trip::<DownloadPdf>(&path),
            "status" => request_round_trip::<GetExport>(&path),
            "exports" => request_round_trip::<ListExports>(&path),
            other => panic!("no request type for fixture prefix {other:?}"),
        }
    }
}
