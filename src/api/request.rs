//! The contract between typed documents and the wire: [`ApiRequest`].
//!
//! Every typed request (a factura, a query, a reversión…) implements it, so that one wire
//! builder, one retry policy and one call log serve all 14 operations. Must not do I/O.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::key::DocumentKey;
use super::operation::Operation;

/// A typed Nubefact request body.
///
/// The serialized form must include `operacion`; [`ApiRequest::operation`] must agree with
/// it. `Reply` is what both this operation and its [`Operation::recovery_query`] answer.
pub trait ApiRequest: Serialize {
    /// The typed reply, parsed leniently.
    type Reply: DeserializeOwned + std::fmt::Debug + Send + 'static;

    /// The `operacion` this body carries.
    fn operation(&self) -> Operation;

    /// The identity of the document the request creates, reads or voids.
    fn key(&self) -> DocumentKey;
}
