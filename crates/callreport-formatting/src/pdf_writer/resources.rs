//! The resources every page shares, written at the end: the fonts drawn with, each subset to
//! the glyphs used, and the page-count form.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::fonts::FontSet;
use super::objects::{Id, Objects};
use super::typeface::embed;

/// Writes every used font, then the resources dictionary `id` naming them `/F<index>` (the
/// names the content streams use) and the form `form` as `/<form_name>`.
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
        let font = objects.reserve();
        embed(objects, font, typeface)?;
        let _ = write!(names, "/F{index} {font} 0 R ");
    }
    objects.object(
        id,
        format!("<< /Font << {names}>> /XObject << /{form_name} {form} 0 R >> >>"),
    )
}
