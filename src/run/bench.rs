//! Measurable driver throughput: run N requests of one prebuilt body against a URL and
//! get the [`RunData`] back (no run directory). For benchmarks and the `bench` command.
//!
//! Must not be used as a load scenario: every request is the same document.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio_util::sync::CancellationToken;

use super::fixed::FixedWorkload;
use super::pacing::drive;
use super::plan::{Plan, PlanError, Rate, StopRule};
use super::session::{Session, SessionError};
use super::transport::{AutoTransport, BuildError};
use crate::api::{Endpoint, EndpointError, Operation};
use crate::results::RunData;

/// The measurement could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The route or token is invalid.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] BuildError),
    /// The plan is invalid.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Recording failed.
    #[error(transparent)]
    Session(#[from] SessionError),
}

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchSpec {
    /// The operation the body carries.
    pub operation: Operation,
    /// The body sent with every request.
    pub body: Bytes,
    /// How many requests.
    pub requests: u64,
    /// Closed: users; open: max_in_flight.
    pub concurrency: usize,
    /// `None`: closed model as fast as possible; `Some`: open model at this rate.
    pub rate_per_sec: Option<f64>,
    /// The whole-exchange timeout; also bounds the run (`requests` must fit in
    /// `max_duration`).
    pub timeout: Duration,
    /// The duration cap.
    pub max_duration: Duration,
}

/// Runs `spec` against `route` with `token` through the async pacing loop and its
/// transport ([`AutoTransport`]), and returns what was recorded.
///
/// # Errors
/// [`BenchError`] when the endpoint, the client or the plan is invalid.
pub async fn bench_async(route: &str, token: &str, spec: &BenchSpec) -> Result<RunData, BenchError> {
    let endpoint = Arc::new(Endpoint::new(route, token)?);
    let workload = Arc::new(FixedWorkload { operation: spec.operation, body: spec.body.clone() });
    let transport = Arc::new(AutoTransport::for_endpoint(&endpoint, spec.timeout)?);
    let plan = Plan {
        rate: spec.rate_per_sec.map(Rate::fixed),
        concurrency: spec.concurrency,
        stop: StopRule { max_duration: spec.max_duration, max_requests: spec.requests, max_iterations: None },
    };
    let session = Session::begin(&[spec.operation], None)?;
    let outcome = drive(transport, endpoint, workload, &plan, &session.recorder(), &CancellationToken::new()).await?;
    Ok(session.finish_without_dir(spec.rate_per_sec, outcome.interrupted)?)
}
