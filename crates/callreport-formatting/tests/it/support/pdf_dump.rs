//! A PDF read back as text: the page count, then pages as lines of text in reading order.
//!
//! Text is grouped into lines by baseline and ordered left to right; the page count that the
//! footer draws through a form XObject is read from that XObject.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

pub(crate) fn document(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("a PDF that lopdf reads")
}

/// Page count, then the text of the given pages (1-based).
pub(crate) fn dump(bytes: &[u8], pages: &[u32]) -> String {
    let doc = document(bytes);
    let all = doc.get_pages();
    let mut out = format!("pages: {}\n", all.len());
    for number in pages {
        writeln!(out, "== page {number}").unwrap();
        for line in page_lines(&doc, all[number]) {
            writeln!(out, "{line}").unwrap();
        }
    }
    out
}

/// The lines of text of a page, top to bottom, cells joined with ` | `.
pub(crate) fn page_lines(doc: &Document, page: ObjectId) -> Vec<String> {
    let mut placed: Vec<(i64, i64, String)> = Vec::new();
    collect(doc, page, &doc.get_page_content(page), None, &mut placed);
    let mut lines: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for (x, y, text) in placed {
        lines.entry(-y).or_default().push((x, text));
    }
    lines
        .into_values()
        .map(|mut cells| {
            cells.sort();
            let mut line = String::new();
            for (_, text) in cells {
                match text.strip_prefix(CONTINUED) {
                    Some(rest) => line.push_str(rest),
                    None => {
                        if !line.is_empty() {
                            line.push_str(" | ");
                        }
                        line.push_str(&text);
                    }
                }
            }
            line
        })
        .collect()
}

/// Marks text drawn by a form XObject: it continues the text before it (the page count).
const CONTINUED: char = '\u{1}';

fn collect(
    doc: &Document,
    page: ObjectId,
    content: &[u8],
    form_origin: Option<(f32, f32)>,
    placed: &mut Vec<(i64, i64, String)>,
) {
    let content = Content::decode(content).expect("a content stream");
    let origin = form_origin.unwrap_or((0.0, 0.0));
    let mut at = origin;
    let mut moved = origin;
    for op in content.operations {
        let numbers: Vec<f32> = op
            .operands
            .iter()
            .filter_map(|o| o.as_float().ok())
            .collect();
        match op.operator.as_str() {
            "Tm" => at = (origin.0 + numbers[4], origin.1 + numbers[5]),
            "Td" => at = (at.0 + numbers[0], at.1 + numbers[1]),
            "cm" => moved = (numbers[4], numbers[5]),
            "Tj" => {
                let Object::String(bytes, _) = &op.operands[0] else {
                    panic!("Tj takes a string")
                };
                let mut text = win_ansi(bytes);
                if form_origin.is_some() {
                    text.insert(0, CONTINUED);
                }
                placed.push((at.0.round() as i64, at.1.round() as i64, text));
            }
            "Do" => {
                let form = xobject(doc, page, op.operands[0].as_name().expect("a name"));
                collect(doc, page, &form, Some(moved), placed);
            }
            _ => {}
        }
    }
}

fn xobject(doc: &Document, page: ObjectId, name: &[u8]) -> Vec<u8> {
    let resources = doc
        .get_dictionary(page)
        .and_then(|page| page.get(b"Resources"))
        .and_then(|r| doc.dereference(r))
        .and_then(|(_, r)| r.as_dict())
        .expect("page resources");
    let (_, forms) = doc
        .dereference(resources.get(b"XObject").expect("XObjects"))
        .expect("XObjects");
    let (_, form) = doc
        .dereference(
            forms
                .as_dict()
                .expect("a dictionary")
                .get(name)
                .expect("the form"),
        )
        .expect("the form");
    form.as_stream()
        .expect("a stream")
        .decompressed_content()
        .expect("inflates")
}

/// WinAnsi (Windows-1252) bytes as text.
fn win_ansi(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            other => char::from(other),
        })
        .collect()
}
