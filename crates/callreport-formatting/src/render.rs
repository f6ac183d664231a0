//! Cells as text: the one rendering shared by CSV, text tables and PDF.
//!
//! Dates and durations are formatted by hand: these run once per cell, millions of times.

use chrono::{Datelike, NaiveDateTime, Timelike};
use std::fmt::Write as _;

use crate::cell::Cell;

/// Appends `cell` as text: `2025-11-22 16:13:18`, `00:01:23`, `12.50`, `3`, or nothing.
pub(crate) fn push_cell(out: &mut String, cell: &Cell<'_>) {
    match cell {
        Cell::Text(text) => out.push_str(text),
        Cell::DateTime(at) => push_datetime(out, at),
        Cell::Duration(seconds) => push_duration(out, *seconds),
        Cell::Amount(amount) => push_amount(out, *amount),
        Cell::Count(count) => push_count(out, *count),
        Cell::Empty => {}
    }
}

/// `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn push_datetime(out: &mut String, at: &NaiveDateTime) {
    let year = at.year();
    if (0..10_000).contains(&year) {
        push_two(out, year as u32 / 100);
        push_two(out, year as u32 % 100);
    } else {
        let _ = write!(out, "{year}");
    }
    out.push('-');
    push_two(out, at.month());
    out.push('-');
    push_two(out, at.day());
    out.push(' ');
    push_two(out, at.hour());
    out.push(':');
    push_two(out, at.minute());
    out.push(':');
    push_two(out, at.second());
}

/// `HH:MM:SS`, hours growing past two digits when needed.
pub(crate) fn push_duration(out: &mut String, seconds: u64) {
    let hours = seconds / 3600;
    if hours < 100 {
        push_two(out, hours as u32);
    } else {
        push_count(out, hours);
    }
    out.push(':');
    push_two(out, (seconds / 60 % 60) as u32);
    out.push(':');
    push_two(out, (seconds % 60) as u32);
}

/// Two decimals.
pub(crate) fn push_amount(out: &mut String, amount: f64) {
    let _ = write!(out, "{amount:.2}");
}

pub(crate) fn push_count(out: &mut String, count: u64) {
    let _ = write!(out, "{count}");
}

fn push_two(out: &mut String, value: u32) {
    out.push(char::from(b'0' + (value / 10 % 10) as u8));
    out.push(char::from(b'0' + (value % 10) as u8));
}

/// A duration rounded to whole seconds, as text.
pub(crate) fn duration_text(duration: std::time::Duration) -> String {
    let mut out = String::new();
    let rounded = duration.as_secs() + u64::from(duration.subsec_millis() >= 500);
    push_duration(&mut out, rounded);
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{push_cell, push_duration};
    use crate::cell::Cell;

    fn text(cell: &Cell<'_>) -> String {
        let mut out = String::new();
        push_cell(&mut out, cell);
        out
    }

    #[test]
    fn matches_chrono_and_std_formatting() {
        let at = NaiveDate::from_ymd_opt(2025, 11, 2)
            .unwrap()
            .and_hms_opt(7, 5, 9)
            .unwrap();
        assert_eq!(
            text(&Cell::DateTime(at)),
            at.format("%Y-%m-%d %H:%M:%S").to_string()
        );
        assert_eq!(text(&Cell::Duration(83)), "00:01:23");
        assert_eq!(text(&Cell::Amount(1.5)), "1.50");
        assert_eq!(text(&Cell::Count(42)), "42");
        let mut long = String::new();
        push_duration(&mut long, 400 * 3600 + 61);
        assert_eq!(long, "400:01:01");
    }
}
