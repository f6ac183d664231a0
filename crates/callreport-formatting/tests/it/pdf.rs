//! PDF: read back with lopdf; page 1, the last page, page numbers, fonts, names in every
//! script, and replacements.

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

/// `(BaseFont, FontFile2 bytes)` of every font the document embeds, sorted by name.
fn embedded_fonts(out: &[u8]) -> Vec<(String, usize)> {
    let doc = document(out);
    let mut fonts: Vec<(String, usize)> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| {
            dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Type0".as_slice())
        })
        .map(|dict| {
            let encoding = doc.dereference(dict.get(b"Encoding").unwrap()).unwrap().1;
            let encoding = encoding
                .as_stream()
                .unwrap()
                .decompressed_content()
                .unwrap();
            assert!(
                String::from_utf8(encoding).unwrap().contains("<00> <FF>"),
                "one-byte codes"
            );
            assert!(
                dict.get(b"ToUnicode").is_ok(),
                "every font maps its glyphs to text"
            );
            let descendant = doc
                .dereference(&dict.get(b"DescendantFonts").unwrap().as_array().unwrap()[0])
                .unwrap()
                .1
                .as_dict()
                .unwrap();
            let descriptor = doc
                .dereference(descendant.get(b"FontDescriptor").unwrap())
                .unwrap()
                .1
                .as_dict()
                .unwrap();
            let file = doc
                .dereference(descriptor.get(b"FontFile2").unwrap())
                .unwrap()
                .1
                .as_stream()
                .unwrap();
            let name = String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap());
            let (tag, name) = name.split_once('+').expect("a subset tag");
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "{tag}"
            );
            (name.to_owned(), file.decompressed_content().unwrap().len())
        })
        .collect();
    fonts.sort();
    fonts
}

#[test]
fn only_the_fonts_drawn_with_are_embedded_as_small_subsets() {
    let latin: Vec<_> = calls(60)
        .into_iter()
        .map(|mut call| {
            call.customer_name = Some("Asha Verma".to_owned());
            call
        })
        .collect();
    let (out, _) = write(&pdf(), &report(), &latin);
    let fonts = embedded_fonts(&out);
    let names: Vec<&str> = fonts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["NotoSans-Bold", "NotoSans-Regular"]);
    // The bundled Latin fonts are 82 KB each; their subsets hold a few dozen glyphs.
    assert!(fonts.iter().all(|(_, bytes)| *bytes < 20_000), "{fonts:?}");

    let (out, _) = write(&pdf(), &report(), &[call_named("\u{0906}\u{0936}\u{093E}")]);
    let names: Vec<String> = embedded_fonts(&out)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        [
            "NotoSans-Bold",
            "NotoSans-Regular",
            "NotoSansDevanagari-Regular"
        ]
    );
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
    let units: Vec<u16> = title[2..]
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    assert_eq!(&title[..2], b"\xFE\xFF");
    assert_eq!(String::from_utf16(&units).unwrap(), "Café calls (Q4)");
}

#[test]
fn characters_no_font_has_are_replaced_visibly_and_counted() {
    let calls = [
        call_named("आशा वर्मा"),
        call_named("José Müller"),
        call_named("Zoë 😀"),
        call_named("文 😀"),
    ];
    let report = Report::new("नाम / Names")
        .with_column_names(["customer_name"])
        .unwrap();
    let (out, summary) = write(&pdf(), &report, &calls);
    // Only the emoji and the Han character are in none of the fonts.
    assert_eq!(summary.replaced_characters, 3);
    let text = dump(&out, &[1]);
    for shown in ["आशा वर्मा", "José Müller", "Zoë ?", "? ?", "नाम / Names"]
    {
        assert!(text.lines().any(|l| l == shown), "{shown} in {text}");
    }
    assert!(text.contains("Characters no font can draw, shown as '?': 3"));
}

/// A name in each script the bundled fonts draw, with what makes each hard: conjuncts,
/// vowel signs drawn before their consonant, reph, nukta, joining and right to left.
const NAMES: [&str; 14] = [
    "Asha Verma",
    "José Müller",
    "प्रिया क्षत्रिय",
    "फ़ातिमा ख़ान",
    "অর্পিতা বন্দ্যোপাধ্যায়",
    "ધ્રુવ પટેલ",
    "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
    "ସୁଭଦ୍ରା ମହାନ୍ତି",
    "கார்த்திக் ராஜா",
    "శ్రీనివాస్ రెడ్డి",
    "ಲಕ್ಷ್ಮಿ ಗೌಡ",
    "അനിൽ മേനോൻ",
    "عمران قریشی",
    "Priya प्रिया ₹",
];

#[test]
fn names_in_every_script_read_back_as_written() {
    let calls: Vec<_> = NAMES.iter().map(|name| call_named(name)).collect();
    let report = report().with_column_names(["customer_name"]).unwrap();
    let (out, summary) = write(&pdf(), &report, &calls);
    assert_eq!(summary.replaced_characters, 0);
    let text = dump(&out, &[1]);
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| *l == "Customer name").unwrap();
    assert_eq!(lines[header + 1..header + 1 + NAMES.len()], NAMES);
    insta::assert_snapshot!(text);
    let names: Vec<String> = embedded_fonts(&out)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names.len(), 12, "{names:?}");
}

#[test]
fn a_font_given_by_the_caller_is_tried_first() {
    // Noto Sans Devanagari also has Latin letters: given first, it draws them.
    let devanagari: &[u8] = include_bytes!("../../fonts/NotoSansDevanagari-Regular.ttf");
    let options = PdfOptions::new().font(devanagari.to_vec()).unwrap();
    let report = Report::new("Names")
        .with_column_names(["customer_name"])
        .unwrap();
    let (out, _) = write(&Format::Pdf(options), &report, &[call_named("आशा Verma")]);
    let text = dump(&out, &[1]);
    assert!(text.lines().any(|l| l == "आशा Verma"), "{text}");
    // The caller's copy draws the name; the bundled one is not embedded.
    let names: Vec<String> = embedded_fonts(&out)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let devanagari = names
        .iter()
        .filter(|n| *n == "NotoSansDevanagari-Regular")
        .count();
    assert_eq!(devanagari, 1, "{names:?}");

    let error = PdfOptions::new().font(b"not a font".to_vec()).unwrap_err();
    assert!(matches!(
        error,
        callreport_formatting::Error::UnusableFont { position: 0 }
    ));
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

/// Latin names only, as before the fonts were embedded.
const LATIN: [&str; 8] = [
    "Asha Verma",
    "Rahul Sharma",
    "Priya Nair",
    "Anil Kumar",
    "Meera Iyer",
    "Sunil Yadav",
    "Fatima Khan",
    "Gurpreet Singh",
];

#[test]
fn pure_latin_reports_are_barely_larger_than_with_the_built_in_fonts() {
    // One byte per glyph, as before; Tf only where the font changes. Sizes of the same reports from the Helvetica-only writer (commit 8f35f5e): rows, bytes.
    const BEFORE: [(usize, usize); 4] =
        [(1, 1805), (50, 6947), (1000, 106_401), (10_000, 1_050_592)];
    for (rows, before) in BEFORE {
        let calls: Vec<_> = calls(rows)
            .into_iter()
            .enumerate()
            .map(|(i, mut call)| {
                call.customer_name = Some(LATIN[i % LATIN.len()].to_owned());
                call
            })
            .collect();
        let (out, _) = write(&pdf(), &report(), &calls);
        // The margin: the two Latin subsets with their maps (about 11 KB at any size), and
        // 2 % for the rest. Measured: +11.4 KB at 1 row, +1.0 % at 10,000 rows.
        assert!(
            out.len() <= before + before / 50 + 16_000,
            "{rows} rows: {} bytes, {before} before",
            out.len()
        );
    }
}
