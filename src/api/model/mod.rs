//! Typed requests and replies for all 14 operations (§4–§8), their code tables (§9) and
//! the builders that fill every derived amount.
//!
//! Owns the Rust shape of every document. Parsing is lenient (numbers and booleans as strings, `""` as absent); output is
//! canonical (JSON numbers and booleans, unused optional fields omitted). Must not do I/O,
//! read a clock (dates are passed in) or validate: that is [`crate::api::validate`].

pub mod anulacion;
pub mod any;
pub mod codes;
pub mod comprobante;
mod comprobante_builder;
mod cpe_builder;
pub mod guia;
pub(crate) mod lenient;
pub mod percepcion;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::key::TipoDeComprobante;
use super::operation::Operation;

pub use anulacion::{Anulacion, AnulacionReply, ConsultarAnulacion};
pub use any::{AnyRequest, AnyRequestError};
pub use codes::*;
pub use comprobante::{Comprobante, ComprobanteReply, ConsultarComprobante, Cuota, GuiaRelacionada, Item};
pub use comprobante_builder::ComprobanteBuilder;
pub use cpe_builder::{PercepcionBuilder, Relacionado, RetencionBuilder};
pub use guia::{
    ConductorSecundario, ConsultarGuia, DocumentoRelacionado, Guia, GuiaBuilder, GuiaItem, GuiaReply,
    VehiculoSecundario,
};
pub use percepcion::CpeReply;
pub use percepcion::{
    ConsultarPercepcion, ConsultarRetencion, ConsultarReversionPercepcion, ConsultarReversionRetencion, Percepcion,
    PercepcionItem, PercepcionReply, Retencion, RetencionItem, RetencionReply, ReversionPercepcion, ReversionReply,
    ReversionRetencion,
};

/// The `operacion` field of a request type: a zero-sized marker for
/// `Operation::ALL[I]` that always serializes as that operation's id, so a request can
/// never carry the wrong one. Parsing accepts that id (or nothing) and rejects any other.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Operacion<const I: u8>;

impl<const I: u8> Operacion<I> {
    /// The operation this marker stands for.
    pub const fn operation(self) -> Operation {
        Operation::ALL[I as usize]
    }
}

impl<const I: u8> fmt::Debug for Operacion<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation().id())
    }
}

impl<const I: u8> Serialize for Operacion<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.operation().id())
    }
}

impl<'de, const I: u8> Deserialize<'de> for Operacion<I> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = lenient::opt_string::deserialize(d)?;
        match text.as_deref() {
            None => Ok(Operacion),
            Some(t) if t == Operation::ALL[I as usize].id() => Ok(Operacion),
            Some(t) => Err(serde::de::Error::custom(format!(
                "operacion must be {:?}, got {t:?}",
                Operation::ALL[I as usize].id()
            ))),
        }
    }
}

/// A factura is the default document type, so that `Default` can build an empty request
/// for the lenient parser to fill.
impl Default for TipoDeComprobante {
    fn default() -> Self {
        TipoDeComprobante::Factura
    }
}

/// Formats a date as Nubefact's `DD-MM-YYYY`.
pub fn format_date(date: time::Date) -> String {
    format!("{:02}-{:02}-{:04}", date.day(), u8::from(date.month()), date.year())
}

/// Parses Nubefact's `DD-MM-YYYY` into a real calendar date.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[2] != b'-' || b[5] != b'-' {
        return None;
    }
    let day: u8 = text.get(0..2)?.parse().ok()?;
    let month: u8 = text.get(3..5)?.parse().ok()?;
    let year: i32 = text.get(6..10)?.parse().ok()?;
    if !text[0..2].bytes().chain(text[3..5].bytes()).chain(text[6..10].bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_dates_are_rejected() {
        let d = time::macros::date!(2026 - 03 - 05);
        assert_eq!(format_date(d), "05-03-2026");
        assert_eq!(parse_date("05-03-2026"), Some(d));
        assert_eq!(parse_date("2026-03-15"), None);
        assert_eq!(parse_date("31-02-2026"), None);
        assert_eq!(parse_date("+1-03-2026"), None);
    }

    #[test]
    fn the_operacion_marker_serializes_its_id_and_rejects_another() {
        let m: Operacion<0> = Operacion;
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"generar_comprobante\"");
        assert!(serde_json::from_str::<Operacion<0>>("\"consultar_guia\"").is_err());
        assert!(serde_json::from_str::<Operacion<0>>("\"generar_comprobante\"").is_ok());
    }
}
