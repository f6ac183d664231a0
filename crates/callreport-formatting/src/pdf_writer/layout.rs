//! Page geometry: page size, margins, type sizes and where each column sits.

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

impl Layout {
    /// Shares the printable width among `columns` in proportion to their typical widths.
    pub(super) fn new(size: PageSize, columns: &[Column]) -> Self {
        let (width, height) = size.landscape();
        let usable = width - 2.0 * MARGIN;
        let weights: Vec<f32> = columns.iter().map(|c| c.typical_width() as f32).collect();
        let total: f32 = weights.iter().sum::<f32>().max(1.0);
        let mut x = MARGIN;
        let columns = weights
            .iter()
            .map(|weight| {
                let column_width = usable * weight / total;
                let placed = (x, column_width);
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
