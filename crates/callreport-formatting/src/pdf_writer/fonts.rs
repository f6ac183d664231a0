//! The fonts of a document: the bundled Noto fonts (and any the caller adds), the fallback
//! chain of each style, and a cache of shaped text, since names and statuses repeat.

mod bundled;
mod cache;
mod shaper;

use std::sync::Arc;

use self::cache::ShapeCache;
use super::line::{Glyph, Line};
use super::typeface::{FontData, Typeface};

/// The text of titles and column headers is bold; everything else is regular.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Regular,
    Bold,
}

/// Every font a document may draw with, and what it has drawn.
pub(super) struct FontSet {
    faces: Vec<Typeface>,
    regular: Vec<u16>,
    bold: Vec<u16>,
    /// Shaped lines of each style.
    cache: [ShapeCache; 2],
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
            cache: [ShapeCache::default(), ShapeCache::default()],
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

    /// Shapes `text` into `out`. Printable ASCII needs no shaping: it is laid out glyph by
    /// glyph in the first font of the chain that has all of its characters. Anything else is
    /// shaped once and then cached.
    pub(super) fn shape(&mut self, style: Style, text: &str, out: &mut Line) {
        out.clear();
        let ascii = text.is_ascii().then(|| {
            self.chain(style)
                .iter()
                .copied()
                .find(|font| self.faces[usize::from(*font)].covers_ascii(text.as_bytes()))
        });
        if let Some(Some(head)) = ascii {
            let first = &mut self.faces[usize::from(head)];
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
        self.cache[slot].insert(text, out);
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
