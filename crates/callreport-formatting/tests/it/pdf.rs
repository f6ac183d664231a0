//! PDF: read back with lopdf; page 1, the last page, page numbers, fonts and replacements.

use callreport_formatting::{Format, PdfOptions, Report};

use crate::support::pdf_dump::{document, dump, page_lines};
use crate::support::{call_named, calls, page_with_rejected_row, report, write, write_pages};

fn pdf() -> Format {
    Format::Pdf(PdfOptions::new())
}

#[test]
fn first_and_last_page_of_a_three_page_report() {
    let (out, summary) = write(&pdf(), &report(), &calls(120));
    assert_eq!(summary.pages, 3);
    insta::assert_snapshot!(dump(&out, &[1, 3]));
}

#[test]
fn every_page_has_the_header_and_its_number_of_the_total() {
    let (out, summary) = write(&pdf(), &report(), &calls(400));
    let doc = document(&out);
    let pages = doc.get_pages();
    assert_eq!(pages.len() as u64, summary.pages);
    assert!(summary.pages >= 8);
    for (number, page) in &pages {
        let lines = page_lines(&doc, *page);
        let footer = lines.last().expect("a footer");
        assert!(
            footer.ends_with(&format!("Page {number} of {}", pages.len())),
            "{footer}"
        );
        let header = lines
            .iter()
            .position(|l| l.starts_with("Call ID | Date and time (IST)"));
        if u64::from(*number) < summary.pages {
            assert!(header.is_some(), "page {number}: {lines:?}");
        }
    }
}

#[test]
fn only_built_in_fonts() {
    let (out, _) = write(&pdf(), &report(), &calls(3));
    let doc = document(&out);
    let mut fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font".as_slice()))
        .map(|dict| {
            assert!(dict.get(b"FontFile").is_err() && dict.get(b"FontDescriptor").is_err());
            String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned()
        })
        .collect();
    fonts.sort();
    assert_eq!(fonts, ["Helvetica", "Helvetica-Bold"]);
}

#[test]
fn the_title_is_in_the_document_information() {
    let report = Report::new("Café calls (Q4)")
        .with_column_names(["call_id"])
        .unwrap();
    let (out, _) = write(&pdf(), &report, &calls(1));
    let doc = document(&out);
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.dereference(i))
        .unwrap()
        .1;
    let title = info
        .as_dict()
        .unwrap()
        .get(b"Title")
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(title, b"Caf\xe9 calls (Q4)");
}

#[test]
fn characters_the_fonts_lack_are_replaced_visibly_and_counted() {
    let calls = [
        call_named("आशा वर्मा"),
        call_named("José Müller"),
        call_named("Zoë 😀"),
    ];
    let report = Report::new("नाम / Names")
        .with_column_names(["customer_name"])
        .unwrap();
    let (out, summary) = write(&pdf(), &report, &calls);
    // आशा वर्मा is 9 characters, 8 of them Devanagari; the title has 3; the emoji 1.
    assert_eq!(summary.replaced_characters, 8 + 3 + 1);
    let text = dump(&out, &[1]);
    for shown in ["??? ?????", "José Müller", "Zoë ?", "??? / Names"] {
        assert!(text.contains(shown), "{shown} in {text}");
    }
    assert!(text.contains("Characters the built-in fonts cannot draw, shown as '?': 12"));
}

#[test]
fn long_values_are_cut_with_an_ellipsis() {
    let long = "Customer with an extremely long name that cannot fit in its column at all";
    let (out, _) = write(&pdf(), &report(), &[call_named(long)]);
    let text = dump(&out, &[1]);
    let row = text
        .lines()
        .find(|l| l.contains("Customer with"))
        .expect("the row");
    let cell = row
        .split(" | ")
        .find(|c| c.starts_with("Customer with"))
        .unwrap();
    assert!(cell.ends_with('…') && cell.len() < long.len(), "{cell}");
    assert!(
        row.contains("https://v4-api.deepcall.com/api/v2/recording/") || !row.contains("https")
    );
}

#[test]
fn an_empty_report_is_one_page_with_totals() {
    let (out, summary) = write(&pdf(), &report(), &[]);
    assert_eq!(summary.pages, 1);
    insta::assert_snapshot!(dump(&out, &[1]));
}

#[test]
fn rejected_rows_are_counted_in_the_totals_block() {
    let (out, summary) = write_pages(&pdf(), &report(), &[page_with_rejected_row(4)]);
    assert_eq!((summary.totals.calls, summary.rejected), (3, 1));
    assert!(dump(&out, &[1]).contains("Rejected rows (not shown): 1"));
}
