//! The masked call list: a raw call document with its customer's numbers and name masked
//! wherever the document carries them.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::body_keys::CUSTOM_FIELDS;
use crate::call::CallDocument;
use crate::error::DecodeError;
use crate::mask::{mask_name, mask_number};
use crate::parse::parse_record;
use crate::scalar::Scalar;

/// Numbers shorter than this are not searched for inside other text.
const SHORTEST_NUMBER: usize = 5;
/// Names shorter than this are not searched for inside other text (too many false matches).
const SHORTEST_NAME: usize = 3;

/// Masks one raw call document for `masklist`: the customer number (`cNum`) and the numbers
/// dialled (`ctc[].num`) keep their first two and last two digits, the name (`cNm`) its
/// initials; the same numbers and name are masked inside the originating request (`api`) and
/// the custom call-analysis fields (`cstm`, every text value at any depth), and the numbers in
/// the recordings' file names (`ctcc[].rcrd`, `ctc[].rcrd`, with `x`, since `*` separates a
/// locator's parts). Everything else is kept as it came.
///
/// # Errors
/// [`DecodeError`] when `raw` is not a call document.
///
/// ```
/// let raw = r#"{"clId":"c1","cNum":"919000012345","cNm":"Asha Verma"}"#;
/// let masked = callreport_model::mask_document(raw)?;
/// assert_eq!(masked, r#"{"clId":"c1","cNum":"91********45","cNm":"A*** V****"}"#);
/// # Ok::<(), callreport_model::DecodeError>(())
/// ```
pub fn mask_document(raw: &str) -> Result<String, DecodeError> {
    let mut document: CallDocument<'_> = parse_record(raw)?;
    let mut numbers = BTreeSet::new();
    numbers.extend(text(document.customer_number.as_ref()));
    for leg in document.customer_legs.iter().flatten() {
        numbers.extend(text(leg.number.as_ref()));
    }
    numbers.retain(|number| number.chars().count() >= SHORTEST_NUMBER);
    let name =
        text(document.customer_name.as_ref()).filter(|name| name.chars().count() >= SHORTEST_NAME);
    let hide = |text: &str| {
        let text = replace_numbers(text, &numbers);
        match &name {
            Some(name) => text.replace(name.as_str(), &mask_name(name)),
            None => text,
        }
    };
    mask_text(&mut document.customer_number, mask_number);
    mask_text(&mut document.customer_name, mask_name);
    mask_text(&mut document.originating_request, hide);
    if let Some(fields) = document.extra.remove(CUSTOM_FIELDS) {
        document
            .extra
            .insert(CUSTOM_FIELDS, mask_strings(fields, &hide));
    }
    for leg in document.customer_legs.iter_mut().flatten() {
        mask_text(&mut leg.number, mask_number);
        mask_text(&mut leg.recording, |text| mask_locator(text, &numbers));
    }
    for leg in document.agent_legs.iter_mut().flatten() {
        mask_text(&mut leg.recording, |text| mask_locator(text, &numbers));
    }
    serde_json::to_string(&document).map_err(|error| DecodeError::new("", error.to_string()))
}

fn text(value: Option<&Scalar<'_>>) -> Option<String> {
    value.and_then(Scalar::as_str).map(str::to_owned)
}

fn mask_text(value: &mut Option<Scalar<'_>>, mask: impl Fn(&str) -> String) {
    if let Some(Scalar::Text(text)) = value {
        *text = Cow::Owned(mask(text));
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

/// Every text inside `value`, at any depth, passed through `hide`.
fn mask_strings(value: Value, hide: &impl Fn(&str) -> String) -> Value {
    match value {
        Value::String(text) => Value::String(hide(&text)),
        Value::Array(items) => items.into_iter().map(|v| mask_strings(v, hide)).collect(),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, v)| (key, mask_strings(v, hide)))
                .collect(),
        ),
        other => other,
    }
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
    use crate::recording::RecordingLocator;

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
        assert!(RecordingLocator::parse(locator).is_ok(), "still a locator");
        assert_eq!(masked["new"], "kept");
        assert!(!masked.to_string().contains("919000012345"));
    }

    #[test]
    fn masks_the_name_and_numbers_inside_api_and_cstm() {
        let raw = json!({
            "clId": "c1",
            "cNum": "919000012345",
            "cNm": "Asha Verma",
            "api": "{\"name\":\"Asha Verma\",\"alt\":\"919000012345\"}",
            "cstm": {
                "note": "called Asha Verma back on 919000012345",
                "nested": {"who": ["Asha Verma", 7]},
                "disposition": "sale"
            }
        })
        .to_string();
        let masked: Value = serde_json::from_str(&mask_document(&raw).unwrap()).unwrap();
        assert_eq!(
            masked["api"],
            "{\"name\":\"A*** V****\",\"alt\":\"91********45\"}"
        );
        assert_eq!(
            masked["cstm"]["note"],
            "called A*** V**** back on 91********45"
        );
        assert_eq!(masked["cstm"]["nested"]["who"], json!(["A*** V****", 7]));
        assert_eq!(masked["cstm"]["disposition"], "sale");
        let text = masked.to_string();
        assert!(
            !text.contains("919000012345") && !text.contains("Asha Verma"),
            "{text}"
        );
    }

    #[test]
    fn refuses_what_is_not_a_document() {
        assert!(mask_document("[1]").is_err());
    }
}
