//! A PDF read back as text: the page count, then pages as lines of text in reading order.
//!
//! Text is read the way `pdftotext` reads it: a text object marked with `/ActualText` reads as
//! that text; any other glyph reads as its font's `ToUnicode` entry, and a line of
//! right-to-left glyphs (drawn in visual order) is read from its right end. Text is grouped into
//! lines by baseline and ordered left to right; the page count that the footer draws through a
//! form XObject is read from that XObject.

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
    let mut font: Option<BTreeMap<u8, String>> = None;
    let mut actual: Option<String> = None;
    let mut glyphs: Vec<String> = Vec::new();
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
            "Tf" => {
                font = Some(to_unicode(
                    doc,
                    page,
                    op.operands[0].as_name().expect("a name"),
                ))
            }
            "BDC" => {
                let text = op.operands[1]
                    .as_dict()
                    .ok()
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|t| t.as_str().ok())
                    .map(text_string);
                actual = text;
            }
            "EMC" => actual = None,
            "Tj" | "TJ" => {
                let map = font.as_ref().expect("a font before text");
                let strings: Vec<&Object> = match &op.operands[0] {
                    Object::Array(items) => items.iter().collect(),
                    string => vec![string],
                };
                for string in strings {
                    if let Object::String(bytes, _) = string {
                        for code in bytes {
                            glyphs.push(map.get(code).cloned().unwrap_or_default());
                        }
                    }
                }
            }
            "ET" => {
                let mut text = match actual.take() {
                    Some(text) => text,
                    None if glyphs.iter().any(|g| g.chars().any(right_to_left)) => {
                        glyphs.iter().rev().map(String::as_str).collect()
                    }
                    None => glyphs.concat(),
                };
                glyphs.clear();
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

fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}')
}

/// A PDF text string: UTF-16BE after a byte order mark.
fn text_string(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .strip_prefix(b"\xFE\xFF")
        .expect("UTF-16 text")
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).expect("valid UTF-16")
}

fn resources(doc: &Document, page: ObjectId) -> &lopdf::Dictionary {
    doc.get_dictionary(page)
        .and_then(|page| page.get(b"Resources"))
        .and_then(|r| doc.dereference(r))
        .and_then(|(_, r)| r.as_dict())
        .expect("page resources")
}

/// The `ToUnicode` map of the page's font `name`: one-byte code to text.
fn to_unicode(doc: &Document, page: ObjectId, name: &[u8]) -> BTreeMap<u8, String> {
    let (_, fonts) = doc
        .dereference(resources(doc, page).get(b"Font").expect("fonts"))
        .expect("fonts");
    let (_, font) = doc
        .dereference(
            fonts
                .as_dict()
                .expect("a dictionary")
                .get(name)
                .expect("the font"),
        )
        .expect("the font");
    let (_, cmap) = doc
        .dereference(
            font.as_dict()
                .expect("a font")
                .get(b"ToUnicode")
                .expect("a ToUnicode map"),
        )
        .expect("the map");
    let cmap = cmap
        .as_stream()
        .expect("a stream")
        .decompressed_content()
        .expect("inflates");
    let cmap = String::from_utf8(cmap).expect("an ASCII CMap");
    let mut map = BTreeMap::new();
    let mut inside = false;
    for line in cmap.lines() {
        if line.ends_with("beginbfchar") {
            inside = true;
        } else if line == "endbfchar" {
            inside = false;
        } else if inside {
            let (code, text) = line.split_once(' ').expect("<code> <text>");
            let hex = |s: &str| s.trim_matches(|c| c == '<' || c == '>').to_owned();
            let code = u8::from_str_radix(&hex(code), 16).expect("a one-byte code");
            let text = hex(text);
            let units: Vec<u16> = (0..text.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&text[i..i + 4], 16).expect("hex UTF-16"))
                .collect();
            map.insert(code, String::from_utf16(&units).expect("valid UTF-16"));
        }
    }
    map
}

fn xobject(doc: &Document, page: ObjectId, name: &[u8]) -> Vec<u8> {
    let (_, forms) = doc
        .dereference(resources(doc, page).get(b"XObject").expect("XObjects"))
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
