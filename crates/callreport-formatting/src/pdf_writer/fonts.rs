//! The two built-in fonts used (Helvetica, Helvetica-Bold) in WinAnsiEncoding: which
//! characters they can draw, and how wide they are.
//!
//! The widths are the Adobe Core 14 font metrics (AFM), in thousandths of the font size, for
//! the WinAnsi codes 32 to 255; 0 marks a code with no glyph.

/// One of the two fonts, with its resource name in the page resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    pub(super) const fn resource(self) -> &'static str {
        match self {
            Self::Regular => "/F1",
            Self::Bold => "/F2",
        }
    }

    pub(super) const fn base_name(self) -> &'static str {
        match self {
            Self::Regular => "Helvetica",
            Self::Bold => "Helvetica-Bold",
        }
    }

    /// The width of WinAnsi-encoded `bytes` at `size` points.
    pub(super) fn width(self, bytes: &[u8], size: f32) -> f32 {
        let table = match self {
            Self::Regular => &HELVETICA,
            Self::Bold => &HELVETICA_BOLD,
        };
        let units: u32 = bytes
            .iter()
            .map(|&b| u32::from(table[usize::from(b.max(32) - 32)]))
            .sum();
        units as f32 * size / 1000.0
    }
}

/// The WinAnsi byte for `c`, if the fonts can draw it.
pub(super) fn win_ansi(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => match c {
            '\u{20AC}' => Some(0x80),
            '\u{201A}' => Some(0x82),
            '\u{0192}' => Some(0x83),
            '\u{201E}' => Some(0x84),
            '\u{2026}' => Some(0x85),
            '\u{2020}' => Some(0x86),
            '\u{2021}' => Some(0x87),
            '\u{02C6}' => Some(0x88),
            '\u{2030}' => Some(0x89),
            '\u{0160}' => Some(0x8A),
            '\u{2039}' => Some(0x8B),
            '\u{0152}' => Some(0x8C),
            '\u{017D}' => Some(0x8E),
            '\u{2018}' => Some(0x91),
            '\u{2019}' => Some(0x92),
            '\u{201C}' => Some(0x93),
            '\u{201D}' => Some(0x94),
            '\u{2022}' => Some(0x95),
            '\u{2013}' => Some(0x96),
            '\u{2014}' => Some(0x97),
            '\u{02DC}' => Some(0x98),
            '\u{2122}' => Some(0x99),
            '\u{0161}' => Some(0x9A),
            '\u{203A}' => Some(0x9B),
            '\u{0153}' => Some(0x9C),
            '\u{017E}' => Some(0x9E),
            '\u{0178}' => Some(0x9F),
            _ => None,
        },
    }
}

/// The byte drawn for a character the fonts cannot draw: a visible `?`.
pub(super) const REPLACEMENT: u8 = b'?';

/// The ellipsis (`…`) in WinAnsi.
pub(super) const ELLIPSIS: u8 = 0x85;

/// Encodes `text` into `out`; returns how many characters were replaced by
/// [`REPLACEMENT`]. Control characters (line breaks, tabs) become spaces, uncounted.
pub(super) fn encode(text: &str, out: &mut Vec<u8>) -> u64 {
    let mut replaced = 0;
    for c in text.chars() {
        if c.is_control() {
            out.push(b' ');
        } else if let Some(byte) = win_ansi(c) {
            out.push(byte);
        } else {
            out.push(REPLACEMENT);
            replaced += 1;
        }
    }
    replaced
}

const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 222, 222,
    333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 578, 537, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 278, 278,
    500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611,
    611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::{ELLIPSIS, Font, encode, win_ansi};

    #[test]
    fn measures_with_the_standard_metrics() {
        // "Hi" in Helvetica: H 722 + i 222, at 10 pt.
        assert!((Font::Regular.width(b"Hi", 10.0) - 9.44).abs() < 1e-4);
        assert!((Font::Bold.width(b"Hi", 10.0) - 10.0).abs() < 1e-4);
        assert!((Font::Regular.width(&[ELLIPSIS], 1000.0) - 1000.0).abs() < 1e-3);
    }

    #[test]
    fn replaces_what_winansi_lacks_and_counts_it() {
        let mut out = Vec::new();
        assert_eq!(encode("José €5 आशा\n", &mut out), 3);
        assert_eq!(out, b"Jos\xe9 \x805 ??? ");
        assert_eq!(win_ansi('…'), Some(ELLIPSIS));
        assert_eq!(win_ansi('\u{0081}'), None);
    }
}
