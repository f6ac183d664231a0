//! `Range: bytes=…` requests on recordings: one range, or the whole file.

/// What to send for a `Range` header and a file of `size` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ranged {
    /// The whole file (no header, another unit, several ranges, or a malformed header, which
    /// RFC 9110 says to ignore).
    Whole,
    /// Bytes `start..=end`.
    Part { start: u64, end: u64 },
    /// A range that starts beyond the end: 416.
    Unsatisfiable,
}

/// Reads a `Range` header's value.
pub(crate) fn parse(header: Option<&str>, size: u64) -> Ranged {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ranged::Whole;
    };
    if spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Ranged::Whole;
    };
    let number = |text: &str| -> Option<u64> {
        let text = text.trim();
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match (number(first), number(last), last.trim().is_empty()) {
        // bytes=-N: the last N bytes.
        (None, Some(suffix), _) if first.trim().is_empty() => {
            if suffix == 0 || size == 0 {
                Ranged::Unsatisfiable
            } else {
                Ranged::Part {
                    start: size.saturating_sub(suffix),
                    end: size - 1,
                }
            }
        }
        // bytes=A-: from A to the end.
        (Some(start), None, true) => part(start, u64::MAX, size),
        // bytes=A-B.
        (Some(start), Some(end), _) if start <= end => part(start, end, size),
        _ => Ranged::Whole,
    }
}

fn part(start: u64, end: u64, size: u64) -> Ranged {
    if start >= size {
        Ranged::Unsatisfiable
    } else {
        Ranged::Part {
            start,
            end: end.min(size - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Ranged, parse};

    #[test]
    fn ranges() {
        let cases = [
            (None, Ranged::Whole),
            (Some("bytes=0-99"), Ranged::Part { start: 0, end: 99 }),
            (
                Some("bytes=100-"),
                Ranged::Part {
                    start: 100,
                    end: 999,
                },
            ),
            (
                Some("bytes=990-5000"),
                Ranged::Part {
                    start: 990,
                    end: 999,
                },
            ),
            (
                Some("bytes=-10"),
                Ranged::Part {
                    start: 990,
                    end: 999,
                },
            ),
            (Some("bytes=-5000"), Ranged::Part { start: 0, end: 999 }),
            (Some("bytes=1000-"), Ranged::Unsatisfiable),
            (Some("bytes=-0"), Ranged::Unsatisfiable),
            (Some("bytes=5-1"), Ranged::Whole),
            (Some("bytes=0-1,5-9"), Ranged::Whole),
            (Some("items=0-1"), Ranged::Whole),
            (Some("bytes=x-1"), Ranged::Whole),
            (Some("bytes=-"), Ranged::Whole),
        ];
        for (header, expected) in cases {
            assert_eq!(parse(header, 1000), expected, "{header:?}");
        }
        assert_eq!(parse(Some("bytes=0-"), 0), Ranged::Unsatisfiable);
    }
}
