//! JSON written by hand: a `format!`, `write!`, `writeln!` or `push_str` whose string literal
//! holds `"data"`, `{"` or a quoted key and a colon (`"ttl":`).

use crate::rust_source::{Token, string_value};

/// Macros that format text.
const FORMAT_MACROS: &[&str] = &["format", "format_args", "write", "writeln"];

/// Methods that append text.
const APPEND_METHODS: &[&str] = &["push_str"];

/// The line and literal of every JSON-looking string literal passed to a formatting macro or
/// an appending method in `tokens`.
pub(crate) fn hand_written_json(tokens: &[Token]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    scan(tokens, &mut found);
    found
}

fn scan(tokens: &[Token], found: &mut Vec<(usize, String)>) {
    for (at, token) in tokens.iter().enumerate() {
        let Token::Group(_, inside, _) = token else {
            continue;
        };
        let called = match at.checked_sub(2).and_then(|i| tokens.get(i..at)) {
            Some([Token::Ident(name, _), bang]) if bang.is_punct('!') => {
                FORMAT_MACROS.contains(&name.as_str()).then_some(true)
            }
            Some([dot, Token::Ident(name, _)]) if dot.is_punct('.') => {
                APPEND_METHODS.contains(&name.as_str()).then_some(false)
            }
            _ => None,
        };
        match called {
            Some(is_format) => literals(inside, is_format, found),
            None => scan(inside, found),
        }
    }
}

/// Every JSON-looking literal at any depth of a call's arguments.
fn literals(tokens: &[Token], is_format: bool, found: &mut Vec<(usize, String)>) {
    for token in tokens {
        match token {
            Token::Literal(written, line) => {
                let Some(value) = string_value(written) else {
                    continue;
                };
                let text = if is_format {
                    value.replace("{{", "{").replace("}}", "}")
                } else {
                    value
                };
                if looks_like_json(&text) {
                    found.push((*line, written.clone()));
                }
            }
            Token::Group(_, inside, _) => literals(inside, is_format, found),
            _ => {}
        }
    }
}

/// `"data"`, `{"`, or `"key":`.
pub(crate) fn looks_like_json(text: &str) -> bool {
    if text.contains("\"data\"") || text.contains("{\"") {
        return true;
    }
    text.match_indices('"').any(|(start, _)| {
        let rest = &text[start + 1..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        name_end > 0
            && rest[name_end..].starts_with('"')
            && rest[name_end + 1..].trim_start().starts_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::{hand_written_json, looks_like_json};
    use crate::rust_source::tokenize;

    #[test]
    fn json_looking_text() {
        assert!(looks_like_json("{\"data\":{}}"));
        assert!(looks_like_json(",\"ttl\":{total}"));
        assert!(looks_like_json("{\"status\":\"ok\"}"));
        assert!(!looks_like_json("attachment; filename=\"{}\""));
        assert!(!looks_like_json("bytes */{size}"));
        assert!(!looks_like_json(
            "rType: expected one of \"agts\", \"rcrd\""
        ));
    }

    #[test]
    fn only_calls_that_build_text() {
        let source = "fn f() {\n\
            let a = format!(\"{{\\\"data\\\":{}}}\", x);\n\
            json.push_str(\"{\\\"data\\\":[\");\n\
            let _ = write!(json, \",\\\"pg\\\":{}\", p);\n\
            let b = format!(\"name=\\\"{}\\\"\", n);\n\
            let c = respond(r#\"{\"status\":\"ok\"}\"#);\n\
            }";
        let tokens = tokenize(source).unwrap().unwrap();
        let lines: Vec<usize> = hand_written_json(&tokens)
            .into_iter()
            .map(|(line, _)| line)
            .collect();
        assert_eq!(lines, [2, 3, 4]);
    }
}
