//! Deliberately wrong documents: each must be rejected at the expected field path with the
//! expected rule, and nothing valid may be reported with it.

use nubefact_harness::api::model::*;
use nubefact_harness::api::validate::{self, Rule};
use nubefact_harness::api::{AnyRequest, DocumentKey, FieldError, TipoDeComprobante, ValidationContext};
use rust_decimal_macros::dec;
use time::macros::date;

const DAY: time::Date = date!(2026 - 03 - 15);

fn ctx() -> ValidationContext {
    ValidationContext::with_today(DAY)
}

fn factura() -> Comprobante {
    Comprobante::factura("F001", 42)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123 - LIMA")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(4), dec!(25.00)))
        .item(Item::gravado("NIU", "LAPICERO", dec!(10), dec!(1.50)))
        .item(Item::exonerado("NIU", "LIBRO ESCOLAR", dec!(1), dec!(40.00)))
        .build()
}

fn problems(doc: &Comprobante) -> Vec<(String, Rule)> {
    validate::comprobante(doc, &ctx()).into_iter().map(|e: FieldError| (e.path, e.rule)).collect()
}

fn assert_only(doc: &Comprobante, expected: &[(&str, Rule)]) {
    let got = problems(doc);
    let want: Vec<(String, Rule)> = expected.iter().map(|(p, r)| ((*p).to_owned(), *r)).collect();
    assert_eq!(got, want, "{:#?}", validate::comprobante(doc, &ctx()));
}

#[test]
fn the_untouched_factura_is_valid() {
    assert_only(&factura(), &[]);
}

#[test]
fn a_wrong_line_igv_is_reported_at_that_line() {
    let mut doc = factura();
    doc.items[1].igv = Some(dec!(2.80));
    assert_only(&doc, &[("items[1].igv", Rule::Amount)]);
}

#[test]
fn a_boleta_series_on_a_factura_is_reported_at_serie() {
    let mut doc = factura();
    doc.serie = "B001".into();
    assert_only(&doc, &[("serie", Rule::Serie)]);
}

#[test]
fn a_lowercase_or_short_series_is_reported_at_serie() {
    let mut doc = factura();
    doc.serie = "f01".into();
    assert_only(&doc, &[("serie", Rule::Serie)]);
}

#[test]
fn a_credit_note_without_its_reference_reports_every_missing_field() {
    let original = DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 41);
    let mut doc = Comprobante::nota_de_credito("F001", 1, &original, TipoDeNotaDeCredito::AnulacionDeLaOperacion)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(1), dec!(10)))
        .build();
    doc.documento_que_se_modifica_serie = None;
    doc.documento_que_se_modifica_numero = None;
    doc.tipo_de_nota_de_credito = None;
    assert_only(
        &doc,
        &[
            ("documento_que_se_modifica_serie", Rule::NoteReference),
            ("documento_que_se_modifica_numero", Rule::NoteReference),
            ("tipo_de_nota_de_credito", Rule::NoteReference),
        ],
    );
}

#[test]
fn an_iso_date_is_reported_at_fecha_de_emision() {
    let mut doc = factura();
    doc.fecha_de_emision = Some("2026-03-15".into());
    assert_only(&doc, &[("fecha_de_emision", Rule::Date)]);
    doc.fecha_de_emision = Some("30-02-2026".into());
    assert_only(&doc, &[("fecha_de_emision", Rule::Date)]);
}

#[test]
fn a_date_other_than_today_is_reported_only_when_today_is_known() {
    let mut doc = factura();
    doc.fecha_de_emision = Some("14-03-2026".into());
    assert_only(&doc, &[("fecha_de_emision", Rule::Today)]);
    assert!(validate::comprobante(&doc, &ValidationContext::default()).is_empty());
}

#[test]
fn a_total_off_by_two_cents_is_reported_at_total_only() {
    let mut doc = factura();
    doc.total = doc.total.map(|t| t + dec!(0.02));
    assert_only(&doc, &[("total", Rule::Amount)]);
    // One cent is within the tolerance.
    doc.total = doc.total.map(|t| t - dec!(0.01));
    assert_only(&doc, &[]);
}

#[test]
fn negative_credit_note_amounts_are_rejected_not_expected() {
    let original = DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 41);
    let mut doc = Comprobante::nota_de_credito("F001", 2, &original, TipoDeNotaDeCredito::DevolucionTotal)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(1), dec!(100)))
        .build();
    doc.total = Some(dec!(-118));
    let got = problems(&doc);
    assert!(got.contains(&("total".into(), Rule::Negative)), "{got:?}");
}

#[test]
fn a_factura_to_a_dni_customer_breaks_the_ruc_rule() {
    let mut doc = factura();
    doc.cliente_tipo_de_documento = Some(ClienteTipoDeDocumento::Dni);
    doc.cliente_numero_de_documento = Some("44556677".into());
    assert_only(&doc, &[("cliente_tipo_de_documento", Rule::Conditional)]);
}

#[test]
fn an_anonymous_boleta_of_700_or_more_needs_an_identified_customer() {
    let doc = Comprobante::boleta("B001", 5)
        .cliente_varios()
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "TELEVISOR", dec!(1), dec!(600)))
        .build();
    assert_only(&doc, &[("cliente_tipo_de_documento", Rule::Conditional)]);
    let small = Comprobante::boleta("B001", 6)
        .cliente_varios()
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "RADIO", dec!(1), dec!(100)))
        .build();
    assert_only(&small, &[]);
}

#[test]
fn dollars_without_an_exchange_rate_are_reported_at_tipo_de_cambio() {
    let mut doc = factura();
    doc.moneda = Some(Moneda::Usd);
    assert_only(&doc, &[("tipo_de_cambio", Rule::Conditional)]);
}

#[test]
fn an_ivap_document_at_18_percent_is_reported_at_porcentaje_de_igv() {
    let doc = Comprobante::factura("F001", 9)
        .cliente_ruc("20100000001", "MOLINO SAC", "JR. ARROZ 1")
        .fecha_de_emision(DAY)
        .item(Item::ivap("KGM", "ARROZ", dec!(1), dec!(500)))
        .build();
    let got = problems(&doc);
    assert!(got.contains(&("porcentaje_de_igv".into(), Rule::Conditional)), "{got:?}");
}

#[test]
fn a_detraccion_operation_without_its_fields_reports_each_of_them() {
    let mut doc = factura();
    doc.sunat_transaction = Some(SunatTransaction::Detraccion);
    assert_only(
        &doc,
        &[
            ("detraccion", Rule::Conditional),
            ("detraccion_tipo", Rule::Required),
            ("detraccion_total", Rule::Required),
            ("medio_de_pago_detraccion", Rule::Required),
        ],
    );
}

#[test]
fn a_sunat_payment_code_for_medio_de_pago_detraccion_does_not_parse() {
    let mut value = serde_json::to_value(factura()).unwrap();
    value["medio_de_pago_detraccion"] = serde_json::json!(101);
    let err = AnyRequest::from_value(value).unwrap_err().to_string();
    assert!(err.contains("medio_de_pago_detraccion"), "{err}");
}

#[test]
fn an_item_with_an_unknown_tax_code_is_a_parse_error_not_an_empty_list() {
    let mut value = serde_json::to_value(factura()).unwrap();
    value["items"][1]["tipo_de_igv"] = serde_json::json!(18);
    let err = AnyRequest::from_value(value).unwrap_err().to_string();
    assert!(err.contains("tipo_de_igv"), "{err}");
    let mut value = serde_json::to_value(factura()).unwrap();
    value["guias"] = serde_json::json!("");
    value["venta_al_credito"] = serde_json::Value::Null;
    assert!(AnyRequest::from_value(value).is_ok());
}

#[test]
fn percepcion_fields_without_transaction_34_are_reported() {
    let mut doc = factura();
    doc.percepcion_tipo = Some(PercepcionTipo::General);
    let got = problems(&doc);
    assert!(got.contains(&("sunat_transaction".into(), Rule::Conditional)), "{got:?}");
}

#[test]
fn installments_that_do_not_add_up_are_reported() {
    let doc = Comprobante::factura("F001", 42)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(600)))
        .cuota(date!(2026 - 04 - 15), dec!(700))
        .build();
    assert_only(&doc, &[("venta_al_credito", Rule::Amount)]);
}

#[test]
fn a_missing_operacion_and_an_unknown_one_are_errors_naming_the_field() {
    let err = AnyRequest::from_json(br#"{"serie":"F001","numero":1}"#).unwrap_err().to_string();
    assert!(err.contains("operacion"), "{err}");
    let err = AnyRequest::from_json(br#"{"operacion":"generar_factura"}"#).unwrap_err().to_string();
    assert!(err.contains("operacion") && err.contains("generar_factura"), "{err}");
}

#[test]
fn a_document_missing_its_customer_and_items_reports_all_of_it_at_once() {
    let doc = AnyRequest::from_json(
        br#"{"operacion":"generar_comprobante","tipo_de_comprobante":"1","serie":"F001","numero":"7"}"#,
    )
    .unwrap();
    let paths: Vec<String> = doc.validate(&ctx()).into_iter().map(|e| e.path).collect();
    for p in [
        "sunat_transaction",
        "cliente_tipo_de_documento",
        "cliente_numero_de_documento",
        "cliente_denominacion",
        "cliente_direccion",
        "fecha_de_emision",
        "moneda",
        "porcentaje_de_igv",
        "items",
        "total",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} missing from {paths:?}");
    }
}
