//! The demo database: created once, then reused; recordings are playable MP3 files.

use callreport_store::SqliteStore;
use callreport_store::demo::{self, silent_mp3};

#[tokio::test]
async fn the_demo_is_created_once_then_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    let first = demo::prepare(&store, 120).await.unwrap();
    assert!(!first.reused);
    assert_eq!((first.calls, first.restricted_calls), (120, 12));
    assert!(first.recordings > 0);
    drop(store);
    let again = demo::prepare(&SqliteStore::open(&path).await.unwrap(), 120)
        .await
        .unwrap();
    assert!(again.reused);
    assert_eq!(
        (again.calls, again.recordings),
        (first.calls, first.recordings)
    );
    let resized = demo::prepare(&SqliteStore::open(&path).await.unwrap(), 50)
        .await
        .unwrap();
    assert!(!resized.reused);
    assert_eq!((resized.calls, resized.restricted_calls), (50, 5));
    let clips = dir.path().join("demo-recordings");
    for seconds in [1, 2, 3, 5] {
        let clip = std::fs::read(clips.join(format!("silence-{seconds}s.mp3"))).unwrap();
        assert_eq!(clip, silent_mp3(seconds));
    }
}
