//! Command-line overrides (`--users`, `--rate`, `--duration`) applied to a scenario.
//!
//! Owns [`Overrides`] and the rule that an override must fit the model and the caps.
//! Must not parse arguments (clap does, in `cli/`).

use std::time::Duration;

use super::Scenario;
use super::error::{ScenarioError, flag_err};
use super::load::{Model, Ramp, Stop, check_within_cap};

/// Values given on the command line that replace the scenario's own.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overrides {
    /// `--users N`: closed model only (not with a test plan).
    pub users: Option<u32>,
    /// `--rate R`: the open model's steady rate, per second.
    pub rate_per_sec: Option<f64>,
    /// `--duration D`: the closed model's duration (replacing iterations) or the open
    /// model's steady duration.
    pub duration: Option<Duration>,
}

impl Scenario {
    /// Applies CLI overrides, re-checking what they touch.
    ///
    /// # Errors
    /// A [`ScenarioError`] naming the flag: an override that does not fit the model, a zero
    /// value, a duration past `load.max_duration`, or a user count the numbering cannot cover.
    pub fn with_overrides(mut self, o: &Overrides) -> Result<Self, ScenarioError> {
        if let Some(users) = o.users {
            if users == 0 {
                return Err(flag_err("--users", "must be > 0"));
            }
            match &mut self.load.model {
                Model::Closed { ramp: Ramp::TestPlan { .. }, .. } => {
                    return Err(flag_err("--users", "the scenario's test plan sets the users"));
                }
                Model::Closed { users: u, ramp: Ramp::Hatch { .. }, .. } => *u = users,
                Model::Open { .. } => return Err(flag_err("--users", "only applies to the closed model; use --rate")),
            }
            self.numbering.range_for(0, users, super::Shard::SOLO).map_err(|e| flag_err("--users", e.to_string()))?;
        }
        if let Some(rate) = o.rate_per_sec {
            if !(rate.is_finite() && rate > 0.0) {
                return Err(flag_err("--rate", "must be > 0"));
            }
            match &mut self.load.model {
                Model::Open { rate_per_sec, .. } => *rate_per_sec = rate,
                Model::Closed { .. } => return Err(flag_err("--rate", "only applies to the open model; use --users")),
            }
        }
        if let Some(d) = o.duration {
            if d.is_zero() {
                return Err(flag_err("--duration", "must be > 0"));
            }
            match &mut self.load.model {
                Model::Closed { ramp: Ramp::TestPlan { .. }, .. } => {
                    return Err(flag_err("--duration", "the scenario's test plan sets the duration"));
                }
                Model::Closed { stop, .. } => *stop = Stop::Duration(d),
                Model::Open { duration, .. } => *duration = d,
            }
            check_within_cap(&self.load).map_err(|m| flag_err("--duration", m))?;
        }
        Ok(self)
    }
}
