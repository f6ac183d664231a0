//! PDF reports: a landscape table, paginated, written page by page.
//!
//! printpdf (and every PDF library that builds a document object) holds the whole document
//! until it is saved; this writer instead writes each page as soon as it is full, so memory
//! does not grow with the rows (see `docs/decisions/0001-pdf-streaming.md`). Text is shaped
//! and drawn with embedded fonts, subset at the end to the glyphs used
//! (`docs/decisions/0003-pdf-fonts.md`).

mod content;
mod fonts;
mod layout;
mod line;
mod objects;
mod options;
mod resources;
mod typeface;

use std::fmt;
use std::io::{BufWriter, Write};

use callreport_model::{Call, RejectedRow};

use self::content::{Align, Content, push_text_string};
use self::fonts::{FontSet, Style};
pub use self::layout::PageSize;
use self::layout::{
    BODY_SIZE, FOOTER_SIZE, Layout, MARGIN, NOTE_SIZE, PADDING, ROW_HEIGHT, TITLE_SIZE,
};
use self::objects::{Id, Objects};
pub use self::options::PdfOptions;
use crate::cell::CellContext;
use crate::column::Column;
use crate::error::Error;
use crate::render::{duration_text, push_cell, push_datetime};
use crate::report::Report;
use crate::sink::ReportSink;
use crate::summary::Summary;
use crate::totals::Totals;

/// The form XObject that draws the page count, written once the count is known.
const TOTAL_PAGES: &str = "TotalPages";
const NOTE_LINE: f32 = 12.0;

/// Object numbers fixed when the document starts.
#[derive(Debug)]
struct Ids {
    catalog: Id,
    pages: Id,
    total_pages: Id,
    resources: Id,
    info: Id,
}

/// Writes a report as a PDF table.
///
/// Page 1 starts with the title, the filter summary and the generation time; every page
/// repeats the header row and ends with "Page N of M"; values too wide for their column are
/// cut with `…`; a totals block follows the last row.
///
/// Text is shaped (conjuncts, matras, reordering, marks, Arabic joining, right to left) and
/// drawn with embedded fonts: Noto Sans for Latin, then one bundled Noto font each for
/// Devanagari, Bengali, Gujarati, Gurmukhi, Odia, Tamil, Telugu, Kannada, Malayalam and the
/// Arabic script (Urdu), with any font given by [`PdfOptions::font`] tried first. Each run of
/// text takes the first font of that chain that has its characters; characters no font has
/// are shown as `?` and counted in [`Summary::replaced_characters`], and the totals block says
/// how many there were. Text stays selectable and searchable: every font has a `ToUnicode`
/// map, and shaped text carries its characters as `/ActualText`.
///
/// Each page is compressed and written to `out` as soon as it is full; only the position of
/// each written object is kept until the end, with the glyphs used so far. The font subsets
/// are written last, once every glyph is known. Shaped text is cached, since names repeat.
///
/// ```
/// use callreport_formatting::{PdfOptions, PdfWriter, Report, ReportSink};
/// use callreport_model::generate::Generator;
///
/// let report = Report::new("Calls, November 2025").with_filter_summary("All agents");
/// let mut out = Vec::new();
/// let mut writer = PdfWriter::new(&mut out, &report, PdfOptions::new())?;
/// for call in Generator::new(1).take(60) {
///     writer.write_call(&call)?;
/// }
/// let summary = writer.finish()?;
/// assert_eq!(summary.pages, 2);
/// assert!(out.starts_with(b"%PDF-1.4"));
/// # Ok::<(), callreport_formatting::Error>(())
/// ```
pub struct PdfWriter<W: Write> {
    objects: Objects<BufWriter<W>>,
    ids: Ids,
    layout: Layout,
    fonts: FontSet,
    columns: Vec<Column>,
    titles: Vec<String>,
    title: String,
    cells: CellContext,
    page_ids: Vec<Id>,
    content: Content,
    /// The next baseline on the current page.
    y: f32,
    totals: Totals,
    rejected: u64,
    replaced: u64,
    cell: String,
}

impl<W: Write> PdfWriter<W> {
    /// Starts a document on `out`: writes the header, the fonts and the document information,
    /// and lays out page 1's title block and table header.
    ///
    /// # Errors
    /// [`Error::NoColumns`] for a report without columns; [`Error::UnusableFont`] for a font
    /// in `options` that cannot be embedded; [`Error::Io`] when writing fails.
    pub fn new(out: W, report: &Report, options: PdfOptions) -> Result<Self, Error> {
        let columns = report.checked_columns()?;
        let mut fonts =
            FontSet::new(&options.fonts).map_err(|position| Error::UnusableFont { position })?;
        let mut objects = Objects::new(BufWriter::with_capacity(64 * 1024, out))?;
        let ids = Ids {
            catalog: objects.reserve(),
            pages: objects.reserve(),
            total_pages: objects.reserve(),
            resources: objects.reserve(),
            info: objects.reserve(),
        };
        let generated = report.generation_time();
        objects.object(
            ids.catalog,
            format!("<< /Type /Catalog /Pages {} 0 R >>", ids.pages),
        )?;
        let mut info = b"<< /Producer (callreport-formatting) /Title ".to_vec();
        push_text_string(&mut info, report.title());
        info.extend_from_slice(
            generated
                .format(" /CreationDate (D:%Y%m%d%H%M%S+05'30') >>")
                .to_string()
                .as_bytes(),
        );
        objects.object(ids.info, &info)?;

        let titles: Vec<String> = report
            .columns()
            .iter()
            .map(|c| c.title().to_owned())
            .collect();
        let layout = Layout::new(options.page_size, &columns, &titles, &mut fonts);
        let mut writer = Self {
            objects,
            ids,
            y: 0.0,
            layout,
            fonts,
            columns,
            titles,
            title: report.title().to_owned(),
            cells: report.cell_context(),
            page_ids: Vec::new(),
            content: Content::default(),
            totals: Totals::new(),
            rejected: 0,
            replaced: 0,
            cell: String::new(),
        };
        writer.title_block(report, &report.local_generation_time());
        writer.table_header();
        Ok(writer)
    }

    fn title_block(&mut self, report: &Report, generated: &chrono::NaiveDateTime) {
        let full = (MARGIN, self.layout.table_width());
        self.y = self.layout.top(TITLE_SIZE);
        self.replaced += self.content.text(
            &mut self.fonts,
            (Style::Bold, TITLE_SIZE),
            full,
            self.y,
            Align::Left,
            report.title(),
        );
        self.y -= TITLE_SIZE + 4.0;
        if let Some(filter) = report.filter_summary() {
            self.replaced += self.content.text(
                &mut self.fonts,
                (Style::Regular, NOTE_SIZE),
                full,
                self.y,
                Align::Left,
                filter,
            );
            self.y -= NOTE_LINE;
        }
        let mut line = String::from("Generated ");
        push_datetime(&mut line, generated);
        line.push(' ');
        line.push_str(report.zone_label());
        self.content.text(
            &mut self.fonts,
            (Style::Regular, NOTE_SIZE),
            full,
            self.y,
            Align::Left,
            &line,
        );
        self.y -= NOTE_LINE + 6.0;
    }

    fn table_header(&mut self) {
        let baseline = self.y;
        self.content.shade(
            MARGIN,
            baseline - 3.0,
            self.layout.table_width(),
            ROW_HEIGHT,
        );
        for (position, title) in self.titles.iter().enumerate() {
            let (x, width) = self.layout.columns[position];
            let align = alignment(self.columns[position]);
            self.replaced += self.content.text(
                &mut self.fonts,
                (Style::Bold, BODY_SIZE),
                (x + PADDING, width - 2.0 * PADDING),
                baseline,
                align,
                title,
            );
        }
        self.y -= ROW_HEIGHT;
    }

    /// Ends the current page: footer, content stream, page object.
    fn close_page(&mut self) -> Result<(), Error> {
        let number = self.page_ids.len() + 1;
        let label = format!("Page {number} of ");
        let label_width = self.fonts.measure(Style::Regular, FOOTER_SIZE, &label);
        let x = self.layout.width - MARGIN - 60.0;
        let y = MARGIN;
        self.content.text(
            &mut self.fonts,
            (Style::Regular, FOOTER_SIZE),
            (x, 60.0),
            y,
            Align::Left,
            &label,
        );
        self.content.form(TOTAL_PAGES, x + label_width, y);
        let footer_title = (MARGIN, self.layout.table_width() - 80.0);
        self.content.text(
            &mut self.fonts,
            (Style::Regular, FOOTER_SIZE),
            footer_title,
            y,
            Align::Left,
            &self.title,
        );
        let ops = self.content.take();
        let contents = self.objects.reserve();
        let page = self.objects.reserve();
        self.objects.stream(contents, "", &ops)?;
        self.objects.object(
            page,
            format!(
                "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 {} {}] /Resources {} 0 R /Contents {contents} 0 R >>",
                self.ids.pages, self.layout.width, self.layout.height, self.ids.resources
            ),
        )?;
        self.page_ids.push(page);
        Ok(())
    }

    fn new_page(&mut self, with_header: bool) -> Result<(), Error> {
        self.close_page()?;
        self.y = self.layout.top(BODY_SIZE);
        if with_header {
            self.table_header();
        }
        Ok(())
    }

    fn totals_block(&mut self) -> Result<(), Error> {
        let t = &self.totals;
        let mut lines = vec![
            format!("Calls: {}", t.calls),
            format!(
                "Queue time: total {}, average {}",
                duration_text(t.queue),
                duration_text(t.average_queue())
            ),
            format!(
                "Talk time: total {}, average {}",
                duration_text(t.talk),
                duration_text(t.average_talk())
            ),
            format!(
                "Agent on call: total {}, average {}",
                duration_text(t.agent_on_call),
                duration_text(t.average_agent_on_call())
            ),
            format!("Amount: total {:.2}", t.amount),
        ];
        if self.rejected > 0 {
            lines.push(format!("Rejected rows (not shown): {}", self.rejected));
        }
        if self.replaced > 0 {
            lines.push(format!(
                "Characters no font can draw, shown as '?': {}",
                self.replaced
            ));
        }
        let needed = NOTE_LINE * (lines.len() as f32 + 1.0) + 6.0;
        if self.y - needed < self.layout.bottom {
            self.new_page(false)?;
        }
        let full = (MARGIN, self.layout.table_width());
        self.y -= 6.0;
        self.content.text(
            &mut self.fonts,
            (Style::Bold, NOTE_SIZE),
            full,
            self.y,
            Align::Left,
            "Totals",
        );
        for line in &lines {
            self.y -= NOTE_LINE;
            self.content.text(
                &mut self.fonts,
                (Style::Regular, NOTE_SIZE),
                full,
                self.y,
                Align::Left,
                line,
            );
        }
        Ok(())
    }
}

fn alignment(column: Column) -> Align {
    if column.is_numeric() {
        Align::Right
    } else {
        Align::Left
    }
}

impl<W: Write> ReportSink for PdfWriter<W> {
    fn write_call(&mut self, call: &Call) -> Result<(), Error> {
        if self.y < self.layout.bottom {
            self.new_page(true)?;
        }
        for (position, column) in self.columns.iter().enumerate() {
            self.cell.clear();
            push_cell(&mut self.cell, &column.cell(call, &self.cells));
            if self.cell.is_empty() {
                continue;
            }
            let (x, width) = self.layout.columns[position];
            self.replaced += self.content.text(
                &mut self.fonts,
                (Style::Regular, BODY_SIZE),
                (x + PADDING, width - 2.0 * PADDING),
                self.y,
                alignment(*column),
                &self.cell,
            );
        }
        self.y -= ROW_HEIGHT;
        self.totals.add(call);
        Ok(())
    }

    fn write_rejected(&mut self, _row: &RejectedRow) -> Result<(), Error> {
        self.rejected += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Summary, Error> {
        if self.totals.calls == 0 {
            let full = (MARGIN, self.layout.table_width());
            self.content.text(
                &mut self.fonts,
                (Style::Regular, NOTE_SIZE),
                full,
                self.y,
                Align::Left,
                "No calls match this report.",
            );
            self.y -= NOTE_LINE;
        }
        self.totals_block()?;
        if !self.content.is_empty() {
            self.close_page()?;
        }
        let pages = self.page_ids.len();
        let mut form = Content::default();
        form.text(
            &mut self.fonts,
            (Style::Regular, FOOTER_SIZE),
            (0.0, 100.0),
            0.0,
            Align::Left,
            &pages.to_string(),
        );
        let form = form.take();
        self.objects.stream(
            self.ids.total_pages,
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 100 20] /Resources {} 0 R",
                self.ids.resources
            ),
            &form,
        )?;
        resources::write_resources(
            &mut self.objects,
            &self.fonts,
            self.ids.resources,
            (TOTAL_PAGES, self.ids.total_pages),
        )?;
        let mut kids = String::with_capacity(pages * 10);
        for id in &self.page_ids {
            kids.push_str(&format!("{id} 0 R "));
        }
        self.objects.object(
            self.ids.pages,
            format!("<< /Type /Pages /Count {pages} /Kids [{kids}] >>"),
        )?;
        self.objects
            .finish(self.ids.catalog, self.ids.info)?
            .into_inner()
            .map_err(|error| Error::Io(error.into_error()))?
            .flush()?;
        Ok(Summary {
            totals: self.totals,
            rejected: self.rejected,
            pages: pages as u64,
            replaced_characters: self.replaced,
            ..Summary::new()
        })
    }
}

impl<W: Write> fmt::Debug for PdfWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfWriter")
            .field("columns", &self.columns)
            .field("pages", &self.page_ids.len())
            .field("calls", &self.totals.calls)
            .finish_non_exhaustive()
    }
}
