//! The canonical layout of a JSON fixture: four-space indentation, one member or element per
//! line, keys in their original order, strings and numbers byte for byte as written, a final
//! newline. (The provider's example response is laid out this way.)

use anyhow::{Result, bail};

/// Lays out valid JSON `text` canonically.
pub(crate) fn canonical(text: &str) -> Result<String> {
    serde_json::from_str::<serde_json::Value>(text)?;
    let mut out = String::with_capacity(text.len());
    let mut depth = 0_usize;
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"    ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    match (escaped, s) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    if depth != 0 {
        bail!("unbalanced brackets");
    }
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn lays_out_like_the_provider() {
        let text = r#"{"b":[1, {"x" : "a, b: {c}"}], "a":{}, "e":[ ],"s":"q\"}"}"#;
        let expected = "{\n    \"b\": [\n        1,\n        {\n            \"x\": \"a, b: {c}\"\n        }\n    ],\n    \"a\": {},\n    \"e\": [],\n    \"s\": \"q\\\"}\"\n}\n";
        assert_eq!(canonical(text).unwrap(), expected);
        assert_eq!(canonical(expected).unwrap(), expected);
        assert!(canonical("{\"a\":").is_err());
    }
}
