//! The run directory: the data contract, read and written only here.
//!
//! PLACEHOLDER in the `run` branch: `data.rs` is a verbatim copy of the shared contract so
//! `report` compiles; the driver helper's version wins at merge.

pub mod data;
