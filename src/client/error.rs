//! [`ClientError`]: everything a client call can fail with, and the mapping of reqwest's
//! transport errors into it.
//!
//! Owns the error boundary of `client/`. Every message is scrubbed with
//! [`Endpoint::scrub`] and built from reqwest errors stripped of their URL, so the route id
//! and the token never reach a log, a report or a panic message. Must not do I/O.

use std::fmt;

use crate::api::{ApiError, DocumentKey, Endpoint, NubefactCode, Operation};

use super::config::ConfigError;

/// Which way the transport failed. Timeouts, refused connections and resets after the
/// request left are all "uncertain" to the retry policy; the kind is kept for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// The connect or total timeout elapsed.
    Timeout,
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect,
    /// The connection was reset or closed before the full answer arrived.
    Reset,
    /// Any other transport failure.
    Other,
}

impl TransportKind {
    /// A stable snake_case id, used in the call log and in run classes
    /// (`transport_timeout`, …): `timeout`, `connect`, `reset`, `other`.
    pub const fn id(self) -> &'static str {
        match self {
            TransportKind::Timeout => "timeout",
            TransportKind::Connect => "connect",
            TransportKind::Reset => "reset",
            TransportKind::Other => "other",
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Timeout => "timed out",
            TransportKind::Connect => "could not connect",
            TransportKind::Reset => "connection reset or closed early",
            TransportKind::Other => "transport error",
        })
    }
}

/// A client call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The exchange failed below HTTP. `operation` is the operation id, or `"request"`
    /// when a raw [`execute`](super::Client::execute) body did not say.
    #[error("{operation}: {kind}: {message}")]
    Transport { operation: &'static str, kind: TransportKind, message: String },
    /// Nubefact (or whatever answered) sent an answer that is an error.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The retry budget (of more than one request) ran out while the outcome was still
    /// uncertain. For a `generar_*` this means the document may or may not exist: query it
    /// before sending anything new. With a budget of one, the attempt's own error is
    /// returned instead.
    #[error("{operation} {key}: gave up after {attempts} attempts without a final answer")]
    Exhausted {
        operation: Operation,
        key: DocumentKey,
        attempts: u32,
        #[source]
        last: Box<ClientError>,
    },
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The HTTP client could not be built or the request could not be converted.
    #[error("client setup failed: {message}")]
    Setup { message: String },
}

impl ClientError {
    /// The transport kind, looking through [`ClientError::Exhausted`].
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            ClientError::Transport { kind, .. } => Some(*kind),
            ClientError::Exhausted { last, .. } => last.transport_kind(),
            _ => None,
        }
    }

    /// The Nubefact code, looking through [`ClientError::Exhausted`].
    pub fn code(&self) -> Option<NubefactCode> {
        match self {
            ClientError::Api(api) => api.code(),
            ClientError::Exhausted { last, .. } => last.code(),
            _ => None,
        }
    }

    /// The HTTP status of the last answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api(api) => api.status(),
            ClientError::Exhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// A stable snake_case label of the error, for the call log and reports:
    /// `timeout`, `connect`, `reset`, `transport`, `nubefact_<code>`, `not_json`,
    /// `unexpected_status`, `decode`, `encode`, `exhausted`, `config`, `setup`.
    pub fn label(&self) -> String {
        match self {
            ClientError::Transport { kind, .. } => kind.id().to_owned(),
            ClientError::Api(ApiError::Nubefact { code, .. }) => format!("nubefact_{code}"),
            ClientError::Api(ApiError::NotJson { .. }) => "not_json".to_owned(),
            ClientError::Api(ApiError::UnexpectedStatus { .. }) => "unexpected_status".to_owned(),
            ClientError::Api(ApiError::Decode { .. }) => "decode".to_owned(),
            ClientError::Api(ApiError::Encode(_)) => "encode".to_owned(),
            ClientError::Exhausted { .. } => "exhausted".to_owned(),
            ClientError::Config(_) => "config".to_owned(),
            ClientError::Setup { .. } => "setup".to_owned(),
        }
    }

    /// Maps a reqwest error from either flavour, scrubbing the route and the token.
    pub(crate) fn from_reqwest(operation: &'static str, endpoint: &Endpoint, error: reqwest::Error) -> Self {
        let kind = transport_kind(&error);
        if error.is_builder() {
            return ClientError::Setup { message: scrub(endpoint, &chain(&error.without_url())) };
        }
        ClientError::Transport { operation, kind, message: scrub(endpoint, &chain(&error.without_url())) }
    }

    /// Scrubs the secrets out of an API error's message and snippet (a server might echo
    /// the token or the route back in an error body).
    pub(crate) fn scrubbed_api(endpoint: &Endpoint, error: ApiError) -> Self {
        let error = match error {
            ApiError::Nubefact { status, code, message } => {
                ApiError::Nubefact { status, code, message: scrub(endpoint, &message) }
            }
            ApiError::NotJson { status, snippet } => ApiError::NotJson { status, snippet: scrub(endpoint, &snippet) },
            ApiError::UnexpectedStatus { status, snippet } => {
                ApiError::UnexpectedStatus { status, snippet: scrub(endpoint, &snippet) }
            }
            other => other,
        };
        ClientError::Api(error)
    }
}

/// [`Endpoint::scrub`], plus the route's last path segment on its own (the route id),
/// since a server may echo the path without the scheme and host. Segments shorter than 8
/// characters are left alone: they are not secret (`v1`) and replacing them would mangle
/// messages.
pub fn scrub(endpoint: &Endpoint, text: &str) -> String {
    let out = endpoint.scrub(text);
    let route_id = endpoint
        .expose_route()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|id| id.len() >= 8 && !id.contains(':'));
    match route_id {
        Some(id) => out.replace(id, "<route-id>"),
        None => out,
    }
}

/// Classifies a reqwest error by walking its source chain for an `io::Error`.
fn transport_kind(error: &reqwest::Error) -> TransportKind {
    if error.is_timeout() {
        return TransportKind::Timeout;
    }
    if error.is_connect() {
        return TransportKind::Connect;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    // Bounded: error chains are short, and a cycle would be a bug in a dependency.
    for _ in 0..16 {
        let Some(err) = source else { break };
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::TimedOut => return TransportKind::Timeout,
                K::ConnectionRefused => return TransportKind::Connect,
                K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                    return TransportKind::Reset;
                }
                _ => {}
            }
        }
        // hyper reports a peer that closed mid-exchange without an io::Error.
        let text = err.to_string();
        if text.contains("connection closed") || text.contains("IncompleteMessage") || text.contains("reset") {
            return TransportKind::Reset;
        }
        source = err.source();
    }
    if error.is_body() { TransportKind::Reset } else { TransportKind::Other }
}

/// `error: cause: cause…`, bounded in length of the chain.
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    for _ in 0..8 {
        let Some(err) = source else { break };
        out.push_str(": ");
        out.push_str(&err.to_string());
        source = err.source();
    }
    out
}
