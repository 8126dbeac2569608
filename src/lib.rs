//! nubefact-harness: a load-testing and conformance harness for the Nubefact
//! electronic-invoicing API (Peru, SUNAT).
//!
//! - [`api`]: the sans-IO core (operations, typed documents, totals, validation, wire).
#![forbid(unsafe_code)]

pub mod api;
pub mod results;
pub mod run;
