//! The masked call list: customer numbers keep their first two and last two digits, names
//! their initials, wherever the raw document carries them.

use std::collections::BTreeSet;

use callreport_model::{mask_name, mask_number};
use serde_json::Value;

/// Numbers shorter than this are not searched for inside other text.
const SHORTEST_NUMBER: usize = 5;

/// Masks one raw call document: `cNum`, `cNm`, `ctc[].num`, and the numbers inside `api` and the
/// recording locators' file names (`ctcc[].rcrd`, `ctc[].rcrd`).
pub(crate) fn mask_document(raw: &str) -> Result<String, serde_json::Error> {
    let mut document: Value = serde_json::from_str(raw)?;
    let mut numbers = BTreeSet::new();
    if let Some(Value::String(number)) = document.get("cNum") {
        numbers.insert(number.clone());
    }
    for leg in legs(&document, "ctc") {
        if let Some(Value::String(number)) = leg.get("num") {
            numbers.insert(number.clone());
        }
    }
    numbers.retain(|n| n.chars().count() >= SHORTEST_NUMBER);
    let Value::Object(fields) = &mut document else {
        return Ok(raw.to_owned());
    };
    mask_text(fields.get_mut("cNum"), mask_number);
    mask_text(fields.get_mut("cNm"), mask_name);
    mask_text(fields.get_mut("api"), |text| {
        replace_numbers(text, &numbers)
    });
    for key in ["ctc", "ctcc"] {
        if let Some(Value::Array(items)) = fields.get_mut(key) {
            for leg in items.iter_mut().filter_map(Value::as_object_mut) {
                mask_text(leg.get_mut("num"), mask_number);
                mask_text(leg.get_mut("rcrd"), |text| mask_locator(text, &numbers));
            }
        }
    }
    serde_json::to_string(&document)
}

fn legs<'a>(document: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    document
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn mask_text(value: Option<&mut Value>, mask: impl Fn(&str) -> String) {
    if let Some(Value::String(text)) = value {
        *text = mask(text);
    }
}

/// A recording locator with the numbers in its file name masked by `x`: in a locator `*`
/// separates the parts, so a `*` would break it.
fn mask_locator(text: &str, numbers: &BTreeSet<String>) -> String {
    let file_start = text.match_indices('*').nth(5).map_or(0, |(at, _)| at + 1);
    let (head, file) = text.split_at(file_start);
    let file = numbers.iter().fold(file.to_owned(), |file, number| {
        file.replace(number, &mask_number(number).replace('*', "x"))
    });
    format!("{head}{file}")
}

fn replace_numbers(text: &str, numbers: &BTreeSet<String>) -> String {
    numbers.iter().fold(text.to_owned(), |text, number| {
        text.replace(number, &mask_number(number))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::mask_document;

    #[test]
    fn masks_every_place_a_number_or_name_appears() {
        let raw = json!({
            "clId": "c1",
            "cNum": "919000012345",
            "cNm": "Asha Verma",
            "api": "{\"customer\":\"919000012345\"}",
            "ctc": [{"num": "919000012345", "rcrd": "t*mp3*1*2025*11*22*c1_919000012345_x_IBD.mp3"}],
            "ctcc": [{"agt": 24, "rcrd": "t*mp3*1*2025*11*22*c1_919000012345_x_IBD.mp3"}],
            "new": "kept"
        })
        .to_string();
        let masked: Value = serde_json::from_str(&mask_document(&raw).unwrap()).unwrap();
        assert_eq!(masked["cNum"], "91********45");
        assert_eq!(masked["cNm"], "A*** V****");
        assert_eq!(masked["api"], "{\"customer\":\"91********45\"}");
        assert_eq!(masked["ctc"][0]["num"], "91********45");
        assert_eq!(
            masked["ctcc"][0]["rcrd"],
            "t*mp3*1*2025*11*22*c1_91xxxxxxxx45_x_IBD.mp3"
        );
        let locator = masked["ctcc"][0]["rcrd"].as_str().unwrap();
        assert!(
            callreport_model::RecordingLocator::parse(locator).is_ok(),
            "still a locator"
        );
        assert_eq!(masked["new"], "kept");
        assert!(!masked.to_string().contains("919000012345"));
    }
}
