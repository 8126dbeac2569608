//! Comparing declared amounts with the §10 recomputation, per the configured tolerance mode.
//!
//! Owns: the ±0.01 strict band and the optional SUNAT-like ±1.00 observation band.
//! Must not: know which document it checks.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::config::TotalsMode;
use crate::lenient::Reject;

/// Rounds half-up to 2 decimals (§10.5).
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Compares figures, collecting at most one observation.
pub struct Checker {
    mode: TotalsMode,
    /// The first in-band difference, phrased as a SUNAT note.
    pub observation: Option<String>,
}

impl Checker {
    /// A checker for `mode`.
    pub fn new(mode: TotalsMode) -> Self {
        Checker { mode, observation: None }
    }

    /// Whether totals are compared at all.
    pub fn enabled(&self) -> bool {
        self.mode != TotalsMode::Off
    }

    /// Checks `declared` against any of `expected`.
    ///
    /// # Errors
    /// 21 naming `field` when the smallest difference exceeds the tolerance.
    pub fn check(&mut self, field: &str, declared: Decimal, expected: &[Decimal]) -> Result<(), Reject> {
        if !self.enabled() || expected.is_empty() {
            return Ok(());
        }
        let best = expected.iter().copied().min_by_key(|e| (declared - *e).abs()).unwrap_or_default();
        let diff = (declared - best).abs();
        if diff <= Decimal::new(1, 2) {
            return Ok(());
        }
        if self.mode == TotalsMode::SunatLike && diff <= Decimal::ONE {
            if self.observation.is_none() {
                self.observation = Some(format!(
                    "El valor de '{field}' ({declared}) no coincide con el calculado ({best}) - observacion"
                ));
            }
            return Ok(());
        }
        Err(Reject::business(
            field,
            &format!("no coincide con el calculado: se esperaba {best}, se recibio {declared}"),
        ))
    }
}
