//! The catalogue of Nubefact operations (reference §3).
//!
//! Owns the one stable snake_case id per `operacion`, which is also the HDR tag, the goose
//! request name, the CSV column and the file-name fragment everywhere in the harness.
//! Must not know about transports or document fields.

use std::fmt;
use std::str::FromStr;

/// One Nubefact `operacion`. Every operation is a POST to the same route URL; this value
/// is what the `operacion` field of the body says.
///
/// ```
/// use nubefact_harness::api::Operation;
/// let op: Operation = "consultar_guia".parse().unwrap();
/// assert_eq!(op, Operation::ConsultarGuia);
/// assert!(op.is_query());
/// assert_eq!(Operation::GenerarGuia.recovery_query(), Some(Operation::ConsultarGuia));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    GenerarComprobante,
    ConsultarComprobante,
    GenerarAnulacion,
    ConsultarAnulacion,
    GenerarGuia,
    ConsultarGuia,
    GenerarPercepcion,
    ConsultarPercepcion,
    GenerarReversionPercepcion,
    ConsultarReversionPercepcion,
    GenerarRetencion,
    ConsultarRetencion,
    GenerarReversionRetencion,
    ConsultarReversionRetencion,
}

/// The document family an operation acts on; it decides how documents are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Facturas, boletas and notes (tipo 1–4), and their anulaciones.
    Comprobante,
    /// Guías de remisión (tipo 7, 8).
    Guia,
    /// Comprobantes de percepción and their reversiones.
    Percepcion,
    /// Comprobantes de retención and their reversiones.
    Retencion,
}

impl Operation {
    /// Every operation, in the order of reference §3.
    pub const ALL: [Operation; 14] = [
        Operation::GenerarComprobante,
        Operation::ConsultarComprobante,
        Operation::GenerarAnulacion,
        Operation::ConsultarAnulacion,
        Operation::GenerarGuia,
        Operation::ConsultarGuia,
        Operation::GenerarPercepcion,
        Operation::ConsultarPercepcion,
        Operation::GenerarReversionPercepcion,
        Operation::ConsultarReversionPercepcion,
        Operation::GenerarRetencion,
        Operation::ConsultarRetencion,
        Operation::GenerarReversionRetencion,
        Operation::ConsultarReversionRetencion,
    ];

    /// The wire value of `operacion`, also the stable id used everywhere in the harness.
    pub const fn id(self) -> &'static str {
        match self {
            Operation::GenerarComprobante => "generar_comprobante",
            Operation::ConsultarComprobante => "consultar_comprobante",
            Operation::GenerarAnulacion => "generar_anulacion",
            Operation::ConsultarAnulacion => "consultar_anulacion",
            Operation::GenerarGuia => "generar_guia",
            Operation::ConsultarGuia => "consultar_guia",
            Operation::GenerarPercepcion => "generar_percepcion",
            Operation::ConsultarPercepcion => "consultar_percepcion",
            Operation::GenerarReversionPercepcion => "generar_reversion_percepcion",
            Operation::ConsultarReversionPercepcion => "consultar_reversion_percepcion",
            Operation::GenerarRetencion => "generar_retencion",
            Operation::ConsultarRetencion => "consultar_retencion",
            Operation::GenerarReversionRetencion => "generar_reversion_retencion",
            Operation::ConsultarReversionRetencion => "consultar_reversion_retencion",
        }
    }

    /// `true` for the `consultar_*` operations: they change nothing and may be retried.
    pub const fn is_query(self) -> bool {
        matches!(
            self,
            Operation::ConsultarComprobante
                | Operation::ConsultarAnulacion
                | Operation::ConsultarGuia
                | Operation::ConsultarPercepcion
                | Operation::ConsultarReversionPercepcion
                | Operation::ConsultarRetencion
                | Operation::ConsultarReversionRetencion
        )
    }

    /// The family of documents the operation acts on.
    pub const fn family(self) -> Family {
        match self {
            Operation::GenerarComprobante
            | Operation::ConsultarComprobante
            | Operation::GenerarAnulacion
            | Operation::ConsultarAnulacion => Family::Comprobante,
            Operation::GenerarGuia | Operation::ConsultarGuia => Family::Guia,
            Operation::GenerarPercepcion
            | Operation::ConsultarPercepcion
            | Operation::GenerarReversionPercepcion
            | Operation::ConsultarReversionPercepcion => Family::Percepcion,
            Operation::GenerarRetencion
            | Operation::ConsultarRetencion
            | Operation::GenerarReversionRetencion
            | Operation::ConsultarReversionRetencion => Family::Retencion,
        }
    }

    /// For a `generar_*`, the query that reads back what it created; it answers with the
    /// same reply shape. This is the query the safe retry policy sends before any resend.
    /// `None` for queries.
    pub const fn recovery_query(self) -> Option<Operation> {
        match self {
            Operation::GenerarComprobante => Some(Operation::ConsultarComprobante),
            Operation::GenerarAnulacion => Some(Operation::ConsultarAnulacion),
            Operation::GenerarGuia => Some(Operation::ConsultarGuia),
            Operation::GenerarPercepcion => Some(Operation::ConsultarPercepcion),
            Operation::GenerarReversionPercepcion => Some(Operation::ConsultarReversionPercepcion),
            Operation::GenerarRetencion => Some(Operation::ConsultarRetencion),
            Operation::GenerarReversionRetencion => Some(Operation::ConsultarReversionRetencion),
            _ => None,
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The `operacion` value is not one of the 14 known operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown operacion {0:?}")]
pub struct UnknownOperation(pub String);

impl FromStr for Operation {
    type Err = UnknownOperation;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Operation::ALL.into_iter().find(|op| op.id() == s).ok_or_else(|| UnknownOperation(s.to_owned()))
    }
}

impl serde::Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Operation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_parses_back_to_its_operation_and_ids_are_unique() {
        let mut ids: Vec<_> = Operation::ALL.iter().map(|op| op.id()).collect();
        for op in Operation::ALL {
            assert_eq!(op.id().parse::<Operation>().unwrap(), op);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 14);
    }

    #[test]
    fn every_generar_has_a_query_of_the_same_family_and_queries_have_none() {
        for op in Operation::ALL {
            match op.recovery_query() {
                Some(q) => {
                    assert!(!op.is_query() && q.is_query(), "{op}");
                    assert_eq!(op.family(), q.family());
                }
                None => assert!(op.is_query(), "{op}"),
            }
        }
    }
}
