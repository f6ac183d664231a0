//! How a command fails: one clear line and an exit code that says what kind of failure it was.

use std::fmt;
use std::process::ExitCode;

use callreport_http::client::{Error as ClientError, ErrorKind};

/// Exit codes: distinct for usage errors, API errors and network errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    /// Anything else (a local file, an undecodable input).
    Other = 1,
    /// The command line or the configuration is wrong.
    Usage = 2,
    /// The API refused the request.
    Api = 3,
    /// The server could not be reached, or answered something that is not the API.
    Network = 4,
}

/// A failed command: what to print and how to exit.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: Code,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: Code::Usage,
            message: message.into(),
        }
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Self {
            code: Code::Other,
            message: message.into(),
        }
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
            ErrorKind::Io => Code::Other,
            _ => Code::Network,
        };
        Self {
            code,
            message: error.to_string(),
        }
    }
}

impl From<callreport_formatting::Error> for Failure {
    fn from(error: callreport_formatting::Error) -> Self {
        Self::other(format!("could not write the output: {error}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::other(format!("could not read or write a file: {error}"))
    }
}
