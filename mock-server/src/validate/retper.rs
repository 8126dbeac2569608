//! Validation of `generar_percepcion` and `generar_retencion` (§8, client-derived).
//!
//! Owns: the shared header and item rules of both families and their amount relations.
//! Must not: decide duplicates or lifecycle.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::Date;

use super::totals::{Checker, round2};
use super::{Issued, date_window, numero, serie};
use crate::config::ValidationConfig;
use crate::lenient::{Fields, Reject};

/// Percepción or retención.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Comprobante de percepción (SUNAT 40, series `P…`).
    Percepcion,
    /// Comprobante de retención (SUNAT 20, series `R…`).
    Retencion,
}

impl Family {
    /// The registry family code (the SUNAT document type).
    pub fn code(self) -> u8 {
        match self {
            Family::Percepcion => 40,
            Family::Retencion => 20,
        }
    }
}

struct Names {
    prefix: u8,
    tasa: &'static str,
    rates: &'static [(i64, i64)],
    total_tax: &'static str,
    total_paid: &'static str,
    date: &'static str,
    number: &'static str,
    base: &'static str,
    tax: &'static str,
    tax_date: &'static str,
    paid: &'static str,
    add: bool,
}

const PERCEPCION: Names = Names {
    prefix: b'P',
    tasa: "tipo_de_tasa_de_percepcion",
    rates: &[(1, 200), (2, 100), (3, 50)],
    total_tax: "total_percibido",
    total_paid: "total_cobrado",
    date: "cobro_fecha",
    number: "cobro_numero",
    base: "cobro_total_sin_percepcion",
    tax: "importe_percibido",
    tax_date: "importe_percibido_fecha",
    paid: "importe_cobrado_con_percepcion",
    add: true,
};

const RETENCION: Names = Names {
    prefix: b'R',
    tasa: "tipo_de_tasa_de_retencion",
    rates: &[(1, 300), (2, 600)],
    total_tax: "total_retenido",
    total_paid: "total_pagado",
    date: "pago_fecha",
    number: "pago_numero",
    base: "pago_total_sin_retencion",
    tax: "importe_retenido",
    tax_date: "importe_retenido_fecha",
    paid: "importe_pagado_con_retencion",
    add: false,
};

/// Validates a `generar_percepcion` / `generar_retencion` body.
///
/// # Errors
/// 20 structural, 21 business rule (including amount relations), 22 date window.
pub fn retper(
    family: Family,
    body: &Map<String, Value>,
    cfg: &ValidationConfig,
    today: Date,
) -> Result<Issued, Reject> {
    let n = if family == Family::Percepcion { &PERCEPCION } else { &RETENCION };
    let f = Fields::new(body, "");
    let serie = serie(&f, "serie")?;
    let numero = numero(&f, "numero")?;
    if serie[0] != n.prefix {
        return Err(Reject::business("serie", &format!("debe empezar con {}", n.prefix as char)));
    }
    let cliente_tipo = f.text("cliente_tipo_de_documento", 1)?;
    if cliente_tipo != "6" {
        return Err(Reject::business("cliente_tipo_de_documento", "debe ser 6 (RUC)"));
    }
    let cliente_numero = f.text("cliente_numero_de_documento", 15)?;
    f.text("cliente_denominacion", 100)?;
    f.text_opt("cliente_direccion", 100)?;
    let fecha = f.date("fecha_de_emision")?;
    if f.int("moneda", 1, 4)? != 1 {
        return Err(Reject::business("moneda", "solo se permite 1 (soles)"));
    }
    let tasa = f.int(n.tasa, 1, n.rates.len() as i64)?;
    // The range check above makes the index valid.
    let rate = Decimal::new(n.rates[(tasa - 1) as usize].1, 4);
    let total_tax = f.dec(n.total_tax)?;
    let total_paid = f.dec(n.total_paid)?;
    f.text_opt("observaciones", 1000)?;
    f.bool_opt("enviar_automaticamente_a_la_sunat")?;
    f.bool_opt("enviar_automaticamente_al_cliente")?;
    let codigo_unico = f.text_opt("codigo_unico", 20)?;

    let items = f.objects("items")?;
    if items.is_empty() {
        return Err(Reject::structural("items", "debe tener al menos un item"));
    }
    let mut chk = Checker::new(cfg.totals);
    let (mut sum_tax, mut sum_paid) = (Decimal::ZERO, Decimal::ZERO);
    for (i, item) in items.iter().enumerate() {
        let prefix = format!("items[{i}].");
        let it = Fields::new(item, &prefix);
        it.one_of("documento_relacionado_tipo", &["01", "03", "07", "08"], true)?;
        super::serie(&it, "documento_relacionado_serie")?;
        super::numero(&it, "documento_relacionado_numero")?;
        it.date("documento_relacionado_fecha_de_emision")?;
        let moneda = it.int("documento_relacionado_moneda", 1, 3)?;
        it.dec("documento_relacionado_total")?;
        it.date(n.date)?;
        it.int(n.number, 1, 99_999_999)?;
        let base = it.dec(n.base)?;
        let tax = it.dec(n.tax)?;
        it.date(n.tax_date)?;
        let paid = it.dec(n.paid)?;
        if moneda != 1 && !it.has("tipo_de_cambio") {
            return Err(Reject::business(
                &it.path("tipo_de_cambio"),
                "es obligatorio cuando el documento no es en soles",
            ));
        }
        it.dec_opt("tipo_de_cambio")?;
        it.date_opt("tipo_de_cambio_fecha", false)?;
        chk.check(&it.path(n.tax), tax, &[round2(base * rate)])?;
        let expected_paid = if n.add { base + tax } else { base - tax };
        chk.check(&it.path(n.paid), paid, &[expected_paid])?;
        sum_tax += tax;
        sum_paid += paid;
    }
    chk.check(n.total_tax, total_tax, &[sum_tax])?;
    chk.check(n.total_paid, total_paid, &[sum_paid])?;
    date_window(cfg, fecha, today, 0)?;
    Ok(Issued {
        tipo: family.code(),
        serie,
        numero,
        fecha,
        total_igv: Decimal::ZERO,
        total: total_tax,
        cliente_tipo: b'6',
        cliente_numero,
        codigo_unico,
        boleta_like: false,
        observation: chk.observation,
    })
}
