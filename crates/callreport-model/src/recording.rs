//! Recording locators (`rcrd`): `<token>*<format>*<userId>*<YYYY>*<MM>*<DD>*<file>`.

mod file_name;
mod percent;

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

pub use self::file_name::{FileNameParts, RecordingFile};
use crate::error::{LocatorError, LocatorPart};
use crate::secret::Secret;

/// The path under which recordings are streamed, before the locator's parts.
pub const RECORDING_PATH: &str = "/api/v2/recording/directstream/";

/// Where a recording can be fetched: the provider's `*`-separated locator, parsed and checked.
///
/// The locator is kept as its exact text, so [`RecordingLocator::to_string_exposed`] gives it
/// back byte for byte. Parsing refuses parts that could escape a path (`..`, `/`, `\`, control
/// characters) or that are empty, naming the part.
///
/// The first part is an access token: `Debug` and `Display` hide it and mask the number in the
/// file name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RecordingLocator {
    text: String,
    /// Byte offsets of the six `*` separators in `text`.
    stars: [usize; 6],
    date: NaiveDate,
}

fn check_segment(part: LocatorPart, text: &str) -> Result<(), LocatorError> {
    if text.is_empty() {
        return Err(LocatorError::new(part, "is empty"));
    }
    if text == "." {
        return Err(LocatorError::new(part, "is '.'"));
    }
    // One pass over the bytes; the common part has none of these.
    let mut previous = 0_u8;
    let mut problem = None;
    for &byte in text.as_bytes() {
        let found = match byte {
            b'.' if previous == b'.' => Some(0),
            b'/' | b'\\' => Some(1),
            0..=0x1f | 0x7f => Some(2),
            _ => None,
        };
        if let Some(rank) = found {
            problem = Some(problem.map_or(rank, |known: u8| known.min(rank)));
        }
        previous = byte;
    }
    if problem.is_none() && !text.is_ascii() && text.chars().any(char::is_control) {
        problem = Some(2);
    }
    match problem {
        None => Ok(()),
        Some(0) => Err(LocatorError::new(part, "contains '..'")),
        Some(1) => Err(LocatorError::new(part, "contains a path separator")),
        Some(_) => Err(LocatorError::new(part, "contains a control character")),
    }
}

fn check_digits(part: LocatorPart, text: &str, lengths: &[usize]) -> Result<u32, LocatorError> {
    check_segment(part, text)?;
    if !lengths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LocatorError::new(
            part,
            "is not a number of the right length",
        ));
    }
    text.parse()
        .map_err(|_| LocatorError::new(part, "is not a number"))
}

impl RecordingLocator {
    /// Parses and checks a locator.
    ///
    /// # Errors
    /// [`LocatorError`] naming the first part that is missing, empty, not of its form, or could
    /// escape a path.
    pub fn parse(text: &str) -> Result<Self, LocatorError> {
        let mut stars = [0_usize; 6];
        let mut count = 0;
        for (index, byte) in text.bytes().enumerate() {
            if byte == b'*' {
                if count == 6 {
                    return Err(LocatorError::new(
                        LocatorPart::Whole,
                        "does not have 7 '*'-separated parts",
                    ));
                }
                stars[count] = index;
                count += 1;
            }
        }
        if count != 6 {
            return Err(LocatorError::new(
                LocatorPart::Whole,
                "does not have 7 '*'-separated parts",
            ));
        }
        let part = |i: usize| {
            let start = if i == 0 { 0 } else { stars[i - 1] + 1 };
            let end = if i == 6 { text.len() } else { stars[i] };
            &text[start..end]
        };
        check_segment(LocatorPart::Token, part(0))?;
        check_segment(LocatorPart::Format, part(1))?;
        if !part(1).bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(LocatorError::new(
                LocatorPart::Format,
                "is not letters and digits",
            ));
        }
        check_segment(LocatorPart::UserId, part(2))?;
        if !part(2).bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(LocatorError::new(
                LocatorPart::UserId,
                "is not letters and digits",
            ));
        }
        let y = check_digits(LocatorPart::Year, part(3), &[4])?;
        let m = check_digits(LocatorPart::Month, part(4), &[1, 2])?;
        let d = check_digits(LocatorPart::Day, part(5), &[1, 2])?;
        if !(1..=12).contains(&m) {
            return Err(LocatorError::new(LocatorPart::Month, "is not a month"));
        }
        let date = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(|| LocatorError::new(LocatorPart::Day, "is not a day of that month"))?;
        check_segment(LocatorPart::File, part(6))?;
        Ok(Self {
            text: text.to_owned(),
            stars,
            date,
        })
    }

    fn part(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.stars[index - 1] + 1
        };
        let end = if index == 6 {
            self.text.len()
        } else {
            self.stars[index]
        };
        &self.text[start..end]
    }

    /// The access token (the first part).
    #[must_use]
    pub fn token(&self) -> Secret {
        Secret::new(self.part(0))
    }

    /// The access token as text, for comparing it or sending it.
    #[must_use]
    pub fn expose_token(&self) -> &str {
        self.part(0)
    }

    /// The audio format, such as `mp3`.
    #[must_use]
    pub fn format(&self) -> &str {
        self.part(1)
    }

    /// The account the recording belongs to.
    #[must_use]
    pub fn user_id(&self) -> &str {
        self.part(2)
    }

    /// The date folder of the recording.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The file name, exactly as sent.
    #[must_use]
    pub fn file_name(&self) -> &str {
        self.part(6)
    }

    /// The file name and what it says.
    #[must_use]
    pub fn file(&self) -> RecordingFile {
        RecordingFile::parse(self.file_name())
    }

    /// The same recording as another account sees it: its token and account replaced, the
    /// format, date and file name kept.
    ///
    /// # Errors
    /// [`LocatorError`] when the new token or account is not a usable locator part.
    pub fn for_account(&self, token: &str, user_id: &str) -> Result<Self, LocatorError> {
        let mut parts: Vec<&str> = (0..7).map(|index| self.part(index)).collect();
        parts[0] = token;
        parts[2] = user_id;
        Self::parse(&parts.join("*"))
    }

    /// The locator exactly as the provider wrote it, token included.
    #[must_use]
    pub fn to_string_exposed(&self) -> String {
        self.text.clone()
    }

    /// The URL path that streams the recording: [`RECORDING_PATH`] and the parts, each
    /// percent-encoded. It contains the token.
    #[must_use]
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(RECORDING_PATH.len() + self.text.len() + 16);
        path.push_str(RECORDING_PATH);
        for index in 0..7 {
            if index > 0 {
                path.push('/');
            }
            percent::encode_into(self.part(index), &mut path);
        }
        path
    }

    /// The playback URL against `base_url` (`https://v4-api.deepcall.com`, or a local server).
    /// It contains the token: hand it to an HTTP client, not to a log.
    #[must_use]
    pub fn url(&self, base_url: &str) -> String {
        let base = base_url.trim_end_matches('/');
        let mut url =
            String::with_capacity(base.len() + RECORDING_PATH.len() + self.text.len() + 16);
        url.push_str(base);
        url.push_str(&self.path());
        url
    }

    /// The playback URL against `base_url` for showing to a person: the token is `***` and the
    /// number in the file name masked, as [`Display`](fmt::Display) shows the locator. It
    /// fetches nothing; [`RecordingLocator::url`] is the one to fetch.
    #[must_use]
    pub fn redacted_url(&self, base_url: &str) -> String {
        // For reading, not fetching: the parts are shown as they are, not percent-encoded.
        let file = self.file().to_string();
        let mut url = String::from(base_url.trim_end_matches('/'));
        url.push_str(RECORDING_PATH);
        url.push_str("***");
        for part in [
            self.format(),
            self.user_id(),
            self.part(3),
            self.part(4),
            self.part(5),
        ] {
            url.push('/');
            url.push_str(part);
        }
        url.push('/');
        url.push_str(&file);
        url
    }

    /// Reads a recording link (`https://host/api/v2/recording/directstream/…`) back into its
    /// locator.
    ///
    /// # Errors
    /// [`LocatorError`] when the link is not under the recording path or its parts are not a
    /// locator's.
    pub fn from_url(url: &str) -> Result<Self, LocatorError> {
        let at = url
            .find(RECORDING_PATH)
            .ok_or_else(|| LocatorError::new(LocatorPart::Whole, "is not a recording link"))?;
        Self::from_path(&url[at..])
    }

    /// Reads a locator back from a URL path made by [`RecordingLocator::path`].
    ///
    /// # Errors
    /// [`LocatorError`] when the path is not under [`RECORDING_PATH`], a part is not valid
    /// percent-encoding, or the parts do not form a valid locator.
    pub fn from_path(path: &str) -> Result<Self, LocatorError> {
        let rest = path.strip_prefix(RECORDING_PATH).ok_or_else(|| {
            LocatorError::new(LocatorPart::Whole, "is not under the recording path")
        })?;
        let mut parts = Vec::with_capacity(7);
        for segment in rest.split('/') {
            let decoded = percent::decode(segment).ok_or_else(|| {
                LocatorError::new(
                    LocatorPart::Whole,
                    "has a part that is not valid percent-encoding",
                )
            })?;
            if decoded.contains('*') {
                return Err(LocatorError::new(
                    LocatorPart::Whole,
                    "has a part containing '*'",
                ));
            }
            parts.push(decoded);
        }
        Self::parse(&parts.join("*"))
    }
}

impl fmt::Debug for RecordingLocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordingLocator")
            .field("token", &Secret::new(""))
            .field("format", &self.format())
            .field("user_id", &self.user_id())
            .field("date", &self.date)
            .field("file", &self.file())
            .finish()
    }
}

impl fmt::Display for RecordingLocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "****{}*{}*{}*{}*{}*{}",
            self.format(),
            self.user_id(),
            self.part(3),
            self.part(4),
            self.part(5),
            self.file()
        )
    }
}

/// The canonical JSON writes the locator as the provider did: it is data, not a log line.
impl Serialize for RecordingLocator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::RecordingLocator;
    use crate::error::LocatorPart;

    const SEED: &str = "{{ssid}}*mp3*29791451*2025*11*22*kyrnwv1c8ps5zq6jcwaxtzicv_919376162321_2025-11-22-16-13-37_CTC.mp3";

    #[test]
    fn the_redacted_url_hides_the_token_and_the_number() {
        let locator = RecordingLocator::parse(SEED).unwrap();
        let url = locator.redacted_url("https://v4-api.deepcall.com/");
        assert!(url.starts_with("https://v4-api.deepcall.com/api/v2/recording/directstream/***/mp3/29791451/2025/11/22/"), "{url}");
        assert!(!url.contains("ssid"), "{url}");
        assert!(!url.contains("919376162321"), "{url}");
    }

    #[test]
    fn parses_the_seed_locator_and_renders_it_back() {
        let locator = RecordingLocator::parse(SEED).unwrap();
        assert_eq!(locator.to_string_exposed(), SEED);
        assert_eq!(locator.format(), "mp3");
        assert_eq!(locator.user_id(), "29791451");
        assert_eq!(locator.date().to_string(), "2025-11-22");
        assert_eq!(
            locator.url("https://v4-api.deepcall.com/"),
            "https://v4-api.deepcall.com/api/v2/recording/directstream/%7B%7Bssid%7D%7D/mp3/29791451/2025/11/22/kyrnwv1c8ps5zq6jcwaxtzicv_919376162321_2025-11-22-16-13-37_CTC.mp3"
        );
        assert_eq!(
            RecordingLocator::from_path(&locator.path()).unwrap(),
            locator
        );
    }

    #[test]
    fn never_shows_the_token() {
        let locator = RecordingLocator::parse(SEED).unwrap();
        let shown = format!("{locator:?} {locator}");
        assert!(!shown.contains("{{ssid}}"), "{shown}");
        assert!(!shown.contains("919376162321"), "{shown}");
    }

    #[test]
    fn rejects_each_unsafe_shape_naming_the_part() {
        let cases = [
            (
                "a*mp3*1*2025*11*22",
                LocatorPart::Whole,
                "does not have 7 '*'-separated parts",
            ),
            (
                "a*mp3*1*2025*11*22*f*g",
                LocatorPart::Whole,
                "does not have 7 '*'-separated parts",
            ),
            ("*mp3*1*2025*11*22*f.mp3", LocatorPart::Token, "is empty"),
            (
                "..*mp3*1*2025*11*22*f.mp3",
                LocatorPart::Token,
                "contains '..'",
            ),
            (
                "a/b*mp3*1*2025*11*22*f.mp3",
                LocatorPart::Token,
                "contains a path separator",
            ),
            (
                "a\\b*mp3*1*2025*11*22*f.mp3",
                LocatorPart::Token,
                "contains a path separator",
            ),
            (
                "a\nb*mp3*1*2025*11*22*f.mp3",
                LocatorPart::Token,
                "contains a control character",
            ),
            (
                "t*m.p3*1*2025*11*22*f.mp3",
                LocatorPart::Format,
                "is not letters and digits",
            ),
            ("t**1*2025*11*22*f.mp3", LocatorPart::Format, "is empty"),
            ("t*mp3**2025*11*22*f.mp3", LocatorPart::UserId, "is empty"),
            (
                "t*mp3*1 2*2025*11*22*f.mp3",
                LocatorPart::UserId,
                "is not letters and digits",
            ),
            (
                "t*mp3*1*25*11*22*f.mp3",
                LocatorPart::Year,
                "is not a number of the right length",
            ),
            (
                "t*mp3*1*2025*13*22*f.mp3",
                LocatorPart::Month,
                "is not a month",
            ),
            (
                "t*mp3*1*2025*x*22*f.mp3",
                LocatorPart::Month,
                "is not a number of the right length",
            ),
            (
                "t*mp3*1*2025*02*30*f.mp3",
                LocatorPart::Day,
                "is not a day of that month",
            ),
            ("t*mp3*1*2025*11*22*", LocatorPart::File, "is empty"),
            ("t*mp3*1*2025*11*22*..", LocatorPart::File, "contains '..'"),
            ("t*mp3*1*2025*11*22*.", LocatorPart::File, "is '.'"),
            (
                "t*mp3*1*2025*11*22*../x.mp3",
                LocatorPart::File,
                "contains '..'",
            ),
            (
                "t*mp3*1*2025*11*22*a/x.mp3",
                LocatorPart::File,
                "contains a path separator",
            ),
            (
                "t*mp3*1*2025*11*22*x\u{7f}.mp3",
                LocatorPart::File,
                "contains a control character",
            ),
        ];
        for (text, part, reason) in cases {
            let error = RecordingLocator::parse(text).unwrap_err();
            assert_eq!(error.part(), part, "{text:?}");
            assert_eq!(
                error.to_string(),
                format!("recording locator: the {part} part {reason}")
            );
            assert!(!error.to_string().contains("a/b"));
        }
    }

    #[test]
    fn paths_outside_the_recording_folder_are_refused() {
        for path in [
            "/etc/passwd",
            "/api/v2/recording/directstream/a/b",
            "/api/v2/recording/directstream/%zz/mp3/1/2025/11/22/f.mp3",
            "/api/v2/recording/directstream/a%2Ab/mp3/1/2025/11/22/f.mp3",
        ] {
            assert!(RecordingLocator::from_path(path).is_err(), "{path}");
        }
        let escaped = "/api/v2/recording/directstream/t/mp3/1/2025/11/22/%2E%2E%2Fx";
        assert_eq!(
            RecordingLocator::from_path(escaped).unwrap_err().part(),
            LocatorPart::File
        );
    }
}
