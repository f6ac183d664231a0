//! The time zone dates are read and shown in: India time, the provider's, unless told otherwise.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::exit::Failure;

pub(crate) use callreport_formatting::zone_label as label;

/// The provider's zone, India Standard Time (+05:30, no daylight saving).
pub(crate) const PROVIDER: Tz = chrono_tz::Asia::Kolkata;

/// An IANA zone name (`Asia/Kolkata`, `UTC`, `Europe/London`); `IST` is taken as India's.
pub(crate) fn parse(name: &str) -> Result<Tz, Failure> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("IST") {
        return Ok(PROVIDER);
    }
    name.parse::<Tz>().map_err(|_| {
        Failure::usage(format!(
            "{name:?} is not a time zone: use an IANA name such as Asia/Kolkata, UTC or America/New_York"
        ))
    })
}

/// The instant a wall-clock time in `zone` names; in a daylight-saving gap, the first valid
/// instant after it, and in an overlap the earlier of the two.
pub(crate) fn instant(zone: Tz, local: NaiveDateTime) -> DateTime<FixedOffset> {
    let mut probe = local;
    // Gaps last two hours at most: a minute at a time finds the end of one.
    for _ in 0..=MAX_GAP_MINUTES {
        match zone.from_local_datetime(&probe) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => return at.fixed_offset(),
            LocalResult::None => probe += chrono::Duration::minutes(1),
        }
    }
    zone.from_utc_datetime(&local).fixed_offset()
}

/// The longest daylight-saving gap of any zone, with room to spare.
const MAX_GAP_MINUTES: u32 = 180;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{instant, parse};

    #[test]
    fn names_and_aliases() {
        assert_eq!(parse("IST").unwrap(), chrono_tz::Asia::Kolkata);
        assert_eq!(parse("Europe/London").unwrap(), chrono_tz::Europe::London);
        assert!(parse("Mars/Olympus").unwrap_err().message.contains("IANA"));
    }

    #[test]
    fn a_daylight_saving_gap_moves_forward() {
        let gap = NaiveDate::from_ymd_opt(2025, 3, 30)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        let at = instant(chrono_tz::Europe::London, gap);
        assert_eq!(at.to_rfc3339(), "2025-03-30T02:00:00+01:00");
    }
}
