//! The fonts of a document: the bundled Noto fonts (and any the caller adds), the fallback
//! chain of each style, and a cache of shaped text, since names and statuses repeat.

mod bundled;
mod shaper;

use std::collections::HashMap;
use std::sync::Arc;

use super::line::{Glyph, Line};
use super::typeface::{FontData, Typeface};

/// The text of titles and column headers is bold; everything else is regular.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Regular,
    Bold,
}

/// Shaped lines kept at most, per style: enough for every distinct name of a large call
/// centre, small enough (a few MB) that memory stays flat when every row's text is new.
const CACHE_LINES: usize = 16_384;

/// Every font a document may draw with, and what it has drawn.
pub(super) struct FontSet {
    faces: Vec<Typeface>,
    regular: Vec<u16>,
    bold: Vec<u16>,
    /// Shaped lines of each style, by their text.
    #[allow(
        clippy::disallowed_types,
        reason = "a cache: looked up by key, never iterated, so its order cannot show"
    )]
    cache: [HashMap<Box<str>, Line>; 2],
}

impl FontSet {
    /// The bundled fonts, with `extra` (the caller's, each whole font file) in front of
    /// them; `None` when one of `extra` is not a font this writer can embed, with its index.
    pub(super) fn new(extra: &[Arc<[u8]>]) -> Result<Self, usize> {
        let mut faces = Vec::new();
        for (index, data) in extra.iter().enumerate() {
            faces.push(Typeface::new(FontData::Shared(Arc::clone(data))).ok_or(index)?);
        }
        let users = faces.len();
        for data in bundled::FONTS {
            if let Some(face) = Typeface::new(FontData::Bundled(data)) {
                faces.push(face);
            }
        }
        let index = |i: usize| u16::try_from(i).unwrap_or(u16::MAX);
        let user: Vec<u16> = (0..users).map(index).collect();
        let regular_latin = index(users + bundled::REGULAR);
        let bold_latin = index(users + bundled::BOLD);
        let scripts = (users + bundled::SCRIPTS..faces.len()).map(index);
        // The caller's fonts come first, except that bold Latin stays bold.
        let regular = user
            .iter()
            .copied()
            .chain([regular_latin])
            .chain(scripts.clone())
            .collect();
        let bold = [bold_latin]
            .into_iter()
            .chain(user.iter().copied())
            .chain([regular_latin])
            .chain(scripts)
            .collect();
        Ok(Self {
            faces,
            regular,
            bold,
            cache: [HashMap::new(), HashMap::new()],
        })
    }

    pub(super) fn faces(&self) -> &[Typeface] {
        &self.faces
    }

    fn chain(&self, style: Style) -> &[u16] {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// Shapes `text` into `out`. Printable ASCII in the style's first font needs no shaping
    /// and is laid out glyph by glyph; anything else is shaped once and then cached.
    pub(super) fn shape(&mut self, style: Style, text: &str, out: &mut Line) {
        out.clear();
        let head = self.chain(style)[0];
        let first = &mut self.faces[usize::from(head)];
        if first.covers_ascii(text.as_bytes()) {
            for (position, byte) in text.bytes().enumerate() {
                let (cid, advance) = first.ascii(byte);
                out.glyphs.push(Glyph {
                    font: head,
                    cid,
                    advance,
                    width: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    cluster: u32::try_from(position).unwrap_or(u32::MAX),
                });
                out.width += advance;
            }
            out.text.push_str(text);
            return;
        }
        let slot = style as usize;
        if let Some(line) = self.cache[slot].get(text) {
            out.clone_from(line);
            return;
        }
        let chain = self.chain(style).to_vec();
        shaper::shape(&mut self.faces, &chain, text, out);
        if self.cache[slot].len() >= CACHE_LINES {
            self.cache[slot].clear();
        }
        self.cache[slot].insert(text.into(), out.clone());
    }

    /// The width of `text` at `size` points.
    pub(super) fn measure(&mut self, style: Style, size: f32, text: &str) -> f32 {
        let mut line = Line::default();
        self.shape(style, text, &mut line);
        line.width * size / 1000.0
    }
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("faces", &self.faces.len())
            .field("cached", &(self.cache[0].len() + self.cache[1].len()))
            .finish()
    }
}
