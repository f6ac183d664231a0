//! Neutralising spreadsheet formulas in text cells.
//!
//! A spreadsheet treats a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or a
//! carriage return) as a formula. A leading apostrophe makes it text, and is what spreadsheet
//! users expect to see for it.

/// Whether a spreadsheet could read `text` as a formula.
pub(crate) fn is_formula_like(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends `text`, with a leading `'` when it looks like a formula.
pub(crate) fn push_text_cell(out: &mut String, text: &str) {
    if is_formula_like(text) {
        out.push('\'');
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::push_text_cell;

    #[test]
    fn prefixes_only_formula_starts() {
        for (text, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+91", "'+91"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Asha = 1", "Asha = 1"),
            ("", ""),
        ] {
            let mut out = String::new();
            push_text_cell(&mut out, text);
            assert_eq!(out, expected);
        }
    }
}
