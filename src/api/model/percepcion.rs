//! Percepción and retención documents, their queries and reversions (§8, client-derived).
//!
//! Owns the 8 request types of the two families and their reply shape: the reference
//! lists the same response fields for all of them, so [`PercepcionReply`],
//! [`RetencionReply`] and [`ReversionReply`] are honest aliases of one [`CpeReply`].
//! Builders and `ApiRequest` impls are in `cpe_builder.rs`. Must not validate nor do I/O.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::{Operacion, lenient};

/// `generar_percepcion` (§8, client-derived).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Percepcion {
    /// Always [`Operation::GenerarPercepcion`](crate::api::Operation::GenerarPercepcion).
    pub operacion: Operacion<6>,
    /// `P…`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// 6 only.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub cliente_tipo_de_documento: Option<ClienteTipoDeDocumento>,
    /// `cliente_numero_de_documento`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_numero_de_documento: Option<String>,
    /// `cliente_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_denominacion: Option<String>,
    /// `cliente_direccion`.
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
    /// `fecha_de_emision`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_emision: Option<String>,
    /// 1 only.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub moneda: Option<Moneda>,
    /// 1 = 2 %, 2 = 1 %, 3 = 0.5 %.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_tasa_de_percepcion: Option<PercepcionTipo>,
    /// Σ `importe_percibido`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_percibido: Option<Decimal>,
    /// Σ `importe_cobrado_con_percepcion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_cobrado: Option<Decimal>,
    /// `observaciones`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub observaciones: Option<String>,
    /// `enviar_automaticamente_a_la_sunat`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_a_la_sunat: Option<bool>,
    /// `enviar_automaticamente_al_cliente`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_al_cliente: Option<bool>,
    /// `codigo_unico`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_unico: Option<String>,
    /// `formato_de_pdf`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub formato_de_pdf: Option<FormatoDePdf>,
    /// `items`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PercepcionItem>,
}

/// One related document/collection of a percepción (§8.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PercepcionItem {
    /// `01`, `03`, `07`, `08`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_tipo: Option<TipoDocumentoRelacionado>,
    /// `documento_relacionado_serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_serie: Option<String>,
    /// `documento_relacionado_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_numero: Option<u32>,
    /// `documento_relacionado_fecha_de_emision`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_fecha_de_emision: Option<String>,
    /// `documento_relacionado_moneda`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_moneda: Option<Moneda>,
    /// `documento_relacionado_total`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_total: Option<Decimal>,
    /// `cobro_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cobro_fecha: Option<String>,
    /// `cobro_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub cobro_numero: Option<u32>,
    /// `cobro_total_sin_percepcion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub cobro_total_sin_percepcion: Option<Decimal>,
    /// `tipo_de_cambio`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub tipo_de_cambio: Option<Decimal>,
    /// `tipo_de_cambio_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub tipo_de_cambio_fecha: Option<String>,
    /// `round2(cobro_total_sin_percepcion × rate)`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub importe_percibido: Option<Decimal>,
    /// `importe_percibido_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub importe_percibido_fecha: Option<String>,
    /// `cobro_total_sin_percepcion + importe_percibido`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub importe_cobrado_con_percepcion: Option<Decimal>,
}

/// `consultar_percepcion` (§8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarPercepcion {
    /// Always [`Operation::ConsultarPercepcion`](crate::api::Operation::ConsultarPercepcion).
    pub operacion: Operacion<7>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// `generar_reversion_percepcion` (§8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReversionPercepcion {
    /// Always [`Operation::GenerarReversionPercepcion`](crate::api::Operation::GenerarReversionPercepcion).
    pub operacion: Operacion<8>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// ≤100.
    #[serde(with = "lenient::string")]
    pub motivo: String,
}

/// `consultar_reversion_percepcion` (§8.3); no `motivo` (nubefact-python's is a bug, §8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarReversionPercepcion {
    /// Always [`Operation::ConsultarReversionPercepcion`](crate::api::Operation::ConsultarReversionPercepcion).
    pub operacion: Operacion<9>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// `generar_retencion` (§8, client-derived).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Retencion {
    /// Always [`Operation::GenerarRetencion`](crate::api::Operation::GenerarRetencion).
    pub operacion: Operacion<10>,
    /// `R…`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// 6 only.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub cliente_tipo_de_documento: Option<ClienteTipoDeDocumento>,
    /// `cliente_numero_de_documento`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_numero_de_documento: Option<String>,
    /// `cliente_denominacion`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub cliente_denominacion: Option<String>,
    /// `cliente_direccion`.
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
    /// `fecha_de_emision`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub fecha_de_emision: Option<String>,
    /// 1 only.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub moneda: Option<Moneda>,
    /// 1 = 3 %, 2 = 6 %.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub tipo_de_tasa_de_retencion: Option<RetencionTipo>,
    /// Σ `importe_retenido`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_retenido: Option<Decimal>,
    /// Σ `importe_pagado_con_retencion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub total_pagado: Option<Decimal>,
    /// `observaciones`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub observaciones: Option<String>,
    /// `enviar_automaticamente_a_la_sunat`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_a_la_sunat: Option<bool>,
    /// `enviar_automaticamente_al_cliente`.
    #[serde(with = "lenient::opt_bool", skip_serializing_if = "Option::is_none")]
    pub enviar_automaticamente_al_cliente: Option<bool>,
    /// `codigo_unico`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub codigo_unico: Option<String>,
    /// `formato_de_pdf`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub formato_de_pdf: Option<FormatoDePdf>,
    /// `items`.
    #[serde(deserialize_with = "lenient::vec::deserialize", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<RetencionItem>,
}

/// One related document/payment of a retención (§8.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetencionItem {
    /// `01`, `03`, `07`, `08`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_tipo: Option<TipoDocumentoRelacionado>,
    /// `documento_relacionado_serie`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_serie: Option<String>,
    /// `documento_relacionado_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_numero: Option<u32>,
    /// `documento_relacionado_fecha_de_emision`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_fecha_de_emision: Option<String>,
    /// `documento_relacionado_moneda`.
    #[serde(deserialize_with = "lenient::opt_code", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_moneda: Option<Moneda>,
    /// `documento_relacionado_total`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub documento_relacionado_total: Option<Decimal>,
    /// `pago_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub pago_fecha: Option<String>,
    /// `pago_numero`.
    #[serde(with = "lenient::opt_u32", skip_serializing_if = "Option::is_none")]
    pub pago_numero: Option<u32>,
    /// `pago_total_sin_retencion`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub pago_total_sin_retencion: Option<Decimal>,
    /// `tipo_de_cambio`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub tipo_de_cambio: Option<Decimal>,
    /// `tipo_de_cambio_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub tipo_de_cambio_fecha: Option<String>,
    /// `round2(pago_total_sin_retencion × rate)`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub importe_retenido: Option<Decimal>,
    /// `importe_retenido_fecha`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub importe_retenido_fecha: Option<String>,
    /// `pago_total_sin_retencion − importe_retenido`.
    #[serde(with = "lenient::opt_decimal", skip_serializing_if = "Option::is_none")]
    pub importe_pagado_con_retencion: Option<Decimal>,
}

/// `consultar_retencion` (§8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarRetencion {
    /// Always [`Operation::ConsultarRetencion`](crate::api::Operation::ConsultarRetencion).
    pub operacion: Operacion<11>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// `generar_reversion_retencion` (§8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReversionRetencion {
    /// Always [`Operation::GenerarReversionRetencion`](crate::api::Operation::GenerarReversionRetencion).
    pub operacion: Operacion<12>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
    /// ≤100.
    #[serde(with = "lenient::string")]
    pub motivo: String,
}

/// `consultar_reversion_retencion` (§8.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultarReversionRetencion {
    /// Always [`Operation::ConsultarReversionRetencion`](crate::api::Operation::ConsultarReversionRetencion).
    pub operacion: Operacion<13>,
    /// `serie`.
    #[serde(with = "lenient::string")]
    pub serie: String,
    /// `numero`.
    #[serde(with = "lenient::req_u32")]
    pub numero: u32,
}

/// The answer to the percepción, retención and reversión operations (§8.3), parsed
/// leniently. Hash/QR/zip fields are a guess ("likely as in comprobantes").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CpeReply {
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
    /// `sunat_responsecode`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_responsecode: Option<String>,
    /// `sunat_soap_error`.
    #[serde(with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub sunat_soap_error: Option<String>,
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
}

/// The reply to `generar_percepcion` / `consultar_percepcion`.
pub type PercepcionReply = CpeReply;
/// The reply to `generar_retencion` / `consultar_retencion`.
pub type RetencionReply = CpeReply;
/// The reply to the four reversión operations.
pub type ReversionReply = CpeReply;
