//! Drivers: THE ONLY PLACE WITH CLOCKS AND CONCURRENCY.
//!
//! Owns the samples and flows contract ([`sample`], [`flow`]). Must not write files (that
//! is [`crate::results`]) or render reports.

pub mod flow;
pub mod sample;

pub use flow::{Flow, Step, StepResult, Workload};
pub use sample::{Outcome, Sample, TransportKind, classify};
