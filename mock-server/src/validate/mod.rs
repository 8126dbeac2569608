//! The fake's own validation, written from the reference independently of the client's.
//!
//! Owns: turning a lenient JSON object into the compact facts the registry keeps, or a
//! `Reject` (20 structural, 21 business rule, 22 date window) naming the field.
//! Must not: touch the registry, the clock (today is passed in) or HTTP.

mod comprobante;
mod guia;
mod retper;
mod totals;

pub use comprobante::comprobante;
pub use guia::guia;
pub use retper::{Family, retper};

use rust_decimal::Decimal;
use time::Date;

use crate::config::ValidationConfig;
use crate::lenient::{Fields, Reject};

/// The facts of a valid emission that the registry keeps (never the body).
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    /// `tipo_de_comprobante` (1–4, 7, 8) or the family code (40 percepción, 20 retención).
    pub tipo: u8,
    /// Four uppercase alphanumerics.
    pub serie: [u8; 4],
    /// 1 ..= 99 999 999.
    pub numero: u32,
    /// `fecha_de_emision`.
    pub fecha: Date,
    /// `total_igv` as declared.
    pub total_igv: Decimal,
    /// `total` (or `total_percibido`/`total_retenido`) as declared.
    pub total: Decimal,
    /// `cliente_tipo_de_documento` (one ASCII char).
    pub cliente_tipo: u8,
    /// `cliente_numero_de_documento`.
    pub cliente_numero: String,
    /// `codigo_unico`, when given.
    pub codigo_unico: Option<String>,
    /// SUNAT answers this document with the boleta timing (boletas and notes on boletas).
    pub boleta_like: bool,
    /// A totals difference inside the SUNAT-like band: accepted with this observation.
    pub observation: Option<String>,
}

/// Reads `serie` (exactly 4 uppercase alphanumerics).
///
/// # Errors
/// 20 when absent or malformed.
pub fn serie(f: &Fields<'_>, name: &str) -> Result<[u8; 4], Reject> {
    let s = f.text(name, 20)?;
    let b = s.as_bytes();
    if b.len() != 4 || !b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return Err(Reject::structural(
            &f.path(name),
            "debe tener exactamente 4 caracteres alfanumericos en mayusculas",
        ));
    }
    Ok([b[0], b[1], b[2], b[3]])
}

/// Reads `numero` (1–8 digits).
///
/// # Errors
/// 20 when absent or out of range.
pub fn numero(f: &Fields<'_>, name: &str) -> Result<u32, Reject> {
    // The range keeps the cast lossless.
    f.int(name, 1, 99_999_999).map(|n| n as u32)
}

/// The identity of a query or void: `tipo` (if the family has one), `serie`, `numero`.
///
/// # Errors
/// 20 for a missing or malformed identity field.
pub fn identity(f: &Fields<'_>, tipos: &[i64]) -> Result<(u8, [u8; 4], u32), Reject> {
    let tipo = if tipos.is_empty() {
        0
    } else {
        let t = f.int("tipo_de_comprobante", 0, 99)?;
        if !tipos.contains(&t) {
            return Err(Reject::structural("tipo_de_comprobante", &format!("tiene un valor no permitido: {t}")));
        }
        t as u8
    };
    Ok((tipo, serie(f, "serie")?, numero(f, "numero")?))
}

/// The customer document types of §9.3.
pub(crate) const CLIENTE_TIPOS: &[&str] = &["6", "1", "-", "4", "7", "A", "B", "0", "G"];

/// Checks the emission date against today (code 22), `days_back` days of grace.
///
/// # Errors
/// 22 when the date lies in the future or more than `days_back` days ago.
pub fn date_window(cfg: &ValidationConfig, fecha: Date, today: Date, days_back: u32) -> Result<(), Reject> {
    if !cfg.check_dates {
        return Ok(());
    }
    let age = today.to_julian_day() - fecha.to_julian_day();
    if age < 0 || age > i64::from(days_back) as i32 {
        return Err(Reject {
            codigo: 22,
            message: format!(
                "El campo 'fecha_de_emision' esta fuera del plazo permitido: {:02}-{:02}-{}",
                fecha.day(),
                fecha.month() as u8,
                fecha.year()
            ),
        });
    }
    Ok(())
}
