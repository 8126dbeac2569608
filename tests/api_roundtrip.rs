//! Build-and-parse round trips for all 14 operations, lenient reply parsing, and every
//! Nubefact error code through `wire::parse`.

use nubefact_harness::api::model::*;
use nubefact_harness::api::{
    AnyRequest, ApiError, ApiRequest, DocumentKey, Endpoint, NubefactCode, Operation, TipoDeComprobante,
    ValidationContext, wire,
};
use rust_decimal_macros::dec;
use serde_json::Value;
use time::macros::date;

const DAY: time::Date = date!(2026 - 03 - 15);

const REPLY_COMPROBANTE: &str = r#"{ "tipo_de_comprobante": 1, "serie": "F001", "numero": 42,
  "enlace": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333",
  "enlace_del_pdf": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.pdf",
  "enlace_del_xml": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.xml",
  "enlace_del_cdr": "https://www.nubefact.com/cpe/0f1e2d3c-aaaa-bbbb-cccc-111122223333.cdr",
  "aceptada_por_sunat": true, "sunat_description": "La Factura numero F001-42, ha sido aceptada",
  "sunat_note": null, "sunat_responsecode": "0", "sunat_soap_error": "",
  "pdf_zip_base64": null, "xml_zip_base64": null, "cdr_zip_base64": null,
  "cadena_para_codigo_qr": "20111111111 | 01 | F001 | 000042 | 18.00 | 158.00 | 15/03/2026 | 6 | 20100000001 | 3q2+7w/Base64HashValueOf44CharactersLong000= |",
  "codigo_hash": "3q2+7w/Base64HashValueOf44CharactersLong000=" }"#;

const REPLY_ANULACION: &str = r#"{ "numero": 42, "enlace": "https://www.nubefact.com/anulacion/9a8b7c6d-0000-1111-2222-333344445555",
  "sunat_ticket_numero": "1773600000123", "aceptada_por_sunat": false,
  "sunat_description": null, "sunat_note": null, "sunat_responsecode": null, "sunat_soap_error": "",
  "enlace_del_pdf": "https://www.nubefact.com/anulacion/9a8b7c6d-0000-1111-2222-333344445555.pdf",
  "enlace_del_xml": "https://www.nubefact.com/anulacion/9a8b7c6d-0000-1111-2222-333344445555.xml",
  "enlace_del_cdr": "https://www.nubefact.com/anulacion/9a8b7c6d-0000-1111-2222-333344445555.cdr" }"#;

const REPLY_GUIA: &str = r#"{ "nota_importante": "Consulte la guía en unos segundos", "tipo_de_comprobante": 7,
  "serie": "T001", "numero": 7, "enlace": null, "aceptada_por_sunat": false, "sunat_description": null,
  "sunat_note": null, "sunat_responsecode": null, "sunat_soap_error": null, "pdf_zip_base64": "",
  "xml_zip_base64": "", "cdr_zip_base64": "", "cadena_para_codigo_qr": "", "enlace_del_pdf": "",
  "enlace_del_xml": "", "enlace_del_cdr": "" }"#;

const REPLY_CPE: &str = r#"{ "serie": "P001", "numero": 1, "enlace": "https://www.nubefact.com/cpe/abc",
  "enlace_del_pdf": "https://www.nubefact.com/cpe/abc.pdf", "enlace_del_xml": "https://www.nubefact.com/cpe/abc.xml",
  "enlace_del_cdr": "https://www.nubefact.com/cpe/abc.cdr", "aceptada_por_sunat": true,
  "sunat_description": "ACEPTADA", "sunat_note": null, "sunat_responsecode": "0", "sunat_soap_error": "" }"#;

fn factura_key() -> DocumentKey {
    DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 42)
}

fn rel() -> Relacionado<'static> {
    Relacionado {
        tipo: TipoDocumentoRelacionado::Factura,
        serie: "F001",
        numero: 42,
        fecha_de_emision: DAY,
        total: dec!(1000),
    }
}

/// Serializes, checks the canonical shape, parses back through AnyRequest, and parses the
/// sample reply into the typed reply of the request.
fn round_trip<R>(request: R, reply: &str) -> R::Reply
where
    R: ApiRequest + Clone + Into<AnyRequest>,
{
    let ep = Endpoint::new("http://127.0.0.1:9/api/v1/route", "token").unwrap();
    let http = wire::build(&ep, &request).unwrap();
    let value: Value = serde_json::from_slice(http.body()).unwrap();
    assert_eq!(value["operacion"], request.operation().id());
    assert!(value["numero"].is_u64(), "numero must be a JSON integer: {value}");
    assert!(value["serie"].is_string());
    if let Some(t) = value.get("tipo_de_comprobante") {
        assert!(t.is_u64(), "tipo_de_comprobante must be a JSON integer");
    }
    for (k, v) in value.as_object().unwrap() {
        assert!(!v.is_null() && v != "", "unused field {k} must be omitted, not {v}");
    }
    let back = AnyRequest::from_json(http.body()).unwrap();
    assert_eq!(back.operation(), request.operation());
    assert_eq!(back.key(), request.key());
    assert_eq!(back, request.clone().into());
    assert_eq!(serde_json::to_vec(&back).unwrap(), http.body().to_vec(), "serialization is stable");
    wire::parse::<R::Reply>(200, reply.as_bytes()).unwrap()
}

#[test]
fn generar_comprobante_round_trips_with_numbers_and_booleans_as_json_types() {
    let doc = Comprobante::factura("F001", 42)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(4), dec!(25.00)))
        .build();
    let body = serde_json::to_string(&doc).unwrap();
    assert!(body.contains(r#""total":118.00"#), "{body}");
    assert!(body.contains(r#""porcentaje_de_igv":18.00"#), "{body}");
    assert!(body.contains(r#""cliente_tipo_de_documento":"6""#), "{body}");
    assert!(body.contains(r#""enviar_automaticamente_a_la_sunat":true"#), "{body}");
    let reply = round_trip(doc, REPLY_COMPROBANTE);
    assert_eq!(reply.numero, Some(42));
    assert_eq!(reply.aceptada_por_sunat, Some(true));
    assert_eq!(reply.sunat_soap_error, None);
}

#[test]
fn consultar_comprobante_round_trips_and_reads_anulado() {
    let reply = round_trip(
        ConsultarComprobante::new(TipoDeComprobante::Factura, "F001", 42),
        &REPLY_COMPROBANTE.replace("\"codigo_hash\"", "\"anulado\": true, \"codigo_hash\""),
    );
    assert_eq!(reply.anulado, Some(true));
}

#[test]
fn both_anulacion_operations_round_trip() {
    let reply = round_trip(Anulacion::new(&factura_key(), "ERROR DEL SISTEMA"), REPLY_ANULACION);
    assert_eq!(reply.sunat_ticket_numero.as_deref(), Some("1773600000123"));
    assert_eq!(reply.aceptada_por_sunat, Some(false));
    let reply = round_trip(ConsultarAnulacion::new(&factura_key()), REPLY_ANULACION);
    assert_eq!(reply.numero, Some(42));
}

#[test]
fn both_guia_operations_round_trip() {
    let guia = Guia::remitente("T001", 7)
        .destinatario_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fechas(DAY, DAY)
        .motivo(MotivoDeTraslado::Venta)
        .peso_kgm(dec!(12.5), 2)
        .transporte_publico("20600000001", "TRANSPORTES RAPIDOS SAC", "ABC123")
        .partida("150101", "AV. ORIGEN 100")
        .llegada("150102", "JR. DESTINO 200")
        .item(GuiaItem::new("NIU", "CUADERNOS", dec!(100)))
        .documento_relacionado(TipoDocumentoRelacionado::Factura, "F001", 42)
        .build();
    assert!(AnyRequest::from(guia.clone()).validate(&ValidationContext::with_today(DAY)).is_empty());
    let reply = round_trip(guia, REPLY_GUIA);
    assert!(reply.nota_importante.is_some());
    assert_eq!(reply.enlace, None);
    let reply = round_trip(ConsultarGuia::new(TipoDeComprobante::GuiaRemitente, "T001", 7), REPLY_GUIA);
    assert_eq!(reply.tipo_de_comprobante, Some(7));
}

#[test]
fn the_four_percepcion_operations_round_trip() {
    let doc = Percepcion::builder("P001", 1, PercepcionTipo::General)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .cobro(rel(), DAY, dec!(1000))
        .build();
    assert!(AnyRequest::from(doc.clone()).validate(&ValidationContext::with_today(DAY)).is_empty());
    assert_eq!(round_trip(doc, REPLY_CPE).aceptada_por_sunat, Some(true));
    round_trip(ConsultarPercepcion::new("P001", 1), REPLY_CPE);
    round_trip(ReversionPercepcion::new("P001", 1, "ERROR"), REPLY_CPE);
    round_trip(ConsultarReversionPercepcion::new("P001", 1), REPLY_CPE);
}

#[test]
fn the_four_retencion_operations_round_trip() {
    let doc = Retencion::builder("R001", 1, RetencionTipo::Tasa3)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .pago(rel(), DAY, dec!(1000))
        .build();
    assert_eq!(doc.total_retenido, Some(dec!(30.00)));
    assert_eq!(doc.total_pagado, Some(dec!(970.00)));
    assert!(AnyRequest::from(doc.clone()).validate(&ValidationContext::with_today(DAY)).is_empty());
    let reply = REPLY_CPE.replace("P001", "R001");
    round_trip(doc, &reply);
    round_trip(ConsultarRetencion::new("R001", 1), &reply);
    round_trip(ReversionRetencion::new("R001", 1, "ERROR"), &reply);
    round_trip(ConsultarReversionRetencion::new("R001", 1), &reply);
}

#[test]
fn the_sample_requests_cover_all_14_operations_and_their_keys_have_the_right_family() {
    let k = factura_key();
    let all: Vec<AnyRequest> = vec![
        Comprobante::factura("F001", 1).build().into(),
        ConsultarComprobante::new(TipoDeComprobante::Factura, "F001", 1).into(),
        Anulacion::new(&k, "X").into(),
        ConsultarAnulacion::new(&k).into(),
        Guia::transportista("V001", 1).build().into(),
        ConsultarGuia::new(TipoDeComprobante::GuiaTransportista, "V001", 1).into(),
        Percepcion::builder("P001", 1, PercepcionTipo::General).build().into(),
        ConsultarPercepcion::new("P001", 1).into(),
        ReversionPercepcion::new("P001", 1, "X").into(),
        ConsultarReversionPercepcion::new("P001", 1).into(),
        Retencion::builder("R001", 1, RetencionTipo::Tasa3).build().into(),
        ConsultarRetencion::new("R001", 1).into(),
        ReversionRetencion::new("R001", 1, "X").into(),
        ConsultarReversionRetencion::new("R001", 1).into(),
    ];
    let ops: Vec<Operation> = all.iter().map(AnyRequest::operation).collect();
    assert_eq!(ops, Operation::ALL.to_vec());
    for r in &all {
        assert_eq!(r.key().family, r.operation().family(), "{}", r.operation());
        let back = AnyRequest::from_json(&r.to_json().unwrap()).unwrap();
        assert_eq!(&back, r);
    }
}

#[test]
fn any_request_also_deserializes_through_serde_and_names_a_missing_operacion() {
    let r: AnyRequest =
        serde_json::from_str(r#"{"operacion":"consultar_guia","tipo_de_comprobante":"8","serie":"V001","numero":3}"#)
            .unwrap();
    assert_eq!(r.key(), DocumentKey::comprobante(TipoDeComprobante::GuiaTransportista, "V001", 3));
    let err = serde_json::from_str::<AnyRequest>(r#"{"serie":"V001"}"#).unwrap_err().to_string();
    assert!(err.contains("operacion"), "{err}");
}

#[test]
fn replies_with_strings_for_numbers_empty_strings_nulls_and_unknown_fields_parse() {
    let body = br#"{ "tipo_de_comprobante": "1", "serie": "F001", "numero": "42", "enlace": "",
        "aceptada_por_sunat": "false", "sunat_description": null, "sunat_note": "",
        "sunat_responsecode": 0, "sunat_soap_error": null, "anulado": "", "codigo_hash": null,
        "campo_nuevo": {"a": [1, 2]}, "otro": [1, "x"], "pdf_zip_base64": false }"#;
    let reply: ComprobanteReply = wire::parse(200, body).unwrap();
    assert_eq!(reply.tipo_de_comprobante, Some(1));
    assert_eq!(reply.numero, Some(42));
    assert_eq!(reply.enlace, None);
    assert_eq!(reply.aceptada_por_sunat, Some(false));
    assert_eq!(reply.sunat_responsecode.as_deref(), Some("0"));
    assert_eq!(reply.anulado, None);
    let reply: GuiaReply =
        wire::parse(200, br#"{"numero": 7.0, "aceptada_por_sunat": 1, "enlace": {"x": 1}}"#).unwrap();
    assert_eq!(reply.numero, Some(7));
    assert_eq!(reply.aceptada_por_sunat, Some(true));
    assert_eq!(reply.enlace, None);
    let reply: AnulacionReply = wire::parse(200, b"{}").unwrap();
    assert_eq!(reply, AnulacionReply::default());
}

#[test]
fn requests_with_strings_for_numbers_and_empty_fields_parse_as_nubefacts_example_files_do() {
    let body = br#"{"operacion":"generar_comprobante","tipo_de_comprobante":"1","serie":"F001","numero":"1",
        "sunat_transaction":"1","cliente_tipo_de_documento":6,"moneda":"1","porcentaje_de_igv":"18.00",
        "total":"708","detraccion":"false","tipo_de_cambio":"","fecha_de_vencimiento":"",
        "items":[{"unidad_de_medida":"NIU","descripcion":"X","cantidad":"1","valor_unitario":"600",
        "tipo_de_igv":"1","anticipo_regularizacion":"false","tipo_de_ivap":""}]}"#;
    match AnyRequest::from_json(body).unwrap() {
        AnyRequest::GenerarComprobante(c) => {
            assert_eq!(c.total, Some(dec!(708)));
            assert_eq!(c.detraccion, Some(false));
            assert_eq!(c.tipo_de_cambio, None);
            assert_eq!(c.cliente_tipo_de_documento, Some(ClienteTipoDeDocumento::Ruc));
            assert_eq!(c.items[0].tipo_de_igv, Some(TipoDeIgv::GravadoOneroso));
            assert_eq!(c.items[0].tipo_de_ivap, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_error_code_parses_with_its_status_and_with_200() {
    let cases = [
        (10, 401, NubefactCode::Token),
        (11, 401, NubefactCode::Route),
        (12, 400, NubefactCode::ContentType),
        (20, 400, NubefactCode::Format),
        (21, 400, NubefactCode::Rejected),
        (22, 400, NubefactCode::OutOfWindow),
        (23, 400, NubefactCode::Duplicate),
        (24, 400, NubefactCode::NotFound),
        (40, 500, NubefactCode::Internal),
        (50, 401, NubefactCode::Suspended),
        (51, 401, NubefactCode::Unpaid),
        (77, 400, NubefactCode::Unknown(77)),
    ];
    for (codigo, status, code) in cases {
        let body = format!(r#"{{"errors":"mensaje {codigo}","codigo":{codigo}}}"#);
        for s in [status, 200] {
            match wire::parse::<ComprobanteReply>(s, body.as_bytes()) {
                Err(ApiError::Nubefact { status: got_status, code: got, message }) => {
                    assert_eq!((got_status, got), (s, code), "codigo {codigo}");
                    assert_eq!(message, format!("mensaje {codigo}"));
                }
                other => panic!("codigo {codigo} with {s}: {other:?}"),
            }
        }
    }
}
