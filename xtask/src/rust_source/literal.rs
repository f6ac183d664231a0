//! The text a string literal stands for, from the literal as written.

/// The value of a string or byte-string literal (`"a\"b"`, `r#"…"#`, `b"…"`), or `None` for any
/// other literal. Escapes are resolved; a byte string's bytes are read as UTF-8.
pub(crate) fn string_value(written: &str) -> Option<String> {
    let unprefixed = written
        .strip_prefix("br")
        .map(|rest| (rest, true))
        .or_else(|| written.strip_prefix('b').map(|rest| (rest, false)))
        .or_else(|| written.strip_prefix('r').map(|rest| (rest, true)))
        .or_else(|| written.strip_prefix("cr").map(|rest| (rest, true)))
        .or_else(|| written.strip_prefix('c').map(|rest| (rest, false)))
        .unwrap_or((written, false));
    match unprefixed {
        (raw, true) => {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let inner = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
            Some(inner.strip_prefix('"')?.strip_suffix('"')?.to_owned())
        }
        (quoted, false) => {
            let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
            Some(unescape(inner))
        }
    }
}

fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                if let Some(c) = u8::from_str_radix(&hex, 16).ok().map(char::from) {
                    out.push(c);
                }
            }
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            // A line continuation: the newline and the next line's leading whitespace vanish.
            Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::string_value;

    #[test]
    fn every_kind_of_string_literal() {
        assert_eq!(string_value(r#""cNum""#).as_deref(), Some("cNum"));
        assert_eq!(
            string_value(r#""{\"data\":1}""#).as_deref(),
            Some("{\"data\":1}")
        );
        assert_eq!(
            string_value(r##"r#"{"a":1}"#"##).as_deref(),
            Some("{\"a\":1}")
        );
        assert_eq!(string_value(r#"r"x""#).as_deref(), Some("x"));
        assert_eq!(string_value(r#"b"clId""#).as_deref(), Some("clId"));
        assert_eq!(string_value(r##"br#"x"#"##).as_deref(), Some("x"));
        assert_eq!(
            string_value("\"a\\\n    b\\u{41}\\x42\"").as_deref(),
            Some("abAB")
        );
        assert_eq!(string_value("'c'"), None);
        assert_eq!(string_value("7u8"), None);
    }
}
