//! THE recorder: one thread that receives every [`Sample`] over one channel.
//!
//! Owns the per-operation HDR histograms (response time from `scheduled`, service time
//! from `sent`; µs, saturated above 60 s, never dropped), the per-second counts (by the
//! second of `done`), the bounded error tally (≤ 5 distinct examples per class, taken
//! from its first [`MAX_OFFERED`] failures; a message is an example, never a key) and the
//! 1 s interval logs, written as it goes: interval k holds the samples the recorder RECEIVED in [k s, k+1 s) after the run start. Skipped
//! starts are counted, never recorded in histograms. Must not drive load or decide what
//! the numbers mean.
//!
//! The thread drains the channel in batches, waking every [`BATCH`] (and at once when
//! finished), instead of blocking in `recv`: a receiver blocked in `recv` is woken by
//! every send, and on a loaded core that is a context switch per request. Measured with
//! perf at 18 k req/s on one core, task switching was 28 % of the harness's CPU time.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::sample::{Outcome, Sample};
use crate::api::Operation;
use crate::results::data::{ErrorTally, OperationData, RunData, SecondCounts};
use crate::results::{IntervalLogs, ResultsError, hlog};

/// At most this many distinct example messages are kept per error class.
pub const MAX_EXAMPLES: usize = 5;
/// A class takes no more example messages after this many failures (its examples are
/// the distinct messages among its first failures).
pub const MAX_OFFERED: u64 = 100;
/// Example messages are cut to this many characters.
pub const MAX_EXAMPLE_CHARS: usize = 300;
/// The interval of the `.hlog` files.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// How often the recorder drains its channel. Samples wait at most this long (their
/// instants were taken by the drivers, so only the live progress display lags).
pub const BATCH: Duration = Duration::from_millis(5);

enum Msg {
    Sample(Sample, Option<String>),
    Finish,
}

/// Live totals for a progress display, updated by the recorder thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Requests answered (ok or failed).
    pub sent: AtomicU64,
    /// Requests answered ok.
    pub ok: AtomicU64,
    /// Requests failed.
    pub failed: AtomicU64,
    /// Open-model starts skipped.
    pub skipped: AtomicU64,
}

/// Failure classes that take no more example messages, written by the recorder and read
/// by the drivers, which then skip formatting them (formatting and scrubbing a message
/// cost more than the rest of recording).
type FullClasses = Arc<RwLock<HashSet<Outcome>>>;

/// The drivers' end of the channel. Cheap to clone; one per task or thread.
#[derive(Debug, Clone)]
pub struct RecorderHandle {
    tx: mpsc::Sender<Msg>,
    start: Instant,
    progress: Arc<Progress>,
    examples_full: FullClasses,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Msg")
    }
}

impl RecorderHandle {
    /// Records a sample. `detail` is the failure's message (already scrubbed of secrets);
    /// it is kept only as one of the class's few examples.
    pub fn record(&self, sample: Sample, detail: Option<String>) {
        // A send fails only after `finish`; a sample that late is not part of the run.
        let _ = self.tx.send(Msg::Sample(sample, detail));
    }

    /// Whether a failure of class `outcome` should come with its message: `false` once the
    /// class has its examples (the message would be dropped).
    pub fn wants_example(&self, outcome: &Outcome) -> bool {
        // A poisoned lock only means a reader panicked; the set is intact.
        !self.examples_full.read().unwrap_or_else(std::sync::PoisonError::into_inner).contains(outcome)
    }

    /// The run start: the origin of schedules, per-second indexes and intervals.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// Live totals (relaxed reads; for display only).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }
}

/// The recorder failed.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    /// Writing an interval log failed (recording went on; the logs are incomplete).
    #[error("interval log could not be written")]
    Log(#[source] ResultsError),
    /// The recorder thread panicked (a bug).
    #[error("recorder thread panicked")]
    Panicked,
    /// The recorder thread could not be started.
    #[error("recorder thread could not be started")]
    Spawn(#[source] std::io::Error),
}

/// The recorder thread and its result.
pub struct Recorder {
    handle: RecorderHandle,
    join: JoinHandle<State>,
}

impl Recorder {
    /// Starts the recorder thread. `start` is the run start; `operations` get their
    /// histograms up front (others are added when first seen); `logs`, when given, receive
    /// one interval per second per operation.
    ///
    /// # Errors
    /// [`RecorderError::Spawn`] if the thread cannot start.
    pub fn spawn(start: Instant, operations: &[Operation], logs: Option<IntervalLogs>) -> Result<Self, RecorderError> {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let examples_full = FullClasses::default();
        let mut state = State::new(start, operations, logs, Arc::clone(&progress), Arc::clone(&examples_full));
        let join = std::thread::Builder::new()
            .name("recorder".to_owned())
            .spawn(move || {
                state.run(&rx);
                state
            })
            .map_err(RecorderError::Spawn)?;
        Ok(Recorder { handle: RecorderHandle { tx, start, progress, examples_full }, join })
    }

    /// A handle for a driver.
    pub fn handle(&self) -> RecorderHandle {
        self.handle.clone()
    }

    /// Stops the recorder after every sample already sent, flushes the last (partial)
    /// interval and returns the data and the logs (to be committed by the run directory).
    /// Call it after the drivers returned; samples recorded later are ignored.
    ///
    /// # Errors
    /// [`RecorderError::Log`] when an interval could not be written (the data is lost with
    /// it only in the sense that the caller should report the failure), or
    /// [`RecorderError::Panicked`].
    pub fn finish(
        self,
        planned_rate_per_sec: Option<f64>,
        interrupted: bool,
    ) -> Result<(RunData, Option<IntervalLogs>), RecorderError> {
        let _ = self.handle.tx.send(Msg::Finish);
        self.join.thread().unpark();
        let state = self.join.join().map_err(|_| RecorderError::Panicked)?;
        state.into_data(planned_rate_per_sec, interrupted)
    }
}

struct OpState {
    total: OperationData,
    interval_response: Histogram<u64>,
    interval_service: Histogram<u64>,
}

impl OpState {
    fn new() -> Self {
        OpState {
            total: OperationData {
                response_time_us: hlog::new_histogram(),
                service_time_us: hlog::new_histogram(),
                sent: 0,
                ok: 0,
                failed: BTreeMap::new(),
            },
            interval_response: hlog::new_histogram(),
            interval_service: hlog::new_histogram(),
        }
    }
}

struct State {
    start: Instant,
    ops: BTreeMap<Operation, OpState>,
    per_second: Vec<SecondCounts>,
    errors: BTreeMap<String, ErrorTally>,
    skipped: u64,
    last_done: Option<Instant>,
    logs: Option<IntervalLogs>,
    log_error: Option<ResultsError>,
    interval_index: u64,
    progress: Arc<Progress>,
    examples_full: FullClasses,
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl State {
    fn new(
        start: Instant,
        operations: &[Operation],
        logs: Option<IntervalLogs>,
        progress: Arc<Progress>,
        examples_full: FullClasses,
    ) -> Self {
        State {
            start,
            ops: operations.iter().map(|op| (*op, OpState::new())).collect(),
            per_second: Vec::new(),
            errors: BTreeMap::new(),
            skipped: 0,
            last_done: None,
            logs,
            log_error: None,
            interval_index: 0,
            progress,
            examples_full,
        }
    }

    fn run(&mut self, rx: &mpsc::Receiver<Msg>) {
        'run: loop {
            let next_tick = self.start + INTERVAL * u32::try_from(self.interval_index + 1).unwrap_or(u32::MAX);
            let now = Instant::now();
            if now >= next_tick {
                // A busy channel never times out, so ticks are checked after every message.
                self.flush_interval(INTERVAL);
                continue;
            }
            loop {
                match rx.try_recv() {
                    Ok(Msg::Sample(sample, detail)) => self.record(sample, detail),
                    Ok(Msg::Finish) | Err(TryRecvError::Disconnected) => break 'run,
                    Err(TryRecvError::Empty) => break,
                }
            }
            // Woken early by `finish` (unpark); a spurious wake only drains sooner.
            std::thread::park_timeout(BATCH.min(next_tick.saturating_duration_since(Instant::now())));
        }
        let offset = INTERVAL * u32::try_from(self.interval_index).unwrap_or(u32::MAX);
        let length = Instant::now().saturating_duration_since(self.start).saturating_sub(offset);
        self.flush_interval(length);
    }

    fn record(&mut self, sample: Sample, detail: Option<String>) {
        if sample.outcome == Outcome::Skipped {
            self.skipped += 1;
            self.progress.skipped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let op = self.ops.entry(sample.operation).or_insert_with(OpState::new);
        let response = micros(sample.done.saturating_duration_since(sample.scheduled));
        let service = micros(sample.done.saturating_duration_since(sample.sent));
        op.total.response_time_us.saturating_record(response);
        op.total.service_time_us.saturating_record(service);
        op.interval_response.saturating_record(response);
        op.interval_service.saturating_record(service);
        op.total.sent += 1;

        let second = sample.done.saturating_duration_since(self.start).as_secs();
        let index = usize::try_from(second).unwrap_or(usize::MAX);
        while self.per_second.len() <= index {
            let next = self.per_second.len() as u64;
            self.per_second.push(SecondCounts { second: next, ..SecondCounts::default() });
        }
        let row = &mut self.per_second[index];
        row.sent += 1;
        self.progress.sent.fetch_add(1, Ordering::Relaxed);
        if sample.outcome.is_ok() {
            op.total.ok += 1;
            row.ok += 1;
            self.progress.ok.fetch_add(1, Ordering::Relaxed);
        } else {
            let class = sample.outcome.class();
            let outcome = sample.outcome;
            *op.total.failed.entry(class.clone()).or_insert(0) += 1;
            *row.failed.entry(class.clone()).or_insert(0) += 1;
            self.progress.failed.fetch_add(1, Ordering::Relaxed);
            let tally = self.errors.entry(class).or_default();
            tally.count += 1;
            let mut now_full = tally.count == MAX_OFFERED;
            if let Some(detail) = detail
                && tally.examples.len() < MAX_EXAMPLES
            {
                let detail: String = detail.chars().take(MAX_EXAMPLE_CHARS).collect();
                if !tally.examples.contains(&detail) {
                    tally.examples.push(detail);
                    now_full |= tally.examples.len() == MAX_EXAMPLES;
                }
            }
            if now_full {
                let mut full = self.examples_full.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                full.insert(outcome);
            }
        }
        self.last_done = Some(self.last_done.map_or(sample.done, |t| t.max(sample.done)));
    }

    fn flush_interval(&mut self, length: Duration) {
        let offset = INTERVAL * u32::try_from(self.interval_index).unwrap_or(u32::MAX);
        self.interval_index += 1;
        for (op, state) in &mut self.ops {
            if state.interval_response.is_empty() {
                continue;
            }
            if let (Some(logs), None) = (self.logs.as_mut(), self.log_error.as_ref())
                && let Err(err) =
                    logs.write_interval(*op, offset, length, &state.interval_response, &state.interval_service)
            {
                self.log_error = Some(err);
            }
            state.interval_response.reset();
            state.interval_service.reset();
        }
    }

    fn into_data(
        self,
        planned_rate_per_sec: Option<f64>,
        interrupted: bool,
    ) -> Result<(RunData, Option<IntervalLogs>), RecorderError> {
        if let Some(err) = self.log_error {
            return Err(RecorderError::Log(err));
        }
        let duration = self.last_done.map_or(Duration::ZERO, |t| t.saturating_duration_since(self.start));
        let data = RunData {
            operations: self.ops.into_iter().map(|(op, s)| (op, s.total)).collect(),
            per_second: self.per_second,
            errors: self.errors,
            planned_rate_per_sec,
            duration,
            skipped: self.skipped,
            interrupted,
        };
        Ok((data, self.logs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::NubefactCode;

    fn sample(op: Operation, start: Instant, outcome: Outcome, latency_us: u64) -> Sample {
        let done = start + Duration::from_micros(latency_us);
        Sample { operation: op, scheduled: start, sent: start, done, outcome }
    }

    #[test]
    fn counts_histograms_and_a_bounded_tally_add_up() {
        let start = Instant::now();
        let recorder = Recorder::spawn(start, &[Operation::GenerarComprobante], None).unwrap();
        let h = recorder.handle();
        for i in 0..20u64 {
            h.record(sample(Operation::GenerarComprobante, start, Outcome::Ok, 100 + i), None);
            let bad = Outcome::Nubefact(NubefactCode::Internal);
            h.record(sample(Operation::ConsultarComprobante, start, bad, 100), Some(format!("message {i}")));
        }
        // Above the 60 s maximum: saturated, still counted.
        h.record(sample(Operation::GenerarComprobante, start, Outcome::Ok, 120_000_000), None);
        h.record(sample(Operation::GenerarComprobante, start, Outcome::Skipped, 0), None);
        let (data, logs) = recorder.finish(Some(10.0), false).unwrap();
        assert!(logs.is_none());
        let generar = &data.operations[&Operation::GenerarComprobante];
        assert_eq!((generar.sent, generar.ok, generar.response_time_us.len()), (21, 21, 21));
        assert_eq!(generar.response_time_us.max(), generar.response_time_us.highest_equivalent(hlog::HIGHEST_US));
        let consultar = &data.operations[&Operation::ConsultarComprobante];
        assert_eq!(consultar.failed["codigo_40"], 20);
        assert_eq!(data.errors["codigo_40"].count, 20);
        assert_eq!(data.errors["codigo_40"].examples.len(), MAX_EXAMPLES);
        assert_eq!(data.skipped, 1);
        let sent: u64 = data.per_second.iter().map(|s| s.sent).sum();
        let ok: u64 = data.per_second.iter().map(|s| s.ok).sum();
        let failed: u64 = data.per_second.iter().flat_map(|s| s.failed.values()).sum();
        assert_eq!((sent, ok, failed), (41, 21, 20));
    }

    #[test]
    fn a_class_stops_wanting_messages_once_it_has_its_examples_or_enough_failures() {
        let start = Instant::now();
        let recorder = Recorder::spawn(start, &[Operation::ConsultarComprobante], None).unwrap();
        let h = recorder.handle();
        let (distinct, repeated, rare) = (
            Outcome::Nubefact(NubefactCode::Internal),
            Outcome::Http(502),
            Outcome::Transport(crate::run::sample::TransportKind::Reset),
        );
        for i in 0..MAX_EXAMPLES {
            h.record(sample(Operation::ConsultarComprobante, start, distinct.clone(), 1), Some(format!("m{i}")));
        }
        for _ in 0..MAX_OFFERED {
            h.record(sample(Operation::ConsultarComprobante, start, repeated.clone(), 1), Some("same".to_owned()));
        }
        h.record(sample(Operation::ConsultarComprobante, start, rare.clone(), 1), Some("once".to_owned()));
        let (data, _) = recorder.finish(None, false).unwrap();
        assert!(!h.wants_example(&distinct), "five distinct examples fill a class");
        assert!(!h.wants_example(&repeated), "a class that repeats one message stops after MAX_OFFERED");
        assert!(h.wants_example(&rare) && h.wants_example(&Outcome::Http(503)));
        assert_eq!(data.errors["http_502"].examples, vec!["same".to_owned()]);
        assert_eq!(data.errors["http_502"].count, MAX_OFFERED);
    }
}
