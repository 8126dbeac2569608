//! [`AnyRequest`]: any of the 14 request types, chosen by the body's `operacion`.
//!
//! Owns reading an arbitrary JSON document (the CLI's `validate FILE.json` and
//! `send FILE.json`) into the right typed request, and serializing it back unchanged in
//! shape. Must not do I/O: callers pass bytes.

use serde::{Deserialize, Serialize, Serializer};

use super::*;
use crate::api::key::DocumentKey;
use crate::api::operation::Operation;
use crate::api::request::ApiRequest;
use crate::api::validate::{self, FieldError, ValidationContext};

/// Any Nubefact request. Serializes as the inner request (which carries `operacion`).
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // A file-level value, built once per CLI call.
pub enum AnyRequest {
    GenerarComprobante(Comprobante),
    ConsultarComprobante(ConsultarComprobante),
    GenerarAnulacion(Anulacion),
    ConsultarAnulacion(ConsultarAnulacion),
    GenerarGuia(Guia),
    ConsultarGuia(ConsultarGuia),
    GenerarPercepcion(Percepcion),
    ConsultarPercepcion(ConsultarPercepcion),
    GenerarReversionPercepcion(ReversionPercepcion),
    ConsultarReversionPercepcion(ConsultarReversionPercepcion),
    GenerarRetencion(Retencion),
    ConsultarRetencion(ConsultarRetencion),
    GenerarReversionRetencion(ReversionRetencion),
    ConsultarReversionRetencion(ConsultarReversionRetencion),
}

/// A JSON document could not be read as a request.
#[derive(Debug, thiserror::Error)]
pub enum AnyRequestError {
    /// The bytes are not a JSON object.
    #[error("request is not a JSON object: {0}")]
    NotJson(#[source] serde_json::Error),
    /// There is no `operacion` field (or it is empty or not a string).
    #[error("field operacion is missing: it must name one of the 14 operations")]
    MissingOperacion,
    /// `operacion` names no known operation.
    #[error("field operacion has unknown value {0:?}")]
    UnknownOperacion(String),
    /// The document does not have the shape of its operation's request.
    #[error("{operation} request does not have the expected shape at {path}: {source}")]
    Shape {
        operation: Operation,
        /// Where the problem is, e.g. `items[0].cantidad` (`.` for the whole document).
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

macro_rules! each_variant {
    ($self:expr, $r:ident => $body:expr) => {
        match $self {
            AnyRequest::GenerarComprobante($r) => $body,
            AnyRequest::ConsultarComprobante($r) => $body,
            AnyRequest::GenerarAnulacion($r) => $body,
            AnyRequest::ConsultarAnulacion($r) => $body,
            AnyRequest::GenerarGuia($r) => $body,
            AnyRequest::ConsultarGuia($r) => $body,
            AnyRequest::GenerarPercepcion($r) => $body,
            AnyRequest::ConsultarPercepcion($r) => $body,
            AnyRequest::GenerarReversionPercepcion($r) => $body,
            AnyRequest::ConsultarReversionPercepcion($r) => $body,
            AnyRequest::GenerarRetencion($r) => $body,
            AnyRequest::ConsultarRetencion($r) => $body,
            AnyRequest::GenerarReversionRetencion($r) => $body,
            AnyRequest::ConsultarReversionRetencion($r) => $body,
        }
    };
}

impl AnyRequest {
    /// Reads a JSON document, dispatching on its `operacion`.
    ///
    /// # Errors
    /// [`AnyRequestError`]: not JSON, `operacion` missing or unknown, or a body that does
    /// not fit the operation's request (e.g. a non-numeric `total`).
    pub fn from_json(bytes: &[u8]) -> Result<Self, AnyRequestError> {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(AnyRequestError::NotJson)?;
        Self::from_value(value)
    }

    /// As [`AnyRequest::from_json`], from an already parsed value.
    ///
    /// # Errors
    /// As [`AnyRequest::from_json`], except `NotJson`.
    pub fn from_value(value: serde_json::Value) -> Result<Self, AnyRequestError> {
        let op = match value.get("operacion").and_then(|v| v.as_str()).map(str::trim) {
            None | Some("") => return Err(AnyRequestError::MissingOperacion),
            Some(text) => text.parse::<Operation>().map_err(|_| AnyRequestError::UnknownOperacion(text.to_owned()))?,
        };
        fn typed<T: serde::de::DeserializeOwned>(op: Operation, v: serde_json::Value) -> Result<T, AnyRequestError> {
            serde_path_to_error::deserialize(v).map_err(|e| AnyRequestError::Shape {
                operation: op,
                path: e.path().to_string(),
                source: e.into_inner(),
            })
        }
        Ok(match op {
            Operation::GenerarComprobante => Self::GenerarComprobante(typed(op, value)?),
            Operation::ConsultarComprobante => Self::ConsultarComprobante(typed(op, value)?),
            Operation::GenerarAnulacion => Self::GenerarAnulacion(typed(op, value)?),
            Operation::ConsultarAnulacion => Self::ConsultarAnulacion(typed(op, value)?),
            Operation::GenerarGuia => Self::GenerarGuia(typed(op, value)?),
            Operation::ConsultarGuia => Self::ConsultarGuia(typed(op, value)?),
            Operation::GenerarPercepcion => Self::GenerarPercepcion(typed(op, value)?),
            Operation::ConsultarPercepcion => Self::ConsultarPercepcion(typed(op, value)?),
            Operation::GenerarReversionPercepcion => Self::GenerarReversionPercepcion(typed(op, value)?),
            Operation::ConsultarReversionPercepcion => Self::ConsultarReversionPercepcion(typed(op, value)?),
            Operation::GenerarRetencion => Self::GenerarRetencion(typed(op, value)?),
            Operation::ConsultarRetencion => Self::ConsultarRetencion(typed(op, value)?),
            Operation::GenerarReversionRetencion => Self::GenerarReversionRetencion(typed(op, value)?),
            Operation::ConsultarReversionRetencion => Self::ConsultarReversionRetencion(typed(op, value)?),
        })
    }

    /// The `operacion` of the inner request.
    pub fn operation(&self) -> Operation {
        each_variant!(self, r => r.operation())
    }

    /// The key of the document the request acts on.
    pub fn key(&self) -> DocumentKey {
        each_variant!(self, r => r.key())
    }

    /// Every problem of the request (empty when it is valid).
    pub fn validate(&self, ctx: &ValidationContext) -> Vec<FieldError> {
        match self {
            AnyRequest::GenerarComprobante(r) => validate::comprobante(r, ctx),
            AnyRequest::GenerarGuia(r) => validate::guia(r, ctx),
            AnyRequest::GenerarPercepcion(r) => validate::percepcion(r, ctx),
            AnyRequest::GenerarRetencion(r) => validate::retencion(r, ctx),
            AnyRequest::GenerarAnulacion(r) => validate::anulacion(r, ctx),
            other => validate::query_key(&other.key()),
        }
    }

    /// The serialized body, exactly as `wire::build` would send it.
    ///
    /// # Errors
    /// Only if serialization fails, which the crate's types do not do.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }
}

impl Serialize for AnyRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        each_variant!(self, r => r.serialize(s))
    }
}

impl<'de> Deserialize<'de> for AnyRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}

macro_rules! from_variant {
    ($($v:ident($t:ty)),+ $(,)?) => {
        $(impl From<$t> for AnyRequest {
            fn from(r: $t) -> Self { AnyRequest::$v(r) }
        })+
    };
}

from_variant!(
    GenerarComprobante(Comprobante),
    ConsultarComprobante(ConsultarComprobante),
    GenerarAnulacion(Anulacion),
    ConsultarAnulacion(ConsultarAnulacion),
    GenerarGuia(Guia),
    ConsultarGuia(ConsultarGuia),
    GenerarPercepcion(Percepcion),
    ConsultarPercepcion(ConsultarPercepcion),
    GenerarReversionPercepcion(ReversionPercepcion),
    ConsultarReversionPercepcion(ConsultarReversionPercepcion),
    GenerarRetencion(Retencion),
    ConsultarRetencion(ConsultarRetencion),
    GenerarReversionRetencion(ReversionRetencion),
    ConsultarReversionRetencion(ConsultarReversionRetencion),
);
