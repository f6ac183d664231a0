//! The fonts compiled into the crate (`fonts/`, with their licence), so reports draw the
//! Indian scripts on a machine with no fonts installed.

/// Where Noto Sans Regular is in [`FONTS`].
pub(super) const REGULAR: usize = 0;
/// Where Noto Sans Bold is in [`FONTS`].
pub(super) const BOLD: usize = 1;
/// Where the script fonts start in [`FONTS`], in the order they are tried.
pub(super) const SCRIPTS: usize = 2;

macro_rules! font {
    ($file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file))
    };
}

/// Latin regular and bold, then one font per script.
pub(super) const FONTS: [&[u8]; 12] = [
    font!("NotoSans-Regular.ttf"),
    font!("NotoSans-Bold.ttf"),
    font!("NotoSansDevanagari-Regular.ttf"),
    font!("NotoSansBengali-Regular.ttf"),
    font!("NotoSansGujarati-Regular.ttf"),
    font!("NotoSansGurmukhi-Regular.ttf"),
    font!("NotoSansOriya-Regular.ttf"),
    font!("NotoSansTamil-Regular.ttf"),
    font!("NotoSansTelugu-Regular.ttf"),
    font!("NotoSansKannada-Regular.ttf"),
    font!("NotoSansMalayalam-Regular.ttf"),
    font!("NotoNaskhArabic-Regular.ttf"),
];
