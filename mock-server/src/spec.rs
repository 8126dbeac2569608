//! The latency and fault SPEC strings of the binary, as public `FromStr` types.
//!
//! Owns: parsing and printing `--latency` and `--faults` values, and sampling a latency.
//! Must not: keep per-request state (the engine owns counters) or touch the clock.
//!
//! Grammar:
//! - latency: `[OP=]DIST` where DIST is `fixed:50ms`, `uniform:20ms..80ms`,
//!   `lognormal:median=300ms,sigma=0.5` or `nubefact-like`.
//! - faults: comma-separated rules `KIND[=TRIGGER]`, KIND one of `error500`, `reset`,
//!   `drop-after-commit`, `hang`, optionally restricted to one operation as
//!   `KIND[operation]`; TRIGGER is a probability `0..=1` or `every:N`. A pause is
//!   `pause:1s@10s` (pause the whole server for 1 s, 10 s after start).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::op::Op;
use crate::rng;

/// A SPEC string could not be parsed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SpecError {
    /// A duration such as `50ms` was malformed.
    #[error("bad duration {0:?}: expected a number followed by us, ms, s or m")]
    Duration(String),
    /// A latency distribution was malformed.
    #[error(
        "bad latency spec {0:?}: expected fixed:50ms, uniform:20ms..80ms, lognormal:median=300ms,sigma=0.5 or nubefact-like"
    )]
    Latency(String),
    /// A fault rule was malformed.
    #[error("bad fault rule {0:?}: expected KIND=P, KIND=every:N or pause:DUR@DUR")]
    Fault(String),
    /// An operation name was not one of §3.
    #[error("unknown operation {0:?}")]
    Operation(String),
}

/// Parses `250us`, `50ms`, `1.5s` or `2m`.
///
/// # Errors
/// [`SpecError::Duration`] when the text is not a non-negative number with a unit.
pub fn parse_duration(text: &str) -> Result<Duration, SpecError> {
    let t = text.trim();
    let bad = || SpecError::Duration(text.to_string());
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
    let (num, unit) = t.split_at(split);
    let value: f64 = num.parse().map_err(|_| bad())?;
    let secs = match unit {
        "us" => value / 1e6,
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(bad()),
    };
    if !secs.is_finite() || !(0.0..=86_400.0).contains(&secs) {
        return Err(bad());
    }
    Ok(Duration::from_secs_f64(secs))
}

fn fmt_duration(d: Duration) -> String {
    let us = d.as_micros();
    if us.is_multiple_of(1_000_000) {
        format!("{}s", us / 1_000_000)
    } else if us.is_multiple_of(1_000) {
        format!("{}ms", us / 1_000)
    } else {
        format!("{us}us")
    }
}

/// A latency distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum LatencyDist {
    /// Always the same delay.
    Fixed(Duration),
    /// Uniform between the two bounds (inclusive low, exclusive high).
    Uniform(Duration, Duration),
    /// Log-normal with the given median and sigma (of the underlying normal).
    LogNormal {
        /// The median delay.
        median: Duration,
        /// Shape parameter; 0.5 is a moderate right tail.
        sigma: f64,
    },
    /// The documented per-operation estimate of Nubefact's own latency (see [`nubefact_like`]).
    NubefactLike,
}

/// The `nubefact-like` preset for one operation.
///
/// These numbers are an ESTIMATE, not a measurement: the reference says only that answers are
/// "immediate" and that one peer saw about 3 s when SUNAT is consulted inside the call. We take
/// a median of 600 ms for emissions (they include signing and, for facturas, the SUNAT round
/// trip), 700 ms for bajas and guías, and 200 ms for queries, all with sigma 0.5.
pub fn nubefact_like(op: Option<Op>) -> LatencyDist {
    let median_ms = match op {
        Some(Op::GenerarComprobante | Op::GenerarPercepcion | Op::GenerarRetencion) => 600,
        Some(Op::GenerarAnulacion | Op::GenerarGuia) => 700,
        Some(Op::GenerarReversionPercepcion | Op::GenerarReversionRetencion) => 700,
        Some(_) => 200,
        None => 400,
    };
    LatencyDist::LogNormal { median: Duration::from_millis(median_ms), sigma: 0.5 }
}

impl LatencyDist {
    /// Draws a delay for request `index` of `op` with `seed`; the same inputs give the same delay.
    pub fn sample(&self, op: Option<Op>, seed: u64, index: u64) -> Duration {
        match self {
            LatencyDist::Fixed(d) => *d,
            LatencyDist::Uniform(a, b) => {
                if b <= a {
                    return *a;
                }
                let u = rng::unit(seed, 101, index);
                *a + (*b - *a).mul_f64(u)
            }
            LatencyDist::LogNormal { median, sigma } => {
                // Box-Muller from two independent uniform draws.
                let u1 = rng::unit(seed, 102, index).max(f64::MIN_POSITIVE);
                let u2 = rng::unit(seed, 103, index);
                let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
                let factor = (sigma * z).exp();
                // Cap at 10 minutes so a wild tail draw can never hold a connection forever.
                Duration::from_secs_f64((median.as_secs_f64() * factor).min(600.0))
            }
            LatencyDist::NubefactLike => nubefact_like(op).sample(op, seed, index),
        }
    }
}

impl fmt::Display for LatencyDist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LatencyDist::Fixed(d) => write!(f, "fixed:{}", fmt_duration(*d)),
            LatencyDist::Uniform(a, b) => write!(f, "uniform:{}..{}", fmt_duration(*a), fmt_duration(*b)),
            LatencyDist::LogNormal { median, sigma } => {
                write!(f, "lognormal:median={},sigma={sigma}", fmt_duration(*median))
            }
            LatencyDist::NubefactLike => f.write_str("nubefact-like"),
        }
    }
}

impl FromStr for LatencyDist {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || SpecError::Latency(s.to_string());
        if s == "nubefact-like" {
            return Ok(LatencyDist::NubefactLike);
        }
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "fixed" => Ok(LatencyDist::Fixed(parse_duration(rest)?)),
            "uniform" => {
                let (a, b) = rest.split_once("..").ok_or_else(bad)?;
                let (a, b) = (parse_duration(a)?, parse_duration(b)?);
                if b < a {
                    return Err(bad());
                }
                Ok(LatencyDist::Uniform(a, b))
            }
            "lognormal" => {
                let mut median = None;
                let mut sigma = None;
                for part in rest.split(',') {
                    match part.trim().split_once('=') {
                        Some(("median", v)) => median = Some(parse_duration(v)?),
                        Some(("sigma", v)) => sigma = v.trim().parse::<f64>().ok(),
                        _ => return Err(bad()),
                    }
                }
                match (median, sigma) {
                    (Some(median), Some(sigma)) if sigma.is_finite() && (0.0..=5.0).contains(&sigma) => {
                        Ok(LatencyDist::LogNormal { median, sigma })
                    }
                    _ => Err(bad()),
                }
            }
            _ => Err(bad()),
        }
    }
}

/// One `--latency` value: a distribution, for one operation or for all.
#[derive(Debug, Clone, PartialEq)]
pub struct LatencySpec {
    /// `None` applies to every operation without a more specific spec.
    pub op: Option<Op>,
    /// The distribution.
    pub dist: LatencyDist,
}

impl FromStr for LatencySpec {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // `lognormal:median=..` also contains '=', so only a known operation name counts as prefix.
        if let Some((prefix, rest)) = s.split_once('=')
            && !prefix.contains(':')
            && prefix != "nubefact-like"
        {
            let op = Op::from_name(prefix.trim()).ok_or_else(|| SpecError::Operation(prefix.to_string()))?;
            return Ok(LatencySpec { op: Some(op), dist: rest.parse()? });
        }
        Ok(LatencySpec { op: None, dist: s.parse()? })
    }
}

impl fmt::Display for LatencySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.op {
            Some(op) => write!(f, "{op}={}", self.dist),
            None => write!(f, "{}", self.dist),
        }
    }
}

/// What an injected fault does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    /// Answer 500 with `{"errors": ..., "codigo": 40}` without executing the request.
    Error500,
    /// Cut the connection before any response, without executing the request.
    Reset,
    /// Execute (store the document), then cut the connection without a response.
    DropAfterCommit,
    /// Hold the request without executing it for the configured hang time, then cut.
    Hang,
}

impl FaultKind {
    /// The SPEC name, e.g. `drop-after-commit`.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Error500 => "error500",
            FaultKind::Reset => "reset",
            FaultKind::DropAfterCommit => "drop-after-commit",
            FaultKind::Hang => "hang",
        }
    }
    pub(crate) const ALL: [FaultKind; 4] =
        [FaultKind::Error500, FaultKind::Reset, FaultKind::DropAfterCommit, FaultKind::Hang];
}

/// When a per-request fault fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// With this probability (0..=1), drawn from the seed and the rule's request index.
    Rate(f64),
    /// On the Nth, 2Nth, ... request the rule sees.
    Every(u64),
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultRule {
    /// A per-request fault.
    Request {
        /// The fault.
        kind: FaultKind,
        /// Restrict to one operation; `None` = every request that names an operation.
        op: Option<Op>,
        /// When it fires.
        trigger: Trigger,
    },
    /// Pause the whole server: every reply due in `[at, at + duration)` waits until the end.
    Pause {
        /// How long the pause lasts.
        duration: Duration,
        /// When it starts, measured from server start.
        at: Duration,
    },
}

/// A whole `--faults` value: comma-separated rules, checked in order (the first that fires wins).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultSpec {
    /// The rules.
    pub rules: Vec<FaultRule>,
}

impl FromStr for FaultSpec {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut rules = Vec::new();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            rules.push(parse_rule(item)?);
        }
        Ok(FaultSpec { rules })
    }
}

fn parse_rule(item: &str) -> Result<FaultRule, SpecError> {
    let bad = || SpecError::Fault(item.to_string());
    if let Some(rest) = item.strip_prefix("pause:").or_else(|| item.strip_prefix("pause=")) {
        let (dur, at) = rest.split_once('@').ok_or_else(bad)?;
        return Ok(FaultRule::Pause { duration: parse_duration(dur)?, at: parse_duration(at)? });
    }
    let (head, trigger) = item.split_once('=').ok_or_else(bad)?;
    let (kind_name, op) = match head.split_once('[') {
        Some((k, rest)) => {
            let name = rest.strip_suffix(']').ok_or_else(bad)?;
            (k, Some(Op::from_name(name).ok_or_else(|| SpecError::Operation(name.to_string()))?))
        }
        None => (head, None),
    };
    let kind = FaultKind::ALL.iter().copied().find(|k| k.name() == kind_name.trim()).ok_or_else(bad)?;
    let trigger = match trigger.trim().strip_prefix("every:") {
        Some(n) => Trigger::Every(n.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(bad)?),
        None => {
            let p: f64 = trigger.trim().parse().map_err(|_| bad())?;
            if !(0.0..=1.0).contains(&p) {
                return Err(bad());
            }
            Trigger::Rate(p)
        }
    };
    Ok(FaultRule::Request { kind, op, trigger })
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, rule) in self.rules.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match rule {
                FaultRule::Pause { duration, at } => {
                    write!(f, "pause:{}@{}", fmt_duration(*duration), fmt_duration(*at))?
                }
                FaultRule::Request { kind, op, trigger } => {
                    f.write_str(kind.name())?;
                    if let Some(op) = op {
                        write!(f, "[{op}]")?;
                    }
                    match trigger {
                        Trigger::Rate(p) => write!(f, "={p}")?,
                        Trigger::Every(n) => write!(f, "=every:{n}")?,
                    }
                }
            }
        }
        Ok(())
    }
}

macro_rules! serde_via_str {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_via_str!(LatencySpec);
serde_via_str!(FaultSpec);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_latency_form_parses_and_prints_back() {
        for text in [
            "fixed:50ms",
            "uniform:20ms..80ms",
            "lognormal:median=300ms,sigma=0.5",
            "nubefact-like",
            "consultar_comprobante=fixed:5ms",
        ] {
            let spec: LatencySpec = text.parse().unwrap();
            assert_eq!(spec.to_string(), text);
        }
        let spec: LatencySpec = "consultar_comprobante=fixed:5ms".parse().unwrap();
        assert_eq!(spec.op, Some(Op::ConsultarComprobante));
    }

    #[test]
    fn malformed_latency_specs_are_rejected() {
        for text in ["fixed:50", "uniform:80ms..20ms", "lognormal:median=1s", "bogus=fixed:1ms", "gamma:1s"] {
            assert!(text.parse::<LatencySpec>().is_err(), "{text}");
        }
    }

    #[test]
    fn fault_specs_of_the_issue_parse_and_print_back() {
        let spec: FaultSpec =
            "error500=1,drop-after-commit=every:10,pause:1s@10s,reset[consultar_guia]=0.25".parse().unwrap();
        assert_eq!(spec.rules.len(), 4);
        assert_eq!(spec.to_string(), "error500=1,drop-after-commit=every:10,pause:1s@10s,reset[consultar_guia]=0.25");
        assert!(
            matches!(spec.rules[2], FaultRule::Pause { duration, at } if duration == Duration::from_secs(1) && at == Duration::from_secs(10))
        );
    }

    #[test]
    fn malformed_fault_specs_are_rejected() {
        for text in ["error500=2", "boom=1", "hang=every:0", "reset[nope]=1", "pause:1s"] {
            assert!(text.parse::<FaultSpec>().is_err(), "{text}");
        }
    }

    #[test]
    fn uniform_and_lognormal_draws_are_deterministic_and_in_range() {
        let u = LatencyDist::Uniform(Duration::from_millis(20), Duration::from_millis(80));
        for i in 0..100 {
            let d = u.sample(None, 9, i);
            assert!(d >= Duration::from_millis(20) && d < Duration::from_millis(80));
            assert_eq!(d, u.sample(None, 9, i));
        }
        let l = LatencyDist::LogNormal { median: Duration::from_millis(300), sigma: 0.5 };
        let mut below = 0;
        for i in 0..1000 {
            if l.sample(None, 3, i) < Duration::from_millis(300) {
                below += 1;
            }
        }
        // The median splits draws roughly in half.
        assert!((400..600).contains(&below), "{below}");
    }
}
