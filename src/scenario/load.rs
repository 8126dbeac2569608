//! The load model of a scenario: closed (goose users) or open (a fixed arrival rate), and
//! the caps every run must have.
//!
//! Owns [`Load`], [`Model`], [`Caps`] and the parsing of goose-style test plans. Must not
//! pace, sleep or spawn anything: the drivers in `run/` do that from these values.

use std::time::Duration;

use super::error::{Ctx, ScenarioError};
use super::file::FileLoad;
use super::target::parse_duration;

/// Hard limits: the run stops at whichever comes first. Both are always required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// Wall-clock cap on the load phase.
    pub max_duration: Duration,
    /// Cap on requests sent (all operations together).
    pub max_requests: u64,
}

/// One step of a goose test plan: reach `users` over `duration` (goose semantics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanStep {
    /// Target number of users at the end of the step.
    pub users: u32,
    /// How long the step lasts.
    pub duration: Duration,
}

/// How a closed-model run starts its users.
#[derive(Debug, Clone, PartialEq)]
pub enum Ramp {
    /// `users` start at `hatch_rate` users per second.
    Hatch {
        /// Users started per second (> 0); `None`: all users at once (not goose's default of
        /// 1 per second, which makes 100 users take 100 s).
        hatch_rate_per_sec: Option<f64>,
    },
    /// A goose test plan such as `"10,5s;10,30s;0,1s"`.
    TestPlan {
        /// The plan text, to hand to goose unchanged.
        text: String,
        /// The parsed steps.
        steps: Vec<PlanStep>,
    },
}

/// When a closed-model run stops (besides the caps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// After this long.
    Duration(Duration),
    /// After each user ran this many iterations of its flows.
    Iterations(u64),
    /// The test plan decides (its total duration).
    Plan,
}

/// One open-model rate step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateStep {
    /// Arrivals per second (> 0).
    pub rate_per_sec: f64,
    /// How long this rate holds.
    pub duration: Duration,
}

/// The load model.
#[derive(Debug, Clone, PartialEq)]
pub enum Model {
    /// Closed model, run by goose: a fixed population of users looping over flows.
    Closed {
        /// Users (for a test plan: its largest step).
        users: u32,
        /// How users start.
        ramp: Ramp,
        /// When the run ends.
        stop: Stop,
    },
    /// Open model: flows start at a fixed arrival rate whatever the responses do.
    Open {
        /// Ramp steps run first, in order.
        ramp: Vec<RateStep>,
        /// The steady arrival rate after the ramp (flow starts per second).
        rate_per_sec: f64,
        /// How long the steady rate holds.
        duration: Duration,
        /// Cap on flows in flight at once.
        max_in_flight: u32,
    },
}

/// The load section, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// The model.
    pub model: Model,
    /// The caps.
    pub caps: Caps,
    /// Per-request timeout (default 30 s).
    pub timeout: Duration,
}

impl Load {
    /// How many concurrent users (closed) or in-flight slots (open) a shard runs at most;
    /// numbering gives each of them its own range.
    pub fn concurrency(&self) -> u32 {
        match &self.model {
            Model::Closed { users, .. } => *users,
            Model::Open { max_in_flight, .. } => *max_in_flight,
        }
    }

    /// The planned length of the load phase, if the model fixes one (not for iterations).
    pub fn planned_duration(&self) -> Option<Duration> {
        match &self.model {
            Model::Closed { stop: Stop::Duration(d), .. } => Some(*d),
            Model::Closed { stop: Stop::Iterations(_), .. } => None,
            Model::Closed { ramp: Ramp::TestPlan { steps, .. }, .. } => Some(steps.iter().map(|s| s.duration).sum()),
            Model::Closed { .. } => None,
            Model::Open { ramp, duration, .. } => Some(ramp.iter().map(|s| s.duration).sum::<Duration>() + *duration),
        }
    }

    /// The planned mean arrival rate of the open model over its whole plan, per second.
    pub fn planned_rate_per_sec(&self) -> Option<f64> {
        let Model::Open { ramp, rate_per_sec, duration, .. } = &self.model else { return None };
        let total: f64 = ramp.iter().map(|s| s.duration.as_secs_f64()).sum::<f64>() + duration.as_secs_f64();
        if total <= 0.0 {
            return None;
        }
        let starts: f64 = ramp.iter().map(|s| s.rate_per_sec * s.duration.as_secs_f64()).sum::<f64>()
            + rate_per_sec * duration.as_secs_f64();
        Some(starts / total)
    }
}

/// Parses a goose test plan: `USERS,DURATION` steps separated by `;`.
///
/// # Errors
/// A lowercase reason naming the bad step.
pub fn parse_test_plan(text: &str) -> Result<Vec<PlanStep>, String> {
    let mut steps = Vec::new();
    for step in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((users, duration)) = step.split_once(',') else {
            return Err(format!("bad test plan step {step:?}: expected USERS,DURATION"));
        };
        let users = users
            .trim()
            .parse::<u32>()
            .map_err(|_| format!("bad test plan step {step:?}: users must be an integer"))?;
        let duration = parse_duration(duration).map_err(|e| format!("bad test plan step {step:?}: {e}"))?;
        steps.push(PlanStep { users, duration });
    }
    if steps.is_empty() {
        return Err("test plan has no steps".into());
    }
    if steps.iter().all(|s| s.users == 0) {
        return Err("test plan never starts a user".into());
    }
    Ok(steps)
}

fn positive_rate(ctx: &Ctx, key: &str, v: f64) -> Result<f64, ScenarioError> {
    if v.is_finite() && v > 0.0 { Ok(v) } else { Err(ctx.err(key, "must be > 0")) }
}

fn duration(ctx: &Ctx, key: &str, v: Option<&str>) -> Result<Option<Duration>, ScenarioError> {
    v.map(|s| parse_duration(s).map_err(|e| ctx.err(key, e))).transpose()
}

fn only_for(ctx: &Ctx, model: &str, keys: &[(&str, bool)]) -> Result<(), ScenarioError> {
    match keys.iter().find(|(_, set)| *set) {
        Some((key, _)) => Err(ctx.err(format!("load.{key}"), format!("does not apply to model = \"{model}\""))),
        None => Ok(()),
    }
}

pub(crate) fn convert(ctx: &Ctx, file: Option<FileLoad>) -> Result<Load, ScenarioError> {
    let l = file.ok_or_else(|| ctx.missing("load"))?;
    let max_duration = duration(ctx, "load.max_duration", l.max_duration.as_deref())?
        .ok_or_else(|| ctx.missing("load.max_duration"))?;
    if max_duration.is_zero() {
        return Err(ctx.err("load.max_duration", "must be > 0"));
    }
    let max_requests = l.max_requests.ok_or_else(|| ctx.missing("load.max_requests"))?;
    if max_requests == 0 {
        return Err(ctx.err("load.max_requests", "must be > 0"));
    }
    let timeout = duration(ctx, "load.timeout", l.timeout.as_deref())?.unwrap_or(Duration::from_secs(30));
    if timeout.is_zero() {
        return Err(ctx.err("load.timeout", "must be > 0"));
    }
    let dur = duration(ctx, "load.duration", l.duration.as_deref())?;
    if dur.is_some_and(|d| d.is_zero()) {
        return Err(ctx.err("load.duration", "must be > 0"));
    }
    let model = match l.model.as_deref() {
        None => return Err(ctx.missing("load.model")),
        Some("closed") => {
            only_for(
                ctx,
                "closed",
                &[("rate", l.rate.is_some()), ("ramp", l.ramp.is_some()), ("max_in_flight", l.max_in_flight.is_some())],
            )?;
            closed(ctx, &l, dur)?
        }
        Some("open") => {
            only_for(
                ctx,
                "open",
                &[
                    ("users", l.users.is_some()),
                    ("hatch_rate", l.hatch_rate.is_some()),
                    ("test_plan", l.test_plan.is_some()),
                    ("iterations", l.iterations.is_some()),
                ],
            )?;
            open(ctx, &l, dur)?
        }
        Some(other) => return Err(ctx.err("load.model", format!("unknown model {other:?}; expected closed or open"))),
    };
    let load = Load { model, caps: Caps { max_duration, max_requests }, timeout };
    check_within_cap(&load).map_err(|m| ctx.err("load.duration", m))?;
    Ok(load)
}

/// The planned length must fit in the duration cap (a plan the cap would cut is a mistake).
pub(crate) fn check_within_cap(load: &Load) -> Result<(), String> {
    match load.planned_duration() {
        Some(planned) if planned > load.caps.max_duration => Err(format!(
            "planned {} exceeds load.max_duration {}",
            humantime::format_duration(planned),
            humantime::format_duration(load.caps.max_duration)
        )),
        _ => Ok(()),
    }
}

fn closed(ctx: &Ctx, l: &FileLoad, dur: Option<Duration>) -> Result<Model, ScenarioError> {
    if let Some(text) = &l.test_plan {
        if l.users.is_some() || l.hatch_rate.is_some() {
            return Err(ctx.err("load.test_plan", "a test plan sets the users; remove users and hatch_rate"));
        }
        if dur.is_some() || l.iterations.is_some() {
            return Err(ctx.err("load.test_plan", "a test plan sets the duration; remove duration and iterations"));
        }
        let steps = parse_test_plan(text).map_err(|e| ctx.err("load.test_plan", e))?;
        let users = steps.iter().map(|s| s.users).max().unwrap_or(0);
        return Ok(Model::Closed { users, ramp: Ramp::TestPlan { text: text.clone(), steps }, stop: Stop::Plan });
    }
    let users = l.users.ok_or_else(|| ctx.missing("load.users"))?;
    if users == 0 {
        return Err(ctx.err("load.users", "must be > 0"));
    }
    let hatch_rate_per_sec = l.hatch_rate.map(|r| positive_rate(ctx, "load.hatch_rate", r)).transpose()?;
    let stop = match (dur, l.iterations) {
        (Some(d), None) => Stop::Duration(d),
        (None, Some(0)) => return Err(ctx.err("load.iterations", "must be > 0")),
        (None, Some(n)) => Stop::Iterations(n),
        (None, None) => return Err(ctx.err("load", "the closed model needs duration or iterations")),
        (Some(_), Some(_)) => return Err(ctx.err("load.iterations", "give duration or iterations, not both")),
    };
    Ok(Model::Closed { users, ramp: Ramp::Hatch { hatch_rate_per_sec }, stop })
}

fn open(ctx: &Ctx, l: &FileLoad, dur: Option<Duration>) -> Result<Model, ScenarioError> {
    let rate_per_sec = positive_rate(ctx, "load.rate", l.rate.ok_or_else(|| ctx.missing("load.rate"))?)?;
    let duration = dur.ok_or_else(|| ctx.missing("load.duration"))?;
    let max_in_flight = l.max_in_flight.ok_or_else(|| ctx.missing("load.max_in_flight"))?;
    if max_in_flight == 0 {
        return Err(ctx.err("load.max_in_flight", "must be > 0"));
    }
    let mut ramp = Vec::new();
    for (i, step) in l.ramp.iter().flatten().enumerate() {
        let key = |k: &str| format!("load.ramp[{i}].{k}");
        let rate = positive_rate(ctx, &key("rate"), step.rate.ok_or_else(|| ctx.missing(key("rate")))?)?;
        let d = duration_req(ctx, &key("duration"), step.duration.as_deref())?;
        ramp.push(RateStep { rate_per_sec: rate, duration: d });
    }
    Ok(Model::Open { ramp, rate_per_sec, duration, max_in_flight })
}

fn duration_req(ctx: &Ctx, key: &str, v: Option<&str>) -> Result<Duration, ScenarioError> {
    let d = duration(ctx, key, v)?.ok_or_else(|| ctx.missing(key))?;
    if d.is_zero() { Err(ctx.err(key, "must be > 0")) } else { Ok(d) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goose_test_plan_parses_into_steps_and_rejects_bad_steps() {
        let steps = parse_test_plan("10,5s;10,30s;0,1s").unwrap();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1], PlanStep { users: 10, duration: Duration::from_secs(30) });
        assert!(parse_test_plan("ten,5s").is_err());
        assert!(parse_test_plan("10,5 parsecs").is_err());
        assert!(parse_test_plan("0,5s").is_err());
        assert!(parse_test_plan("").is_err());
    }
}
