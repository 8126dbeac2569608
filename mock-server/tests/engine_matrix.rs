//! Engine tests: the behaviour matrix of §12.3, transport errors of §12.2, and validation.
mod common;

use common::*;
use nubefact_mock::config::{Account, AccountStatus, DEFAULT_ROUTE, MockConfig, TotalsMode};
use nubefact_mock::engine::Engine;
use serde_json::{Value, json};

fn engine() -> Engine {
    Engine::new(&MockConfig::default())
}

#[test]
fn every_composed_example_is_accepted_with_every_documented_reply_field() {
    let e = engine();
    for name in [
        "factura_4_6",
        "factura_descuento_global",
        "boleta_strings",
        "nota_credito",
        "guia_remitente",
        "guia_transportista",
        "percepcion",
        "retencion",
    ] {
        let r = post(&e, &today_fixture(&e, name));
        let b = body(&r);
        assert_eq!(r.status, 200, "{name}: {b}");
        assert!(b.get("errors").is_none(), "{name}: {b}");
        for field in ["enlace", "aceptada_por_sunat", "sunat_description", "sunat_responsecode", "sunat_soap_error"] {
            assert!(b.get(field).is_some(), "{name} lacks {field}: {b}");
        }
        assert!(b["numero"].is_u64(), "{name}: numero is an integer even when sent as a string");
    }
    assert_eq!(e.stats().documents, 8);
}

#[test]
fn an_accepted_factura_reply_has_the_qr_string_hash_and_links_of_the_reference() {
    let e = engine();
    let b = body(&post(&e, &today_fixture(&e, "factura_4_6")));
    let hash = b["codigo_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 44);
    let t = e.today();
    let expected = format!(
        "20111111111 | 01 | F001 | 000042 | 18.00 | 158.00 | {:02}/{:02}/{} | 6 | 20100000001 | {hash} |",
        t.day(),
        t.month() as u8,
        t.year()
    );
    assert_eq!(b["cadena_para_codigo_qr"], expected);
    let enlace = b["enlace"].as_str().unwrap();
    assert!(enlace.starts_with("https://www.nubefact.com/cpe/"));
    assert!(uuid::Uuid::parse_str(&enlace["https://www.nubefact.com/cpe/".len()..]).is_ok());
    assert_eq!(b["enlace_del_pdf"], format!("{enlace}.pdf"));
    assert_eq!(b["enlace_del_cdr"], format!("{enlace}.cdr"));
    assert_eq!(b["aceptada_por_sunat"], true);
    assert_eq!(b["sunat_responsecode"], "0");
    assert_eq!(b["sunat_description"], "La Factura numero F001-42, ha sido aceptada");
    assert_eq!(b["sunat_soap_error"], "");
    assert!(b["pdf_zip_base64"].is_null());
    assert!(b.get("anulado").is_none(), "anulado only appears in consultar_comprobante");
}

#[test]
fn a_second_generar_with_the_same_key_answers_23() {
    let e = engine();
    let doc = today_fixture(&e, "factura_4_6");
    assert_eq!(post(&e, &doc).status, 200);
    assert_error(&post(&e, &doc), 400, 23, "F001-42");
    assert_eq!(e.stats().documents, 1);
}

#[test]
fn a_second_generar_with_a_used_codigo_unico_answers_23() {
    let e = engine();
    let doc = today_fixture(&e, "factura_4_6");
    assert_eq!(post(&e, &doc).status, 200);
    let mut other = doc.clone();
    other["numero"] = 99.into();
    assert_error(&post(&e, &other), 400, 23, "codigo_unico");
}

#[test]
fn queries_voids_and_reversions_of_unknown_documents_answer_24() {
    let e = engine();
    assert_error(&post(&e, &query("consultar_comprobante", Some(1), "F001", 99_999_999)), 400, 24, "F001-99999999");
    let mut void = query("generar_anulacion", Some(1), "F001", 7);
    void["motivo"] = "ERROR DEL SISTEMA".into();
    assert_error(&post(&e, &void), 400, 24, "F001-7");
    assert_error(&post(&e, &query("consultar_anulacion", Some(1), "F001", 7)), 400, 24, "F001-7");
    assert_error(&post(&e, &query("consultar_guia", Some(7), "TTT1", 1)), 400, 24, "TTT1-1");
    assert_error(&post(&e, &query("consultar_percepcion", None, "PPP1", 1)), 400, 24, "PPP1-1");
    let mut rev = query("generar_reversion_retencion", None, "RRR1", 1);
    rev["motivo"] = "ERROR".into();
    assert_error(&post(&e, &rev), 400, 24, "RRR1-1");
}

#[test]
fn voiding_a_gre_answers_24_even_when_it_exists() {
    let e = engine();
    assert_eq!(post(&e, &today_fixture(&e, "guia_remitente")).status, 200);
    let mut void = query("generar_anulacion", Some(7), "TTT1", 1);
    void["motivo"] = "ERROR".into();
    assert_error(&post(&e, &void), 400, 24, "guia");
}

#[test]
fn an_emission_dated_outside_the_window_answers_22() {
    let e = engine();
    let yesterday = e.today().previous_day().unwrap();
    let factura = dated(fixture("factura_4_6"), yesterday);
    assert_error(&post(&e, &factura), 400, 22, "fecha_de_emision");
    let guia = dated(fixture("guia_remitente"), yesterday);
    assert_eq!(post(&e, &guia).status, 200, "a GRE may be one day old");
    let old = dated(fixture("guia_remitente"), yesterday.previous_day().unwrap());
    let mut old = old;
    old["numero"] = 2.into();
    assert_error(&post(&e, &old), 400, 22, "fecha_de_emision");
}

#[test]
fn a_baja_after_the_window_answers_22() {
    let e = engine();
    assert_eq!(post(&e, &today_fixture(&e, "factura_4_6")).status, 200);
    e.advance_clock(std::time::Duration::from_secs(8 * 86_400));
    let mut void = query("generar_anulacion", Some(1), "F001", 42);
    void["motivo"] = "ERROR".into();
    assert_error(&post(&e, &void), 400, 22, "F001-42");
}

#[test]
fn every_authorization_form_is_accepted_and_a_wrong_token_answers_401_10() {
    let e = engine();
    let t = nubefact_mock::config::DEFAULT_TOKEN;
    let q = query("consultar_comprobante", Some(1), "F001", 1).to_string();
    for form in [
        format!("Token token=\"{t}\""),
        format!("Token token={t}"),
        format!("Token {t}"),
        format!("Bearer {t}"),
        t.to_string(),
    ] {
        let r = post_raw(&e, DEFAULT_ROUTE, Some(&form), Some("application/json"), q.as_bytes());
        assert_eq!(body(&r)["codigo"], 24, "form {form:?} must authenticate");
    }
    for bad in [Some("Token token=\"nope\""), Some(""), None] {
        let r = post_raw(&e, DEFAULT_ROUTE, bad, Some("application/json"), q.as_bytes());
        assert_error(&r, 401, 10, "token");
    }
}

#[test]
fn transport_level_errors_have_the_documented_codes_and_statuses() {
    let e = engine();
    let a = auth();
    let q = query("consultar_comprobante", Some(1), "F001", 1).to_string();
    assert_error(&post_raw(&e, "no-such-route", Some(&a), Some("application/json"), q.as_bytes()), 401, 11, "ruta");
    // A trailing slash on the route is accepted.
    let r = post_raw(&e, &format!("{DEFAULT_ROUTE}/"), Some(&a), Some("application/json"), q.as_bytes());
    assert_eq!(body(&r)["codigo"], 24);
    for ct in [None, Some("text/html"), Some("text/plain; charset=utf-8")] {
        assert_error(&post_raw(&e, DEFAULT_ROUTE, Some(&a), ct, q.as_bytes()), 400, 12, "Content-Type");
    }
    let r = post_raw(&e, DEFAULT_ROUTE, Some(&a), Some("application/json; charset=utf-8"), q.as_bytes());
    assert_eq!(body(&r)["codigo"], 24, "charset parameter accepted");
    assert_error(
        &post_raw(&e, DEFAULT_ROUTE, Some(&a), Some("application/json"), b"{\"operacion\": \"x\xe9\"}"),
        400,
        20,
        "JSON",
    );
    assert_error(&post_raw(&e, DEFAULT_ROUTE, Some(&a), Some("application/json"), b"{not json"), 400, 20, "JSON");
    assert_error(&post_raw(&e, DEFAULT_ROUTE, Some(&a), Some("application/json"), b"[1,2]"), 400, 20, "JSON");
    assert_error(&post_raw(&e, DEFAULT_ROUTE, Some(&a), Some("application/json"), b"{}"), 400, 20, "operacion");
    assert_error(&post(&e, &json!({"operacion": "generar_factura"})), 400, 20, "operacion");
}

#[test]
fn a_non_post_method_answers_405_and_an_oversized_body_413() {
    let e = Engine::new(&MockConfig { max_body_bytes: 100, ..MockConfig::default() });
    let r = e.handle(&nubefact_mock::engine::Request {
        method: "GET",
        path: &format!("/api/v1/{DEFAULT_ROUTE}"),
        content_type: None,
        authorization: None,
        body: b"",
    });
    assert_error(&r, 405, 20, "POST");
    let big = vec![b' '; 101];
    assert_error(&post_raw(&e, DEFAULT_ROUTE, Some(&auth()), Some("application/json"), &big), 413, 20, "100 bytes");
}

#[test]
fn suspended_and_unpaid_accounts_answer_50_and_51() {
    let mk =
        |route: &str, status| Account { route: route.into(), tokens: vec!["t".into()], status, ..Account::default() };
    let cfg = MockConfig {
        accounts: vec![mk("susp", AccountStatus::Suspended), mk("unpaid", AccountStatus::Unpaid)],
        ..MockConfig::default()
    };
    let e = Engine::new(&cfg);
    let q = query("consultar_comprobante", Some(1), "F001", 1).to_string();
    assert_error(&post_raw(&e, "susp", Some("t"), Some("application/json"), q.as_bytes()), 401, 50, "suspendida");
    assert_error(&post_raw(&e, "unpaid", Some("t"), Some("application/json"), q.as_bytes()), 401, 51, "pago");
}

#[test]
fn the_errors_with_200_switch_sends_every_error_with_status_200() {
    let e = Engine::new(&MockConfig { errors_with_200: true, ..MockConfig::default() });
    assert_error(&post(&e, &query("consultar_comprobante", Some(1), "F001", 1)), 200, 24, "F001-1");
    let r = post_raw(&e, DEFAULT_ROUTE, Some("bad"), Some("application/json"), b"{}");
    assert_error(&r, 200, 10, "token");
}

/// A fixture name, an edit that breaks it, and the field the error must name.
type Case = (&'static str, Box<dyn FnOnce(&mut Value)>, &'static str);

fn broken(e: &Engine, name: &str, edit: impl FnOnce(&mut Value)) -> nubefact_mock::engine::Reply {
    let mut v = today_fixture(e, name);
    edit(&mut v);
    post(e, &v)
}

#[test]
fn structural_problems_answer_20_naming_the_field() {
    let e = engine();
    let cases: Vec<Case> = vec![
        (
            "factura_4_6",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("cliente_denominacion"))),
            "cliente_denominacion",
        ),
        ("factura_4_6", Box::new(|v| v["moneda"] = 9.into()), "moneda"),
        ("factura_4_6", Box::new(|v| v["numero"] = "4x".into()), "numero"),
        ("factura_4_6", Box::new(|v| v["fecha_de_emision"] = "2026/03/15".into()), "fecha_de_emision"),
        ("factura_4_6", Box::new(|v| v["serie"] = "F0001".into()), "serie"),
        ("factura_4_6", Box::new(|v| v["items"][0]["tipo_de_igv"] = 18.into()), "items[0].tipo_de_igv"),
        ("factura_4_6", Box::new(|v| v["items"][1]["cantidad"] = json!([1])), "items[1].cantidad"),
        ("factura_4_6", Box::new(|v| v["items"] = json!([])), "items"),
        ("factura_4_6", Box::new(|v| v["cliente_tipo_de_documento"] = "9".into()), "cliente_tipo_de_documento"),
        ("guia_remitente", Box::new(|v| v["motivo_de_traslado"] = "99".into()), "motivo_de_traslado"),
        (
            "guia_remitente",
            Box::new(|v| v["transportista_placa_numero"] = "AB-123".into()),
            "transportista_placa_numero",
        ),
        ("percepcion", Box::new(|v| v["tipo_de_tasa_de_percepcion"] = 7.into()), "tipo_de_tasa_de_percepcion"),
    ];
    for (name, edit, field) in cases {
        assert_error(&broken(&e, name, edit), 400, 20, field);
    }
}

#[test]
fn business_rule_violations_answer_21_naming_the_field() {
    let e = engine();
    let cases: Vec<Case> = vec![
        ("factura_4_6", Box::new(|v| v["serie"] = "B001".into()), "serie"),
        ("boleta_strings", Box::new(|v| v["serie"] = "F001".into()), "serie"),
        ("factura_4_6", Box::new(|v| v["cliente_tipo_de_documento"] = "1".into()), "cliente_tipo_de_documento"),
        ("factura_4_6", Box::new(|v| v["total_igv"] = 19.00.into()), "total_igv"),
        ("factura_4_6", Box::new(|v| v["total"] = 160.00.into()), "total"),
        ("factura_4_6", Box::new(|v| v["items"][0]["subtotal"] = 101.00.into()), "items[0].subtotal"),
        ("factura_4_6", Box::new(|v| v["items"][0]["igv"] = 20.00.into()), "items[0].igv"),
        ("factura_4_6", Box::new(|v| v["moneda"] = 2.into()), "tipo_de_cambio"),
        ("factura_4_6", Box::new(|v| v["porcentaje_de_igv"] = 19.into()), "porcentaje_de_igv"),
        ("factura_4_6", Box::new(|v| v["items"][0]["unidad_de_medida"] = "XYZ".into()), "items[0].unidad_de_medida"),
        (
            "nota_credito",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("documento_que_se_modifica_serie"))),
            "documento_que_se_modifica_serie",
        ),
        (
            "nota_credito",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("tipo_de_nota_de_credito"))),
            "tipo_de_nota_de_credito",
        ),
        (
            "nota_credito",
            Box::new(|v| v["documento_que_se_modifica_tipo"] = 2.into()),
            "documento_que_se_modifica_serie",
        ),
        ("guia_remitente", Box::new(|v| v["serie"] = "VVV1".into()), "serie"),
        (
            "guia_remitente",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("conductor_numero_licencia"))),
            "conductor_numero_licencia",
        ),
        (
            "guia_transportista",
            Box::new(|v| drop(v.as_object_mut().unwrap().remove("destinatario_denominacion"))),
            "destinatario_denominacion",
        ),
        ("percepcion", Box::new(|v| v["items"][0]["importe_percibido"] = 25.into()), "items[0].importe_percibido"),
        ("retencion", Box::new(|v| v["total_pagado"] = "1030.00".into()), "total_pagado"),
        ("retencion", Box::new(|v| v["serie"] = "PPP1".into()), "serie"),
    ];
    for (name, edit, field) in cases {
        assert_error(&broken(&e, name, edit), 400, 21, field);
    }
    assert_eq!(e.stats().documents, 0, "nothing invalid is stored");
}

#[test]
fn a_boleta_of_700_or_more_needs_an_identified_customer() {
    let e = engine();
    let r = broken(&e, "boleta_strings", |v| {
        v["cliente_tipo_de_documento"] = "-".into();
        v["items"][0]["cantidad"] = "12".into();
        v["items"][0]["subtotal"] = "600".into();
        v["items"][0]["igv"] = "108".into();
        v["items"][0]["total"] = "708".into();
        v["total_gravada"] = "600".into();
        v["total_igv"] = "108".into();
        v["total"] = "708".into();
    });
    assert_error(&r, 400, 21, "cliente_tipo_de_documento");
}

#[test]
fn the_sunat_like_band_accepts_small_total_differences_as_observations() {
    let mut cfg = MockConfig::default();
    cfg.validation.totals = TotalsMode::SunatLike;
    let e = Engine::new(&cfg);
    let r = broken(&e, "factura_4_6", |v| v["total"] = 158.50.into());
    let b = body(&r);
    assert_eq!(r.status, 200, "{b}");
    assert_eq!(b["aceptada_por_sunat"], true);
    assert!(b["sunat_responsecode"].as_str().unwrap().starts_with('4'));
    assert!(b["sunat_note"].as_str().is_some());
    let r = broken(&e, "factura_4_6", |v| {
        v["numero"] = 43.into();
        v["codigo_unico"] = "".into();
        v["total"] = 160.00.into();
    });
    assert_error(&r, 400, 21, "total");
}

#[test]
fn a_difference_of_one_centimo_is_tolerated_in_strict_mode() {
    let e = engine();
    let r = broken(&e, "factura_4_6", |v| v["total"] = 158.01.into());
    assert_eq!(r.status, 200, "{}", body(&r));
}
