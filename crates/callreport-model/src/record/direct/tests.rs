//! The direct decoder against the wire record's: the same value for every document, and a give-up
//! wherever the wire record reports an error.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::decode_text;
use crate::call::Call;
use crate::generate::Generator;

/// The previous decoder: parse the wire record, then convert it.
fn through_wire_record(json: &str) -> Option<Call> {
    Call::through_wire_record(json).ok()
}

fn generated(seed: u64) -> Value {
    let call = Generator::new(seed)
        .next()
        .expect("the generator never ends");
    serde_json::from_str(&call.to_json()).expect("a generated call is JSON")
}

/// Values that land on every branch of the codecs: unusual spellings of numbers, times and
/// dates as well as values of the wrong kind.
fn damage() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6..1.0e6_f64).prop_map(Value::from),
        "[0-9]{0,4}".prop_map(Value::String),
        "[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}( (am|pm|AM|PM))?".prop_map(Value::String),
        "[0-9]{1,2}/([0-9]{1,2}|Nov|nov)/[0-9]{2,4}".prop_map(Value::String),
        "[a-zA-Z0-9*_.-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z]{1,6}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every object key of a document, as a path of keys and array indexes.
fn key_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    prefix.push(Step::Key(key.clone()));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    prefix.push(Step::Index(index));
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get_mut(key.as_str()),
        Step::Index(index) => value.get_mut(*index),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn both_decoders_agree_on_generated_calls(seed in any::<u64>()) {
        let json = generated(seed).to_string();
        let direct = decode_text::<Call>(&json);
        prop_assert!(direct.is_some(), "a generated call decodes directly");
        prop_assert_eq!(direct, through_wire_record(&json));
    }

    #[test]
    fn both_decoders_agree_on_damaged_calls(
        seed in any::<u64>(),
        pick in any::<prop::sample::Index>(),
        replace in any::<bool>(),
        value in damage(),
    ) {
        let mut document = generated(seed);
        let paths = key_paths(&document);
        let path = pick.get(&paths);
        if replace {
            *at_mut(&mut document, path).expect("the path was read from the document") = value;
        } else if let (Some(Step::Key(key)), Some(parent)) =
            (path.last(), at_mut(&mut document, &path[..path.len() - 1]))
        {
            parent.as_object_mut().expect("a key's parent is an object").remove(key);
        }
        let json = document.to_string();
        prop_assert_eq!(decode_text::<Call>(&json), through_wire_record(&json));
    }

    #[test]
    fn both_decoders_agree_on_unknown_keys(seed in any::<u64>(), key in "[a-z]{1,8}", value in damage()) {
        let mut document = generated(seed);
        document.as_object_mut().expect("a call is an object").insert(key, value);
        let json = document.to_string();
        prop_assert_eq!(decode_text::<Call>(&json), through_wire_record(&json));
    }
}

#[test]
fn a_key_given_twice_is_left_to_the_wire_record() {
    let document = generated(7).to_string();
    let twice = document.replacen('{', r#"{"op":"first","#, 1);
    assert!(decode_text::<Call>(&twice).is_none());
    let call = through_wire_record(&twice).expect("the wire record takes the last value");
    assert_eq!(Call::from_json(&twice).ok(), Some(call));
}

#[test]
fn text_after_the_document_is_left_to_the_wire_record() {
    let document = generated(7).to_string();
    assert!(decode_text::<Call>(&format!("{document} x")).is_none());
    assert!(Call::from_json(&format!("{document} x")).is_err());
}
