//! Scripted flows: a flow is a short list of phases, each one request sent once or polled
//! until SUNAT has accepted the document. A sans-IO state machine over [`Flow`].
//!
//! Owns the stop rules of a flow: it ends after its last phase, after `max_polls`, or at
//! the first step that did not succeed (the later steps would only fail because of it and
//! inflate the error counts with echoes). Must not do I/O or read a clock: a poll's pause
//! is returned as [`Step::after`] and the driver waits.

use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

use crate::api::Operation;
use crate::run::{Flow, Step, StepResult};

/// One request of a script: sent once, or repeated until accepted.
#[derive(Debug, Clone)]
pub struct Phase {
    operation: Operation,
    body: Bytes,
    poll: Option<Poll>,
}

#[derive(Debug, Clone, Copy)]
struct Poll {
    max_polls: u32,
    interval: Duration,
}

impl Phase {
    /// A request sent once. `body` is serialized now, once per flow.
    pub fn once<R: Serialize>(operation: Operation, body: &R) -> Self {
        Phase { operation, body: to_bytes(body), poll: None }
    }

    /// A query repeated every `interval` until its reply says `aceptada_por_sunat: true`,
    /// at most `max_polls` times (at least once).
    pub fn poll<R: Serialize>(operation: Operation, body: &R, max_polls: u32, interval: Duration) -> Self {
        Phase { operation, body: to_bytes(body), poll: Some(Poll { max_polls: max_polls.max(1), interval }) }
    }
}

fn to_bytes<R: Serialize>(body: &R) -> Bytes {
    // The crate's request types serialize infallibly; an empty body would be answered 20
    // by the server and show up in the error tally, never pass silently.
    Bytes::from(serde_json::to_vec(body).unwrap_or_default())
}

/// A flow that runs its phases in order.
#[derive(Debug)]
pub struct Script {
    phases: std::vec::IntoIter<Phase>,
    current: Option<Phase>,
    polls_done: u32,
}

impl Script {
    /// A flow of `phases`; an empty list is a flow that sends nothing.
    pub fn new(phases: Vec<Phase>) -> Self {
        Script { phases: phases.into_iter(), current: None, polls_done: 0 }
    }

    fn start_next_phase(&mut self) -> Option<Step> {
        let phase = self.phases.next()?;
        let after = phase.poll.map(|p| p.interval).unwrap_or_default();
        self.polls_done = 1;
        let step = Step { operation: phase.operation, body: phase.body.clone(), after };
        self.current = Some(phase);
        Some(step)
    }
}

impl Flow for Script {
    fn next(&mut self, previous: Option<&StepResult>) -> Option<Step> {
        if let Some(previous) = previous {
            if !previous.outcome.is_ok() {
                return None;
            }
            if let Some(phase) = &self.current
                && let Some(poll) = phase.poll
                && !accepted(&previous.body)
                && self.polls_done < poll.max_polls
            {
                self.polls_done += 1;
                return Some(Step { operation: phase.operation, body: phase.body.clone(), after: poll.interval });
            }
        }
        self.start_next_phase()
    }
}

/// `true` when a reply says `aceptada_por_sunat` is true (as a boolean or a string).
fn accepted(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Status {
        #[serde(default)]
        aceptada_por_sunat: Option<serde_json::Value>,
    }
    match serde_json::from_slice::<Status>(body).ok().and_then(|s| s.aceptada_por_sunat) {
        Some(serde_json::Value::Bool(b)) => b,
        Some(serde_json::Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Outcome;

    fn result(operation: Operation, outcome: Outcome, body: &str) -> StepResult {
        StepResult { operation, outcome, status: Some(200), body: Bytes::from(body.to_owned()) }
    }

    fn body() -> serde_json::Value {
        serde_json::json!({"operacion": "x"})
    }

    #[test]
    fn a_poll_repeats_until_accepted_then_moves_on() {
        let mut flow = Script::new(vec![
            Phase::once(Operation::GenerarComprobante, &body()),
            Phase::poll(Operation::ConsultarComprobante, &body(), 5, Duration::from_millis(7)),
            Phase::once(Operation::GenerarAnulacion, &body()),
        ]);
        let first = flow.next(None).unwrap();
        assert_eq!((first.operation, first.after), (Operation::GenerarComprobante, Duration::ZERO));
        let ok = result(Operation::GenerarComprobante, Outcome::Ok, "{}");
        let poll = flow.next(Some(&ok)).unwrap();
        assert_eq!((poll.operation, poll.after), (Operation::ConsultarComprobante, Duration::from_millis(7)));
        let pending = result(Operation::ConsultarComprobante, Outcome::Ok, r#"{"aceptada_por_sunat":false}"#);
        assert_eq!(flow.next(Some(&pending)).unwrap().operation, Operation::ConsultarComprobante);
        let done = result(Operation::ConsultarComprobante, Outcome::Ok, r#"{"aceptada_por_sunat":"true"}"#);
        assert_eq!(flow.next(Some(&done)).unwrap().operation, Operation::GenerarAnulacion);
        assert!(flow.next(Some(&ok)).is_none());
    }

    #[test]
    fn a_poll_stops_after_max_polls_even_if_never_accepted() {
        let mut flow = Script::new(vec![Phase::poll(Operation::ConsultarGuia, &body(), 3, Duration::ZERO)]);
        let pending = result(Operation::ConsultarGuia, Outcome::Ok, r#"{"aceptada_por_sunat":false}"#);
        let mut sent = 0;
        let mut previous = None;
        while let Some(_step) = flow.next(previous.as_ref()) {
            sent += 1;
            previous = Some(pending.clone());
            assert!(sent <= 3);
        }
        assert_eq!(sent, 3);
    }

    #[test]
    fn a_failed_step_ends_the_flow() {
        let mut flow = Script::new(vec![
            Phase::once(Operation::GenerarComprobante, &body()),
            Phase::once(Operation::ConsultarComprobante, &body()),
        ]);
        flow.next(None).unwrap();
        let failed = result(Operation::GenerarComprobante, Outcome::Http(500), "");
        assert!(flow.next(Some(&failed)).is_none());
    }
}
