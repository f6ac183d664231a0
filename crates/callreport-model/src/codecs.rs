//! The codec of every kind of wire field: what its usual spelling is, what else is accepted.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde_json::{Number, Value};

use crate::api_request::ApiRequest;
use crate::call_status::CallStatus;
use crate::clock;
use crate::ids::{AgentId, CallId, UserId};
use crate::open_enum::{CallType, FirstAttendant};
use crate::phone::PhoneNumber;
use crate::recording::RecordingLocator;
use crate::spelling::{Codec, Decoded, Rejected};

/// A whole number from a JSON number, or (unusually) from a string of digits.
fn whole_number(raw: &Value) -> Option<(i64, bool)> {
    match raw {
        Value::Number(n) => n.as_i64().map(|v| (v, true)),
        Value::String(s) => s.trim().parse().ok().map(|v| (v, false)),
        _ => None,
    }
}

/// Text fields that are usually present: `""` when there is nothing.
pub(crate) struct Text;

impl Codec for Text {
    type Value = String;

    fn decode(raw: Option<Value>) -> Result<Decoded<String>, Rejected> {
        match raw {
            Some(Value::String(s)) => Ok(Decoded::canonical(s)),
            Some(Value::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(text, raw))
            }
            Some(Value::Null) | None => Ok(Decoded::spelled(String::new(), raw)),
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &String) -> Option<Value> {
        Some(Value::String(value.clone()))
    }
}

/// Optional text, `""` meaning none.
pub(crate) struct OptText;

impl Codec for OptText {
    type Value = Option<String>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<String>>, Rejected> {
        match raw {
            Some(Value::String(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Value::String(s)) => Ok(Decoded::canonical(Some(s))),
            Some(Value::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(Some(text), raw))
            }
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &Option<String>) -> Option<Value> {
        Some(Value::String(value.clone().unwrap_or_default()))
    }
}

/// Optional text that is usually left out when there is nothing.
pub(crate) struct AbsentText;

impl Codec for AbsentText {
    type Value = Option<String>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<String>>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::String(s)) if !s.is_empty() => Ok(Decoded::canonical(Some(s))),
            Some(Value::String(_) | Value::Null) => Ok(Decoded::spelled(None, raw)),
            Some(Value::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(Some(text), raw))
            }
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &Option<String>) -> Option<Value> {
        value.clone().map(Value::String)
    }
}

/// The call id: required.
pub(crate) struct CallIdField;

impl Codec for CallIdField {
    type Value = CallId;

    fn decode(raw: Option<Value>) -> Result<Decoded<CallId>, Rejected> {
        let expected = "a call id (1 to 64 letters, digits, '-' or '_')";
        match raw {
            Some(Value::String(s)) => match CallId::new(s) {
                Ok(id) => Ok(Decoded::canonical(id)),
                Err(_) => Err(Rejected::new(expected, raw_string_hint())),
            },
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &CallId) -> Option<Value> {
        Some(Value::String(value.as_str().to_owned()))
    }
}

/// A call id that is usually left out when unknown.
pub(crate) struct OptCallIdField;

impl Codec for OptCallIdField {
    type Value = Option<CallId>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<CallId>>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::Null) => Ok(Decoded::spelled(None, raw)),
            some => CallIdField::decode(some).map(|d| Decoded::canonical(Some(d.value))),
        }
    }

    fn encode(value: &Option<CallId>) -> Option<Value> {
        value.as_ref().and_then(CallIdField::encode)
    }
}

/// Stands in for a rejected string that was moved into a checker.
fn raw_string_hint() -> Option<Value> {
    Some(Value::String("<not well formed>".to_owned()))
}

/// The account id: text, sometimes sent as a number; usually left out when unknown.
pub(crate) struct UserIdField;

impl Codec for UserIdField {
    type Value = Option<UserId>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<UserId>>, Rejected> {
        let expected = "a user id (no spaces, '/', '\\' or '*')";
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::String(ref s)) if s.is_empty() => Ok(Decoded::spelled(None, raw)),
            Some(Value::String(s)) => match UserId::new(s) {
                Ok(id) => Ok(Decoded::canonical(Some(id))),
                Err(_) => Err(Rejected::new(expected, raw_string_hint())),
            },
            Some(Value::Number(ref n)) if n.is_u64() => {
                let id = UserId::new(n.to_string()).map_err(|_| Rejected::new(expected, None))?;
                Ok(Decoded::spelled(Some(id), raw))
            }
            Some(Value::Null) => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<UserId>) -> Option<Value> {
        value
            .as_ref()
            .map(|id| Value::String(id.as_str().to_owned()))
    }
}

/// A phone number: text kept as is.
pub(crate) struct Phone;

impl Codec for Phone {
    type Value = PhoneNumber;
    const SHOWN: bool = false;

    fn decode(raw: Option<Value>) -> Result<Decoded<PhoneNumber>, Rejected> {
        match raw {
            Some(Value::String(s)) => Ok(Decoded::canonical(PhoneNumber::new(s))),
            Some(Value::Number(ref n)) => {
                let number = PhoneNumber::new(n.to_string());
                Ok(Decoded::spelled(number, raw))
            }
            Some(Value::Null) | None => Ok(Decoded::spelled(PhoneNumber::new(""), raw)),
            other => Err(Rejected::new("a phone number", other)),
        }
    }

    fn encode(value: &PhoneNumber) -> Option<Value> {
        Some(Value::String(value.as_str().to_owned()))
    }
}

/// A duration as `HH:MM:SS`.
pub(crate) struct Hms;

impl Codec for Hms {
    type Value = Duration;

    fn decode(raw: Option<Value>) -> Result<Decoded<Duration>, Rejected> {
        match raw {
            Some(Value::String(ref s)) if s.is_empty() => Ok(Decoded::spelled(Duration::ZERO, raw)),
            Some(Value::String(ref s)) => match clock::parse_hms(s) {
                Some((value, canonical)) => Ok(Decoded::with(value, canonical, || raw)),
                None => Err(Rejected::new("a duration HH:MM:SS", raw)),
            },
            Some(Value::Null) | None => Ok(Decoded::spelled(Duration::ZERO, raw)),
            other => Err(Rejected::new("a duration HH:MM:SS", other)),
        }
    }

    fn encode(value: &Duration) -> Option<Value> {
        Some(Value::String(clock::format_hms(*value)))
    }
}

/// A leg's start time, `4:13:38 pm`; `00:00:00` when the leg never started.
pub(crate) struct Clock12;

impl Codec for Clock12 {
    type Value = Option<NaiveTime>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<NaiveTime>>, Rejected> {
        let expected = "a time h:mm:ss am/pm";
        match raw {
            Some(Value::String(ref s)) if s == "00:00:00" => Ok(Decoded::canonical(None)),
            Some(Value::String(ref s)) if s.is_empty() => Ok(Decoded::spelled(None, raw)),
            Some(Value::String(ref s)) => match clock::parse_clock12(s) {
                Some((value, canonical)) => Ok(Decoded::with(Some(value), canonical, || raw)),
                None => Err(Rejected::new(expected, raw)),
            },
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<NaiveTime>) -> Option<Value> {
        let text = value.map_or_else(|| "00:00:00".to_owned(), clock::format_clock12);
        Some(Value::String(text))
    }
}

/// The call's time of day, `4:13:18 pm`; `""` when unknown.
pub(crate) struct CallClock;

impl Codec for CallClock {
    type Value = Option<NaiveTime>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<NaiveTime>>, Rejected> {
        let expected = "a time h:mm:ss am/pm";
        match raw {
            Some(Value::String(ref s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Value::String(ref s)) => match clock::parse_clock12(s) {
                Some((value, canonical)) => Ok(Decoded::with(Some(value), canonical, || raw)),
                None => Err(Rejected::new(expected, raw)),
            },
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<NaiveTime>) -> Option<Value> {
        Some(Value::String(
            value.map(clock::format_clock12).unwrap_or_default(),
        ))
    }
}

/// Declares a codec for an optional date in one text format, `""` meaning none.
macro_rules! date_codec {
    ($(#[$meta:meta])* $name:ident, $expected:literal, $parse:path, $format:path) => {
        $(#[$meta])*
        pub(crate) struct $name;

        impl Codec for $name {
            type Value = Option<NaiveDate>;

            fn decode(raw: Option<Value>) -> Result<Decoded<Option<NaiveDate>>, Rejected> {
                match raw {
                    Some(Value::String(ref s)) if s.is_empty() => Ok(Decoded::canonical(None)),
                    Some(Value::String(ref s)) => match $parse(s) {
                        Some((value, canonical)) => {
                            Ok(Decoded::with(Some(value), canonical, || raw))
                        }
                        None => Err(Rejected::new($expected, raw)),
                    },
                    Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
                    other => Err(Rejected::new($expected, other)),
                }
            }

            fn encode(value: &Option<NaiveDate>) -> Option<Value> {
                Some(Value::String(value.map($format).unwrap_or_default()))
            }
        }
    };
}

date_codec!(
    /// The call date, `22/Nov/2025`.
    DateMonthName,
    "a date dd/Mon/yyyy",
    clock::parse_day_month_name_year,
    clock::format_day_month_name_year
);

date_codec!(
    /// A leg's start date, `22/11/25`.
    DateShort,
    "a date dd/mm/yy",
    clock::parse_day_month_short_year,
    clock::format_day_month_short_year
);

/// An instant as milliseconds since the Unix epoch: required.
pub(crate) struct EpochMillis;

impl Codec for EpochMillis {
    type Value = DateTime<FixedOffset>;

    fn decode(raw: Option<Value>) -> Result<Decoded<DateTime<FixedOffset>>, Rejected> {
        let expected = "milliseconds since the Unix epoch";
        let Some((millis, canonical)) = raw.as_ref().and_then(whole_number) else {
            return Err(Rejected::new(expected, raw));
        };
        match clock::from_epoch_millis(millis) {
            Some(at) => Ok(Decoded::with(at, canonical, || raw)),
            None => Err(Rejected::new(expected, raw)),
        }
    }

    fn encode(value: &DateTime<FixedOffset>) -> Option<Value> {
        Some(Value::from(value.timestamp_millis()))
    }
}

/// An optional instant as milliseconds since the Unix epoch, usually left out when unknown.
pub(crate) struct OptEpochMillis;

impl Codec for OptEpochMillis {
    type Value = Option<DateTime<FixedOffset>>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Self::Value>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::Null) => Ok(Decoded::spelled(None, raw)),
            some => EpochMillis::decode(some).map(|d| Decoded {
                value: Some(d.value),
                original: d.original,
            }),
        }
    }

    fn encode(value: &Self::Value) -> Option<Value> {
        value.as_ref().and_then(EpochMillis::encode)
    }
}

/// A count: a JSON number, `0` when missing.
pub(crate) struct Count;

impl Codec for Count {
    type Value = u32;

    fn decode(raw: Option<Value>) -> Result<Decoded<u32>, Rejected> {
        let Some(value) = &raw else {
            return Ok(Decoded::spelled(0, None));
        };
        if value.is_null() {
            return Ok(Decoded::spelled(0, raw));
        }
        match whole_number(value)
            .and_then(|(n, canonical)| Some((u32::try_from(n).ok()?, canonical)))
        {
            Some((n, canonical)) => Ok(Decoded::with(n, canonical, || raw)),
            None => Err(Rejected::new("a whole number", raw)),
        }
    }

    fn encode(value: &u32) -> Option<Value> {
        Some(Value::from(*value))
    }
}

/// A count the provider sends as a string (`rty`: `"0"`).
pub(crate) struct CountText;

impl Codec for CountText {
    type Value = u32;

    fn decode(raw: Option<Value>) -> Result<Decoded<u32>, Rejected> {
        match raw {
            Some(Value::String(ref s)) => match s.parse::<u32>() {
                Ok(n) => Ok(Decoded::with(n, n.to_string() == *s, || raw)),
                Err(_) => Err(Rejected::new("a whole number as text", raw)),
            },
            other => {
                let original = other.clone();
                Count::decode(other).map(|d| Decoded::spelled(d.value, original))
            }
        }
    }

    fn encode(value: &u32) -> Option<Value> {
        Some(Value::String(value.to_string()))
    }
}

/// An agent id; `0` when there is none.
pub(crate) struct OptAgent;

impl Codec for OptAgent {
    type Value = Option<AgentId>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<AgentId>>, Rejected> {
        let Some(value) = &raw else {
            return Ok(Decoded::spelled(None, None));
        };
        if value.is_null() || value.as_str() == Some("") {
            return Ok(Decoded::spelled(None, raw));
        }
        let parsed = whole_number(value)
            .and_then(|(n, canonical)| Some((u64::try_from(n).ok()?, canonical)));
        match parsed {
            Some((0, canonical)) => Ok(Decoded::with(None, canonical, || raw)),
            Some((n, canonical)) => Ok(Decoded::with(Some(AgentId::new(n)), canonical, || raw)),
            None => Err(Rejected::new("an agent id (a whole number)", raw)),
        }
    }

    fn encode(value: &Option<AgentId>) -> Option<Value> {
        Some(Value::from(value.map_or(0, AgentId::get)))
    }
}

/// A number written as an integer when it is whole, as a decimal otherwise.
fn number_value(value: f64) -> Value {
    // 2^53: every whole number below it is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT {
        Value::from(value as i64)
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// An amount of money, in the account's currency; `0` when missing.
pub(crate) struct AmountField;

impl Codec for AmountField {
    type Value = f64;

    fn decode(raw: Option<Value>) -> Result<Decoded<f64>, Rejected> {
        let parsed = match &raw {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
            None | Some(Value::Null) => Some(0.0),
            _ => None,
        };
        match parsed {
            Some(value) => {
                let canonical = raw.as_ref() == Some(&number_value(value));
                Ok(Decoded::with(value, canonical, || raw))
            }
            None => Err(Rejected::new("an amount (a number)", raw)),
        }
    }

    fn encode(value: &f64) -> Option<Value> {
        Some(number_value(*value))
    }
}

/// An optional amount, usually left out when unknown.
pub(crate) struct OptAmount;

impl Codec for OptAmount {
    type Value = Option<f64>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<f64>>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::Null) => Ok(Decoded::spelled(None, raw)),
            some => AmountField::decode(some).map(|d| Decoded {
                value: Some(d.value),
                original: d.original,
            }),
        }
    }

    fn encode(value: &Option<f64>) -> Option<Value> {
        value.map(number_value)
    }
}

/// A flag; `false` when missing.
pub(crate) struct Flag;

impl Codec for Flag {
    type Value = bool;

    fn decode(raw: Option<Value>) -> Result<Decoded<bool>, Rejected> {
        match raw {
            Some(Value::Bool(b)) => Ok(Decoded::canonical(b)),
            Some(Value::Number(ref n)) if n.as_u64().is_some_and(|n| n <= 1) => {
                let value = n.as_u64() == Some(1);
                Ok(Decoded::spelled(value, raw))
            }
            Some(Value::String(ref s)) if s == "true" || s == "false" => {
                let value = s == "true";
                Ok(Decoded::spelled(value, raw))
            }
            Some(Value::Null) | None => Ok(Decoded::spelled(false, raw)),
            other => Err(Rejected::new("true or false", other)),
        }
    }

    fn encode(value: &bool) -> Option<Value> {
        Some(Value::Bool(*value))
    }
}

/// An optional whole number, usually left out when unknown.
pub(crate) struct OptInteger;

impl Codec for OptInteger {
    type Value = Option<i64>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<i64>>, Rejected> {
        let Some(value) = &raw else {
            return Ok(Decoded::canonical(None));
        };
        if value.is_null() || value.as_str() == Some("") {
            return Ok(Decoded::spelled(None, raw));
        }
        match whole_number(value) {
            Some((n, canonical)) => Ok(Decoded::with(Some(n), canonical, || raw)),
            None => Err(Rejected::new("a whole number", raw)),
        }
    }

    fn encode(value: &Option<i64>) -> Option<Value> {
        value.map(Value::from)
    }
}

/// The IVRs a call went through; `[-1]` means none.
pub(crate) struct IvrIds;

impl Codec for IvrIds {
    type Value = Vec<i64>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Vec<i64>>, Rejected> {
        let items = match &raw {
            Some(Value::Array(items)) => items,
            Some(Value::Null) | None => return Ok(Decoded::spelled(Vec::new(), raw)),
            _ => return Err(Rejected::new("an array of IVR ids", raw)),
        };
        let mut canonical = !items.is_empty();
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let Some((id, is_number)) = whole_number(item) else {
                return Err(Rejected::new("an array of IVR ids", raw));
            };
            canonical &= is_number;
            ids.push(id);
        }
        if ids == [-1] {
            return Ok(Decoded::with(Vec::new(), canonical, || raw));
        }
        Ok(Decoded::with(ids, canonical, || raw))
    }

    fn encode(value: &Vec<i64>) -> Option<Value> {
        if value.is_empty() {
            return Some(Value::Array(vec![Value::from(-1)]));
        }
        Some(Value::Array(
            value.iter().copied().map(Value::from).collect(),
        ))
    }
}

/// A list of values of unpublished shape, kept raw.
pub(crate) struct RawList;

impl Codec for RawList {
    type Value = Vec<Value>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Vec<Value>>, Rejected> {
        match raw {
            Some(Value::Array(items)) => Ok(Decoded::canonical(items)),
            Some(Value::Null) | None => Ok(Decoded::spelled(Vec::new(), raw)),
            other => Err(Rejected::new("an array", other)),
        }
    }

    fn encode(value: &Vec<Value>) -> Option<Value> {
        Some(Value::Array(value.clone()))
    }
}

/// The originating API request, a JSON object encoded in a string; `""` when none.
pub(crate) struct ApiRequestField;

impl Codec for ApiRequestField {
    type Value = Option<ApiRequest>;
    const SHOWN: bool = false;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<ApiRequest>>, Rejected> {
        match raw {
            Some(Value::String(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Value::String(s)) => Ok(Decoded::canonical(Some(ApiRequest::from_raw(s)))),
            Some(Value::Object(ref map)) => {
                let request = ApiRequest::from_raw(Value::Object(map.clone()).to_string());
                Ok(Decoded::spelled(Some(request), raw))
            }
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("a JSON object encoded as a string", other)),
        }
    }

    fn encode(value: &Option<ApiRequest>) -> Option<Value> {
        Some(Value::String(
            value
                .as_ref()
                .map(|r| r.raw().to_owned())
                .unwrap_or_default(),
        ))
    }
}

/// The call type.
pub(crate) struct CallTypeField;

impl Codec for CallTypeField {
    type Value = CallType;

    fn decode(raw: Option<Value>) -> Result<Decoded<CallType>, Rejected> {
        match raw {
            Some(Value::String(s)) => Ok(Decoded::canonical(CallType::from_wire(&s))),
            Some(Value::Null) | None => Ok(Decoded::spelled(CallType::from_wire(""), raw)),
            other => Err(Rejected::new("a call type such as \"IBD\"", other)),
        }
    }

    fn encode(value: &CallType) -> Option<Value> {
        Some(Value::String(value.as_str().to_owned()))
    }
}

/// The status code.
pub(crate) struct StatusField;

impl Codec for StatusField {
    type Value = CallStatus;

    fn decode(raw: Option<Value>) -> Result<Decoded<CallStatus>, Rejected> {
        match Count::decode(raw) {
            Ok(decoded) => match u16::try_from(decoded.value) {
                Ok(code) => Ok(Decoded {
                    value: CallStatus::new(code),
                    original: decoded.original,
                }),
                Err(_) => Err(Rejected::new("a status code from 0 to 65535", None)),
            },
            Err(rejected) => Err(Rejected::new("a status code", rejected.raw)),
        }
    }

    fn encode(value: &CallStatus) -> Option<Value> {
        Some(Value::from(value.code()))
    }
}

/// Who answered first; `""` when nobody did.
pub(crate) struct AttendantField;

impl Codec for AttendantField {
    type Value = Option<FirstAttendant>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<FirstAttendant>>, Rejected> {
        match raw {
            Some(Value::String(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Value::String(s)) => Ok(Decoded::canonical(Some(FirstAttendant::from_wire(&s)))),
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(
                "who answered first, such as \"Agent\"",
                other,
            )),
        }
    }

    fn encode(value: &Option<FirstAttendant>) -> Option<Value> {
        Some(Value::String(
            value
                .as_ref()
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
        ))
    }
}

/// A recording locator; `""` when the leg was not recorded.
pub(crate) struct LocatorField;

impl Codec for LocatorField {
    type Value = Option<RecordingLocator>;
    const SHOWN: bool = false;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<RecordingLocator>>, Rejected> {
        match raw {
            Some(Value::String(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Value::String(s)) => match RecordingLocator::parse(&s) {
                Ok(locator) => Ok(Decoded::canonical(Some(locator))),
                Err(error) => Err(Rejected::new(
                    format!("a usable recording locator ({error})"),
                    Some(Value::String(s)),
                )),
            },
            Some(Value::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("a recording locator", other)),
        }
    }

    fn encode(value: &Option<RecordingLocator>) -> Option<Value> {
        Some(Value::String(
            value
                .as_ref()
                .map(|l| l.to_string_exposed())
                .unwrap_or_default(),
        ))
    }
}

/// A local date and time, `YYYY-MM-DD HH:MM:SS` India Standard Time; usually left out when
/// unknown.
pub(crate) struct ReportDateTime;

impl Codec for ReportDateTime {
    type Value = Option<DateTime<FixedOffset>>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Self::Value>, Rejected> {
        let expected = "a date and time YYYY-MM-DD HH:MM:SS";
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Value::String(ref s)) if s.is_empty() || s == "0000-00-00 00:00:00" => {
                Ok(Decoded::spelled(None, raw))
            }
            Some(Value::String(ref s)) => {
                let parsed = clock::parse_datetime(s).and_then(|(local, canonical)| {
                    Some((local.and_local_timezone(clock::IST).single()?, canonical))
                });
                match parsed {
                    Some((at, canonical)) => Ok(Decoded::with(Some(at), canonical, || raw)),
                    None => Err(Rejected::new(expected, raw)),
                }
            }
            Some(Value::Null) => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Self::Value) -> Option<Value> {
        value.map(|at| {
            Value::String(clock::format_datetime(
                at.with_timezone(&clock::IST).naive_local(),
            ))
        })
    }
}

/// A whole number that is usually left out when unknown (`ttl`, `pg`, `lmt`, `cnt`).
pub(crate) struct OptWhole;

impl Codec for OptWhole {
    type Value = Option<u64>;

    fn decode(raw: Option<Value>) -> Result<Decoded<Option<u64>>, Rejected> {
        let Some(value) = &raw else {
            return Ok(Decoded::canonical(None));
        };
        if value.is_null() {
            return Ok(Decoded::spelled(None, raw));
        }
        let parsed = whole_number(value)
            .and_then(|(n, canonical)| Some((u64::try_from(n).ok()?, canonical)));
        match parsed {
            Some((n, canonical)) => Ok(Decoded::with(Some(n), canonical, || raw)),
            None => Err(Rejected::new("a whole number", raw)),
        }
    }

    fn encode(value: &Option<u64>) -> Option<Value> {
        value.map(Value::from)
    }
}
