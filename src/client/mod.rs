//! Transports over the sans-IO core: the async [`Client`] and [`blocking::Client`].
//!
//! Owns the client configuration ([`ClientConfig`], profiles and environment), the error
//! boundary ([`ClientError`]), the retry policy ([`retry`]), the call log ([`call_log`])
//! and the two flavours. The flavours share one generic `send<R: ApiRequest>` shape and
//! every decision that is not I/O ([`retry::Plan`], the attempt bookkeeping in
//! `attempt.rs`), so they differ only in how they send and sleep; neither wraps the
//! other. Must not build bodies or parse answers itself (that is [`crate::api::wire`]),
//! and must never let the route or the token reach a message, a log line or `Debug`.
//!
//! ```no_run
//! # async fn demo(req: &impl nubefact_harness::api::ApiRequest) -> Result<(), nubefact_harness::client::ClientError> {
//! use nubefact_harness::client::{Client, ClientConfig};
//! let client = Client::new(ClientConfig::from_env()?)?;
//! let sent = client.send(req).await?;
//! println!("{} attempts, recovered: {}", sent.attempts, sent.recovered);
//! # Ok(()) }
//! ```

mod async_client;
mod attempt;
pub mod blocking;
pub mod call_log;
mod config;
mod error;
pub mod retry;
mod typed;

pub use async_client::Client;
pub use call_log::{CallLog, CallLogOptions, CallLogger, CallRecord};
pub use config::{ClientConfig, ConfigError, ENV_RUTA, ENV_TOKEN, Location};
pub use error::{ClientError, TransportKind, scrub};
pub use retry::RetryPolicy;

/// The answer of one [`Client::send`] (or [`blocking::Client::send`]) call, with the
/// bookkeeping the results need: attempts, emissions and recoveries are counted apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent<T> {
    /// The typed reply.
    pub reply: T,
    /// Requests made in total by this call (sends, resends and recovery queries).
    pub attempts: u32,
    /// `true` when the reply was read back by a recovery query after an uncertain
    /// `generar_*` (the document had been created by an earlier attempt).
    pub recovered: bool,
    /// Times the caller's own body was sent (1, or more after retries/resends).
    pub payload_sends: u32,
    /// Recovery queries sent on behalf of a `generar_*`.
    pub recovery_queries: u32,
}

/// The bookkeeping of one call whatever its result, for drivers that count attempts,
/// emissions and recoveries of failed calls too ([`Client::send_with_stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallStats {
    /// Requests made in total.
    pub attempts: u32,
    /// Times the caller's own body was sent.
    pub payload_sends: u32,
    /// Recovery queries sent on behalf of a `generar_*`.
    pub recovery_queries: u32,
    /// `true` when the reply came from a recovery query.
    pub recovered: bool,
}
