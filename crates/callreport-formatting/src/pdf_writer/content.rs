//! A page's content stream, built in memory one page at a time.

use super::fonts::{ELLIPSIS, Font, encode};

/// The drawing operators of one page.
#[derive(Debug, Default)]
pub(super) struct Content {
    ops: Vec<u8>,
    scratch: Vec<u8>,
}

/// Where text sits in its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

impl Content {
    pub(super) fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.ops)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Draws `text` with its baseline at `y`, inside the box `x .. x + width`, cut with an
    /// ellipsis when it does not fit. Returns how many characters the font could not draw.
    pub(super) fn text(
        &mut self,
        font: Font,
        size: f32,
        (x, width): (f32, f32),
        y: f32,
        align: Align,
        text: &str,
    ) -> u64 {
        self.scratch.clear();
        let replaced = encode(text, &mut self.scratch);
        let mut shown = font.width(&self.scratch, size);
        // A hair of tolerance: a title measured to fit its column exactly must not be cut.
        if shown > width + 0.01 {
            let budget = width - font.width(&[ELLIPSIS], size);
            let mut used = 0.0;
            let mut keep = 0;
            for (position, byte) in self.scratch.iter().enumerate() {
                let w = font.width(&[*byte], size);
                if used + w > budget {
                    break;
                }
                used += w;
                keep = position + 1;
            }
            self.scratch.truncate(keep);
            self.scratch.push(ELLIPSIS);
            shown = used + font.width(&[ELLIPSIS], size);
        }
        let left = match align {
            Align::Left => x,
            Align::Right => x + width - shown,
        };
        self.ops.extend_from_slice(b"BT ");
        self.ops.extend_from_slice(font.resource().as_bytes());
        self.ops.push(b' ');
        push_number(&mut self.ops, size);
        self.ops.extend_from_slice(b" Tf 1 0 0 1 ");
        push_number(&mut self.ops, left);
        self.ops.push(b' ');
        push_number(&mut self.ops, y);
        self.ops.extend_from_slice(b" Tm (");
        push_escaped(&mut self.ops, &self.scratch);
        self.ops.extend_from_slice(b") Tj ET\n");
        replaced
    }

    /// The width `text` takes in `font` at `size`.
    pub(super) fn measure(&mut self, font: Font, size: f32, text: &str) -> f32 {
        self.scratch.clear();
        encode(text, &mut self.scratch);
        font.width(&self.scratch, size)
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

/// Bytes for a PDF literal string: parentheses and backslashes escaped.
pub(super) fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    for &byte in bytes {
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
}

#[cfg(test)]
mod tests {
    use super::{Align, Content, push_escaped, push_number};
    use crate::pdf_writer::fonts::Font;

    #[test]
    fn numbers_and_strings() {
        let mut out = Vec::new();
        for value in [12.0, 12.5, -3.25, 0.004] {
            push_number(&mut out, value);
            out.push(b' ');
        }
        push_escaped(&mut out, b"a(b)\\");
        assert_eq!(out, b"12 12.5 -3.25 0 a\\(b\\)\\\\");
    }

    #[test]
    fn cuts_text_with_an_ellipsis_to_fit_its_box() {
        let mut content = Content::default();
        // 10 pt Helvetica: "aaaa" is 22.24 pt wide, the ellipsis 10 pt.
        let replaced = content.text(Font::Regular, 10.0, (0.0, 25.0), 0.0, Align::Left, "aaaaaa");
        assert_eq!(replaced, 0);
        let ops = content.take();
        let shown = ops.windows(4).position(|w| w == b"Tm (").unwrap();
        assert_eq!(&ops[shown + 4..shown + 7], b"aa\x85");
    }
}
