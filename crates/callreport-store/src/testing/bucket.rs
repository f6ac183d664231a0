//! A throwaway place in an S3-compatible bucket, for the tests of files kept in a bucket.

use std::fmt;

use crate::FileStore;

/// The environment variable holding the bucket tests may use, as its endpoint and name:
/// `http://127.0.0.1:9390/callreport-test` (a local S3-compatible server; `.ci/s3` starts
/// one). Tests write under a prefix of their own in it.
pub const S3_URL_VARIABLE: &str = "CALLREPORT_TEST_S3";

/// A prefix of its own in the test bucket, as a `CALLREPORT_EXPORT_FILES` setting and the
/// `AWS_*` settings that reach it. Its files are left for the bucket's owner to clear.
#[derive(Clone)]
pub struct TestBucket {
    setting: String,
    aws: Vec<(String, String)>,
}

impl fmt::Debug for TestBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TestBucket").field(&self.setting).finish()
    }
}

impl TestBucket {
    /// A fresh prefix in the bucket of [`S3_URL_VARIABLE`]; `None`, after saying that the test
    /// is skipped, when the variable is not set (under CI it panics instead: CI must run it).
    ///
    /// # Panics
    /// When the variable holds no `http://host:port/bucket`, or under CI without it.
    #[must_use]
    pub fn create() -> Option<Self> {
        let Some(url) = std::env::var(S3_URL_VARIABLE)
            .ok()
            .filter(|u| !u.is_empty())
        else {
            super::skipped(
                "S3",
                &format!("{S3_URL_VARIABLE} is not set"),
                S3_URL_VARIABLE,
            );
            return None;
        };
        let (endpoint, bucket) = url
            .trim_end_matches('/')
            .rsplit_once('/')
            .filter(|(endpoint, bucket)| endpoint.contains("://") && !bucket.is_empty())
            .unwrap_or_else(|| panic!("{S3_URL_VARIABLE} must be http://host:port/bucket"));
        let prefix = format!(
            "test-{}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
            super::next_number()
        );
        let aws = [
            ("AWS_ENDPOINT", endpoint),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing-secret"),
        ];
        Some(Self {
            setting: format!("s3://{bucket}/{prefix}"),
            aws: aws
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
        })
    }

    /// How many multipart uploads under the prefix are started and neither completed nor
    /// aborted (each billed until it ends), asked of the S3-compatible server directly: an
    /// unsigned request, which the local test server answers.
    ///
    /// # Panics
    /// When the server cannot be reached or answers something else.
    #[must_use]
    pub fn unfinished_uploads(&self) -> usize {
        use std::io::{Read, Write};
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        let (bucket, prefix) = self
            .setting
            .trim_start_matches("s3://")
            .split_once('/')
            .unwrap();
        let endpoint = self
            .aws
            .iter()
            .find(|(name, _)| name == "AWS_ENDPOINT")
            .map(|(_, value)| value.trim_start_matches("http://").trim_end_matches('/'))
            .unwrap_or_default();
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        let mut socket = std::net::TcpStream::connect(endpoint).unwrap();
        let request = format!(
            "GET /{bucket}?uploads&prefix={prefix}/ HTTP/1.1\r\nHost: {endpoint}\r\n\
             Connection: close\r\n\r\n"
        );
        let mut answer = String::new();
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        socket
            .write_all(request.as_bytes())
            .and_then(|()| socket.read_to_string(&mut answer))
            .unwrap();
        assert!(answer.contains("ListMultipartUploadsResult"), "{answer}");
        answer.matches("<Upload>").count()
    }

    /// The setting naming the prefix: `s3://<bucket>/<prefix>`.
    #[must_use]
    pub fn setting(&self) -> &str {
        &self.setting
    }

    /// The `AWS_*` settings that reach the bucket, for a server process's environment.
    #[must_use]
    pub fn aws_settings(&self) -> &[(String, String)] {
        &self.aws
    }

    /// The files under the prefix.
    ///
    /// # Panics
    /// When the settings are refused.
    #[must_use]
    pub fn files(&self) -> FileStore {
        #[allow(clippy::unwrap_used, reason = "a test fixture fails loudly")]
        FileStore::from_setting_with(&self.setting, self.aws.iter().cloned()).unwrap()
    }
}
