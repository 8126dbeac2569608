//! What a run is judged against: thresholds (a breach exits 1) and validity bounds (a run
//! outside them is INVALID and exits 3).
//!
//! Owns [`Thresholds`], [`OperationThresholds`] and [`Validity`] as plain data. Scenarios
//! fill them (`scenario::Scenario::thresholds`); [`super::analyze`] applies them. Must not
//! read files or clocks.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::api::Operation;

/// Latency limits for one operation, on the response time (from the scheduled start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OperationThresholds {
    /// p95 must be ≤ this.
    pub p95: Option<Duration>,
    /// p99 must be ≤ this.
    pub p99: Option<Duration>,
    /// The maximum must be ≤ this.
    pub max: Option<Duration>,
}

/// The limits whose breach makes the verdict `ThresholdFailed` (exit 1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Thresholds {
    /// Per-operation latency limits.
    pub operations: BTreeMap<Operation, OperationThresholds>,
    /// Failed / sent over all operations must be ≤ this (0..=1).
    pub max_error_rate: Option<f64>,
    /// Successful responses per second over the run must be ≥ this.
    pub min_throughput_per_sec: Option<f64>,
}

/// The bounds outside which a run's figures mean nothing (exit 3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Validity {
    /// ok / (sent + skipped) must be ≥ this (default 0.99).
    pub min_success_ratio: f64,
    /// The open model may fall at most this far behind its planned rate (default 0.10).
    pub max_behind_ratio: f64,
}

impl Default for Validity {
    fn default() -> Self {
        Validity { min_success_ratio: 0.99, max_behind_ratio: 0.10 }
    }
}
