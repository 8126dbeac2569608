//! THE async pacing loop: one loop for the closed and the open model.
//!
//! Parameterised by a [`Plan`] (rate or none, concurrency, stop rule), never copied per
//! combination. Arrivals are flows. Concurrency is a pool of `concurrency` slots, each a
//! (user, iteration) pair so numbering stays disjoint:
//! - closed (`rate: None`): an arrival waits for a free slot, so `concurrency` users run
//!   flows back to back; `scheduled = sent` for every step; with `max_iterations` a user's
//!   slot retires after that many flows, and the run ends when every user has retired;
//! - open (`rate: Some`): arrival n is scheduled at start + n/rate; if no slot is free at
//!   that instant the start is recorded as a Skipped sample (never silently dropped;
//!   its `operation` is the workload's first operation, as the flow is never started).
//!   Response time is measured from the scheduled instant, which corrects coordinated
//!   omission; an arrival sent late because the loop itself was late keeps its scheduled
//!   instant. The loop waits for arrivals on a [`PreciseTimer`] (a timerfd), not tokio's
//!   1 ms timer, whose lateness would count in every response time.
//!
//! A flow's FIRST step is scheduled at its arrival; each later step is scheduled when the
//! previous one finished (a flow is one user's sequence, e.g. issue then poll).
//!
//! The stop rule: no request goes out after `max_duration`, and at most `max_requests`
//! tickets are handed out (one per request sent or start skipped), so with a budget-bound
//! run `sent + skipped = max_requests`. The tickets are shared: a flow started near the
//! end of the budget may find none for its later steps and end early (counted, since
//! only sent requests are samples). Cancelling the token
//! stops new requests at once and abandons those in flight (they are not recorded: they
//! have no answer). Must not write files or classify answers itself ([`super::step`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use nubefact_mock::timer::PreciseTimer;

use super::flow::{StepResult, Workload};
use super::plan::{Budget, Plan, PlanError, Schedule};
use super::recorder::RecorderHandle;
use super::step::{MAX_STEPS_PER_FLOW, Timing, record_exchange, record_skipped};
use super::transport::Transport;
use crate::api::{Endpoint, Operation};

/// What the loop did, besides the samples it recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DriveOutcome {
    /// Flows started.
    pub flows: u64,
    /// Open-model starts skipped because every slot was busy.
    pub skipped: u64,
    /// Stopped by the cancellation token.
    pub interrupted: bool,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    user: u32,
    iteration: u64,
}

/// Everything a flow task needs, shared.
struct Shared<T> {
    transport: Arc<T>,
    endpoint: Arc<Endpoint>,
    workload: Arc<dyn Workload>,
    recorder: RecorderHandle,
    budget: Budget,
    deadline: Instant,
    cancel: CancellationToken,
    /// Closed model: flows per user, then the user retires.
    max_iterations: Option<u64>,
    /// Users retired by `max_iterations`; the last one to retire wakes the loop.
    retired: std::sync::atomic::AtomicUsize,
    all_retired: tokio::sync::Notify,
}

/// Runs `workload` against `endpoint` through `transport` as `plan` says, recording every
/// sample on `recorder`. The schedule's origin is `recorder.start()`. Returns when the
/// stop rule is met and every flow in flight finished, or at once when `cancel` fires.
///
/// The loop runs as a task of the runtime, never on the caller's thread: awaited from
/// `block_on`, it would run on the main thread while its flows run on a worker, and every
/// finished flow would wake the other thread (measured: 11 % of the CPU time went to the
/// main thread and its context switches at 25 k req/s on one core).
///
/// # Errors
/// [`PlanError`] when the plan is invalid (nothing was sent).
///
/// # Panics
/// Resumes the loop's panic, if it panicked (a bug).
pub async fn drive<T: Transport>(
    transport: Arc<T>,
    endpoint: Arc<Endpoint>,
    workload: Arc<dyn Workload>,
    plan: &Plan,
    recorder: &RecorderHandle,
    cancel: &CancellationToken,
) -> Result<DriveOutcome, PlanError> {
    plan.validate()?;
    let start = recorder.start();
    let shared = Arc::new(Shared {
        transport,
        endpoint,
        workload,
        recorder: recorder.clone(),
        budget: Budget::new(plan.stop.max_requests),
        deadline: start + plan.stop.max_duration,
        cancel: cancel.clone(),
        // Iterations bound the closed model only: open-model slots are in-flight places.
        max_iterations: if plan.rate.is_none() { plan.stop.max_iterations } else { None },
        retired: std::sync::atomic::AtomicUsize::new(0),
        all_retired: tokio::sync::Notify::new(),
    });
    let plan = plan.clone();
    // Only a runtime shutting down cancels the task: nothing more will run.
    Ok(on_worker(async move { run_loop(shared, &plan).await })
        .await
        .unwrap_or(DriveOutcome { interrupted: true, ..DriveOutcome::default() }))
}

/// Runs `future` as a task of the runtime and returns its output, or `None` when the
/// runtime cancelled it (it is shutting down). Used by the drivers whose callers may
/// await them from `block_on` (see [`drive`] for the cost of not doing so).
///
/// # Panics
/// Resumes the task's panic.
pub(super) async fn on_worker<F>(future: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match tokio::spawn(future).await {
        Ok(output) => Some(output),
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(_) => None,
    }
}

async fn run_loop<T: Transport>(shared: Arc<Shared<T>>, plan: &Plan) -> DriveOutcome {
    let start = shared.recorder.start();
    let cancel = shared.cancel.clone();
    let skip_operation = shared.workload.operations().first().copied().unwrap_or(Operation::GenerarComprobante);
    let concurrency = plan.concurrency;
    let (slot_tx, mut slot_rx) = mpsc::channel::<Slot>(plan.concurrency);
    for user in 0..plan.concurrency {
        // The channel has exactly `concurrency` places, so these sends cannot fail.
        let _ = slot_tx.try_send(Slot { user: u32::try_from(user).unwrap_or(u32::MAX), iteration: 0 });
    }
    // The open model's arrivals and the timer they wait on. tokio's own sleep ends up to
    // 2 ms late (1 ms ticks, rounded up twice): see the timer.
    let mut schedule = plan.rate.as_ref().map(|rate| (Schedule::new(rate), PreciseTimer::new()));
    let mut tasks = JoinSet::new();
    let mut outcome = DriveOutcome::default();

    loop {
        while tasks.try_join_next().is_some() {}
        if cancel.is_cancelled() {
            outcome.interrupted = true;
            break;
        }
        if Instant::now() >= shared.deadline {
            break;
        }
        let scheduled = match schedule.as_mut() {
            Some((schedule, timer)) => {
                let at = start + schedule.next_offset();
                if at >= shared.deadline {
                    break;
                }
                tokio::select! {
                    () = timer.sleep_until(at) => {}
                    () = cancel.cancelled() => { outcome.interrupted = true; break; }
                }
                Some(at)
            }
            None => None,
        };
        // The first step's ticket is taken here, so the loop knows exactly what it planned.
        if !shared.budget.take() {
            break;
        }
        let slot = match scheduled {
            Some(at) => match slot_rx.try_recv() {
                Ok(slot) => slot,
                Err(_) => {
                    record_skipped(&shared.recorder, skip_operation, at);
                    outcome.skipped += 1;
                    continue;
                }
            },
            None => tokio::select! {
                slot = slot_rx.recv() => match slot { Some(slot) => slot, None => break },
                () = shared.all_retired.notified() => break,
                () = cancel.cancelled() => { outcome.interrupted = true; break; }
                () = tokio::time::sleep_until(shared.deadline.into()) => break,
            },
        };
        outcome.flows += 1;
        let shared = Arc::clone(&shared);
        let slot_tx = slot_tx.clone();
        tasks.spawn(async move {
            run_flow(&shared, slot, scheduled).await;
            let next = Slot { user: slot.user, iteration: slot.iteration + 1 };
            if shared.max_iterations.is_some_and(|max| next.iteration >= max) {
                let retired = shared.retired.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                if retired == concurrency {
                    shared.all_retired.notify_one();
                }
            } else {
                let _ = slot_tx.send(next).await;
            }
        });
    }

    if outcome.interrupted {
        tasks.abort_all();
    } else {
        loop {
            tokio::select! {
                next = tasks.join_next() => if next.is_none() { break },
                () = cancel.cancelled() => { outcome.interrupted = true; tasks.abort_all(); break; }
            }
        }
    }
    while tasks.join_next().await.is_some() {}
    outcome
}

/// Runs one flow to its end (or the stop rule). The first step's ticket was taken by the
/// loop; later steps take their own.
async fn run_flow<T: Transport>(shared: &Shared<T>, slot: Slot, first_scheduled: Option<Instant>) {
    let mut flow = shared.workload.start(slot.user, slot.iteration);
    let mut previous: Option<StepResult> = None;
    let mut scheduled = first_scheduled;
    for index in 0..MAX_STEPS_PER_FLOW {
        let Some(step) = flow.next(previous.as_ref()) else { break };
        if index > 0 && (shared.cancel.is_cancelled() || Instant::now() >= shared.deadline || !shared.budget.take()) {
            break;
        }
        if !step.after.is_zero() {
            tokio::select! {
                () = tokio::time::sleep(step.after) => {}
                () = shared.cancel.cancelled() => break,
            }
            scheduled = Some(Instant::now());
        }
        let request = crate::api::wire::build_raw(&shared.endpoint, step.body);
        let sent = Instant::now();
        let answer = shared.transport.execute(request).await;
        let done = Instant::now();
        let timing = Timing { scheduled: scheduled.unwrap_or(sent), sent, done };
        previous = Some(record_exchange(&shared.recorder, &shared.endpoint, step.operation, timing, answer));
        // Later steps are scheduled when the previous one finished.
        scheduled = Some(done);
    }
}
