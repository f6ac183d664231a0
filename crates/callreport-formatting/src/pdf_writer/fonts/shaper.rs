//! Text to glyphs: split into runs, each in the first font of the chain that has its
//! characters, then shaped with rustybuzz (conjuncts, matras, reordering, marks, Arabic
//! joining and right-to-left order).

use std::ops::Range;

use rustybuzz::UnicodeBuffer;

use crate::pdf_writer::line::{Glyph, Line};
use crate::pdf_writer::typeface::Typeface;

/// Drawn for a character no font of the chain has.
const REPLACEMENT: char = '?';

/// Shapes `text` with the fonts of `chain` (indexes into `faces`) into `out`.
pub(super) fn shape(faces: &mut [Typeface], chain: &[u16], text: &str, out: &mut Line) {
    out.clear();
    let runs = itemize(faces, chain, text, out);
    for (font, range) in runs {
        shape_run(&mut faces[usize::from(font)], font, range, out);
    }
    out.width = out.glyphs.iter().map(|g| g.advance).sum();
    // Right-to-left text is drawn in visual order, which is what extractors expect of it and
    // reverse; `/ActualText` in reading order would be reversed too.
    out.complex = !out.text.is_ascii() && !out.text.chars().any(right_to_left);
}

/// Hebrew and the Arabic script, with their presentation forms.
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Writes the text to draw into `out.text` and splits it into runs of one font each.
fn itemize(
    faces: &[Typeface],
    chain: &[u16],
    text: &str,
    out: &mut Line,
) -> Vec<(u16, Range<usize>)> {
    let mut runs: Vec<(u16, Range<usize>)> = Vec::new();
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        let current = runs.last().map(|(font, _)| *font);
        let font = match current {
            // Joiners and variation selectors belong to the character before them.
            Some(font) if sticks(c) || faces[usize::from(font)].covers(c) => Some(font),
            _ => chain
                .iter()
                .copied()
                .find(|font| faces[usize::from(*font)].covers(c)),
        };
        let (font, c) = match font {
            Some(font) => (font, c),
            None => {
                out.missing += 1;
                (current.unwrap_or(chain[0]), REPLACEMENT)
            }
        };
        let start = out.text.len();
        out.text.push(c);
        match runs.last_mut() {
            Some((last, range)) if *last == font => range.end = out.text.len(),
            _ => runs.push((font, start..out.text.len())),
        }
    }
    runs
}

fn sticks(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

fn shape_run(typeface: &mut Typeface, font: u16, range: Range<usize>, out: &mut Line) {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&out.text[range.clone()]);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(typeface.face(), &[], buffer);
    let scale = typeface.scale();
    let first = out.glyphs.len();
    for (info, position) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let glyph = u16::try_from(info.glyph_id).unwrap_or(0);
        let cid = typeface.cid(glyph);
        out.glyphs.push(Glyph {
            font,
            cid,
            advance: position.x_advance as f32 * scale,
            width: typeface.width(cid),
            x_offset: position.x_offset as f32 * scale,
            y_offset: position.y_offset as f32 * scale,
            cluster: info.cluster + u32::try_from(range.start).unwrap_or(0),
        });
    }
    note_texts(typeface, &out.text, range.end, &out.glyphs[first..], |g| {
        shaped.glyph_infos()[g].glyph_id
    });
}

/// Gives each new glyph its text for the `ToUnicode` map: a glyph that is a character's own
/// glyph stands for that character; the first other glyph of a cluster (a conjunct, a
/// contextual form) stands for the characters of the cluster that have no glyph of their own.
fn note_texts(
    typeface: &mut Typeface,
    text: &str,
    run_end: usize,
    glyphs: &[Glyph],
    font_glyph: impl Fn(usize) -> u32,
) {
    let mut starts: Vec<u32> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut index = 0;
    while index < glyphs.len() {
        let cluster = glyphs[index].cluster;
        let end = glyphs[index..]
            .iter()
            .position(|g| g.cluster != cluster)
            .map_or(glyphs.len(), |n| index + n);
        let next = starts.partition_point(|s| *s <= cluster);
        let text_end = starts.get(next).map_or(run_end, |s| *s as usize);
        let cluster_text = text.get(cluster as usize..text_end).unwrap_or("");
        let own: Vec<Option<u16>> = cluster_text.chars().map(|c| typeface.glyph(c)).collect();
        let members: Vec<u32> = (index..end).map(&font_glyph).collect();
        let leftover: String = cluster_text
            .chars()
            .zip(&own)
            .filter(|(_, own)| !own.is_some_and(|g| members.contains(&u32::from(g))))
            .map(|(c, _)| c)
            .collect();
        let mut leftover = Some(leftover);
        for (glyph, font_glyph) in glyphs[index..end].iter().zip(&members) {
            let character = cluster_text
                .chars()
                .zip(&own)
                .find(|(_, own)| own.is_some_and(|g| u32::from(g) == *font_glyph))
                .map(|(c, _)| c);
            match character {
                Some(c) => typeface.note_text(glyph.cid, c.encode_utf8(&mut [0; 4])),
                None => {
                    if let Some(rest) = leftover.take() {
                        typeface.note_text(glyph.cid, &rest);
                    }
                }
            }
        }
        index = end;
    }
}
