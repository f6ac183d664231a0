//! Where a report goes (`-o FILE` or `-o -`) and in which format: the extension says, unless
//! `--format` does; the two must agree.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use callreport_formatting::Format;
use callreport_http::output_file::OutputFile;

use crate::exit::Failure;

/// The `-o` value that means standard output.
pub(crate) const STDOUT: &str = "-";

/// The format of a report written to `output`: `--format`, else the extension, else the
/// profile's default, else CSV. An extension that contradicts `--format` is refused.
pub(crate) fn report_format(
    explicit: Option<&str>,
    output: &Path,
    profile_default: Option<&str>,
) -> Result<Format, Failure> {
    let parse = |name: &str| {
        name.parse::<Format>()
            .map_err(|error| Failure::usage(error.to_string()))
    };
    let extension = (output.as_os_str() != STDOUT)
        .then(|| output.extension().and_then(|e| e.to_str()))
        .flatten();
    let from_extension = extension.map(|extension| (extension, extension.parse::<Format>()));
    match (explicit, from_extension) {
        (Some(name), Some((extension, Ok(implied)))) => {
            let format = parse(name)?;
            if format.name() != implied.name() {
                return Err(Failure::usage(format!(
                    "--format {} contradicts the extension of {} (.{extension} is {}): make them agree",
                    format.name(),
                    output.display(),
                    implied.name()
                )));
            }
            Ok(format)
        }
        (Some(name), _) => parse(name),
        (None, Some((_, Ok(format)))) => Ok(format),
        (None, Some((extension, Err(_)))) => Err(Failure::usage(format!(
            "cannot tell the format of {} from .{extension}: name it .csv, .xlsx, .pdf, .txt or .jsonl, or pass --format",
            output.display()
        ))),
        (None, None) => parse(profile_default.unwrap_or("csv")),
    }
}

/// An open destination: standard output, or a file written whole or not at all.
#[derive(Debug)]
pub(crate) enum Target {
    Stdout,
    File(OutputFile),
}

impl Target {
    /// Opens `output` for `format`, before any call is fetched: a folder that does not exist or
    /// cannot be written fails here. Binary formats are not written to a terminal.
    pub(crate) fn open(output: &Path, format: &Format) -> Result<Self, Failure> {
        if output.as_os_str() == STDOUT {
            if matches!(format, Format::Xlsx(_) | Format::Pdf(_)) && io::stdout().is_terminal() {
                return Err(Failure::usage(format!(
                    "{} is not for a terminal: write it to a file with -o FILE, or redirect standard output",
                    format.name()
                )));
            }
            return Ok(Self::Stdout);
        }
        OutputFile::create(output)
            .map(Self::File)
            .map_err(|error| Failure::local("cannot write the report", &error))
    }

    /// A writer for the report's bytes, to hand to the writer thread.
    pub(crate) fn writer(&self) -> Result<Box<dyn Write + Send>, Failure> {
        match self {
            Self::Stdout => Ok(Box::new(io::stdout())),
            Self::File(file) => file
                .file()
                .try_clone()
                .map(|file| Box::new(file) as Box<dyn Write + Send>)
                .map_err(|error| Failure::local("cannot write the report", &error)),
        }
    }

    /// Puts the complete report in place; answers its size in bytes when known.
    pub(crate) fn commit(self) -> Result<Option<u64>, Failure> {
        match self {
            Self::Stdout => Ok(None),
            Self::File(file) => {
                let bytes = (!file.is_streaming())
                    .then(|| file.file().metadata().ok().map(|meta| meta.len()))
                    .flatten();
                let target = file.target().to_path_buf();
                file.commit().map_err(|error| {
                    Failure::local(format!("cannot finish {}", target.display()), &error)
                })?;
                Ok(bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::report_format;

    #[test]
    fn the_extension_decides_unless_format_agrees() {
        let name =
            |explicit, path: &str| report_format(explicit, Path::new(path), None).map(|f| f.name());
        assert_eq!(name(None, "report.xlsx").unwrap(), "xlsx");
        assert_eq!(name(None, "report.TXT").unwrap(), "text");
        assert_eq!(name(None, "-").unwrap(), "csv");
        assert_eq!(name(None, "report").unwrap(), "csv");
        assert_eq!(name(Some("pdf"), "-").unwrap(), "pdf");
        assert_eq!(name(Some("xlsx"), "report.xlsx").unwrap(), "xlsx");
        let error = name(Some("csv"), "report.xlsx").unwrap_err();
        assert!(error.message.contains("contradicts"), "{}", error.message);
        assert!(
            name(None, "report.dat")
                .unwrap_err()
                .message
                .contains("--format")
        );
        let profile = report_format(None, Path::new("-"), Some("jsonl")).unwrap();
        assert_eq!(profile.name(), "jsonl");
    }
}
