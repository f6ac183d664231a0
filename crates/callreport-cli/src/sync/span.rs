//! The lengths `sync` takes on its command line (`--overlap 2d`, `--window 6h`), and the time
//! windows a run reads.

use chrono::{DateTime, TimeDelta, Utc};

use crate::exit::Failure;

/// The forms a length takes, for `--help` and errors.
pub(crate) const FORMS: &str = "a number with a unit: 2d, 12h, 30m, 45s (a bare number is seconds)";

/// Reads `2d`, `12h`, `30m`, `45s` or `45`; zero and negative lengths are refused.
pub(crate) fn parse(text: &str) -> Result<TimeDelta, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let count: i64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a length: use {FORMS}"))?;
    let length = match unit {
        "d" => TimeDelta::try_days(count),
        "h" => TimeDelta::try_hours(count),
        "m" => TimeDelta::try_minutes(count),
        "s" => TimeDelta::try_seconds(count),
        _ => None,
    };
    match length {
        Some(length) if length > TimeDelta::zero() => Ok(length),
        _ => Err(format!("{text:?} is not a length: use {FORMS}")),
    }
}

/// A time window `[from, to)`, whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) from: DateTime<Utc>,
    pub(crate) to: DateTime<Utc>,
}

/// The windows of `[from, to)`, `window` long (the last one shorter), in ascending order.
pub(crate) fn windows(from: DateTime<Utc>, to: DateTime<Utc>, window: TimeDelta) -> Vec<Span> {
    let window = window.max(TimeDelta::seconds(1));
    let mut spans = Vec::new();
    let mut start = from;
    while start < to {
        let end = (start + window).min(to);
        spans.push(Span {
            from: start,
            to: end,
        });
        start = end;
    }
    spans
}

/// `at` without its fraction of a second: the API's times have whole seconds.
pub(crate) fn whole_seconds(at: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    DateTime::from_timestamp(at.timestamp(), 0)
        .ok_or_else(|| Failure::usage(format!("{at} is out of range")))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::{Span, parse, windows};

    #[test]
    fn lengths_take_a_unit_or_are_seconds() {
        assert_eq!(parse("2d"), Ok(TimeDelta::days(2)));
        assert_eq!(parse("12h"), Ok(TimeDelta::hours(12)));
        assert_eq!(parse("30m"), Ok(TimeDelta::minutes(30)));
        assert_eq!(parse("45"), Ok(TimeDelta::seconds(45)));
        assert!(parse("0d").is_err());
        assert!(parse("2w").unwrap_err().contains("12h"));
        assert!(parse("").is_err());
    }

    #[test]
    fn windows_cover_the_range_without_gaps_or_overlap() {
        let from = Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2025, 11, 3, 12, 0, 0).unwrap();
        let spans = windows(from, to, TimeDelta::days(1));
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[0].from, from);
        assert_eq!(spans[2].to, to);
        for pair in spans.windows(2) {
            assert_eq!(pair[0].to, pair[1].from);
        }
        assert_eq!(
            spans[2],
            Span {
                from: Utc.with_ymd_and_hms(2025, 11, 3, 0, 0, 0).unwrap(),
                to
            }
        );
        assert!(windows(to, to, TimeDelta::days(1)).is_empty());
    }
}
