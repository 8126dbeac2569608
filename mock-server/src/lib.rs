//! nubefact-mock: a fake Nubefact server that is an independent oracle of the Nubefact JSON API.
//!
//! It has its own types and its own validation, written from the reference, and it never
//! depends on the harness crate; the two sides share only wire JSON fixtures.
//!
//! # Architecture
//! - [`engine`]: transport-free state machine: (state, request) → reply. Accounts, lenient
//!   auth, validation ([`validate`]), the document [`registry`], the SUNAT lifecycle, faults and
//!   latency decisions ([`spec`]), counters ([`stats`]).
//! - fronts: **wiremock** (default) and **hyper** (`Front::Hyper`), both over the same engine.
//! - [`admin`]: `GET /__admin/stats`, `POST /__admin/reset`, `GET /__admin/documents`,
//!   `PUT /__admin/config`.
//! - [`cli`]: [`MockArgs`] (clap) and [`run`], shared with `nubefact-harness mock`.
//!
//! # Known limits of the wiremock front (measured, see README.md)
//! wiremock 0.6.5 runs each server on one thread with one server-wide write lock per request,
//! and keeps a clone of every request a mounted mock matched (`MountedMock.matched_requests`)
//! even with recording disabled. Memory therefore grows with every request until the server
//! stops: measured here at about 6 KB of RSS per request (5.2 KB for a bare wiremock catch-all,
//! 6.1 KB for the fake, with ~90-byte POST bodies), so roughly 1.2 GB after 10 s at 20k req/s.
//! Use `Front::Hyper` for soaks and high rates; its memory stays flat (measured: 5.6 MB after
//! 1.1 million queries). [`MockStats::front_limits`] carries this text at run time.
//!
//! # Example
//! ```no_run
//! # async fn demo() -> Result<(), nubefact_mock::MockError> {
//! let fake = nubefact_mock::FakeNubefact::start(nubefact_mock::MockConfig::default()).await?;
//! println!("POST to {} with token {}", fake.url(), fake.token());
//! let stats = fake.stats();
//! assert_eq!(stats.documents, 0);
//! fake.shutdown().await;
//! # Ok(()) }
//! ```

pub mod admin;
pub mod cli;
pub mod config;
pub mod engine;
mod front;
pub mod lenient;
pub mod op;
pub mod registry;
pub mod reply;
mod rng;
pub mod spec;
pub mod stats;
pub mod timer;
pub mod validate;

use std::net::SocketAddr;
use std::sync::Arc;

pub use cli::{MockArgs, run};
pub use config::{Account, AccountStatus, Front, MockConfig, SunatConfig, SunatOutcome, SunatRule, TotalsMode};
pub use engine::Engine;
pub use front::hyper::serve_fixed as serve_fixed_hyper;
pub use op::Op;
pub use spec::{FaultKind, FaultRule, FaultSpec, LatencyDist, LatencySpec, SpecError, Trigger};
pub use stats::{MockStats, OperationStats};

/// Measured limit of the wiremock front, reported in `MockStats::front_limits`.
pub const WIREMOCK_LIMITS: &str = "wiremock 0.6.5: one thread and one server-wide write lock per request; \
every matched request is cloned and kept until shutdown even with recording disabled (measured: about 6 KB \
of RSS per request with small POST bodies, i.e. about 1.2 GB after 10 s at 20k req/s): unsuitable for long \
soaks or high rates, use the hyper front";
/// Limit of the hyper front.
pub const HYPER_LIMITS: &str = "hyper 1: multi-threaded on the runtime's workers, HTTP/1.1 keep-alive, \
no per-request retention (memory flat; the registry grows only with stored documents)";

/// The limits text for a front.
pub fn front_limits(front: Front) -> &'static str {
    match front {
        Front::Wiremock => WIREMOCK_LIMITS,
        Front::Hyper => HYPER_LIMITS,
    }
}

/// Starting the fake failed.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The listen address could not be bound.
    #[error("cannot bind {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A non-loopback address was asked for without `allow_remote`.
    #[error("refusing to listen on non-loopback address {0} without allow_remote (--allow-remote)")]
    RemoteNotAllowed(SocketAddr),
    /// The configuration has no usable account.
    #[error("the configuration needs at least one account with a route and a token")]
    NoAccount,
    /// A configuration value is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// The entry point: starts a fake server.
pub struct FakeNubefact;

enum Running {
    Wiremock(wiremock::MockServer),
    Hyper { stop: tokio::sync::watch::Sender<bool>, task: tokio::task::JoinHandle<()> },
}

/// A running fake. Dropping it stops the wiremock front; call [`FakeHandle::shutdown`] to stop
/// either front cleanly.
pub struct FakeHandle {
    engine: Arc<Engine>,
    addr: SocketAddr,
    route: String,
    token: String,
    front: Front,
    running: Running,
}

impl FakeNubefact {
    /// Binds `config.listen`, starts the chosen front and returns its handle.
    ///
    /// Must be called inside a tokio runtime (multi-threaded for the hyper front to use more
    /// than one core).
    ///
    /// # Errors
    /// [`MockError`] for a bad configuration or a bind failure.
    pub async fn start(config: MockConfig) -> Result<FakeHandle, MockError> {
        let first = config.accounts.first().ok_or(MockError::NoAccount)?;
        let token = first.tokens.first().ok_or(MockError::NoAccount)?.clone();
        if first.route.is_empty() || first.route.contains('/') {
            return Err(MockError::Config(format!("route {:?} must be one non-empty path segment", first.route)));
        }
        let route = first.route.clone();
        if !config.listen.ip().is_loopback() {
            if !config.allow_remote {
                return Err(MockError::RemoteNotAllowed(config.listen));
            }
            tracing::warn!(addr = %config.listen, "the fake Nubefact is listening on a non-loopback address");
            eprintln!("WARNING: nubefact-mock listens on non-loopback address {}", config.listen);
        }
        let engine = Arc::new(Engine::new(&config));
        let std_listener = std::net::TcpListener::bind(config.listen)
            .map_err(|source| MockError::Bind { addr: config.listen, source })?;
        let addr = std_listener.local_addr().map_err(|source| MockError::Bind { addr: config.listen, source })?;
        let running = match config.front {
            Front::Wiremock => Running::Wiremock(front::wiremock::start(engine.clone(), std_listener).await),
            Front::Hyper => {
                std_listener.set_nonblocking(true).map_err(|source| MockError::Bind { addr, source })?;
                let listener = tokio::net::TcpListener::from_std(std_listener)
                    .map_err(|source| MockError::Bind { addr, source })?;
                let (stop, rx) = tokio::sync::watch::channel(false);
                let task = tokio::spawn(front::hyper::serve(engine.clone(), listener, rx));
                Running::Hyper { stop, task }
            }
        };
        Ok(FakeHandle { engine, addr, route, token, front: config.front, running })
    }
}

impl FakeHandle {
    /// The full API route URL, e.g. `http://127.0.0.1:PORT/api/v1/<route>`.
    pub fn url(&self) -> String {
        format!("http://{}/api/v1/{}", self.addr, self.route)
    }
    /// The first token of the first account.
    pub fn token(&self) -> &str {
        &self.token
    }
    /// The admin base URL, e.g. `http://127.0.0.1:PORT/__admin`.
    pub fn admin_url(&self) -> String {
        format!("http://{}/__admin", self.addr)
    }
    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// Which front serves.
    pub fn front(&self) -> Front {
        self.front
    }
    /// A snapshot of the engine's counters (cheap; no I/O).
    pub fn stats(&self) -> MockStats {
        self.engine.stats()
    }
    /// The engine, for in-process inspection (e.g. advancing its clock in tests).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }
    /// Stops serving and waits for the accept loop to end.
    pub async fn shutdown(self) {
        match self.running {
            Running::Wiremock(server) => drop(server),
            Running::Hyper { stop, task } => {
                let _ = stop.send(true);
                let _ = task.await;
            }
        }
    }
}
