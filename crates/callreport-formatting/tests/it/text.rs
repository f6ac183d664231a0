//! Text tables: verbatim snapshots, widths, non-ASCII text, rejected rows.

use callreport_formatting::{Format, TextOptions};
use unicode_width::UnicodeWidthStr;

use crate::support::{call_named, calls, page_with_rejected_row, report, write, write_pages};

fn text(options: TextOptions) -> Format {
    Format::Text(options)
}

fn string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn six_calls_verbatim() {
    let (out, _) = write(&text(TextOptions::new()), &report(), &calls(6));
    insta::assert_snapshot!(string(out));
}

#[test]
fn narrowed_to_a_terminal_width() {
    let (out, _) = write(
        &text(TextOptions::new().max_width(160)),
        &report(),
        &calls(6),
    );
    let out = string(out);
    let table: Vec<&str> = out.lines().skip(4).take(8).collect();
    assert!(table.iter().all(|line| line.width() <= 160), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn non_ascii_names_stay_aligned() {
    let names = [
        "आशा वर्मा",
        "फ़ातिमा ख़ान",
        "José Müller",
        "日本語の名前",
        "অর্পিতা বন্দ্যোপাধ্যায়",
        "கார்த்திக் ராஜா",
        "ಲಕ್ಷ್ಮಿ ಗೌಡ",
        "عمران قریشی",
    ];
    let calls: Vec<_> = names.iter().map(|name| call_named(name)).collect();
    let report = report()
        .with_column_names(["customer_name", "amount"])
        .unwrap();
    let out = string(write(&text(TextOptions::new()), &report, &calls).0);
    let rows: Vec<&str> = out.lines().skip(6).take(names.len()).collect();
    for (row, name) in rows.iter().zip(names) {
        assert!(row.starts_with(name), "{row}");
        // The amount column starts at the same display column on every row.
        assert_eq!(row.width(), rows[0].width(), "{out}");
    }
}

#[test]
fn an_empty_report_has_its_header_and_zero_totals() {
    let (out, _) = write(&text(TextOptions::new()), &report(), &[]);
    insta::assert_snapshot!(string(out));
}

#[test]
fn rejected_rows_are_counted() {
    let report = report().with_column_names(["call_id"]).unwrap();
    let (out, summary) = write_pages(
        &text(TextOptions::new()),
        &report,
        &[page_with_rejected_row(3)],
    );
    assert_eq!(summary.rejected, 1);
    assert!(string(out).ends_with("Rejected rows (not shown): 1\n"));
}
