//! The blocking driver: std threads, each with its own [`BlockingTransport`] (like one
//! `reqwest::blocking::Client` per thread), running flows back to back (closed model).
//!
//! Same [`Workload`], same recorder, same step recording ([`super::step`]) and the same
//! stop rule as the async loop, so sync-vs-async comparisons measure only the flavour.
//! Cancellation is checked between steps (a blocking request in flight finishes or times
//! out first). Must not be called from inside an async context (reqwest's blocking client
//! panics there): use a plain thread or `spawn_blocking`.

use std::sync::Arc;
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use super::flow::{StepResult, Workload};
use super::pacing::DriveOutcome;
use super::plan::{Budget, StopRule};
use super::recorder::RecorderHandle;
use super::step::{MAX_STEPS_PER_FLOW, Timing, record_exchange};
use super::transport::{BlockingTransport, TransportError};
use crate::api::Endpoint;

/// Runs `users` threads; thread `u` builds its transport with `make_transport(u)` and runs
/// flows `(u, 0)`, `(u, 1)`, … until the stop rule or `cancel`.
///
/// # Errors
/// The first [`TransportError`] of `make_transport` (then no request was sent by that
/// thread; the others stop too).
pub fn drive_blocking<T, F>(
    make_transport: F,
    endpoint: Arc<Endpoint>,
    workload: Arc<dyn Workload>,
    users: u32,
    stop: StopRule,
    recorder: &RecorderHandle,
    cancel: &CancellationToken,
) -> Result<DriveOutcome, TransportError>
where
    T: BlockingTransport,
    F: Fn(u32) -> Result<T, TransportError> + Sync,
{
    let budget = Budget::new(stop.max_requests);
    let deadline = recorder.start() + stop.max_duration;
    let failed_setup = CancellationToken::new();
    let results: Vec<Result<u64, TransportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..users)
            .map(|user| {
                let (budget, endpoint, workload, make) = (&budget, &endpoint, &workload, &make_transport);
                let (recorder, cancel, failed_setup) = (recorder.clone(), cancel.clone(), failed_setup.clone());
                scope.spawn(move || -> Result<u64, TransportError> {
                    let transport = make(user).inspect_err(|_| failed_setup.cancel())?;
                    let mut flows = 0;
                    for iteration in 0..stop.max_iterations.unwrap_or(u64::MAX) {
                        let stopped =
                            || cancel.is_cancelled() || failed_setup.is_cancelled() || Instant::now() >= deadline;
                        if stopped() || !budget.take() {
                            break;
                        }
                        flows += 1;
                        let mut flow = workload.start(user, iteration);
                        let mut previous: Option<StepResult> = None;
                        for index in 0..MAX_STEPS_PER_FLOW {
                            let Some(step) = flow.next(previous.as_ref()) else { break };
                            if index > 0 && (stopped() || !budget.take()) {
                                break;
                            }
                            if !step.after.is_zero() {
                                // A poll interval: think time between steps of one flow.
                                std::thread::sleep(step.after);
                                if stopped() {
                                    break;
                                }
                            }
                            let request = crate::api::wire::build_raw(endpoint, step.body);
                            let sent = Instant::now();
                            let answer = transport.execute(request);
                            let timing = Timing { scheduled: sent, sent, done: Instant::now() };
                            previous = Some(record_exchange(&recorder, endpoint, step.operation, timing, answer));
                        }
                    }
                    Ok(flows)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(TransportError {
                        kind: super::sample::TransportKind::Other,
                        message: "blocking worker panicked".to_owned(),
                    })
                })
            })
            .collect()
    });
    let mut outcome = DriveOutcome { interrupted: cancel.is_cancelled(), ..DriveOutcome::default() };
    for result in results {
        outcome.flows += result?;
    }
    Ok(outcome)
}
