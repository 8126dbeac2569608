//! The totals calculator (§10): line amounts, document totals and the special schemes.
//!
//! Owns the arithmetic: half-up rounding to 2 decimals per line, then sums of the rounded
//! lines, and the header IGV as `round2((total_gravada + isc) × r)` (§10.5). The builders
//! use it to fill documents and the validator uses it to recompute them. Must not decide
//! what is valid (tolerances live in `validate`), and must not do I/O.

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

use super::model::codes::{PercepcionTipo, RetencionTipo, SunatTransaction, TaxCategory};
use super::model::lenient::split_pow10;
use super::model::{Comprobante, Item, Percepcion, PercepcionItem, Retencion, RetencionItem};

/// The IGV rate used when a document does not say (`porcentaje_de_igv` 18.00).
pub const DEFAULT_PORCENTAJE_DE_IGV: Decimal = dec!(18.00);

/// Rounds half-up (away from zero) to 2 decimals, the precision of every amount (§10.5).
/// The result always has a scale of exactly 2, so that it goes on the wire as `500.00`.
pub fn round2(value: Decimal) -> Decimal {
    if let Some(r) = round2_small(value) {
        return r;
    }
    // Most products of 2-decimal amounts need no rounding, only padding.
    let mut r = if value.scale() <= 2 {
        value
    } else {
        value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    };
    r.rescale(2);
    r
}

/// The unsigned 64-bit mantissa of a positive, non-zero `value`, or `None` (negative, zero
/// or too large): the only values the integer fast paths below handle, so that signs and
/// zeros keep exactly what `rust_decimal` does with them.
fn small_positive(value: Decimal) -> Option<u64> {
    if value.is_sign_negative() || value.is_zero() {
        return None;
    }
    u64::try_from(value.mantissa()).ok()
}

/// The positive decimal `m / 10^scale` (scale ≤ 28), built from its parts: cheaper than
/// `from_i128_with_scale`, which checks a 96-bit range a u64 always fits.
fn positive_u64(m: u64, scale: u32) -> Decimal {
    Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, scale)
}

/// [`round2`] on integers for positive u64 mantissas with more than 2 decimals: the same
/// half-up rounding as `round_dp_with_strategy(2, MidpointAwayFromZero)` followed by
/// `rescale(2)`, without the general 96-bit machinery (the hot path of every line).
fn round2_small(value: Decimal) -> Option<Decimal> {
    let scale = value.scale();
    if scale <= 2 || scale > 21 {
        return None;
    }
    let m = small_positive(value)?;
    let (q, rem, div) = split_pow10(m, scale - 2)?;
    // Half up: rem ≥ div / 2, written as rem ≥ div − rem (2·rem could overflow a u64).
    let q = if rem >= div - rem { q + 1 } else { q };
    // q ≤ m < 2^64 and the scale is 2: always representable.
    Some(positive_u64(q, 2))
}

/// Writes an amount with at least 2 decimals (`708` → `708.00`), the wire's money shape.
pub fn money(mut value: Decimal) -> Decimal {
    if value.scale() < 2 {
        value.rescale(2);
    }
    value
}

/// Zero as an amount (`0.00`).
const ZERO2: Decimal = Decimal::from_parts(0, 0, 0, false, 2);

/// Rounds a unit price to 10 decimals (§10.5) and writes it with 2 to 10 decimals,
/// trailing zeros beyond the second removed (`29.50`, `11.9456120000` → `11.945612`).
fn round_price(value: Decimal) -> Decimal {
    // Products of short prices and `1 + r` rarely exceed 10 decimals: skip the rounding then.
    let mut r = if value.scale() <= 10 {
        value
    } else {
        value.round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero)
    };
    if r.scale() > 2 {
        r = match small_positive(r) {
            // Removing trailing zeros down to 2 decimals is what `normalize` followed by
            // `rescale(2)` gives, on integers.
            Some(mut m) => {
                let mut scale = r.scale();
                while scale > 2 && m % 10 == 0 {
                    m /= 10;
                    scale -= 1;
                }
                positive_u64(m, scale)
            }
            None => r.normalize(),
        };
    }
    if r.scale() < 2 {
        r.rescale(2);
    }
    r
}

/// The derived amounts of one line (§10.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    /// `round2(valor_unitario × cantidad − descuento)`.
    pub subtotal: Decimal,
    /// `round2((subtotal + isc) × r)` for taxed lines, 0 otherwise.
    pub igv: Decimal,
    /// `valor_unitario × (1 + r)` (plus ISC per unit) for taxed lines, else `valor_unitario`.
    pub precio_unitario: Decimal,
    /// `subtotal + igv + isc + otros_cargos` for onerous lines; `subtotal` for free lines.
    pub total: Decimal,
    /// Where the line goes; `None` when it has neither `tipo_de_igv` nor `tipo_de_ivap`.
    pub category: Option<TaxCategory>,
}

/// The document totals (§10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub total_gravada: Decimal,
    pub total_exonerada: Decimal,
    pub total_inafecta: Decimal,
    pub total_gratuita: Decimal,
    pub total_igv: Decimal,
    pub total_isc: Decimal,
    pub total_otros_cargos: Decimal,
    pub total_impuestos_bolsas: Decimal,
    /// `descuento_global` + Σ line `descuento` (validated leniently, the doc is inconsistent).
    pub total_descuento: Decimal,
    /// Σ `subtotal` of the `anticipo_regularizacion` lines.
    pub total_anticipo: Decimal,
    /// Σ `igv` of normal lines − Σ `igv` of advance lines (the alternative IGV sum of §10.2).
    pub sum_line_igv: Decimal,
    /// `gravada + exonerada + inafecta + igv + isc + otros_cargos + impuestos_bolsas`;
    /// `total_gratuita` is not added.
    pub total: Decimal,
}

/// Everything the calculator derives for a comprobante.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    /// One entry per item, in order.
    pub lines: Vec<LineAmounts>,
    pub totals: Totals,
    /// `(base, total_percepcion, total_incluido_percepcion)` when `percepcion_tipo` is set.
    pub percepcion: Option<(Decimal, Decimal, Decimal)>,
    /// `(base, total_retencion)` when `retencion_tipo` is set.
    pub retencion: Option<(Decimal, Decimal)>,
    /// `round2(total × detraccion_porcentaje / 100)` when a percentage is set.
    pub detraccion_total: Option<Decimal>,
    /// What the buyer pays in installments: `total − detraccion − retencion` (guess, §4.4).
    pub payable: Decimal,
}

/// The tax category of an item: from `tipo_de_ivap` when present, else `tipo_de_igv`.
pub fn category(item: &Item) -> Option<TaxCategory> {
    item.tipo_de_ivap.map(|t| t.category()).or(item.tipo_de_igv.map(|t| t.category()))
}

/// The derived amounts of one line at the rate `r` (a fraction: 0.18).
pub fn line(item: &Item, r: Decimal) -> LineAmounts {
    line_at(item, r, Decimal::ONE + r)
}

/// [`line`] with `1 + r` computed once per document.
fn line_at(item: &Item, r: Decimal, one_plus_r: Decimal) -> LineAmounts {
    // An absent amount is a zero, and `x ± 0` is exactly `x` in rust_decimal (value and
    // scale), so absent amounts are simply not added: most lines have none of them.
    let isc = item.isc.unwrap_or_default();
    let gross = item.valor_unitario * item.cantidad;
    let subtotal = round2(match item.descuento {
        Some(d) => gross - d,
        None => gross,
    });
    let category = category(item);
    let plus = |a: Decimal, b: Option<Decimal>| match b {
        Some(b) => a + b,
        None => a,
    };
    match category {
        Some(TaxCategory::Gravado) => {
            let igv = round2(plus(subtotal, item.isc) * r);
            // Decimal division is the most expensive operation here: only divide for ISC.
            let unit = if isc.is_zero() || item.cantidad.is_zero() {
                item.valor_unitario
            } else {
                item.valor_unitario + isc / item.cantidad
            };
            let precio_unitario = round_price(unit * one_plus_r);
            let total = plus(plus(subtotal + igv, item.isc), item.otros_cargos);
            LineAmounts { subtotal, igv, precio_unitario, total, category }
        }
        // Free lines carry the referential value; §10.1 shows `total = subtotal`, though the
        // bag example differs, so the validator is lenient there.
        Some(TaxCategory::Gratuito) => {
            LineAmounts { subtotal, igv: ZERO2, precio_unitario: item.valor_unitario, total: subtotal, category }
        }
        _ => LineAmounts {
            subtotal,
            igv: ZERO2,
            precio_unitario: item.valor_unitario,
            total: plus(plus(subtotal, item.isc), item.otros_cargos),
            category,
        },
    }
}

/// The rate fraction of a document: `porcentaje_de_igv / 100`, 18 % when absent.
pub fn rate(doc: &Comprobante) -> Decimal {
    doc.porcentaje_de_igv.unwrap_or(DEFAULT_PORCENTAJE_DE_IGV) / dec!(100)
}

/// Recomputes every derived amount of `doc` from its inputs (quantities, unit values,
/// tax types, discounts, ISC, bag tax, other charges, advance lines, global discount, rate
/// and the percepción/retención/detracción settings). The document is not changed.
pub fn compute(doc: &Comprobante) -> Computed {
    let r = rate(doc);
    let mut lines = Vec::with_capacity(doc.items.len());
    let mut t = Totals::default();
    let mut gravada = Decimal::ZERO;
    let mut isc_gravado = Decimal::ZERO;
    let mut line_descuentos = Decimal::ZERO;
    let one_plus_r = Decimal::ONE + r;
    for item in &doc.items {
        let l = line_at(item, r, one_plus_r);
        let isc = item.isc.unwrap_or_default();
        // Adding an absent amount (a zero of scale 0) changes neither the value nor the
        // scale of a sum, so the optional amounts are only added when present: most lines
        // have no ISC, bag tax, discount or other charges, and a Decimal add is not free.
        if let Some(b) = item.impuesto_bolsas {
            t.total_impuestos_bolsas += b;
        }
        if item.anticipo_regularizacion {
            // An advance line has positive amounts but is deducted from its base (§10.3).
            t.total_anticipo += l.subtotal;
            t.sum_line_igv -= l.igv;
            match l.category {
                Some(TaxCategory::Exonerado) => t.total_exonerada -= l.subtotal,
                Some(TaxCategory::Inafecto | TaxCategory::Exportacion) => t.total_inafecta -= l.subtotal,
                _ => gravada -= l.subtotal,
            }
        } else {
            if let Some(d) = item.descuento {
                line_descuentos += d;
            }
            if let Some(i) = item.isc {
                t.total_isc += i;
            }
            if let Some(o) = item.otros_cargos {
                t.total_otros_cargos += o;
            }
            t.sum_line_igv += l.igv;
            match l.category {
                Some(TaxCategory::Gravado) => {
                    gravada += l.subtotal;
                    if item.isc.is_some() {
                        isc_gravado += isc;
                    }
                }
                Some(TaxCategory::Exonerado) => t.total_exonerada += l.subtotal,
                Some(TaxCategory::Inafecto | TaxCategory::Exportacion) => t.total_inafecta += l.subtotal,
                Some(TaxCategory::Gratuito) => t.total_gratuita += l.subtotal,
                None => {}
            }
        }
        lines.push(l);
    }
    let descuento_global = doc.descuento_global.unwrap_or_default();
    t.total_gravada = gravada - descuento_global;
    t.total_igv = round2((t.total_gravada + isc_gravado) * r);
    t.total_descuento = descuento_global + line_descuentos;
    t.total = t.total_gravada
        + t.total_exonerada
        + t.total_inafecta
        + t.total_igv
        + t.total_isc
        + t.total_otros_cargos
        + t.total_impuestos_bolsas;
    let percepcion = doc.percepcion_tipo.map(|p| percepcion_in_comprobante(t.total, p));
    let retencion = doc.retencion_tipo.map(|k| (t.total, round2(t.total * k.rate())));
    let detraccion_total = doc.detraccion_porcentaje.map(|pct| round2(t.total * pct / dec!(100)));
    let payable = t.total - detraccion_total.unwrap_or_default() - retencion.map(|(_, r)| r).unwrap_or_default();
    Computed { lines, totals: t, percepcion, retencion, detraccion_total, payable }
}

/// Percepción inside a factura/boleta (§10.3): base = total, `round2(base × rate)`, and
/// `total + percepción`.
pub fn percepcion_in_comprobante(total: Decimal, tipo: PercepcionTipo) -> (Decimal, Decimal, Decimal) {
    let p = round2(total * tipo.rate());
    (total, p, total + p)
}

/// Fills every derived field of `doc` from [`compute`]: each line's `subtotal`, `igv`,
/// `precio_unitario` and `total`, the document totals (zero totals other than `total` are
/// omitted), percepción/retención/detracción figures, and leaves installments as given.
pub fn apply(doc: &mut Comprobante) {
    let c = compute(doc);
    for (item, l) in doc.items.iter_mut().zip(&c.lines) {
        item.subtotal = Some(l.subtotal);
        item.igv = Some(l.igv);
        item.precio_unitario = Some(l.precio_unitario);
        item.total = Some(money(l.total));
    }
    let t = &c.totals;
    let nz = |d: Decimal| if d.is_zero() { None } else { Some(money(d)) };
    doc.total_gravada = nz(t.total_gravada);
    doc.total_exonerada = nz(t.total_exonerada);
    doc.total_inafecta = nz(t.total_inafecta);
    doc.total_gratuita = nz(t.total_gratuita);
    // The IGV is sent whenever there is a taxed base, even if it rounds to 0.
    doc.total_igv = if t.total_gravada.is_zero() { nz(t.total_igv) } else { Some(money(t.total_igv)) };
    doc.total_isc = nz(t.total_isc);
    doc.total_otros_cargos = nz(t.total_otros_cargos);
    doc.total_impuestos_bolsas = nz(t.total_impuestos_bolsas);
    doc.total_descuento = nz(t.total_descuento);
    doc.total_anticipo = nz(t.total_anticipo);
    doc.total = Some(money(t.total));
    if let Some((base, p, incl)) = c.percepcion {
        doc.percepcion_base_imponible = Some(money(base));
        doc.total_percepcion = Some(p);
        doc.total_incluido_percepcion = Some(money(incl));
        doc.sunat_transaction.get_or_insert(SunatTransaction::Percepcion);
    }
    if let Some((base, r)) = c.retencion {
        doc.retencion_base_imponible = Some(money(base));
        doc.total_retencion = Some(r);
    }
    if let Some(d) = c.detraccion_total {
        doc.detraccion_total = Some(d);
    }
}

/// The relations of one percepción item (§8.2): `(importe_percibido,
/// importe_cobrado_con_percepcion)` = `(round2(base × rate), base + percibido)`.
pub fn percepcion_item(item: &PercepcionItem, tipo: PercepcionTipo) -> (Decimal, Decimal) {
    let base = item.cobro_total_sin_percepcion.unwrap_or_default();
    let p = round2(base * tipo.rate());
    (p, base + p)
}

/// The relations of one retención item (§8.2): `(importe_retenido,
/// importe_pagado_con_retencion)` = `(round2(base × rate), base − retenido)`.
pub fn retencion_item(item: &RetencionItem, tipo: RetencionTipo) -> (Decimal, Decimal) {
    let base = item.pago_total_sin_retencion.unwrap_or_default();
    let r = round2(base * tipo.rate());
    (r, base - r)
}

/// Fills a percepción's item figures and `total_percibido`/`total_cobrado`. Without a rate
/// (`tipo_de_tasa_de_percepcion`) the 2 % general rate is used.
pub fn apply_percepcion(doc: &mut Percepcion) {
    let tipo = doc.tipo_de_tasa_de_percepcion.unwrap_or(PercepcionTipo::General);
    let (mut percibido, mut cobrado) = (Decimal::ZERO, Decimal::ZERO);
    for item in &mut doc.items {
        let (p, c) = percepcion_item(item, tipo);
        item.importe_percibido = Some(p);
        item.importe_cobrado_con_percepcion = Some(money(c));
        percibido += p;
        cobrado += c;
    }
    doc.total_percibido = Some(money(percibido));
    doc.total_cobrado = Some(money(cobrado));
}

/// Fills a retención's item figures and `total_retenido`/`total_pagado`. Without a rate
/// (`tipo_de_tasa_de_retencion`) the 3 % rate is used.
pub fn apply_retencion(doc: &mut Retencion) {
    let tipo = doc.tipo_de_tasa_de_retencion.unwrap_or(RetencionTipo::Tasa3);
    let (mut retenido, mut pagado) = (Decimal::ZERO, Decimal::ZERO);
    for item in &mut doc.items {
        let (r, p) = retencion_item(item, tipo);
        item.importe_retenido = Some(r);
        item.importe_pagado_con_retencion = Some(money(p));
        retenido += r;
        pagado += p;
    }
    doc.total_retenido = Some(money(retenido));
    doc.total_pagado = Some(money(pagado));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounding_rounds_midpoints_away_from_zero() {
        assert_eq!(round2(dec!(0.125)), dec!(0.13));
        assert_eq!(round2(dec!(0.124999)), dec!(0.12));
        assert_eq!(round2(dec!(2.675)), dec!(2.68));
        assert_eq!(round2(dec!(500)).to_string(), "500.00");
        assert_eq!(round_price(dec!(29.500000)).to_string(), "29.50");
        assert_eq!(round_price(dec!(11.94561200001)).to_string(), "11.945612");
    }

    /// The general (pre-fast-path) definitions, to pin the integer fast paths to them.
    fn reference_round2(v: Decimal) -> Decimal {
        let mut r = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(2);
        r
    }

    fn reference_round_price(v: Decimal) -> Decimal {
        let mut r = v.round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero);
        if r.scale() > 2 {
            r = r.normalize();
        }
        if r.scale() < 2 {
            r.rescale(2);
        }
        r
    }

    #[test]
    fn the_integer_fast_paths_give_the_same_value_and_scale_as_rust_decimal() {
        let mantissas: Vec<i128> = [0i128, 1, 4, 5, 9, 10, 15, 25, 49, 50, 99, 100, 12_345, 1_234_500, 99_999_995]
            .into_iter()
            .chain([u64::MAX as i128, u64::MAX as i128 - 5, (u64::MAX as i128) + 1, 10i128.pow(19), 5 * 10i128.pow(18)])
            .collect();
        for m in mantissas {
            for scale in 0..=28 {
                for sign in [1, -1] {
                    let v = Decimal::from_i128_with_scale(sign * m, scale);
                    let (a, b) = (round2(v), reference_round2(v));
                    assert_eq!((a, a.scale(), a.to_string()), (b, b.scale(), b.to_string()), "round2({v})");
                    let (a, b) = (round_price(v), reference_round_price(v));
                    assert_eq!((a, a.scale(), a.to_string()), (b, b.scale(), b.to_string()), "round_price({v})");
                }
            }
        }
    }
}
