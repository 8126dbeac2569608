//! One step's exchange turned into a [`Sample`] and a [`StepResult`], shared by every
//! driver (async, blocking, goose) so they classify and record identically.
//!
//! Owns the mapping "answer or transport error → outcome, detail, result". Must not
//! send anything itself or read a clock: the instants are passed in.

use std::time::Instant;

use bytes::Bytes;

use super::flow::StepResult;
use super::recorder::RecorderHandle;
use super::sample::{Outcome, Sample, classify, classify_with_detail};
use super::transport::TransportError;
use crate::api::{Endpoint, Operation};

/// The instants of one exchange.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// When it should have started.
    pub scheduled: Instant,
    /// When it was sent.
    pub sent: Instant,
    /// When the full answer (or the failure) was known.
    pub done: Instant,
}

/// Classifies `answer`, records the sample (with a scrubbed example message on failure)
/// and returns what the flow sees next.
pub fn record_exchange(
    recorder: &RecorderHandle,
    endpoint: &Endpoint,
    operation: Operation,
    timing: Timing,
    answer: Result<http::Response<Bytes>, TransportError>,
) -> StepResult {
    let (outcome, status, body, detail) = match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.into_body();
            let outcome = classify(status, &body);
            // The message is formatted only while the recorder still keeps examples of it.
            let detail = (!outcome.is_ok() && recorder.wants_example(&outcome))
                .then(|| classify_with_detail(status, &body).1)
                .flatten();
            (outcome, Some(status), body, detail)
        }
        Err(err) => {
            let outcome = Outcome::Transport(err.kind);
            let detail = recorder.wants_example(&outcome).then(|| err.to_string());
            (outcome, None, Bytes::new(), detail)
        }
    };
    let detail = detail.map(|d| endpoint.scrub(&d));
    let sample = Sample { operation, scheduled: timing.scheduled, sent: timing.sent, done: timing.done, outcome };
    let result = StepResult { operation, outcome: sample.outcome.clone(), status, body };
    recorder.record(sample, detail);
    result
}

/// Records an open-model start that could not go out at `scheduled`.
pub fn record_skipped(recorder: &RecorderHandle, operation: Operation, scheduled: Instant) {
    let sample = Sample { operation, scheduled, sent: scheduled, done: scheduled, outcome: Outcome::Skipped };
    recorder.record(sample, None);
}

/// The most steps one flow may take; a flow that never ends is cut here (flows must be
/// bounded themselves, this is the backstop).
pub const MAX_STEPS_PER_FLOW: usize = 10_000;
