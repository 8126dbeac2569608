//! nubefact-harness: a load-testing and conformance harness for the Nubefact
//! electronic-invoicing API (Peru, SUNAT).
//!
//! - [`api`]: the sans-IO core (operations, typed documents, totals, validation, wire).
//! - [`client`]: the async and blocking clients over the core (retry, call log, config).
//! - [`scenario`]: scenario files → a validated [`scenario::Scenario`].
//! - [`run`]: the drivers (async pacing loop, blocking, goose) and the one recorder; the
//!   only code with clocks and concurrency.
//! - [`results`]: the run directory (manifest, `.hlog` interval logs, counts, errors),
//!   read and written only there.
//! - [`report`]: pure functions of a run's data → summary, verdict, table, Markdown, JSON.
#![forbid(unsafe_code)]

pub mod api;
pub mod cli;
pub mod client;
pub mod report;
pub mod results;
pub mod run;
pub mod scenario;
pub mod workload;

// The README's Rust blocks are compiled and run as doctests, so its library example stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
