//! Deliberately wrong guías, percepciones, retenciones, anulaciones and queries.

use nubefact_harness::api::model::*;
use nubefact_harness::api::validate::{self, Rule};
use nubefact_harness::api::{DocumentKey, FieldError, Operation, TipoDeComprobante, ValidationContext};
use rust_decimal_macros::dec;
use time::macros::date;

const DAY: time::Date = date!(2026 - 03 - 15);

fn ctx() -> ValidationContext {
    ValidationContext::with_today(DAY)
}

fn pairs(errors: Vec<FieldError>) -> Vec<(String, Rule)> {
    errors.into_iter().map(|e| (e.path, e.rule)).collect()
}

fn guia() -> GuiaBuilder {
    Guia::remitente("T001", 7)
        .destinatario_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fechas(DAY, DAY)
        .motivo(MotivoDeTraslado::Venta)
        .peso_kgm(dec!(12.5), 2)
        .partida("150101", "AV. ORIGEN 100")
        .llegada("150102", "JR. DESTINO 200")
        .item(GuiaItem::new("NIU", "CUADERNOS", dec!(100)))
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

#[test]
fn a_private_transport_guia_without_a_driver_reports_each_driver_field() {
    let doc = guia().placa("ABC123").with(|g| g.tipo_de_transporte = Some(TipoDeTransporte::Privado)).build();
    let got = pairs(validate::guia(&doc, &ctx()));
    for p in [
        "conductor_documento_tipo",
        "conductor_documento_numero",
        "conductor_nombre",
        "conductor_apellidos",
        "conductor_numero_licencia",
    ] {
        assert!(got.contains(&(p.to_owned(), Rule::Required)), "{p} missing from {got:?}");
    }
}

#[test]
fn a_public_transport_guia_needs_the_carrier_ruc_and_a_valid_plate() {
    let doc = guia().transporte_publico("2060", "TRANSPORTES SAC", "AB-123").build();
    let got = pairs(validate::guia(&doc, &ctx()));
    assert_eq!(
        got,
        vec![
            ("transportista_placa_numero".to_owned(), Rule::Format),
            ("transportista_documento_numero".to_owned(), Rule::Length)
        ]
    );
}

#[test]
fn a_guia_two_days_old_or_with_a_factura_series_is_reported() {
    let mut doc = guia().transporte_publico("20600000001", "TRANSPORTES SAC", "ABC123").build();
    assert!(validate::guia(&doc, &ctx()).is_empty());
    doc.fecha_de_emision = Some("14-03-2026".into());
    assert!(validate::guia(&doc, &ctx()).is_empty(), "yesterday is allowed for a GRE");
    doc.fecha_de_emision = Some("13-03-2026".into());
    doc.serie = "F001".into();
    let got = pairs(validate::guia(&doc, &ctx()));
    assert_eq!(got, vec![("serie".to_owned(), Rule::Serie), ("fecha_de_emision".to_owned(), Rule::Today)]);
}

#[test]
fn a_transportista_guia_needs_a_driver_and_a_recipient_and_rejects_indicator_06() {
    let doc = Guia::transportista("V001", 3)
        .destinatario_ruc("20100000001", "REMITENTE SAC", "JR. UNO 123")
        .fechas(DAY, DAY)
        .peso_kgm(dec!(1000), 1)
        .placa("ABC123")
        .partida("150101", "AV. ORIGEN 100")
        .llegada("150102", "JR. DESTINO 200")
        .item(GuiaItem::new("KGM", "ARENA", dec!(1000)))
        .with(|g| g.sunat_envio_indicador = Some(SunatEnvioIndicador::VehiculoM1oL))
        .build();
    let got = pairs(validate::guia(&doc, &ctx()));
    for (p, r) in [
        ("conductor_documento_tipo", Rule::Required),
        ("destinatario_documento_tipo", Rule::Required),
        ("destinatario_denominacion", Rule::Required),
        ("sunat_envio_indicador", Rule::Enum),
    ] {
        assert!(got.contains(&(p.to_owned(), r)), "{p} missing from {got:?}");
    }
}

#[test]
fn a_wrong_importe_percibido_is_reported_at_its_item_and_the_totals() {
    let mut doc = Percepcion::builder("P001", 1, PercepcionTipo::General)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .cobro(rel(), DAY, dec!(1000))
        .build();
    assert_eq!(doc.items[0].importe_percibido, Some(dec!(20.00)));
    assert_eq!(doc.items[0].importe_cobrado_con_percepcion, Some(dec!(1020.00)));
    doc.items[0].importe_percibido = Some(dec!(30));
    let got = pairs(validate::percepcion(&doc, &ctx()));
    assert_eq!(
        got,
        vec![
            ("items[0].importe_percibido".to_owned(), Rule::Amount),
            ("items[0].importe_cobrado_con_percepcion".to_owned(), Rule::Amount),
            ("total_percibido".to_owned(), Rule::Amount),
        ]
    );
}

#[test]
fn a_retencion_with_a_dni_party_a_factura_series_and_a_wrong_total_pagado_is_reported() {
    let mut doc = Retencion::builder("R001", 1, RetencionTipo::Tasa3)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .pago(rel(), DAY, dec!(1000))
        .build();
    doc.serie = "F001".into();
    doc.cliente_tipo_de_documento = Some(ClienteTipoDeDocumento::Dni);
    doc.total_pagado = Some(dec!(1030));
    let got = pairs(validate::retencion(&doc, &ctx()));
    assert_eq!(
        got,
        vec![
            ("serie".to_owned(), Rule::Serie),
            ("cliente_tipo_de_documento".to_owned(), Rule::Enum),
            ("total_pagado".to_owned(), Rule::Amount),
        ]
    );
}

#[test]
fn voiding_a_guia_or_without_a_motivo_is_reported() {
    let key = DocumentKey::comprobante(TipoDeComprobante::GuiaRemitente, "T001", 7);
    let got = pairs(validate::anulacion(&Anulacion::new(&key, ""), &ctx()));
    assert_eq!(
        got,
        vec![
            ("tipo_de_comprobante".to_owned(), Rule::Enum),
            ("serie".to_owned(), Rule::Serie),
            ("motivo".to_owned(), Rule::Required),
        ]
    );
}

#[test]
fn a_query_with_a_series_of_the_wrong_family_or_number_zero_is_reported() {
    let key = ConsultarRetencion::new("P001", 0);
    let any: nubefact_harness::api::AnyRequest = key.into();
    assert_eq!(any.operation(), Operation::ConsultarRetencion);
    let got = pairs(any.validate(&ctx()));
    assert_eq!(got, vec![("serie".to_owned(), Rule::Serie), ("numero".to_owned(), Rule::Numero)]);
}

#[test]
fn a_retencion_item_with_a_wrong_net_and_payment_number_zero_is_reported_at_the_item() {
    let mut doc = Retencion::builder("R001", 1, RetencionTipo::Tasa3)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .pago(rel(), DAY, dec!(1000))
        .build();
    // 1000 − 3 % = 970: the net subtracts the importe retenido (a percepción would add it).
    assert_eq!(doc.items[0].importe_pagado_con_retencion, Some(dec!(970.00)));
    assert!(validate::retencion(&doc, &ctx()).is_empty());
    doc.items[0].importe_pagado_con_retencion = Some(dec!(1030.00));
    doc.items[0].pago_numero = Some(0);
    doc.total_pagado = Some(dec!(1030.00));
    let got = pairs(validate::retencion(&doc, &ctx()));
    assert_eq!(
        got,
        vec![
            ("items[0].pago_numero".to_owned(), Rule::Numero),
            ("items[0].importe_pagado_con_retencion".to_owned(), Rule::Amount),
        ]
    );
}
