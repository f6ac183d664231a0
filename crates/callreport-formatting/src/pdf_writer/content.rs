//! A page's content stream, built in memory one page at a time.

use super::fonts::{FontSet, Style};
use super::line::{Glyph, Line};

/// The drawing operators of one page.
#[derive(Debug, Default)]
pub(super) struct Content {
    ops: Vec<u8>,
    line: Line,
    ellipsis: Line,
    /// The font, slice and size last set on this page (`Tf` lasts from one text object to
    /// the next).
    font: Option<(u16, u8, f32)>,
}

/// Where text sits in its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

impl Content {
    pub(super) fn take(&mut self) -> Vec<u8> {
        self.font = None;
        std::mem::take(&mut self.ops)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Draws `text` with its baseline at `y`, inside the box `x .. x + width`, cut with an
    /// ellipsis when it does not fit. Returns how many characters no font could draw.
    #[allow(clippy::too_many_arguments, reason = "a text box is this many numbers")]
    pub(super) fn text(
        &mut self,
        fonts: &mut FontSet,
        (style, size): (Style, f32),
        (x, width): (f32, f32),
        y: f32,
        align: Align,
        text: &str,
    ) -> u64 {
        let mut line = std::mem::take(&mut self.line);
        fonts.shape(style, text, &mut line);
        let mut keep = line.glyphs.len();
        let mut shown = line.width * size / 1000.0;
        let mut cut = false;
        // A hair of tolerance: a title measured to fit its column exactly must not be cut.
        if shown > width + 0.01 {
            fonts.shape(style, "\u{2026}", &mut self.ellipsis);
            let budget = width * 1000.0 / size - self.ellipsis.width;
            keep = line.fitting(budget);
            let kept: f32 = line.glyphs[..keep].iter().map(|g| g.advance).sum();
            shown = (kept + self.ellipsis.width) * size / 1000.0;
            cut = true;
        }
        let left = match align {
            Align::Left => x,
            Align::Right => x + width - shown,
        };
        let actual = match (line.complex, cut) {
            (false, _) => None,
            (true, false) => Some(line.text.clone()),
            (true, true) => Some(line.text_of_first(keep) + "\u{2026}"),
        };
        if let Some(actual) = &actual {
            self.ops.extend_from_slice(b"/Span << /ActualText <FEFF");
            push_utf16_hex(&mut self.ops, actual);
            self.ops.extend_from_slice(b"> >> BDC ");
        }
        self.ops.extend_from_slice(b"BT 1 0 0 1 ");
        push_number(&mut self.ops, left);
        self.ops.push(b' ');
        push_number(&mut self.ops, y);
        self.ops.extend_from_slice(b" Tm ");
        let ellipsis = std::mem::take(&mut self.ellipsis);
        let glyphs = line.glyphs[..keep]
            .iter()
            .chain(if cut { &ellipsis.glyphs[..] } else { &[] });
        self.glyphs(glyphs, size);
        self.ops.extend_from_slice(b"ET");
        if actual.is_some() {
            self.ops.extend_from_slice(b" EMC");
        }
        self.ops.push(b'\n');
        self.ellipsis = ellipsis;
        let missing = line.missing;
        self.line = line;
        missing
    }

    /// Shows `glyphs` from the current text position: `Tf` where the font changes, `Ts` where
    /// a glyph sits above or below the baseline, `TJ` adjustments where the shaped position
    /// differs from the font's own advance.
    fn glyphs<'a>(&mut self, glyphs: impl Iterator<Item = &'a Glyph>, size: f32) {
        let mut show = Show::default();
        // Thousandths of the font size: where the shaper puts the pen, where the viewer is.
        let (mut pen, mut at) = (0.0_f32, 0.0_f32);
        let mut rise = 0.0;
        for glyph in glyphs {
            let [slice, code] = glyph.cid.to_be_bytes();
            if self.font != Some((glyph.font, slice, size)) {
                show.flush(&mut self.ops);
                push_font_resource(&mut self.ops, glyph.font, slice);
                self.ops.push(b' ');
                push_number(&mut self.ops, size);
                self.ops.extend_from_slice(b" Tf ");
                self.font = Some((glyph.font, slice, size));
            }
            if glyph.y_offset != rise {
                show.flush(&mut self.ops);
                push_number(&mut self.ops, glyph.y_offset * size / 1000.0);
                self.ops.extend_from_slice(b" Ts ");
                rise = glyph.y_offset;
            }
            let target = pen + glyph.x_offset;
            show.adjust(at - target);
            show.glyph(code);
            at = target + glyph.width;
            pen += glyph.advance;
        }
        show.flush(&mut self.ops);
        if rise != 0.0 {
            self.ops.extend_from_slice(b"0 Ts ");
        }
    }

    /// Fills a rectangle in light grey.
    pub(super) fn shade(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.ops.extend_from_slice(b"0.9 g ");
        for value in [x, y, width, height] {
            push_number(&mut self.ops, value);
            self.ops.push(b' ');
        }
        self.ops.extend_from_slice(b"re f 0 g\n");
    }

    /// Draws the form XObject `name` with its origin at `(x, y)`.
    pub(super) fn form(&mut self, name: &str, x: f32, y: f32) {
        self.ops.extend_from_slice(b"q 1 0 0 1 ");
        push_number(&mut self.ops, x);
        self.ops.push(b' ');
        push_number(&mut self.ops, y);
        self.ops.extend_from_slice(b" cm /");
        self.ops.extend_from_slice(name.as_bytes());
        self.ops.extend_from_slice(b" Do Q\n");
    }
}

/// The resource name of `slice` (CIDs `slice * 256 ..`) of font `font`: `/F3` for a font's
/// first slice, `/F3.1` for the next.
pub(super) fn push_font_resource(out: &mut Vec<u8>, font: u16, slice: u8) {
    out.extend_from_slice(b"/F");
    push_integer(out, u64::from(font));
    if slice != 0 {
        out.push(b'.');
        push_integer(out, u64::from(slice));
    }
}

/// A number with at most two decimals, as PDF writes them (`12`, `12.5`, `-3.25`).
pub(super) fn push_number(out: &mut Vec<u8>, value: f32) {
    let hundredths = (f64::from(value) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let hundredths = hundredths.unsigned_abs();
    push_integer(out, hundredths / 100);
    let fraction = hundredths % 100;
    if fraction != 0 {
        out.push(b'.');
        out.push(b'0' + (fraction / 10) as u8);
        if !fraction.is_multiple_of(10) {
            out.push(b'0' + (fraction % 10) as u8);
        }
    }
}

fn push_integer(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

/// Bytes for a PDF literal string: parentheses and backslashes escaped, and carriage
/// returns, which a reader would take for line ends.
pub(super) fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
}

/// `text` as UTF-16BE hex digits, the body of a PDF text string after its byte order mark.
pub(super) fn push_utf16_hex(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for unit in text.encode_utf16() {
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((unit >> shift) & 0xF)]);
        }
    }
}

/// A PDF text string: a literal for printable ASCII, which every reader takes as it is, and
/// UTF-16BE with a byte order mark for anything else.
pub(super) fn push_text_string(out: &mut Vec<u8>, text: &str) {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        out.push(b'(');
        push_escaped(out, text.as_bytes());
        out.push(b')');
    } else {
        out.extend_from_slice(b"<FEFF");
        push_utf16_hex(out, text);
        out.push(b'>');
    }
}

/// One run of glyphs of the same font and rise, becoming `(…) Tj`, or `[(…) -12 (…)] TJ`
/// when some glyph needs moving.
#[derive(Debug, Default)]
struct Show {
    items: Vec<u8>,
    open: bool,
    adjusted: bool,
}

impl Show {
    /// Moves the next glyph left by `thousandths` of the font size (right when negative).
    fn adjust(&mut self, thousandths: f32) {
        if thousandths.abs() < 0.5 {
            return;
        }
        if self.open {
            self.items.extend_from_slice(b") ");
            self.open = false;
        }
        push_number(&mut self.items, thousandths);
        self.items.push(b' ');
        self.adjusted = true;
    }

    fn glyph(&mut self, code: u8) {
        if !self.open {
            self.items.push(b'(');
            self.open = true;
        }
        push_escaped(&mut self.items, &[code]);
    }

    fn flush(&mut self, ops: &mut Vec<u8>) {
        if self.items.is_empty() {
            return;
        }
        if self.open {
            self.items.push(b')');
        }
        if self.adjusted {
            ops.push(b'[');
            ops.extend_from_slice(&self.items);
            ops.extend_from_slice(b"] TJ ");
        } else {
            ops.extend_from_slice(&self.items);
            ops.extend_from_slice(b" Tj ");
        }
        self.items.clear();
        self.open = false;
        self.adjusted = false;
    }
}

#[cfg(test)]
mod tests {
    use super::{Align, Content, push_escaped, push_number, push_utf16_hex};
    use crate::pdf_writer::fonts::{FontSet, Style};

    #[test]
    fn numbers_and_strings() {
        let mut out = Vec::new();
        for value in [12.0, 12.5, -3.25, 0.004] {
            push_number(&mut out, value);
            out.push(b' ');
        }
        push_escaped(&mut out, b"a(b)\\\r");
        assert_eq!(out, b"12 12.5 -3.25 0 a\\(b\\)\\\\\\r");
        out.clear();
        push_utf16_hex(&mut out, "a\u{0906}");
        assert_eq!(out, b"00610906");
    }

    #[test]
    fn cuts_text_with_an_ellipsis_to_fit_its_box() {
        let mut fonts = FontSet::new(&[]).unwrap();
        let a = fonts.measure(Style::Regular, 10.0, "a");
        let ellipsis = fonts.measure(Style::Regular, 10.0, "\u{2026}");
        // Room for two "a" and the ellipsis, not three.
        let width = 2.5 * a + ellipsis;
        let mut content = Content::default();
        let missing = content.text(
            &mut fonts,
            (Style::Regular, 10.0),
            (0.0, width),
            0.0,
            Align::Left,
            "aaaaaa",
        );
        assert_eq!(missing, 0);
        let ops = content.take();
        let start = ops.windows(1).position(|w| w == b"(").unwrap();
        let end = ops.windows(4).position(|w| w == b") Tj").unwrap();
        // Three glyphs of one byte each: "a", "a", "…".
        assert_eq!(end - start - 1, 3, "{}", String::from_utf8_lossy(&ops));
    }

    #[test]
    fn shaped_text_carries_its_actual_text() {
        let mut fonts = FontSet::new(&[]).unwrap();
        let mut content = Content::default();
        let missing = content.text(
            &mut fonts,
            (Style::Regular, 7.0),
            (0.0, 500.0),
            0.0,
            Align::Left,
            "\u{0915}\u{093F}",
        );
        assert_eq!(missing, 0);
        let ops = String::from_utf8_lossy(&content.take()).into_owned();
        assert!(
            ops.starts_with("/Span << /ActualText <FEFF0915093F> >> BDC BT"),
            "{ops}"
        );
        assert!(ops.ends_with("ET EMC\n"), "{ops}");
    }
}
