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
/// Every part is kept as text, so [`RecordingLocator::to_string_exposed`] gives back the exact
/// locator. Parsing refuses parts that could escape a path (`..`, `/`, `\`, control characters)
/// or that are empty, naming the part.
///
/// The first part is an access token: `Debug` and `Display` hide it and mask the number in the
/// file name.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordingLocator {
    token: Secret,
    format: String,
    user_id: String,
    year: String,
    month: String,
    day: String,
    date: NaiveDate,
    file: RecordingFile,
}

fn check_segment(part: LocatorPart, text: &str) -> Result<(), LocatorError> {
    if text.is_empty() {
        return Err(LocatorError::new(part, "is empty"));
    }
    if text == "." || text == ".." || text.contains("..") {
        return Err(LocatorError::new(part, "contains '..'"));
    }
    if text.contains(['/', '\\']) {
        return Err(LocatorError::new(part, "contains a path separator"));
    }
    if text.chars().any(char::is_control) {
        return Err(LocatorError::new(part, "contains a control character"));
    }
    Ok(())
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
        let parts: Vec<&str> = text.split('*').collect();
        let [token, format, user_id, year, month, day, file] = parts[..] else {
            return Err(LocatorError::new(
                LocatorPart::Whole,
                "does not have 7 '*'-separated parts",
            ));
        };
        check_segment(LocatorPart::Token, token)?;
        check_segment(LocatorPart::Format, format)?;
        if !format.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(LocatorError::new(
                LocatorPart::Format,
                "is not letters and digits",
            ));
        }
        check_segment(LocatorPart::UserId, user_id)?;
        if !user_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(LocatorError::new(
                LocatorPart::UserId,
                "is not letters and digits",
            ));
        }
        let y = check_digits(LocatorPart::Year, year, &[4])?;
        let m = check_digits(LocatorPart::Month, month, &[1, 2])?;
        let d = check_digits(LocatorPart::Day, day, &[1, 2])?;
        if !(1..=12).contains(&m) {
            return Err(LocatorError::new(LocatorPart::Month, "is not a month"));
        }
        let date = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(|| LocatorError::new(LocatorPart::Day, "is not a day of that month"))?;
        check_segment(LocatorPart::File, file)?;
        Ok(Self {
            token: Secret::new(token),
            format: format.to_owned(),
            user_id: user_id.to_owned(),
            year: year.to_owned(),
            month: month.to_owned(),
            day: day.to_owned(),
            date,
            file: RecordingFile::parse(file),
        })
    }

    /// The access token (the first part).
    #[must_use]
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// The audio format, such as `mp3`.
    #[must_use]
    pub fn format(&self) -> &str {
        &self.format
    }

    /// The account the recording belongs to.
    #[must_use]
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The date folder of the recording.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The file name and what it says.
    #[must_use]
    pub fn file(&self) -> &RecordingFile {
        &self.file
    }

    fn parts(&self) -> [&str; 7] {
        [
            self.token.expose(),
            &self.format,
            &self.user_id,
            &self.year,
            &self.month,
            &self.day,
            self.file.as_str(),
        ]
    }

    /// The locator exactly as the provider wrote it, token included.
    #[must_use]
    pub fn to_string_exposed(&self) -> String {
        self.parts().join("*")
    }

    /// The URL path that streams the recording: [`RECORDING_PATH`] and the parts, each
    /// percent-encoded. It contains the token.
    #[must_use]
    pub fn path(&self) -> String {
        let encoded: Vec<String> = self.parts().iter().map(|p| percent::encode(p)).collect();
        format!("{RECORDING_PATH}{}", encoded.join("/"))
    }

    /// The playback URL against `base_url` (`https://v4-api.deepcall.com`, or a local server).
    /// It contains the token: hand it to an HTTP client, not to a log.
    #[must_use]
    pub fn url(&self, base_url: &str) -> String {
        format!("{}{}", base_url.trim_end_matches('/'), self.path())
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
            .field("token", &self.token)
            .field("format", &self.format)
            .field("user_id", &self.user_id)
            .field("date", &self.date)
            .field("file", &self.file)
            .finish()
    }
}

impl fmt::Display for RecordingLocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "****{}*{}*{}*{}*{}*{}",
            self.format, self.user_id, self.year, self.month, self.day, self.file
        )
    }
}

/// The canonical JSON writes the locator as the provider did: it is data, not a log line.
impl Serialize for RecordingLocator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string_exposed())
    }
}

#[cfg(test)]
mod tests {
    use super::RecordingLocator;
    use crate::error::LocatorPart;

    const SEED: &str = "{{ssid}}*mp3*29791451*2025*11*22*kyrnwv1c8ps5zq6jcwaxtzicv_919376162321_2025-11-22-16-13-37_CTC.mp3";

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
