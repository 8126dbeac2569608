//! The fake never panics: every field of every fixture replaced by hostile values still gets a
//! well-formed answer (a document reply or exactly `{"errors", "codigo"}`).
mod common;

use common::*;
use nubefact_mock::config::MockConfig;
use nubefact_mock::engine::Engine;
use serde_json::{Value, json};

fn hostile() -> Vec<Value> {
    vec![
        Value::Null,
        json!(""),
        json!("x"),
        json!(-1),
        json!(0),
        json!(1e300),
        json!(18446744073709551615u64),
        json!(true),
        json!([]),
        json!({}),
        json!("9".repeat(300)),
        json!("ñ\u{0}\u{202e}"),
        json!("1e99999"),
        json!(-0.000000001),
    ]
}

fn assert_well_formed(reply: &nubefact_mock::engine::Reply, what: &str) {
    let b = body(reply);
    if reply.status == 200 {
        assert!(b.get("errors").is_none(), "{what}: {b}");
    } else {
        assert!(b["codigo"].is_u64() && b["errors"].is_string(), "{what}: {b}");
        assert_eq!(b.as_object().map(|o| o.len()), Some(2), "{what}: {b}");
    }
}

#[test]
fn hostile_values_in_every_field_of_every_fixture_get_a_well_formed_answer() {
    let e = Engine::new(&MockConfig::default());
    let names = [
        "factura_4_6",
        "factura_descuento_global",
        "boleta_strings",
        "nota_credito",
        "guia_remitente",
        "guia_transportista",
        "percepcion",
        "retencion",
    ];
    let mut sent = 0;
    for name in names {
        let base = today_fixture(&e, name);
        let keys: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
        for key in &keys {
            for v in hostile() {
                let mut doc = base.clone();
                doc[key.as_str()] = v.clone();
                assert_well_formed(&post(&e, &doc), &format!("{name}.{key} = {v}"));
                sent += 1;
            }
        }
        let item_keys: Vec<String> = base["items"][0].as_object().unwrap().keys().cloned().collect();
        for key in &item_keys {
            for v in hostile() {
                let mut doc = base.clone();
                doc["items"][0][key.as_str()] = v.clone();
                assert_well_formed(&post(&e, &doc), &format!("{name}.items[0].{key} = {v}"));
                sent += 1;
            }
        }
    }
    for raw in [
        &b""[..],
        b"null",
        b"\"str\"",
        b"{\"operacion\": 5}",
        b"{\"operacion\": \"consultar_guia\", \"numero\": {}}",
        &[0xff, 0xfe][..],
    ] {
        let r = post_raw(&e, nubefact_mock::config::DEFAULT_ROUTE, Some(&auth()), Some("application/json"), raw);
        assert_well_formed(&r, &format!("raw {raw:?}"));
        sent += 1;
    }
    assert!(sent > 1000);
    assert_eq!(e.stats().requests(), sent as u64);
}
