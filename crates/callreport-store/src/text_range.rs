//! Text ranges for prefix searches by index (customer numbers are stored reversed, so "ends
//! with" is a prefix).

/// The smallest text greater than every text starting with `prefix`, if there is one.
pub(crate) fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_ends_bound_every_continuation() {
        assert_eq!(prefix_end("54321").as_deref(), Some("54322"));
        assert_eq!(prefix_end("19").as_deref(), Some("1:"));
        assert_eq!(prefix_end(&format!("1{}", char::MAX)).as_deref(), Some("2"));
        assert_eq!(prefix_end(""), None);
        let end = prefix_end("\u{D7FF}").unwrap();
        assert_eq!(end, "\u{E000}");
    }
}
