//! A line of text turned into glyphs: what the shaper makes and the content stream draws.

/// One glyph placed on a line. Distances are in thousandths of the font size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Glyph {
    /// The font's index in the [`FontSet`](super::fonts::FontSet).
    pub(super) font: u16,
    /// The glyph's CID in that font's subset.
    pub(super) cid: u16,
    /// How far the pen moves after this glyph.
    pub(super) advance: f32,
    /// How far a PDF viewer moves after it (the font's own advance, its `/W` entry).
    pub(super) width: f32,
    pub(super) x_offset: f32,
    pub(super) y_offset: f32,
    /// The byte offset in [`Line::text`] of the cluster (grapheme) the glyph belongs to.
    pub(super) cluster: u32,
}

/// A shaped line: its glyphs in drawing order (left to right, right-to-left runs already
/// reversed) and the text they stand for.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Line {
    pub(super) glyphs: Vec<Glyph>,
    /// The sum of the advances.
    pub(super) width: f32,
    /// The text drawn: the input with control characters as spaces and characters no font
    /// has as `?`.
    pub(super) text: String,
    /// Characters no font has.
    pub(super) missing: u64,
    /// Whether extracting the glyphs one by one could misread the text (shaped scripts,
    /// right to left): the line then carries its text as `/ActualText`.
    pub(super) complex: bool,
}

impl Line {
    pub(super) fn clear(&mut self) {
        self.glyphs.clear();
        self.width = 0.0;
        self.text.clear();
        self.missing = 0;
        self.complex = false;
    }

    /// How many glyphs from the start fit in `budget` (thousandths of the font size),
    /// never splitting a cluster.
    pub(super) fn fitting(&self, budget: f32) -> usize {
        let mut used = 0.0;
        let mut keep = 0;
        for glyph in &self.glyphs {
            if used + glyph.advance > budget {
                break;
            }
            used += glyph.advance;
            keep += 1;
        }
        while keep > 0
            && keep < self.glyphs.len()
            && self.glyphs[keep].cluster == self.glyphs[keep - 1].cluster
        {
            keep -= 1;
        }
        keep
    }

    /// The text of the clusters of the first `keep` glyphs, in reading order.
    pub(super) fn text_of_first(&self, keep: usize) -> String {
        let mut starts: Vec<u32> = self.glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut kept: Vec<u32> = self.glyphs[..keep].iter().map(|g| g.cluster).collect();
        kept.sort_unstable();
        kept.dedup();
        let mut out = String::new();
        for start in kept {
            let position = starts.partition_point(|s| *s <= start);
            let end = starts
                .get(position)
                .map_or(self.text.len(), |end| *end as usize);
            if let Some(part) = self.text.get(start as usize..end) {
                out.push_str(part);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Glyph, Line};

    fn glyph(cluster: u32) -> Glyph {
        Glyph {
            font: 0,
            cid: 1,
            advance: 500.0,
            width: 500.0,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster,
        }
    }

    #[test]
    fn cuts_between_clusters_and_keeps_their_text() {
        // "ab" then a two-glyph cluster "cd", then "e".
        let line = Line {
            glyphs: vec![glyph(0), glyph(1), glyph(2), glyph(2), glyph(4)],
            width: 2500.0,
            text: "abcde".to_owned(),
            missing: 0,
            complex: true,
        };
        assert_eq!(line.fitting(1600.0), 2);
        assert_eq!(line.fitting(2000.0), 4);
        assert_eq!(line.text_of_first(2), "ab");
        assert_eq!(line.text_of_first(4), "abcd");
        assert_eq!(line.text_of_first(5), "abcde");
    }
}
