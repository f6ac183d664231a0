//! The resources every page shares, written at the end: the fonts drawn with, each subset to
//! the glyphs used, and the page-count form.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::content::push_font_resource;
use super::fonts::FontSet;
use super::objects::{Id, Objects};
use super::typeface::embed;

/// Writes every used font, then the resources dictionary `id` naming each slice of each font
/// as the content streams do (`/F3`, `/F3.1`), and the form `form` as `/<form_name>`.
pub(super) fn write_resources<W: Write>(
    objects: &mut Objects<W>,
    fonts: &FontSet,
    id: Id,
    (form_name, form): (&str, Id),
) -> io::Result<()> {
    let mut names = String::new();
    for (index, typeface) in fonts.faces().iter().enumerate() {
        if !typeface.is_used() {
            continue;
        }
        let index = u16::try_from(index).unwrap_or(u16::MAX);
        for (slice, font) in embed(objects, typeface)?.into_iter().enumerate() {
            let mut name = Vec::new();
            push_font_resource(&mut name, index, u8::try_from(slice).unwrap_or(u8::MAX));
            let _ = write!(names, "{} {font} 0 R ", String::from_utf8_lossy(&name));
        }
    }
    objects.object(
        id,
        format!("<< /Font << {names}>> /XObject << /{form_name} {form} 0 R >> >>"),
    )
}
