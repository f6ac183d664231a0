//! CSV: verbatim snapshots, formula neutralising, non-ASCII text, rejected rows, round trips.

mod properties;

use callreport_formatting::{CsvOptions, Format};

use crate::support::{call_named, calls, page_with_rejected_row, report, write, write_pages};

fn csv(options: CsvOptions) -> Format {
    Format::Csv(options)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// Parses CSV back with the csv crate: every record, header included.
pub(crate) fn parse(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("a record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn six_calls_verbatim() {
    let (out, summary) = write(&csv(CsvOptions::new()), &report(), &calls(6));
    assert_eq!(summary.totals.calls, 6);
    let text = text(out);
    // RFC 4180 line ends (the snapshot shows plain newlines).
    assert_eq!(text.matches("\r\n").count(), 7);
    assert_eq!(text.matches('\n').count(), 7);
    insta::assert_snapshot!(text);
}

#[test]
fn chosen_columns_in_the_chosen_order_with_a_bom() {
    let report = report()
        .with_column_names(["amount", "call_id", "talk_time"])
        .unwrap();
    let (out, _) = write(&csv(CsvOptions::new().bom(true)), &report, &calls(3));
    insta::assert_snapshot!(text(out));
}

#[test]
fn formula_like_text_is_neutralised() {
    let names = [
        "=HYPERLINK(\"http://x.invalid\",\"click\")",
        "+1-555",
        "-2+3",
        "@SUM(A1:A9)",
        "\tTabbed",
        "\rReturned",
        "Plain = fine",
    ];
    let calls: Vec<_> = names.iter().map(|name| call_named(name)).collect();
    let report = report()
        .with_column_names(["customer_name", "amount"])
        .unwrap();
    let (out, _) = write(&csv(CsvOptions::new()), &report, &calls);
    let rows = parse(&text(out));
    let shown: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(
        shown,
        [
            "'=HYPERLINK(\"http://x.invalid\",\"click\")",
            "'+1-555",
            "'-2+3",
            "'@SUM(A1:A9)",
            "'\tTabbed",
            "'\rReturned",
            "Plain = fine",
        ]
    );
    // Numbers are not text: a negative amount stays a number.
    let mut refund = call_named("Refund");
    refund.amount = -2.5;
    let (out, _) = write(&csv(CsvOptions::new()), &report, &[refund]);
    assert_eq!(parse(&text(out))[1], ["Refund", "-2.50"]);
}

#[test]
fn non_ascii_names_survive() {
    let names = ["आशा वर्मा", "फ़ातिमा ख़ान", "José Müller", "Zoë 😀"];
    let calls: Vec<_> = names.iter().map(|name| call_named(name)).collect();
    let report = report().with_column_names(["customer_name"]).unwrap();
    let (out, _) = write(&csv(CsvOptions::new().bom(true)), &report, &calls);
    let text = text(out);
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    let rows = parse(text);
    let shown: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(shown, names);
}

#[test]
fn an_empty_report_is_its_header() {
    let (out, summary) = write(&csv(CsvOptions::new()), &report(), &[]);
    assert_eq!(summary.totals.calls, 0);
    insta::assert_snapshot!(text(out));
}

#[test]
fn rejected_rows_are_counted_and_listed_when_asked() {
    let page = page_with_rejected_row(3);
    let report = report()
        .with_column_names(["call_id", "talk_time"])
        .unwrap();
    let (counted, summary) = write_pages(
        &csv(CsvOptions::new()),
        &report,
        std::slice::from_ref(&page),
    );
    assert_eq!((summary.totals.calls, summary.rejected), (2, 1));
    assert!(!summary.rejected_listed);
    assert_eq!(parse(&text(counted)).len(), 3);

    let (listed, summary) = write_pages(
        &csv(CsvOptions::new().rejected_rows(true)),
        &report,
        &[page],
    );
    assert!(summary.rejected_listed);
    let listed = text(listed);
    let rows = parse(&listed);
    assert_eq!(rows[3], ["Rejected rows"]);
    assert_eq!(rows[4], ["Position in page", "Error", "Raw JSON"]);
    assert_eq!(rows[5][0], "1");
    assert!(rows[5][1].starts_with("[1].clId: "), "{}", rows[5][1]);
    assert!(rows[5][2].contains("\"clId\":[]"));
    // The section is set off by an empty line.
    assert!(listed.contains("\r\n\r\nRejected rows\r\n"));
}
