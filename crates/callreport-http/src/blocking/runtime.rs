//! The runtime a blocking client runs its futures on.

use std::future::Future;

use crate::client::{Error, ErrorKind};

/// A single-threaded Tokio runtime that may be dropped anywhere, even inside async code.
pub(crate) struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    pub(crate) fn new() -> Result<Self, Error> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|runtime| Self(Some(runtime)))
            .map_err(|error| {
                Error::with_source(
                    ErrorKind::Config("the blocking client's runtime could not start".to_owned()),
                    error,
                )
            })
    }

    /// Runs `work` to its end. On a thread inside an async runtime, where Tokio refuses to
    /// start another, it runs on a scoped thread while this one waits.
    pub(crate) fn run<T: Send>(&self, work: impl Future<Output = T> + Send) -> T {
        let Some(runtime) = &self.0 else {
            unreachable!("the runtime is taken only when dropped")
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return runtime.block_on(work);
        }
        std::thread::scope(|scope| scope.spawn(|| runtime.block_on(work)).join())
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Dropping a runtime waits for its tasks, which Tokio forbids inside async code.
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}
