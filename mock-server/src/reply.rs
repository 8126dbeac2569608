//! Reply bodies with every documented field (§5–§8, §13): links, hash, QR and SUNAT fields.
//!
//! Owns: turning a stored record plus "now" into the exact JSON Nubefact would send, and the
//! error shape `{"errors": "...", "codigo": N}`.
//! Must not: change state. The SUNAT view is a pure function of the record and the time.

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{SunatConfig, SunatOutcome};
use crate::registry::{DocKey, NEVER, Record, flags};
use crate::rng;

/// The exact error body of §12.1.
pub fn error_body(message: &str, codigo: u16) -> Vec<u8> {
    #[derive(Serialize)]
    struct E<'a> {
        errors: &'a str,
        codigo: u16,
    }
    serde_json::to_vec(&E { errors: message, codigo }).unwrap_or_default()
}

/// Serialises into a buffer sized for a typical reply, avoiding repeated growth.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    // Serialising these plain structs into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out, value);
    out
}

/// What the reply builder needs besides the record.
pub struct Ctx<'a> {
    /// Seed for link ids and hashes.
    pub seed: u64,
    /// Link host, e.g. `www.nubefact.com`.
    pub host: &'a str,
    /// Issuer RUC for the QR string.
    pub ruc: &'a str,
    /// Lifecycle timers.
    pub sunat: &'a SunatConfig,
    /// Engine time in ms.
    pub now_ms: u64,
}

fn key_hash(key: &DocKey) -> u64 {
    let a = (u64::from(key.account) << 40) | (u64::from(key.tipo) << 32) | u64::from(key.numero);
    rng::mix(rng::mix(a) ^ u64::from(u32::from_le_bytes(key.serie)))
}

/// The document's link id: a v4-shaped UUID derived from the seed and the key.
pub fn link_id(seed: u64, key: &DocKey, stream: u64) -> uuid::Uuid {
    let h = key_hash(key);
    let hi = rng::draw(seed, stream, h);
    let lo = rng::draw(seed, stream + 1, h);
    uuid::Builder::from_random_bytes(((u128::from(hi) << 64) | u128::from(lo)).to_be_bytes()).into_uuid()
}

/// `codigo_hash`: 44-character base64 of a SHA-256 over the seed and the key.
pub fn codigo_hash(seed: u64, key: &DocKey) -> String {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(key_hash(key).to_le_bytes());
    h.update(key.serie);
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

/// Formats céntimos as `1,145.00` (§13.4).
pub fn amount(cents: i64) -> String {
    let neg = cents < 0;
    let c = cents.unsigned_abs();
    let units = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}{grouped}.{:02}", if neg { "-" } else { "" }, c % 100)
}

fn sunat_doc_code(tipo: u8) -> &'static str {
    match tipo {
        1 => "01",
        2 => "03",
        3 => "07",
        4 => "08",
        7 => "09",
        8 => "31",
        40 => "40",
        _ => "20",
    }
}

fn doc_name(tipo: u8) -> &'static str {
    match tipo {
        1 => "La Factura",
        2 => "La Boleta",
        3 => "La Nota de Credito",
        4 => "La Nota de Debito",
        40 => "El Comprobante de Percepcion",
        _ => "El Comprobante de Retencion",
    }
}

/// `cadena_para_codigo_qr` exactly as §13.4.
pub fn qr(ctx: &Ctx<'_>, key: &DocKey, rec: &Record, hash: &str) -> String {
    let date = time::Date::from_julian_day(rec.fecha_jd)
        .map_or_else(|_| "01/01/1970".to_string(), |d| format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year()));
    format!(
        "{} | {} | {} | {:06} | {} | {} | {} | {} | {} | {} |",
        ctx.ruc,
        sunat_doc_code(key.tipo),
        key.serie_str(),
        key.numero,
        amount(rec.igv_cents),
        amount(rec.total_cents),
        date,
        rec.cliente_tipo as char,
        rec.cliente_str(),
        hash
    )
}

/// The SUNAT fields at `now`.
struct SunatView {
    aceptada: bool,
    description: Option<String>,
    note: Option<String>,
    code: Option<&'static str>,
    soap_error: String,
    has_cdr: bool,
}

fn sunat_view(ctx: &Ctx<'_>, key: &DocKey, rec: &Record) -> SunatView {
    let pending = SunatView {
        aceptada: false,
        description: None,
        note: None,
        code: None,
        soap_error: String::new(),
        has_cdr: false,
    };
    if rec.flags & flags::BOLETA_LIKE != 0
        && ctx.now_ms < u64::from(rec.emitted_ms) + ctx.sunat.boleta_delay.as_millis() as u64
    {
        return pending;
    }
    let name = format!("{} numero {}-{}", doc_name(key.tipo), key.serie_str(), key.numero);
    let observed = rec.outcome == SunatOutcome::Observed || rec.flags & flags::TOTALS_OBSERVED != 0;
    match rec.outcome {
        SunatOutcome::Rejected => SunatView {
            aceptada: false,
            description: Some(format!("{name}, ha sido rechazada: el comprobante contiene errores (simulado)")),
            note: None,
            code: Some("2800"),
            soap_error: String::new(),
            has_cdr: true,
        },
        SunatOutcome::SoapError => SunatView {
            soap_error: "No se pudo establecer conexion con el servicio de SUNAT (simulado)".to_string(),
            ..pending
        },
        _ if observed => SunatView {
            aceptada: true,
            description: Some(format!("{name}, ha sido aceptada")),
            note: Some("4287 - El comprobante tiene observaciones (simulado)".to_string()),
            code: Some("4287"),
            soap_error: String::new(),
            has_cdr: true,
        },
        _ => SunatView {
            aceptada: true,
            description: Some(format!("{name}, ha sido aceptada")),
            note: None,
            code: Some("0"),
            soap_error: String::new(),
            has_cdr: true,
        },
    }
}

#[derive(Serialize)]
struct Comprobante<'a> {
    tipo_de_comprobante: u8,
    serie: &'a str,
    numero: u32,
    enlace: String,
    enlace_del_pdf: String,
    enlace_del_xml: String,
    enlace_del_cdr: String,
    aceptada_por_sunat: bool,
    sunat_description: Option<String>,
    sunat_note: Option<String>,
    sunat_responsecode: Option<&'static str>,
    sunat_soap_error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    anulado: Option<bool>,
    pdf_zip_base64: Option<()>,
    xml_zip_base64: Option<()>,
    cdr_zip_base64: Option<()>,
    cadena_para_codigo_qr: String,
    codigo_hash: String,
}

/// Whether the baja/reversión of `rec` has been accepted at `now`.
pub fn void_accepted(ctx: &Ctx<'_>, rec: &Record) -> bool {
    rec.voided_ms != NEVER && ctx.now_ms >= u64::from(rec.voided_ms) + ctx.sunat.anulacion_delay.as_millis() as u64
}

/// Reply to `generar_comprobante` (`with_anulado` false) and `consultar_comprobante` (true).
pub fn comprobante(ctx: &Ctx<'_>, key: &DocKey, rec: &Record, with_anulado: bool) -> Vec<u8> {
    let v = sunat_view(ctx, key, rec);
    let enlace = format!("https://{}/cpe/{}", ctx.host, link_id(ctx.seed, key, 11));
    let hash = codigo_hash(ctx.seed, key);
    let body = Comprobante {
        tipo_de_comprobante: key.tipo,
        serie: key.serie_str(),
        numero: key.numero,
        enlace_del_pdf: format!("{enlace}.pdf"),
        enlace_del_xml: format!("{enlace}.xml"),
        enlace_del_cdr: if v.has_cdr { format!("{enlace}.cdr") } else { String::new() },
        enlace,
        aceptada_por_sunat: v.aceptada,
        sunat_description: v.description,
        sunat_note: v.note,
        sunat_responsecode: v.code,
        sunat_soap_error: v.soap_error,
        anulado: with_anulado.then(|| void_accepted(ctx, rec)),
        pdf_zip_base64: None,
        xml_zip_base64: None,
        cdr_zip_base64: None,
        cadena_para_codigo_qr: qr(ctx, key, rec, &hash),
        codigo_hash: hash,
    };
    to_json(&body)
}

#[derive(Serialize)]
struct Baja {
    numero: u32,
    enlace: String,
    sunat_ticket_numero: String,
    aceptada_por_sunat: bool,
    sunat_description: Option<String>,
    sunat_note: Option<String>,
    sunat_responsecode: Option<&'static str>,
    sunat_soap_error: String,
    xml_zip_base64: Option<()>,
    pdf_zip_base64: Option<()>,
    cdr_zip_base64: Option<()>,
    enlace_del_pdf: String,
    enlace_del_xml: String,
    enlace_del_cdr: String,
}

/// Reply to `generar_anulacion`/`consultar_anulacion` (`path` "anulacion") and the reversions
/// (`path` "reversion"). `numero` is the voided document's number (§15).
pub fn baja(ctx: &Ctx<'_>, key: &DocKey, rec: &Record, path: &str) -> Vec<u8> {
    let accepted = void_accepted(ctx, rec);
    let enlace = format!("https://{}/{path}/{}", ctx.host, link_id(ctx.seed, key, 21));
    let ticket = 1_700_000_000_000 + rng::draw(ctx.seed, 31, key_hash(key)) % 100_000_000_000;
    let body = Baja {
        numero: key.numero,
        sunat_ticket_numero: ticket.to_string(),
        aceptada_por_sunat: accepted,
        sunat_description: accepted
            .then(|| format!("La Comunicacion de baja de {}-{}, ha sido aceptada", key.serie_str(), key.numero)),
        sunat_note: None,
        sunat_responsecode: accepted.then_some("0"),
        sunat_soap_error: String::new(),
        xml_zip_base64: None,
        pdf_zip_base64: None,
        cdr_zip_base64: None,
        enlace_del_pdf: format!("{enlace}.pdf"),
        enlace_del_xml: format!("{enlace}.xml"),
        enlace_del_cdr: if accepted { format!("{enlace}.cdr") } else { String::new() },
        enlace,
    };
    to_json(&body)
}

#[derive(Serialize)]
struct Guia<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    nota_importante: Option<&'static str>,
    tipo_de_comprobante: u8,
    serie: &'a str,
    numero: u32,
    enlace: String,
    aceptada_por_sunat: bool,
    sunat_description: Option<String>,
    sunat_note: Option<String>,
    sunat_responsecode: Option<&'static str>,
    sunat_soap_error: String,
    pdf_zip_base64: Option<()>,
    xml_zip_base64: Option<()>,
    cdr_zip_base64: Option<()>,
    cadena_para_codigo_qr: String,
    enlace_del_pdf: String,
    enlace_del_xml: String,
    enlace_del_cdr: String,
}

/// Reply to `generar_guia` (pending, with `nota_importante`) and `consultar_guia`.
pub fn guia(ctx: &Ctx<'_>, key: &DocKey, rec: &Record, generated: bool) -> Vec<u8> {
    let accepted = !generated && rec.flags & flags::GUIA_ACCEPTED != 0;
    let rejected = accepted && rec.outcome == SunatOutcome::Rejected;
    let mut body = Guia {
        nota_importante: generated.then_some(
            "La guia de remision fue registrada y enviada a la SUNAT. Consulte su estado con la operacion consultar_guia.",
        ),
        tipo_de_comprobante: key.tipo,
        serie: key.serie_str(),
        numero: key.numero,
        enlace: String::new(),
        aceptada_por_sunat: false,
        sunat_description: None,
        sunat_note: None,
        sunat_responsecode: None,
        sunat_soap_error: String::new(),
        pdf_zip_base64: None,
        xml_zip_base64: None,
        cdr_zip_base64: None,
        cadena_para_codigo_qr: String::new(),
        enlace_del_pdf: String::new(),
        enlace_del_xml: String::new(),
        enlace_del_cdr: String::new(),
    };
    if rejected {
        body.sunat_description = Some("RECHAZADA (simulado)".to_string());
        body.sunat_responsecode = Some("2800");
    } else if accepted {
        let enlace = format!("https://{}/guia/{}", ctx.host, link_id(ctx.seed, key, 41));
        body.aceptada_por_sunat = true;
        body.sunat_description = Some("ACEPTADA".to_string());
        body.sunat_responsecode = Some("0");
        body.cadena_para_codigo_qr = format!(
            "https://e-factura.sunat.gob.pe/v1/contribuyente/gre/comprobantes/descargaqr?hashqr={}",
            link_id(ctx.seed, key, 43).simple()
        );
        body.enlace_del_pdf = format!("{enlace}.pdf");
        body.enlace_del_xml = format!("{enlace}.xml");
        body.enlace_del_cdr = format!("{enlace}.cdr");
        body.enlace = enlace;
    }
    to_json(&body)
}

#[derive(Serialize)]
struct RetPer<'a> {
    serie: &'a str,
    numero: u32,
    enlace: String,
    enlace_del_pdf: String,
    enlace_del_xml: String,
    enlace_del_cdr: String,
    aceptada_por_sunat: bool,
    sunat_description: Option<String>,
    sunat_note: Option<String>,
    sunat_responsecode: Option<&'static str>,
    sunat_soap_error: String,
    codigo_hash: String,
}

/// Reply to `generar_/consultar_percepcion` and `_retencion` (accepted synchronously).
pub fn retper(ctx: &Ctx<'_>, key: &DocKey, rec: &Record) -> Vec<u8> {
    let v = sunat_view(ctx, key, rec);
    let enlace = format!("https://{}/cpe/{}", ctx.host, link_id(ctx.seed, key, 11));
    let body = RetPer {
        serie: key.serie_str(),
        numero: key.numero,
        enlace_del_pdf: format!("{enlace}.pdf"),
        enlace_del_xml: format!("{enlace}.xml"),
        enlace_del_cdr: if v.has_cdr { format!("{enlace}.cdr") } else { String::new() },
        enlace,
        aceptada_por_sunat: v.aceptada,
        sunat_description: v.description,
        sunat_note: v.note,
        sunat_responsecode: v.code,
        sunat_soap_error: v.soap_error,
        codigo_hash: codigo_hash(ctx.seed, key),
    };
    to_json(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_have_two_decimals_and_comma_thousands() {
        assert_eq!(amount(114500), "1,145.00");
        assert_eq!(amount(15800), "158.00");
        assert_eq!(amount(5), "0.05");
        assert_eq!(amount(123456789), "1,234,567.89");
    }

    #[test]
    fn the_hash_is_44_base64_characters_and_stable() {
        let k = DocKey { account: 0, tipo: 1, serie: *b"F001", numero: 42 };
        let h = codigo_hash(1, &k);
        assert_eq!(h.len(), 44);
        assert_eq!(h, codigo_hash(1, &k));
        assert_ne!(h, codigo_hash(2, &k));
        assert_eq!(link_id(1, &k, 11).get_version_num(), 4);
    }
}
