//! Where a downloaded or generated file goes: written whole or not at all.
//!
//! A regular file (or a new name) is written to a temporary file beside its destination,
//! flushed to disk and renamed into place, so a reader never sees half a file and a failed or
//! cancelled write leaves nothing behind. A symbolic link is written through to its target, and
//! the link stays. A FIFO or a character device (`/dev/stdout`, a terminal) cannot be replaced:
//! it is streamed to directly. Recordings, exports written by the CLI and exports built by the
//! server all go through [`OutputFile`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Links followed at most before a destination is taken for a loop (as the kernel's limit).
const MAX_LINKS: usize = 40;

/// The mode of a new file before the umask applies, as `open(2)` callers usually ask.
const NEW_FILE_MODE: u32 = 0o666;

/// The suffix of the temporary files [`OutputFile`] writes (`.NAME.XXXXXX.part`).
const TEMPORARY_SUFFIX: &str = ".part";

/// For the name of a temporary file [`OutputFile`] wrote (`.report.csv.AbC123.part`, left
/// behind by a crash or a kill), the name of the file it was to become (`report.csv`); `None`
/// for any other name.
///
/// ```
/// use callreport_http::output_file::target_of_temporary;
///
/// assert_eq!(target_of_temporary(".report.csv.AbC123.part"), Some("report.csv"));
/// assert_eq!(target_of_temporary("report.csv"), None);
/// ```
#[must_use]
pub fn target_of_temporary(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMPORARY_SUFFIX)?;
    let (target, _random) = inner.rsplit_once('.')?;
    (!target.is_empty()).then_some(target)
}

/// A file being written to its destination; see the module's documentation.
#[derive(Debug)]
pub struct OutputFile {
    target: PathBuf,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Written under a temporary name; removed on drop unless committed.
    Replacing(NamedTempFile),
    /// A FIFO or a device: written directly.
    Streaming(File),
}

impl OutputFile {
    /// Opens `destination` for writing: checks it before any work is done (its folder exists
    /// and is writable, it is not a folder), and creates the temporary file beside it.
    ///
    /// # Errors
    /// An I/O error whose message names the path and what is wrong with it.
    pub fn create(destination: &Path) -> io::Result<Self> {
        let target = resolve_links(destination)?;
        let existing = fs::metadata(&target).ok();
        match &existing {
            Some(meta) if meta.is_dir() => {
                return Err(named(
                    &target,
                    io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
                ));
            }
            Some(meta) if meta.file_type().is_fifo() || meta.file_type().is_char_device() => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|error| named(&target, error))?;
                return Ok(Self {
                    target,
                    kind: Kind::Streaming(file),
                });
            }
            _ => {}
        }
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // The folder's own error is clearer than the temporary file's.
        let meta = fs::metadata(&folder).map_err(|error| named(&folder, error))?;
        if !meta.is_dir() {
            return Err(named(
                &folder,
                io::Error::new(io::ErrorKind::NotADirectory, "is not a directory"),
            ));
        }
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        // A new file gets the mode any program's new file gets (0666 less the umask), not
        // tempfile's private 0600: reports go to shared folders. A replaced file keeps its mode.
        let mode = existing.map_or(NEW_FILE_MODE, |meta| meta.permissions().mode());
        let temporary = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(TEMPORARY_SUFFIX)
            .permissions(fs::Permissions::from_mode(mode))
            .tempfile_in(&folder)
            .map_err(|error| named(&folder, without_path(error)))?;
        Ok(Self {
            target,
            kind: Kind::Replacing(temporary),
        })
    }

    /// The path the bytes end up at (a symbolic link's target, when one was given).
    #[must_use]
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The open file to write to (the temporary file, or the FIFO or device itself).
    #[must_use]
    pub fn file(&self) -> &File {
        match &self.kind {
            Kind::Replacing(temporary) => temporary.as_file(),
            Kind::Streaming(file) => file,
        }
    }

    /// Whether the bytes go straight to a FIFO or a device (nothing to rename).
    #[must_use]
    pub fn is_streaming(&self) -> bool {
        matches!(self.kind, Kind::Streaming(_))
    }

    /// Flushes the file to disk and renames it into place; the bytes written so far become
    /// the destination's content.
    ///
    /// # Errors
    /// The flush's or the rename's I/O error, naming the destination; the temporary file is
    /// then removed.
    pub fn commit(self) -> io::Result<()> {
        match self.kind {
            Kind::Replacing(temporary) => {
                temporary
                    .as_file()
                    .sync_all()
                    .map_err(|error| named(&self.target, error))?;
                temporary
                    .persist(&self.target)
                    .map_err(|error| named(&self.target, error.error))?;
                Ok(())
            }
            Kind::Streaming(mut file) => file.flush().map_err(|error| named(&self.target, error)),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut file = self.file();
        file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut file = self.file();
        file.flush()
    }
}

/// Follows symbolic links to the path that is really written; a dangling link's target is
/// created.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(|error| named(&current, error))?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(named(
        path,
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "too many levels of symbolic links",
        ),
    ))
}

/// An error `tempfile` made, without the temporary name it adds (which means nothing to the
/// user: the folder is named instead).
fn without_path(error: io::Error) -> io::Error {
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((cause, _)) => io::Error::new(error.kind(), cause.to_owned()),
        None => error,
    }
}

/// `error`, with the path it concerns in front.
fn named(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::OutputFile;

    #[test]
    fn nothing_appears_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        let mut file = OutputFile::create(&path).unwrap();
        file.write_all(b"a,b\n").unwrap();
        assert!(!path.exists());
        let temporary = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let name = temporary.file_name().into_string().unwrap();
        assert_eq!(
            super::target_of_temporary(&name),
            Some("report.csv"),
            "{name}"
        );
        file.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_file_is_readable_as_any_new_file_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        OutputFile::create(&path).unwrap().commit().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask: readable by others under the usual umasks (022, 002).
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        OutputFile::create(&path).unwrap().commit().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn dropped_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        let mut file = OutputFile::create(&path).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.csv");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        let mut file = OutputFile::create(&link).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn a_directory_or_missing_folder_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let error = OutputFile::create(dir.path()).unwrap_err();
        assert!(error.to_string().contains("is a directory"), "{error}");
        let missing = dir.path().join("no/such/folder/out.csv");
        let error = OutputFile::create(&missing).unwrap_err();
        assert!(error.to_string().contains("no/such/folder"), "{error}");
    }
}
