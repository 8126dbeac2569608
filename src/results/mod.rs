//! THE RUN DIRECTORY: the data contract, read and written only here.
//!
//! A run directory (`reports/runs/<UTC timestamp>-<scenario>/` or a given one) holds
//! `manifest.json`, `response_time.hlog`, `service_time.hlog`, `counts.csv`,
//! `errors.json`, `totals.json` and `goose/`. Everything is written atomically; the
//! manifest is written last, so a directory with a manifest is complete. Owns
//! [`data::RunData`] and its storage. Must not keep clocks or drive load.

pub mod data;
pub mod dir;
pub mod error;
pub mod files;
pub mod hlog;
pub mod manifest;

pub use data::{ErrorTally, OperationData, RunData, SecondCounts};
pub use dir::{IntervalLogs, LoadedRun, RunDir, load};
pub use error::ResultsError;
pub use manifest::{FakeInfo, HdrSettings, Machine, Manifest, RUN_FORMAT_VERSION, ScenarioInfo, scenario_hash};
