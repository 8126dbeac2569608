//! `generar_comprobante` / `consultar_comprobante` (§4, §5): facturas, boletas and notes.
//!
//! Owns [`Comprobante`] with its [`Item`]s, [`GuiaRelacionada`]s and [`Cuota`]s, the query
//! and the reply, plus `ComprobanteBuilder` (in `comprobante_builder.rs`), which fills every derived amount through
//! [`crate::api::amounts`]. Must not validate (see [`crate::api::validate`]) nor read a clock.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::{Operacion, lenient};
use crate::api::key::TipoDeComprobante;

/// A `generar_comprobante` request: factura, boleta, nota de crédito or nota de débito
/// (§4.1). Build one with [`Comprobante::factura`] and friends; `build()` fills the amounts.
/// Optional fields left `None` are omitted on the wire.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Comprobante {
    /// Always [`Operation::GenerarComprobante`](crate::api::Operation::GenerarComprobante).
    pub operacion: Operacion<0>,
    /// 1–4.
    pub tipo_de_comprobante: TipoDeComprobante,
    /// Exactly 4 characters (§11).
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// 1…99 999 999.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// Table §9.2; 1 in most cases.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub sunat_transaction: Option<SunatTransaction>,
    /// Table §9.3.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub cliente_tipo_de_documento: Option<ClienteTipoDeDocumento>,
    /// 1–15 characters.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_numero_de_documento: Option<String>,
    /// 1–100 characters.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_denominacion: Option<String>,
    /// 1–100; optional for boletas and their notes.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_direccion: Option<String>,
    /// `cliente_email`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email: Option<String>,
    /// `cliente_email_1`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email_1: Option<String>,
    /// `cliente_email_2`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_email_2: Option<String>,
    /// `DD-MM-YYYY`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_emision: Option<String>,
    /// `DD-MM-YYYY`, after emission.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_vencimiento: Option<String>,
    /// `moneda`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub moneda: Option<Moneda>,
    /// 3 decimals; needed when `moneda` ≠ 1.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub tipo_de_cambio: Option<Decimal>,
    /// e.g. `18.00`; `4.00` on IVAP documents.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub porcentaje_de_igv: Option<Decimal>,
    /// Pre-tax document-level discount.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub descuento_global: Option<Decimal>,
    /// `total_descuento`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_descuento: Option<Decimal>,
    /// `total_anticipo`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_anticipo: Option<Decimal>,
    /// `total_gravada`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_gravada: Option<Decimal>,
    /// `total_inafecta`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_inafecta: Option<Decimal>,
    /// `total_exonerada`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_exonerada: Option<Decimal>,
    /// `total_igv`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_igv: Option<Decimal>,
    /// `total_gratuita`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_gratuita: Option<Decimal>,
    /// `total_otros_cargos`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_otros_cargos: Option<Decimal>,
    /// `total_isc`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_isc: Option<Decimal>,
    /// Required: the amount of the document.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total: Option<Decimal>,
    /// `percepcion_tipo`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub percepcion_tipo: Option<PercepcionTipo>,
    /// `percepcion_base_imponible`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub percepcion_base_imponible: Option<Decimal>,
    /// `total_percepcion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_percepcion: Option<Decimal>,
    /// `total_incluido_percepcion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_incluido_percepcion: Option<Decimal>,
    /// `retencion_tipo`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub retencion_tipo: Option<RetencionTipo>,
    /// `retencion_base_imponible`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub retencion_base_imponible: Option<Decimal>,
    /// `total_retencion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_retencion: Option<Decimal>,
    /// `total_impuestos_bolsas`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_impuestos_bolsas: Option<Decimal>,
    /// `detraccion`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub detraccion: Option<bool>,
    /// `detraccion_tipo`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub detraccion_tipo: Option<DetraccionTipo>,
    /// `detraccion_total`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub detraccion_total: Option<Decimal>,
    /// `detraccion_porcentaje`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub detraccion_porcentaje: Option<Decimal>,
    /// `medio_de_pago_detraccion`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub medio_de_pago_detraccion: Option<MedioDePagoDetraccion>,
    /// `ubigeo_origen`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub ubigeo_origen: Option<u32>,
    /// `ubigeo_destino`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub ubigeo_destino: Option<u32>,
    /// `direccion_origen`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub direccion_origen: Option<String>,
    /// `direccion_destino`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub direccion_destino: Option<String>,
    /// `detalle_viaje`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub detalle_viaje: Option<String>,
    /// `val_ref_serv_trans`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_ref_serv_trans: Option<Decimal>,
    /// `val_ref_carga_efec`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_ref_carga_efec: Option<Decimal>,
    /// `val_ref_carga_util`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_ref_carga_util: Option<Decimal>,
    /// `punto_origen_viaje`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub punto_origen_viaje: Option<u32>,
    /// `punto_destino_viaje`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub punto_destino_viaje: Option<u32>,
    /// `descripcion_tramo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub descripcion_tramo: Option<String>,
    /// `val_ref_carga_efec_tramo_virtual`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_ref_carga_efec_tramo_virtual: Option<Decimal>,
    /// `configuracion_vehicular`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub configuracion_vehicular: Option<String>,
    /// `carga_util_tonel_metricas`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub carga_util_tonel_metricas: Option<Decimal>,
    /// `carga_efec_tonel_metricas`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub carga_efec_tonel_metricas: Option<Decimal>,
    /// `val_ref_tonel_metrica`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_ref_tonel_metrica: Option<Decimal>,
    /// `val_pre_ref_carga_util_nominal`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub val_pre_ref_carga_util_nominal: Option<Decimal>,
    /// `indicador_aplicacion_retorno_vacio`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub indicador_aplicacion_retorno_vacio: Option<bool>,
    /// `matricula_emb_pesquera`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub matricula_emb_pesquera: Option<String>,
    /// `nombre_emb_pesquera`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub nombre_emb_pesquera: Option<String>,
    /// `descripcion_tipo_especie_vendida`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub descripcion_tipo_especie_vendida: Option<String>,
    /// `lugar_de_descarga`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub lugar_de_descarga: Option<String>,
    /// `cantidad_especie_vendida`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub cantidad_especie_vendida: Option<Decimal>,
    /// The table says `YYYY-MM-DD`, the example `DD-MM-YYYY`; both accepted.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_descarga: Option<String>,
    /// ≤1000; `<br>` breaks lines in the PDF.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub observaciones: Option<String>,
    /// Notes: 1 factura or 2 boleta.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_que_se_modifica_tipo: Option<TipoDeComprobante>,
    /// `documento_que_se_modifica_serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_que_se_modifica_serie: Option<String>,
    /// `documento_que_se_modifica_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub documento_que_se_modifica_numero: Option<u32>,
    /// `tipo_de_nota_de_credito`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_nota_de_credito: Option<TipoDeNotaDeCredito>,
    /// `tipo_de_nota_de_debito`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_nota_de_debito: Option<TipoDeNotaDeDebito>,
    /// `enviar_automaticamente_a_la_sunat`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_a_la_sunat: Option<bool>,
    /// `enviar_automaticamente_al_cliente`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_al_cliente: Option<bool>,
    /// ≤20; Nubefact dedupes on it.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_unico: Option<String>,
    /// `condiciones_de_pago`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub condiciones_de_pago: Option<String>,
    /// `medio_de_pago`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub medio_de_pago: Option<String>,
    /// `placa_vehiculo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub placa_vehiculo: Option<String>,
    /// `orden_compra_servicio`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub orden_compra_servicio: Option<String>,
    /// `tabla_personalizada_codigo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub tabla_personalizada_codigo: Option<String>,
    /// `formato_de_pdf`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub formato_de_pdf: Option<FormatoDePdf>,
    /// `generado_por_contingencia`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub generado_por_contingencia: Option<bool>,
    /// `bienes_region_selva`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub bienes_region_selva: Option<bool>,
    /// `servicios_region_selva`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub servicios_region_selva: Option<bool>,
    /// `nubecont_tipo_de_venta_codigo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub nubecont_tipo_de_venta_codigo: Option<String>,
    /// At least one.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// `guias`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub guias: Vec<GuiaRelacionada>,
    /// `venta_al_credito`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub venta_al_credito: Vec<Cuota>,
}

/// One line of a comprobante (§4.2). [`Item::gravado`] and friends set the inputs; the
/// calculator fills `precio_unitario`, `subtotal`, `igv` and `total`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    /// `NIU` goods, `ZZ` services; 2–5 characters.
    #[serde(with = "lenient::string")]
    pub unidad_de_medida: String,
    /// `codigo`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo: Option<String>,
    /// `codigo_producto_sunat`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_producto_sunat: Option<String>,
    /// 1–250 characters.
    #[serde(with = "lenient::string")]
    pub descripcion: String,
    /// `cantidad`.
    #[serde(with = "lenient::decimal")]
    pub cantidad: Decimal,
    /// Unit value without IGV.
    #[serde(with = "lenient::decimal")]
    pub valor_unitario: Decimal,
    /// Unit price with IGV.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub precio_unitario: Option<Decimal>,
    /// Line discount, before taxes.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub descuento: Option<Decimal>,
    /// `valor_unitario × cantidad − descuento`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub subtotal: Option<Decimal>,
    /// Omitted when `tipo_de_ivap` is used.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_igv: Option<TipoDeIgv>,
    /// `tipo_de_ivap`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_ivap: Option<TipoDeIvap>,
    /// `igv`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub igv: Option<Decimal>,
    /// `impuesto_bolsas`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub impuesto_bolsas: Option<Decimal>,
    /// 1, 2 or 3.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub tipo_de_isc: Option<u32>,
    /// `isc`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub isc: Option<Decimal>,
    /// `otros_cargos`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub otros_cargos: Option<Decimal>,
    /// `total`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total: Option<Decimal>,
    /// `true` on a line deducting an earlier advance.
    #[serde(with = "lenient::req_bool")]
    pub anticipo_regularizacion: bool,
    /// `anticipo_documento_serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub anticipo_documento_serie: Option<String>,
    /// `anticipo_documento_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub anticipo_documento_numero: Option<u32>,
}

/// A related delivery note, `guias[]` (§4.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuiaRelacionada {
    /// `guia_tipo`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub guia_tipo: Option<GuiaTipo>,
    /// e.g. `T001-15`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub guia_serie_numero: Option<String>,
}

/// A credit installment, `venta_al_credito[]` (§4.4).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Cuota {
    /// 1–3 digits.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub cuota: Option<u32>,
    /// `DD-MM-YYYY`, after emission.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_pago: Option<String>,
    /// `importe`.
    #[serde(with = "lenient::decimal")]
    pub importe: Decimal,
}

/// `consultar_comprobante` (§5).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarComprobante {
    /// Always [`Operation::ConsultarComprobante`](crate::api::Operation::ConsultarComprobante).
    pub operacion: Operacion<1>,
    /// `tipo_de_comprobante`.
    pub tipo_de_comprobante: TipoDeComprobante,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// The answer to `generar_comprobante` and `consultar_comprobante` (§5), parsed leniently.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ComprobanteReply {
    /// `tipo_de_comprobante`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub tipo_de_comprobante: Option<u32>,
    /// `serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub serie: Option<String>,
    /// `numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub numero: Option<u32>,
    /// `enlace`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace: Option<String>,
    /// `enlace_del_pdf`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_pdf: Option<String>,
    /// `enlace_del_xml`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_xml: Option<String>,
    /// `enlace_del_cdr`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub enlace_del_cdr: Option<String>,
    /// `aceptada_por_sunat`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub aceptada_por_sunat: Option<bool>,
    /// `sunat_description`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_description: Option<String>,
    /// `sunat_note`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_note: Option<String>,
    /// SUNAT code as a string; `"0"` = accepted.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_responsecode: Option<String>,
    /// `sunat_soap_error`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_soap_error: Option<String>,
    /// Only in `consultar_comprobante`: the document was voided.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub anulado: Option<bool>,
    /// `pdf_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pdf_zip_base64: Option<String>,
    /// `xml_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub xml_zip_base64: Option<String>,
    /// `cdr_zip_base64`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cdr_zip_base64: Option<String>,
    /// `cadena_para_codigo_qr`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cadena_para_codigo_qr: Option<String>,
    /// `codigo_hash`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_hash: Option<String>,
    /// `codigo_de_barras`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_de_barras: Option<String>,
}
