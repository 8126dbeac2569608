//! nubefact-harness: a load-testing and conformance harness for the Nubefact
//! electronic-invoicing API (Peru, SUNAT).
//!
//! - [`api`]: the sans-IO core (operations, typed documents, totals, validation, wire).
//! - [`client`]: the async and blocking clients over the core (retry, call log, config).
#![forbid(unsafe_code)]

pub mod api;
pub mod client;
