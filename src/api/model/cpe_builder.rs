//! Builders and `ApiRequest` impls for percepciones, retenciones and their reversions.
//!
//! Owns [`PercepcionBuilder`] and [`RetencionBuilder`] (whose `build()` fills the §8.2
//! relations through [`crate::api::amounts`]) and the key of every request of the two
//! families: (family, serie, numero), no `tipo`. Must not validate nor read a clock.

use rust_decimal::Decimal;

use super::codes::*;
use super::format_date;
use super::percepcion::*;
use crate::api::amounts;
use crate::api::key::DocumentKey;
use crate::api::operation::{Family, Operation};
use crate::api::request::ApiRequest;

macro_rules! untyped_request {
    ($t:ty, $reply:ty, $op:expr, $family:expr) => {
        impl ApiRequest for $t {
            type Reply = $reply;
            fn operation(&self) -> Operation {
                $op
            }
            fn key(&self) -> DocumentKey {
                DocumentKey::untyped($family, self.serie.clone(), self.numero)
            }
        }
    };
}

untyped_request!(Percepcion, PercepcionReply, Operation::GenerarPercepcion, Family::Percepcion);
untyped_request!(ConsultarPercepcion, PercepcionReply, Operation::ConsultarPercepcion, Family::Percepcion);
untyped_request!(ReversionPercepcion, ReversionReply, Operation::GenerarReversionPercepcion, Family::Percepcion);
untyped_request!(
    ConsultarReversionPercepcion,
    ReversionReply,
    Operation::ConsultarReversionPercepcion,
    Family::Percepcion
);
untyped_request!(Retencion, RetencionReply, Operation::GenerarRetencion, Family::Retencion);
untyped_request!(ConsultarRetencion, RetencionReply, Operation::ConsultarRetencion, Family::Retencion);
untyped_request!(ReversionRetencion, ReversionReply, Operation::GenerarReversionRetencion, Family::Retencion);
untyped_request!(
    ConsultarReversionRetencion,
    ReversionReply,
    Operation::ConsultarReversionRetencion,
    Family::Retencion
);

macro_rules! simple_new {
    ($t:ident) => {
        impl $t {
            /// The request for `serie`-`numero`.
            pub fn new(serie: impl Into<String>, numero: u32) -> Self {
                $t { serie: serie.into(), numero, ..Default::default() }
            }
        }
    };
    ($t:ident, motivo) => {
        impl $t {
            /// The reversion of `serie`-`numero` for `motivo` (≤100 characters).
            pub fn new(serie: impl Into<String>, numero: u32, motivo: impl Into<String>) -> Self {
                $t { serie: serie.into(), numero, motivo: motivo.into(), ..Default::default() }
            }
        }
    };
}

simple_new!(ConsultarPercepcion);
simple_new!(ConsultarReversionPercepcion);
simple_new!(ConsultarRetencion);
simple_new!(ConsultarReversionRetencion);
simple_new!(ReversionPercepcion, motivo);
simple_new!(ReversionRetencion, motivo);

/// A related document as percepción/retención items describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relacionado<'a> {
    /// `01` factura, `03` boleta, `07` NC, `08` ND.
    pub tipo: TipoDocumentoRelacionado,
    pub serie: &'a str,
    pub numero: u32,
    pub fecha_de_emision: time::Date,
    /// The related document's total (PEN).
    pub total: Decimal,
}

/// Builds a [`Percepcion`]; `build()` computes every item relation and the totals.
///
/// ```
/// use nubefact_harness::api::model::{Percepcion, PercepcionTipo, Relacionado, TipoDocumentoRelacionado};
/// use rust_decimal_macros::dec;
/// let d = time::macros::date!(2026 - 03 - 15);
/// let doc = Percepcion::builder("P001", 1, PercepcionTipo::General)
///     .cliente_ruc("20100000001", "COMERCIAL EJEMPLO SAC", "JR. UNO 123")
///     .fecha_de_emision(d)
///     .cobro(Relacionado { tipo: TipoDocumentoRelacionado::Factura, serie: "F001", numero: 42,
///                          fecha_de_emision: d, total: dec!(1000) }, d, dec!(1000))
///     .build();
/// assert_eq!(doc.total_percibido, Some(dec!(20.00)));
/// assert_eq!(doc.total_cobrado, Some(dec!(1020.00)));
/// ```
#[derive(Debug, Clone)]
pub struct PercepcionBuilder {
    doc: Percepcion,
}

impl Percepcion {
    /// Starts a percepción at the given rate (soles, sent to SUNAT).
    pub fn builder(serie: impl Into<String>, numero: u32, tasa: PercepcionTipo) -> PercepcionBuilder {
        PercepcionBuilder {
            doc: Percepcion {
                serie: serie.into(),
                numero,
                moneda: Some(Moneda::Pen),
                tipo_de_tasa_de_percepcion: Some(tasa),
                enviar_automaticamente_a_la_sunat: Some(true),
                enviar_automaticamente_al_cliente: Some(false),
                ..Default::default()
            },
        }
    }
}

impl PercepcionBuilder {
    /// Adds a collection of `importe` on `fecha` against a related document (in PEN).
    pub fn cobro(mut self, rel: Relacionado<'_>, fecha: time::Date, importe: Decimal) -> Self {
        let n = u32::try_from(self.doc.items.len() + 1).unwrap_or(u32::MAX);
        let fecha = format_date(fecha);
        self.doc.items.push(PercepcionItem {
            documento_relacionado_tipo: Some(rel.tipo),
            documento_relacionado_serie: Some(rel.serie.to_owned()),
            documento_relacionado_numero: Some(rel.numero),
            documento_relacionado_fecha_de_emision: Some(format_date(rel.fecha_de_emision)),
            documento_relacionado_moneda: Some(Moneda::Pen),
            documento_relacionado_total: Some(rel.total),
            cobro_fecha: Some(fecha.clone()),
            cobro_numero: Some(n),
            cobro_total_sin_percepcion: Some(importe),
            importe_percibido_fecha: Some(fecha),
            ..Default::default()
        });
        self
    }

    /// Computes the relations and returns the document.
    pub fn build(mut self) -> Percepcion {
        amounts::apply_percepcion(&mut self.doc);
        self.doc
    }
}

/// Builds a [`Retencion`]; `build()` computes every item relation and the totals.
#[derive(Debug, Clone)]
pub struct RetencionBuilder {
    doc: Retencion,
}

impl Retencion {
    /// Starts a retención at the given rate (soles, sent to SUNAT).
    pub fn builder(serie: impl Into<String>, numero: u32, tasa: RetencionTipo) -> RetencionBuilder {
        RetencionBuilder {
            doc: Retencion {
                serie: serie.into(),
                numero,
                moneda: Some(Moneda::Pen),
                tipo_de_tasa_de_retencion: Some(tasa),
                enviar_automaticamente_a_la_sunat: Some(true),
                enviar_automaticamente_al_cliente: Some(false),
                ..Default::default()
            },
        }
    }
}

impl RetencionBuilder {
    /// Adds a payment of `importe` on `fecha` against a related document (in PEN).
    pub fn pago(mut self, rel: Relacionado<'_>, fecha: time::Date, importe: Decimal) -> Self {
        let n = u32::try_from(self.doc.items.len() + 1).unwrap_or(u32::MAX);
        let fecha = format_date(fecha);
        self.doc.items.push(RetencionItem {
            documento_relacionado_tipo: Some(rel.tipo),
            documento_relacionado_serie: Some(rel.serie.to_owned()),
            documento_relacionado_numero: Some(rel.numero),
            documento_relacionado_fecha_de_emision: Some(format_date(rel.fecha_de_emision)),
            documento_relacionado_moneda: Some(Moneda::Pen),
            documento_relacionado_total: Some(rel.total),
            pago_fecha: Some(fecha.clone()),
            pago_numero: Some(n),
            pago_total_sin_retencion: Some(importe),
            importe_retenido_fecha: Some(fecha),
            ..Default::default()
        });
        self
    }

    /// Computes the relations and returns the document.
    pub fn build(mut self) -> Retencion {
        amounts::apply_retencion(&mut self.doc);
        self.doc
    }
}

/// The methods both builders share: the same header fields on both documents.
macro_rules! shared_methods {
    ($builder:ident, $doc:ident) => {
        impl $builder {
            /// The other party (RUC only).
            pub fn cliente_ruc(
                mut self,
                ruc: impl Into<String>,
                denominacion: impl Into<String>,
                direccion: impl Into<String>,
            ) -> Self {
                self.doc.cliente_tipo_de_documento = Some(ClienteTipoDeDocumento::Ruc);
                self.doc.cliente_numero_de_documento = Some(ruc.into());
                self.doc.cliente_denominacion = Some(denominacion.into());
                self.doc.cliente_direccion = Some(direccion.into());
                self
            }

            /// Sets `fecha_de_emision`.
            pub fn fecha_de_emision(mut self, date: time::Date) -> Self {
                self.doc.fecha_de_emision = Some(format_date(date));
                self
            }

            /// Any other change.
            pub fn with(mut self, f: impl FnOnce(&mut $doc)) -> Self {
                f(&mut self.doc);
                self
            }
        }
    };
}

shared_methods!(PercepcionBuilder, Percepcion);
shared_methods!(RetencionBuilder, Retencion);
