//! Recording file names: `<callId>_<number>_<Y-M-D-H-M-S>_<callType>.<ext>`.

use std::fmt;

use chrono::NaiveDateTime;

use crate::clock::parse_dashed_datetime;
use crate::open_enum::CallType;
use crate::phone::PhoneNumber;

/// A recording's file name, with what it says when it follows the provider's pattern.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordingFile {
    raw: String,
    parts: Option<FileNameParts>,
}

/// What a recording file name says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileNameParts {
    /// The call id.
    pub call_id: String,
    /// The number of the recorded leg.
    pub number: PhoneNumber,
    /// When recording started, India Standard Time.
    pub recorded_at: NaiveDateTime,
    /// Whether the time was zero-padded (`2025-08-08-…`) or not (`2025-8-8-…`).
    pub zero_padded: bool,
    /// The call type.
    pub call_type: CallType,
    /// The file extension, such as `mp3`.
    pub extension: String,
}

impl RecordingFile {
    pub(crate) fn parse(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            parts: parse_parts(raw),
        }
    }

    /// The file name exactly as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// What the name says, when it follows the pattern.
    #[must_use]
    pub fn parts(&self) -> Option<&FileNameParts> {
        self.parts.as_ref()
    }
}

fn parse_parts(raw: &str) -> Option<FileNameParts> {
    let (stem, extension) = raw.rsplit_once('.')?;
    let mut fields = stem.splitn(4, '_');
    let call_id = fields.next()?;
    let number = fields.next()?;
    let time = fields.next()?;
    let call_type = fields.next()?;
    let (recorded_at, zero_padded) = parse_dashed_datetime(time)?;
    if call_id.is_empty() || call_type.is_empty() || extension.is_empty() {
        return None;
    }
    Some(FileNameParts {
        call_id: call_id.to_owned(),
        number: PhoneNumber::new(number),
        recorded_at,
        zero_padded,
        call_type: CallType::from_wire(call_type),
        extension: extension.to_owned(),
    })
}

impl fmt::Debug for RecordingFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parts {
            Some(parts) => f
                .debug_struct("RecordingFile")
                .field("call_id", &parts.call_id)
                .field("number", &parts.number)
                .field("recorded_at", &parts.recorded_at)
                .field("call_type", &parts.call_type)
                .finish(),
            None => f.write_str("RecordingFile(<unrecognised name>)"),
        }
    }
}

impl fmt::Display for RecordingFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parts {
            Some(parts) => write!(
                f,
                "{}_{}_{}_{}.{}",
                parts.call_id,
                parts.number.masked(),
                parts.recorded_at.format("%Y-%m-%d-%H-%M-%S"),
                parts.call_type,
                parts.extension
            ),
            None => f.write_str("<unrecognised name>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RecordingFile;
    use crate::open_enum::CallType;

    #[test]
    fn reads_padded_and_unpadded_names() {
        let padded = RecordingFile::parse("abc_919000012345_2025-11-22-16-13-37_CTC.mp3");
        let parts = padded.parts().unwrap();
        assert!(parts.zero_padded);
        assert_eq!(parts.call_type, CallType::ClickToCall);
        assert_eq!(parts.recorded_at.to_string(), "2025-11-22 16:13:37");
        let unpadded = RecordingFile::parse("abc_9000000002_2025-8-8-19-28-43_CTC.mp3");
        assert!(!unpadded.parts().unwrap().zero_padded);
        assert_eq!(
            unpadded.as_str(),
            "abc_9000000002_2025-8-8-19-28-43_CTC.mp3"
        );
        assert!(RecordingFile::parse("voicemail.wav").parts().is_none());
    }
}
