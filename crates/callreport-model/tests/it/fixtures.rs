//! One snapshot of the decoded domain value per fixture, so that every change of the schema
//! shows up as a diff.

use std::fs;
use std::path::Path;

use callreport_model::{
    CallCount, CallDetail, CallPage, ChangeTitle, CountCalls, CreateExport, DownloadPdf,
    ExportStatus, ExportStatuses, GetCall, GetExport, ListCalls, ListExports, Request, Response,
};

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn detail_fixtures() {
    insta::glob!("../fixtures", "detail/*.json", |path| {
        let response = Response::<CallDetail>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn error_fixtures() {
    insta::glob!("../fixtures", "error/*.json", |path| {
        let response = Response::<CallDetail>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn list_fixtures() {
    insta::glob!("../fixtures", "list/*.json", |path| {
        let response = Response::<CallPage>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn count_fixtures() {
    insta::glob!("../fixtures", "count/*.json", |path| {
        let response = Response::<CallCount>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn export_fixtures() {
    insta::glob!("../fixtures", "export/*.json", |path| {
        let response = Response::<ExportStatus>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn export_list_fixtures() {
    insta::glob!("../fixtures", "export_list/*.json", |path| {
        let response = Response::<ExportStatuses>::decode(&read(path)).unwrap();
        insta::assert_json_snapshot!(response);
    });
}

#[test]
fn invalid_fixtures_name_the_failing_field() {
    insta::glob!("../fixtures", "invalid/*.json", |path| {
        let error = Response::<CallDetail>::decode(&read(path)).unwrap_err();
        insta::assert_snapshot!(error.to_string());
    });
}

/// Requests have no canonical JSON of their own: their `Debug` (secrets hidden) is the snapshot.
#[test]
fn request_fixtures() {
    insta::glob!("../fixtures", "request/*.json", |path| {
        let body = read(path);
        let name = path.file_stem().unwrap().to_str().unwrap();
        let decoded = match name.split('_').next().unwrap() {
            "detail" | "extra" => format!("{:#?}", GetCall::from_json(&body).unwrap()),
            "list" => format!("{:#?}", ListCalls::from_json(&body).unwrap()),
            "count" => format!("{:#?}", CountCalls::from_json(&body).unwrap()),
            "export" => format!("{:#?}", CreateExport::from_json(&body).unwrap()),
            "change" => format!("{:#?}", ChangeTitle::from_json(&body).unwrap()),
            "download" => format!("{:#?}", DownloadPdf::from_json(&body).unwrap()),
            "status" => format!("{:#?}", GetExport::from_json(&body).unwrap()),
            "exports" => format!("{:#?}", ListExports::from_json(&body).unwrap()),
            other => panic!("no request type for fixture prefix {other:?}"),
        };
        insta::assert_snapshot!(decoded);
    });
}
