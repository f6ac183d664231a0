//! How to write xlsx.

/// The most rows an Excel worksheet holds.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// The most hyperlinks an Excel worksheet holds.
pub const EXCEL_MAX_HYPERLINKS: u32 = 65_530;

/// How durations are written in xlsx.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationCells {
    /// Excel times shown as `[h]:mm:ss` (a fraction of a day), which Excel sums and averages.
    #[default]
    ExcelTime,
    /// Whole seconds, as plain numbers.
    Seconds,
}

/// How to write xlsx.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct XlsxOptions {
    /// Rows per sheet, header and totals row included, before the calls go on in a new sheet.
    pub sheet_row_limit: u32,
    /// Writes recording URLs as hyperlinks instead of plain text.
    pub links: bool,
    /// Hyperlinks per sheet, past which URLs are plain text (counted in
    /// [`Summary::unlinked_urls`](crate::Summary::unlinked_urls)).
    pub hyperlink_limit: u32,
    /// Lists rejected rows in a sheet of their own, after the calls.
    pub rejected_sheet: bool,
    /// How durations are written.
    pub durations: DurationCells,
}

impl Default for XlsxOptions {
    fn default() -> Self {
        Self {
            sheet_row_limit: EXCEL_MAX_ROWS,
            links: false,
            hyperlink_limit: EXCEL_MAX_HYPERLINKS,
            rejected_sheet: false,
            durations: DurationCells::ExcelTime,
        }
    }
}

impl XlsxOptions {
    /// Excel's limits, URLs as text, durations as Excel times, rejected rows counted only.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`XlsxOptions::sheet_row_limit`], kept within 3 (header, a call, totals) and
    /// [`EXCEL_MAX_ROWS`].
    #[must_use]
    pub fn sheet_row_limit(mut self, rows: u32) -> Self {
        self.sheet_row_limit = rows.clamp(3, EXCEL_MAX_ROWS);
        self
    }

    /// Sets [`XlsxOptions::links`].
    #[must_use]
    pub fn links(mut self, links: bool) -> Self {
        self.links = links;
        self
    }

    /// Sets [`XlsxOptions::hyperlink_limit`], kept within [`EXCEL_MAX_HYPERLINKS`].
    #[must_use]
    pub fn hyperlink_limit(mut self, links: u32) -> Self {
        self.hyperlink_limit = links.min(EXCEL_MAX_HYPERLINKS);
        self
    }

    /// Sets [`XlsxOptions::rejected_sheet`].
    #[must_use]
    pub fn rejected_sheet(mut self, listed: bool) -> Self {
        self.rejected_sheet = listed;
        self
    }

    /// Sets [`XlsxOptions::durations`].
    #[must_use]
    pub fn durations(mut self, durations: DurationCells) -> Self {
        self.durations = durations;
        self
    }
}
