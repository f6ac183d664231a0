//! xlsx: read back with calamine (typed cells, sheets) and from the sheet XML (panes, filters).

use callreport_formatting::{
    DurationCells, EXCEL_MAX_HYPERLINKS, EXCEL_MAX_ROWS, Format, XlsxOptions,
};

use crate::support::xlsx_dump::{attribute, dump, sheet_xml};
use crate::support::{call_named, calls, page_with_rejected_row, report, write, write_pages};

fn xlsx(options: XlsxOptions) -> Format {
    Format::Xlsx(options)
}

#[test]
fn six_calls_typed_with_a_frozen_header_filter_and_totals() {
    let (out, summary) = write(&xlsx(XlsxOptions::new()), &report(), &calls(6));
    assert_eq!((summary.totals.calls, summary.sheets), (6, 1));
    insta::assert_snapshot!(dump(&out));
}

#[test]
fn header_is_bold() {
    let (out, _) = write(&xlsx(XlsxOptions::new()), &report(), &calls(1));
    let xml = sheet_xml(&out, 1);
    let header_style = attribute(&xml, "<c r=\"A1\"", "s");
    let body_style = attribute(&xml, "<c r=\"A2\"", "s");
    assert_ne!(header_style, "none");
    assert_ne!(header_style, body_style);
}

#[test]
fn excel_limits_by_default_smaller_limits_on_request() {
    let options = XlsxOptions::new();
    assert_eq!(options.sheet_row_limit, 1_048_576);
    assert_eq!(options.hyperlink_limit, 65_530);
    assert!(!options.links);
    // Limits beyond Excel's, or too small to hold a call, are brought back within bounds.
    let options = XlsxOptions::new()
        .sheet_row_limit(EXCEL_MAX_ROWS + 1)
        .hyperlink_limit(EXCEL_MAX_HYPERLINKS + 1);
    assert_eq!(options.sheet_row_limit, EXCEL_MAX_ROWS);
    assert_eq!(options.hyperlink_limit, EXCEL_MAX_HYPERLINKS);
    assert_eq!(XlsxOptions::new().sheet_row_limit(1).sheet_row_limit, 3);
}

#[test]
fn a_full_sheet_rolls_over_to_a_new_one() {
    // Five rows a sheet: the header and four calls; the totals row needs room too.
    let report = report()
        .with_column_names(["call_id", "talk_time", "amount"])
        .unwrap();
    let options = XlsxOptions::new().sheet_row_limit(5);
    let (out, summary) = write(&xlsx(options.clone()), &report, &calls(10));
    assert_eq!((summary.totals.calls, summary.sheets), (10, 3));
    insta::assert_snapshot!(dump(&out));

    // Exactly full: the totals row opens a sheet of its own.
    let (out, summary) = write(&xlsx(options), &report, &calls(8));
    assert_eq!(summary.sheets, 3);
    let dumped = dump(&out);
    let last = &dumped[dumped.rfind("== sheet").unwrap()..];
    assert!(last.starts_with("== sheet \"Calls 3\""), "{last}");
    assert!(last.contains("1: s \"Total (8 calls)\""), "{last}");
}

#[test]
fn links_only_when_asked_and_within_the_limit() {
    let report = report().with_column_names(["recording_url"]).unwrap();
    let calls = calls(40);
    let recorded = calls
        .iter()
        .filter(|c| c.recordings().next().is_some())
        .count() as u64;
    assert!(recorded > 3);

    let (out, summary) = write(&xlsx(XlsxOptions::new()), &report, &calls);
    assert!(!sheet_xml(&out, 1).contains("<hyperlink "));
    assert_eq!(summary.unlinked_urls, 0);

    let options = XlsxOptions::new().links(true).hyperlink_limit(3);
    let (out, summary) = write(&xlsx(options), &report, &calls);
    assert_eq!(sheet_xml(&out, 1).matches("<hyperlink ").count(), 3);
    assert_eq!(summary.unlinked_urls, recorded - 3);
    // Linked or not, every URL reads back as the same text.
    let dumped = dump(&out);
    assert_eq!(
        dumped
            .matches("s \"https://v4-api.deepcall.com/api/v2/recording/")
            .count() as u64,
        recorded
    );
}

#[test]
fn durations_as_seconds_when_asked() {
    let report = report().with_column_names(["talk_time"]).unwrap();
    let calls = calls(2);
    let options = XlsxOptions::new().durations(DurationCells::Seconds);
    let dumped = dump(&write(&xlsx(options), &report, &calls).0);
    let talk = calls[1].durations.customer.as_secs();
    assert!(dumped.contains(&format!("2: n {talk}\n")), "{dumped}");
}

#[test]
fn non_ascii_names_survive() {
    let names = ["आशा वर्मा", "फ़ातिमा ख़ान", "José Müller", "Zoë 😀"];
    let calls: Vec<_> = names.iter().map(|name| call_named(name)).collect();
    let report = report().with_column_names(["customer_name"]).unwrap();
    let dumped = dump(&write(&xlsx(XlsxOptions::new()), &report, &calls).0);
    for (row, name) in names.iter().enumerate() {
        assert!(
            dumped.contains(&format!("{}: s {name:?}\n", row + 1)),
            "{dumped}"
        );
    }
}

#[test]
fn an_empty_report_has_its_header_and_a_zero_total() {
    let (out, summary) = write(&xlsx(XlsxOptions::new()), &report(), &[]);
    assert_eq!(summary.sheets, 1);
    insta::assert_snapshot!(dump(&out));
}

#[test]
fn rejected_rows_get_a_sheet_when_asked() {
    let page = page_with_rejected_row(3);
    let report = report().with_column_names(["call_id", "amount"]).unwrap();
    let (out, summary) = write_pages(
        &xlsx(XlsxOptions::new()),
        &report,
        std::slice::from_ref(&page),
    );
    assert_eq!((summary.rejected, summary.rejected_listed), (1, false));
    assert!(!dump(&out).contains("Rejected rows"));

    let options = XlsxOptions::new().rejected_sheet(true);
    let (out, summary) = write_pages(&xlsx(options), &report, &[page]);
    assert_eq!((summary.totals.calls, summary.rejected), (2, 1));
    assert!(summary.rejected_listed);
    let dumped = dump(&out);
    let rejected = &dumped[dumped
        .find("== sheet \"Rejected rows\"")
        .expect("the sheet")..];
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines[1..3], ["frozen: above A2", "autofilter: A1:C2"]);
    assert_eq!(
        lines[3],
        "0: s \"Position in page\" | s \"Error\" | s \"Raw JSON\""
    );
    assert!(
        lines[4].starts_with("1: n 1 | s \"[1].clId: "),
        "{}",
        lines[4]
    );
}
