//! nubefact-harness: a load-testing and conformance harness for the Nubefact
//! electronic-invoicing API (Peru, SUNAT).
//!
//! - [`api`]: the sans-IO core (operations, typed documents, totals, validation, wire).
//! - [`run`]: the drivers (async pacing loop, blocking, goose) and the one recorder; the
//!   only code with clocks and concurrency.
//! - [`results`]: the run directory (manifest, `.hlog` interval logs, counts, errors),
//!   read and written only there.
#![forbid(unsafe_code)]

pub mod api;
pub mod results;
pub mod run;
