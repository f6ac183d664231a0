//! Column widths and fitting text to them, by display width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::column::Column;

/// The narrowest a column is made to fit a line.
const MIN_WIDTH: usize = 4;

/// Each column's width: its typical width (or its title's, if wider), then, if the line would
/// be wider than `max_width`, the widest columns narrowed first.
pub(super) fn widths(columns: &[Column], titles: &[&str], max_width: Option<usize>) -> Vec<usize> {
    let mut widths: Vec<usize> = columns
        .iter()
        .zip(titles)
        .map(|(column, title)| column.typical_width().max(title.width().min(24)))
        .collect();
    let Some(max_width) = max_width else {
        return widths;
    };
    let gaps = 2 * columns.len().saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > max_width {
        let Some((widest, width)) = widths
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|(position, width)| (*width, usize::MAX - position))
        else {
            break;
        };
        if width <= MIN_WIDTH {
            break;
        }
        widths[widest] = width - 1;
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
    fn narrows_the_widest_columns_first() {
        let columns = [Column::CallId, Column::Legs, Column::RecordingUrl];
        let titles = ["Call ID", "Legs", "Recording URL"];
        assert_eq!(widths(&columns, &titles, None), vec![27, 4, 40]);
        assert_eq!(widths(&columns, &titles, Some(50)), vec![21, 4, 21]);
        assert_eq!(widths(&columns, &titles, Some(5)), vec![4, 4, 4]);
    }
}
