//! Where a scenario sends its load: the embedded fake (the default) or a remote route.
//!
//! Owns [`Target`], the syntax checks of the fake's latency and fault SPEC strings, and the
//! loopback rule ([`check_endpoint`]). The SPEC strings are kept as validated text: the fake
//! crate (`nubefact-mock`) parses them for real; here they are checked well enough to name
//! the key that is wrong. Must not start servers, read environment variables or files, and
//! never puts a route URL in a message or a `Debug` output.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::error::{Ctx, ScenarioError};
use super::file::FileTarget;
use crate::api::{Endpoint, Operation};

/// The HTTP front the embedded fake serves with (see the fake's docs for their limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// wiremock 0.6: convenient, about 20k req/s and memory that grows per request.
    Wiremock,
    /// bare hyper: the front for long and fast runs.
    Hyper,
}

impl Front {
    /// The id used in files and the manifest: `wiremock` or `hyper`.
    pub const fn id(self) -> &'static str {
        match self {
            Front::Wiremock => "wiremock",
            Front::Hyper => "hyper",
        }
    }
}

/// A latency SPEC whose syntax was checked: `fixed:5ms`, `uniform:20ms..80ms`,
/// `lognormal:median=300ms,sigma=0.5` or `nubefact-like`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatencySpec(String);

impl LatencySpec {
    /// The SPEC text, to hand to the fake.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for LatencySpec {
    type Err = String;

    /// # Errors
    /// A lowercase reason when the text is not one of the four forms.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = |why: &str| Err(format!("bad latency spec {s:?}: {why}"));
        if s == "nubefact-like" {
            return Ok(LatencySpec(s.to_owned()));
        }
        let Some((kind, args)) = s.split_once(':') else {
            return bad("expected fixed:D, uniform:D..D, lognormal:median=D,sigma=F or nubefact-like");
        };
        match kind {
            "fixed" => {
                parse_duration(args).map_err(|e| format!("bad latency spec {s:?}: {e}"))?;
            }
            "uniform" => {
                let Some((lo, hi)) = args.split_once("..") else { return bad("uniform needs MIN..MAX") };
                let lo = parse_duration(lo).map_err(|e| format!("bad latency spec {s:?}: {e}"))?;
                let hi = parse_duration(hi).map_err(|e| format!("bad latency spec {s:?}: {e}"))?;
                if lo > hi {
                    return bad("uniform MIN must not exceed MAX");
                }
            }
            "lognormal" => {
                let mut median = None;
                let mut sigma = None;
                for part in args.split(',') {
                    match part.trim().split_once('=') {
                        Some(("median", v)) => {
                            median = Some(parse_duration(v).map_err(|e| format!("bad latency spec {s:?}: {e}"))?)
                        }
                        Some(("sigma", v)) => match v.trim().parse::<f64>() {
                            Ok(f) if f.is_finite() && f >= 0.0 => sigma = Some(f),
                            _ => return bad("sigma must be a number >= 0"),
                        },
                        _ => return bad("lognormal takes median=D,sigma=F"),
                    }
                }
                if median.is_none() || sigma.is_none() {
                    return bad("lognormal needs both median and sigma");
                }
            }
            _ => return bad("unknown kind; expected fixed, uniform, lognormal or nubefact-like"),
        }
        Ok(LatencySpec(s.to_owned()))
    }
}

/// A fault SPEC whose syntax was checked: comma-separated items `errorNNN=P`, `reset=..`,
/// `drop-after-commit=..`, `hang=..` (each `P` a probability in 0..=1 or `every:N`) and
/// `pause:D@D` (pause for D at offset D). The empty string or `none` means no faults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaultSpec(String);

impl FaultSpec {
    /// The SPEC text, to hand to the fake (empty for none).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` when no fault is injected.
    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for FaultSpec {
    type Err = String;

    /// # Errors
    /// A lowercase reason naming the first bad item.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s == "none" {
            return Ok(FaultSpec::default());
        }
        for item in s.split(',').map(str::trim) {
            let bad = |why: &str| Err(format!("bad fault item {item:?}: {why}"));
            if let Some(rest) = item.strip_prefix("pause:") {
                let Some((len, at)) = rest.split_once('@') else { return bad("pause needs LEN@OFFSET") };
                parse_duration(len).map_err(|e| format!("bad fault item {item:?}: {e}"))?;
                parse_duration(at).map_err(|e| format!("bad fault item {item:?}: {e}"))?;
                continue;
            }
            let Some((name, value)) = item.split_once('=') else { return bad("expected NAME=VALUE or pause:D@D") };
            let known = matches!(name, "reset" | "drop-after-commit" | "hang")
                || name
                    .strip_prefix("error")
                    .is_some_and(|code| code.len() == 3 && code.parse::<u16>().is_ok_and(|c| (400..600).contains(&c)));
            if !known {
                return bad("unknown fault; expected errorNNN, reset, drop-after-commit, hang or pause");
            }
            if let Some(n) = value.strip_prefix("every:") {
                if !n.parse::<u64>().is_ok_and(|n| n >= 1) {
                    return bad("every:N needs an integer N >= 1");
                }
            } else if !value.parse::<f64>().is_ok_and(|p| (0.0..=1.0).contains(&p)) {
                return bad("expected a probability in 0..=1 or every:N");
            }
        }
        Ok(FaultSpec(s.to_owned()))
    }
}

/// The embedded fake's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeTarget {
    /// Its HTTP front.
    pub front: Front,
    /// The latency of every operation without its own entry.
    pub latency: LatencySpec,
    /// Per-operation latencies that override [`FakeTarget::latency`].
    pub latency_per_operation: BTreeMap<Operation, LatencySpec>,
    /// Injected faults.
    pub faults: FaultSpec,
}

/// A remote Nubefact route. The route URL is a secret (it carries the account's route).
#[derive(Clone)]
pub enum RemoteTarget {
    /// A route URL written in the file, token from an environment variable.
    Url {
        /// The route URL (secret).
        url: SecretString,
        /// Whether the URL's host is loopback (checked at parse time).
        loopback: bool,
        /// The environment variable holding the token.
        token_env: String,
    },
    /// Route URL and token both from environment variables.
    UrlEnv {
        /// The variable holding the route URL.
        url_env: String,
        /// The variable holding the token.
        token_env: String,
    },
    /// A named profile in a profile file (resolved by the CLI).
    Profile {
        /// The profile name.
        name: String,
        /// The profile file, relative to the scenario file unless absolute.
        file: Option<String>,
    },
}

impl RemoteTarget {
    /// The route URL written in the file, if there is one. Only the CLI should need it.
    pub fn expose_url(&self) -> Option<&str> {
        match self {
            RemoteTarget::Url { url, .. } => Some(url.expose_secret()),
            _ => None,
        }
    }
}

impl fmt::Debug for RemoteTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteTarget::Url { loopback, token_env, .. } => f
                .debug_struct("Url")
                .field("url", &"<redacted>")
                .field("loopback", loopback)
                .field("token_env", token_env)
                .finish(),
            RemoteTarget::UrlEnv { url_env, token_env } => {
                f.debug_struct("UrlEnv").field("url_env", url_env).field("token_env", token_env).finish()
            }
            RemoteTarget::Profile { name, file } => {
                f.debug_struct("Profile").field("name", name).field("file", file).finish()
            }
        }
    }
}

/// Where the load goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// The fake, started in-process on 127.0.0.1:0 (the default).
    Embedded(FakeTarget),
    /// A real (or separately started) Nubefact route.
    Remote(RemoteTarget),
}

/// A target was refused by the loopback rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// The route's host is not loopback and `--allow-remote` was not given.
    #[error("target {redacted} is not loopback; pass --allow-remote to send load to it")]
    NotLoopback {
        /// `scheme://host[:port]/…`, safe to print.
        redacted: String,
    },
}

/// Refuses a resolved endpoint that is not loopback unless `allow_remote` is true. The CLI
/// calls this after resolving a `url_env` or profile target (which [`super::Scenario::check_target`]
/// cannot see without reading the environment).
///
/// # Errors
/// [`TargetError::NotLoopback`] naming the redacted endpoint.
pub fn check_endpoint(endpoint: &Endpoint, allow_remote: bool) -> Result<(), TargetError> {
    if endpoint.is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(TargetError::NotLoopback { redacted: endpoint.redacted().to_owned() })
    }
}

/// Parses a humantime duration ("10s", "2m", "1h30m").
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim()).map_err(|e| format!("bad duration {:?}: {e}", text.trim()))
}

pub(crate) fn convert(ctx: &Ctx, file: Option<FileTarget>) -> Result<Target, ScenarioError> {
    let t = file.unwrap_or_default();
    let kind = t.kind.as_deref().unwrap_or("embedded");
    match kind {
        "embedded" => {
            for (key, set) in [
                ("url", t.url.is_some()),
                ("url_env", t.url_env.is_some()),
                ("token_env", t.token_env.is_some()),
                ("profile", t.profile.is_some()),
                ("profile_file", t.profile_file.is_some()),
            ] {
                if set {
                    return Err(ctx.err(format!("target.{key}"), "only applies to kind = \"remote\""));
                }
            }
            let front = match t.front.as_deref().unwrap_or("hyper") {
                "hyper" => Front::Hyper,
                "wiremock" => Front::Wiremock,
                other => {
                    return Err(ctx.err("target.front", format!("unknown front {other:?}; expected hyper or wiremock")));
                }
            };
            let latency =
                t.latency.as_deref().unwrap_or("fixed:0ms").parse().map_err(|e| ctx.err("target.latency", e))?;
            let mut latency_per_operation = BTreeMap::new();
            for (op, spec) in t.latency_per_operation.unwrap_or_default() {
                let key = format!("target.latency_per_operation.{op}");
                let op: Operation = op.parse().map_err(|_| ctx.err(&key, "unknown operation"))?;
                latency_per_operation.insert(op, spec.parse().map_err(|e| ctx.err(&key, e))?);
            }
            let faults = t.faults.as_deref().unwrap_or("").parse().map_err(|e| ctx.err("target.faults", e))?;
            Ok(Target::Embedded(FakeTarget { front, latency, latency_per_operation, faults }))
        }
        "remote" => {
            for (key, set) in [
                ("front", t.front.is_some()),
                ("latency", t.latency.is_some()),
                ("latency_per_operation", t.latency_per_operation.is_some()),
                ("faults", t.faults.is_some()),
            ] {
                if set {
                    return Err(ctx.err(format!("target.{key}"), "only applies to kind = \"embedded\""));
                }
            }
            remote(ctx, t).map(Target::Remote)
        }
        other => Err(ctx.err("target.kind", format!("unknown kind {other:?}; expected embedded or remote"))),
    }
}

fn remote(ctx: &Ctx, t: FileTarget) -> Result<RemoteTarget, ScenarioError> {
    match (t.url, t.url_env, t.profile) {
        (Some(url), None, None) => {
            let token_env = t.token_env.ok_or_else(|| ctx.missing("target.token_env"))?;
            // A placeholder token: only the route's syntax and host are checked here.
            let ep = Endpoint::new(url.clone(), "placeholder").map_err(|e| ctx.err("target.url", e.to_string()))?;
            Ok(RemoteTarget::Url { url: SecretString::from(url), loopback: ep.is_loopback(), token_env })
        }
        (None, Some(url_env), None) => {
            let token_env = t.token_env.ok_or_else(|| ctx.missing("target.token_env"))?;
            Ok(RemoteTarget::UrlEnv { url_env, token_env })
        }
        (None, None, Some(name)) => {
            if t.token_env.is_some() {
                return Err(ctx.err("target.token_env", "a profile carries its own token; remove token_env"));
            }
            Ok(RemoteTarget::Profile { name, file: t.profile_file })
        }
        (None, None, None) => Err(ctx.err("target", "a remote target needs url, url_env or profile")),
        _ => Err(ctx.err("target", "give only one of url, url_env and profile")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_latency_form_parses_and_nonsense_does_not() {
        for ok in ["fixed:5ms", "uniform:20ms..80ms", "lognormal:median=300ms,sigma=0.5", "nubefact-like"] {
            assert!(ok.parse::<LatencySpec>().is_ok(), "{ok}");
        }
        for bad in ["fixed", "fixed:5 parsecs", "uniform:80ms..20ms", "lognormal:median=3ms", "gauss:1ms"] {
            assert!(bad.parse::<LatencySpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fault_items_are_checked_one_by_one() {
        let ok = "error500=0.01,reset=every:100,drop-after-commit=every:10,hang=0.001,pause:1s@10s";
        assert_eq!(ok.parse::<FaultSpec>().unwrap().as_str(), ok);
        assert!("none".parse::<FaultSpec>().unwrap().is_none());
        for bad in ["error500=2", "reset=every:0", "explode=0.1", "pause:1s", "error99=0.1", "hang"] {
            assert!(bad.parse::<FaultSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_remote_url_never_shows_in_debug_output() {
        let t = RemoteTarget::Url {
            url: SecretString::from("https://api.nubefact.com/api/v1/s3cr3t".to_owned()),
            loopback: false,
            token_env: "T".into(),
        };
        assert!(!format!("{t:?}").contains("s3cr3t"));
    }
}
