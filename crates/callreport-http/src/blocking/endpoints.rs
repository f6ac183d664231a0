//! One method per endpoint, blocking.

use std::sync::Arc;

use callreport_model::{
    AgentsView, Call, CallDetail, CallId, CallPage, CountCalls, DeductionsView, DownloadPdf,
    Endpoint, GetCall, ListCalls, RecordingsView, StandardDetail,
};
use serde_json::{Map, Value};

use crate::blocking::{Chunks, Client};
use crate::client::Error;

impl Client {
    /// `POST /api/v2/CallReport/detail`: the standard view of a call; `None` when there is no
    /// such call. See [`Client::detail`](crate::client::Client::detail).
    ///
    /// # Errors
    /// [`Error`] for an API error, a network failure or an answer that does not decode.
    pub fn detail(&self, call_id: &CallId) -> Result<Option<StandardDetail>, Error> {
        self.runtime.run(self.inner.detail(call_id))
    }

    /// The agents view (`rType` `agts`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn agents(&self, call_id: &CallId) -> Result<Option<AgentsView>, Error> {
        self.runtime.run(self.inner.agents(call_id))
    }

    /// The recordings view (`rType` `rcrd`): fresh recording locators.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn recordings(&self, call_id: &CallId) -> Result<Option<RecordingsView>, Error> {
        self.runtime.run(self.inner.recordings(call_id))
    }

    /// The deductions view (`rType` `ddLog`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn deductions(&self, call_id: &CallId) -> Result<Option<DeductionsView>, Error> {
        self.runtime.run(self.inner.deductions(call_id))
    }

    /// The raw call document (`rType` `allDetail`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn all_detail(&self, call_id: &CallId) -> Result<Option<Call>, Error> {
        self.runtime.run(self.inner.all_detail(call_id))
    }

    /// Any Call Detail request, its view recognised from the answer.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn detail_view(&self, request: &GetCall) -> Result<Option<CallDetail>, Error> {
        self.runtime.run(self.inner.detail_view(request))
    }

    /// Any endpoint with any parameters, answering the whole body as JSON. See
    /// [`Client::raw`](crate::client::Client::raw).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn raw(&self, endpoint: Endpoint, params: Map<String, Value>) -> Result<Value, Error> {
        self.runtime.run(self.inner.raw(endpoint, params))
    }

    /// `POST /api/v2/CallReport/list`: one page of calls.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn list(&self, request: &ListCalls) -> Result<CallPage, Error> {
        self.runtime.run(self.inner.list(request))
    }

    /// `POST /api/v2/CallReport/masklist`: one page of calls with numbers and names masked.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn mask_list(&self, request: &ListCalls) -> Result<CallPage, Error> {
        self.runtime.run(self.inner.mask_list(request))
    }

    /// `POST /api/v2/CallReport/reportCount`: how many calls match.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub fn count(&self, request: &CountCalls) -> Result<u64, Error> {
        self.runtime.run(self.inner.count(request))
    }

    /// `POST /api/v2/CallReport/downloadPdf`: the bytes of a finished PDF export, as an
    /// iterator of chunks. See [`Client::download_pdf`](crate::client::Client::download_pdf).
    ///
    /// # Errors
    /// As [`Client::detail`]; the chunks fail on a broken connection or a slow download.
    pub fn download_pdf(&self, request: &DownloadPdf) -> Result<Chunks, Error> {
        let stream = self.runtime.run(self.inner.download_pdf(request))?;
        Ok(Chunks::new(stream, Arc::clone(&self.runtime)))
    }
}
