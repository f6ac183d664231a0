//! A file written under a temporary name and renamed into place only when complete.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file being written under a temporary name beside its destination; removed unless
/// [`PartialFile::keep`] renames it into place, also when the work is cancelled (the value
/// dropped with the future that held it). Downloads and the CLI's exports write through it, so
/// no half-written file is ever left under the destination's name.
pub struct PartialFile {
    temporary: PathBuf,
    kept: bool,
}

impl PartialFile {
    /// A hidden temporary name beside `destination`, unique within this process.
    #[must_use]
    pub fn beside(destination: &Path) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = destination
            .file_name()
            .map_or_else(|| "download".into(), |n| n.to_string_lossy().into_owned());
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temporary =
            destination.with_file_name(format!(".{name}.partial-{}-{unique}", std::process::id()));
        Self {
            temporary,
            kept: false,
        }
    }

    /// Where to write.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.temporary
    }

    /// Renames the complete file to `destination`.
    ///
    /// # Errors
    /// The rename's I/O error; the temporary file is then removed.
    pub async fn keep(mut self, destination: &Path) -> std::io::Result<()> {
        tokio::fs::rename(&self.temporary, destination).await?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

impl fmt::Debug for PartialFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartialFile")
            .field("temporary", &self.temporary)
            .finish_non_exhaustive()
    }
}
