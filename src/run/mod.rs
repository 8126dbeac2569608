//! Drivers: THE ONLY PLACE WITH CLOCKS AND CONCURRENCY.
//!
//! Owns the samples and flows contract ([`sample`], [`flow`]). Must not write files (that
//! is [`crate::results`]) or render reports.

pub mod flow;
pub mod recorder;
pub mod sample;
pub mod transport;

pub use flow::{Flow, Step, StepResult, Workload};
pub use recorder::{Recorder, RecorderError, RecorderHandle};
pub use sample::{Outcome, Sample, TransportKind, classify};
pub use transport::{BlockingTransport, ReqwestBlockingTransport, ReqwestTransport, Transport, TransportError};
