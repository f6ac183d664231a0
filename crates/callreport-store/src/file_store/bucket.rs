//! Files in an S3-compatible bucket (feature `s3`).

use super::FileStore;
use crate::error::StoreError;

/// Bytes buffered before a part is uploaded to a bucket: S3 refuses parts under 5 MiB but the
/// last.
#[cfg(feature = "s3")]
const BUCKET_PART: usize = 8 * 1024 * 1024;

/// The files under `rest` (`bucket/prefix`) of an `s3://` setting, reached with the `AWS_*`
/// settings given.
#[cfg(feature = "s3")]
pub(super) fn files(
    setting: &str,
    rest: &str,
    aws_settings: &[(String, String)],
) -> Result<FileStore, StoreError> {
    use std::sync::Arc;

    use object_store::ObjectStore;
    use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
    use object_store::path::Path as ObjectPath;
    use object_store::prefix::PrefixStore;

    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(StoreError::Invalid(format!(
            "the file store {setting} names no bucket: write s3://<bucket>/<prefix>"
        )));
    }
    let mut builder = AmazonS3Builder::new();
    for (name, value) in aws_settings {
        if let Ok(key) = name.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
            builder = builder.with_config(key, value.clone());
        }
    }
    let bucket_store = builder.with_bucket_name(bucket).build().map_err(|error| {
        StoreError::Invalid(format!(
            "the file store {setting} cannot be used ({error}): check the AWS_* settings"
        ))
    })?;
    let prefix = prefix.trim_matches('/');
    let objects: Arc<dyn ObjectStore> = if prefix.is_empty() {
        Arc::new(bucket_store)
    } else {
        let prefix = ObjectPath::parse(prefix).map_err(|error| {
            StoreError::Invalid(format!("the prefix of {setting} is not usable: {error}"))
        })?;
        Arc::new(PrefixStore::new(bucket_store, prefix))
    };
    Ok(FileStore {
        objects,
        folder: None,
        shown: format!("s3://{bucket}/{prefix}"),
        part: BUCKET_PART,
    })
}

/// A build without S3 support refuses a bucket, saying so.
#[cfg(not(feature = "s3"))]
pub(super) fn files(
    setting: &str,
    _rest: &str,
    _aws_settings: &[(String, String)],
) -> Result<FileStore, StoreError> {
    Err(StoreError::Invalid(format!(
        "the file store {setting} is a bucket, and this build has no S3 support (feature \
         `s3`): name a folder instead"
    )))
}
