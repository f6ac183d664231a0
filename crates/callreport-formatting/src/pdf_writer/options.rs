//! What a caller can choose about a PDF report.

use std::fmt;
use std::sync::Arc;

use super::layout::PageSize;
use super::typeface::{FontData, Typeface};
use crate::error::Error;

/// How to write PDF.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The paper, used in landscape.
    pub page_size: PageSize,
    /// Font files tried before the bundled fonts, in order (see [`PdfOptions::font`]).
    pub fonts: Vec<Arc<[u8]>>,
}

impl PdfOptions {
    /// A4 landscape.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`PdfOptions::page_size`].
    #[must_use]
    pub fn page_size(mut self, size: PageSize) -> Self {
        self.page_size = size;
        self
    }

    /// Adds a font (the bytes of a `.ttf` or `.otf` file) to try before the bundled ones:
    /// text its characters are drawn in takes it first, the way a `--font` does on the
    /// command line. Bold titles keep the bundled bold Latin font and fall back to this one.
    ///
    /// # Errors
    /// [`Error::UnusableFont`] when `data` is not an OpenType or TrueType font with TrueType
    /// or CFF outlines.
    pub fn font(mut self, data: impl Into<Arc<[u8]>>) -> Result<Self, Error> {
        let data = data.into();
        if Typeface::new(FontData::Shared(Arc::clone(&data))).is_none() {
            return Err(Error::UnusableFont {
                position: self.fonts.len(),
            });
        }
        self.fonts.push(data);
        Ok(self)
    }
}

impl fmt::Debug for PdfOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfOptions")
            .field("page_size", &self.page_size)
            .field("fonts", &self.fonts.len())
            .finish()
    }
}
