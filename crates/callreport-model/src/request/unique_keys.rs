//! Reading a request body as JSON that names each key of an object once: with a repeated key,
//! `serde_json` keeps the last value, so `{"ssid":"bad","ssid":"good"}` would read as the second.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why a body is not JSON with unique keys.
pub(crate) enum Failure {
    /// A key repeated inside one object.
    Duplicate(String),
    /// Not JSON at all.
    Json(serde_json::Error),
}

/// Parses `body` as one JSON value, refusing any object that repeats a key.
pub(crate) fn parse(body: &[u8]) -> Result<Value, Failure> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let parsed = UniqueKeys {
        duplicate: &duplicate,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| match duplicate.into_inner() {
        Some(key) => Failure::Duplicate(key),
        None => Failure::Json(error),
    })
}

/// A JSON value whose objects are checked for repeated keys; the first one found is kept.
#[derive(Clone, Copy)]
struct UniqueKeys<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let error = de::Error::custom(format_args!("duplicate key {key:?}"));
                *self.duplicate.borrow_mut() = Some(key);
                return Err(error);
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Failure, parse};

    #[test]
    fn a_repeated_key_is_named_at_any_depth() {
        for (body, key) in [
            (r#"{"ssid":"bad","ssid":"good"}"#, "ssid"),
            (r#"{"cstm":{"a":"1","b":"2","a":"3"}}"#, "a"),
            (r#"[{"x":1},{"y":2,"y":3}]"#, "y"),
        ] {
            match parse(body.as_bytes()) {
                Err(Failure::Duplicate(name)) => assert_eq!(name, key, "{body}"),
                _ => panic!("{body} was accepted"),
            }
        }
    }

    #[test]
    fn unique_keys_read_as_serde_json_reads_them() {
        let body = r#"{"a":[1,-2,3.5,"x",null,true],"b":{"c":{"a":1}},"n":18446744073709551615}"#;
        let Ok(value) = parse(body.as_bytes()) else {
            panic!("refused");
        };
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(body).unwrap()
        );
        assert_eq!(value["b"], json!({"c": {"a": 1}}));
        assert!(matches!(parse(b"{} x"), Err(Failure::Json(_))));
        assert!(matches!(parse(b"{\"a\":"), Err(Failure::Json(_))));
    }
}
