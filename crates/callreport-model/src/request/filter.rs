//! The report filter shared by `list`, `reportCount`, `masklist` and the exports.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde_json::{Map, Value};

use crate::body_keys::{
    AGENTS, CALL_TYPES, CUSTOM_FIELDS, CUSTOMER_NUMBER, DURATION_KIND, FROM, MAX_DURATION,
    MIN_DURATION, STATUSES, TO,
};
use crate::call_status::CallStatus;
use crate::clock::{self, IST};
use crate::error::RequestError;
use crate::ids::AgentId;
use crate::open_enum::CallType;
use crate::request::Params;
use crate::request::limits::{MAX_AGENTS, MAX_CALL_TYPES, MAX_CUSTOM_FIELDS, MAX_STATUSES};
use crate::request::params::{as_whole, check_length};

/// Which of a call's durations a duration range applies to (`durTy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationKind {
    /// Customer (talk) time, `c` (the default).
    #[default]
    Talk,
    /// Queue time, `q`.
    Queue,
    /// Agent-on-call time, `agtOnCl`.
    AgentOnCall,
}

impl DurationKind {
    /// The wire name: the key of the duration in the call document's `dur`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Talk => "c",
            Self::Queue => "q",
            Self::AgentOnCall => "agtOnCl",
        }
    }

    fn from_wire(text: &str) -> Option<Self> {
        [Self::Talk, Self::Queue, Self::AgentOnCall]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// Which calls a report covers. Every criterion is optional; an empty filter matches all.
///
/// On the wire (beside the credentials): `frmDt` / `toDt` (`YYYY-MM-DD HH:MM:SS`, India Standard
/// Time, both inclusive), `agts` (agent ids), `minDur` / `maxDur` (whole seconds) with `durTy`
/// (`c`, `q`, `agtOnCl`), `clTy` (call types), `st` (status codes), `cNum` (customer number, or
/// its last digits) and `cstm` (custom call-analysis fields, key to value).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use callreport_model::{CallType, ReportFilter};
///
/// let filter = ReportFilter::new()
///     .between(Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2025, 11, 30, 18, 29, 59).unwrap())
///     .call_types([CallType::Inbound])
///     .min_duration(std::time::Duration::from_secs(30));
/// assert_eq!(filter.from.unwrap().to_rfc3339(), "2025-11-01T05:30:00+05:30");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ReportFilter {
    /// Calls that started at or after this instant (`frmDt`), whole seconds.
    pub from: Option<DateTime<FixedOffset>>,
    /// Calls that started at or before this instant (`toDt`), whole seconds.
    pub to: Option<DateTime<FixedOffset>>,
    /// Calls handled by any of these agents (`agts`).
    pub agents: Vec<AgentId>,
    /// Calls at least this long (`minDur`).
    pub min_duration: Option<Duration>,
    /// Calls at most this long (`maxDur`).
    pub max_duration: Option<Duration>,
    /// Which duration the range applies to (`durTy`).
    pub duration_kind: DurationKind,
    /// Calls of any of these types (`clTy`).
    pub call_types: Vec<CallType>,
    /// Calls with any of these status codes (`st`).
    pub statuses: Vec<CallStatus>,
    /// Calls whose customer number ends with these digits (`cNum`).
    pub customer_number: Option<String>,
    /// Calls whose custom call-analysis fields have these values (`cstm`).
    pub fields: BTreeMap<String, String>,
}

impl ReportFilter {
    /// A filter that matches every call.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls that started from `from` to `to`, inclusive, in any time zone.
    #[must_use]
    pub fn between<Tz: TimeZone>(mut self, from: DateTime<Tz>, to: DateTime<Tz>) -> Self {
        self.from = Some(from.with_timezone(&IST));
        self.to = Some(to.with_timezone(&IST));
        self
    }

    /// Calls handled by any of `agents`.
    #[must_use]
    pub fn agents(mut self, agents: impl IntoIterator<Item = AgentId>) -> Self {
        self.agents = agents.into_iter().collect();
        self
    }

    /// Calls at least `duration` long.
    #[must_use]
    pub fn min_duration(mut self, duration: Duration) -> Self {
        self.min_duration = Some(duration);
        self
    }

    /// Calls at most `duration` long.
    #[must_use]
    pub fn max_duration(mut self, duration: Duration) -> Self {
        self.max_duration = Some(duration);
        self
    }

    /// Which duration the range applies to.
    #[must_use]
    pub fn duration_kind(mut self, kind: DurationKind) -> Self {
        self.duration_kind = kind;
        self
    }

    /// Calls of any of `types`.
    #[must_use]
    pub fn call_types(mut self, types: impl IntoIterator<Item = CallType>) -> Self {
        self.call_types = types.into_iter().collect();
        self
    }

    /// Calls with any of `statuses`.
    #[must_use]
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = CallStatus>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Calls whose customer number ends with `digits`. Only the digits count: `+91 90000-77673`
    /// is read as `919000077673`, as the provider writes numbers without `+`, spaces or dashes.
    #[must_use]
    pub fn customer_number(mut self, digits: impl AsRef<str>) -> Self {
        self.customer_number = Some(
            digits
                .as_ref()
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
        );
        self
    }

    /// Calls whose custom field `key` is `value`.
    #[must_use]
    pub fn field(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    /// Writes the filter's keys into a body.
    pub fn write(&self, body: &mut Map<String, Value>) {
        let mut put = |key: &str, value: Value| {
            body.insert(key.to_owned(), value);
        };
        let at = |t: &DateTime<FixedOffset>| {
            Value::from(clock::format_datetime(t.with_timezone(&IST).naive_local()))
        };
        if let Some(from) = &self.from {
            put(FROM, at(from));
        }
        if let Some(to) = &self.to {
            put(TO, at(to));
        }
        if !self.agents.is_empty() {
            put(
                AGENTS,
                self.agents.iter().map(|a| Value::from(a.get())).collect(),
            );
        }
        if let Some(min) = self.min_duration {
            put(MIN_DURATION, Value::from(min.as_secs()));
        }
        if let Some(max) = self.max_duration {
            put(MAX_DURATION, Value::from(max.as_secs()));
        }
        if self.duration_kind != DurationKind::Talk {
            put(DURATION_KIND, Value::from(self.duration_kind.as_str()));
        }
        if !self.call_types.is_empty() {
            put(
                CALL_TYPES,
                self.call_types
                    .iter()
                    .map(|t| Value::from(t.as_str()))
                    .collect(),
            );
        }
        if !self.statuses.is_empty() {
            put(
                STATUSES,
                self.statuses
                    .iter()
                    .map(|s| Value::from(s.code()))
                    .collect(),
            );
        }
        if let Some(number) = &self.customer_number {
            put(CUSTOMER_NUMBER, Value::from(number.as_str()));
        }
        if !self.fields.is_empty() {
            let fields = self
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
            put(CUSTOM_FIELDS, Value::Object(fields.collect()));
        }
    }

    /// Takes the filter's keys out of a body.
    pub(crate) fn take(params: &mut Params) -> Result<Self, RequestError> {
        let from = take_instant(params, FROM)?;
        let to = take_instant(params, TO)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(RequestError::Invalid {
                name: TO.into(),
                expected: "a time at or after frmDt",
                got: "an earlier time".into(),
            });
        }
        let seconds = "a whole number of seconds";
        let min_duration = params
            .whole(MIN_DURATION, seconds, 0..=u64::from(u32::MAX))?
            .map(Duration::from_secs);
        let max_duration = params
            .whole(MAX_DURATION, seconds, 0..=u64::from(u32::MAX))?
            .map(Duration::from_secs);
        let duration_kind = match params.take(DURATION_KIND) {
            None | Some(Value::Null) => DurationKind::Talk,
            Some(value) => value
                .as_str()
                .and_then(DurationKind::from_wire)
                .ok_or_else(|| {
                    RequestError::invalid(
                        DURATION_KIND,
                        "one of \"c\", \"q\", \"agtOnCl\"",
                        &value,
                        true,
                    )
                })?,
        };
        let agents = params.list(AGENTS, MAX_AGENTS, "agent ids (whole numbers)", |v| {
            as_whole(v).map(AgentId::new)
        })?;
        let call_types = params.list(
            CALL_TYPES,
            MAX_CALL_TYPES,
            "call types such as \"IBD\"",
            |v| {
                v.as_str()
                    .filter(|s| !s.is_empty())
                    .map(CallType::from_wire)
            },
        )?;
        let statuses = params.list(
            STATUSES,
            MAX_STATUSES,
            "status codes (whole numbers)",
            |v| {
                as_whole(v)
                    .and_then(|n| u16::try_from(n).ok())
                    .map(CallStatus::new)
            },
        )?;
        let customer_number = params
            .text(CUSTOMER_NUMBER, false)?
            .filter(|n| !n.is_empty());
        let fields = match params.take(CUSTOM_FIELDS) {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(map)) => {
                check_length(CUSTOM_FIELDS, MAX_CUSTOM_FIELDS, map.len())?;
                map.into_iter()
                    .map(|(key, value)| match value {
                        Value::String(text) => Ok((key, text)),
                        Value::Number(n) => Ok((key, n.to_string())),
                        other => Err(RequestError::invalid(
                            CUSTOM_FIELDS,
                            "an object of text values",
                            &other,
                            true,
                        )),
                    })
                    .collect::<Result<_, _>>()?
            }
            Some(other) => {
                return Err(RequestError::invalid(
                    CUSTOM_FIELDS,
                    "an object of text values",
                    &other,
                    true,
                ));
            }
        };
        Ok(Self {
            from,
            to,
            agents,
            min_duration,
            max_duration,
            duration_kind,
            call_types,
            statuses,
            customer_number,
            fields,
        })
    }
}

fn take_instant(
    params: &mut Params,
    key: &'static str,
) -> Result<Option<DateTime<FixedOffset>>, RequestError> {
    let expected = "a date and time YYYY-MM-DD HH:MM:SS (India Standard Time)";
    let Some(value) = params.take(key) else {
        return Ok(None);
    };
    let parsed = value
        .as_str()
        .and_then(clock::parse_datetime)
        .and_then(|(local, _)| local.and_local_timezone(IST).single());
    match parsed {
        Some(at) => Ok(Some(at)),
        None => Err(RequestError::invalid(key, expected, &value, true)),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{FixedOffset, TimeZone};
    use serde_json::{Map, Value, json};

    use super::{DurationKind, ReportFilter};
    use crate::call_status::CallStatus;
    use crate::ids::AgentId;
    use crate::open_enum::CallType;
    use crate::request::Params;

    #[test]
    fn writes_and_reads_every_key() {
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        let filter = ReportFilter::new()
            .between(
                new_york.with_ymd_and_hms(2025, 11, 1, 13, 30, 0).unwrap(),
                new_york.with_ymd_and_hms(2025, 11, 2, 13, 29, 59).unwrap(),
            )
            .agents([AgentId::new(24)])
            .min_duration(Duration::from_secs(30))
            .max_duration(Duration::from_secs(600))
            .duration_kind(DurationKind::AgentOnCall)
            .call_types([CallType::Inbound, CallType::from_wire("NEW")])
            .statuses([CallStatus::BOTH_ANSWERED])
            .customer_number("12345")
            .field("disposition", "sale");
        let mut body = Map::new();
        filter.write(&mut body);
        assert_eq!(
            Value::Object(body.clone()),
            json!({
                "frmDt": "2025-11-02 00:00:00", "toDt": "2025-11-02 23:59:59",
                "agts": [24], "minDur": 30, "maxDur": 600, "durTy": "agtOnCl",
                "clTy": ["IBD", "NEW"], "st": [3], "cNum": "12345",
                "cstm": {"disposition": "sale"}
            })
        );
        let mut params = Params::new(body);
        assert_eq!(ReportFilter::take(&mut params).unwrap(), filter);
        assert!(params.into_extra().is_empty());
    }

    #[test]
    fn refuses_bad_values_naming_them() {
        let cases = [
            (
                json!({"frmDt": "2025-11-02"}),
                "frmDt: expected a date and time YYYY-MM-DD HH:MM:SS (India Standard Time), got \"2025-11-02\"",
            ),
            (
                json!({"frmDt": "2025-11-03 00:00:00", "toDt": "2025-11-02 00:00:00"}),
                "toDt: expected a time at or after frmDt, got an earlier time",
            ),
            (
                json!({"minDur": -1}),
                "minDur: expected a whole number of seconds, got -1",
            ),
            (
                json!({"durTy": "x"}),
                "durTy: expected one of \"c\", \"q\", \"agtOnCl\", got \"x\"",
            ),
            (
                json!({"agts": ["a"]}),
                "agts: expected agent ids (whole numbers), got an array of 1 items",
            ),
            (
                json!({"st": [70000]}),
                "st: expected status codes (whole numbers), got an array of 1 items",
            ),
            (json!({"cNum": 5}), "cNum: expected a string, got a number"),
            (
                json!({"cstm": {"a": [1]}}),
                "cstm: expected an object of text values, got an array of 1 items",
            ),
        ];
        for (body, message) in cases {
            let mut params = Params::new(body.as_object().unwrap().clone());
            assert_eq!(
                ReportFilter::take(&mut params).unwrap_err().to_string(),
                message
            );
        }
        let long = [
            (
                json!({"agts": vec![1; 1_001]}),
                "agts: at most 1000 items, got 1001",
            ),
            (
                json!({"clTy": vec!["IBD"; 65]}),
                "clTy: at most 64 items, got 65",
            ),
            (json!({"st": vec![3; 65]}), "st: at most 64 items, got 65"),
            (
                Value::Object(
                    [(
                        "cstm".to_owned(),
                        Value::Object((0..65).map(|i| (format!("k{i}"), json!("v"))).collect()),
                    )]
                    .into_iter()
                    .collect(),
                ),
                "cstm: at most 64 items, got 65",
            ),
        ];
        for (body, message) in long {
            let mut params = Params::new(body.as_object().unwrap().clone());
            let error = ReportFilter::take(&mut params).unwrap_err();
            assert_eq!(error.to_string(), message);
            assert_eq!(error.api_code(), crate::ApiCode::InvalidParameters);
        }
        let mut at_limit =
            Params::new(json!({"agts": vec![1; 1_000]}).as_object().unwrap().clone());
        assert_eq!(
            ReportFilter::take(&mut at_limit).unwrap().agents.len(),
            1_000
        );
        let mut single = Params::new(
            json!({"agts": 24, "clTy": "OBD"})
                .as_object()
                .unwrap()
                .clone(),
        );
        let filter = ReportFilter::take(&mut single).unwrap();
        assert_eq!(filter.agents, [AgentId::new(24)]);
        assert_eq!(filter.call_types, [CallType::Outbound]);
    }
}
