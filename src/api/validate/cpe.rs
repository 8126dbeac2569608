//! Checks of percepción and retención documents (§8): header rules and the §8.2 item and
//! total relations.

use rust_decimal::Decimal;

use super::{Check, FieldError, Path, Rule, ValidationContext};
use crate::api::amounts::{percepcion_item, retencion_item};
use crate::api::model::codes::{ClienteTipoDeDocumento, Moneda, TipoDocumentoRelacionado as Rel};
use crate::api::model::{Percepcion, Retencion};

/// The header fields both documents share.
struct Header<'a> {
    cliente_tipo: Option<ClienteTipoDeDocumento>,
    cliente_numero: Option<&'a str>,
    denominacion: Option<&'a str>,
    direccion: Option<&'a str>,
    emails: [Option<&'a str>; 3],
    fecha: Option<&'a str>,
    moneda: Option<Moneda>,
    observaciones: Option<&'a str>,
    codigo_unico: Option<&'a str>,
}

fn header(c: &mut Check<'_>, h: &Header<'_>) {
    match c.present("cliente_tipo_de_documento", h.cliente_tipo) {
        Some(ClienteTipoDeDocumento::Ruc) | None => {}
        Some(other) => c.push(
            "cliente_tipo_de_documento",
            Rule::Enum,
            format!("cliente_tipo_de_documento must be 6 (RUC), not {:?}", other.code()),
        ),
    }
    c.text("cliente_numero_de_documento", h.cliente_numero, 11, 11);
    if let Some(n) = h.cliente_numero {
        c.digits("cliente_numero_de_documento", n, 11, 11);
    }
    c.text("cliente_denominacion", h.denominacion, 1, 100);
    c.text("cliente_direccion", h.direccion, 1, 100);
    for (f, e) in ["cliente_email", "cliente_email_1", "cliente_email_2"].iter().zip(h.emails) {
        c.email(*f, e);
    }
    let fecha = c.date("fecha_de_emision", h.fecha, true);
    if let (Some(f), Some(today)) = (fecha, c.ctx.today)
        && f != today
    {
        c.push("fecha_de_emision", Rule::Today, format!("fecha_de_emision {f} must be today ({today})"));
    }
    match c.present("moneda", h.moneda) {
        Some(Moneda::Pen) | None => {}
        Some(m) => c.push("moneda", Rule::Enum, format!("moneda must be 1 (PEN), not {}", m.code())),
    }
    c.opt_text("observaciones", h.observaciones, 1000);
    c.opt_text("codigo_unico", h.codigo_unico, 20);
}

/// The related-document fields both item kinds share.
#[allow(clippy::too_many_arguments)]
fn related(
    c: &mut Check<'_>,
    i: usize,
    tipo: Option<Rel>,
    serie: Option<&str>,
    numero: Option<u32>,
    fecha: Option<&str>,
    moneda: Option<Moneda>,
    total: Option<Decimal>,
    tipo_de_cambio: Option<Decimal>,
) {
    let p = |f: &'static str| Path::Indexed("items", i, f);
    match c.present(p("documento_relacionado_tipo"), tipo) {
        Some(Rel::Factura | Rel::Boleta | Rel::NotaDeCredito | Rel::NotaDeDebito) | None => {}
        Some(other) => c.push(
            p("documento_relacionado_tipo"),
            Rule::Enum,
            format!("{} must be 01, 03, 07 or 08, not {}", p("documento_relacionado_tipo"), other.code()),
        ),
    }
    c.text(p("documento_relacionado_serie"), serie, 4, 4);
    if let Some(n) = c.present(p("documento_relacionado_numero"), numero) {
        c.numero(p("documento_relacionado_numero"), n);
    }
    c.date(p("documento_relacionado_fecha_de_emision"), fecha, true);
    if let Some(m) = c.present(p("documento_relacionado_moneda"), moneda)
        && m != Moneda::Pen
        && tipo_de_cambio.is_none()
    {
        c.push(
            p("tipo_de_cambio"),
            Rule::Conditional,
            format!("{} is required when the related document is not in PEN", p("tipo_de_cambio")),
        );
    }
    c.present(p("documento_relacionado_total"), total);
    c.non_negative(p("documento_relacionado_total"), total);
}

/// Validates a percepción: header, items and the §8.2 relations.
pub fn percepcion(doc: &Percepcion, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    c.serie("serie", &doc.serie, &['P'], "a percepción");
    c.numero("numero", doc.numero);
    header(
        &mut c,
        &Header {
            cliente_tipo: doc.cliente_tipo_de_documento,
            cliente_numero: doc.cliente_numero_de_documento.as_deref(),
            denominacion: doc.cliente_denominacion.as_deref(),
            direccion: doc.cliente_direccion.as_deref(),
            emails: [doc.cliente_email.as_deref(), doc.cliente_email_1.as_deref(), doc.cliente_email_2.as_deref()],
            fecha: doc.fecha_de_emision.as_deref(),
            moneda: doc.moneda,
            observaciones: doc.observaciones.as_deref(),
            codigo_unico: doc.codigo_unico.as_deref(),
        },
    );
    let tipo = c.present("tipo_de_tasa_de_percepcion", doc.tipo_de_tasa_de_percepcion);
    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one related document");
    }
    let (mut percibido, mut cobrado) = (Decimal::ZERO, Decimal::ZERO);
    for (i, item) in doc.items.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("items", i, f);
        related(
            &mut c,
            i,
            item.documento_relacionado_tipo,
            item.documento_relacionado_serie.as_deref(),
            item.documento_relacionado_numero,
            item.documento_relacionado_fecha_de_emision.as_deref(),
            item.documento_relacionado_moneda,
            item.documento_relacionado_total,
            item.tipo_de_cambio,
        );
        c.date(p("cobro_fecha"), item.cobro_fecha.as_deref(), true);
        if c.present(p("cobro_numero"), item.cobro_numero) == Some(0) {
            c.push(p("cobro_numero"), Rule::Numero, format!("{} must be at least 1", p("cobro_numero")));
        }
        c.present(p("cobro_total_sin_percepcion"), item.cobro_total_sin_percepcion);
        c.non_negative(p("cobro_total_sin_percepcion"), item.cobro_total_sin_percepcion);
        if let Some(tipo) = tipo {
            let (ep, ec) = percepcion_item(item, tipo);
            c.amount(p("importe_percibido"), item.importe_percibido, ep);
            let base = item.cobro_total_sin_percepcion.unwrap_or_default();
            c.amount(
                p("importe_cobrado_con_percepcion"),
                item.importe_cobrado_con_percepcion,
                base + item.importe_percibido.unwrap_or(ep),
            );
            let _ = ec;
        }
        percibido += item.importe_percibido.unwrap_or_default();
        cobrado += item.importe_cobrado_con_percepcion.unwrap_or_default();
    }
    c.amount("total_percibido", doc.total_percibido, percibido);
    c.amount("total_cobrado", doc.total_cobrado, cobrado);
    c.errors
}

/// Validates a retención: header, items and the §8.2 relations.
pub fn retencion(doc: &Retencion, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    c.serie("serie", &doc.serie, &['R'], "a retención");
    c.numero("numero", doc.numero);
    header(
        &mut c,
        &Header {
            cliente_tipo: doc.cliente_tipo_de_documento,
            cliente_numero: doc.cliente_numero_de_documento.as_deref(),
            denominacion: doc.cliente_denominacion.as_deref(),
            direccion: doc.cliente_direccion.as_deref(),
            emails: [doc.cliente_email.as_deref(), doc.cliente_email_1.as_deref(), doc.cliente_email_2.as_deref()],
            fecha: doc.fecha_de_emision.as_deref(),
            moneda: doc.moneda,
            observaciones: doc.observaciones.as_deref(),
            codigo_unico: doc.codigo_unico.as_deref(),
        },
    );
    let tipo = c.present("tipo_de_tasa_de_retencion", doc.tipo_de_tasa_de_retencion);
    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one related document");
    }
    let (mut retenido, mut pagado) = (Decimal::ZERO, Decimal::ZERO);
    for (i, item) in doc.items.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("items", i, f);
        related(
            &mut c,
            i,
            item.documento_relacionado_tipo,
            item.documento_relacionado_serie.as_deref(),
            item.documento_relacionado_numero,
            item.documento_relacionado_fecha_de_emision.as_deref(),
            item.documento_relacionado_moneda,
            item.documento_relacionado_total,
            item.tipo_de_cambio,
        );
        c.date(p("pago_fecha"), item.pago_fecha.as_deref(), true);
        if c.present(p("pago_numero"), item.pago_numero) == Some(0) {
            c.push(p("pago_numero"), Rule::Numero, format!("{} must be at least 1", p("pago_numero")));
        }
        c.present(p("pago_total_sin_retencion"), item.pago_total_sin_retencion);
        c.non_negative(p("pago_total_sin_retencion"), item.pago_total_sin_retencion);
        if let Some(tipo) = tipo {
            let (er, _) = retencion_item(item, tipo);
            c.amount(p("importe_retenido"), item.importe_retenido, er);
            let base = item.pago_total_sin_retencion.unwrap_or_default();
            c.amount(
                p("importe_pagado_con_retencion"),
                item.importe_pagado_con_retencion,
                base - item.importe_retenido.unwrap_or(er),
            );
        }
        retenido += item.importe_retenido.unwrap_or_default();
        pagado += item.importe_pagado_con_retencion.unwrap_or_default();
    }
    c.amount("total_retenido", doc.total_retenido, retenido);
    c.amount("total_pagado", doc.total_pagado, pagado);
    c.errors
}
