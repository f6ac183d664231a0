//! A workbook read back as text: per sheet, its name, frozen pane, autofilter and typed cells.

use std::fmt::Write as _;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// Every sheet, in order, as lines of `row: type value | type value …`.
pub(crate) fn dump(bytes: &[u8]) -> String {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an xlsx file");
    let mut out = String::new();
    for (position, name) in workbook.sheet_names().iter().enumerate() {
        let xml = sheet_xml(bytes, position + 1);
        writeln!(out, "== sheet {name:?}").unwrap();
        writeln!(out, "frozen: {}", frozen_pane(&xml)).unwrap();
        writeln!(
            out,
            "autofilter: {}",
            attribute(&xml, "<autoFilter ", "ref")
        )
        .unwrap();
        let range = workbook.worksheet_range(name).expect("the sheet reads");
        for (row, cells) in range.rows().enumerate() {
            let cells: Vec<String> = cells.iter().map(cell).collect();
            writeln!(out, "{row}: {}", cells.join(" | ")).unwrap();
        }
    }
    out
}

fn cell(data: &Data) -> String {
    match data {
        Data::String(text) => format!("s {text:?}"),
        Data::Float(number) => format!("n {number}"),
        Data::Int(number) => format!("n {number}"),
        Data::DateTime(at) if at.is_duration() => {
            let seconds = (at.as_f64() * 86_400.0).round() as u64;
            format!(
                "time {}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            )
        }
        Data::DateTime(at) => {
            // Days since Excel's epoch, to the nearest second.
            let seconds = (at.as_f64() * 86_400.0).round() as i64;
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            let local = epoch + chrono::Duration::seconds(seconds);
            format!("date {}", local.format("%Y-%m-%d %H:%M:%S"))
        }
        Data::Empty => "-".to_owned(),
        other => format!("{other:?}"),
    }
}

/// The XML of the `n`-th worksheet.
pub(crate) fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
    let mut file = archive
        .by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .expect("the sheet is there");
    let mut xml = String::new();
    file.read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

fn frozen_pane(xml: &str) -> String {
    if attribute(xml, "<pane ", "state") == "frozen" {
        format!("above {}", attribute(xml, "<pane ", "topLeftCell"))
    } else {
        "none".to_owned()
    }
}

/// The value of `name` in the first element starting with `tag`, or `none`.
pub(crate) fn attribute(xml: &str, tag: &str, name: &str) -> String {
    let Some(start) = xml.find(tag) else {
        return "none".to_owned();
    };
    let element = &xml[start..start + xml[start..].find('>').unwrap_or(0)];
    let key = format!(" {name}=\"");
    element
        .find(&key)
        .map(|at| {
            let value = &element[at + key.len()..];
            value[..value.find('"').unwrap_or(0)].to_owned()
        })
        .unwrap_or_else(|| "none".to_owned())
}
