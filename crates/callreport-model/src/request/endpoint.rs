//! The Call Report endpoints and their paths.

use std::fmt;

/// The base path of every Call Report endpoint.
pub const BASE_PATH: &str = "/api/v2/CallReport/";

/// A Call Report endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `POST /api/v2/CallReport/detail`: one call.
    Detail,
    /// `POST /api/v2/CallReport/list`: a page of calls.
    List,
    /// `POST /api/v2/CallReport/reportCount`: how many calls match.
    ReportCount,
    /// `POST /api/v2/CallReport/masklist`: a page of calls, numbers and names masked.
    MaskList,
    /// `POST /api/v2/CallReport/exportCsv`: create an export.
    ExportCsv,
    /// `POST /api/v2/CallReport/exportCsvBulk`: create an export (bulk spelling).
    ExportCsvBulk,
    /// `POST /api/v2/CallReport/changeTitle`: rename an export.
    ChangeTitle,
    /// `POST /api/v2/CallReport/downloadPdf`: download a finished PDF export.
    DownloadPdf,
    /// `POST /api/v2/CallReport/exportStatus`: where one export request stands.
    ExportStatus,
    /// `POST /api/v2/CallReport/exportList`: an account's export requests.
    ExportList,
}

impl Endpoint {
    /// Every endpoint.
    pub const ALL: [Self; 10] = [
        Self::Detail,
        Self::List,
        Self::ReportCount,
        Self::MaskList,
        Self::ExportCsv,
        Self::ExportCsvBulk,
        Self::ChangeTitle,
        Self::DownloadPdf,
        Self::ExportStatus,
        Self::ExportList,
    ];

    /// The last path segment, in the provider's spelling.
    #[must_use]
    pub fn segment(self) -> &'static str {
        match self {
            Self::Detail => "detail",
            Self::List => "list",
            Self::ReportCount => "reportCount",
            Self::MaskList => "masklist",
            Self::ExportCsv => "exportCsv",
            Self::ExportCsvBulk => "exportCsvBulk",
            Self::ChangeTitle => "changeTitle",
            Self::DownloadPdf => "downloadPdf",
            Self::ExportStatus => "exportStatus",
            Self::ExportList => "exportList",
        }
    }

    /// The full path, `/api/v2/CallReport/<segment>`.
    #[must_use]
    pub fn path(self) -> String {
        format!("{BASE_PATH}{}", self.segment())
    }

    /// The endpoint for a path segment, ignoring case.
    #[must_use]
    pub fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.segment().eq_ignore_ascii_case(segment))
    }

    /// Whether repeating the request is harmless (everything but creating an export).
    #[must_use]
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::ExportCsv | Self::ExportCsvBulk)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.segment())
    }
}

#[cfg(test)]
mod tests {
    use super::Endpoint;

    #[test]
    fn segments_ignore_case() {
        assert_eq!(
            Endpoint::from_segment("REPORTCOUNT"),
            Some(Endpoint::ReportCount)
        );
        assert_eq!(Endpoint::from_segment("MaskList"), Some(Endpoint::MaskList));
        assert_eq!(Endpoint::from_segment("nope"), None);
        assert_eq!(Endpoint::Detail.path(), "/api/v2/CallReport/detail");
        assert!(!Endpoint::ExportCsv.is_idempotent());
    }
}
