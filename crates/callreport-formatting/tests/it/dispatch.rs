//! Choosing formats and columns by name, and the helpers over iterators.

use callreport_formatting::{Column, Error, Format, Report, write_calls, write_pages};

use crate::support::{calls, page_with_rejected_row, report};

#[test]
fn formats_by_name() {
    for name in Format::NAMES {
        assert_eq!(name.parse::<Format>().unwrap().name(), *name);
    }
    assert_eq!("TXT".parse::<Format>().unwrap().extension(), "txt");
    assert_eq!(
        "docx".parse::<Format>().unwrap_err().to_string(),
        "unknown report format `docx`; valid formats are: csv, xlsx, pdf, text, jsonl"
    );
}

#[test]
fn columns_by_name_and_unknown_names_listing_the_valid_ones() {
    let report = Report::new("x")
        .with_column_names(["talk_time", " call_id "])
        .unwrap();
    let chosen: Vec<Column> = report.columns().iter().map(|c| c.column()).collect();
    assert_eq!(chosen, [Column::TalkTime, Column::CallId]);
    let error = Report::new("x").with_column_names(["talk"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown column `talk`; valid columns are: call_id, started_at, call_type, status, \
         customer_number, customer_name, first_agent, queue_time, talk_time, \
         agent_on_call_time, amount, legs, recording_url"
    );
    assert!(matches!(
        Report::new("x").with_column_names(Vec::<&str>::new()),
        Err(Error::NoColumns)
    ));
}

#[test]
fn a_report_without_columns_is_refused_by_every_writer() {
    let empty = Report::new("x").with_columns([]);
    for name in ["csv", "xlsx", "pdf", "text"] {
        let format: Format = name.parse().unwrap();
        let error = write_calls(&format, &empty, Vec::new(), calls(1)).unwrap_err();
        assert!(matches!(error, Error::NoColumns), "{name}: {error}");
    }
}

#[test]
fn every_format_counts_rejected_rows_and_totals() {
    let pages = [page_with_rejected_row(5), page_with_rejected_row(3)];
    let expected_talk: std::time::Duration = pages
        .iter()
        .flat_map(|p| &p.calls)
        .map(|c| c.durations.customer)
        .sum();
    for name in Format::NAMES {
        let format: Format = name.parse().unwrap();
        let summary = write_pages(&format, &report(), Vec::new(), &pages).unwrap();
        assert_eq!((summary.totals.calls, summary.rejected), (6, 2), "{name}");
        assert_eq!(summary.totals.talk, expected_talk, "{name}");
    }
}
