//! Reports: PURE functions of a run's recorded data.
//!
//! Owns [`analyze`] (data + criteria → [`Summary`] with a [`Verdict`]) and the renderers
//! ([`render_table`], [`render_markdown`], [`render_json`]). Must not read clocks, files or
//! the environment: everything comes in as arguments, so a report can be rendered again
//! later from a run directory and gives the same bytes.

mod criteria;
mod json;
mod markdown;
mod summary;
mod table;

pub use criteria::{OperationThresholds, Thresholds, Validity};
pub use json::{SCHEMA_VERSION, render_json};
pub use markdown::render_markdown;
pub use summary::{ErrorSummary, Latency, OperationSummary, Summary, Verdict, analyze};
pub use table::render_table;
