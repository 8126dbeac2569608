//! HTTP fronts over the one engine: wiremock (default) and hyper.
//!
//! Owns: moving bytes between a socket and [`crate::engine::Engine::handle`], carrying out
//! delays and connection cuts.
//! Must not: decide anything about Nubefact semantics.

pub(crate) mod hyper;
pub(crate) mod wiremock;
