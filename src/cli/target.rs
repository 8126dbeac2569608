//! Where a load run goes: the embedded fake (started here, in-process, on 127.0.0.1:0)
//! or a remote route resolved from flags, the scenario, a profile or the environment.
//!
//! Owns the loopback rule of runs: a non-loopback target is refused unless
//! `--allow-remote` was given, whatever said where to go.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::api::Endpoint;
use crate::client::ClientConfig;
use crate::results::manifest::FakeInfo;
use crate::scenario::{FakeTarget, Front, RemoteTarget, Scenario, Target, check_endpoint};

/// Flags that override the scenario's target.
#[derive(Debug, Clone, Default)]
pub struct TargetFlags {
    pub target: Option<String>,
    pub token_env: Option<String>,
    pub profile: Option<String>,
    pub profile_file: Option<PathBuf>,
    pub faults: Option<String>,
    pub allow_remote: bool,
}

/// A resolved target: where requests go, and the fake when we started one.
pub struct Resolved {
    pub endpoint: Endpoint,
    pub fake: Option<nubefact_mock::FakeHandle>,
}

impl Resolved {
    /// What the manifest says about the fake (its front, limits and latency profile).
    pub fn fake_info(&self, spec: Option<&FakeTarget>) -> Option<FakeInfo> {
        let fake = self.fake.as_ref()?;
        let stats = fake.stats();
        let mut limits = std::collections::BTreeMap::new();
        limits.insert("front_limits".to_owned(), stats.front_limits.clone());
        if let Some(spec) = spec {
            limits.insert("latency".to_owned(), spec.latency.as_str().to_owned());
            for (op, l) in &spec.latency_per_operation {
                limits.insert(format!("latency.{op}"), l.as_str().to_owned());
            }
            limits.insert("faults".to_owned(), spec.faults.as_str().to_owned());
        }
        Some(FakeInfo { front: stats.front.clone(), limits })
    }
}

/// Resolves and checks the target of `scenario`, starting the embedded fake if it is one.
///
/// # Errors
/// A message naming the flag, key, file or variable at fault; a non-loopback target
/// without `--allow-remote`.
pub async fn resolve(scenario: &Scenario, flags: &TargetFlags) -> anyhow::Result<Resolved> {
    let remote = if let Some(url) = &flags.target {
        let var = flags.token_env.as_deref().context("--target needs --token-env VAR")?;
        Some(Endpoint::new(url.clone(), env_token(var, "--token-env")?).context("--target")?)
    } else if let Some(name) = &flags.profile {
        let file = flags.profile_file.clone().unwrap_or_else(|| PathBuf::from("nubefact.toml"));
        Some(ClientConfig::from_profile(&file, name).with_context(|| format!("--profile {name}"))?.endpoint)
    } else {
        match &scenario.target {
            Target::Embedded(_) => None,
            Target::Remote(remote) => Some(scenario_remote(scenario, remote)?),
        }
    };
    if flags.faults.is_some() && remote.is_some() {
        bail!("--faults: only applies to the embedded fake, not to a remote target");
    }
    match remote {
        Some(endpoint) => {
            check_endpoint(&endpoint, flags.allow_remote)?;
            Ok(Resolved { endpoint, fake: None })
        }
        None => {
            let Target::Embedded(spec) = &scenario.target else {
                bail!("{}: target: not resolved", scenario.path.display())
            };
            let config = fake_config(scenario, spec, flags.faults.as_deref())?;
            let fake = nubefact_mock::FakeNubefact::start(config).await.context("cannot start the embedded fake")?;
            let endpoint = Endpoint::new(fake.url(), fake.token()).context("the embedded fake's URL")?;
            Ok(Resolved { endpoint, fake: Some(fake) })
        }
    }
}

fn env_token(var: &str, flag: &str) -> anyhow::Result<String> {
    std::env::var(var)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .with_context(|| format!("{flag} {var}: the variable is unset or empty"))
}

fn scenario_remote(scenario: &Scenario, remote: &RemoteTarget) -> anyhow::Result<Endpoint> {
    let at = scenario.path.display();
    match remote {
        RemoteTarget::Url { token_env, .. } => {
            let url = remote.expose_url().unwrap_or_default().to_owned();
            let token = env_token(token_env, &format!("{at}: target.token_env"))?;
            Endpoint::new(url, token).with_context(|| format!("{at}: target.url"))
        }
        RemoteTarget::UrlEnv { url_env, token_env } => {
            let url = env_token(url_env, &format!("{at}: target.url_env"))?;
            let token = env_token(token_env, &format!("{at}: target.token_env"))?;
            Endpoint::new(url, token).with_context(|| format!("{at}: target.url_env {url_env}"))
        }
        RemoteTarget::Profile { name, file } => {
            let base = scenario.path.parent().unwrap_or(Path::new("."));
            let file = file.as_deref().map(|f| base.join(f)).unwrap_or_else(|| PathBuf::from("nubefact.toml"));
            Ok(ClientConfig::from_profile(&file, name)
                .with_context(|| format!("{at}: target.profile {name}"))?
                .endpoint)
        }
    }
}

/// The fake's configuration for a scenario: its front, latency and faults, and the
/// scenario's seed, so the same scenario injects the same faults.
fn fake_config(
    scenario: &Scenario,
    spec: &FakeTarget,
    faults: Option<&str>,
) -> anyhow::Result<nubefact_mock::MockConfig> {
    let at = scenario.path.display();
    let mut config = nubefact_mock::MockConfig {
        front: match spec.front {
            Front::Wiremock => nubefact_mock::Front::Wiremock,
            Front::Hyper => nubefact_mock::Front::Hyper,
        },
        seed: scenario.seed,
        ..Default::default()
    };
    let general = spec.latency.as_str().trim();
    if !general.is_empty() && general != "none" {
        config.latency.push(general.parse().map_err(|e| anyhow::anyhow!("{at}: target.latency: {e}"))?);
    }
    for (op, latency) in &spec.latency_per_operation {
        let text = format!("{}={}", op.id(), latency.as_str());
        config.latency.push(text.parse().map_err(|e| anyhow::anyhow!("{at}: target.latency.{op}: {e}"))?);
    }
    let (faults, origin) = match faults {
        Some(text) => (text.to_owned(), "--faults".to_owned()),
        None => (spec.faults.as_str().to_owned(), format!("{at}: target.faults")),
    };
    config.faults = faults.parse().map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
    Ok(config)
}
