//! Where a command sends to: a profile, an explicit route plus token variable, or the
//! `NUBEFACT_RUTA`/`NUBEFACT_TOKEN` environment. Tokens are never taken on the command
//! line, where `ps` and shell history would keep them.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use crate::api::Endpoint;
use crate::client::ClientConfig;

/// The flags that pick an endpoint.
#[derive(Debug, Clone, Args)]
pub struct EndpointArgs {
    /// A profile name in the profile file (`[profiles.NAME]`).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["ruta", "token_env"])]
    pub profile: Option<String>,
    /// The profile file.
    #[arg(long, value_name = "FILE", default_value = "nubefact.toml")]
    pub profile_file: PathBuf,
    /// The account's route URL ("RUTA"); needs --token-env.
    #[arg(long, value_name = "URL", requires = "token_env")]
    pub ruta: Option<String>,
    /// The environment variable that holds the token.
    #[arg(long, value_name = "VAR", requires = "ruta")]
    pub token_env: Option<String>,
}

impl EndpointArgs {
    /// The client configuration these flags name.
    ///
    /// # Errors
    /// A message naming the flag, file, profile or variable at fault (never its value).
    pub fn client_config(&self) -> anyhow::Result<ClientConfig> {
        if let Some(name) = &self.profile {
            return ClientConfig::from_profile(&self.profile_file, name)
                .with_context(|| format!("--profile {name}: cannot load it"));
        }
        if let (Some(ruta), Some(var)) = (&self.ruta, &self.token_env) {
            let token = std::env::var(var)
                .ok()
                .filter(|t| !t.trim().is_empty())
                .with_context(|| format!("--token-env {var}: the variable is unset or empty"))?;
            let endpoint = Endpoint::new(ruta.clone(), token).context("--ruta")?;
            return Ok(ClientConfig::new(endpoint));
        }
        match ClientConfig::from_env() {
            Ok(config) => Ok(config),
            Err(e) => bail!(
                "no endpoint: give --profile NAME, or --ruta URL --token-env VAR, or set NUBEFACT_RUTA and NUBEFACT_TOKEN ({e})"
            ),
        }
    }
}
