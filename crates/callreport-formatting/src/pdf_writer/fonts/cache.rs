//! Shaped lines by their text, bounded so that memory stays flat when every row's text is new.
#![allow(
    clippy::disallowed_types,
    reason = "a cache: looked up by key and never iterated, so its order cannot show"
)]

use std::collections::HashMap;

use crate::pdf_writer::line::Line;

/// Lines kept at most: enough for every distinct name of a large call centre, and a few MB
/// at most.
const CAPACITY: usize = 16_384;

#[derive(Debug, Default)]
pub(super) struct ShapeCache {
    lines: HashMap<Box<str>, Line>,
}

impl ShapeCache {
    pub(super) fn get(&self, text: &str) -> Option<&Line> {
        self.lines.get(text)
    }

    /// Keeps `line` as the shape of `text`; when full, forgets everything first (cheaper than
    /// tracking use, and names that repeat come back at once).
    pub(super) fn insert(&mut self, text: &str, line: &Line) {
        if self.lines.len() >= CAPACITY {
            self.lines.clear();
        }
        self.lines.insert(text.into(), line.clone());
    }

    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }
}
