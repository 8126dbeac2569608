//! What a run recorded, as plain data.
//!
//! The recorder produces [`RunData`], the run directory stores it and `report::analyze`
//! reads it. Must not do I/O or read a clock.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

use crate::api::Operation;

/// Everything a run recorded.
#[derive(Debug, Clone)]
pub struct RunData {
    /// Per operation: histograms and counts.
    pub operations: BTreeMap<Operation, OperationData>,
    /// Index = whole seconds since the run start.
    pub per_second: Vec<SecondCounts>,
    /// Key = `Outcome::class()` of failures.
    pub errors: BTreeMap<String, ErrorTally>,
    /// The planned arrival rate, open model only.
    pub planned_rate_per_sec: Option<f64>,
    /// Measured, start of load to last response.
    pub duration: Duration,
    /// Open-model starts that could not go out.
    pub skipped: u64,
    /// Stopped by Ctrl-C (the cancellation token).
    pub interrupted: bool,
}

/// One operation's record.
#[derive(Debug, Clone)]
pub struct OperationData {
    /// From the scheduled start, µs (1 µs..60 s, 3 significant digits).
    pub response_time_us: Histogram<u64>,
    /// From the actual send, µs (same bounds).
    pub service_time_us: Histogram<u64>,
    /// Requests sent.
    pub sent: u64,
    /// Requests answered [`crate::run::Outcome::Ok`].
    pub ok: u64,
    /// Failed requests per class.
    pub failed: BTreeMap<String, u64>,
}

/// The counts of one whole second of the run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecondCounts {
    /// Whole seconds since the run start.
    pub second: u64,
    /// Requests sent (counted at completion, in the second of their send).
    pub sent: u64,
    /// Requests answered ok.
    pub ok: u64,
    /// Failed requests per class.
    pub failed: BTreeMap<String, u64>,
}

/// A bounded tally of one error class.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorTally {
    /// How many failures had this class.
    pub count: u64,
    /// At most 5, scrubbed of secrets.
    pub examples: Vec<String>,
}
