//! Writes a used font at the end of the document: the subset of the glyphs drawn, its
//! widths, and one `Type0` font per slice of 256 CIDs.
//!
//! Text is shown with one byte per glyph, as it was with the built-in fonts, so that Latin
//! reports stay as small: each slice's encoding is an embedded CMap mapping the byte `b` to
//! CID `slice * 256 + b`, and its `ToUnicode` map is keyed by that byte. Every slice shares the
//! one descendant font and font file.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Typeface;
use crate::pdf_writer::objects::{Id, Objects};

/// Writes `typeface`; returns the font object of each slice, in order.
///
/// # Errors
/// An I/O error when writing fails or when the font cannot be subset.
pub(in crate::pdf_writer) fn embed<W: Write>(
    objects: &mut Objects<W>,
    typeface: &Typeface,
) -> io::Result<Vec<Id>> {
    let subset = subsetter::subset(typeface.data(), 0, &typeface.used)
        .map_err(|error| io::Error::other(format!("subsetting a font failed: {error}")))?;
    let name = format!("{}+{}", subset_tag(typeface), postscript_name(typeface));
    let descendant = objects.reserve();
    let descriptor = objects.reserve();
    let file = objects.reserve();
    let cff = typeface.face().tables().cff.is_some();

    let slices = (typeface.widths.len() - 1) / 256 + 1;
    let mut fonts = Vec::with_capacity(slices);
    for slice in 0..slices {
        let id = objects.reserve();
        let encoding = objects.reserve();
        let to_unicode = objects.reserve();
        objects.object(
            id,
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding {encoding} 0 R /DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ),
        )?;
        objects.stream(
            encoding,
            &format!(
                "/Type /CMap /CMapName /Slice{slice} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            ),
            encoding_cmap(slice).as_bytes(),
        )?;
        objects.stream(to_unicode, "", unicode_cmap(typeface, slice).as_bytes())?;
        fonts.push(id);
    }
    let (subtype, gid_map) = if cff {
        ("CIDFontType0", "")
    } else {
        ("CIDFontType2", " /CIDToGIDMap /Identity")
    };
    objects.object(
        descendant,
        format!(
            "<< /Type /Font /Subtype /{subtype} /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 0 /W {}{gid_map} >>",
            widths(typeface)
        ),
    )?;
    let face = typeface.face();
    let scale = typeface.scale();
    let scaled = |v: i16| (f32::from(v) * scale).round();
    let bbox = face.global_bounding_box();
    let (file_key, file_dictionary) = if cff {
        ("FontFile3", "/Subtype /OpenType".to_owned())
    } else {
        ("FontFile2", format!("/Length1 {}", subset.len()))
    };
    objects.object(
        descriptor,
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /{file_key} {file} 0 R >>",
            scaled(bbox.x_min),
            scaled(bbox.y_min),
            scaled(bbox.x_max),
            scaled(bbox.y_max),
            scaled(face.ascender()),
            scaled(face.descender()),
            scaled(face.capital_height().unwrap_or(face.ascender())),
        ),
    )?;
    objects.stream(file, &file_dictionary, &subset)?;
    Ok(fonts)
}

const CMAP_START: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n";
const CMAP_END: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// The encoding of `slice`: byte `b` is CID `slice * 256 + b`.
fn encoding_cmap(slice: usize) -> String {
    format!(
        "%!PS-Adobe-3.0 Resource-CMap\n{CMAP_START}\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
         /CMapName /Slice{slice} def\n/CMapType 1 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
         1 begincidrange\n<00> <FF> {}\nendcidrange\n{CMAP_END}",
        slice * 256
    )
}

/// `/W [0 [w0 w1 …]]`: the advance of every CID, in order.
fn widths(typeface: &Typeface) -> String {
    let mut out = String::from("[0 [");
    for width in &typeface.widths {
        let _ = write!(out, "{} ", width.round());
    }
    out.push_str("]]");
    out
}

/// Six capital letters naming this subset, as PDF asks (`ABCDEF+Font`), derived from the
/// glyphs used so that equal documents are equal files.
fn subset_tag(typeface: &Typeface) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for glyph in typeface.used.remapped_gids() {
        hash = (hash ^ u64::from(glyph)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

/// The font's PostScript name, with anything PDF names cannot hold dropped.
fn postscript_name(typeface: &Typeface) -> String {
    let name = typeface
        .face()
        .names()
        .into_iter()
        .find(|name| name.name_id == 6 && name.is_unicode())
        .and_then(|name| name.to_string())
        .unwrap_or_else(|| "Font".to_owned());
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    if name.is_empty() {
        "Font".to_owned()
    } else {
        name
    }
}

/// The `ToUnicode` CMap of `slice`: the text of each byte's CID, in UTF-16BE.
fn unicode_cmap(typeface: &Typeface, slice: usize) -> String {
    let mut out = format!(
        "{CMAP_START}\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    let first = u16::try_from(slice * 256).unwrap_or(u16::MAX);
    let entries: Vec<(&u16, &String)> = typeface
        .text
        .range(first..=first.saturating_add(255))
        .collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (cid, text) in chunk {
            let _ = write!(out, "<{:02X}> <", **cid - first);
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str(CMAP_END);
    out
}
