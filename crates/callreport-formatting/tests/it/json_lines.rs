//! JSON lines: one canonical domain call per line.

use callreport_formatting::Format;

use crate::support::{call_named, calls, page_with_rejected_row, report, write, write_pages};

#[test]
fn one_canonical_call_per_line() {
    let calls = calls(20);
    let (out, summary) = write(&Format::JsonLines, &report(), &calls);
    assert_eq!(summary.totals.calls, 20);
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 20);
    for (line, call) in lines.iter().zip(&calls) {
        assert_eq!(*line, serde_json::to_string(call).unwrap());
    }
}

#[test]
fn non_ascii_names_survive() {
    let call = call_named("आशा वर्मा 😀");
    let (out, _) = write(&Format::JsonLines, &report(), &[call]);
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["customer_name"], "आशा वर्मा 😀");
}

#[test]
fn an_empty_report_is_empty_and_rejected_rows_are_counted() {
    let (out, _) = write(&Format::JsonLines, &report(), &[]);
    assert!(out.is_empty());
    let (out, summary) = write_pages(&Format::JsonLines, &report(), &[page_with_rejected_row(3)]);
    assert_eq!((summary.totals.calls, summary.rejected), (2, 1));
    assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 2);
}
