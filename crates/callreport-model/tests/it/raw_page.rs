//! Pages of stored documents, answered without decoding them.

use callreport_model::{CallPage, RawPage, Reply, Response};
use serde_json::Value;

const PAGE: &str = include_str!("../fixtures/list/every_envelope_key.json");

fn rows() -> Vec<String> {
    let page: Value = serde_json::from_str(PAGE).unwrap();
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect()
}

#[test]
fn spliced_bytes_equal_the_serialized_response() {
    let page = RawPage::new(rows())
        .with_paging(Some(41), Some(1), 1)
        .with_next(Some("kyrnwv1c8ps5zq6jcwaxtzicv".into()));
    let spliced = page.to_bytes();
    assert_eq!(spliced, Response::data(page.clone()).to_bytes());
    let decoded = Response::<CallPage>::decode(&spliced).unwrap();
    let Reply::Data(calls) = decoded.reply else {
        panic!("expected a page")
    };
    assert_eq!(calls.calls.len(), 1);
    assert_eq!(calls.total, Some(41));
    assert_eq!(calls.next.as_deref(), Some("kyrnwv1c8ps5zq6jcwaxtzicv"));
}

#[test]
fn a_last_page_has_no_cursor_and_an_empty_page_is_an_empty_array() {
    let empty = RawPage::new(Vec::new()).with_paging(Some(0), Some(1), 100);
    assert_eq!(
        String::from_utf8(empty.to_bytes()).unwrap(),
        r#"{"data":[],"ttl":0,"pg":1,"lmt":100}"#
    );
}

#[test]
fn a_row_that_is_not_json_fails_the_checked_path_only() {
    let page = RawPage::new(vec!["{broken".into()]);
    assert!(serde_json::to_vec(&Response::data(page.clone()).to_body()).is_ok());
    assert_eq!(
        Response::data(page).to_body().len(),
        0,
        "refused, not half written"
    );
}
