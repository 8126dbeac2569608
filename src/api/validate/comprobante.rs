//! Checks of a `generar_comprobante` (§4, §11, §4.5) other than the amounts.
//!
//! Owns the header, customer, note-reference, date, item-shape and scheme (percepción,
//! retención, detracción, IVAP, installments) rules. Amounts are in `totals.rs`.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{Check, FieldError, Path, Rule, ValidationContext, totals};
use crate::api::key::TipoDeComprobante as T;
use crate::api::model::codes::{ClienteTipoDeDocumento as Doc, Moneda, SunatTransaction as St, TipoDeIvap};
use crate::api::model::{Comprobante, parse_date};

/// Validates a comprobante: every problem at once (empty when valid).
pub fn comprobante(doc: &Comprobante, ctx: &ValidationContext) -> Vec<FieldError> {
    let mut c = Check::new(ctx);
    let tipo = doc.tipo_de_comprobante;
    let is_note = matches!(tipo, T::NotaDeCredito | T::NotaDeDebito);
    if tipo.is_guia() {
        c.push("tipo_de_comprobante", Rule::Enum, "tipo_de_comprobante must be 1–4 here; guías use generar_guia");
    }
    let contingencia = doc.generado_por_contingencia == Some(true);
    // The document the series letter follows: itself, or the modified one for notes.
    let base_tipo = if is_note { doc.documento_que_se_modifica_tipo } else { Some(tipo) };
    let on_boleta = base_tipo == Some(T::Boleta);
    let prefixes: &[char] = match (contingencia, base_tipo) {
        (true, _) => &['0'],
        (false, Some(T::Factura)) => &['F'],
        (false, Some(T::Boleta)) => &['B'],
        _ => &['F', 'B'],
    };
    let what = match (contingencia, tipo, on_boleta) {
        (true, _, _) => "a contingency document",
        (_, T::Factura, _) => "a factura",
        (_, T::Boleta, _) => "a boleta",
        (_, _, true) => "a note on a boleta",
        _ => "a note on a factura",
    };
    c.serie("serie", &doc.serie, prefixes, what);
    c.numero("numero", doc.numero);
    c.present("sunat_transaction", doc.sunat_transaction);

    // Customer.
    let cliente_tipo = c.present("cliente_tipo_de_documento", doc.cliente_tipo_de_documento);
    c.text("cliente_numero_de_documento", doc.cliente_numero_de_documento.as_deref(), 1, 15);
    c.text("cliente_denominacion", doc.cliente_denominacion.as_deref(), 1, 100);
    if on_boleta {
        c.opt_text("cliente_direccion", doc.cliente_direccion.as_deref(), 100);
    } else {
        c.text("cliente_direccion", doc.cliente_direccion.as_deref(), 1, 100);
    }
    if let Some(numero) = doc.cliente_numero_de_documento.as_deref() {
        match cliente_tipo {
            Some(Doc::Ruc) => c.digits("cliente_numero_de_documento", numero, 11, 11),
            Some(Doc::Dni) => c.digits("cliente_numero_de_documento", numero, 8, 8),
            _ => {}
        }
    }
    c.email("cliente_email", doc.cliente_email.as_deref());
    c.email("cliente_email_1", doc.cliente_email_1.as_deref());
    c.email("cliente_email_2", doc.cliente_email_2.as_deref());
    // §4.5: a factura (and a note on one) needs a RUC customer, except exports, sales to
    // non-domiciled customers and tax-free sales with a foreign document.
    if let Some(ct) = cliente_tipo
        && base_tipo == Some(T::Factura)
        && ct != Doc::Ruc
    {
        let foreign_ok = matches!(doc.sunat_transaction, Some(St::Exportacion | St::NoDomiciliados | St::TaxFree))
            && matches!(
                ct,
                Doc::NoDomiciliado
                    | Doc::CarneDeExtranjeria
                    | Doc::Pasaporte
                    | Doc::CedulaDiplomatica
                    | Doc::DocumentoPaisDeResidencia
                    | Doc::Salvoconducto
            );
        if !foreign_ok {
            c.push(
                "cliente_tipo_de_documento",
                Rule::Conditional,
                format!("a factura needs a RUC customer (6), not {:?}, except exports and tax-free sales", ct.code()),
            );
        }
    }

    // Dates.
    let emision = c.date("fecha_de_emision", doc.fecha_de_emision.as_deref(), true);
    if let (Some(e), Some(today)) = (emision, ctx.today)
        && e != today
        && !contingencia
    {
        c.push("fecha_de_emision", Rule::Today, format!("fecha_de_emision {e} must be today ({today})"));
    }
    if let (Some(v), Some(e)) = (c.date("fecha_de_vencimiento", doc.fecha_de_vencimiento.as_deref(), false), emision)
        && v < e
    {
        c.push("fecha_de_vencimiento", Rule::Date, "fecha_de_vencimiento is before fecha_de_emision");
    }

    // Currency and rate.
    if let Some(m) = c.present("moneda", doc.moneda)
        && m != Moneda::Pen
        && doc.tipo_de_cambio.is_none()
    {
        c.push("tipo_de_cambio", Rule::Conditional, "tipo_de_cambio is required when moneda is not 1 (PEN)");
    }
    c.scale("tipo_de_cambio", doc.tipo_de_cambio, 3);
    let has_ivap = doc.items.iter().any(|i| i.tipo_de_ivap.is_some());
    if let Some(p) = c.present("porcentaje_de_igv", doc.porcentaje_de_igv) {
        let has_gravado = doc.items.iter().any(|i| i.tipo_de_igv.is_some_and(|t| t.code() == 1));
        if has_ivap && p != dec!(4) {
            c.push(
                "porcentaje_de_igv",
                Rule::Conditional,
                format!("porcentaje_de_igv is {p}; IVAP documents use 4.00"),
            );
        } else if !has_ivap && !ctx.igv_rates.contains(&p) && (has_gravado || !p.is_zero()) {
            // 0 is tolerated on documents without taxed lines (one client sends it on exports).
            c.push("porcentaje_de_igv", Rule::Enum, format!("porcentaje_de_igv {p} is not an accepted IGV rate"));
        }
    }

    note_reference(&mut c, doc);
    items_shape(&mut c, doc);
    schemes(&mut c, doc);
    let computed = totals::check(&mut c, doc);

    // §4.5: a boleta of S/ 700 or more needs an identified customer.
    if on_boleta && tipo == T::Boleta && cliente_tipo == Some(Doc::Varios) {
        let total = doc.total.unwrap_or(computed.totals.total);
        let in_pen = match doc.moneda {
            Some(Moneda::Pen) | None => Some(total),
            Some(_) => doc.tipo_de_cambio.map(|tc| total * tc),
        };
        if in_pen.is_some_and(|t| t >= dec!(700)) {
            c.push(
                "cliente_tipo_de_documento",
                Rule::Conditional,
                format!("a boleta of S/ 700 or more ({total}) needs an identified customer, not \"-\""),
            );
        }
    }
    installments(&mut c, doc, emision, computed.payable, computed.totals.total);

    // Free texts.
    c.opt_text("observaciones", doc.observaciones.as_deref(), 1000);
    c.opt_text("codigo_unico", doc.codigo_unico.as_deref(), 20);
    c.opt_text("condiciones_de_pago", doc.condiciones_de_pago.as_deref(), 250);
    c.opt_text("medio_de_pago", doc.medio_de_pago.as_deref(), 250);
    c.opt_text("placa_vehiculo", doc.placa_vehiculo.as_deref(), 8);
    c.opt_text("orden_compra_servicio", doc.orden_compra_servicio.as_deref(), 20);
    c.opt_text("nubecont_tipo_de_venta_codigo", doc.nubecont_tipo_de_venta_codigo.as_deref(), 5);
    for (i, g) in doc.guias.iter().enumerate() {
        c.opt_text(&format!("guias[{i}].guia_serie_numero"), g.guia_serie_numero.as_deref(), 30);
    }
    c.errors
}

/// Notes (3, 4) need the three `documento_que_se_modifica_*` fields and the matching
/// `tipo_de_nota_de_*` (§4.5).
fn note_reference(c: &mut Check<'_>, doc: &Comprobante) {
    let tipo = doc.tipo_de_comprobante;
    if !matches!(tipo, T::NotaDeCredito | T::NotaDeDebito) {
        return;
    }
    match doc.documento_que_se_modifica_tipo {
        None => c.push(
            "documento_que_se_modifica_tipo",
            Rule::NoteReference,
            "a note needs documento_que_se_modifica_tipo (1 or 2)",
        ),
        Some(T::Factura | T::Boleta) => {}
        Some(other) => c.push(
            "documento_que_se_modifica_tipo",
            Rule::NoteReference,
            format!("documento_que_se_modifica_tipo {} must be 1 (factura) or 2 (boleta)", other.code()),
        ),
    }
    match doc.documento_que_se_modifica_serie.as_deref() {
        None | Some("") => c.push(
            "documento_que_se_modifica_serie",
            Rule::NoteReference,
            "a note needs documento_que_se_modifica_serie",
        ),
        Some(s) => {
            if s.chars().count() != 4 {
                c.push(
                    "documento_que_se_modifica_serie",
                    Rule::Length,
                    format!("documento_que_se_modifica_serie {s:?} must have 4 characters"),
                );
            } else if let Some(first) = s.chars().next()
                // With the modified type known, the series rule above already applies.
                && doc.documento_que_se_modifica_tipo.is_none()
                && !doc.serie.starts_with(first)
                && doc.generado_por_contingencia != Some(true)
                && !first.is_ascii_digit()
            {
                c.push(
                    "serie",
                    Rule::Serie,
                    format!("serie {:?} must start like the modified document's {s:?}", doc.serie),
                );
            }
        }
    }
    match doc.documento_que_se_modifica_numero {
        None => c.push(
            "documento_que_se_modifica_numero",
            Rule::NoteReference,
            "a note needs documento_que_se_modifica_numero",
        ),
        Some(n) => c.numero("documento_que_se_modifica_numero", n),
    }
    if tipo == T::NotaDeCredito && doc.tipo_de_nota_de_credito.is_none() {
        c.push(
            "tipo_de_nota_de_credito",
            Rule::NoteReference,
            "a nota de crédito needs tipo_de_nota_de_credito (1–13)",
        );
    }
    if tipo == T::NotaDeDebito && doc.tipo_de_nota_de_debito.is_none() {
        c.push("tipo_de_nota_de_debito", Rule::NoteReference, "a nota de débito needs tipo_de_nota_de_debito (1–5)");
    }
}

/// Item shape: required texts, one tax type, positive quantity, non-negative amounts,
/// advance references.
fn items_shape(c: &mut Check<'_>, doc: &Comprobante) {
    if doc.items.is_empty() {
        c.push("items", Rule::Count, "items must have at least one line");
    }
    for (i, item) in doc.items.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("items", i, f);
        c.text(p("unidad_de_medida"), Some(&item.unidad_de_medida), 2, 5);
        c.text(p("descripcion"), Some(&item.descripcion), 1, 250);
        c.opt_text(p("codigo"), item.codigo.as_deref(), 250);
        c.opt_text(p("codigo_producto_sunat"), item.codigo_producto_sunat.as_deref(), 8);
        // `≤ 0` without a Decimal comparison: zero, or negative.
        if item.cantidad.is_zero() || item.cantidad.is_sign_negative() {
            c.push(
                p("cantidad"),
                Rule::Format,
                format!("{} is {}, it must be greater than 0", p("cantidad"), item.cantidad),
            );
        }
        c.scale(p("cantidad"), Some(item.cantidad), 10);
        c.scale(p("valor_unitario"), Some(item.valor_unitario), 10);
        c.non_negative(p("valor_unitario"), Some(item.valor_unitario));
        for (f, v) in [
            ("descuento", item.descuento),
            ("isc", item.isc),
            ("impuesto_bolsas", item.impuesto_bolsas),
            ("otros_cargos", item.otros_cargos),
            ("subtotal", item.subtotal),
            ("igv", item.igv),
            ("total", item.total),
            ("precio_unitario", item.precio_unitario),
        ] {
            c.non_negative(p(f), v);
        }
        match (item.tipo_de_igv, item.tipo_de_ivap) {
            (None, None) => {
                c.push(p("tipo_de_igv"), Rule::Required, format!("{} is required (or tipo_de_ivap)", p("tipo_de_igv")))
            }
            (Some(_), Some(_)) => c.push(
                p("tipo_de_igv"),
                Rule::Conditional,
                format!("{} must be omitted on an IVAP line (tipo_de_ivap is set)", p("tipo_de_igv")),
            ),
            _ => {}
        }
        if item.tipo_de_isc.is_some_and(|t| !(1..=3).contains(&t)) {
            c.push(p("tipo_de_isc"), Rule::Enum, format!("{} must be 1, 2 or 3", p("tipo_de_isc")));
        }
        if item.anticipo_regularizacion {
            match item.anticipo_documento_serie.as_deref() {
                None | Some("") => c.push(
                    p("anticipo_documento_serie"),
                    Rule::Required,
                    format!("{} is required on an advance line", p("anticipo_documento_serie")),
                ),
                Some(s) if s.chars().count() != 4 => c.push(
                    p("anticipo_documento_serie"),
                    Rule::Length,
                    format!("{} {s:?} must have 4 characters", p("anticipo_documento_serie")),
                ),
                _ => {}
            }
            match item.anticipo_documento_numero {
                None => c.push(
                    p("anticipo_documento_numero"),
                    Rule::Required,
                    format!("{} is required on an advance line", p("anticipo_documento_numero")),
                ),
                Some(n) => c.numero(p("anticipo_documento_numero"), n),
            }
        }
    }
    if doc.items.iter().any(|i| i.tipo_de_ivap == Some(TipoDeIvap::Gravado))
        && doc.items.iter().any(|i| i.tipo_de_igv.is_some_and(|t| t.code() == 1))
    {
        c.push("items", Rule::Conditional, "IVAP lines and IGV-taxed lines cannot share a document (different rates)");
    }
}

/// Percepción (34), retención and detracción (30–33) field groups (§4.5, §10.3).
fn schemes(c: &mut Check<'_>, doc: &Comprobante) {
    let st = doc.sunat_transaction;
    let is_34 = st == Some(St::Percepcion);
    let has_percepcion = doc.percepcion_tipo.is_some() || doc.total_percepcion.is_some();
    if is_34 {
        c.present("percepcion_tipo", doc.percepcion_tipo);
        c.present("percepcion_base_imponible", doc.percepcion_base_imponible);
        c.present("total_percepcion", doc.total_percepcion);
        c.present("total_incluido_percepcion", doc.total_incluido_percepcion);
    } else if has_percepcion {
        c.push("sunat_transaction", Rule::Conditional, "percepción fields need sunat_transaction 34");
    }
    let is_detraccion = st.is_some_and(St::is_detraccion);
    if is_detraccion {
        if doc.detraccion != Some(true) {
            c.push("detraccion", Rule::Conditional, "detraccion must be true with sunat_transaction 30–33");
        }
        c.present("detraccion_tipo", doc.detraccion_tipo);
        c.present("detraccion_total", doc.detraccion_total);
        c.present("medio_de_pago_detraccion", doc.medio_de_pago_detraccion);
        c.scale("detraccion_porcentaje", doc.detraccion_porcentaje, 5);
        if st == Some(St::DetraccionHidrobiologicos) {
            c.text("matricula_emb_pesquera", doc.matricula_emb_pesquera.as_deref(), 1, 15);
            c.text("nombre_emb_pesquera", doc.nombre_emb_pesquera.as_deref(), 1, 50);
            c.text("descripcion_tipo_especie_vendida", doc.descripcion_tipo_especie_vendida.as_deref(), 1, 100);
            c.text("lugar_de_descarga", doc.lugar_de_descarga.as_deref(), 1, 200);
            c.present("cantidad_especie_vendida", doc.cantidad_especie_vendida);
            // The table says YYYY-MM-DD, the official example DD-MM-YYYY: accept both.
            match doc.fecha_de_descarga.as_deref() {
                None => c.push("fecha_de_descarga", Rule::Required, "fecha_de_descarga is required"),
                Some(t)
                    if parse_date(t).is_none()
                        && time::Date::parse(t, &time::format_description::well_known::Iso8601::DATE).is_err() =>
                {
                    c.push("fecha_de_descarga", Rule::Date, format!("fecha_de_descarga {t:?} is not a real date"))
                }
                _ => {}
            }
        }
        if matches!(st, Some(St::DetraccionPasajeros | St::DetraccionCarga)) {
            c.text("detalle_viaje", doc.detalle_viaje.as_deref(), 1, 100);
        }
        if st == Some(St::DetraccionCarga) {
            c.present("ubigeo_origen", doc.ubigeo_origen);
            c.present("ubigeo_destino", doc.ubigeo_destino);
            c.text("direccion_origen", doc.direccion_origen.as_deref(), 1, 100);
            c.text("direccion_destino", doc.direccion_destino.as_deref(), 1, 100);
            c.present("val_ref_serv_trans", doc.val_ref_serv_trans);
            c.present("val_ref_carga_efec", doc.val_ref_carga_efec);
            c.present("val_ref_carga_util", doc.val_ref_carga_util);
        }
    } else if doc.detraccion == Some(true) {
        c.push("sunat_transaction", Rule::Conditional, "detraccion true needs sunat_transaction 30–33");
    }
}

/// `venta_al_credito`: positive amounts, payment dates after emission, and Σ importe equal
/// to the payable amount (total − detracción − retención, or the total itself, §4.4).
fn installments(c: &mut Check<'_>, doc: &Comprobante, emision: Option<time::Date>, payable: Decimal, total: Decimal) {
    if doc.venta_al_credito.is_empty() {
        return;
    }
    let mut sum = Decimal::ZERO;
    for (i, q) in doc.venta_al_credito.iter().enumerate() {
        let p = |f: &'static str| Path::Indexed("venta_al_credito", i, f);
        if q.cuota.is_some_and(|n| n > 999) {
            c.push(p("cuota"), Rule::Format, format!("{} must have 1–3 digits", p("cuota")));
        }
        if let (Some(d), Some(e)) = (c.date(p("fecha_de_pago"), q.fecha_de_pago.as_deref(), false), emision)
            && d <= e
        {
            c.push(p("fecha_de_pago"), Rule::Date, format!("{} must be after fecha_de_emision", p("fecha_de_pago")));
        }
        c.non_negative(p("importe"), Some(q.importe));
        sum += q.importe;
    }
    // A type-13 credit note carries zero amounts and a new schedule of the original
    // document, so its sum cannot be compared with its own total.
    let is_nc13 = doc.tipo_de_nota_de_credito.is_some_and(|t| t.code() == 13);
    let declared_total = doc.total.unwrap_or(total);
    if !is_nc13 && !c.close_to_any(sum, &[payable, declared_total]) {
        c.push("venta_al_credito", Rule::Amount, format!("the installments add up to {sum}, expected {payable}"));
    }
}
