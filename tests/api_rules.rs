//! Conditional rules that must accept correct documents as well as reject wrong ones:
//! contingency series, notes following the modified document's letter, a correct GRE
//! transportista, and installments net of detracción.

use nubefact_harness::api::model::*;
use nubefact_harness::api::validate::{self, Rule};
use nubefact_harness::api::{DocumentKey, TipoDeComprobante, ValidationContext};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;

const DAY: time::Date = date!(2026 - 03 - 15);

fn ctx() -> ValidationContext {
    ValidationContext::with_today(DAY)
}

#[test]
fn a_contingency_document_uses_a_digit_series_and_is_exempt_from_the_today_rule() {
    let doc = Comprobante::factura("0001", 15)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(date!(2026 - 03 - 10))
        .with(|d| d.generado_por_contingencia = Some(true))
        .item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(10)))
        .build();
    assert!(validate::comprobante(&doc, &ctx()).is_empty(), "{:#?}", validate::comprobante(&doc, &ctx()));
    let mut letter = doc.clone();
    letter.serie = "F001".into();
    let got: Vec<_> = validate::comprobante(&letter, &ctx()).into_iter().map(|e| (e.path, e.rule)).collect();
    assert_eq!(got, vec![("serie".to_owned(), Rule::Serie)]);
}

#[test]
fn a_note_on_a_boleta_must_use_a_b_series_and_may_omit_the_address() {
    let boleta = DocumentKey::comprobante(TipoDeComprobante::Boleta, "B001", 4);
    let ok = Comprobante::nota_de_debito("B001", 1, &boleta, TipoDeNotaDeDebito::InteresesPorMora)
        .cliente_dni("44556677", "MARIA LOPEZ")
        .fecha_de_emision(DAY)
        .item(Item::gravado("ZZ", "INTERESES", dec!(1), dec!(5)))
        .build();
    assert!(validate::comprobante(&ok, &ctx()).is_empty());
    let mut wrong = ok.clone();
    wrong.serie = "F001".into();
    let got: Vec<_> = validate::comprobante(&wrong, &ctx()).into_iter().map(|e| (e.path, e.rule)).collect();
    assert_eq!(got, vec![("serie".to_owned(), Rule::Serie)]);
}

#[test]
fn a_correct_gre_transportista_validates() {
    let doc = Guia::transportista("V001", 3)
        .destinatario_ruc("20100000001", "REMITENTE SAC", "JR. UNO 123")
        .fechas(DAY, DAY)
        .peso_kgm(dec!(1000), 1)
        .placa("ABC123")
        .conductor("1", "44556677", "JUAN", "PEREZ", "Q44556677")
        .destinatario_final(ClienteTipoDeDocumento::Ruc, "20200000002", "DESTINATARIO SAC")
        .partida("150101", "AV. ORIGEN 100")
        .llegada("150102", "JR. DESTINO 200")
        .item(GuiaItem::new("KGM", "ARENA", dec!(1000)))
        .with(|g| {
            g.numero_de_bultos = None;
            g.sunat_envio_indicador = Some(SunatEnvioIndicador::PagadoPorRemitente);
        })
        .build();
    let problems = validate::guia(&doc, &ctx());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn credit_installments_split_the_amount_net_of_detraccion() {
    let doc = Comprobante::factura("F001", 8)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .item(Item::gravado("ZZ", "SERVICIO", dec!(1), dec!(1500)))
        .detraccion(DetraccionTipo::DemasServiciosGravados, dec!(12), MedioDePagoDetraccion::DepositoEnCuenta)
        .credito_en_cuotas(&[date!(2026 - 04 - 15), date!(2026 - 05 - 15)])
        .build();
    let sum: Decimal = doc.venta_al_credito.iter().map(|c| c.importe).sum();
    assert_eq!(sum, dec!(1557.60), "1770 − 212.40");
    assert!(validate::comprobante(&doc, &ctx()).is_empty(), "{:#?}", validate::comprobante(&doc, &ctx()));
}

#[test]
fn an_accepted_igv_rate_of_10_50_validates_and_an_unknown_one_does_not() {
    let doc = Comprobante::factura("F001", 8)
        .cliente_ruc("20100000001", "RESTAURANTE SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .porcentaje_de_igv(dec!(10.50))
        .item(Item::gravado("ZZ", "MENU", dec!(3), dec!(20)))
        .build();
    assert_eq!(doc.total_igv, Some(dec!(6.30)));
    assert!(validate::comprobante(&doc, &ctx()).is_empty());
    let odd = Comprobante::factura("F001", 9)
        .cliente_ruc("20100000001", "RESTAURANTE SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
        .porcentaje_de_igv(dec!(12))
        .item(Item::gravado("ZZ", "MENU", dec!(3), dec!(20)))
        .build();
    let got: Vec<_> = validate::comprobante(&odd, &ctx()).into_iter().map(|e| (e.path, e.rule)).collect();
    assert_eq!(got, vec![("porcentaje_de_igv".to_owned(), Rule::Enum)]);
}
