//! The report filter as command-line flags.

use std::time::Duration;

use callreport_model::{AgentId, CallStatus, CallType, DurationKind, ReportFilter};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use clap::{Args, ValueEnum};

use crate::exit::Failure;

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

/// Filter flags shared by `list`, `count` and `export`.
#[derive(Debug, Args)]
pub(crate) struct FilterArgs {
    /// Calls from this time: `2025-11-01`, `2025-11-01 09:30`, or with an offset
    /// `2025-11-01T09:30:00+05:30`; without an offset, in the local time zone.
    #[arg(long)]
    from: Option<String>,
    /// Calls up to this time (a date alone means its end), in the same forms as --from.
    #[arg(long)]
    to: Option<String>,
    /// Calls handled by this agent id (repeat for several).
    #[arg(long = "agent", value_name = "ID")]
    agents: Vec<u64>,
    /// Calls of this type, such as IBD, OBD, CTC (repeat for several).
    #[arg(long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Calls with this status code (repeat for several).
    #[arg(long = "status", value_name = "CODE")]
    statuses: Vec<u16>,
    /// Calls at least this long: `90`, `90s`, `1m30s`, `00:01:30`.
    #[arg(long)]
    min_duration: Option<String>,
    /// Calls at most this long.
    #[arg(long)]
    max_duration: Option<String>,
    /// Which duration the range applies to.
    #[arg(long, value_enum, default_value = "talk")]
    duration_of: DurationOf,
    /// Calls whose customer number ends with these digits.
    #[arg(long, value_name = "DIGITS")]
    customer: Option<String>,
    /// Calls whose custom call-analysis field KEY has VALUE (repeat for several).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    fields: Vec<String>,
}

impl FilterArgs {
    /// The filter the flags describe.
    pub(crate) fn filter(&self) -> Result<ReportFilter, Failure> {
        let mut filter = ReportFilter::new()
            .agents(self.agents.iter().copied().map(AgentId::new))
            .call_types(
                self.types
                    .iter()
                    .map(|t| CallType::from_wire(&t.to_ascii_uppercase())),
            )
            .statuses(self.statuses.iter().copied().map(CallStatus::new))
            .duration_kind(match self.duration_of {
                DurationOf::Talk => DurationKind::Talk,
                DurationOf::Queue => DurationKind::Queue,
                DurationOf::Agent => DurationKind::AgentOnCall,
            });
        filter.from = self
            .from
            .as_deref()
            .map(|text| parse_time(text, false))
            .transpose()?;
        filter.to = self
            .to
            .as_deref()
            .map(|text| parse_time(text, true))
            .transpose()?;
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(Failure::usage("--from is after --to"));
        }
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
        if let Some(digits) = &self.customer {
            filter = filter.customer_number(digits.clone());
        }
        for pair in &self.fields {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(Failure::usage(format!(
                    "--field {pair:?}: expected KEY=VALUE"
                )));
            };
            filter = filter.field(key, value);
        }
        Ok(filter)
    }
}

/// A time in one of the accepted forms; a bare date is its start (or, for `end`, its last
/// second).
pub(crate) fn parse_time(text: &str, end: bool) -> Result<DateTime<FixedOffset>, Failure> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let naive = if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let time = if end {
            NaiveTime::from_hms_opt(23, 59, 59)
        } else {
            NaiveTime::from_hms_opt(0, 0, 0)
        };
        time.map(|time| date.and_time(time))
    } else {
        [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    };
    let local = naive.and_then(|naive| Local.from_local_datetime(&naive).earliest());
    local.map(|at| at.fixed_offset()).ok_or_else(|| {
        Failure::usage(format!(
            "{text:?} is not a time: use 2025-11-01, 2025-11-01 09:30 or 2025-11-01T09:30:00+05:30"
        ))
    })
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

    use super::{parse_duration, parse_time};

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
    fn times_with_and_without_offsets() {
        let explicit = parse_time("2025-11-01T09:30:00+05:30", false).unwrap();
        assert_eq!(explicit.to_rfc3339(), "2025-11-01T09:30:00+05:30");
        let end = parse_time("2025-11-01", true).unwrap();
        assert_eq!(end.format("%H:%M:%S").to_string(), "23:59:59");
        assert!(
            parse_time("yesterday", false)
                .unwrap_err()
                .message
                .contains("is not a time")
        );
    }
}
