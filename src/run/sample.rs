//! One request's record, as sent by a driver over ONE channel to ONE recorder.
//!
//! Owns [`Sample`], [`Outcome`] (the class of what happened) and [`classify`], which turns
//! a status plus body into an [`Outcome`] with the core's own parser. Must not keep a
//! clock or do I/O: the instants are taken by the drivers.

use std::time::Instant;

use crate::api::{ApiError, NubefactCode, Operation};

/// One request's record: what was sent, when it should have started, when it actually
/// went out and when its answer (or failure) was complete.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The operation the request carried.
    pub operation: Operation,
    /// When it should have started (open model); equal to `sent` in the closed model.
    pub scheduled: Instant,
    /// The actual send.
    pub sent: Instant,
    /// Full body received, or the failure was known.
    pub done: Instant,
    /// What happened.
    pub outcome: Outcome,
}

/// What a request's answer says, as a class that can be counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// A 2xx reply without `errors`/`codigo`.
    Ok,
    /// A Nubefact error body (any HTTP status).
    Nubefact(NubefactCode),
    /// A non-2xx without `errors`/`codigo`, or a non-JSON body.
    Http(u16),
    /// The exchange failed below HTTP.
    Transport(TransportKind),
    /// An open-model start that could not go out on time (never silent).
    Skipped,
}

/// How a transport failure happened: the client's own classification, so a run and the
/// call log name failures alike.
pub use crate::client::TransportKind;

impl Outcome {
    /// `true` only for [`Outcome::Ok`].
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok)
    }

    /// The stable class name, used as the key of error tallies and CSV columns:
    /// `"ok"`, `"codigo_23"`, `"http_502"`, `"transport_timeout"`, `"skipped"`.
    ///
    /// ```
    /// use nubefact_harness::api::NubefactCode;
    /// use nubefact_harness::run::sample::{Outcome, TransportKind};
    /// assert_eq!(Outcome::Nubefact(NubefactCode::Duplicate).class(), "codigo_23");
    /// assert_eq!(Outcome::Http(502).class(), "http_502");
    /// assert_eq!(Outcome::Transport(TransportKind::Timeout).class(), "transport_timeout");
    /// ```
    pub fn class(&self) -> String {
        match self {
            Outcome::Ok => "ok".to_owned(),
            Outcome::Nubefact(code) => format!("codigo_{}", code.as_u16()),
            Outcome::Http(status) => format!("http_{status}"),
            Outcome::Transport(kind) => format!("transport_{}", kind.id()),
            Outcome::Skipped => "skipped".to_owned(),
        }
    }
}

/// Classifies an answer with the core's parser: a Nubefact error whatever the status,
/// otherwise `Ok` for a 2xx JSON body, otherwise `Http(status)`.
///
/// ```
/// use nubefact_harness::run::sample::{classify, Outcome};
/// assert_eq!(classify(200, br#"{"numero":1}"#), Outcome::Ok);
/// assert_eq!(classify(200, br#"{"errors":"x","codigo":23}"#).class(), "codigo_23");
/// assert_eq!(classify(502, b"<html>"), Outcome::Http(502));
/// ```
pub fn classify(status: u16, body: &[u8]) -> Outcome {
    match crate::api::wire::parse::<serde::de::IgnoredAny>(status, body) {
        Ok(_) => Outcome::Ok,
        Err(ApiError::Nubefact { code, .. }) => Outcome::Nubefact(code),
        Err(err) => Outcome::Http(err.status().unwrap_or(status)),
    }
}

/// Like [`classify`], plus the error's message for the error tally (`None` when ok). The
/// message may echo the body; callers scrub it with `Endpoint::scrub` before recording.
pub fn classify_with_detail(status: u16, body: &[u8]) -> (Outcome, Option<String>) {
    match crate::api::wire::parse::<serde::de::IgnoredAny>(status, body) {
        Ok(_) => (Outcome::Ok, None),
        Err(err) => {
            let outcome = match &err {
                ApiError::Nubefact { code, .. } => Outcome::Nubefact(*code),
                other => Outcome::Http(other.status().unwrap_or(status)),
            };
            (outcome, Some(err.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_stable_names() {
        assert_eq!(Outcome::Ok.class(), "ok");
        assert_eq!(Outcome::Skipped.class(), "skipped");
        assert_eq!(Outcome::Nubefact(NubefactCode::Unknown(99)).class(), "codigo_99");
        assert_eq!(Outcome::Transport(TransportKind::Reset).class(), "transport_reset");
    }

    #[test]
    fn an_error_sent_with_200_is_a_nubefact_outcome_with_its_message() {
        let (outcome, detail) = classify_with_detail(200, br#"{"errors":"ya existe","codigo":23}"#);
        assert_eq!(outcome, Outcome::Nubefact(NubefactCode::Duplicate));
        assert!(detail.unwrap_or_default().contains("ya existe"));
    }

    #[test]
    fn a_non_2xx_json_without_codigo_is_http_and_a_2xx_json_is_ok() {
        assert_eq!(classify(503, br#"{"a":1}"#), Outcome::Http(503));
        assert_eq!(classify(201, br#"{"a":1}"#), Outcome::Ok);
        assert_eq!(classify_with_detail(200, b"{}").1, None);
    }
}
