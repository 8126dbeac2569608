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

/// The header and related-document fields have the same names on both documents and
/// their items; these read them into the shared checks.
macro_rules! header_of {
    ($doc:expr) => {
        Header {
            cliente_tipo: $doc.cliente_tipo_de_documento,
            cliente_numero: $doc.cliente_numero_de_documento.as_deref(),
            denominacion: $doc.cliente_denominacion.as_deref(),
            direccion: $doc.cliente_direccion.as_deref(),
            emails: [$doc.cliente_email.as_deref(), $doc.cliente_email_1.as_deref(), $doc.cliente_email_2.as_deref()],
            fecha: $doc.fecha_de_emision.as_deref(),
            moneda: $doc.moneda,
            observaciones: $doc.observaciones.as_deref(),
            codigo_unico: $doc.codigo_unico.as_deref(),
        }
    };
}

macro_rules! related_of {
    ($c:expr, $i:expr, $item:expr) => {
        related(
            $c,
            $i,
            $item.documento_relacionado_tipo,
            $item.documento_relacionado_serie.as_deref(),
            $item.documento_relacionado_numero,
            $item.documento_relacionado_fecha_de_emision.as_deref(),
            $item.documento_relacionado_moneda,
            $item.documento_relacionado_total,
            $item.tipo_de_cambio,
        )
    };
}

/// One collection (percepción) or payment (retención) of an item: its field names, its
/// values, and the importe the rate gives. A percepción adds its importe to the base, a
/// retención subtracts it (§8.2).
struct Movement<'a> {
    fecha: (&'static str, Option<&'a str>),
    numero: (&'static str, Option<u32>),
    base: (&'static str, Option<Decimal>),
    importe: (&'static str, Option<Decimal>),
    neto: (&'static str, Option<Decimal>),
    /// `Some(expected importe)` when the document's rate is known.
    expected: Option<Decimal>,
    adds: bool,
}

fn movement(c: &mut Check<'_>, i: usize, m: &Movement<'_>) {
    let p = |f: &'static str| Path::Indexed("items", i, f);
    c.date(p(m.fecha.0), m.fecha.1, true);
    if c.present(p(m.numero.0), m.numero.1) == Some(0) {
        c.push(p(m.numero.0), Rule::Numero, format!("{} must be at least 1", p(m.numero.0)));
    }
    c.present(p(m.base.0), m.base.1);
    c.non_negative(p(m.base.0), m.base.1);
    if let Some(expected) = m.expected {
        c.amount(p(m.importe.0), m.importe.1, expected);
        let (base, importe) = (m.base.1.unwrap_or_default(), m.importe.1.unwrap_or(expected));
        c.amount(p(m.neto.0), m.neto.1, if m.adds { base + importe } else { base - importe });
    }
}

/// Validates a percepción: header, items and the §8.2 relations.
pub fn percepcion(doc: &Percepcion, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    c.serie("serie", &doc.serie, &['P'], "a percepción");
    c.numero("numero", doc.numero);
    header(&mut c, &header_of!(doc));
    let tipo = c.present("tipo_de_tasa_de_percepcion", doc.tipo_de_tasa_de_percepcion);
    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one related document");
    }
    let (mut percibido, mut cobrado) = (Decimal::ZERO, Decimal::ZERO);
    for (i, item) in doc.items.iter().enumerate() {
        related_of!(&mut c, i, item);
        let m = Movement {
            fecha: ("cobro_fecha", item.cobro_fecha.as_deref()),
            numero: ("cobro_numero", item.cobro_numero),
            base: ("cobro_total_sin_percepcion", item.cobro_total_sin_percepcion),
            importe: ("importe_percibido", item.importe_percibido),
            neto: ("importe_cobrado_con_percepcion", item.importe_cobrado_con_percepcion),
            expected: tipo.map(|t| percepcion_item(item, t).0),
            adds: true,
        };
        movement(&mut c, i, &m);
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
    header(&mut c, &header_of!(doc));
    let tipo = c.present("tipo_de_tasa_de_retencion", doc.tipo_de_tasa_de_retencion);
    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one related document");
    }
    let (mut retenido, mut pagado) = (Decimal::ZERO, Decimal::ZERO);
    for (i, item) in doc.items.iter().enumerate() {
        related_of!(&mut c, i, item);
        let m = Movement {
            fecha: ("pago_fecha", item.pago_fecha.as_deref()),
            numero: ("pago_numero", item.pago_numero),
            base: ("pago_total_sin_retencion", item.pago_total_sin_retencion),
            importe: ("importe_retenido", item.importe_retenido),
            neto: ("importe_pagado_con_retencion", item.importe_pagado_con_retencion),
            expected: tipo.map(|t| retencion_item(item, t).0),
            adds: false,
        };
        movement(&mut c, i, &m);
        retenido += item.importe_retenido.unwrap_or_default();
        pagado += item.importe_pagado_con_retencion.unwrap_or_default();
    }
    c.amount("total_retenido", doc.total_retenido, retenido);
    c.amount("total_pagado", doc.total_pagado, pagado);
    c.errors
}
