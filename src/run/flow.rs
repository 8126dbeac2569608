//! Workloads and flows: what the drivers send, as sans-IO state machines.
//!
//! A [`Workload`] is a factory of [`Flow`]s; a flow yields one [`Step`] (one request) at a
//! time and sees each step's [`StepResult`] before choosing the next. Drivers schedule the
//! FIRST step of a flow at its arrival; later steps go out when the previous one finished
//! (a flow is sequential, like a user issuing then polling), after the step's
//! [`Step::after`] pause. Must not do I/O or read a
//! clock.

use bytes::Bytes;

use super::sample::Outcome;
use crate::api::Operation;

/// One request of a flow: the operation and its serialized JSON body.
#[derive(Debug, Clone)]
pub struct Step {
    /// The operation the body carries (names the request everywhere).
    pub operation: Operation,
    /// The serialized JSON body, sent as is.
    pub body: Bytes,
    /// How long the driver waits, after the previous step finished, before sending this
    /// one (a poll interval; zero for most steps). It is think time, not latency: the
    /// step's scheduled start is the end of the wait.
    pub after: std::time::Duration,
}

/// What a step's request produced, handed back to the flow.
#[derive(Debug, Clone)]
pub struct StepResult {
    /// The operation of the step.
    pub operation: Operation,
    /// The classified outcome.
    pub outcome: Outcome,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The answer body (empty on transport failures).
    pub body: Bytes,
}

/// A sequence of requests that depend on each other (issue, then poll).
pub trait Flow: Send {
    /// The next request of this flow given the previous step's result (None on the first call);
    /// None when the flow is finished. Must be bounded (e.g. polling stops after N tries).
    fn next(&mut self, previous: Option<&StepResult>) -> Option<Step>;
}

/// A factory of flows, shared by every worker of a run.
pub trait Workload: Send + Sync + 'static {
    /// A new flow for `user` (0-based worker/user index) and its `iteration` (0-based).
    fn start(&self, user: u32, iteration: u64) -> Box<dyn Flow>;
    /// The operations this workload may emit (for pre-creating histograms/columns).
    fn operations(&self) -> Vec<Operation>;
}
