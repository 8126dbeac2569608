//! THE RUN DIRECTORY: the data contract, read and written only here.
//!
//! Owns [`data::RunData`]. Must not keep clocks or drive load.

pub mod data;

pub use data::{ErrorTally, OperationData, RunData, SecondCounts};
