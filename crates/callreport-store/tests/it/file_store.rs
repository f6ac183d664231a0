//! The file store on a local folder and on an S3-compatible bucket: the same bodies on both.

use callreport_store::testing::TestBucket;
use callreport_store::{FileRead, FileStore, StoreError};
use futures::TryStreamExt;
use std::io::Write;
use tokio::io::AsyncWriteExt;

/// `length` bytes that differ from one position to the next.
fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i % 251) as u8).collect()
}

async fn bytes_of(read: FileRead) -> Vec<u8> {
    let chunks: Vec<bytes::Bytes> = read.bytes.try_collect().await.unwrap();
    chunks.concat()
}

/// Writes `content` as `name` in small writes on a blocking thread, checking before the end
/// that the name still shows what it showed before (`before`: its size, `None` for nothing);
/// commits it when `commit`, else abandons it.
async fn write(
    files: &FileStore,
    name: &str,
    content: Vec<u8>,
    before: Option<u64>,
    commit: bool,
) -> u64 {
    let files = files.clone();
    let name = name.to_owned();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut writer = files.create(&name).unwrap();
        for chunk in content.chunks(7_919) {
            writer.write_all(chunk).unwrap();
        }
        assert_eq!(writer.written(), content.len() as u64);
        let shown = runtime.block_on(files.read(&name, None)).unwrap();
        let shown = shown.map(|read| read.size);
        assert_eq!(shown, before, "an unfinished file must not show");
        if commit {
            writer.commit().unwrap()
        } else {
            writer.abort();
            0
        }
    })
    .await
    .unwrap()
}

/// Written, read whole and in part, replaced, deleted.
async fn files_are_written_whole_read_in_ranges_and_deleted(files: FileStore, length: usize) {
    let content = pattern(length);
    let size = write(&files, "exp_01.csv", content.clone(), None, true).await;
    assert_eq!(size, length as u64);

    let whole = files.read("exp_01.csv", None).await.unwrap().unwrap();
    assert_eq!(whole.size, length as u64);
    assert_eq!(bytes_of(whole).await, content);

    let part = files
        .read("exp_01.csv", Some(1_000..5_000))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(part.size, length as u64, "the size is the whole file's");
    assert_eq!(bytes_of(part).await, content[1_000..5_000]);

    let shorter = pattern(10);
    write(
        &files,
        "exp_01.csv",
        shorter.clone(),
        Some(length as u64),
        true,
    )
    .await;
    let replaced = files.read("exp_01.csv", None).await.unwrap().unwrap();
    assert_eq!(bytes_of(replaced).await, shorter);

    assert_eq!(files.names().await.unwrap(), ["exp_01.csv"]);
    files.delete("exp_01.csv").await.unwrap();
    assert!(files.read("exp_01.csv", None).await.unwrap().is_none());
    assert!(files.names().await.unwrap().is_empty());
    files.delete("exp_01.csv").await.unwrap();
}

async fn an_abandoned_file_leaves_nothing(files: FileStore) {
    write(&files, "exp_02.pdf", pattern(700_000), None, false).await;
    assert!(files.read("exp_02.pdf", None).await.unwrap().is_none());
    if let Some(folder) = files.local_folder() {
        let left: Vec<_> = std::fs::read_dir(folder).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

/// Recordings are named `<user id>/<date>/<file>`: nested names, written from async code as a
/// download arrives (in parts beyond one part's size), or whole from memory.
async fn nested_files_are_uploaded_from_async_code(files: FileStore, length: usize) {
    let name = "3000/2024-05-01/call-9198xxxxxx01.mp3";
    let content = pattern(length);
    let mut upload = files.upload(name).unwrap();
    for chunk in content.chunks(65_521) {
        upload.write_all(chunk).await.unwrap();
    }
    assert_eq!(upload.written(), length as u64);
    assert_eq!(
        files.size(name).await.unwrap(),
        None,
        "not before the commit"
    );
    assert_eq!(upload.commit().await.unwrap(), length as u64);
    assert_eq!(files.size(name).await.unwrap(), Some(length as u64));
    let read = files.read(name, Some(10..20)).await.unwrap().unwrap();
    assert_eq!(bytes_of(read).await, content[10..20]);

    // Abandoned: aborted, or dropped unfinished (a cancelled download), each after a part.
    let mut aborted = files.upload("3000/2024-05-01/aborted.mp3").unwrap();
    aborted.write_all(&content).await.unwrap();
    aborted.abort().await;
    let mut dropped = files.upload("3000/2024-05-01/dropped.mp3").unwrap();
    dropped.write_all(&content).await.unwrap();
    drop(dropped);
    for name in ["3000/2024-05-01/aborted.mp3", "3000/2024-05-01/dropped.mp3"] {
        assert_eq!(files.size(name).await.unwrap(), None, "{name}");
    }
    if let Some(folder) = files.local_folder() {
        let folder = folder.join("3000/2024-05-01");
        let left = || -> Vec<_> {
            let entries = std::fs::read_dir(&folder).unwrap();
            entries.map(|entry| entry.unwrap().file_name()).collect()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while left().len() > 1 && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(
            left(),
            ["call-9198xxxxxx01.mp3"],
            "no parts of abandoned files"
        );
    }

    files
        .put("3000/clip.mp3", bytes::Bytes::from_static(b"ID3"))
        .await
        .unwrap();
    let mut names = files.names().await.unwrap();
    names.sort();
    assert_eq!(
        names,
        ["3000/2024-05-01/call-9198xxxxxx01.mp3", "3000/clip.mp3"]
    );
    files.delete(name).await.unwrap();
    files.delete("3000/clip.mp3").await.unwrap();
    assert!(files.names().await.unwrap().is_empty());
}

fn names_that_are_not_file_names_are_refused(files: &FileStore) {
    let refused_names = [
        "",
        ".hidden",
        "a/.b",
        "/abs.mp3",
        "a//b",
        "a/",
        "..",
        "a/../b",
        "x#1",
        "a\\b",
        "tab\there",
    ];
    for name in refused_names {
        let refused = files.create(name).err();
        assert!(matches!(refused, Some(StoreError::Invalid(_))), "{name:?}");
        let refused = files.upload(name).err();
        assert!(matches!(refused, Some(StoreError::Invalid(_))), "{name:?}");
    }
    let message = files.upload("a/.919800000001").unwrap_err().to_string();
    assert!(
        !message.contains("919800000001"),
        "names hold phone numbers: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_folder() {
    let folder = tempfile::tempdir().unwrap();
    let files = FileStore::folder(folder.path().join("not-mounted/files")).unwrap();
    assert!(
        !folder.path().join("not-mounted").exists(),
        "made with the first file, not before"
    );
    // Three parts of a folder's 256 KiB and a short one.
    files_are_written_whole_read_in_ranges_and_deleted(files.clone(), 800_000).await;
    an_abandoned_file_leaves_nothing(files.clone()).await;
    // Beyond what an upload keeps in memory (8 MiB): in parts.
    nested_files_are_uploaded_from_async_code(files.clone(), 9 * 1024 * 1024).await;
    names_that_are_not_file_names_are_refused(&files);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_bucket() {
    let Some(bucket) = TestBucket::create() else {
        return;
    };
    let files = bucket.files();
    // Two parts: one of a bucket's 8 MiB and a short one.
    files_are_written_whole_read_in_ranges_and_deleted(files.clone(), 9 * 1024 * 1024).await;
    an_abandoned_file_leaves_nothing(files.clone()).await;
    // Beyond what an upload keeps in memory (8 MiB): in parts.
    nested_files_are_uploaded_from_async_code(files.clone(), 9 * 1024 * 1024).await;
    // The aborted and the dropped uploads are ended, not left to the lifecycle rule.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while bucket.unfinished_uploads() > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(bucket.unfinished_uploads(), 0);
    names_that_are_not_file_names_are_refused(&files);
}

#[test]
fn a_bucket_setting_shows_no_credential_and_says_what_is_missing() {
    let secret = "wJalrXUtnFEMI-not-a-real-key";
    let files = FileStore::from_setting_with(
        "s3://reports/exports",
        [
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", secret),
            ("AWS_REGION", "ap-south-1"),
            ("HOME", "/ignored"),
        ],
    )
    .unwrap();
    assert_eq!(files.to_string(), "s3://reports/exports");
    assert!(!format!("{files:?}").contains(secret));
    assert!(files.local_folder().is_none());

    let refused = FileStore::from_setting_with("s3:///exports", [("AWS_REGION", "x")]);
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("names no bucket"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_that_cannot_hold_files_fails_with_the_file_stores_error() {
    let folder = tempfile::tempdir().unwrap();
    let not_a_folder = folder.path().join("a-file");
    std::fs::write(&not_a_folder, b"x").unwrap();
    let files = FileStore::folder(&not_a_folder).unwrap();
    let refused = tokio::task::spawn_blocking(move || files.create("exp_03.csv").err())
        .await
        .unwrap();
    let error = refused.expect("a file inside a file cannot be written");
    assert!(matches!(error, StoreError::Files(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("the file store failed: "),
        "{error}"
    );
}
