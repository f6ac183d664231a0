//! The time window of a report: `--since` and `--until`, as dates, times or words a scheduled
//! job can repeat every night (`yesterday`, `7d`, `last-month`), resolved in the chosen zone.

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::exit::Failure;
use crate::time_zone;

/// The words and forms `--since` and `--until` take, for `--help` and errors.
pub(crate) const FORMS: &str = "a date (2025-11-01), a time (2025-11-01 09:30), a time with an offset \
(2025-11-01T09:30:00+05:30), or now, today, yesterday, Nd (the day N days ago, such as 7d), \
this-month, last-month";

/// Which edge of a period a value stands for: `--since` takes its start, `--until` its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edge {
    Start,
    End,
}

/// A resolved window: either side may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub(crate) since: Option<DateTime<FixedOffset>>,
    pub(crate) until: Option<DateTime<FixedOffset>>,
    pub(crate) zone: Tz,
}

impl Window {
    /// Resolves `since` and `until` in `zone`, the words relative to `now`.
    pub(crate) fn resolve(
        since: Option<&str>,
        until: Option<&str>,
        zone: Tz,
        now: DateTime<Tz>,
    ) -> Result<Self, Failure> {
        let since = since
            .map(|text| resolve(text, Edge::Start, zone, now))
            .transpose()?;
        let until = until
            .map(|text| resolve(text, Edge::End, zone, now))
            .transpose()?;
        if let (Some(since), Some(until)) = (since, until)
            && since > until
        {
            return Err(Failure::usage(format!(
                "--since ({}) is after --until ({})",
                shown(since, zone),
                shown(until, zone)
            )));
        }
        Ok(Self { since, until, zone })
    }

    /// The window in words, in its zone: `2025-11-27 00:00:00 to 2025-11-27 23:59:59 IST`.
    pub(crate) fn describe(&self) -> String {
        let label = time_zone::label(self.zone);
        match (self.since, self.until) {
            (Some(since), Some(until)) => format!(
                "{} to {} {label}",
                shown(since, self.zone),
                shown(until, self.zone)
            ),
            (Some(since), None) => format!("from {} {label}", shown(since, self.zone)),
            (None, Some(until)) => format!("until {} {label}", shown(until, self.zone)),
            (None, None) => "all dates".to_owned(),
        }
    }

    /// Whether either side is set.
    pub(crate) fn is_bounded(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }
}

fn shown(at: DateTime<FixedOffset>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// One side of a window.
pub(crate) fn resolve(
    text: &str,
    edge: Edge,
    zone: Tz,
    now: DateTime<Tz>,
) -> Result<DateTime<FixedOffset>, Failure> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    if let Some(local) = wall_clock_time(text) {
        return Ok(time_zone::instant(zone, local));
    }
    let today = now.date_naive();
    let (first, last) = match text.to_ascii_lowercase().as_str() {
        "now" => return Ok(now.fixed_offset()),
        "today" => (today, today),
        "yesterday" => day_before(today, 1, text)?,
        "this-month" => month_of(today, 0, text)?,
        "last-month" => month_of(today, 1, text)?,
        word => match word.strip_suffix('d').map(str::parse::<u64>) {
            Some(Ok(days)) => day_before(today, days, text)?,
            _ => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) => (date, date),
                Err(_) => return Err(not_a_time(text)),
            },
        },
    };
    Ok(match edge {
        Edge::Start => time_zone::instant(zone, first.and_time(NaiveTime::MIN)),
        Edge::End => time_zone::instant(zone, last.and_time(end_of_day())),
    })
}

/// A time of day given as a date and a clock time, without an offset.
fn wall_clock_time(text: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

/// The API's times have whole seconds: a day ends at its last second.
fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
}

fn day_before(today: NaiveDate, days: u64, text: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let day = today
        .checked_sub_days(Days::new(days))
        .ok_or_else(|| not_a_time(text))?;
    Ok((day, day))
}

/// The first and last day of the month `back` months before `today`'s.
fn month_of(today: NaiveDate, back: u32, text: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let first = today
        .with_day(1)
        .and_then(|first| first.checked_sub_months(Months::new(back)))
        .ok_or_else(|| not_a_time(text))?;
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .ok_or_else(|| not_a_time(text))?;
    Ok((first, last))
}

fn not_a_time(text: &str) -> Failure {
    Failure::usage(format!("{text:?} is not a time: use {FORMS}"))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Tz;

    use super::{Edge, Window, resolve};

    fn now(zone: Tz) -> chrono::DateTime<Tz> {
        zone.from_local_datetime(
            &NaiveDate::from_ymd_opt(2025, 3, 1)
                .unwrap()
                .and_hms_opt(2, 0, 0)
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn words_resolve_to_whole_days_in_the_zone() {
        let ist = chrono_tz::Asia::Kolkata;
        let window = Window::resolve(Some("yesterday"), Some("yesterday"), ist, now(ist)).unwrap();
        assert_eq!(
            window.describe(),
            "2025-02-28 00:00:00 to 2025-02-28 23:59:59 IST"
        );
        assert_eq!(
            window.since.unwrap().to_rfc3339(),
            "2025-02-28T00:00:00+05:30"
        );
        let utc = chrono_tz::UTC;
        let month = Window::resolve(Some("last-month"), Some("last-month"), utc, now(utc)).unwrap();
        assert_eq!(
            month.describe(),
            "2025-02-01 00:00:00 to 2025-02-28 23:59:59 UTC"
        );
        let week = resolve("7d", Edge::Start, ist, now(ist)).unwrap();
        assert_eq!(week.to_rfc3339(), "2025-02-22T00:00:00+05:30");
        let this = Window::resolve(Some("this-month"), None, ist, now(ist)).unwrap();
        assert_eq!(this.describe(), "from 2025-03-01 00:00:00 IST");
    }

    #[test]
    fn dates_times_and_offsets() {
        let ist = chrono_tz::Asia::Kolkata;
        let explicit = resolve("2025-11-01T09:30:00+05:30", Edge::Start, ist, now(ist)).unwrap();
        assert_eq!(explicit.to_rfc3339(), "2025-11-01T09:30:00+05:30");
        let end = resolve("2025-11-01", Edge::End, chrono_tz::UTC, now(ist)).unwrap();
        assert_eq!(end.to_rfc3339(), "2025-11-01T23:59:59+00:00");
        let bad = resolve("someday", Edge::Start, ist, now(ist)).unwrap_err();
        assert!(bad.message.contains("yesterday"), "{}", bad.message);
        let reversed = Window::resolve(Some("today"), Some("yesterday"), ist, now(ist));
        assert!(reversed.unwrap_err().message.contains("is after"));
    }
}
