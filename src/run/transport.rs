//! HTTP as a value: the drivers' view of "send this request, give me the answer".
//!
//! Owns [`Transport`] (async) and [`BlockingTransport`], their implementations and
//! [`TransportError`]. Must not parse Nubefact bodies (that is [`super::sample::classify`])
//! and must never let the route URL or the token into an error message.
//!
//! The async drivers send plain-HTTP targets (the embedded fake, a local server) through
//! [`HyperTransport`], hyper-util's pooled client with nothing on top, and TLS targets
//! (staging accounts) through [`ReqwestTransport`]; [`AutoTransport`] picks by scheme.
//! Why two: measured on this 2-core machine against the fake's hyper front, one core each,
//! 32 connections, the same query, the bare reqwest client peaks at 31 k req/s and the
//! hyper-util client at 59 k (oha: 53 k). Against the fake the load generator is the
//! bottleneck, so reqwest's per-request URL parsing and layers halve what the harness can
//! offer; against a remote TLS account the server is the bottleneck by far, and reqwest
//! brings the TLS setup (rustls with the platform's roots) we want there.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{Client as HyperClient, connect::HttpConnector};
use hyper_util::rt::TokioExecutor;

use super::sample::TransportKind;
use crate::api::Endpoint;

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
        } else if is_reset(&err as &(dyn std::error::Error + 'static)) {
            TransportKind::Reset
        } else {
            TransportKind::Other
        };
        // The URL is removed; the source chain says why (e.g. "connection refused").
        TransportError { kind, message: chain(&err.without_url()) }
    }

    /// Classifies a hyper-util client error (or a body read error). Its messages carry no
    /// URL: the connector reports the socket error only.
    fn from_hyper(err: &(dyn std::error::Error + 'static), connect: bool) -> Self {
        let kind = if connect {
            TransportKind::Connect
        } else if is_reset(err) {
            TransportKind::Reset
        } else {
            TransportKind::Other
        };
        TransportError { kind, message: chain(err) }
    }

    fn timeout(after: Duration) -> Self {
        TransportError { kind: TransportKind::Timeout, message: format!("no complete answer within {after:?}") }
    }
}

/// `err` and its sources, joined by ": ".
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn is_reset(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(cause) = source {
        // hyper reports a peer that closed mid-answer as an incomplete message, not an io error.
        if cause.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message) {
            return true;
        }
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

/// [`Transport`] over hyper-util's pooled HTTP/1.1 client, for `http://` targets only
/// (it has no TLS). The timeout covers the whole exchange, body included.
#[derive(Debug, Clone)]
pub struct HyperTransport {
    client: HyperClient<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl HyperTransport {
    /// A pooled client (TCP_NODELAY, keep-alive) with the whole-exchange `timeout`.
    /// Proxy variables are never read. Building needs no runtime; sending needs tokio's.
    pub fn new(timeout: Duration) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(timeout));
        let client = HyperClient::builder(TokioExecutor::new()).build(connector);
        HyperTransport { client, timeout }
    }
}

impl Transport for HyperTransport {
    async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        let (parts, body) = request.into_parts();
        let exchange = async {
            let response = self
                .client
                .request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(|e| TransportError::from_hyper(&e, e.is_connect()))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| TransportError::from_hyper(&e, false))?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        };
        tokio::time::timeout(self.timeout, exchange).await.unwrap_or(Err(TransportError::timeout(self.timeout)))
    }
}

/// The async transport for an endpoint: [`HyperTransport`] for `http://`,
/// [`ReqwestTransport`] for `https://` (see the module doc for why).
// One value per run, behind an Arc: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum AutoTransport {
    /// A plain-HTTP target.
    Plain(HyperTransport),
    /// A TLS target.
    Tls(ReqwestTransport),
}

impl AutoTransport {
    /// Picks the transport for `endpoint`'s scheme.
    ///
    /// # Errors
    /// [`BuildError`] if reqwest cannot build its client (TLS backend failure).
    pub fn for_endpoint(endpoint: &Endpoint, timeout: Duration) -> Result<Self, BuildError> {
        if endpoint.expose_uri().scheme() == Some(&http::uri::Scheme::HTTP) {
            Ok(AutoTransport::Plain(HyperTransport::new(timeout)))
        } else {
            Ok(AutoTransport::Tls(ReqwestTransport::new(timeout)?))
        }
    }
}

impl Transport for AutoTransport {
    async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        match self {
            AutoTransport::Plain(t) => t.execute(request).await,
            AutoTransport::Tls(t) => t.execute(request).await,
        }
    }
}

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
