//! The blocking [`Client`], on `reqwest::blocking`, with the same method names as the
//! async [`super::Client`].
//!
//! Owns the blocking I/O only: the reqwest blocking client, a bounded permit counter for
//! the in-flight cap, the rate limit (`governor`, waited with `thread::sleep`) and the
//! sleeps between attempts. Every decision comes from [`super::retry::Plan`] and
//! `attempt.rs`, shared with the async client; this is not a wrapper around it.
//!
//! `reqwest::blocking` runs its own runtime thread and **panics when called from inside
//! an async runtime**: build and use this client on a plain thread or in
//! `tokio::task::spawn_blocking`. A sync driver gives each worker its own client.

use std::sync::{Condvar, Mutex};
use std::time::Instant;

use bytes::Bytes;
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::attempt::{self, Call, Exchanged, Seeds};
use super::retry::{Plan, Step};
use super::{CallStats, ClientConfig, ClientError, Sent};
use crate::api::{ApiRequest, wire};

/// The most times one request re-checks the rate limiter before going anyway; each check
/// sleeps until the limiter's next slot, so this only bounds a pathological loop.
const MAX_RATE_WAITS: u32 = 1000;

/// The blocking Nubefact client. Share it between threads by reference or `Arc`.
pub struct Client {
    http: reqwest::blocking::Client,
    config: ClientConfig,
    permits: Option<Permits>,
    limiter: Option<DefaultDirectRateLimiter>,
    seeds: Seeds,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client. A loopback endpoint bypasses any proxy.
    ///
    /// # Errors
    /// [`ClientError::Setup`] if reqwest cannot build its client.
    ///
    /// # Panics
    /// Inside an async runtime (a `reqwest::blocking` rule); see the module docs.
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        let mut builder =
            reqwest::blocking::Client::builder().connect_timeout(config.connect_timeout).timeout(config.timeout);
        if config.endpoint.is_loopback() {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| ClientError::from_reqwest("client", &config.endpoint, e))?;
        Ok(Client {
            http,
            permits: config.max_in_flight.map(|n| Permits::new(n.get())),
            limiter: config.rate_per_sec.map(|r| RateLimiter::direct(Quota::per_second(r))),
            seeds: Seeds::new(config.retry.seed),
            config,
        })
    }

    /// The configuration the client was built from.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends one prebuilt request and reads the whole answer; no retry, no parsing, no
    /// call log. See [`super::Client::execute`].
    ///
    /// # Errors
    /// [`ClientError::Transport`] (scrubbed) or [`ClientError::Setup`].
    pub fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, ClientError> {
        let body = request.body().clone();
        let (exchanged, _) = self.exchange(request);
        exchanged.map_err(|e| ClientError::from_reqwest(attempt::operation_id(&body), &self.config.endpoint, e))
    }

    /// Sends a typed request under the retry policy. See [`super::Client::send`].
    ///
    /// # Errors
    /// As [`super::Client::send`].
    pub fn send<R: ApiRequest + ?Sized>(&self, request: &R) -> Result<Sent<R::Reply>, ClientError> {
        self.send_with_stats(request).0
    }

    /// [`super::Client::send`], plus the call's bookkeeping whatever the result: a driver
    /// counting attempts, emissions and recoveries of failed calls uses this.
    pub fn send_with_stats<R: ApiRequest + ?Sized>(
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
                        std::thread::sleep(after);
                    }
                    let (operation, body) = call.payload(payload);
                    let (exchanged, duration) = self.exchange(wire::build_raw(&self.config.endpoint, body.clone()));
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

    fn exchange(&self, request: http::Request<Bytes>) -> (Exchanged, std::time::Duration) {
        if let Some(limiter) = &self.limiter {
            for _ in 0..MAX_RATE_WAITS {
                match limiter.check() {
                    Ok(()) => break,
                    // The limiter's own clock, so the wait is measured on the same timeline.
                    Err(not_until) => std::thread::sleep(not_until.wait_time_from(limiter.clock().now())),
                }
            }
        }
        let _permit = self.permits.as_ref().map(Permits::acquire);
        let started = Instant::now();
        let exchanged = self.round_trip(request);
        (exchanged, started.elapsed())
    }

    fn round_trip(&self, request: http::Request<Bytes>) -> Exchanged {
        let request = reqwest::blocking::Request::try_from(request)?;
        let response = self.http.execute(request)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes()?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

/// A counting permit for the blocking in-flight cap.
struct Permits {
    max: usize,
    in_use: Mutex<usize>,
    freed: Condvar,
}

struct Permit<'a>(&'a Permits);

impl Permits {
    fn new(max: usize) -> Self {
        Permits { max, in_use: Mutex::new(0), freed: Condvar::new() }
    }

    fn acquire(&self) -> Permit<'_> {
        // A poisoned lock only means another thread panicked while counting; the count
        // itself is still right, so keep going.
        let guard = self.in_use.lock().unwrap_or_else(|p| p.into_inner());
        let mut guard = self.freed.wait_while(guard, |n| *n >= self.max).unwrap_or_else(|p| p.into_inner());
        *guard += 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut guard = self.0.in_use.lock().unwrap_or_else(|p| p.into_inner());
        *guard = guard.saturating_sub(1);
        self.0.freed.notify_one();
    }
}
