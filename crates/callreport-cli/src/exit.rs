//! How a command fails: one line with its causes, and an exit code that says what kind of
//! failure it was.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::process::ExitCode;

use callreport_http::client::{Error as ClientError, ErrorKind};

/// Exit codes, one per class of failure; documented in `callreport --help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    /// Anything else (an undecodable input, no such call).
    Other = 1,
    /// The command line, the configuration or a profile is wrong.
    Usage = 2,
    /// The API answered with an error (whatever the HTTP status).
    Api = 3,
    /// The server could not be reached, or answered something that is not the API.
    Network = 4,
    /// A local file or folder could not be read or written.
    LocalIo = 5,
    /// The command finished, but some of its items failed: `import` rejected lines,
    /// `recordings download` failed downloads, `sync` rows or recordings.
    Partial = 6,
}

/// The exit codes, for `--help`.
pub(crate) const EXIT_CODES_HELP: &str = "Exit codes: 0 success (also when a reader of the output closed it early), \
1 other failures, 2 usage or configuration, 3 API error, 4 network, 5 local file, \
6 finished with rejected or failed items.";

/// A failed command: what to print and how to exit.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: Code,
    pub(crate) message: String,
    /// The output's reader went away (`| head`): not a failure to report.
    pub(crate) broken_pipe: bool,
}

impl Failure {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            broken_pipe: false,
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Code::Usage, message)
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Self::new(Code::Other, message)
    }

    /// A local file error: `context` (which names the path) and the error's causes.
    pub(crate) fn local(context: impl fmt::Display, error: &(dyn StdError + 'static)) -> Self {
        let mut failure = Self::new(Code::LocalIo, format!("{context}: {}", causes(error)));
        failure.broken_pipe = is_broken_pipe(error);
        failure
    }

    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code as u8)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Self {
        let code = match error.kind() {
            ErrorKind::Api { .. } => Code::Api,
            ErrorKind::Config(_) => Code::Usage,
            ErrorKind::Io => Code::LocalIo,
            _ => Code::Network,
        };
        Self {
            code,
            message: causes(&error),
            broken_pipe: is_broken_pipe(&error),
        }
    }
}

impl From<callreport_formatting::Error> for Failure {
    fn from(error: callreport_formatting::Error) -> Self {
        Self::local("could not write the output", &error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Self::local("could not write the output", &error)
    }
}

/// An error and its sources on one line, `outer: inner: innermost`, without repeating a
/// source whose text the outer message already contains.
pub(crate) fn causes(error: &(dyn StdError + 'static)) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line
}

/// Whether a broken pipe is among the error's causes.
fn is_broken_pipe(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(cause) = current {
        if cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        current = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::{Code, Failure, causes};

    #[test]
    fn causes_are_joined_once() {
        let inner = io::Error::new(io::ErrorKind::PermissionDenied, "permission denied");
        let outer = io::Error::other(inner);
        assert_eq!(causes(&outer), "permission denied");
        let failure = Failure::local("cannot write /tmp/x.csv", &outer);
        assert_eq!(failure.code, Code::LocalIo);
        assert_eq!(
            failure.message,
            "cannot write /tmp/x.csv: permission denied"
        );
    }

    #[test]
    fn a_broken_pipe_is_recognised_through_wrappers() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let wrapped = callreport_formatting::Error::from(pipe);
        assert!(Failure::from(wrapped).broken_pipe);
        assert!(!Failure::from(io::Error::other("disk full")).broken_pipe);
    }
}
