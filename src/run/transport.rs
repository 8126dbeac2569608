//! HTTP as a value: the drivers' view of "send this request, give me the answer".
//!
//! Owns [`Transport`] (async) and [`BlockingTransport`], their reqwest implementations
//! ([`ReqwestTransport`], [`ReqwestBlockingTransport`]) and [`TransportError`]. The
//! drivers are written against the traits so the client core's `execute` can be plugged in
//! later. Must not parse Nubefact bodies (that is [`super::sample::classify`]) and must
//! never let the route URL or the token into an error message.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;

use super::sample::TransportKind;

/// A request could not be exchanged (below HTTP). The message is scrubbed of the URL.
#[derive(Debug, Clone, thiserror::Error)]
#[error("transport {}: {message}", kind.id())]
pub struct TransportError {
    /// How it failed.
    pub kind: TransportKind,
    /// A human-readable cause, without the URL.
    pub message: String,
}

impl TransportError {
    /// Classifies a reqwest error and drops its URL (the URL carries the secret route).
    pub fn from_reqwest(err: reqwest::Error) -> Self {
        let kind = if err.is_timeout() {
            TransportKind::Timeout
        } else if err.is_connect() {
            TransportKind::Connect
        } else if is_reset(&err) {
            TransportKind::Reset
        } else {
            TransportKind::Other
        };
        let err = err.without_url();
        // The full source chain says why (e.g. "connection refused"); the URL was removed.
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        TransportError { kind, message }
    }
}

fn is_reset(err: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
            if matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof) {
                return true;
            }
        }
        source = cause.source();
    }
    false
}

/// Sends one request and reads the full answer body (async flavour).
pub trait Transport: Send + Sync + 'static {
    /// Exchanges `request`; the response body is complete when this resolves.
    ///
    /// # Errors
    /// A [`TransportError`] when no complete answer arrived (timeout, connect, reset).
    fn execute(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + Send;
}

/// Sends one request and reads the full answer body (blocking flavour). One value per
/// thread: the blocking driver builds one per worker.
pub trait BlockingTransport: Send + 'static {
    /// Exchanges `request`; the response body is complete when this returns.
    ///
    /// # Errors
    /// A [`TransportError`] when no complete answer arrived (timeout, connect, reset).
    fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError>;
}

/// The error of building a reqwest client.
#[derive(Debug, thiserror::Error)]
#[error("http client could not be built")]
pub struct BuildError(#[source] reqwest::Error);

/// [`Transport`] over a `reqwest::Client` (connection pool shared by all tasks).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A client with the given whole-exchange `timeout` that ignores proxy variables (the
    /// harness measures the target, not a proxy).
    ///
    /// # Errors
    /// [`BuildError`] if reqwest cannot build its client (TLS backend failure).
    pub fn new(timeout: Duration) -> Result<Self, BuildError> {
        let client = reqwest::Client::builder().timeout(timeout).no_proxy().build().map_err(BuildError)?;
        Ok(ReqwestTransport { client })
    }

    /// Wraps an existing client.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

impl Transport for ReqwestTransport {
    async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        let request = reqwest::Request::try_from(request).map_err(TransportError::from_reqwest)?;
        let response = self.client.execute(request).await.map_err(TransportError::from_reqwest)?;
        let status = response.status();
        let body = response.bytes().await.map_err(TransportError::from_reqwest)?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        Ok(out)
    }
}

/// [`BlockingTransport`] over a `reqwest::blocking::Client`. Never build or use it inside
/// an async context (reqwest panics there); the blocking driver uses plain threads.
#[derive(Debug, Clone)]
pub struct ReqwestBlockingTransport {
    client: reqwest::blocking::Client,
}

impl ReqwestBlockingTransport {
    /// A blocking client with the given whole-exchange `timeout`, ignoring proxy variables.
    ///
    /// # Errors
    /// [`BuildError`] if reqwest cannot build its client.
    pub fn new(timeout: Duration) -> Result<Self, BuildError> {
        let client = reqwest::blocking::Client::builder().timeout(timeout).no_proxy().build().map_err(BuildError)?;
        Ok(ReqwestBlockingTransport { client })
    }
}

impl BlockingTransport for ReqwestBlockingTransport {
    fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        let request = reqwest::blocking::Request::try_from(request).map_err(TransportError::from_reqwest)?;
        let response = self.client.execute(request).map_err(TransportError::from_reqwest)?;
        let status = response.status();
        let body = response.bytes().map_err(TransportError::from_reqwest)?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        Ok(out)
    }
}

impl From<BuildError> for TransportError {
    fn from(err: BuildError) -> Self {
        let mut message = err.to_string();
        if let Some(cause) = std::error::Error::source(&err) {
            message = format!("{message}: {cause}");
        }
        TransportError { kind: TransportKind::Other, message }
    }
}
