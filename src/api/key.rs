//! Document identity: `tipo_de_comprobante` and the key a document is known by (§3).
//!
//! Owns [`TipoDeComprobante`] and [`DocumentKey`]. The key is what the safe retry policy
//! queries after an uncertain `generar_*`, what the call log records, and what the load
//! scenarios keep disjoint between users. Must not know about transports.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::operation::Family;

/// `tipo_de_comprobante` (§9.1). Serialized as its integer code; parsed leniently from an
/// integer or a numeric string, as Nubefact's own example files send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TipoDeComprobante {
    Factura = 1,
    Boleta = 2,
    NotaDeCredito = 3,
    NotaDeDebito = 4,
    GuiaRemitente = 7,
    GuiaTransportista = 8,
}

impl TipoDeComprobante {
    /// Every value, in code order.
    pub const ALL: [TipoDeComprobante; 6] = [
        TipoDeComprobante::Factura,
        TipoDeComprobante::Boleta,
        TipoDeComprobante::NotaDeCredito,
        TipoDeComprobante::NotaDeDebito,
        TipoDeComprobante::GuiaRemitente,
        TipoDeComprobante::GuiaTransportista,
    ];

    /// The Nubefact integer code.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The value for a Nubefact integer code, if it is one.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|t| u64::from(t.code()) == code)
    }

    /// SUNAT catalogue 01 code, as used in the QR string (`01`, `03`, `07`, `08`, `09`, `31`).
    pub const fn sunat_code(self) -> &'static str {
        match self {
            TipoDeComprobante::Factura => "01",
            TipoDeComprobante::Boleta => "03",
            TipoDeComprobante::NotaDeCredito => "07",
            TipoDeComprobante::NotaDeDebito => "08",
            TipoDeComprobante::GuiaRemitente => "09",
            TipoDeComprobante::GuiaTransportista => "31",
        }
    }

    /// `true` for the guías de remisión (7, 8).
    pub const fn is_guia(self) -> bool {
        matches!(self, TipoDeComprobante::GuiaRemitente | TipoDeComprobante::GuiaTransportista)
    }
}

impl Serialize for TipoDeComprobante {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

impl<'de> Deserialize<'de> for TipoDeComprobante {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            Int(u64),
            Str(&'a str),
            String(String),
        }
        let code = match Raw::deserialize(d)? {
            Raw::Int(n) => Some(n),
            Raw::Str(s) => s.trim().parse().ok(),
            Raw::String(s) => s.trim().parse().ok(),
        };
        code.and_then(Self::from_code)
            .ok_or_else(|| serde::de::Error::custom("tipo_de_comprobante must be 1, 2, 3, 4, 7 or 8"))
    }
}

/// The identity of one document at Nubefact: (family, tipo, serie, numero).
///
/// Comprobantes and guías carry their `tipo`; percepciones and retenciones have none and
/// are keyed by family, serie and numero (§3).
///
/// ```
/// use nubefact_harness::api::{DocumentKey, TipoDeComprobante};
/// let key = DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 42);
/// assert_eq!(key.to_string(), "1-F001-42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentKey {
    pub family: Family,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tipo: Option<TipoDeComprobante>,
    pub serie: String,
    pub numero: u32,
}

impl DocumentKey {
    /// The key of a comprobante or guía; the family follows from `tipo`.
    pub fn comprobante(tipo: TipoDeComprobante, serie: impl Into<String>, numero: u32) -> Self {
        let family = if tipo.is_guia() { Family::Guia } else { Family::Comprobante };
        DocumentKey { family, tipo: Some(tipo), serie: serie.into(), numero }
    }

    /// The key of a percepción or retención (no `tipo`).
    pub fn untyped(family: Family, serie: impl Into<String>, numero: u32) -> Self {
        DocumentKey { family, tipo: None, serie: serie.into(), numero }
    }
}

impl fmt::Display for DocumentKey {
    /// `tipo-serie-numero` for typed documents (the `codigo_unico` convention of the
    /// reference example), `P-serie-numero` / `R-serie-numero` for the others.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.tipo, self.family) {
            (Some(t), _) => write!(f, "{}-{}-{}", t.code(), self.serie, self.numero),
            (None, Family::Retencion) => write!(f, "R-{}-{}", self.serie, self.numero),
            (None, _) => write!(f, "P-{}-{}", self.serie, self.numero),
        }
    }
}

impl Serialize for Family {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Family::Comprobante => "comprobante",
            Family::Guia => "guia",
            Family::Percepcion => "percepcion",
            Family::Retencion => "retencion",
        })
    }
}

impl<'de> Deserialize<'de> for Family {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "comprobante" => Ok(Family::Comprobante),
            "guia" => Ok(Family::Guia),
            "percepcion" => Ok(Family::Percepcion),
            "retencion" => Ok(Family::Retencion),
            other => Err(serde::de::Error::custom(format!("unknown family {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tipo_parses_from_integers_and_numeric_strings_and_rejects_other_codes() {
        let t: TipoDeComprobante = serde_json::from_str("\"2\"").unwrap();
        assert_eq!(t, TipoDeComprobante::Boleta);
        let t: TipoDeComprobante = serde_json::from_str("7").unwrap();
        assert_eq!(t, TipoDeComprobante::GuiaRemitente);
        assert!(serde_json::from_str::<TipoDeComprobante>("5").is_err());
        assert_eq!(serde_json::to_string(&TipoDeComprobante::NotaDeCredito).unwrap(), "3");
    }

    #[test]
    fn guia_tipos_key_into_the_guia_family() {
        let key = DocumentKey::comprobante(TipoDeComprobante::GuiaTransportista, "V001", 3);
        assert_eq!(key.family, Family::Guia);
        assert_eq!(key.to_string(), "8-V001-3");
        assert_eq!(DocumentKey::untyped(Family::Retencion, "R001", 9).to_string(), "R-R001-9");
    }
}
