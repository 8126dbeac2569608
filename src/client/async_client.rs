//! The async [`Client`], on `reqwest` (tokio).
//!
//! Owns the async I/O only: the reqwest client, the in-flight cap (a tokio
//! [`Semaphore`]), the rate limit (`governor`) and the sleeps between attempts. Every
//! decision comes from [`super::retry::Plan`] and `attempt.rs`, shared with
//! [`super::blocking::Client`]. Must not wrap the blocking client, and must not retry in
//! [`Client::execute`].

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::attempt::{self, Call, Exchanged, Seeds};
use super::retry::{Plan, Step};
use super::{CallStats, ClientConfig, ClientError, Sent};
use crate::api::{ApiRequest, wire};

/// The async Nubefact client. Cheap to share behind an `Arc`; all methods take `&self`.
///
/// `Debug` shows the redacted configuration only.
pub struct Client {
    http: reqwest::Client,
    config: ClientConfig,
    permits: Option<Arc<Semaphore>>,
    limiter: Option<DefaultDirectRateLimiter>,
    seeds: Seeds,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client. A loopback endpoint bypasses any proxy.
    ///
    /// # Errors
    /// [`ClientError::Setup`] if reqwest cannot build its client (for example, no TLS
    /// backend).
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        let mut builder = reqwest::Client::builder().connect_timeout(config.connect_timeout).timeout(config.timeout);
        if config.endpoint.is_loopback() {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| ClientError::from_reqwest("client", &config.endpoint, e))?;
        Ok(Client {
            http,
            permits: config.max_in_flight.map(|n| Arc::new(Semaphore::new(n.get()))),
            limiter: config.rate_per_sec.map(|r| RateLimiter::direct(Quota::per_second(r))),
            seeds: Seeds::new(config.retry.seed),
            config,
        })
    }

    /// The configuration the client was built from.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends one prebuilt request (for example from [`wire::build_raw`]) and reads the
    /// whole answer. No retry, no parsing, no call log: this is the span load drivers
    /// time. It waits for the rate limit and the in-flight cap first.
    ///
    /// # Errors
    /// [`ClientError::Transport`] (scrubbed) when no complete answer arrived;
    /// [`ClientError::Setup`] if the request cannot be converted.
    pub async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, ClientError> {
        let body = request.body().clone();
        let (exchanged, _) = self.exchange(request).await;
        exchanged.map_err(|e| ClientError::from_reqwest(attempt::operation_id(&body), &self.config.endpoint, e))
    }

    /// Sends a typed request under the retry policy and returns its typed reply.
    ///
    /// Queries are retried on transport errors, 5xx and code 40. A `generar_*` is never
    /// resent blindly: after an uncertain failure the same key is queried and, if found,
    /// adopted (`recovered`); see [`super::retry`].
    ///
    /// # Errors
    /// [`ClientError::Api`] for a final Nubefact error (returned as is),
    /// [`ClientError::Exhausted`] when the attempt budget ran out while uncertain,
    /// [`ClientError::Transport`] when the only attempt allowed failed below HTTP.
    pub async fn send<R: ApiRequest + ?Sized>(&self, request: &R) -> Result<Sent<R::Reply>, ClientError> {
        self.send_with_stats(request).await.0
    }

    /// [`Client::send`], plus the call's bookkeeping whatever the result: a driver
    /// counting attempts, emissions and recoveries of failed calls uses this.
    pub async fn send_with_stats<R: ApiRequest + ?Sized>(
        &self,
        request: &R,
    ) -> (Result<Sent<R::Reply>, ClientError>, CallStats) {
        let call = match Call::new(&self.config, request) {
            Ok(call) => call,
            Err(e) => return (Err(e), CallStats::default()),
        };
        let mut plan = Plan::new(&self.config.retry, call.operation, call.key.clone(), self.seeds.next());
        let mut step = plan.first();
        // Bounded: the plan finishes after at most `MAX_ATTEMPTS_CEILING` sends.
        loop {
            match step {
                Step::Send { after, payload, attempt } => {
                    if !after.is_zero() {
                        tokio::time::sleep(after).await;
                    }
                    let (operation, body) = call.payload(payload);
                    let (exchanged, duration) =
                        self.exchange(wire::build_raw(&self.config.endpoint, body.clone())).await;
                    let result = attempt::conclude::<R::Reply>(
                        &self.config,
                        &call,
                        (operation, payload, attempt),
                        &body,
                        exchanged,
                        duration,
                    );
                    step = plan.observe(result);
                }
                Step::Finished(result) => return (result, plan.stats()),
            }
        }
    }

    /// Waits for the rate limit and a permit, then times the exchange from sending to the
    /// last body byte.
    async fn exchange(&self, request: http::Request<Bytes>) -> (Exchanged, std::time::Duration) {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        // The semaphore is never closed, so `acquire` cannot fail; `ok()` keeps it total.
        let _permit = match &self.permits {
            Some(permits) => permits.clone().acquire_owned().await.ok(),
            None => None,
        };
        let started = Instant::now();
        let exchanged = self.round_trip(request).await;
        (exchanged, started.elapsed())
    }

    async fn round_trip(&self, request: http::Request<Bytes>) -> Exchanged {
        let request = reqwest::Request::try_from(request)?;
        let response = self.http.execute(request).await?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}
