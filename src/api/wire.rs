//! The exact bytes on the wire, both ways (§1, §12).
//!
//! Owns [`build`] (typed request → `http::Request<Bytes>`) and [`parse`] (status + body →
//! typed reply or [`ApiError`]). A Nubefact error is recognised by `errors`/`codigo` in the
//! body **whatever the HTTP status**, because peers report errors sent with 200. Must not do
//! I/O, keep a clock or know about retries.

use std::sync::LazyLock;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use memchr::memmem;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::endpoint::Endpoint;
use super::error::{ApiError, NubefactCode, snippet};
use super::key::DocumentKey;
use super::operation::Operation;
use super::request::ApiRequest;

/// The `Content-Type` every request carries.
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// Serializes `request` and builds the POST to the endpoint's route.
///
/// # Errors
/// [`ApiError::Encode`] if the body cannot be serialized (not expected for the crate's own
/// types).
pub fn build<R: ApiRequest + ?Sized>(endpoint: &Endpoint, request: &R) -> Result<http::Request<Bytes>, ApiError> {
    let body = serde_json::to_vec(request).map_err(ApiError::Encode)?;
    Ok(build_raw(endpoint, Bytes::from(body)))
}

/// Builds the POST for an already serialized JSON body. Drivers that prebuild bodies use
/// this; the body is sent as is.
pub fn build_raw(endpoint: &Endpoint, body: Bytes) -> http::Request<Bytes> {
    let mut request = http::Request::new(body);
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = endpoint.expose_uri().clone();
    let headers = request.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_JSON));
    headers.insert(AUTHORIZATION, endpoint.authorization().clone());
    request
}

/// The body of `query` for the document `key`: `operacion`, `tipo_de_comprobante` (when
/// the key has one), `serie` and `numero`. This is what the retry policy sends to learn
/// whether an uncertain `generar_*` landed.
pub fn query_body(query: Operation, key: &DocumentKey) -> Bytes {
    #[derive(serde::Serialize)]
    struct Query<'a> {
        operacion: Operation,
        #[serde(skip_serializing_if = "Option::is_none")]
        tipo_de_comprobante: Option<super::key::TipoDeComprobante>,
        serie: &'a str,
        numero: u32,
    }
    let q = Query { operacion: query, tipo_de_comprobante: key.tipo, serie: &key.serie, numero: key.numero };
    // Serializing this struct of strings and integers cannot fail.
    Bytes::from(serde_json::to_vec(&q).unwrap_or_default())
}

/// Parses an answer into the reply type `T`, or the error it carries.
///
/// # Errors
/// - [`ApiError::Nubefact`] when the body has `errors` or `codigo`, whatever the status;
/// - [`ApiError::NotJson`] when the body is not JSON (with a bounded snippet);
/// - [`ApiError::UnexpectedStatus`] for a non-2xx JSON body without `errors`/`codigo`;
/// - [`ApiError::Decode`] for a 2xx body that is not a `T`.
pub fn parse<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ApiError> {
    // A cheap scan first: replies never carry these exact keys, and deserializing straight
    // into `T` avoids building a `serde_json::Value` on the hot path.
    if (contains(&ERRORS_KEY, body) || contains(&CODIGO_KEY, body))
        && let Ok(err) = serde_json::from_slice::<ErrorBody>(body)
        && (err.errors.is_some() || err.codigo.is_some())
    {
        return Err(err.into_error(status));
    }
    let is_success = (200..300).contains(&status);
    match serde_json::from_slice::<T>(body) {
        Ok(reply) if is_success => Ok(reply),
        Ok(_) => Err(ApiError::UnexpectedStatus { status, snippet: snippet(body) }),
        Err(source) => {
            if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
                Err(ApiError::NotJson { status, snippet: snippet(body) })
            } else if is_success {
                Err(ApiError::Decode { status, source })
            } else {
                Err(ApiError::UnexpectedStatus { status, snippet: snippet(body) })
            }
        }
    }
}

/// The searchers of the error scan, built once: building a `Finder` per call cost more
/// than the search itself.
static ERRORS_KEY: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\"errors\""));
static CODIGO_KEY: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\"codigo\""));

fn contains(needle: &memmem::Finder<'static>, haystack: &[u8]) -> bool {
    // memchr's SIMD search: the naive `windows().any()` scan cost ~5 µs per KiB, more
    // than decoding the reply itself.
    needle.find(haystack).is_some()
}

/// The error shape, read leniently: `errors` as a string, a list or anything else, and
/// `codigo` as an integer or a numeric string.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Option<serde_json::Value>,
    #[serde(default)]
    codigo: Option<serde_json::Value>,
}

impl ErrorBody {
    fn into_error(self, status: u16) -> ApiError {
        let message = match self.errors {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))
                .collect::<Vec<_>>()
                .join("; "),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let number = match &self.codigo {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        // A body with `errors` but no usable `codigo` is still an error; 0 marks "none given".
        let code = NubefactCode::from_u16(number.and_then(|n| u16::try_from(n).ok()).unwrap_or(0));
        ApiError::Nubefact { status, code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::SNIPPET_CHARS;
    use crate::api::key::TipoDeComprobante;

    #[derive(Debug, Deserialize)]
    struct Echo {
        numero: u32,
    }

    #[test]
    fn an_error_body_is_an_error_even_with_status_200() {
        let err = parse::<Echo>(200, br#"{"errors":"Este documento ya existe","codigo":23}"#).unwrap_err();
        assert_eq!(err.code(), Some(NubefactCode::Duplicate));
        assert_eq!(err.status(), Some(200));
    }

    #[test]
    fn codigo_as_string_and_errors_as_list_are_read() {
        let err = parse::<Echo>(400, br#"{"errors":["a","b"],"codigo":"21"}"#).unwrap_err();
        match err {
            ApiError::Nubefact { code, message, .. } => {
                assert_eq!(code, NubefactCode::Rejected);
                assert_eq!(message, "a; b");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_is_not_json_with_status_and_bounded_snippet() {
        let page = format!("<html><body>{}</body></html>", "Bad Gateway ".repeat(100));
        match parse::<Echo>(502, page.as_bytes()).unwrap_err() {
            ApiError::NotJson { status, snippet } => {
                assert_eq!(status, 502);
                assert!(snippet.starts_with("<html>"));
                assert!(snippet.chars().count() <= SNIPPET_CHARS + 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reply_parses_and_a_non_2xx_reply_without_codigo_is_unexpected() {
        assert_eq!(parse::<Echo>(200, br#"{"numero":4,"codigo_hash":"x"}"#).unwrap().numero, 4);
        assert!(matches!(parse::<Echo>(503, br#"{"numero":4}"#), Err(ApiError::UnexpectedStatus { status: 503, .. })));
    }

    #[test]
    fn build_sets_method_route_and_headers_and_query_body_has_the_key() {
        let ep = Endpoint::new("http://127.0.0.1:1/api/v1/abc", "tok").unwrap();
        let req = build_raw(
            &ep,
            query_body(
                Operation::ConsultarComprobante,
                &DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 7),
            ),
        );
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(req.uri().to_string(), "http://127.0.0.1:1/api/v1/abc");
        assert_eq!(req.headers()[AUTHORIZATION], "Token token=\"tok\"");
        assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
        let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":7})
        );
    }
}
