//! `nubefact-harness validate FILE.json`: offline validation of one request document.
//!
//! Problems are data, so they go to stdout, one per line, each starting with its field
//! path; the verdict line goes to stderr. A file that cannot be read or is not JSON is the
//! harness failing to run (exit 2), not a failed check.

use std::path::Path;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::Exit;
use crate::api::model::AnyRequest;
use crate::api::{AnyRequestError, ValidationContext, amounts};

/// Validates `file`; `today` (`DD-MM-YYYY` or `today`) turns on the date-window rules.
///
/// # Errors
/// The file cannot be read or is not JSON (exit 2), or `--today` is not a date.
pub fn run(file: &Path, today: Option<&str>) -> anyhow::Result<Exit> {
    let ctx = match today {
        None => ValidationContext::default(),
        Some(text) => ValidationContext::with_today(parse_today(text)?),
    };
    let value = read_json(file)?;
    let request = match AnyRequest::from_value(value) {
        Ok(request) => request,
        Err(e) => {
            println!("{}", request_error_line(&e));
            eprintln!("{}: invalid: 1 problem", file.display());
            return Ok(Exit::CheckFailed);
        }
    };
    let problems = request.validate(&ctx);
    if problems.is_empty() {
        println!("{}", serde_json::to_string_pretty(&recomputed(&request))?);
        eprintln!("{}: valid {} {}", file.display(), request.operation(), request.key());
        return Ok(Exit::Ok);
    }
    for problem in &problems {
        println!("{problem}");
    }
    eprintln!("{}: invalid: {} problem{}", file.display(), problems.len(), if problems.len() == 1 { "" } else { "s" });
    Ok(Exit::CheckFailed)
}

/// Reads and parses a JSON file.
///
/// # Errors
/// A message naming the file: it cannot be read, or it is not JSON.
pub fn read_json(file: &Path) -> anyhow::Result<Value> {
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read file", file.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{}: not JSON", file.display()))
}

/// One problem line for a document that does not even have its operation's shape.
pub fn request_error_line(e: &AnyRequestError) -> String {
    match e {
        AnyRequestError::MissingOperacion | AnyRequestError::UnknownOperacion(_) => {
            format!("operacion: {e} (required)")
        }
        AnyRequestError::Shape { path, source, .. } => format!("{path}: {source} (type)"),
        AnyRequestError::NotJson(_) => format!("$: {e} (type)"),
    }
}

fn parse_today(text: &str) -> anyhow::Result<time::Date> {
    if text.eq_ignore_ascii_case("today") {
        let peru = time::UtcOffset::from_hms(-5, 0, 0).context("UTC-5 offset")?;
        return Ok(time::OffsetDateTime::now_utc().to_offset(peru).date());
    }
    let format = time::macros::format_description!("[day]-[month]-[year]");
    match time::Date::parse(text, &format) {
        Ok(date) => Ok(date),
        Err(_) => bail!("--today: {text:?} is not a DD-MM-YYYY date or `today`"),
    }
}

/// The figures the calculator derives for the document, for the user to compare.
fn recomputed(request: &AnyRequest) -> Value {
    let mut out = json!({ "operacion": request.operation(), "key": request.key().to_string(), "valid": true });
    match request {
        AnyRequest::GenerarComprobante(doc) => {
            let c = amounts::compute(doc);
            let t = &c.totals;
            out["totals"] = json!({
                "total_gravada": num(t.total_gravada), "total_exonerada": num(t.total_exonerada),
                "total_inafecta": num(t.total_inafecta), "total_gratuita": num(t.total_gratuita),
                "total_igv": num(t.total_igv), "total_isc": num(t.total_isc),
                "total_otros_cargos": num(t.total_otros_cargos),
                "total_impuestos_bolsas": num(t.total_impuestos_bolsas), "total_descuento": num(t.total_descuento),
                "total_anticipo": num(t.total_anticipo), "total": num(t.total), "payable": num(c.payable),
            });
            if let Some((base, percepcion, incluido)) = c.percepcion {
                out["totals"]["percepcion_base_imponible"] = num(base);
                out["totals"]["total_percepcion"] = num(percepcion);
                out["totals"]["total_incluido_percepcion"] = num(incluido);
            }
            if let Some((base, retencion)) = c.retencion {
                out["totals"]["retencion_base_imponible"] = num(base);
                out["totals"]["total_retencion"] = num(retencion);
            }
            if let Some(detraccion) = c.detraccion_total {
                out["totals"]["detraccion_total"] = num(detraccion);
            }
            out["lines"] = c
                .lines
                .iter()
                .map(|l| {
                    json!({"subtotal": num(l.subtotal), "igv": num(l.igv),
                           "precio_unitario": num(l.precio_unitario), "total": num(l.total)})
                })
                .collect();
        }
        AnyRequest::GenerarPercepcion(doc) => {
            let mut doc = doc.clone();
            amounts::apply_percepcion(&mut doc);
            out["totals"] =
                json!({ "total_percibido": doc.total_percibido.map(num), "total_cobrado": doc.total_cobrado.map(num) });
        }
        AnyRequest::GenerarRetencion(doc) => {
            let mut doc = doc.clone();
            amounts::apply_retencion(&mut doc);
            out["totals"] =
                json!({ "total_retenido": doc.total_retenido.map(num), "total_pagado": doc.total_pagado.map(num) });
        }
        _ => {}
    }
    out
}

/// A decimal as a JSON number that keeps its scale (`12.60`, not `12.6` or `"12.60"`).
fn num(d: rust_decimal::Decimal) -> Value {
    // serde_json is built with arbitrary_precision, so a decimal's text is a valid Number.
    amounts::money(d).to_string().parse::<serde_json::Number>().map(Value::Number).unwrap_or(Value::Null)
}
