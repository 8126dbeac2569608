//! Amount checks of a comprobante: every line figure and every document total recomputed
//! with the calculator and compared within the tolerance, one figure at a time (§10).
//!
//! Lenient where the reference is inconsistent, and says so at each place: free-line
//! totals, `total_descuento`, header-level `total_otros_cargos`, the two equivalent ways
//! of summing the IGV, and the bag tax inside a line total.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{Check, Path, Rule};
use crate::api::amounts::{self, Computed, round2};
use crate::api::model::Comprobante;
use crate::api::model::codes::TaxCategory;

/// Checks every amount of `doc`; returns the recomputation for the callers' own rules.
pub(crate) fn check(c: &mut Check<'_>, doc: &Comprobante) -> Computed {
    let computed = amounts::compute(doc);
    for (i, (item, l)) in doc.items.iter().zip(&computed.lines).enumerate() {
        let p = |f: &'static str| Path::Indexed("items", i, f);
        let bolsas = item.impuesto_bolsas.unwrap_or_default();
        if c.present(p("subtotal"), item.subtotal).is_some() {
            c.amount(p("subtotal"), item.subtotal, l.subtotal);
        }
        if c.present(p("igv"), item.igv).is_some() {
            c.amount(p("igv"), item.igv, l.igv);
        }
        if c.present(p("precio_unitario"), item.precio_unitario).is_some() {
            c.amount(p("precio_unitario"), item.precio_unitario, l.precio_unitario);
        }
        if let Some(total) = c.present(p("total"), item.total) {
            let ok = if l.category == Some(TaxCategory::Gratuito) {
                // §10.1: free-line totals are inconsistent in the doc (= subtotal in the
                // gratuita examples, = impuesto_bolsas in the bag example); accept either,
                // their sum, or 0, since free lines do not enter `total` anyway.
                c.close_to_any(total, &[l.subtotal, bolsas, l.subtotal + bolsas, Decimal::ZERO])
            } else {
                // Whether ICBPER is inside the line total is not documented: accept both.
                c.close_to_any(total, &[l.total, l.total + bolsas])
            };
            if !ok {
                c.push(p("total"), Rule::Amount, format!("{} is {total}, expected {}", p("total"), l.total));
            }
        }
    }

    let t = &computed.totals;
    for (f, v) in [
        ("descuento_global", doc.descuento_global),
        ("total_descuento", doc.total_descuento),
        ("total_anticipo", doc.total_anticipo),
        ("total_gravada", doc.total_gravada),
        ("total_inafecta", doc.total_inafecta),
        ("total_exonerada", doc.total_exonerada),
        ("total_igv", doc.total_igv),
        ("total_gratuita", doc.total_gratuita),
        ("total_otros_cargos", doc.total_otros_cargos),
        ("total_isc", doc.total_isc),
        ("total", doc.total),
        ("total_impuestos_bolsas", doc.total_impuestos_bolsas),
        ("total_percepcion", doc.total_percepcion),
        ("total_retencion", doc.total_retencion),
        ("detraccion_total", doc.detraccion_total),
    ] {
        c.non_negative(f, v);
        c.scale(f, v, if f == "detraccion_total" { 10 } else { 2 });
    }
    c.amount("total_gravada", doc.total_gravada, t.total_gravada);
    c.amount("total_exonerada", doc.total_exonerada, t.total_exonerada);
    c.amount("total_inafecta", doc.total_inafecta, t.total_inafecta);
    c.amount("total_gratuita", doc.total_gratuita, t.total_gratuita);
    c.amount("total_isc", doc.total_isc, t.total_isc);
    c.amount("total_impuestos_bolsas", doc.total_impuestos_bolsas, t.total_impuestos_bolsas);
    c.amount("total_anticipo", doc.total_anticipo, t.total_anticipo);

    // IGV: the header rule round2((gravada + isc) × r), or — without a global discount —
    // the equivalent Σ line IGV (normal − advance), which can differ by rounding (§10.2).
    let mut igv_used = t.total_igv;
    let no_global = doc.descuento_global.is_none_or(|d| d.is_zero());
    match doc.total_igv {
        Some(d) if c.close_to_any(d, &[t.total_igv]) || (no_global && c.close_to_any(d, &[t.sum_line_igv])) => {
            igv_used = d;
        }
        declared => {
            c.amount("total_igv", declared, t.total_igv);
        }
    }
    // Other charges: Σ line otros_cargos, plus possibly header-level charges (§10.2 "60 =
    // 50 + 10"), so a larger declared figure is accepted.
    let mut otros_used = t.total_otros_cargos;
    match doc.total_otros_cargos {
        Some(d) if d >= t.total_otros_cargos - c.ctx.tolerance => otros_used = d,
        declared => {
            c.amount("total_otros_cargos", declared, t.total_otros_cargos);
        }
    }
    // total_descuento: the doc is inconsistent (global + line discounts, or only one of
    // them); accept any of the three readings.
    if let Some(d) = doc.total_descuento {
        let global = doc.descuento_global.unwrap_or_default();
        let lines = t.total_descuento - global;
        if !c.close_to_any(d, &[t.total_descuento, global, lines]) {
            c.push("total_descuento", Rule::Amount, format!("total_descuento is {d}, expected {}", t.total_descuento));
        }
    }

    let expected_total = t.total - t.total_igv + igv_used - t.total_otros_cargos + otros_used;
    match doc.total {
        None => c.push("total", Rule::Required, "total is required"),
        Some(_) => {
            c.amount("total", doc.total, expected_total);
        }
    }

    // Schemes: derived from the declared total so one wrong figure does not cascade.
    let total = doc.total.unwrap_or(expected_total);
    if let Some(tipo) = doc.percepcion_tipo {
        let base = doc.percepcion_base_imponible.unwrap_or(total);
        c.amount("percepcion_base_imponible", doc.percepcion_base_imponible, total);
        let p = round2(base * tipo.rate());
        c.amount("total_percepcion", doc.total_percepcion, p);
        c.amount("total_incluido_percepcion", doc.total_incluido_percepcion, total + doc.total_percepcion.unwrap_or(p));
    }
    if let Some(tipo) = doc.retencion_tipo {
        c.amount("retencion_base_imponible", doc.retencion_base_imponible, total);
        let base = doc.retencion_base_imponible.unwrap_or(total);
        c.amount("total_retencion", doc.total_retencion, round2(base * tipo.rate()));
    }
    if let (Some(pct), Some(_)) = (doc.detraccion_porcentaje, doc.detraccion_total) {
        c.amount("detraccion_total", doc.detraccion_total, round2(total * pct / dec!(100)));
    }
    computed
}
