//! What a run recorded, as plain data (the recorder produces it, the run directory stores
//! it, `report::analyze` reads it).
//!
//! PLACEHOLDER: verbatim copy of the shared contract, owned by the driver helper.

/// A run's recorded data.
pub struct RunData {
    pub operations: std::collections::BTreeMap<crate::api::Operation, OperationData>,
    pub per_second: Vec<SecondCounts>, // index = whole seconds since the run start
    pub errors: std::collections::BTreeMap<String /* Outcome::class() */, ErrorTally>,
    pub planned_rate_per_sec: Option<f64>, // open model only
    pub duration: std::time::Duration,     // measured, start of load to last response
    pub skipped: u64,                      // open-model starts that could not go out
    pub interrupted: bool,                 // stopped by Ctrl-C
}
/// One operation's record.
pub struct OperationData {
    pub response_time_us: hdrhistogram::Histogram<u64>, // from scheduled start (1 µs..60 s, 3 sig digits)
    pub service_time_us: hdrhistogram::Histogram<u64>,  // from actual send
    pub sent: u64,
    pub ok: u64,
    pub failed: std::collections::BTreeMap<String /* class */, u64>,
}
/// Counts of one whole second.
pub struct SecondCounts {
    pub second: u64,
    pub sent: u64,
    pub ok: u64,
    pub failed: std::collections::BTreeMap<String, u64>,
}
/// A bounded tally of one error class.
pub struct ErrorTally {
    pub count: u64,
    pub examples: Vec<String>, /* at most 5, scrubbed of secrets */
}
