//! The calculator and the validator against every composed example of the reference
//! (§4.6, §10.2) and the official-example figures quoted in §10.

use nubefact_harness::api::model::*;
use nubefact_harness::api::{AnyRequest, DocumentKey, FieldError, TipoDeComprobante, ValidationContext, amounts};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;

const DAY: time::Date = date!(2026 - 03 - 15);

const EXAMPLE_4_6: &str = r#"{
  "operacion": "generar_comprobante",
  "tipo_de_comprobante": 1,
  "serie": "F001",
  "numero": 42,
  "sunat_transaction": 1,
  "cliente_tipo_de_documento": "6",
  "cliente_numero_de_documento": "20100000001",
  "cliente_denominacion": "COMERCIAL EJEMPLO SAC",
  "cliente_direccion": "JR. UNO 123 - LIMA",
  "fecha_de_emision": "15-03-2026",
  "moneda": 1,
  "porcentaje_de_igv": 18.00,
  "total_gravada": 100.00,
  "total_exonerada": 40.00,
  "total_igv": 18.00,
  "total": 158.00,
  "enviar_automaticamente_a_la_sunat": true,
  "enviar_automaticamente_al_cliente": false,
  "codigo_unico": "1-F001-42",
  "items": [
    { "unidad_de_medida": "NIU", "descripcion": "CUADERNO A4", "cantidad": 4,
      "valor_unitario": 25.00, "precio_unitario": 29.50, "subtotal": 100.00,
      "tipo_de_igv": 1, "igv": 18.00, "total": 118.00, "anticipo_regularizacion": false },
    { "unidad_de_medida": "NIU", "descripcion": "LIBRO ESCOLAR", "cantidad": 1,
      "valor_unitario": 40.00, "precio_unitario": 40.00, "subtotal": 40.00,
      "tipo_de_igv": 8, "igv": 0.00, "total": 40.00, "anticipo_regularizacion": false }
  ]
}"#;

fn ctx() -> ValidationContext {
    ValidationContext::with_today(DAY)
}

fn assert_valid(doc: &Comprobante) {
    let errors: Vec<FieldError> = nubefact_harness::api::validate::comprobante(doc, &ctx());
    assert!(errors.is_empty(), "unexpected problems: {errors:#?}");
}

fn factura() -> ComprobanteBuilder {
    Comprobante::factura("F001", 1)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
        .fecha_de_emision(DAY)
}

#[test]
fn the_section_4_6_example_parses_validates_and_equals_what_the_builder_makes() {
    let parsed = match AnyRequest::from_json(EXAMPLE_4_6.as_bytes()).unwrap() {
        AnyRequest::GenerarComprobante(c) => c,
        other => panic!("{other:?}"),
    };
    assert_valid(&parsed);
    let built = Comprobante::factura("F001", 42)
        .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123 - LIMA")
        .fecha_de_emision(DAY)
        .codigo_unico("1-F001-42")
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(4), dec!(25.00)))
        .item(Item::exonerado("NIU", "LIBRO ESCOLAR", dec!(1), dec!(40.00)))
        .build();
    // The builder's document is the reference example, field for field and value for value.
    assert_eq!(built, parsed);
}

#[test]
fn the_worked_global_discount_example_gives_146_20() {
    let doc = factura()
        .item(Item::gravado("NIU", "CUADERNO A4", dec!(4), dec!(25.00)))
        .item(Item::exonerado("NIU", "LIBRO ESCOLAR", dec!(1), dec!(40.00)))
        .descuento_global(dec!(10.00))
        .build();
    assert_eq!(doc.total_gravada, Some(dec!(90.00)));
    assert_eq!(doc.total_igv, Some(dec!(16.20)));
    assert_eq!(doc.total_exonerada, Some(dec!(40.00)));
    assert_eq!(doc.total_descuento, Some(dec!(10.00)));
    assert_eq!(doc.total, Some(dec!(146.20)));
    assert_valid(&doc);
}

#[test]
fn a_600_gravada_document_totals_708_with_igv_108() {
    let doc = factura()
        .item(Item::gravado("NIU", "PRODUCTO A", dec!(1), dec!(500)))
        .item(Item::gravado("NIU", "PRODUCTO B", dec!(5), dec!(20)))
        .build();
    assert_eq!(doc.items[0].igv, Some(dec!(90)));
    assert_eq!(doc.items[0].precio_unitario, Some(dec!(590)));
    assert_eq!(doc.items[1].precio_unitario, Some(dec!(23.60)));
    assert_eq!(doc.items[1].total, Some(dec!(118)));
    assert_eq!(doc.total_igv, Some(dec!(108)));
    assert_eq!(doc.total, Some(dec!(708)));
    assert_valid(&doc);
}

#[test]
fn an_advance_of_500_against_2000_leaves_1500_270_1770() {
    let doc = factura()
        .sunat_transaction(SunatTransaction::Anticipos)
        .item(Item::gravado("ZZ", "SERVICIO", dec!(1), dec!(2000)))
        .item(Item::anticipo("ANTICIPO", dec!(500), "F001", 7))
        .build();
    assert_eq!(doc.items[1].subtotal, Some(dec!(500)), "advance lines keep positive amounts");
    assert_eq!(doc.total_anticipo, Some(dec!(500)));
    assert_eq!(doc.total_gravada, Some(dec!(1500)));
    assert_eq!(doc.total_igv, Some(dec!(270)));
    assert_eq!(doc.total, Some(dec!(1770)));
    assert_valid(&doc);
}

#[test]
fn the_isc_example_gives_igv_99_price_649_and_total_778_80() {
    let doc = factura()
        .item(Item::gravado("NIU", "LICOR", dec!(1), dec!(500)).isc(1, dec!(50)))
        .item(Item::gravado("NIU", "LICOR CHICO", dec!(1), dec!(100)).isc(1, dec!(10)))
        .build();
    assert_eq!(doc.items[0].igv, Some(dec!(99)));
    assert_eq!(doc.items[0].precio_unitario, Some(dec!(649)));
    assert_eq!(doc.items[0].total, Some(dec!(649)));
    assert_eq!(doc.total_isc, Some(dec!(60)));
    assert_eq!(doc.total_igv, Some(dec!(118.80)));
    assert_eq!(doc.total, Some(dec!(778.80)));
    assert_valid(&doc);
}

#[test]
fn a_discounted_line_keeps_its_unit_price_and_taxes_the_net_300() {
    let doc = factura().item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(500)).descuento(dec!(200))).build();
    assert_eq!(doc.items[0].subtotal, Some(dec!(300)));
    assert_eq!(doc.items[0].precio_unitario, Some(dec!(590)));
    assert_eq!(doc.items[0].igv, Some(dec!(54)));
    assert_eq!(doc.total_descuento, Some(dec!(200)));
    assert_valid(&doc);
}

#[test]
fn the_bag_example_totals_1_48_and_its_free_bag_line_total_of_0_30_is_accepted() {
    let mut doc = factura()
        .item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(1)))
        .item(
            Item::gratuito("NIU", "BOLSA PLASTICA", dec!(1), dec!(0.1), TipoDeIgv::GravadoRetiro)
                .impuesto_bolsas(dec!(0.30)),
        )
        .build();
    assert_eq!(doc.total_gratuita, Some(dec!(0.1)));
    assert_eq!(doc.total_impuestos_bolsas, Some(dec!(0.30)));
    assert_eq!(doc.total, Some(dec!(1.48)));
    assert_valid(&doc);
    // The official file puts the bag tax as the free line's total.
    doc.items[1].total = Some(dec!(0.3));
    assert_valid(&doc);
}

#[test]
fn a_free_only_document_totals_zero_and_is_not_checked_as_a_sum_of_line_totals() {
    let doc =
        factura().item(Item::gratuito("NIU", "MUESTRA", dec!(6), dec!(100), TipoDeIgv::GravadoBonificaciones)).build();
    assert_eq!(doc.total_gratuita, Some(dec!(600)));
    assert_eq!(doc.total, Some(dec!(0)));
    assert_eq!(doc.items[0].total, Some(dec!(600)), "a free line's total is not part of the document total");
    assert_valid(&doc);
}

#[test]
fn an_export_line_goes_to_total_inafecta_without_igv() {
    let doc = Comprobante::factura("F001", 3)
        .cliente(ClienteTipoDeDocumento::NoDomiciliado, "EXT-778899", "FOREIGN BUYER LLC", Some("MIAMI, USA".into()))
        .sunat_transaction(SunatTransaction::Exportacion)
        .moneda(Moneda::Usd, Some(dec!(3.421)))
        .fecha_de_emision(DAY)
        .item(Item::exportacion("NIU", "CAFE EN GRANO", dec!(6), dec!(100)))
        .build();
    assert_eq!(doc.total_inafecta, Some(dec!(600)));
    assert_eq!(doc.total_igv, None);
    assert_eq!(doc.total, Some(dec!(600)));
    assert_valid(&doc);
}

#[test]
fn an_ivap_line_of_500_carries_20_at_4_percent() {
    let doc =
        factura().porcentaje_de_igv(dec!(4.00)).item(Item::ivap("KGM", "ARROZ PILADO", dec!(1), dec!(500))).build();
    assert_eq!(doc.items[0].igv, Some(dec!(20)));
    assert_eq!(doc.items[0].tipo_de_igv, None);
    assert_eq!(doc.total_gravada, Some(dec!(500)));
    assert_eq!(doc.total, Some(dec!(520)));
    assert_valid(&doc);
}

#[test]
fn percepcion_on_708_is_14_16_and_722_16_and_on_fuel_7_08() {
    let base = || {
        factura().item(Item::gravado("NIU", "PRODUCTO A", dec!(1), dec!(500))).item(Item::gravado(
            "NIU",
            "PRODUCTO B",
            dec!(5),
            dec!(20),
        ))
    };
    let doc = base().percepcion(PercepcionTipo::General).build();
    assert_eq!(doc.sunat_transaction, Some(SunatTransaction::Percepcion));
    assert_eq!(doc.percepcion_base_imponible, Some(dec!(708)));
    assert_eq!(doc.total_percepcion, Some(dec!(14.16)));
    assert_eq!(doc.total_incluido_percepcion, Some(dec!(722.16)));
    assert_valid(&doc);
    let fuel = base().percepcion(PercepcionTipo::Combustible).build();
    assert_eq!(fuel.total_percepcion, Some(dec!(7.08)));
    assert_eq!(fuel.total_incluido_percepcion, Some(dec!(715.08)));
    assert_valid(&fuel);
}

#[test]
fn retencion_on_708_is_21_24_and_leaves_the_total_unchanged() {
    let doc =
        factura().item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(600))).retencion(RetencionTipo::Tasa3).build();
    assert_eq!(doc.total, Some(dec!(708)));
    assert_eq!(doc.total_retencion, Some(dec!(21.24)));
    assert_valid(&doc);
}

#[test]
fn detraccion_of_12_percent_on_1770_is_212_40() {
    let doc = factura()
        .item(Item::gravado("ZZ", "SERVICIO EMPRESARIAL", dec!(1), dec!(1500)))
        .detraccion(DetraccionTipo::DemasServiciosGravados, dec!(12), MedioDePagoDetraccion::DepositoEnCuenta)
        .build();
    assert_eq!(doc.total, Some(dec!(1770)));
    assert_eq!(doc.detraccion_total, Some(dec!(212.40)));
    assert_eq!(doc.sunat_transaction, Some(SunatTransaction::Detraccion));
    assert_valid(&doc);
}

#[test]
fn installments_of_600_100_and_8_add_up_to_708() {
    let doc = factura()
        .item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(600)))
        .cuota(date!(2026 - 04 - 15), dec!(600))
        .cuota(date!(2026 - 05 - 15), dec!(100))
        .cuota(date!(2026 - 06 - 15), dec!(8))
        .build();
    assert_valid(&doc);
    let split = factura()
        .item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(600)))
        .credito_en_cuotas(&[date!(2026 - 04 - 15), date!(2026 - 05 - 15), date!(2026 - 06 - 15)])
        .build();
    let sum: Decimal = split.venta_al_credito.iter().map(|c| c.importe).sum();
    assert_eq!(sum, dec!(708));
    assert_eq!(split.venta_al_credito[0].importe, dec!(236));
    assert_valid(&split);
}

#[test]
fn header_level_other_charges_of_50_make_758() {
    let mut doc = factura().item(Item::gravado("NIU", "PRODUCTO", dec!(1), dec!(600))).build();
    doc.total_otros_cargos = Some(dec!(50));
    doc.total = Some(dec!(758));
    assert_valid(&doc);
}

#[test]
fn a_credit_note_on_a_boleta_keeps_positive_amounts_and_validates() {
    let original = DocumentKey::comprobante(TipoDeComprobante::Boleta, "B001", 9);
    let doc = Comprobante::nota_de_credito("B001", 1, &original, TipoDeNotaDeCredito::DevolucionTotal)
        .cliente_dni("44556677", "MARIA LOPEZ")
        .fecha_de_emision(DAY)
        .item(Item::gravado("NIU", "PRODUCTO DEVUELTO", dec!(1), dec!(100)))
        .build();
    assert_eq!(doc.total, Some(dec!(118)));
    assert_valid(&doc);
}

#[test]
fn a_ten_line_factura_with_odd_prices_validates_after_building() {
    let mut b = factura();
    for i in 1..=10u32 {
        b = b.item(Item::gravado("NIU", format!("ITEM {i}"), Decimal::from(i), dec!(3.333) * Decimal::from(i)));
    }
    let doc = b.build();
    assert_valid(&doc);
    let c = amounts::compute(&doc);
    assert_eq!(c.totals.total, doc.total.unwrap());
}
