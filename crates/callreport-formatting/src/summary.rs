//! What a finished writer reports.

use crate::totals::Totals;

/// What was written: totals of the calls, rejected rows, and format-specific counts.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Summary {
    /// Totals of the calls written (their count is `totals.calls`).
    pub totals: Totals,
    /// Rows the model rejected: counted always, listed only where the options ask for it.
    pub rejected: u64,
    /// Whether the rejected rows were listed (a CSV section or an xlsx sheet).
    pub rejected_listed: bool,
    /// xlsx: how many worksheets of calls (more than one when a sheet filled up).
    pub sheets: u32,
    /// PDF: how many pages.
    pub pages: u64,
    /// PDF: characters no font of the chain can draw (the bundled ones and any added with
    /// [`PdfOptions::font`](crate::PdfOptions::font)), shown as `?`.
    pub replaced_characters: u64,
    /// xlsx with links asked for: recording URLs written as plain text because the sheet had
    /// reached its hyperlink limit or the URL was too long for Excel.
    pub unlinked_urls: u64,
}

impl Summary {
    /// A summary of nothing written.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}
