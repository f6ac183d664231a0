//! Splitting a date range into windows fetched one after the other.

use std::collections::VecDeque;

use callreport_model::SortOrder;
use chrono::{DateTime, FixedOffset, TimeDelta};

/// The windows of `[from, to]`, each `window` long (the last one shorter), in sort order.
pub(super) fn windows(
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
    window: TimeDelta,
    order: SortOrder,
) -> VecDeque<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let window = window.max(TimeDelta::seconds(1));
    let mut out = VecDeque::new();
    let mut start = from;
    while start <= to {
        let end = (start + window - TimeDelta::seconds(1)).min(to);
        out.push_back((start, end));
        start += window;
    }
    if order == SortOrder::Descending {
        out = out.into_iter().rev().collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use callreport_model::{IST, SortOrder};
    use chrono::{TimeDelta, TimeZone};

    use super::windows;

    #[test]
    fn windows_cover_the_range_without_overlap() {
        let from = IST.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap();
        let to = IST.with_ymd_and_hms(2025, 11, 3, 12, 0, 0).unwrap();
        let ascending = windows(from, to, TimeDelta::days(1), SortOrder::Ascending);
        let bounds: Vec<String> = ascending
            .iter()
            .map(|(a, b)| format!("{} {}", a.format("%d %H:%M:%S"), b.format("%d %H:%M:%S")))
            .collect();
        assert_eq!(
            bounds,
            [
                "01 00:00:00 01 23:59:59",
                "02 00:00:00 02 23:59:59",
                "03 00:00:00 03 12:00:00"
            ]
        );
        let descending = windows(from, to, TimeDelta::days(1), SortOrder::Descending);
        assert_eq!(descending.front(), ascending.back());
    }
}
