//! Column widths and fitting text to them, by display width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::column::Column;

/// The narrowest a column is made to fit a line.
const MIN_WIDTH: usize = 4;

/// The narrowest a column whose values vary in length (names, URLs) is made before the
/// fixed-width ones (dates, durations) are touched.
const FLEX_MIN_WIDTH: usize = 10;

/// Each column's width: its typical width, or its title's if wider. Lines wider than
/// `max_width` are narrowed in three passes, widest column first in each: titles down to the
/// typical widths, then names, statuses and URLs down to [`FLEX_MIN_WIDTH`], then every column
/// down to [`MIN_WIDTH`].
pub(super) fn widths(columns: &[Column], titles: &[&str], max_width: Option<usize>) -> Vec<usize> {
    let mut widths: Vec<usize> = columns
        .iter()
        .zip(titles)
        .map(|(column, title)| column.typical_width().max(title.width()))
        .collect();
    let Some(max_width) = max_width else {
        return widths;
    };
    let gaps = 2 * columns.len().saturating_sub(1);
    let passes: [&dyn Fn(Column) -> usize; 3] = [
        &|column: Column| column.typical_width(),
        &|column: Column| {
            if column.is_flexible() {
                FLEX_MIN_WIDTH.min(column.typical_width())
            } else {
                column.typical_width()
            }
        },
        &|_| MIN_WIDTH,
    ];
    for floor in passes {
        while widths.iter().sum::<usize>() + gaps > max_width {
            let widest = (0..widths.len())
                .filter(|&i| widths[i] > floor(columns[i]))
                .max_by_key(|&i| (widths[i], usize::MAX - i));
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
    widths
}

/// Appends `text` padded to `width` display columns, cut with `…` when wider.
pub(super) fn fit(out: &mut String, text: &str, width: usize, right: bool) {
    let text_width = text.width();
    if text_width <= width {
        let pad = width - text_width;
        if right {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(text);
        } else {
            out.push_str(text);
            out.extend(std::iter::repeat_n(' ', pad));
        }
        return;
    }
    let mut used = 0;
    let budget = width.saturating_sub(1);
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::{fit, widths};
    use crate::column::Column;

    fn fitted(text: &str, width: usize, right: bool) -> String {
        let mut out = String::new();
        fit(&mut out, text, width, right);
        out
    }

    #[test]
    fn pads_and_truncates_by_display_width() {
        assert_eq!(fitted("abc", 5, false), "abc  ");
        assert_eq!(fitted("42", 5, true), "   42");
        assert_eq!(fitted("abcdefgh", 5, false), "abcd…");
        // Whatever the script, the cell is exactly as wide as its column.
        for width in 1..12 {
            let cell = fitted("आशा वर्मा", width, false);
            assert_eq!(cell.width(), width, "{cell:?}");
            assert_eq!(cell.trim_end().ends_with('…'), "आशा वर्मा".width() > width);
        }
        // CJK characters take two; a half-filled cell is padded.
        assert_eq!(fitted("日本語", 4, false), "日… ");
    }

    #[test]
    fn narrows_flexible_columns_first() {
        let columns = [Column::CallId, Column::Legs, Column::RecordingUrl];
        let titles = ["Call ID", "Legs", "Recording URL"];
        assert_eq!(widths(&columns, &titles, None), vec![29, 4, 40]);
        // The URL gives way first, then both flexible columns alike.
        assert_eq!(widths(&columns, &titles, Some(70)), vec![29, 4, 33]);
        assert_eq!(widths(&columns, &titles, Some(40)), vec![16, 4, 16]);
        // Past their floors every column shrinks, to four columns at the least.
        assert_eq!(widths(&columns, &titles, Some(5)), vec![4, 4, 4]);
    }
}
