//! Reading the push report's lenient scalars, each failure named by its path.

use std::time::Duration;

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::clock::parse_datetime;
use crate::error::{DecodeError, describe};

/// The text the provider writes for "no time".
pub(crate) const NO_TIME: &str = "0000-00-00 00:00:00";

/// Text from a string or a number; `None` for a missing key, `null` or empty text.
pub(crate) fn text(
    value: Option<&Value>,
    path: &str,
    echo: bool,
) -> Result<Option<String>, DecodeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(DecodeError::new(
            path,
            format!("expected text, got {}", describe(Some(other), echo)),
        )),
    }
}

/// Text that must be present.
pub(crate) fn required_text(value: Option<&Value>, path: &str) -> Result<String, DecodeError> {
    text(value, path, true)?
        .ok_or_else(|| DecodeError::new(path, format!("required, got {}", describe(value, true))))
}

/// A whole number from a number or a string of digits; `None` when absent, `null` or empty.
pub(crate) fn whole(value: Option<&Value>, path: &str) -> Result<Option<u64>, DecodeError> {
    let parsed = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) if text.is_empty() => return Ok(None),
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.parse().ok(),
        Some(_) => None,
    };
    parsed.map(Some).ok_or_else(|| {
        DecodeError::new(
            path,
            format!(
                "expected a whole number of at least 0, got {}",
                describe(value, true)
            ),
        )
    })
}

/// Whole seconds; zero when absent.
pub(crate) fn seconds(value: Option<&Value>, path: &str) -> Result<Duration, DecodeError> {
    Ok(Duration::from_secs(whole(value, path)?.unwrap_or(0)))
}

/// A local time `YYYY-MM-DD HH:MM:SS`; `None` for `0000-00-00 00:00:00`, empty, `null` or a
/// missing key.
pub(crate) fn time(
    value: Option<&Value>,
    path: &str,
) -> Result<Option<NaiveDateTime>, DecodeError> {
    let Some(text) = text(value, path, true)? else {
        return Ok(None);
    };
    if text == NO_TIME {
        return Ok(None);
    }
    parse_datetime(&text)
        .map(|(time, _)| Some(time))
        .ok_or_else(|| {
            DecodeError::new(
                path,
                format!(
                    "expected a time YYYY-MM-DD HH:MM:SS, got {}",
                    describe(value, true)
                ),
            )
        })
}

/// An amount from a number or a numeric string; zero when absent.
pub(crate) fn amount(value: Option<&Value>, path: &str) -> Result<f64, DecodeError> {
    let parsed = match value {
        None | Some(Value::Null) => Some(0.0),
        Some(Value::String(text)) if text.is_empty() => Some(0.0),
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => text.parse().ok(),
        Some(_) => None,
    };
    parsed
        .filter(|amount: &f64| amount.is_finite())
        .ok_or_else(|| {
            DecodeError::new(
                path,
                format!("expected an amount, got {}", describe(value, true)),
            )
        })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::{Value, json};

    use super::{amount, required_text, seconds, text, time, whole};

    #[test]
    fn zero_times_and_blanks_are_no_time() {
        for blank in [json!("0000-00-00 00:00:00"), json!(""), Value::Null] {
            assert_eq!(time(Some(&blank), "t").unwrap(), None);
        }
        assert_eq!(time(None, "t").unwrap(), None);
        let parsed = time(Some(&json!("2025-08-08 19:28:32")), "t")
            .unwrap()
            .unwrap();
        assert_eq!(parsed.to_string(), "2025-08-08 19:28:32");
    }

    #[test]
    fn malformed_times_name_the_path() {
        let error = time(
            Some(&json!("2025-13-08 19:28:32")),
            "nHDetail[1].answerSTime",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "nHDetail[1].answerSTime: expected a time YYYY-MM-DD HH:MM:SS, got \"2025-13-08 19:28:32\""
        );
        assert!(time(Some(&json!(12)), "t").is_err());
    }

    #[test]
    fn numbers_come_as_numbers_or_digit_strings() {
        assert_eq!(
            seconds(Some(&json!(8)), "d").unwrap(),
            Duration::from_secs(8)
        );
        assert_eq!(
            seconds(Some(&json!("16")), "d").unwrap(),
            Duration::from_secs(16)
        );
        assert_eq!(seconds(None, "d").unwrap(), Duration::ZERO);
        assert_eq!(whole(Some(&json!("")), "d").unwrap(), None);
        assert_eq!(
            seconds(Some(&json!(3_600_000_000_u64)), "d").unwrap(),
            Duration::from_secs(3_600_000_000)
        );
        let error = seconds(Some(&json!(-1)), "talkDuration").unwrap_err();
        assert_eq!(error.path(), "talkDuration");
        assert!(seconds(Some(&json!("8s")), "d").is_err());
        assert!(seconds(Some(&json!([1])), "d").is_err());
    }

    #[test]
    fn amounts_and_text() {
        assert!((amount(Some(&json!("1.5")), "a").unwrap() - 1.5).abs() < f64::EPSILON);
        assert!(amount(None, "a").unwrap().abs() < f64::EPSILON);
        assert!(amount(Some(&json!("x")), "a").is_err());
        assert_eq!(
            text(Some(&json!(42)), "t", true).unwrap().as_deref(),
            Some("42")
        );
        assert!(text(Some(&json!({})), "t", true).is_err());
        let error = required_text(Some(&json!("")), "callId").unwrap_err();
        assert_eq!(error.to_string(), "callId: required, got an empty string");
    }

    #[test]
    fn secret_values_are_not_echoed() {
        let error = text(Some(&json!(["919000000002"])), "cNumber", false).unwrap_err();
        assert!(!error.to_string().contains("9190"), "{error}");
    }
}
