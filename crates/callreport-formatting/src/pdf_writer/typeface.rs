//! One font of the chain: its parsed face, the glyphs a document has used from it (each
//! given a CID, the glyph's number in the subset), their widths and their text.

mod embed;

use std::collections::BTreeMap;
use std::sync::Arc;

use rustybuzz::Face;
use rustybuzz::ttf_parser::GlyphId;
use subsetter::GlyphRemapper;

pub(super) use self::embed::embed;

/// A font's bytes: bundled with the crate or given by the caller.
#[derive(Clone, Debug)]
pub(super) enum FontData {
    Bundled(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl FontData {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Bundled(bytes) => bytes,
            Self::Shared(bytes) => bytes,
        }
    }
}

self_cell::self_cell!(
    /// The bytes and the face parsed from them, kept together.
    struct ParsedFace {
        owner: FontData,
        #[covariant]
        dependent: Face,
    }
);

/// The first printable ASCII character, `' '`.
const ASCII_FIRST: u8 = 0x20;
/// How many printable ASCII characters there are (`' '` to `'~'`).
const ASCII_COUNT: usize = 95;

/// A font of the chain and what the document has used from it.
pub(super) struct Typeface {
    face: ParsedFace,
    /// Thousandths of an em per font unit.
    scale: f32,
    /// The glyph and advance (thousandths of an em) of each printable ASCII character; glyph
    /// 0 where the font has none.
    ascii: [(u16, f32); ASCII_COUNT],
    /// The CID given to each printable ASCII character's glyph, 0 until it is first used.
    ascii_cids: [u16; ASCII_COUNT],
    /// Glyph id in the font -> CID (its id in the subset), in order of first use.
    used: GlyphRemapper,
    /// The advance of each CID, in thousandths of an em, for the font's `/W` array.
    widths: Vec<f32>,
    /// The text each CID stands for, for the `ToUnicode` map.
    text: BTreeMap<u16, String>,
}

impl Typeface {
    /// Parses `data`; `None` when it is not a font this writer can embed (TrueType or CFF
    /// outlines in an OpenType file).
    pub(super) fn new(data: FontData) -> Option<Self> {
        let face =
            ParsedFace::try_new(data, |data| Face::from_slice(data.bytes(), 0).ok_or(())).ok()?;
        let tables = face.borrow_dependent().tables();
        if tables.glyf.is_none() && tables.cff.is_none() {
            return None;
        }
        let scale = 1000.0 / face.borrow_dependent().units_per_em().max(1) as f32;
        let mut typeface = Self {
            face,
            scale,
            ascii: [(0, 0.0); ASCII_COUNT],
            ascii_cids: [0; ASCII_COUNT],
            used: GlyphRemapper::new(),
            widths: Vec::new(),
            text: BTreeMap::new(),
        };
        // CID 0 is .notdef, as in the subset.
        typeface.widths.push(typeface.advance(0));
        for (slot, byte) in (ASCII_FIRST..ASCII_FIRST + ASCII_COUNT as u8).enumerate() {
            let glyph = typeface.glyph(char::from(byte)).unwrap_or(0);
            typeface.ascii[slot] = (glyph, typeface.advance(glyph));
        }
        Some(typeface)
    }

    pub(super) fn face(&self) -> &Face<'_> {
        self.face.borrow_dependent()
    }

    pub(super) fn data(&self) -> &[u8] {
        self.face.borrow_owner().bytes()
    }

    /// Thousandths of an em per font unit.
    pub(super) fn scale(&self) -> f32 {
        self.scale
    }

    /// The font's glyph for `c`, if it has one.
    pub(super) fn glyph(&self, c: char) -> Option<u16> {
        self.face().glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
    }

    pub(super) fn covers(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The glyph's advance in thousandths of an em.
    pub(super) fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.face().glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)) * self.scale
    }

    /// Whether every byte of `text` is printable ASCII this font has a glyph for.
    pub(super) fn covers_ascii(&self, text: &[u8]) -> bool {
        text.iter().all(|&b| {
            b.checked_sub(ASCII_FIRST)
                .and_then(|slot| self.ascii.get(usize::from(slot)))
                .is_some_and(|(glyph, _)| *glyph != 0)
        })
    }

    /// The CID and advance of a printable ASCII byte (one [`covers_ascii`](Self::covers_ascii)
    /// accepted).
    pub(super) fn ascii(&mut self, byte: u8) -> (u16, f32) {
        let slot = usize::from(byte.saturating_sub(ASCII_FIRST)).min(ASCII_COUNT - 1);
        let (glyph, advance) = self.ascii[slot];
        if self.ascii_cids[slot] == 0 {
            let cid = self.cid(glyph);
            self.ascii_cids[slot] = cid;
            self.text
                .entry(cid)
                .or_insert_with(|| char::from(byte).to_string());
        }
        (self.ascii_cids[slot], advance)
    }

    /// The CID of `glyph`, given on first use.
    pub(super) fn cid(&mut self, glyph: u16) -> u16 {
        if let Some(cid) = self.used.get(glyph) {
            return cid;
        }
        let cid = self.used.remap(glyph);
        let advance = self.advance(glyph);
        self.widths.resize(usize::from(cid) + 1, 0.0);
        self.widths[usize::from(cid)] = advance;
        cid
    }

    /// The width a PDF viewer gives `cid` (its `/W` entry).
    pub(super) fn width(&self, cid: u16) -> f32 {
        self.widths.get(usize::from(cid)).copied().unwrap_or(0.0)
    }

    /// Records the text `cid` stands for, unless it already has one.
    pub(super) fn note_text(&mut self, cid: u16, text: &str) {
        if !text.is_empty() {
            self.text.entry(cid).or_insert_with(|| text.to_owned());
        }
    }

    /// Whether any glyph was drawn with this font.
    pub(super) fn is_used(&self) -> bool {
        self.widths.len() > 1
    }
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeface")
            .field("glyphs_used", &self.widths.len())
            .finish_non_exhaustive()
    }
}
