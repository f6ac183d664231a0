//! The manifest of a bulk download: one JSON line per recording (call id, file, bytes,
//! status), appended as each one ends so that a killed run leaves a true record, and rewritten
//! whole when the run ends.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use callreport_http::output_file::OutputFile;
use serde::{Deserialize, Serialize};

use crate::exit::Failure;

/// What became of one recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    /// Downloaded by this run.
    Downloaded,
    /// Already complete from an earlier run: its size matched the manifest.
    Present,
    /// Could not be downloaded; `error` says why.
    Failed,
}

/// One line of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) call_id: String,
    /// The file's name in the download folder.
    pub(crate) file: String,
    pub(crate) bytes: u64,
    pub(crate) status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<String>,
}

/// The manifest of a folder: this run's lines, appended as they come.
#[derive(Debug)]
pub(crate) struct Manifest {
    path: PathBuf,
    journal: File,
    entries: Vec<Entry>,
}

/// The files earlier runs completed, with their sizes.
#[derive(Debug, Default)]
pub(crate) struct Earlier(BTreeMap<String, u64>);

impl Earlier {
    /// The size of `file` in `folder` if an earlier run completed it: listed, and of the size
    /// listed.
    pub(crate) fn complete(&self, folder: &Path, file: &str) -> Option<u64> {
        let expected = *self.0.get(file)?;
        let actual = std::fs::metadata(folder.join(file)).ok()?.len();
        (actual == expected).then_some(actual)
    }
}

impl Manifest {
    /// Opens (or starts) the manifest at `path`, with what earlier runs completed; lines a
    /// crash cut short are ignored.
    pub(crate) fn open(path: &Path) -> Result<(Self, Earlier), Failure> {
        let cannot = |error: std::io::Error| {
            Failure::local(
                format!("cannot use the manifest {}", path.display()),
                &error,
            )
        };
        let mut complete = BTreeMap::new();
        match File::open(path) {
            Ok(file) => {
                for line in BufReader::new(file).lines() {
                    let line = line.map_err(cannot)?;
                    if let Ok(entry) = serde_json::from_str::<Entry>(&line)
                        && entry.status != Status::Failed
                    {
                        complete.insert(entry.file, entry.bytes);
                    }
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(cannot(error)),
        }
        let journal = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        let manifest = Self {
            path: path.to_path_buf(),
            journal,
            entries: Vec::new(),
        };
        Ok((manifest, Earlier(complete)))
    }

    /// Records one recording's outcome at once (a line appended and flushed).
    pub(crate) fn record(&mut self, entry: Entry) -> Result<(), Failure> {
        let mut line = serde_json::to_vec(&entry).map_err(|e| Failure::other(e.to_string()))?;
        line.push(b'\n');
        self.journal
            .write_all(&line)
            .and_then(|()| self.journal.flush())
            .map_err(|error| {
                Failure::local(format!("cannot write {}", self.path.display()), &error)
            })?;
        self.entries.push(entry);
        Ok(())
    }

    /// This run's entries.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Replaces the journal with this run's lines alone, in call order.
    pub(crate) fn finish(mut self) -> Result<(), Failure> {
        self.entries
            .sort_by(|a, b| (&a.call_id, &a.file).cmp(&(&b.call_id, &b.file)));
        let cannot = |error: std::io::Error| {
            Failure::local(format!("cannot write {}", self.path.display()), &error)
        };
        let mut out = OutputFile::create(&self.path).map_err(cannot)?;
        for entry in &self.entries {
            serde_json::to_writer(&mut out, entry).map_err(|e| Failure::other(e.to_string()))?;
            out.write_all(b"\n").map_err(cannot)?;
        }
        out.commit().map_err(cannot)
    }
}
