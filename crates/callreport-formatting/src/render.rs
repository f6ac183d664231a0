//! Cells as text: the one rendering shared by CSV, text tables and PDF.
//!
//! Dates and durations are formatted by hand: these run once per cell, millions of times.

use std::fmt::Write as _;

use callreport_model::{RECORDING_PATH, RecordingLocator};
use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::cell::Cell;

/// Appends `cell` as text: `2025-11-22 16:13:18`, `00:01:23`, `12.50`, `3`, or nothing.
pub(crate) fn push_cell(out: &mut String, cell: &Cell<'_>) {
    match cell {
        Cell::Text(text) => out.push_str(text),
        Cell::Recording(locator, base_url) => push_recording_url(out, locator, base_url),
        Cell::DateTime(at) => push_datetime(out, at),
        Cell::Duration(seconds) => push_duration(out, *seconds),
        Cell::Amount(amount) => push_amount(out, *amount),
        Cell::Count(count) => push_count(out, *count),
        Cell::Empty => {}
    }
}

/// The playback URL, as [`RecordingLocator::url`] makes it, written straight into `out`
/// (this runs for most rows; the model's method allocates once per part).
pub(crate) fn push_recording_url(out: &mut String, locator: &RecordingLocator, base_url: &str) {
    out.push_str(base_url.trim_end_matches('/'));
    out.push_str(RECORDING_PATH);
    let text = locator.to_string_exposed();
    for (position, part) in text.split('*').enumerate() {
        if position > 0 {
            out.push('/');
        }
        for byte in part.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(byte));
            } else {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
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

/// Two decimals, as `{:.2}` writes them.
pub(crate) fn push_amount(out: &mut String, amount: f64) {
    // Whole cents (every amount the provider sends) are written without the float formatter,
    // whose exact path is slow; the result is the same, as the value is that many cents.
    let cents = amount * 100.0;
    if cents.fract() == 0.0 && cents.abs() < 1e15 {
        if amount.is_sign_negative() {
            out.push('-');
        }
        let cents = (cents as i64).unsigned_abs();
        push_count(out, cents / 100);
        out.push('.');
        push_two(out, (cents % 100) as u32);
    } else {
        let _ = write!(out, "{amount:.2}");
    }
}

pub(crate) fn push_count(out: &mut String, mut count: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (count % 10) as u8;
        count /= 10;
        if count == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
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
    use callreport_model::RecordingLocator;
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
        for amount in [
            1.5,
            0.1,
            -2.25,
            0.0,
            -0.0,
            1.005,
            1e14 + 0.5,
            2e15,
            0.125,
            f64::NAN,
        ] {
            assert_eq!(
                text(&Cell::Amount(amount)),
                format!("{amount:.2}"),
                "{amount}"
            );
        }
        assert_eq!(text(&Cell::Count(42)), "42");
        assert_eq!(text(&Cell::Count(0)), "0");
        assert_eq!(text(&Cell::Count(u64::MAX)), u64::MAX.to_string());
        let locator = RecordingLocator::parse(
            "{{ssid}}*mp3*29791451*2025*11*2*a b_919000012345_2025-11-2-16-13-37_CTC.mp3",
        )
        .unwrap();
        for base in ["https://v4-api.deepcall.com", "http://127.0.0.1:8080/"] {
            assert_eq!(text(&Cell::Recording(&locator, base)), locator.url(base));
        }
        let mut long = String::new();
        push_duration(&mut long, 400 * 3600 + 61);
        assert_eq!(long, "400:01:01");
    }
}
