//! The scanner against serde_json: the same value for every text serde_json reads, and a
//! give-up for every text it refuses.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{GiveUp, Scanner};

/// One value read by the scanner, the whole text consumed.
fn scanned(text: &str) -> Result<Value, GiveUp> {
    let mut scanner = Scanner::new(text);
    let value = scanner.value()?;
    scanner.end()?;
    Ok(value)
}

/// One value read by the scanner the way the direct decoders read an object: key by key, each
/// value a scalar, nested objects and arrays walked by the scanner itself.
fn walked(scanner: &mut Scanner<'_>) -> Result<Value, GiveUp> {
    if scanner.peek() == Some(b'{') {
        let mut map = Map::new();
        let mut members = scanner.begin_object()?;
        while let Some(key) = scanner.next_key(&mut members)? {
            map.insert(key.into_owned(), walked(scanner)?);
        }
        return Ok(Value::Object(map));
    }
    if scanner.peek() == Some(b'[') {
        let mut items = Vec::new();
        let mut elements = scanner.begin_array()?;
        while scanner.next_element(&mut elements)? {
            items.push(walked(scanner)?);
        }
        return Ok(Value::Array(items));
    }
    scanner.scalar().map(crate::scalar::Scalar::into_value)
}

fn walked_whole(text: &str) -> Result<Value, GiveUp> {
    let mut scanner = Scanner::new(text);
    let value = walked(&mut scanner)?;
    scanner.end()?;
    Ok(value)
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[\"\\\\/a-z\u{e9}\u{915}\u{1F600}\t\n\u{1}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn reads_what_serde_json_writes(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).expect("a value serializes")
        } else {
            value.to_string()
        };
        let expected: Value = serde_json::from_str(&text).expect("serde_json reads its own text");
        prop_assert_eq!(scanned(&text), Ok(expected.clone()));
        prop_assert_eq!(walked_whole(&text), Ok(expected));
    }

    /// Any text: when the scanner reads a value, serde_json reads the same one.
    #[test]
    fn never_reads_what_serde_json_refuses(text in "[\\[\\]{}\",:0-9eE.+\\-a-z\\\\ ]{0,24}") {
        let expected = serde_json::from_str::<Value>(&text).ok();
        if let Ok(value) = scanned(&text) {
            prop_assert_eq!(Some(value), expected.clone());
        }
        if let Ok(value) = walked_whole(&text) {
            prop_assert_eq!(Some(value), expected);
        }
    }
}

#[test]
fn strings_are_borrowed_unless_they_have_escapes() {
    let mut scanner = Scanner::new(r#"["plain", "a\"b\u00e9\ud83d\ude00"]"#);
    let mut elements = scanner.begin_array().expect("an array");
    assert!(scanner.next_element(&mut elements).expect("an element"));
    let plain = scanner.scalar().expect("a string");
    assert!(matches!(
        plain,
        crate::scalar::Scalar::Text(std::borrow::Cow::Borrowed("plain"))
    ));
    assert!(scanner.next_element(&mut elements).expect("an element"));
    let escaped = scanner.scalar().expect("a string");
    assert_eq!(escaped.as_str(), Some("a\"b\u{e9}\u{1F600}"));
    assert!(!scanner.next_element(&mut elements).expect("the end"));
    assert_eq!(scanner.end(), Ok(()));
}

#[test]
fn gives_up_where_serde_json_refuses() {
    for text in [
        "",
        "[1,]",
        "{\"a\":1,}",
        "{,}",
        "[1 2]",
        "\"\u{1}\"",
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
        r#""\x""#,
        "01",
        "-",
        "1.",
        "1e",
        "1e400",
        "nul",
        "truex",
        "[1] 2",
        "{\"a\" 1}",
    ] {
        assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
        assert_eq!(scanned(text), Err(GiveUp), "{text:?}");
        assert_eq!(walked_whole(text), Err(GiveUp), "{text:?}");
    }
}

#[test]
fn numbers_become_the_numbers_serde_json_makes() {
    for text in [
        "0",
        "-0",
        "7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "1.5",
        "1E3",
        "2.5e-3",
        "1234567890123456789",
    ] {
        let expected: Value = serde_json::from_str(text).expect("a number");
        assert_eq!(scanned(text), Ok(expected), "{text:?}");
    }
}

#[test]
fn a_value_nested_too_deep_is_left_to_serde_json() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(scanned(&deep), Err(GiveUp));
    let shallow = format!("{}{}", "[".repeat(20), "]".repeat(20));
    assert!(scanned(&shallow).is_ok());
}
