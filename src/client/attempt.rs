//! The non-I/O half of one request attempt, shared by both flavours.
//!
//! Owns [`Call`] (the bodies of one call: the caller's payload and, for a `generar_*`, the
//! recovery query of the same key), turning an exchanged answer into a typed result with
//! scrubbed errors, writing the call-log record, and per-call jitter seeds. Must not send,
//! sleep or block: the flavours do that.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::call_log::{Attempt, CallRecord};
use super::retry::Payload;
use super::{ClientConfig, ClientError};
use crate::api::{ApiRequest, DocumentKey, Operation, wire};

/// The bodies and identity of one `send` call.
pub(crate) struct Call {
    pub(crate) operation: Operation,
    pub(crate) key: DocumentKey,
    original: Bytes,
    recovery: Option<(Operation, Bytes)>,
}

impl Call {
    /// Serializes the request once; resends reuse the same bytes.
    pub(crate) fn new<R: ApiRequest + ?Sized>(config: &ClientConfig, request: &R) -> Result<Self, ClientError> {
        let operation = request.operation();
        let key = request.key();
        let original = wire::build(&config.endpoint, request)?.into_body();
        let recovery = operation.recovery_query().map(|q| (q, wire::query_body(q, &key)));
        Ok(Call { operation, key, original, recovery })
    }

    /// The operation and body a payload means.
    pub(crate) fn payload(&self, payload: Payload) -> (Operation, Bytes) {
        match (payload, &self.recovery) {
            (Payload::Query, Some((query, body))) => (*query, body.clone()),
            // A query call resends itself; originals and resends are the same bytes.
            _ => (self.operation, self.original.clone()),
        }
    }
}

/// What an exchange produced, flavour-independent: an answer, or a reqwest error.
pub(crate) type Exchanged = Result<http::Response<Bytes>, reqwest::Error>;

/// Parses the answer of one attempt into `T` (errors scrubbed) and logs the attempt.
pub(crate) fn conclude<T: DeserializeOwned>(
    config: &ClientConfig,
    call: &Call,
    sent: (Operation, Payload, u32),
    request_body: &[u8],
    exchanged: Exchanged,
    duration: Duration,
) -> Result<T, ClientError> {
    let (operation, payload, attempt) = sent;
    let endpoint = &config.endpoint;
    let (status, response_body, result) = match exchanged {
        Ok(response) => {
            let status = response.status().as_u16();
            let result = wire::parse::<T>(status, response.body()).map_err(|e| ClientError::scrubbed_api(endpoint, e));
            (Some(status), Some(response.into_body()), result)
        }
        Err(e) => (None, None, Err(ClientError::from_reqwest(operation.id(), endpoint, e))),
    };
    if let Some(log) = &config.call_log {
        let facts = Attempt { operation, key: &call.key, payload, attempt, duration };
        let bodies = log.wants_bodies().then_some((request_body, response_body.as_deref()));
        log.record(CallRecord::build(endpoint, facts, status, result.as_ref().err(), bodies));
    }
    result
}

/// The `operacion` id a raw body names, for error messages of `execute`; `"request"`
/// when it names none. Only called on the error path.
pub(crate) fn operation_id(body: &[u8]) -> &'static str {
    #[derive(serde::Deserialize)]
    struct Probe {
        operacion: Operation,
    }
    serde_json::from_slice::<Probe>(body).map(|p| p.operacion.id()).unwrap_or("request")
}

/// Per-call jitter seeds: reproducible from the policy's seed, distinct per call.
#[derive(Debug)]
pub(crate) struct Seeds {
    base: u64,
    calls: AtomicU64,
}

impl Seeds {
    pub(crate) fn new(seed: Option<u64>) -> Self {
        Seeds { base: seed.unwrap_or_else(rand::random), calls: AtomicU64::new(0) }
    }

    pub(crate) fn next(&self) -> u64 {
        let n = self.calls.fetch_add(1, Ordering::Relaxed);
        splitmix64(self.base.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
