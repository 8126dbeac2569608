//! The fake's own list of Nubefact operations (§3 of the reference).
//!
//! Owns: the `operacion` names and their families. Deliberately independent of the harness's
//! `Operation` type: the fake is an oracle and must not share the client's types.
//! Must not: know about HTTP or state.

/// One value of the `operacion` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// `generar_comprobante`
    GenerarComprobante,
    /// `consultar_comprobante`
    ConsultarComprobante,
    /// `generar_anulacion`
    GenerarAnulacion,
    /// `consultar_anulacion`
    ConsultarAnulacion,
    /// `generar_guia`
    GenerarGuia,
    /// `consultar_guia`
    ConsultarGuia,
    /// `generar_percepcion`
    GenerarPercepcion,
    /// `consultar_percepcion`
    ConsultarPercepcion,
    /// `generar_reversion_percepcion`
    GenerarReversionPercepcion,
    /// `consultar_reversion_percepcion`
    ConsultarReversionPercepcion,
    /// `generar_retencion`
    GenerarRetencion,
    /// `consultar_retencion`
    ConsultarRetencion,
    /// `generar_reversion_retencion`
    GenerarReversionRetencion,
    /// `consultar_reversion_retencion`
    ConsultarReversionRetencion,
}

impl Op {
    /// Every operation, in a stable order (the index is used by the stats counters).
    pub const ALL: [Op; 14] = [
        Op::GenerarComprobante,
        Op::ConsultarComprobante,
        Op::GenerarAnulacion,
        Op::ConsultarAnulacion,
        Op::GenerarGuia,
        Op::ConsultarGuia,
        Op::GenerarPercepcion,
        Op::ConsultarPercepcion,
        Op::GenerarReversionPercepcion,
        Op::ConsultarReversionPercepcion,
        Op::GenerarRetencion,
        Op::ConsultarRetencion,
        Op::GenerarReversionRetencion,
        Op::ConsultarReversionRetencion,
    ];

    /// The wire name, e.g. `"generar_comprobante"`.
    pub fn name(self) -> &'static str {
        match self {
            Op::GenerarComprobante => "generar_comprobante",
            Op::ConsultarComprobante => "consultar_comprobante",
            Op::GenerarAnulacion => "generar_anulacion",
            Op::ConsultarAnulacion => "consultar_anulacion",
            Op::GenerarGuia => "generar_guia",
            Op::ConsultarGuia => "consultar_guia",
            Op::GenerarPercepcion => "generar_percepcion",
            Op::ConsultarPercepcion => "consultar_percepcion",
            Op::GenerarReversionPercepcion => "generar_reversion_percepcion",
            Op::ConsultarReversionPercepcion => "consultar_reversion_percepcion",
            Op::GenerarRetencion => "generar_retencion",
            Op::ConsultarRetencion => "consultar_retencion",
            Op::GenerarReversionRetencion => "generar_reversion_retencion",
            Op::ConsultarReversionRetencion => "consultar_reversion_retencion",
        }
    }

    /// Parses a wire name; `None` for anything not in §3.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Position in [`Op::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether the operation stores a new document.
    pub fn creates_document(self) -> bool {
        matches!(self, Op::GenerarComprobante | Op::GenerarGuia | Op::GenerarPercepcion | Op::GenerarRetencion)
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Op {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Op::from_name(s).ok_or_else(|| format!("unknown operation {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_round_trips_through_its_wire_name_and_index() {
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(Op::from_name(op.name()), Some(*op));
            assert_eq!(op.index(), i);
        }
        assert_eq!(Op::from_name("generar_factura"), None);
    }
}
