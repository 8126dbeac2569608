//! Validation of `generar_comprobante` (§4, amount rules §10).
//!
//! Owns: header enums and conditional rules (§4.5), item checks and the totals recomputation.
//! Must not: decide duplicates (the registry does) or build replies.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::Date;

use super::totals::{Checker, round2};
use super::{CLIENTE_TIPOS, Issued, date_window, numero, serie};
use crate::config::ValidationConfig;
use crate::lenient::{Fields, Reject};

const SUNAT_TRANSACTIONS: &[i64] = &[1, 2, 4, 29, 30, 31, 32, 33, 34, 35];

/// The tax category of an item (§9.4).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Category {
    Gravado,
    Exonerado,
    Inafecto,
    Gratuito,
}

fn category_of_igv(t: i64) -> Option<Category> {
    match t {
        1 => Some(Category::Gravado),
        8 => Some(Category::Exonerado),
        9 | 16 => Some(Category::Inafecto),
        2..=7 | 10..=15 | 17 | 20 => Some(Category::Gratuito),
        _ => None,
    }
}

/// Validates a `generar_comprobante` body.
///
/// # Errors
/// 20 for structural problems, 21 for business rules (naming the field), 22 for the date window.
pub fn comprobante(body: &Map<String, Value>, cfg: &ValidationConfig, today: Date) -> Result<Issued, Reject> {
    let f = Fields::new(body, "");
    let tipo = f.int("tipo_de_comprobante", 1, 4)?;
    let serie = serie(&f, "serie")?;
    let numero = numero(&f, "numero")?;
    let sunat_transaction = f.int("sunat_transaction", 0, 99)?;
    if !SUNAT_TRANSACTIONS.contains(&sunat_transaction) {
        return Err(Reject::structural(
            "sunat_transaction",
            &format!("tiene un valor no permitido: {sunat_transaction}"),
        ));
    }
    let cliente_tipo = f.one_of("cliente_tipo_de_documento", CLIENTE_TIPOS, true)?.unwrap_or_default();
    let cliente_numero = f.text("cliente_numero_de_documento", 15)?;
    f.text("cliente_denominacion", 100)?;
    for email in ["cliente_email", "cliente_email_1", "cliente_email_2"] {
        if let Some(e) = f.text_opt(email, 250)?
            && !e.contains('@')
        {
            return Err(Reject::structural(email, "no es un correo valido"));
        }
    }
    let fecha = f.date("fecha_de_emision")?;
    if let Some(venc) = f.date_opt("fecha_de_vencimiento", false)?
        && venc < fecha
    {
        return Err(Reject::business("fecha_de_vencimiento", "debe ser posterior a la fecha de emision"));
    }
    let moneda = f.int("moneda", 1, 4)?;
    let tipo_de_cambio = f.dec_opt("tipo_de_cambio")?;
    let igv_pct = f.dec("porcentaje_de_igv")?;
    let total = f.dec("total")?;
    f.int_opt("percepcion_tipo", 1, 3)?;
    f.int_opt("retencion_tipo", 1, 2)?;
    f.bool_opt("detraccion")?;
    f.int_opt("detraccion_tipo", 1, 44)?;
    f.int_opt("medio_de_pago_detraccion", 1, 22)?;
    f.bool_opt("enviar_automaticamente_a_la_sunat")?;
    f.bool_opt("enviar_automaticamente_al_cliente")?;
    f.text_opt("observaciones", 1000)?;
    f.text_opt("condiciones_de_pago", 250)?;
    f.text_opt("medio_de_pago", 250)?;
    f.text_opt("placa_vehiculo", 8)?;
    f.text_opt("orden_compra_servicio", 20)?;
    f.one_of("formato_de_pdf", &["A4", "A5", "TICKET"], false)?;
    f.date_opt("fecha_de_descarga", true)?;
    let codigo_unico = f.text_opt("codigo_unico", 20)?;
    let contingencia = f.bool_opt("generado_por_contingencia")?.unwrap_or(false);
    let mod_tipo = f.int_opt("documento_que_se_modifica_tipo", 1, 2)?;
    let mod_serie = if f.has("documento_que_se_modifica_serie") {
        Some(super::serie(&f, "documento_que_se_modifica_serie")?)
    } else {
        None
    };
    let mod_numero = f.int_opt("documento_que_se_modifica_numero", 1, 99_999_999)?;
    let nc = f.int_opt("tipo_de_nota_de_credito", 1, 13)?;
    let nd = f.int_opt("tipo_de_nota_de_debito", 1, 5)?;

    let boleta_like = tipo == 2 || (tipo >= 3 && mod_tipo == Some(2));
    if f.text_opt("cliente_direccion", 100)?.is_none() && !boleta_like {
        return Err(Reject::structural("cliente_direccion", "es obligatorio"));
    }

    // Business rules (§4.5).
    if tipo >= 3 {
        let (Some(mt), Some(ms), Some(_)) = (mod_tipo, mod_serie, mod_numero) else {
            let missing = if mod_tipo.is_none() {
                "documento_que_se_modifica_tipo"
            } else if mod_serie.is_none() {
                "documento_que_se_modifica_serie"
            } else {
                "documento_que_se_modifica_numero"
            };
            return Err(Reject::business(missing, "es obligatorio en una nota"));
        };
        if tipo == 3 && nc.is_none() {
            return Err(Reject::business("tipo_de_nota_de_credito", "es obligatorio en una nota de credito"));
        }
        if tipo == 4 && nd.is_none() {
            return Err(Reject::business("tipo_de_nota_de_debito", "es obligatorio en una nota de debito"));
        }
        let want = if mt == 1 { b'F' } else { b'B' };
        if !ms[0].is_ascii_digit() && ms[0] != want {
            return Err(Reject::business(
                "documento_que_se_modifica_serie",
                "no corresponde al tipo de documento modificado",
            ));
        }
        if !contingencia && serie[0] != want {
            return Err(Reject::business("serie", "debe empezar con la misma letra que el documento modificado"));
        }
    }
    if serie[0].is_ascii_digit() != contingencia {
        let what = if contingencia {
            "debe empezar con un digito en un documento de contingencia"
        } else {
            "solo puede empezar con un digito si generado_por_contingencia es true"
        };
        return Err(Reject::business("serie", what));
    }
    if !contingencia && tipo <= 2 {
        let want = if tipo == 1 { b'F' } else { b'B' };
        if serie[0] != want {
            let what =
                if tipo == 1 { "debe empezar con F para una factura" } else { "debe empezar con B para una boleta" };
            return Err(Reject::business("serie", what));
        }
    }
    if tipo == 1 && cliente_tipo != "6" && ![2, 29, 35].contains(&sunat_transaction) {
        return Err(Reject::business("cliente_tipo_de_documento", "debe ser 6 (RUC) en una factura"));
    }
    if tipo == 2 && cliente_tipo == "-" && total >= Decimal::new(700, 0) {
        return Err(Reject::business(
            "cliente_tipo_de_documento",
            "debe identificar al cliente en boletas de S/ 700.00 o mas",
        ));
    }
    if moneda != 1 && tipo_de_cambio.is_none() {
        return Err(Reject::business("tipo_de_cambio", "es obligatorio cuando la moneda no es soles"));
    }
    if !cfg.igv_rates.contains(&igv_pct) {
        return Err(Reject::business("porcentaje_de_igv", &format!("tiene una tasa no permitida: {igv_pct}")));
    }
    if !contingencia {
        date_window(cfg, fecha, today, 0)?;
    }

    let observation = check_amounts(&f, cfg, igv_pct, total)?;
    Ok(Issued {
        tipo: tipo as u8,
        serie,
        numero,
        fecha,
        total_igv: f.dec0("total_igv")?,
        total,
        cliente_tipo: cliente_tipo.as_bytes().first().copied().unwrap_or(b'-'),
        cliente_numero,
        codigo_unico,
        boleta_like,
        observation,
    })
}

/// Sums per category, over the items.
#[derive(Default)]
struct Sums {
    gravada: Decimal,
    exonerada: Decimal,
    inafecta: Decimal,
    gratuita: Decimal,
    anticipo: Decimal,
    igv_lines: Decimal,
    igv_anticipo: Decimal,
    isc: Decimal,
    bolsas: Decimal,
}

fn check_amounts(
    f: &Fields<'_>,
    cfg: &ValidationConfig,
    igv_pct: Decimal,
    total: Decimal,
) -> Result<Option<String>, Reject> {
    let items = f.objects("items")?;
    if items.is_empty() {
        return Err(Reject::structural("items", "debe tener al menos un item"));
    }
    let r = igv_pct / Decimal::ONE_HUNDRED;
    let mut chk = Checker::new(cfg.totals);
    let mut sums = Sums::default();
    for (i, item) in items.iter().enumerate() {
        let prefix = format!("items[{i}].");
        let it = Fields::new(item, &prefix);
        check_item(&it, cfg, r, &mut chk, &mut sums)?;
    }

    let descuento_global = f.dec0("descuento_global")?;
    let gravada = sums.gravada - descuento_global - sums.anticipo;
    let d = |name: &str| f.dec0(name);
    chk.check("total_anticipo", d("total_anticipo")?, &[sums.anticipo])?;
    chk.check("total_gravada", d("total_gravada")?, &[gravada])?;
    chk.check("total_exonerada", d("total_exonerada")?, &[sums.exonerada])?;
    chk.check("total_inafecta", d("total_inafecta")?, &[sums.inafecta])?;
    chk.check("total_gratuita", d("total_gratuita")?, &[sums.gratuita])?;
    chk.check("total_isc", d("total_isc")?, &[sums.isc])?;
    chk.check("total_impuestos_bolsas", d("total_impuestos_bolsas")?, &[sums.bolsas])?;
    let igv_a = round2((gravada + sums.isc) * r);
    let igv_b = sums.igv_lines - sums.igv_anticipo;
    chk.check("total_igv", d("total_igv")?, &[igv_a, igv_b])?;
    let expected_total = d("total_gravada")?
        + d("total_exonerada")?
        + d("total_inafecta")?
        + d("total_igv")?
        + d("total_isc")?
        + d("total_otros_cargos")?
        + d("total_impuestos_bolsas")?;
    chk.check("total", total, &[expected_total])?;

    // Percepción / retención inside the document (§10.3).
    if let Some(pt) = f.int_opt("percepcion_tipo", 1, 3)? {
        let rate = [Decimal::new(2, 2), Decimal::new(1, 2), Decimal::new(5, 3)][(pt - 1) as usize];
        let base = f.dec_opt("percepcion_base_imponible")?.unwrap_or(total);
        let tp = d("total_percepcion")?;
        chk.check("total_percepcion", tp, &[round2(base * rate)])?;
        if f.has("total_incluido_percepcion") {
            chk.check("total_incluido_percepcion", d("total_incluido_percepcion")?, &[total + tp])?;
        }
    }
    if let Some(rt) = f.int_opt("retencion_tipo", 1, 2)? {
        let rate = if rt == 1 { Decimal::new(3, 2) } else { Decimal::new(6, 2) };
        let base = f.dec_opt("retencion_base_imponible")?.unwrap_or(total);
        chk.check("total_retencion", d("total_retencion")?, &[round2(base * rate)])?;
    }
    for (i, cuota) in f.objects("venta_al_credito")?.iter().enumerate() {
        let prefix = format!("venta_al_credito[{i}].");
        let c = Fields::new(cuota, &prefix);
        c.int_opt("cuota", 0, 999)?;
        c.date_opt("fecha_de_pago", false)?;
        c.dec("importe")?;
    }
    for (i, guia) in f.objects("guias")?.iter().enumerate() {
        let prefix = format!("guias[{i}].");
        let g = Fields::new(guia, &prefix);
        g.int_opt("guia_tipo", 1, 2)?;
        g.text_opt("guia_serie_numero", 30)?;
    }
    Ok(chk.observation)
}

fn check_item(
    it: &Fields<'_>,
    cfg: &ValidationConfig,
    r: Decimal,
    chk: &mut Checker,
    sums: &mut Sums,
) -> Result<(), Reject> {
    let unidad = it.text("unidad_de_medida", 5)?;
    if unidad.len() < 2 {
        return Err(Reject::structural(&it.path("unidad_de_medida"), "debe tener entre 2 y 5 caracteres"));
    }
    if unidad != "NIU" && unidad != "ZZ" && !cfg.extra_units.contains(&unidad) {
        return Err(Reject::business(&it.path("unidad_de_medida"), &format!("no existe en la cuenta: {unidad}")));
    }
    it.text_opt("codigo", 250)?;
    it.text_opt("codigo_producto_sunat", 8)?;
    it.text("descripcion", 250)?;
    let cantidad = it.dec("cantidad")?;
    let vu = it.dec("valor_unitario")?;
    let pu = it.dec("precio_unitario")?;
    let descuento = it.dec0("descuento")?;
    let subtotal = it.dec("subtotal")?;
    let igv = it.dec("igv")?;
    let isc = it.dec0("isc")?;
    let otros = it.dec0("otros_cargos")?;
    let bolsas = it.dec0("impuesto_bolsas")?;
    let line_total = it.dec("total")?;
    it.int_opt("tipo_de_isc", 1, 3)?;
    let ivap = it.one_of("tipo_de_ivap", &["17", "101"], false)?;
    let category = match (&ivap, it.int_opt("tipo_de_igv", 0, 99)?) {
        (Some(v), _) if v == "17" => Category::Gravado,
        (Some(_), _) => Category::Gratuito,
        (None, Some(t)) => category_of_igv(t)
            .ok_or_else(|| Reject::structural(&it.path("tipo_de_igv"), &format!("tiene un valor no permitido: {t}")))?,
        (None, None) => return Err(Reject::structural(&it.path("tipo_de_igv"), "es obligatorio")),
    };
    let anticipo = it.bool_opt("anticipo_regularizacion")?.unwrap_or(false);
    if anticipo {
        if !it.has("anticipo_documento_serie") {
            return Err(Reject::business(
                &it.path("anticipo_documento_serie"),
                "es obligatorio en una regularizacion de anticipo",
            ));
        }
        super::serie(it, "anticipo_documento_serie")?;
        if it.int_opt("anticipo_documento_numero", 1, 99_999_999)?.is_none() {
            return Err(Reject::business(
                &it.path("anticipo_documento_numero"),
                "es obligatorio en una regularizacion de anticipo",
            ));
        }
    }
    for (name, v) in [("cantidad", cantidad), ("valor_unitario", vu), ("subtotal", subtotal), ("igv", igv)] {
        if v.is_sign_negative() && !v.is_zero() {
            return Err(Reject::business(&it.path(name), "no puede ser negativo"));
        }
    }

    chk.check(&it.path("subtotal"), subtotal, &[round2(vu * cantidad - descuento)])?;
    let gravado = category == Category::Gravado;
    let expected_igv = if gravado { round2((subtotal + isc) * r) } else { Decimal::ZERO };
    chk.check(&it.path("igv"), igv, &[expected_igv])?;
    let expected_pu = if gravado {
        let isc_unit = if cantidad.is_zero() { Decimal::ZERO } else { isc / cantidad };
        vec![vu * (Decimal::ONE + r), (vu + isc_unit) * (Decimal::ONE + r)]
    } else {
        vec![vu]
    };
    chk.check(&it.path("precio_unitario"), pu, &expected_pu)?;
    if category != Category::Gratuito {
        let base = subtotal + igv + isc + otros;
        chk.check(&it.path("total"), line_total, &[base, base + bolsas])?;
    }

    sums.isc += isc;
    sums.bolsas += bolsas;
    if anticipo {
        sums.anticipo += subtotal;
        sums.igv_anticipo += igv;
        return Ok(());
    }
    match category {
        Category::Gravado => {
            sums.gravada += subtotal;
            sums.igv_lines += igv;
        }
        Category::Exonerado => sums.exonerada += subtotal,
        Category::Inafecto => sums.inafecta += subtotal,
        Category::Gratuito => sums.gratuita += subtotal,
    }
    Ok(())
}
