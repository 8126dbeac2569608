//! A workload of one-step flows that all send the same prebuilt body.
//!
//! For benchmarks and tests: it measures the driver, not the document generator. Must not
//! be used for conformance (every request is the same document).

use bytes::Bytes;

use super::flow::{Flow, Step, StepResult, Workload};
use crate::api::Operation;

/// Every flow is one request of `operation` with `body`.
#[derive(Debug, Clone)]
pub struct FixedWorkload {
    /// The operation of every request.
    pub operation: Operation,
    /// The JSON body of every request.
    pub body: Bytes,
}

struct Once(Option<Step>);

impl Flow for Once {
    fn next(&mut self, _previous: Option<&StepResult>) -> Option<Step> {
        self.0.take()
    }
}

impl Workload for FixedWorkload {
    fn start(&self, _user: u32, _iteration: u64) -> Box<dyn Flow> {
        Box::new(Once(Some(Step {
            operation: self.operation,
            body: self.body.clone(),
            after: std::time::Duration::ZERO,
        })))
    }

    fn operations(&self) -> Vec<Operation> {
        vec![self.operation]
    }
}
