//! Page geometry: page size, margins, type sizes and where each column sits.

use super::fonts::{FontSet, Style};
use crate::column::Column;

/// Paper for PDF reports, always used in landscape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageSize {
    /// ISO A4, 297 × 210 mm.
    #[default]
    A4,
    /// ISO A3, 420 × 297 mm.
    A3,
    /// US Letter, 11 × 8.5 in.
    Letter,
}

impl PageSize {
    /// Width and height in points, landscape.
    fn landscape(self) -> (f32, f32) {
        match self {
            Self::A4 => (842.0, 595.0),
            Self::A3 => (1191.0, 842.0),
            Self::Letter => (792.0, 612.0),
        }
    }
}

pub(super) const MARGIN: f32 = 28.0;
pub(super) const BODY_SIZE: f32 = 7.0;
pub(super) const ROW_HEIGHT: f32 = 10.0;
pub(super) const TITLE_SIZE: f32 = 14.0;
pub(super) const NOTE_SIZE: f32 = 9.0;
pub(super) const FOOTER_SIZE: f32 = 7.0;
/// Space between a cell's text and its column's edges.
pub(super) const PADDING: f32 = 2.0;
/// Room for the footer line under the table.
const FOOTER_ROOM: f32 = 20.0;

/// Where things go on a page.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) width: f32,
    pub(super) height: f32,
    /// Left edge and width of each column.
    pub(super) columns: Vec<(f32, f32)>,
    /// The lowest baseline a table row may use.
    pub(super) bottom: f32,
}

/// The narrowest a column is made before columns that give way later are touched.
const GIVE_WAY_FLOOR: f32 = 40.0;

/// In which order columns give up room when the page is too narrow: URLs first (they are
/// long and never read whole on paper), then names and statuses, then the rest.
fn give_way_order(column: Column) -> usize {
    match column {
        Column::RecordingUrl => 0,
        Column::CustomerName | Column::Status => 1,
        _ => 2,
    }
}

impl Layout {
    /// Gives each column the room its typical value or its bold title needs, whichever is
    /// wider. Room left over goes to the flexible columns (names, statuses, URLs); room
    /// missing is taken from URLs first, then names and statuses (down to a floor), then from
    /// every column alike.
    pub(super) fn new(
        size: PageSize,
        columns: &[Column],
        titles: &[String],
        fonts: &mut FontSet,
    ) -> Self {
        let (width, height) = size.landscape();
        let usable = width - 2.0 * MARGIN;
        let typical_char = fonts.measure(Style::Regular, BODY_SIZE, "0");
        let mut widths: Vec<f32> = columns
            .iter()
            .zip(titles)
            .map(|(column, title)| {
                let value = column.typical_width() as f32 * typical_char;
                value.max(fonts.measure(Style::Bold, BODY_SIZE, title)) + 2.0 * PADDING
            })
            .collect();
        let total: f32 = widths.iter().sum();
        if total < usable {
            grow(&mut widths, columns, usable - total);
        }
        for order in 0..2 {
            let excess = widths.iter().sum::<f32>() - usable;
            if excess <= 0.0 {
                break;
            }
            shrink(&mut widths, columns, order, excess);
        }
        let total: f32 = widths.iter().sum::<f32>().max(1.0);
        if total > usable {
            widths.iter_mut().for_each(|w| *w *= usable / total);
        }
        let mut x = MARGIN;
        let columns = widths
            .iter()
            .map(|column_width| {
                let placed = (x, *column_width);
                x += column_width;
                placed
            })
            .collect();
        Self {
            width,
            height,
            columns,
            bottom: MARGIN + FOOTER_ROOM,
        }
    }

    /// The first baseline below the top margin for text of `size`.
    pub(super) fn top(&self, size: f32) -> f32 {
        self.height - MARGIN - size
    }

    /// The full width of the table.
    pub(super) fn table_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }
}

/// Shares `extra` among the flexible columns in proportion to their widths (or among all
/// columns when none is flexible).
fn grow(widths: &mut [f32], columns: &[Column], extra: f32) {
    let any_flexible = columns.iter().any(|c| c.is_flexible());
    let takes = |column: &Column| !any_flexible || column.is_flexible();
    let base: f32 = widths
        .iter()
        .zip(columns)
        .filter(|(_, c)| takes(c))
        .map(|(w, _)| *w)
        .sum();
    for (w, column) in widths.iter_mut().zip(columns) {
        if takes(column) && base > 0.0 {
            *w += extra * *w / base;
        }
    }
}

/// Takes up to `excess` from the columns of give-way `order`, each in proportion to its
/// room above the floor.
fn shrink(widths: &mut [f32], columns: &[Column], order: usize, excess: f32) {
    let room = |w: f32| (w - GIVE_WAY_FLOOR).max(0.0);
    let available: f32 = widths
        .iter()
        .zip(columns)
        .filter(|(_, c)| give_way_order(**c) == order)
        .map(|(w, _)| room(*w))
        .sum();
    if available <= 0.0 {
        return;
    }
    let share = (excess / available).min(1.0);
    for (w, column) in widths.iter_mut().zip(columns) {
        if give_way_order(*column) == order {
            *w -= room(*w) * share;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Layout, MARGIN, PageSize};
    use crate::column::Column;
    use crate::pdf_writer::fonts::FontSet;

    #[test]
    fn columns_fill_the_printable_width_and_titles_fit() {
        let titles: Vec<String> = Column::ALL.iter().map(|c| c.title().to_owned()).collect();
        let mut fonts = FontSet::new(&[]).unwrap();
        let layout = Layout::new(PageSize::A4, Column::ALL, &titles, &mut fonts);
        let (x, width) = *layout.columns.last().unwrap();
        assert!((x + width - (842.0 - MARGIN)).abs() < 0.01);
        // "Legs" in bold 7 pt: its column keeps room for it.
        let legs = Column::ALL.iter().position(|c| *c == Column::Legs).unwrap();
        let title = fonts.measure(super::Style::Bold, super::BODY_SIZE, "Legs");
        assert!(title > 14.0);
        assert!(layout.columns[legs].1 >= title + 2.0 * super::PADDING);
        // With few columns, the flexible ones take the rest of the page.
        let few = [Column::Legs, Column::CustomerName];
        let titles = ["Legs".to_owned(), "Name".to_owned()];
        let layout = Layout::new(PageSize::Letter, &few, &titles, &mut fonts);
        assert!(layout.columns[1].1 > 700.0);
    }
}
