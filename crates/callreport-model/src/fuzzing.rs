//! Entry points for fuzzing: each takes arbitrary bytes through the functions that read
//! untrusted input, and panics only when an invariant of the model breaks.
//!
//! The `cargo fuzz` targets in `fuzz/` call these, and so does the test that replays their
//! committed corpus on stable: both exercise exactly the same code.

use crate::request::reject_unknown;
use crate::{
    CallCount, CallDetail, CallPage, ChangeTitle, CountCalls, CreateExport, DownloadPdf, Endpoint,
    ExportStatus, ExportStatuses, GetCall, GetExport, ListCalls, ListExports, PageHalves,
    PushReport, RawDocument, RawPage, RecordingLocator, Request, Response, ResponseData,
};

/// Decodes `body` as a push report, as JSON and as a form, as the receiver does; the call of a
/// report that decodes must read back unchanged from the document the receiver stores.
///
/// # Panics
/// When a decoded call does not survive its own encoding.
pub fn decode_push_report(body: &[u8]) {
    for content_type in ["application/json", "application/x-www-form-urlencoded"] {
        let Ok(report) = PushReport::decode(Some(content_type), body) else {
            continue;
        };
        let stored = report.call.to_json();
        match crate::Call::from_json(&stored) {
            Ok(again) => assert_eq!(
                again, report.call,
                "a pushed call changed through its stored document: {stored}"
            ),
            Err(error) => {
                panic!("the model cannot read the pushed call it wrote ({error}): {stored}")
            }
        }
    }
}

/// Decodes `body` as the response of every endpoint; whatever decodes must decode again, to the
/// same value, from the body the model writes for it.
///
/// A list page must decode to the same page, or to none, in one pass, row by row or in two
/// halves cut between rows; a body that
/// is one call document to the same call, or to none, whether read field by field or through
/// the wire record.
///
/// # Panics
/// When a decoded response does not survive its own encoding, or the two decoders of a call
/// document disagree.
pub fn decode_response(body: &[u8]) {
    both_decoders_agree(body);
    round_trip::<CallDetail>(body);
    round_trip::<CallPage>(body);
    round_trip::<CallCount>(body);
    round_trip::<ExportStatus>(body);
    round_trip::<ExportStatuses>(body);
    round_trip::<RawPage>(body);
    round_trip::<RawDocument>(body);
}

/// Checks the body as a list page, the body itself and each object under its `data` as a call
/// document.
fn both_decoders_agree(body: &[u8]) {
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let fast = CallPage::decode_fast(text);
    if let Some(fast) = &fast {
        let general = Response::<CallPage>::decode_general(text);
        assert_eq!(
            general.as_ref().ok(),
            Some(fast),
            "the general path decoded the page otherwise: {general:?}"
        );
    }
    halves_agree(text, fast.as_ref());
    agree_on(text);
    if let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str(text) {
        match fields.remove("data") {
            Some(serde_json::Value::Array(items)) => {
                items.iter().for_each(|item| agree_on(&item.to_string()));
            }
            Some(item) => agree_on(&item.to_string()),
            None => {}
        }
    }
}

/// Cuts the body after each of its first 64 `}` and joins the halves: a page they make must be
/// the one-pass decoder's page.
fn halves_agree(text: &str, fast: Option<&Response<CallPage>>) {
    let cuts = text.match_indices('}').map(|(at, _)| at + 1).take(64);
    for cut in cuts {
        let halves = PageHalves::cut_at(text.as_bytes(), cut);
        let (Some(front), Some(back)) = (halves.decode_front(), halves.decode_back()) else {
            continue;
        };
        if let Some(joined) = front.join(back) {
            assert_eq!(
                Some(&joined),
                fast,
                "two halves cut at {cut} made another page than the whole body"
            );
        }
    }
}

fn agree_on(text: &str) {
    let Some(direct) = crate::record::decode_text::<crate::Call>(text) else {
        return;
    };
    let through_wire = crate::Call::through_wire_record(text);
    assert_eq!(
        through_wire.as_ref().ok(),
        Some(&direct),
        "the wire record decoded the document otherwise: {through_wire:?}"
    );
}

fn round_trip<T: ResponseData + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(decoded) = Response::<T>::decode(body) else {
        return;
    };
    let written = decoded.to_bytes();
    match Response::<T>::decode(&written) {
        Ok(again) => assert_eq!(
            again,
            decoded,
            "a decoded response changed through its own encoding: {}",
            String::from_utf8_lossy(&written)
        ),
        Err(error) => panic!(
            "the model cannot read the body it wrote ({error}): {}",
            String::from_utf8_lossy(&written)
        ),
    }
}

/// Reads `body` as the server does for every request type: credentials and parameters, then
/// the strict check that refuses unknown keys. The first line, if it names an endpoint segment,
/// is read as the route's last segment too.
pub fn parse_request(body: &[u8]) {
    strict::<GetCall>(body);
    strict::<ListCalls>(body);
    strict::<CountCalls>(body);
    strict::<CreateExport>(body);
    strict::<GetExport>(body);
    strict::<ListExports>(body);
    strict::<ChangeTitle>(body);
    strict::<DownloadPdf>(body);
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = Endpoint::from_segment(text.lines().next().unwrap_or_default());
    }
}

fn strict<R: Request>(body: &[u8]) {
    if let Ok((_, request)) = R::from_json(body) {
        let _ = reject_unknown(request.extra());
    }
}

/// Reads `bytes` as a recording locator, as a link and as a URL path; a locator that parses
/// must give back its exact text, and its path and link must read back to the same locator.
///
/// # Panics
/// When a parsed locator does not survive its own path, link or text.
pub fn parse_locator(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = RecordingLocator::from_url(text);
    let _ = RecordingLocator::from_path(text);
    let Ok(locator) = RecordingLocator::parse(text) else {
        return;
    };
    assert_eq!(
        locator.to_string_exposed(),
        text,
        "the locator's text changed"
    );
    let from_path = RecordingLocator::from_path(&locator.path());
    assert_eq!(
        from_path.as_ref().ok(),
        Some(&locator),
        "the path reads back"
    );
    let from_url = RecordingLocator::from_url(&locator.url("http://127.0.0.1:8080"));
    assert_eq!(
        from_url.as_ref().ok(),
        Some(&locator),
        "the link reads back"
    );
}
