//! One method per endpoint.

use bytes::Bytes;
use callreport_model::{
    AgentsView, Call, CallCount, CallDetail, CallId, CallPage, CountCalls, DeductionsView,
    DetailView, DownloadPdf, Endpoint, GetCall, ListCalls, RecordingsView, Request, StandardDetail,
};
use futures::Stream;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::client::body::{bounded_chunks, read_capped, read_error_body, send};
use crate::client::error::{Error, ErrorKind};
use crate::client::limits::within;
use crate::client::telemetry::{operation_span, traced};
use crate::client::transport::{Sends, decode};

pub(crate) fn params(request: &impl Request) -> Map<String, Value> {
    let mut body = Map::new();
    request.write_params(&mut body);
    body
}

impl Client {
    /// `POST /api/v2/CallReport/detail`: the standard view of a call; `None` when there is no
    /// such call (or it belongs to another account).
    ///
    /// # Errors
    /// [`Error`] for an API error, a network failure or an answer that does not decode.
    pub async fn detail(&self, call_id: &CallId) -> Result<Option<StandardDetail>, Error> {
        let request = GetCall::new(call_id.clone());
        let span = operation_span!("callreport.detail", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(&request))).await
    }

    /// The agents view (`rType` `agts`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn agents(&self, call_id: &CallId) -> Result<Option<AgentsView>, Error> {
        let request = GetCall::new(call_id.clone()).view(DetailView::Agents);
        let span = operation_span!("callreport.agents", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(&request))).await
    }

    /// The recordings view (`rType` `rcrd`): fresh recording locators.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn recordings(&self, call_id: &CallId) -> Result<Option<RecordingsView>, Error> {
        let request = GetCall::new(call_id.clone()).view(DetailView::Recordings);
        let span = operation_span!("callreport.recordings", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(&request))).await
    }

    /// The deductions view (`rType` `ddLog`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn deductions(&self, call_id: &CallId) -> Result<Option<DeductionsView>, Error> {
        let request = GetCall::new(call_id.clone()).view(DetailView::Deductions);
        let span = operation_span!("callreport.deductions", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(&request))).await
    }

    /// The raw call document (`rType` `allDetail`).
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn all_detail(&self, call_id: &CallId) -> Result<Option<Call>, Error> {
        let request = GetCall::new(call_id.clone()).view(DetailView::All);
        let span = operation_span!("callreport.all_detail", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(&request))).await
    }

    /// Any Call Detail request, its view recognised from the answer.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn detail_view(&self, request: &GetCall) -> Result<Option<CallDetail>, Error> {
        let span = operation_span!("callreport.detail_view", Endpoint::Detail.path());
        traced(span, self.call(Endpoint::Detail, params(request))).await
    }

    /// Any endpoint with any parameters (credentials are added), answering the whole body as
    /// JSON: the escape hatch for what this version has no type for. API errors are still
    /// errors.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn raw(
        &self,
        endpoint: Endpoint,
        params: Map<String, Value>,
    ) -> Result<Value, Error> {
        let body = self.body(params);
        let span = operation_span!("callreport.raw", endpoint.path());
        let work = self.with_retries(endpoint.segment(), endpoint.is_idempotent(), || async {
            let answer = self.post_once(endpoint, &body).await?;
            decode::<Value>(&answer.body)?;
            serde_json::from_slice(&answer.body)
                .map_err(|error| Error::with_source(ErrorKind::Io, error))
        });
        traced(span, work).await
    }

    /// `POST /api/v2/CallReport/list`: one page of calls. A row that does not decode is kept in
    /// [`CallPage::rejected`].
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn list(&self, request: &ListCalls) -> Result<CallPage, Error> {
        let span = operation_span!("callreport.list", Endpoint::List.path());
        let page = traced(span, self.call(Endpoint::List, params(request))).await?;
        Ok(page.unwrap_or_default())
    }

    /// `POST /api/v2/CallReport/masklist`: one page of calls with numbers and names masked.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn mask_list(&self, request: &ListCalls) -> Result<CallPage, Error> {
        let span = operation_span!("callreport.mask_list", Endpoint::MaskList.path());
        let page = traced(span, self.call(Endpoint::MaskList, params(request))).await?;
        Ok(page.unwrap_or_default())
    }

    /// `POST /api/v2/CallReport/reportCount`: how many calls match.
    ///
    /// # Errors
    /// As [`Client::detail`].
    pub async fn count(&self, request: &CountCalls) -> Result<u64, Error> {
        let span = operation_span!("callreport.count", Endpoint::ReportCount.path());
        let count: Option<CallCount> =
            traced(span, self.call(Endpoint::ReportCount, params(request))).await?;
        Ok(count.map_or(0, |count| count.count))
    }

    /// `POST /api/v2/CallReport/downloadPdf`: the bytes of a finished PDF export, as a stream.
    /// An answer in JSON is the API's error. The whole download, from this call to the last
    /// item, has the client's download deadline, and each item its stall timeout.
    ///
    /// # Errors
    /// As [`Client::detail`]; the stream's items fail on a broken connection, and with
    /// [`ErrorKind::Deadline`] or [`ErrorKind::Stalled`] when too slow.
    pub async fn download_pdf(
        &self,
        request: &DownloadPdf,
    ) -> Result<impl Stream<Item = Result<Bytes, Error>> + use<>, Error> {
        const WHAT: &str = "the PDF download";
        let limits = *self.limits();
        let deadline = tokio::time::Instant::now() + limits.download_timeout;
        let body = self.body(params(request));
        let answer = self.with_retries("downloadPdf", true, || async {
            let url = self.endpoint_url(Endpoint::DownloadPdf)?;
            let request = self
                .inner
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
            let response = send(request, limits.stall_timeout).await?;
            if self.redirect_target(&response, Sends::Body)?.is_some() {
                return Err(Error::http(response.status().as_u16(), b"", None));
            }
            let is_json = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            let status = response.status().as_u16();
            if status != 200 {
                let bytes =
                    read_error_body(response, limits.max_error_body_bytes, limits.stall_timeout)
                        .await;
                return Err(Error::http(status, &bytes, None));
            }
            if is_json {
                let bytes = read_capped(response, limits.max_body_bytes).await?;
                decode::<Value>(&bytes)?;
                return Err(Error::decode(
                    &callreport_model::DecodeError::new(
                        "",
                        "expected the bytes of a PDF, got JSON",
                    ),
                    &bytes,
                ));
            }
            Ok(response)
        });
        // The span covers the request and its answer; the body is the caller's to read.
        let span = operation_span!("callreport.download_pdf", Endpoint::DownloadPdf.path());
        let response = traced(
            span,
            within(limits.download_timeout, || WHAT.to_owned(), answer),
        )
        .await?;
        Ok(bounded_chunks(
            response,
            limits.stall_timeout,
            deadline,
            limits.download_timeout,
            WHAT,
        ))
    }
}
