//! The format-neutral description of a report: title, filter summary, columns and settings.

use callreport_model::IST;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::cell::CellContext;
use crate::column::Column;
use crate::error::Error;

/// What a report shows, independent of the file format.
///
/// ```
/// use callreport_formatting::{Column, Report};
///
/// let report = Report::new("Calls on 22 November 2025")
///     .with_filter_summary("22/11/2025, all agents, answered calls")
///     .with_column_names(["started_at", "customer_name", "talk_time"])?
///     .with_column_title(Column::TalkTime, "Talk");
/// assert_eq!(report.columns()[2].title(), "Talk");
/// # Ok::<(), callreport_formatting::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Report {
    title: String,
    filter_summary: Option<String>,
    columns: Vec<ReportColumn>,
    recording_base_url: String,
    generated_at: Option<DateTime<FixedOffset>>,
    /// `None`: India Standard Time, the provider's zone.
    zone: Option<Tz>,
}

/// How reports name a time zone: `IST` for India Standard Time, the provider's zone, else the
/// zone's IANA name (`UTC`, `Europe/London`).
#[must_use]
pub fn zone_label(zone: Tz) -> &'static str {
    if zone == chrono_tz::Asia::Kolkata {
        "IST"
    } else {
        zone.name()
    }
}

/// A column as a report shows it: which column, under which title.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportColumn {
    column: Column,
    title: String,
}

impl ReportColumn {
    /// `column` under `title`.
    pub fn new(column: Column, title: impl Into<String>) -> Self {
        Self {
            column,
            title: title.into(),
        }
    }

    /// The column.
    #[must_use]
    pub fn column(&self) -> Column {
        self.column
    }

    /// The header title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }
}

impl From<Column> for ReportColumn {
    fn from(column: Column) -> Self {
        Self::new(column, column.title())
    }
}

impl Report {
    /// Where recording URLs point unless told otherwise: the provider's API host.
    pub const DEFAULT_RECORDING_BASE_URL: &'static str = "https://v4-api.deepcall.com";

    /// A report titled `title` with the [default columns](Column::DEFAULT), no filter summary,
    /// recording URLs on [the provider's host](Report::DEFAULT_RECORDING_BASE_URL), and the
    /// generation time taken when a writer starts.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            filter_summary: None,
            columns: Column::DEFAULT
                .iter()
                .copied()
                .map(ReportColumn::from)
                .collect(),
            recording_base_url: Self::DEFAULT_RECORDING_BASE_URL.to_owned(),
            generated_at: None,
            zone: None,
        }
    }

    /// Shows `columns`, in that order, under their default titles. Repeats are allowed; an
    /// empty list makes writers fail with [`Error::NoColumns`].
    #[must_use]
    pub fn with_columns(mut self, columns: impl IntoIterator<Item = Column>) -> Self {
        self.columns = columns.into_iter().map(ReportColumn::from).collect();
        self.retitle_times();
        self
    }

    /// Shows times in `zone` (India Standard Time, the provider's zone, by default); the
    /// time column's default title and the generation line name the zone.
    #[must_use]
    pub fn with_time_zone(mut self, zone: Tz) -> Self {
        self.zone = (zone != chrono_tz::Asia::Kolkata).then_some(zone);
        self.retitle_times();
        self
    }

    /// The zone times are shown in.
    #[must_use]
    pub fn time_zone(&self) -> Tz {
        self.zone.unwrap_or(chrono_tz::Asia::Kolkata)
    }

    /// How the report names its zone: `IST` for India Standard Time, else the zone's name
    /// (`UTC`, `Europe/London`).
    #[must_use]
    pub fn zone_label(&self) -> &'static str {
        zone_label(self.time_zone())
    }

    /// The time column's default title names the zone shown.
    fn retitle_times(&mut self) {
        let label = self.zone_label();
        for shown in self
            .columns
            .iter_mut()
            .filter(|c| c.column == Column::StartedAt)
        {
            if shown.title.starts_with("Date and time (") {
                shown.title = format!("Date and time ({label})");
            }
        }
    }

    /// Shows the columns named (see [`Column::name`]), in that order.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] for the first name that is not a column, listing the valid
    /// names; [`Error::NoColumns`] when no name is given.
    pub fn with_column_names<I, S>(self, names: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let columns = names
            .into_iter()
            .map(|name| Column::from_name(name.as_ref().trim()))
            .collect::<Result<Vec<_>, _>>()?;
        if columns.is_empty() {
            return Err(Error::NoColumns);
        }
        Ok(self.with_columns(columns))
    }

    /// Shows `column` under `title` wherever the report has it.
    #[must_use]
    pub fn with_column_title(mut self, column: Column, title: impl Into<String>) -> Self {
        let title = title.into();
        for shown in self.columns.iter_mut().filter(|c| c.column == column) {
            shown.title.clone_from(&title);
        }
        self
    }

    /// A one-line description of the filter that selected the calls, shown under the title.
    #[must_use]
    pub fn with_filter_summary(mut self, summary: impl Into<String>) -> Self {
        self.filter_summary = Some(summary.into());
        self
    }

    /// The host recording URLs point to (`https://v4-api.deepcall.com`, or a local server).
    #[must_use]
    pub fn with_recording_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.recording_base_url = base_url.into();
        self
    }

    /// Pins the generation time shown in the report (for reproducible output and tests).
    #[must_use]
    pub fn with_generated_at<Tz: TimeZone>(mut self, at: DateTime<Tz>) -> Self {
        self.generated_at = Some(at.with_timezone(&IST));
        self
    }

    /// The title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The filter summary, if any.
    #[must_use]
    pub fn filter_summary(&self) -> Option<&str> {
        self.filter_summary.as_deref()
    }

    /// The columns shown, in order.
    #[must_use]
    pub fn columns(&self) -> &[ReportColumn] {
        &self.columns
    }

    /// The host recording URLs point to.
    #[must_use]
    pub fn recording_base_url(&self) -> &str {
        &self.recording_base_url
    }

    /// The pinned generation time, if any.
    #[must_use]
    pub fn generated_at(&self) -> Option<DateTime<FixedOffset>> {
        self.generated_at
    }

    /// The pinned generation time, or now, India Standard Time.
    pub(crate) fn generation_time(&self) -> DateTime<FixedOffset> {
        self.generated_at
            .unwrap_or_else(|| Utc::now().with_timezone(&IST))
    }

    /// The generation time as a clock in the report's zone shows it.
    pub(crate) fn local_generation_time(&self) -> NaiveDateTime {
        let at = self.generation_time();
        match self.zone {
            None => at.naive_local(),
            Some(zone) => at.with_timezone(&zone).naive_local(),
        }
    }

    /// What the writers' cells need from the report.
    pub(crate) fn cell_context(&self) -> CellContext {
        CellContext {
            base_url: self.recording_base_url.clone(),
            zone: self.zone,
        }
    }

    /// The columns, checked to be non-empty.
    pub(crate) fn checked_columns(&self) -> Result<Vec<Column>, Error> {
        if self.columns.is_empty() {
            return Err(Error::NoColumns);
        }
        Ok(self.columns.iter().map(ReportColumn::column).collect())
    }
}
