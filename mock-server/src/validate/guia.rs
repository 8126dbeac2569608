//! Validation of `generar_guia` (§7.1): GRE remitente (7) and transportista (8).
//!
//! Owns: the GRE header, transport, driver, recipient and item rules.
//! Must not: decide duplicates or lifecycle.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::Date;

use super::{Issued, date_window, numero, serie};
use crate::config::ValidationConfig;
use crate::lenient::{Fields, Reject};

const GRE_DOC_TIPOS: &[&str] = &["6", "1", "4", "7", "A", "0"];
const DRIVER_TIPOS: &[&str] = &["1", "4", "7", "A", "0"];
const MOTIVOS: &[&str] = &["01", "02", "03", "04", "05", "06", "07", "08", "09", "13", "14", "17", "18"];

fn require(f: &Fields<'_>, name: &str, max: usize, why: &str) -> Result<String, Reject> {
    f.text_opt(name, max)?.ok_or_else(|| Reject::business(name, &format!("es obligatorio {why}")))
}

fn placa(f: &Fields<'_>, name: &str, required: bool) -> Result<(), Reject> {
    let Some(p) = f.text_opt(name, 20)? else {
        return if required { Err(Reject::structural(&f.path(name), "es obligatorio")) } else { Ok(()) };
    };
    let ok =
        (6..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()) && !p.bytes().all(|b| b == b'0');
    if ok {
        Ok(())
    } else {
        Err(Reject::structural(&f.path(name), "debe tener 6 a 8 caracteres alfanumericos, sin guiones"))
    }
}

fn driver(f: &Fields<'_>, prefix: &str, why: &str) -> Result<(), Reject> {
    let name = |s: &str| format!("{prefix}{s}");
    if f.one_of(&name("documento_tipo"), DRIVER_TIPOS, false)?.is_none() {
        return Err(Reject::business(&f.path(&name("documento_tipo")), &format!("es obligatorio {why}")));
    }
    for (field, max) in [("documento_numero", 15), ("nombre", 250), ("apellidos", 250)] {
        if f.text_opt(&name(field), max)?.is_none() {
            return Err(Reject::business(&f.path(&name(field)), &format!("es obligatorio {why}")));
        }
    }
    let Some(lic) = f.text_opt(&name("numero_licencia"), 10)? else {
        return Err(Reject::business(&f.path(&name("numero_licencia")), &format!("es obligatorio {why}")));
    };
    if lic.len() < 9 {
        return Err(Reject::structural(&f.path(&name("numero_licencia")), "debe tener 9 o 10 caracteres"));
    }
    Ok(())
}

/// Validates a `generar_guia` body.
///
/// # Errors
/// 20 structural, 21 business rule, 22 date window.
pub fn guia(body: &Map<String, Value>, cfg: &ValidationConfig, today: Date) -> Result<Issued, Reject> {
    let f = Fields::new(body, "");
    let tipo = f.int("tipo_de_comprobante", 7, 8)?;
    let serie = serie(&f, "serie")?;
    let numero = numero(&f, "numero")?;
    let want = if tipo == 7 { b'T' } else { b'V' };
    if serie[0] != want {
        let what = if tipo == 7 {
            "debe empezar con T en una GRE remitente"
        } else {
            "debe empezar con V en una GRE transportista"
        };
        return Err(Reject::business("serie", what));
    }
    let cliente_tipo = f.one_of("cliente_tipo_de_documento", GRE_DOC_TIPOS, true)?.unwrap_or_default();
    let cliente_numero = f.text("cliente_numero_de_documento", 15)?;
    f.text("cliente_denominacion", 100)?;
    f.text("cliente_direccion", 100)?;
    let fecha = f.date("fecha_de_emision")?;
    f.text_opt("observaciones", 1000)?;
    let peso = f.dec("peso_bruto_total")?;
    if peso <= Decimal::ZERO {
        return Err(Reject::business("peso_bruto_total", "debe ser mayor que cero"));
    }
    f.one_of("peso_bruto_unidad_de_medida", &["KGM", "TNE"], true)?;
    f.date("fecha_de_inicio_de_traslado")?;
    placa(&f, "transportista_placa_numero", true)?;
    f.text("punto_de_partida_ubigeo", 6)?;
    f.text("punto_de_partida_direccion", 150)?;
    f.text("punto_de_llegada_ubigeo", 6)?;
    f.text("punto_de_llegada_direccion", 150)?;
    f.one_of("formato_de_pdf", &["A4", "TICKET"], false)?;
    f.bool_opt("enviar_automaticamente_al_cliente")?;
    f.text_opt("mtc", 20)?;
    let indicador = f.one_of("sunat_envio_indicador", &["01", "02", "03", "04", "05", "06"], false)?;

    if tipo == 7 {
        let motivo = f.one_of("motivo_de_traslado", MOTIVOS, true)?.unwrap_or_default();
        f.int("numero_de_bultos", 0, 999_999)?;
        let transporte = f.one_of("tipo_de_transporte", &["01", "02"], true)?.unwrap_or_default();
        if transporte == "01" {
            let t = f.text_opt("transportista_documento_tipo", 2)?;
            if t.as_deref() != Some("6") {
                return Err(Reject::business("transportista_documento_tipo", "debe ser 6 (RUC) en transporte publico"));
            }
            let ruc = require(&f, "transportista_documento_numero", 11, "en transporte publico")?;
            if ruc.len() != 11 {
                return Err(Reject::structural(
                    "transportista_documento_numero",
                    "debe tener exactamente 11 caracteres",
                ));
            }
            require(&f, "transportista_denominacion", 100, "en transporte publico")?;
        } else {
            driver(&f, "conductor_", "en transporte privado")?;
        }
        if ["04", "18"].contains(&motivo.as_str()) {
            for name in
                ["punto_de_partida_codigo_establecimiento_sunat", "punto_de_llegada_codigo_establecimiento_sunat"]
            {
                require(&f, name, 4, "para este motivo de traslado")?;
            }
        }
        if ["08", "09"].contains(&motivo.as_str()) {
            f.one_of("documento_relacionado_codigo", &["50", "52"], false)?.ok_or_else(|| {
                Reject::business("documento_relacionado_codigo", "es obligatorio en importacion o exportacion")
            })?;
        }
        if matches!(indicador.as_deref(), Some("01" | "02" | "03")) {
            return Err(Reject::business("sunat_envio_indicador", "no esta permitido en una GRE remitente"));
        }
    } else {
        driver(&f, "conductor_", "en una GRE transportista")?;
        f.one_of("destinatario_documento_tipo", GRE_DOC_TIPOS, false)?.ok_or_else(|| {
            Reject::business("destinatario_documento_tipo", "es obligatorio en una GRE transportista")
        })?;
        require(&f, "destinatario_documento_numero", 15, "en una GRE transportista")?;
        require(&f, "destinatario_denominacion", 100, "en una GRE transportista")?;
        match indicador.as_deref() {
            Some("06") => {
                return Err(Reject::business("sunat_envio_indicador", "no esta permitido en una GRE transportista"));
            }
            Some("02") => {
                require(&f, "subcontratador_documento_numero", 11, "con el indicador 02")?;
            }
            Some("03") => {
                require(&f, "pagador_servicio_numero_identidad", 15, "con el indicador 03")?;
            }
            _ => {}
        }
    }

    let items = f.objects("items")?;
    if items.is_empty() {
        return Err(Reject::structural("items", "debe tener al menos un item"));
    }
    for (i, item) in items.iter().enumerate() {
        let prefix = format!("items[{i}].");
        let it = Fields::new(item, &prefix);
        it.text("unidad_de_medida", 5)?;
        it.text("descripcion", 250)?;
        let q = it.dec("cantidad")?;
        if q <= Decimal::ZERO {
            return Err(Reject::business(&it.path("cantidad"), "debe ser mayor que cero"));
        }
        it.text_opt("codigo_dam", 23)?;
    }
    for (i, doc) in f.objects("documento_relacionado")?.iter().enumerate() {
        let prefix = format!("documento_relacionado[{i}].");
        let d = Fields::new(doc, &prefix);
        d.one_of("tipo", &["01", "03", "09", "31"], true)?;
        super::serie(&d, "serie")?;
        super::numero(&d, "numero")?;
    }
    let vehiculos = f.objects("vehiculos_secundarios")?;
    if vehiculos.len() > 2 {
        return Err(Reject::business("vehiculos_secundarios", "admite como maximo 2 vehiculos"));
    }
    for (i, v) in vehiculos.iter().enumerate() {
        let prefix = format!("vehiculos_secundarios[{i}].");
        placa(&Fields::new(v, &prefix), "placa_numero", true)?;
    }
    let conductores = f.objects("conductores_secundarios")?;
    if conductores.len() > 2 {
        return Err(Reject::business("conductores_secundarios", "admite como maximo 2 conductores"));
    }
    for (i, c) in conductores.iter().enumerate() {
        let prefix = format!("conductores_secundarios[{i}].");
        driver(&Fields::new(c, &prefix), "", "en un conductor secundario")?;
    }
    date_window(cfg, fecha, today, cfg.guia_days_back)?;
    Ok(Issued {
        tipo: tipo as u8,
        serie,
        numero,
        fecha,
        total_igv: Decimal::ZERO,
        total: Decimal::ZERO,
        cliente_tipo: cliente_tipo.as_bytes().first().copied().unwrap_or(b'0'),
        cliente_numero,
        codigo_unico: None,
        boleta_like: false,
        observation: None,
    })
}
