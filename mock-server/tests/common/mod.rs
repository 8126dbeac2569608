//! Shared test helpers: fixtures (wire JSON), today's date, and engine calls.
#![allow(dead_code)]

use nubefact_mock::config::{DEFAULT_ROUTE, DEFAULT_TOKEN};
use nubefact_mock::engine::{Engine, Reply, Request};
use serde_json::Value;

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

pub fn date_str(d: time::Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), d.month() as u8, d.year())
}

/// Sets every date field the validation windows look at to `today`.
pub fn dated(mut v: Value, today: time::Date) -> Value {
    let s = date_str(today);
    for k in ["fecha_de_emision", "fecha_de_inicio_de_traslado"] {
        if v.get(k).is_some() {
            v[k] = Value::String(s.clone());
        }
    }
    v
}

/// A fixture dated today for `engine`.
pub fn today_fixture(engine: &Engine, name: &str) -> Value {
    dated(fixture(name), engine.today())
}

pub fn post_raw(engine: &Engine, route: &str, auth: Option<&str>, ct: Option<&str>, body: &[u8]) -> Reply {
    engine.handle(&Request {
        method: "POST",
        path: &format!("/api/v1/{route}"),
        content_type: ct.map(str::as_bytes),
        authorization: auth.map(str::as_bytes),
        body,
    })
}

pub fn auth() -> String {
    format!("Token token=\"{DEFAULT_TOKEN}\"")
}

pub fn post(engine: &Engine, body: &Value) -> Reply {
    post_raw(engine, DEFAULT_ROUTE, Some(&auth()), Some("application/json"), body.to_string().as_bytes())
}

pub fn body(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.body).unwrap_or(Value::Null)
}

/// Asserts an error reply: status, codigo, exactly two keys, and a message containing `needle`.
pub fn assert_error(reply: &Reply, status: u16, codigo: u64, needle: &str) {
    let b = body(reply);
    assert_eq!(reply.status, status, "status for {b}");
    assert_eq!(b["codigo"].as_u64(), Some(codigo), "codigo in {b}");
    assert_eq!(b.as_object().map(|o| o.len()), Some(2), "exactly errors+codigo in {b}");
    let msg = b["errors"].as_str().unwrap_or_default();
    assert!(msg.contains(needle), "message {msg:?} should name {needle:?}");
}

pub fn query(op: &str, tipo: Option<u8>, serie: &str, numero: u32) -> Value {
    let mut v = serde_json::json!({ "operacion": op, "serie": serie, "numero": numero });
    if let Some(t) = tipo {
        v["tipo_de_comprobante"] = t.into();
    }
    v
}
