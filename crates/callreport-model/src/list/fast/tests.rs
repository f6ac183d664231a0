//! The one-pass page decoder against the general path: the same page whenever it answers, and
//! an answer for every page in the usual form.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::decode;
use crate::generate::list_body;
use crate::list::CallPage;
use crate::response::{Reply, Response};

fn general(body: &str) -> Option<Response<CallPage>> {
    Response::<CallPage>::decode_general(body).ok()
}

/// Whether the general path read the body as a page in the usual form: data, every row
/// decoded, no key beside the paging keys.
fn usual(response: &Response<CallPage>) -> bool {
    response.extra.is_empty()
        && matches!(&response.reply, Reply::Data(page) if page.rejected.is_empty())
}

/// Envelope values of every kind the paging keys may meet.
fn envelope_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<u32>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[0-9]{0,6}".prop_map(Value::String),
        "[a-zA-Z0-9_=-]{0,12}".prop_map(Value::String),
        Just(json!([1])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn agrees_with_the_general_path(
        seed in any::<u64>(),
        calls in 0_usize..6,
        envelope in proptest::collection::btree_map(
            prop::sample::select(vec!["ttl", "pg", "lmt", "nxt", "status", "code"]),
            envelope_value(),
            0..4,
        ),
        pretty in any::<bool>(),
    ) {
        let mut page: Map<String, Value> =
            serde_json::from_str(&list_body(seed, calls)).expect("a generated page is JSON");
        page.extend(envelope.into_iter().map(|(key, value)| (key.to_owned(), value)));
        let body = if pretty {
            serde_json::to_string_pretty(&page).expect("a page serializes")
        } else {
            Value::Object(page).to_string()
        };
        let expected = general(&body);
        match decode(&body) {
            Some(fast) => prop_assert_eq!(Some(fast), expected),
            None => prop_assert!(
                !expected.as_ref().is_some_and(usual),
                "a page in the usual form was left to the general path: {}", body
            ),
        }
    }
}

#[test]
fn a_generated_page_takes_the_fast_path() {
    let body = list_body(3, 50);
    let fast = decode(&body).expect("the usual page decodes in one pass");
    assert_eq!(fast.reply, general(&body).expect("the page decodes").reply);
}

#[test]
fn a_repeated_key_is_left_to_the_general_path() {
    let body = list_body(3, 2).replacen('{', r#"{"ttl":1,"ttl":2,"#, 1);
    assert!(decode(&body).is_none());
    assert!(general(&body).is_some());
}
