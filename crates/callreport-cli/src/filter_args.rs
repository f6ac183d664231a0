//! The report filter as command-line flags.

use std::time::Duration;

use callreport_model::{AgentId, CallStatus, CallType, DurationKind, ReportFilter};
use chrono::Utc;
use chrono_tz::Tz;
use clap::{Args, ValueEnum};

use crate::exit::Failure;
use crate::window::{self, Edge, Window};

/// Which of a call's durations `--min-duration` / `--max-duration` apply to.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum DurationOf {
    /// Customer (talk) time.
    Talk,
    /// Queue time.
    Queue,
    /// Agent-on-call time.
    Agent,
}

/// Filter flags shared by `list`, `count`, `export` and `recordings download`.
#[derive(Debug, Args)]
pub(crate) struct FilterArgs {
    /// Calls from this time: a date (its start), a time, or now, today, yesterday, 7d,
    /// this-month, last-month; without an offset, in the --tz zone.
    #[arg(long, visible_alias = "from", value_name = "WHEN")]
    since: Option<String>,
    /// Calls up to this time (a date or a word means its end), in the same forms as --since.
    #[arg(long, visible_alias = "to", value_name = "WHEN")]
    until: Option<String>,
    /// The moment the words of --since and --until count from [default: now]; to re-run a
    /// missed night's job.
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
    /// Calls handled by these agent ids (comma-separated, or repeat the flag).
    #[arg(long = "agent", value_name = "ID", value_delimiter = ',')]
    agents: Vec<u64>,
    /// Calls of these types (comma-separated, or repeat the flag).
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',', value_parser = parse_call_type)]
    types: Vec<CallType>,
    /// Calls with these status codes (comma-separated, or repeat the flag).
    #[arg(long = "status", value_name = "CODE", value_delimiter = ',', value_parser = parse_status)]
    statuses: Vec<CallStatus>,
    /// Calls at least this long: `90`, `90s`, `1m30s`, `00:01:30`.
    #[arg(long)]
    min_duration: Option<String>,
    /// Calls at most this long.
    #[arg(long)]
    max_duration: Option<String>,
    /// Which duration the range applies to.
    #[arg(long, value_enum, default_value = "talk")]
    duration_of: DurationOf,
    /// Calls whose customer number ends with these digits (`+91 90000-77673` is read as
    /// 919000077673).
    #[arg(long, value_name = "NUMBER")]
    customer: Option<String>,
    /// Calls whose custom call-analysis field KEY has VALUE (repeat for several; a value may
    /// contain commas).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    fields: Vec<String>,
}

impl FilterArgs {
    /// The filter the flags describe, and its time window resolved in `zone`.
    pub(crate) fn filter(&self, zone: Tz) -> Result<(ReportFilter, Window), Failure> {
        let now = match &self.as_of {
            Some(text) => {
                window::resolve(text, Edge::Start, zone, Utc::now().with_timezone(&zone))?
                    .with_timezone(&zone)
            }
            None => Utc::now().with_timezone(&zone),
        };
        let window = Window::resolve(self.since.as_deref(), self.until.as_deref(), zone, now)?;
        let mut filter = ReportFilter::new()
            .agents(self.agents.iter().copied().map(AgentId::new))
            .call_types(self.types.iter().cloned())
            .statuses(self.statuses.iter().copied())
            .duration_kind(match self.duration_of {
                DurationOf::Talk => DurationKind::Talk,
                DurationOf::Queue => DurationKind::Queue,
                DurationOf::Agent => DurationKind::AgentOnCall,
            });
        filter.from = window.since;
        filter.to = window.until;
        filter.min_duration = self
            .min_duration
            .as_deref()
            .map(parse_duration)
            .transpose()?;
        filter.max_duration = self
            .max_duration
            .as_deref()
            .map(parse_duration)
            .transpose()?;
        if let Some(number) = &self.customer {
            filter = filter.customer_number(number.as_str());
            if filter.customer_number.as_deref().is_none_or(str::is_empty) {
                return Err(Failure::usage(format!(
                    "--customer {number:?} has no digits"
                )));
            }
        }
        for pair in &self.fields {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(Failure::usage(format!(
                    "--field {pair:?}: expected KEY=VALUE"
                )));
            };
            filter = filter.field(key, value);
        }
        Ok((filter, window))
    }
}

/// A call type the API knows, case-insensitive; anything else is refused with the list.
fn parse_call_type(text: &str) -> Result<CallType, String> {
    let wanted = text.trim().to_ascii_uppercase();
    CallType::KNOWN
        .iter()
        .find(|known| known.as_str() == wanted)
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = CallType::KNOWN.iter().map(CallType::as_str).collect();
            format!("unknown call type; valid types: {}", names.join(", "))
        })
}

/// A status code the API documents; anything else is refused with the list.
fn parse_status(text: &str) -> Result<CallStatus, String> {
    let known = || {
        CallStatus::known()
            .map(|status| format!("{} ({status})", status.code()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let code: u16 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a status code; valid codes: {}", known()))?;
    CallStatus::known()
        .find(|status| status.code() == code)
        .ok_or_else(|| format!("unknown status code; valid codes: {}", known()))
}

/// The filter in words, for a report's header: the window in its zone, then the rest.
pub(crate) fn describe(filter: &ReportFilter, window: &Window) -> String {
    let mut parts = vec![window.describe()];
    if !filter.call_types.is_empty() {
        parts.push(format!(
            "types {}",
            filter
                .call_types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !filter.agents.is_empty() {
        parts.push(format!(
            "agents {}",
            filter
                .agents
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !filter.statuses.is_empty() {
        parts.push(format!(
            "statuses {}",
            filter
                .statuses
                .iter()
                .map(|s| s.code().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(min) = filter.min_duration {
        parts.push(format!("at least {} s", min.as_secs()));
    }
    if let Some(max) = filter.max_duration {
        parts.push(format!("at most {} s", max.as_secs()));
    }
    if filter.customer_number.is_some() {
        parts.push("one customer number".to_owned());
    }
    for (key, value) in &filter.fields {
        parts.push(format!("{key} = {value}"));
    }
    parts.join("; ")
}

/// A duration: seconds (`90`), with units (`90s`, `2m`, `1h5m`, `1m30s`), or `[HH:]MM:SS`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, Failure> {
    let bad = || {
        Failure::usage(format!(
            "{text:?} is not a duration: use 90, 90s, 1m30s or 00:01:30"
        ))
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(bad());
    }
    if text.contains(':') {
        let parts: Vec<u64> = text
            .split(':')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let seconds = match parts.as_slice() {
            [m, s] if *s < 60 => m * 60 + s,
            [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
            _ => return Err(bad()),
        };
        return Ok(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    let mut total = 0_u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        total += value
            * match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
    }
    if !number.is_empty() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{parse_call_type, parse_duration, parse_status};

    #[test]
    fn durations_in_every_form() {
        for (text, seconds) in [
            ("90", 90),
            ("90s", 90),
            ("2m", 120),
            ("1m30s", 90),
            ("1h5m", 3900),
            ("01:30", 90),
            ("00:01:30", 90),
        ] {
            assert_eq!(
                parse_duration(text).unwrap(),
                Duration::from_secs(seconds),
                "{text}"
            );
        }
        for bad in ["", "x", "1x", "5m3", "00:61", "1:2:3:4"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn types_and_statuses_are_checked() {
        assert_eq!(parse_call_type("ibd").unwrap().as_str(), "IBD");
        let error = parse_call_type("FOO").unwrap_err();
        assert!(error.contains("IBD, OBD, CTC"), "{error}");
        assert_eq!(parse_status("3").unwrap().code(), 3);
        assert!(
            parse_status("999")
                .unwrap_err()
                .contains("3 (both answered)")
        );
        assert!(parse_status("x").is_err());
    }
}
