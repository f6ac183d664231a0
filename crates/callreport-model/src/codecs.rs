//! The codec of every kind of wire field: what its usual spelling is, what else is accepted.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde_json::{Number, Value};

use crate::scalar::Scalar;

use crate::call_status::CallStatus;
use crate::clock;
use crate::ids::{AgentId, CallId, ExportId, UserId};
use crate::open_enum::{CallType, ExportFormat, ExportState, FirstAttendant};
use crate::originating_request::OriginatingRequest;
use crate::phone::PhoneNumber;
use crate::recording::RecordingLocator;
use crate::secret::Secret;
use crate::spelling::{Codec, Decoded, Rejected};

/// A whole number from a JSON number, or (unusually) from a string of digits.
fn whole_number(raw: &Scalar<'_>) -> Option<(i64, bool)> {
    match raw {
        Scalar::Number(n) => n.as_i64().map(|v| (v, true)),
        Scalar::Text(s) => s.trim().parse().ok().map(|v| (v, false)),
        _ => None,
    }
}

/// A whole number inside an array value.
fn whole_number_in(raw: &Value) -> Option<(i64, bool)> {
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

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<String>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(s.into_owned())),
            Some(Scalar::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(text, raw))
            }
            Some(Scalar::Null) | None => Ok(Decoded::spelled(String::new(), raw)),
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &String) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.clone()))
    }
}

/// Optional text, `""` meaning none.
pub(crate) struct OptText;

impl Codec for OptText {
    type Value = Option<String>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<String>>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(Some(s.into_owned()))),
            Some(Scalar::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(Some(text), raw))
            }
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &Option<String>) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.clone().unwrap_or_default()))
    }
}

/// Optional text that is usually left out when there is nothing.
pub(crate) struct AbsentText;

impl Codec for AbsentText {
    type Value = Option<String>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<String>>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(s)) if !s.is_empty() => Ok(Decoded::canonical(Some(s.into_owned()))),
            Some(Scalar::Text(_) | Scalar::Null) => Ok(Decoded::spelled(None, raw)),
            Some(Scalar::Number(ref n)) => {
                let text = n.to_string();
                Ok(Decoded::spelled(Some(text), raw))
            }
            other => Err(Rejected::new("text", other)),
        }
    }

    fn encode(value: &Option<String>) -> Option<Scalar<'static>> {
        value.clone().map(Scalar::from)
    }
}

/// The call id: required.
pub(crate) struct CallIdField;

impl Codec for CallIdField {
    type Value = CallId;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<CallId>, Rejected> {
        let expected = "a call id (1 to 64 letters, digits, '-' or '_')";
        match raw {
            Some(Scalar::Text(s)) => match CallId::new(s.into_owned()) {
                Ok(id) => Ok(Decoded::canonical(id)),
                Err(_) => Err(Rejected::new(expected, raw_string_hint())),
            },
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &CallId) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.as_str().to_owned()))
    }
}

/// Stands in for a rejected string that was moved into a checker.
fn raw_string_hint() -> Option<Scalar<'static>> {
    Some(Scalar::from("<not well formed>"))
}

/// The account id: text, sometimes sent as a number; usually left out when unknown.
pub(crate) struct UserIdField;

impl Codec for UserIdField {
    type Value = Option<UserId>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<UserId>>, Rejected> {
        let expected = "a user id (no spaces, '/', '\\' or '*')";
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(ref s)) if s.is_empty() => Ok(Decoded::spelled(None, raw)),
            Some(Scalar::Text(s)) => match UserId::new(s.into_owned()) {
                Ok(id) => Ok(Decoded::canonical(Some(id))),
                Err(_) => Err(Rejected::new(expected, raw_string_hint())),
            },
            Some(Scalar::Number(ref n)) if n.is_u64() => {
                let id = UserId::new(n.to_string()).map_err(|_| Rejected::new(expected, None))?;
                Ok(Decoded::spelled(Some(id), raw))
            }
            Some(Scalar::Null) => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<UserId>) -> Option<Scalar<'static>> {
        value
            .as_ref()
            .map(|id| Scalar::from(id.as_str().to_owned()))
    }
}

/// A phone number: text kept as is.
pub(crate) struct Phone;

impl Codec for Phone {
    type Value = PhoneNumber;
    const SHOWN: bool = false;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<PhoneNumber>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(PhoneNumber::new(s))),
            Some(Scalar::Number(ref n)) => {
                let number = PhoneNumber::new(n.to_string());
                Ok(Decoded::spelled(number, raw))
            }
            Some(Scalar::Null) | None => Ok(Decoded::spelled(PhoneNumber::new(""), raw)),
            other => Err(Rejected::new("a phone number", other)),
        }
    }

    fn encode(value: &PhoneNumber) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.as_str().to_owned()))
    }
}

/// A duration as `HH:MM:SS`.
pub(crate) struct Hms;

impl Codec for Hms {
    type Value = Duration;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Duration>, Rejected> {
        match raw {
            Some(Scalar::Text(ref s)) if s.is_empty() => Ok(Decoded::spelled(Duration::ZERO, raw)),
            Some(Scalar::Text(ref s)) => match clock::parse_hms(s) {
                Some((value, canonical)) => Ok(Decoded::with(value, canonical, || raw)),
                None => Err(Rejected::new("a duration HH:MM:SS", raw)),
            },
            Some(Scalar::Null) | None => Ok(Decoded::spelled(Duration::ZERO, raw)),
            other => Err(Rejected::new("a duration HH:MM:SS", other)),
        }
    }

    fn encode(value: &Duration) -> Option<Scalar<'static>> {
        Some(Scalar::from(clock::format_hms(*value)))
    }
}

/// A leg's start time, `4:13:38 pm`; `00:00:00` when the leg never started.
pub(crate) struct Clock12;

impl Codec for Clock12 {
    type Value = Option<NaiveTime>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<NaiveTime>>, Rejected> {
        let expected = "a time h:mm:ss am/pm";
        match raw {
            Some(Scalar::Text(ref s)) if s == "00:00:00" => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(ref s)) if s.is_empty() => Ok(Decoded::spelled(None, raw)),
            Some(Scalar::Text(ref s)) => match clock::parse_clock12(s) {
                Some((value, canonical)) => Ok(Decoded::with(Some(value), canonical, || raw)),
                None => Err(Rejected::new(expected, raw)),
            },
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<NaiveTime>) -> Option<Scalar<'static>> {
        let text = value.map_or_else(|| "00:00:00".to_owned(), clock::format_clock12);
        Some(Scalar::from(text))
    }
}

/// The call's time of day, `4:13:18 pm`; `""` when unknown.
pub(crate) struct CallClock;

impl Codec for CallClock {
    type Value = Option<NaiveTime>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<NaiveTime>>, Rejected> {
        let expected = "a time h:mm:ss am/pm";
        match raw {
            Some(Scalar::Text(ref s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(ref s)) => match clock::parse_clock12(s) {
                Some((value, canonical)) => Ok(Decoded::with(Some(value), canonical, || raw)),
                None => Err(Rejected::new(expected, raw)),
            },
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Option<NaiveTime>) -> Option<Scalar<'static>> {
        Some(Scalar::from(
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

            fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<NaiveDate>>, Rejected> {
                match raw {
                    Some(Scalar::Text(ref s)) if s.is_empty() => Ok(Decoded::canonical(None)),
                    Some(Scalar::Text(ref s)) => match $parse(s) {
                        Some((value, canonical)) => {
                            Ok(Decoded::with(Some(value), canonical, || raw))
                        }
                        None => Err(Rejected::new($expected, raw)),
                    },
                    Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
                    other => Err(Rejected::new($expected, other)),
                }
            }

            fn encode(value: &Option<NaiveDate>) -> Option<Scalar<'static>> {
                Some(Scalar::from(value.map($format).unwrap_or_default()))
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

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<DateTime<FixedOffset>>, Rejected> {
        let expected = "milliseconds since the Unix epoch";
        let Some((millis, canonical)) = raw.as_ref().and_then(whole_number) else {
            return Err(Rejected::new(expected, raw));
        };
        match clock::from_epoch_millis(millis) {
            Some(at) => Ok(Decoded::with(at, canonical, || raw)),
            None => Err(Rejected::new(expected, raw)),
        }
    }

    fn encode(value: &DateTime<FixedOffset>) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.timestamp_millis()))
    }
}

/// A count: a JSON number, `0` when missing.
pub(crate) struct Count;

impl Codec for Count {
    type Value = u32;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<u32>, Rejected> {
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

    fn encode(value: &u32) -> Option<Scalar<'static>> {
        Some(Scalar::from(*value))
    }
}

/// A count the provider sends as a string (`rty`: `"0"`).
pub(crate) struct CountText;

impl Codec for CountText {
    type Value = u32;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<u32>, Rejected> {
        match raw {
            Some(Scalar::Text(ref s)) => match s.parse::<u32>() {
                Ok(n) => {
                    let canonical = s.bytes().all(|b| b.is_ascii_digit())
                        && (s.len() == 1 || !s.starts_with('0'));
                    Ok(Decoded::with(n, canonical, || raw))
                }
                Err(_) => Err(Rejected::new("a whole number as text", raw)),
            },
            other => {
                let original = other.clone();
                Count::decode(other).map(|d| Decoded::spelled(d.value, original))
            }
        }
    }

    fn encode(value: &u32) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.to_string()))
    }
}

/// An agent id; `0` when there is none.
pub(crate) struct OptAgent;

impl Codec for OptAgent {
    type Value = Option<AgentId>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<AgentId>>, Rejected> {
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

    fn encode(value: &Option<AgentId>) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.map_or(0, AgentId::get)))
    }
}

/// A number written as an integer when it is whole, as a decimal otherwise.
fn number_value(value: f64) -> Scalar<'static> {
    // 2^53: every whole number below it is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT {
        Scalar::from(value as i64)
    } else {
        Number::from_f64(value).map_or(Scalar::Null, Scalar::Number)
    }
}

/// An amount of money, in the account's currency; `0` when missing.
pub(crate) struct AmountField;

impl Codec for AmountField {
    type Value = f64;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<f64>, Rejected> {
        let parsed = match &raw {
            Some(Scalar::Number(n)) => n.as_f64(),
            Some(Scalar::Text(s)) => s.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
            None | Some(Scalar::Null) => Some(0.0),
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

    fn encode(value: &f64) -> Option<Scalar<'static>> {
        Some(number_value(*value))
    }
}

/// A flag; `false` when missing.
pub(crate) struct Flag;

impl Codec for Flag {
    type Value = bool;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<bool>, Rejected> {
        match raw {
            Some(Scalar::Bool(b)) => Ok(Decoded::canonical(b)),
            Some(Scalar::Number(ref n)) if n.as_u64().is_some_and(|n| n <= 1) => {
                let value = n.as_u64() == Some(1);
                Ok(Decoded::spelled(value, raw))
            }
            Some(Scalar::Text(ref s)) if s == "true" || s == "false" => {
                let value = s == "true";
                Ok(Decoded::spelled(value, raw))
            }
            Some(Scalar::Null) | None => Ok(Decoded::spelled(false, raw)),
            other => Err(Rejected::new("true or false", other)),
        }
    }

    fn encode(value: &bool) -> Option<Scalar<'static>> {
        Some(Scalar::Bool(*value))
    }
}

/// An optional whole number, usually left out when unknown.
pub(crate) struct OptInteger;

impl Codec for OptInteger {
    type Value = Option<i64>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<i64>>, Rejected> {
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

    fn encode(value: &Option<i64>) -> Option<Scalar<'static>> {
        value.map(Scalar::from)
    }
}

/// The IVRs a call went through; `[-1]` means none.
pub(crate) struct IvrIds;

impl Codec for IvrIds {
    type Value = Vec<i64>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Vec<i64>>, Rejected> {
        let items = match &raw {
            Some(Scalar::Array(items)) => items,
            Some(Scalar::Null) | None => return Ok(Decoded::spelled(Vec::new(), raw)),
            _ => return Err(Rejected::new("an array of IVR ids", raw)),
        };
        let mut canonical = !items.is_empty();
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let Some((id, is_number)) = whole_number_in(item) else {
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

    fn encode(value: &Vec<i64>) -> Option<Scalar<'static>> {
        if value.is_empty() {
            return Some(Scalar::Array(vec![Value::from(-1)]));
        }
        Some(Scalar::Array(
            value.iter().copied().map(Value::from).collect(),
        ))
    }
}

/// A list of values of unpublished shape, kept raw.
pub(crate) struct RawList;

impl Codec for RawList {
    type Value = Vec<Value>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Vec<Value>>, Rejected> {
        match raw {
            Some(Scalar::Array(items)) => Ok(Decoded::canonical(items)),
            Some(Scalar::Null) | None => Ok(Decoded::spelled(Vec::new(), raw)),
            other => Err(Rejected::new("an array", other)),
        }
    }

    fn encode(value: &Vec<Value>) -> Option<Scalar<'static>> {
        Some(Scalar::Array(value.clone()))
    }
}

/// The originating API request, a JSON object encoded in a string; `""` when none.
pub(crate) struct OriginatingRequestField;

impl Codec for OriginatingRequestField {
    type Value = Option<OriginatingRequest>;
    const SHOWN: bool = false;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<OriginatingRequest>>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(Some(OriginatingRequest::from_raw(s)))),
            Some(Scalar::Object(ref map)) => {
                let request = OriginatingRequest::from_raw(Value::Object(map.clone()).to_string());
                Ok(Decoded::spelled(Some(request), raw))
            }
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("a JSON object encoded as a string", other)),
        }
    }

    fn encode(value: &Option<OriginatingRequest>) -> Option<Scalar<'static>> {
        Some(Scalar::from(
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

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<CallType>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(CallType::from_wire(&s))),
            Some(Scalar::Null) | None => Ok(Decoded::spelled(CallType::from_wire(""), raw)),
            other => Err(Rejected::new("a call type such as \"IBD\"", other)),
        }
    }

    fn encode(value: &CallType) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.as_str().to_owned()))
    }
}

/// The status code.
pub(crate) struct StatusField;

impl Codec for StatusField {
    type Value = CallStatus;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<CallStatus>, Rejected> {
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

    fn encode(value: &CallStatus) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.code()))
    }
}

/// Who answered first; `""` when nobody did.
pub(crate) struct AttendantField;

impl Codec for AttendantField {
    type Value = Option<FirstAttendant>;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<FirstAttendant>>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(s)) => Ok(Decoded::canonical(Some(FirstAttendant::from_wire(&s)))),
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(
                "who answered first, such as \"Agent\"",
                other,
            )),
        }
    }

    fn encode(value: &Option<FirstAttendant>) -> Option<Scalar<'static>> {
        Some(Scalar::from(
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

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<RecordingLocator>>, Rejected> {
        match raw {
            Some(Scalar::Text(s)) if s.is_empty() => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(s)) => match RecordingLocator::parse(&s) {
                Ok(locator) => Ok(Decoded::canonical(Some(locator))),
                Err(error) => Err(Rejected::new(
                    format!("a usable recording locator ({error})"),
                    Some(Scalar::Text(s)),
                )),
            },
            Some(Scalar::Null) | None => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new("a recording locator", other)),
        }
    }

    fn encode(value: &Option<RecordingLocator>) -> Option<Scalar<'static>> {
        Some(Scalar::from(
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

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Self::Value>, Rejected> {
        let expected = "a date and time YYYY-MM-DD HH:MM:SS";
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Scalar::Text(ref s)) if s.is_empty() || s == "0000-00-00 00:00:00" => {
                Ok(Decoded::spelled(None, raw))
            }
            Some(Scalar::Text(ref s)) => {
                let parsed = clock::parse_datetime(s).and_then(|(local, canonical)| {
                    Some((local.and_local_timezone(clock::IST).single()?, canonical))
                });
                match parsed {
                    Some((at, canonical)) => Ok(Decoded::with(Some(at), canonical, || raw)),
                    None => Err(Rejected::new(expected, raw)),
                }
            }
            Some(Scalar::Null) => Ok(Decoded::spelled(None, raw)),
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &Self::Value) -> Option<Scalar<'static>> {
        value.map(|at| {
            Scalar::from(clock::format_datetime(
                at.with_timezone(&clock::IST).naive_local(),
            ))
        })
    }
}

/// A whole number that is not negative (`ttl`, `cnt`, `rows`): required.
pub(crate) struct Whole;

impl Codec for Whole {
    type Value = u64;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<u64>, Rejected> {
        let parsed = raw
            .as_ref()
            .and_then(whole_number)
            .and_then(|(n, canonical)| Some((u64::try_from(n).ok()?, canonical)));
        match parsed {
            Some((n, canonical)) => Ok(Decoded::with(n, canonical, || raw)),
            None => Err(Rejected::new("a whole number", raw)),
        }
    }

    fn encode(value: &u64) -> Option<Scalar<'static>> {
        Some(Scalar::from(*value))
    }
}

/// Any codec's value, or nothing: the key left out (the usual spelling of nothing) or `null`.
///
/// The one codec for optional values; an unusual spelling of the inner value is kept as the
/// inner codec keeps it.
pub(crate) struct Opt<C>(std::marker::PhantomData<C>);

impl<C: Codec> Codec for Opt<C> {
    type Value = Option<C::Value>;
    const SHOWN: bool = C::SHOWN;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Self::Value>, Rejected> {
        match raw {
            None => Ok(Decoded::canonical(None)),
            Some(Scalar::Null) => Ok(Decoded::spelled(None, raw)),
            some => C::decode(some).map(|decoded| Decoded {
                value: Some(decoded.value),
                original: decoded.original,
            }),
        }
    }

    fn encode(value: &Self::Value) -> Option<Scalar<'static>> {
        value.as_ref().and_then(C::encode)
    }
}

/// Text that may carry a credential (a recording URL with its token); `""` when none.
pub(crate) struct SecretText;

impl Codec for SecretText {
    type Value = Option<Secret>;
    const SHOWN: bool = false;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<Option<Secret>>, Rejected> {
        OptText::decode(raw).map(|decoded| Decoded {
            value: decoded.value.map(Secret::new),
            original: decoded.original,
        })
    }

    fn encode(value: &Option<Secret>) -> Option<Scalar<'static>> {
        Some(Scalar::from(
            value
                .as_ref()
                .map(|secret| secret.expose().to_owned())
                .unwrap_or_default(),
        ))
    }
}

/// Declares the codec of a required open enum sent as text.
macro_rules! open_enum_codec {
    ($(#[$meta:meta])* $name:ident, $enum:ty, $expected:literal) => {
        $(#[$meta])*
        pub(crate) struct $name;

        impl Codec for $name {
            type Value = $enum;

            fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<$enum>, Rejected> {
                match raw {
                    Some(Scalar::Text(ref s)) if !s.is_empty() => {
                        Ok(Decoded::canonical(<$enum>::from_wire(s)))
                    }
                    other => Err(Rejected::new($expected, other)),
                }
            }

            fn encode(value: &$enum) -> Option<Scalar<'static>> {
                Some(Scalar::from(value.as_str().to_owned()))
            }
        }
    };
}

open_enum_codec!(
    /// An export's file format (`frmt`).
    ExportFormatField,
    ExportFormat,
    "a file format such as \"csv\""
);

open_enum_codec!(
    /// An export's state (`st`).
    ExportStateField,
    ExportState,
    "an export state such as \"done\""
);

/// An export id: required.
pub(crate) struct ExportIdField;

impl Codec for ExportIdField {
    type Value = ExportId;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<ExportId>, Rejected> {
        let expected = "an export id (1 to 64 letters, digits, '-' or '_')";
        match raw {
            Some(Scalar::Text(s)) => match ExportId::new(s.into_owned()) {
                Ok(id) => Ok(Decoded::canonical(id)),
                Err(_) => Err(Rejected::new(expected, raw_string_hint())),
            },
            other => Err(Rejected::new(expected, other)),
        }
    }

    fn encode(value: &ExportId) -> Option<Scalar<'static>> {
        Some(Scalar::from(value.as_str().to_owned()))
    }
}

/// A whole number, `0` when missing (`rows`).
pub(crate) struct WholeOrZero;

impl Codec for WholeOrZero {
    type Value = u64;

    fn decode(raw: Option<Scalar<'_>>) -> Result<Decoded<u64>, Rejected> {
        match raw {
            None | Some(Scalar::Null) => Ok(Decoded::spelled(0, raw)),
            some => Whole::decode(some),
        }
    }

    fn encode(value: &u64) -> Option<Scalar<'static>> {
        Whole::encode(value)
    }
}
