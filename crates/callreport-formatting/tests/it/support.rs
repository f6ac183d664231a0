//! What the tests share: calls, reports, rejected rows, read-back dumps and a failing output.

pub(crate) mod failing;
pub(crate) mod pdf_dump;
pub(crate) mod xlsx_dump;

use callreport_formatting::{Format, Report, ReportSink, ReportWriter, Summary};
use callreport_model::generate::{Generator, list_body};
use callreport_model::{Call, CallPage, Reply, Response};
use chrono::DateTime;

/// `count` generated calls; the first ones cover every call type, Hindi and English names.
pub(crate) fn calls(count: usize) -> Vec<Call> {
    Generator::new(7).take(count).collect()
}

/// A report with every default column and a pinned generation time.
pub(crate) fn report() -> Report {
    Report::new("Calls, 1 November 2025")
        .with_filter_summary("01/11/2025 – 01/11/2025, all agents, all call types")
        .with_generated_at(
            DateTime::parse_from_rfc3339("2025-11-02T09:30:00+05:30").expect("a valid time"),
        )
}

/// A page of `count` calls from the API whose row 1 does not decode (its `clId` is an array).
pub(crate) fn page_with_rejected_row(count: usize) -> CallPage {
    let body = list_body(11, count);
    let rows_start = body.find("\"clId\":").expect("calls have ids");
    let second = body[rows_start + 1..]
        .find("\"clId\":")
        .map(|at| at + rows_start + 1)
        .expect("two calls");
    let broken = format!(
        "{}\"clId\":[],\"was\":{}",
        &body[..second],
        &body[second + 7..]
    );
    let Reply::Data(page) = Response::<CallPage>::decode(broken.as_bytes())
        .expect("the page decodes")
        .reply
    else {
        panic!("the page has data");
    };
    assert_eq!(page.rejected.len(), 1);
    assert_eq!(page.calls.len(), count - 1);
    page
}

/// Writes `calls` in `format` into memory.
pub(crate) fn write(format: &Format, report: &Report, calls: &[Call]) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let mut writer = ReportWriter::new(format, report, &mut out).expect("starts");
    for call in calls {
        writer.write_call(call).expect("writes");
    }
    let summary = writer.finish().expect("finishes");
    (out, summary)
}

/// Writes `pages` in `format` into memory.
pub(crate) fn write_pages(
    format: &Format,
    report: &Report,
    pages: &[CallPage],
) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let summary =
        callreport_formatting::write_pages(format, report, &mut out, pages).expect("writes");
    (out, summary)
}

/// A generated call with its customer name replaced.
pub(crate) fn call_named(name: &str) -> Call {
    let mut call = calls(1).remove(0);
    call.customer_name = Some(name.to_owned());
    call
}
