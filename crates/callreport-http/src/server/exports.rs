//! The exports family: `exportCsv`, `exportCsvBulk`, `exportStatus`, `exportList` and
//! `changeTitle`. Requests are answered at once; their files are written in the background by
//! a bounded pool of jobs (`pool`), each on a blocking thread (`generate`).
//!
//! The files are downloaded through the files family (`downloadPdf`, `exports/<expId>/file`).

mod endpoints;
mod generate;
mod pages;
mod pool;
mod sweeper;

use std::sync::Arc;

use callreport_model::Endpoint;
use callreport_store::Store;
use http::StatusCode;

use self::endpoints::resume;
pub(crate) use self::pool::Exports;
pub(crate) use self::sweeper::Sweeper;
use super::pipeline::{Refusal, respond_to};
use super::respond::Body;

/// Answers a request to one of the family's endpoints; new jobs go to `exports`.
pub(crate) async fn answer(
    store: &Arc<dyn Store>,
    exports: &Exports,
    endpoint: Endpoint,
    body: &[u8],
) -> http::Response<Body> {
    let answer = match endpoint {
        Endpoint::ExportCsv | Endpoint::ExportCsvBulk => {
            endpoints::create(store, exports, body).await
        }
        Endpoint::ExportStatus => endpoints::status(store.as_ref(), body).await,
        Endpoint::ExportList => endpoints::list(store.as_ref(), body).await,
        Endpoint::ChangeTitle => endpoints::rename(store.as_ref(), body).await,
        _ => Err(Refusal::Http(
            StatusCode::NOT_FOUND,
            format!("{endpoint} is not served here"),
        )),
    };
    respond_to(answer)
}
