//! The provider's text formats for times, dates and durations, parsed and printed by hand.
//!
//! Each parser says whether its input was in the provider's usual (canonical) spelling, so that
//! an unusual spelling can be written back exactly as it came.

use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// India Standard Time, `+05:30`: the zone of every local time the provider prints.
pub const IST: FixedOffset = match FixedOffset::east_opt(5 * 3600 + 30 * 60) {
    Some(offset) => offset,
    None => panic!("+05:30 is a valid offset"),
};

/// A parsed value and whether its text was the canonical spelling.
pub(crate) type Spelled<T> = (T, bool);

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Splits `text` on the ASCII byte `sep` into exactly `N` non-empty parts.
///
/// A byte loop rather than `str::split`: these parsers run for every field of every call.
fn split_exact<const N: usize>(text: &str, sep: u8) -> Option<[&str; N]> {
    let mut parts = [""; N];
    let mut start = 0;
    let mut count = 0;
    for (index, byte) in text.bytes().enumerate() {
        if byte == sep {
            if count + 1 >= N || index == start {
                return None;
            }
            parts[count] = &text[start..index];
            count += 1;
            start = index + 1;
        }
    }
    if count + 1 != N || start == text.len() {
        return None;
    }
    parts[count] = &text[start..];
    Some(parts)
}

/// Parses 1 to `max_len` ASCII digits; the flag is true when exactly `padded_len` were given.
fn digits(text: &str, max_len: usize, padded_len: usize) -> Option<(u32, bool)> {
    if text.is_empty() || text.len() > max_len {
        return None;
    }
    let mut value: u32 = 0;
    for byte in text.bytes() {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    Some((value, text.len() == padded_len))
}

/// `HH:MM:SS` (hours may pass 99) -> a duration. Canonical: two-digit minutes and seconds, at
/// least two-digit hours.
pub(crate) fn parse_hms(text: &str) -> Option<Spelled<Duration>> {
    if let Some(duration) = parse_hms_canonical(text.as_bytes()) {
        return Some((duration, true));
    }
    parse_hms_any(text)
}

/// Two ASCII digits as a number.
fn two_digits(high: u8, low: u8) -> Option<u32> {
    (high.is_ascii_digit() && low.is_ascii_digit())
        .then(|| u32::from(high - b'0') * 10 + u32::from(low - b'0'))
}

/// The usual `HH:MM:SS` (exactly eight bytes): most durations, read without splitting.
fn parse_hms_canonical(bytes: &[u8]) -> Option<Duration> {
    let [h1, h2, b':', m1, m2, b':', s1, s2] = *bytes else {
        return None;
    };
    let (hours, minutes, seconds) = (
        two_digits(h1, h2)?,
        two_digits(m1, m2)?,
        two_digits(s1, s2)?,
    );
    (minutes < 60 && seconds < 60)
        .then(|| Duration::from_secs(u64::from(hours * 3600 + minutes * 60 + seconds)))
}

fn parse_hms_any(text: &str) -> Option<Spelled<Duration>> {
    let [h, m, s] = split_exact::<3>(text, b':')?;
    let hours = long_digits(h)?;
    let (minutes, m_padded) = digits(m, 2, 2)?;
    let (seconds, s_padded) = digits(s, 2, 2)?;
    if minutes > 59 || seconds > 59 {
        return None;
    }
    let canonical = m_padded && s_padded && h.len() >= 2 && (h.len() == 2 || !h.starts_with('0'));
    // Any whole-second duration is written with as many hour digits as it needs, so any is
    // read back; only a total beyond whole seconds in 64 bits is refused.
    let total = hours
        .checked_mul(3600)?
        .checked_add(u64::from(minutes) * 60 + u64::from(seconds))?;
    Some((Duration::from_secs(total), canonical))
}

/// One or more ASCII digits as a number, `None` past 64 bits.
fn long_digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0_u64, |value, byte| {
        byte.is_ascii_digit().then_some(())?;
        value.checked_mul(10)?.checked_add(u64::from(byte - b'0'))
    })
}

/// A duration as `HH:MM:SS`, whole seconds.
pub(crate) fn format_hms(duration: Duration) -> String {
    let total = duration.as_secs();
    format!(
        "{:02}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

/// `4:13:18 pm` -> a time of day. Canonical: unpadded hour, lower-case `am`/`pm`.
pub(crate) fn parse_clock12(text: &str) -> Option<Spelled<NaiveTime>> {
    let (clock, meridiem) = text.split_once(' ')?;
    let pm = match meridiem {
        "am" | "AM" | "Am" => false,
        "pm" | "PM" | "Pm" => true,
        _ => return None,
    };
    let [h, m, s] = split_exact::<3>(clock, b':')?;
    let (hour, _) = digits(h, 2, 2)?;
    let (minute, m_padded) = digits(m, 2, 2)?;
    let (second, s_padded) = digits(s, 2, 2)?;
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour24 = hour % 12 + if pm { 12 } else { 0 };
    let time = NaiveTime::from_hms_opt(hour24, minute, second)?;
    let canonical = !h.starts_with('0') && m_padded && s_padded && matches!(meridiem, "am" | "pm");
    Some((time, canonical))
}

/// A time of day as `4:13:18 pm`.
pub(crate) fn format_clock12(time: NaiveTime) -> String {
    let (pm, hour) = time.hour12();
    let meridiem = if pm { "pm" } else { "am" };
    format!(
        "{hour}:{:02}:{:02} {meridiem}",
        time.minute(),
        time.second()
    )
}

/// `22/Nov/2025` -> a date. Canonical: two-digit day, English month abbreviation.
pub(crate) fn parse_day_month_name_year(text: &str) -> Option<Spelled<NaiveDate>> {
    let [d, m, y] = split_exact::<3>(text, b'/')?;
    let (day, d_padded) = digits(d, 2, 2)?;
    let month_index = MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(m))?;
    let (year, y_full) = digits(y, 4, 4)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, (month_index + 1) as u32, day)?;
    Some((date, d_padded && y_full && MONTHS[month_index] == m))
}

/// A date as `22/Nov/2025`.
pub(crate) fn format_day_month_name_year(date: NaiveDate) -> String {
    // Four year digits, as the reader takes as usual: year 25 is `0025`, never `25`.
    format!(
        "{:02}/{}/{:04}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// The years a two-digit year (`22/11/25`) stands for.
pub(crate) const SHORT_YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// `22/11/25` (day/month/two-digit year, 2000-2099) -> a date. Canonical: all parts two digits.
pub(crate) fn parse_day_month_short_year(text: &str) -> Option<Spelled<NaiveDate>> {
    let [d, m, y] = split_exact::<3>(text, b'/')?;
    let (day, d_padded) = digits(d, 2, 2)?;
    let (month, m_padded) = digits(m, 2, 2)?;
    let (year, y_padded) = digits(y, 2, 2)?;
    let date =
        NaiveDate::from_ymd_opt(SHORT_YEARS.start() + i32::try_from(year).ok()?, month, day)?;
    Some((date, d_padded && m_padded && y_padded))
}

/// A date as `22/11/25`, for years 2000 to 2099.
pub(crate) fn format_day_month_short_year(date: NaiveDate) -> String {
    format!(
        "{:02}/{:02}/{:02}",
        date.day(),
        date.month(),
        date.year().rem_euclid(100)
    )
}

/// `2025-11-22 10:30:45` -> a local date and time. Canonical: every part zero-padded.
pub(crate) fn parse_datetime(text: &str) -> Option<Spelled<NaiveDateTime>> {
    let (date, time) = text.split_once(' ')?;
    let [y, mo, d] = split_exact::<3>(date, b'-')?;
    let [h, mi, s] = split_exact::<3>(time, b':')?;
    let (year, y_full) = digits(y, 4, 4)?;
    let (month, mo_padded) = digits(mo, 2, 2)?;
    let (day, d_padded) = digits(d, 2, 2)?;
    let (hour, h_padded) = digits(h, 2, 2)?;
    let (minute, mi_padded) = digits(mi, 2, 2)?;
    let (second, s_padded) = digits(s, 2, 2)?;
    let value = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)?;
    let canonical = y_full && mo_padded && d_padded && h_padded && mi_padded && s_padded;
    Some((value, canonical))
}

/// A local date and time as `2025-11-22 10:30:45`.
pub(crate) fn format_datetime(value: NaiveDateTime) -> String {
    value.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Milliseconds since the Unix epoch -> the instant in India Standard Time.
pub(crate) fn from_epoch_millis(millis: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::from_timestamp_millis(millis).map(|utc| utc.with_timezone(&IST))
}

/// `Y-M-D-H-M-S` with or without zero padding (`2025-8-8-19-28-43`) -> a local date and time.
/// Canonical: zero-padded.
pub(crate) fn parse_dashed_datetime(text: &str) -> Option<Spelled<NaiveDateTime>> {
    let [y, mo, d, h, mi, s] = split_exact::<6>(text, b'-')?;
    let (year, y_full) = digits(y, 4, 4)?;
    let (month, a) = digits(mo, 2, 2)?;
    let (day, b) = digits(d, 2, 2)?;
    let (hour, c) = digits(h, 2, 2)?;
    let (minute, e) = digits(mi, 2, 2)?;
    let (second, f) = digits(s, 2, 2)?;
    let value = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)?;
    Some((value, y_full && a && b && c && e && f))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{NaiveDate, NaiveTime};

    use super::{
        format_clock12, format_day_month_name_year, format_day_month_short_year, format_hms,
        from_epoch_millis, parse_clock12, parse_dashed_datetime, parse_datetime,
        parse_day_month_name_year, parse_day_month_short_year, parse_hms,
    };

    #[test]
    fn durations() {
        assert_eq!(parse_hms("00:01:23"), Some((Duration::from_secs(83), true)));
        assert_eq!(
            parse_hms("123:00:01"),
            Some((Duration::from_secs(442_801), true))
        );
        assert_eq!(parse_hms("0:1:23"), Some((Duration::from_secs(83), false)));
        for bad in [
            "",
            "00:60:00",
            "00:00:60",
            "1:2",
            "a:00:00",
            "00:00:00:00",
            "-1:00:00",
            // Beyond whole seconds in 64 bits.
            "5124095576030432:00:00",
        ] {
            assert_eq!(parse_hms(bad), None, "{bad}");
        }
        assert_eq!(
            parse_hms("1000000:00:00"),
            Some((Duration::from_secs(3_600_000_000), true))
        );
        assert_eq!(format_hms(Duration::from_secs(442_801)), "123:00:01");
    }

    #[test]
    fn clock_times() {
        let t = NaiveTime::from_hms_opt(16, 13, 18).unwrap();
        assert_eq!(parse_clock12("4:13:18 pm"), Some((t, true)));
        assert_eq!(parse_clock12("04:13:18 PM"), Some((t, false)));
        assert_eq!(parse_clock12("12:00:00 am").unwrap().0, NaiveTime::MIN);
        assert_eq!(format_clock12(t), "4:13:18 pm");
        assert_eq!(format_clock12(NaiveTime::MIN), "12:00:00 am");
        for bad in [
            "00:00:00",
            "13:00:00 pm",
            "0:00:00 am",
            "4:13:18",
            "4:13:18 xm",
        ] {
            assert_eq!(parse_clock12(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2025, 11, 22).unwrap();
        assert_eq!(parse_day_month_name_year("22/Nov/2025"), Some((d, true)));
        assert_eq!(parse_day_month_name_year("22/nov/2025"), Some((d, false)));
        assert_eq!(format_day_month_name_year(d), "22/Nov/2025");
        assert_eq!(parse_day_month_short_year("22/11/25"), Some((d, true)));
        assert_eq!(format_day_month_short_year(d), "22/11/25");
        assert_eq!(parse_day_month_short_year("31/02/25"), None);
        assert_eq!(parse_day_month_name_year("22/Foo/2025"), None);
        // A year below 1000 is written with the four digits that read back as usual (found by
        // the response fuzzer: `08/Aug/0025` was written as `08/Aug/25`).
        let early = NaiveDate::from_ymd_opt(25, 8, 8).unwrap();
        assert_eq!(format_day_month_name_year(early), "08/Aug/0025");
        assert_eq!(
            parse_day_month_name_year("08/Aug/0025"),
            Some((early, true))
        );
        assert_eq!(parse_day_month_name_year("08/Aug/25"), Some((early, false)));
    }

    #[test]
    fn datetimes() {
        let dt = NaiveDate::from_ymd_opt(2025, 8, 8)
            .unwrap()
            .and_hms_opt(19, 28, 43)
            .unwrap();
        assert_eq!(
            parse_dashed_datetime("2025-8-8-19-28-43"),
            Some((dt, false))
        );
        assert_eq!(
            parse_dashed_datetime("2025-08-08-19-28-43"),
            Some((dt, true))
        );
        assert_eq!(parse_datetime("2025-08-08 19:28:43"), Some((dt, true)));
        assert_eq!(parse_datetime("2025-08-08T19:28:43"), None);
        let start = from_epoch_millis(1_763_808_198_000).unwrap();
        assert_eq!(start.to_rfc3339(), "2025-11-22T16:13:18+05:30");
    }
}

#[cfg(test)]
mod properties {
    use std::time::Duration;

    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;

    use super::{
        format_clock12, format_datetime, format_day_month_name_year, format_day_month_short_year,
        format_hms, parse_clock12, parse_dashed_datetime, parse_datetime,
        parse_day_month_name_year, parse_day_month_short_year, parse_hms,
    };

    fn date(years: std::ops::Range<i32>) -> impl Strategy<Value = NaiveDate> {
        (years, 1_u32..=12, 1_u32..=31)
            .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    fn time() -> impl Strategy<Value = NaiveTime> {
        (0_u32..24, 0_u32..60, 0_u32..60)
            .prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap())
    }

    proptest! {
        #[test]
        fn durations_round_trip(seconds in prop_oneof![0_u64..10_000_000, any::<u64>()]) {
            let text = format_hms(Duration::from_secs(seconds));
            prop_assert_eq!(parse_hms(&text), Some((Duration::from_secs(seconds), true)));
        }

        #[test]
        fn clock_times_round_trip(time in time()) {
            prop_assert_eq!(parse_clock12(&format_clock12(time)), Some((time, true)));
        }

        #[test]
        fn dates_round_trip(date in date(1000..9999), short in date(2000..2100)) {
            prop_assert_eq!(parse_day_month_name_year(&format_day_month_name_year(date)), Some((date, true)));
            prop_assert_eq!(parse_day_month_short_year(&format_day_month_short_year(short)), Some((short, true)));
        }

        #[test]
        fn datetimes_round_trip(date in date(1000..9999), time in time(), padded in any::<bool>()) {
            let value = date.and_time(time);
            prop_assert_eq!(parse_datetime(&format_datetime(value)), Some((value, true)));
            let dashed = if padded { value.format("%Y-%m-%d-%H-%M-%S") } else { value.format("%Y-%-m-%-d-%-H-%-M-%-S") };
            let parsed = parse_dashed_datetime(&dashed.to_string()).unwrap();
            prop_assert_eq!(parsed.0, value);
        }

        #[test]
        fn parsers_never_panic(text in "\\PC{0,24}") {
            let _ = (parse_hms(&text), parse_clock12(&text), parse_datetime(&text));
            let _ = (parse_day_month_name_year(&text), parse_day_month_short_year(&text), parse_dashed_datetime(&text));
        }
    }
}
