//! Masking of personal data for logs, debug output and the masked call list.

/// Masks a phone number: keeps the first two and the last two characters, stars the rest.
///
/// Numbers of four characters or fewer are starred completely, so nothing short leaks.
///
/// ```
/// assert_eq!(callreport_model::mask_number("919000012345"), "91********45");
/// assert_eq!(callreport_model::mask_number("1234"), "****");
/// ```
#[must_use]
pub fn mask_number(number: &str) -> String {
    let count = number.chars().count();
    if count <= 4 {
        return "*".repeat(count);
    }
    number
        .chars()
        .enumerate()
        .map(|(index, c)| {
            if index < 2 || index >= count - 2 {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks a person's name: keeps the first letter of each word, stars the rest.
///
/// ```
/// assert_eq!(callreport_model::mask_name("Asha Verma"), "A*** V****");
/// assert_eq!(callreport_model::mask_name("आशा वर्मा"), "आ** व****");
/// ```
#[must_use]
pub fn mask_name(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::{mask_name, mask_number};

    #[test]
    fn masks_keep_only_the_edges() {
        assert_eq!(mask_number("+919000012345"), "+9*********45");
        assert_eq!(mask_number("12345"), "12*45");
        assert_eq!(mask_number(""), "");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("R"), "R");
    }
}
