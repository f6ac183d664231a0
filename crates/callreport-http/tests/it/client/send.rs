//! Every future of the client is `Send`, and so is its stream: they can be spawned on a
//! multi-threaded runtime. Shown at compile time; the futures are built and dropped unpolled.

use std::path::Path;

use callreport_http::client::CallStream;
use callreport_model::{
    Auth, Call, CallId, ChangeTitle, CountCalls, CreateExport, DownloadPdf, Endpoint, ExportFormat,
    ExportId, ExportState, ExportStatus, GetCall, ListCalls, RecordingLocator, ReportFilter,
};
use chrono::TimeZone;
use serde_json::Map;

use super::client_with;

fn assert_send<T: Send>(_: T) {}

#[test]
fn every_future_and_the_stream_are_send() {
    // A closed port: nothing is ever sent, the futures are never polled.
    let client = client_with("http://127.0.0.1:9", Auth::session("unused"));
    let id = CallId::new("abc").unwrap();
    let list = ListCalls::new(ReportFilter::new());
    let export = ExportId::new("e1").unwrap();
    let made = callreport_model::IST
        .timestamp_opt(1_763_808_198, 0)
        .unwrap();
    let status = ExportStatus::new(export.clone(), ExportFormat::Csv, ExportState::Done, made);
    let locator = RecordingLocator::parse(
        "tok*mp3*10000001*2025*11*22*abc_919000012345_2025-11-22-16-13-37_CTC.mp3",
    )
    .unwrap();
    let call = Call::new(id.clone(), made, callreport_model::CallType::ClickToCall);
    let destination = Path::new("never-written.mp3");
    let mut sink = tokio::io::sink();

    assert_send(client.detail(&id));
    assert_send(client.agents(&id));
    assert_send(client.recordings(&id));
    assert_send(client.deductions(&id));
    assert_send(client.all_detail(&id));
    assert_send(client.detail_view(&GetCall::new(id.clone())));
    assert_send(client.raw(Endpoint::ReportCount, Map::new()));
    assert_send(client.list(&list));
    assert_send(client.mask_list(&list));
    assert_send(client.count(&CountCalls::new(ReportFilter::new())));
    assert_send(client.download_pdf(&DownloadPdf::new(export.clone())));
    assert_send(client.create_export(&CreateExport::new(ExportFormat::Csv, ReportFilter::new())));
    assert_send(client.export_status(&export));
    assert_send(client.list_exports());
    assert_send(client.change_title(&ChangeTitle::new(export.clone(), "t")));
    assert_send(client.wait_for_export(&export, destination, |_| {}));
    assert_send(client.download_export(&status, destination));
    assert_send(client.stream_recording(&locator, &mut sink, |_| {}));
    assert_send(client.download_locator(&locator, destination, |_| {}));
    assert_send(client.download_recording(&call, destination, |_| {}));
    assert_send(client.download_fresh_recording(&id, destination, |_| {}));
    let stream: CallStream = client.list_stream(ReportFilter::new());
    assert_send(stream);
}
