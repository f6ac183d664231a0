//! Where a deployment keeps the files every server must serve (recordings, export files): a
//! local folder by default, or an S3-compatible bucket, both behind `object_store`.

mod bucket;
mod local_read;
mod upload;
mod writer;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::buffered::BufWriter;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{
    GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt, PutPayload,
};

pub use self::upload::FileUpload;
pub use self::writer::FileWriter;
use crate::error::{Cause, StoreError};

/// The scheme of a setting that names an S3-compatible bucket.
const S3_SCHEME: &str = "s3://";

/// Bytes written to a local folder at a time.
const FOLDER_PART: usize = 256 * 1024;

/// A [`FileUpload`] of at most this many bytes is kept in memory and written by one request at
/// its commit, so that a recording copied from a download is never stored in part; a larger
/// one is uploaded in parts of this size.
const WHOLE_UPLOAD: usize = 8 * 1024 * 1024;

/// Files shared by the servers of a deployment, each named by its path inside the store:
/// `/`-separated parts (`1234/2024-05-01/call.mp3`), none empty or starting with a dot.
///
/// A local folder ([`FileStore::folder`]), or a bucket named by an `s3://bucket/prefix` setting
/// ([`FileStore::from_setting`]) with its endpoint, region and credentials from the standard
/// `AWS_*` variables. A file is written whole or not at all ([`FileWriter`] from a blocking
/// thread, [`FileUpload`] from async code). Its `Debug` and `Display` show the folder or the
/// URL, never a credential.
#[derive(Clone)]
pub struct FileStore {
    objects: Arc<dyn ObjectStore>,
    /// The folder, for a local store: its unfinished files are found by listing it.
    folder: Option<PathBuf>,
    shown: String,
    part: usize,
}

/// A file being read: its whole size, and the bytes asked for as they arrive.
#[non_exhaustive]
pub struct FileRead {
    /// The size of the whole file, in bytes.
    pub size: u64,
    /// The bytes asked for, in order.
    pub bytes: BoxStream<'static, std::io::Result<Bytes>>,
}

impl fmt::Debug for FileRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileRead")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Files in a local folder, created with the first file written (not before: a folder
    /// on a volume not mounted yet must not be made on the volume below).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a path the store cannot name (not UTF-8), or a relative
    /// one when the working folder is gone.
    pub fn folder(folder: impl AsRef<Path>) -> Result<Self, StoreError> {
        let folder = folder.as_ref();
        let unusable = |error: &dyn fmt::Display| {
            StoreError::Invalid(format!(
                "the folder {} cannot hold files: {error}",
                folder.display()
            ))
        };
        let absolute = std::path::absolute(folder).map_err(|error| unusable(&error))?;
        let prefix = ObjectPath::from_absolute_path(&absolute).map_err(|error| unusable(&error))?;
        let objects = PrefixStore::new(LocalFileSystem::new(), prefix);
        Ok(Self {
            objects: Arc::new(objects),
            shown: absolute.display().to_string(),
            folder: Some(absolute),
            part: FOLDER_PART,
        })
    }

    /// The files a setting names: `s3://bucket/prefix` for an S3-compatible bucket, anything
    /// else a local folder. A bucket's endpoint, region and credentials come from the standard
    /// variables: `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// and `AWS_ALLOW_HTTP=true` for a plain-HTTP endpoint.
    ///
    /// # Errors
    /// As [`FileStore::from_setting_with`].
    pub fn from_setting(setting: &str) -> Result<Self, StoreError> {
        Self::from_setting_with(setting, std::env::vars())
    }

    /// As [`FileStore::from_setting`], with the `AWS_*` settings given instead of read from the
    /// environment (other names are ignored).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a bucket URL or settings that cannot be used, saying what to
    /// change; as [`FileStore::folder`] for a folder.
    pub fn from_setting_with<K, V>(
        setting: &str,
        aws_settings: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, StoreError>
    where
        K: AsRef<str>,
        V: Into<String>,
    {
        let Some(rest) = setting.strip_prefix(S3_SCHEME) else {
            return Self::folder(setting);
        };
        let aws_settings: Vec<(String, String)> = aws_settings
            .into_iter()
            .filter(|(name, _)| name.as_ref().starts_with("AWS_"))
            .map(|(name, value)| (name.as_ref().to_owned(), value.into()))
            .collect();
        bucket::files(setting, rest, &aws_settings)
    }

    /// The local folder, for files in one.
    #[must_use]
    pub fn local_folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// Starts writing file `name`; nothing shows under the name until
    /// [`FileWriter::commit`]. For a blocking thread of a Tokio runtime.
    ///
    /// # Errors
    /// The store cannot start the file, or this thread is not in a Tokio runtime.
    ///
    /// # Panics
    /// On one of the runtime's async worker threads, as [`tokio::runtime::Handle::block_on`]
    /// does: call it from `spawn_blocking` (the writer's writes block on the upload too).
    pub fn create(&self, name: &str) -> Result<FileWriter, StoreError> {
        let location = location(name)?;
        let runtime = tokio::runtime::Handle::try_current().map_err(failed)?;
        let upload = runtime
            .block_on(self.objects.put_multipart(&location))
            .map_err(|error| failed_on(name, &error))?;
        Ok(FileWriter::new(upload, self.part, runtime))
    }

    /// Starts writing file `name` from async code; nothing shows under the name until
    /// [`FileUpload::commit`].
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a name the store does not take.
    pub fn upload(&self, name: &str) -> Result<FileUpload, StoreError> {
        let location = location(name)?;
        let writer = BufWriter::with_capacity(Arc::clone(&self.objects), location, WHOLE_UPLOAD);
        Ok(FileUpload::new(writer, name))
    }

    /// Writes file `name` whole, in one request: for small files held in memory.
    ///
    /// # Errors
    /// The store cannot write it.
    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<(), StoreError> {
        self.objects
            .put(&location(name)?, PutPayload::from(bytes))
            .await
            .map_err(|error| failed_on(name, &error))?;
        Ok(())
    }

    /// The size of file `name` in bytes (`None`: it is not there).
    ///
    /// # Errors
    /// The store cannot be read.
    pub async fn size(&self, name: &str) -> Result<Option<u64>, StoreError> {
        match self.objects.head(&location(name)?).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(failed_on(name, &error)),
        }
    }

    /// Reads file `name` (`None`: it is not there), the bytes of `range` only when one is given.
    ///
    /// # Errors
    /// The store cannot be read.
    pub async fn read(
        &self,
        name: &str,
        range: Option<Range<u64>>,
    ) -> Result<Option<FileRead>, StoreError> {
        let location = location(name)?;
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let found = match self.objects.get_opts(&location, options).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(error) => return Err(failed_on(name, &error)),
        };
        let size = found.meta.size;
        let bytes = match found.payload {
            // object_store reads a local file 8 KiB per blocking task; larger reads keep a
            // download's cost per byte where it was before the store.
            GetResultPayload::File(file, _) => local_read::chunks(file, found.range),
            GetResultPayload::Stream(stream) => {
                let name = name.to_owned();
                stream
                    .map_err(move |error| std::io::Error::other(failed_on(&name, &error)))
                    .boxed()
            }
        };
        Ok(Some(FileRead { size, bytes }))
    }

    /// The names of the files there, in no particular order (unfinished ones are not files
    /// yet).
    ///
    /// # Errors
    /// The store cannot be listed.
    pub async fn names(&self) -> Result<Vec<String>, StoreError> {
        self.objects
            .list(None)
            .map_ok(|object| object.location.to_string())
            .try_collect()
            .await
            .map_err(failed)
    }

    /// Deletes file `name`; a file that is not there is no error.
    ///
    /// # Errors
    /// The store cannot delete it.
    pub async fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self.objects.delete(&location(name)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(failed_on(name, &error)),
        }
    }
}

impl fmt::Debug for FileStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FileStore").field(&self.shown).finish()
    }
}

impl fmt::Display for FileStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Checks that the store takes `name` as a file name, before it is recorded anywhere.
///
/// # Errors
/// [`StoreError::Invalid`] for a name it does not take.
pub(crate) fn check_name(name: &str) -> Result<(), StoreError> {
    location(name).map(|_| ())
}

/// A file name as a location in the store: `/`-separated parts, none empty or hidden, and no
/// `\` or `#` (which a local folder gives its unfinished files).
fn location(name: &str) -> Result<ObjectPath, StoreError> {
    let plain = name.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && !part.contains(['\\', '#'])
            && part.chars().all(|c| !c.is_control())
    });
    // The name is not repeated: a recording's holds the customer's number.
    let refused = || {
        StoreError::Invalid(
            "a file name in the file store has /-separated parts, none empty or starting \
             with a dot, and no \\ or #"
                .into(),
        )
    };
    if !plain {
        return Err(refused());
    }
    ObjectPath::parse(name).map_err(|_| refused())
}

/// A failure on file `name`, its message without the name: a recording's holds the customer's
/// number, and the message goes to logs.
pub(crate) fn failed_on(name: &str, error: &dyn fmt::Display) -> StoreError {
    let message = error.to_string().replace(name, "<file>");
    StoreError::Files(Cause::new(message))
}

fn failed(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Files(Cause::new(error))
}
