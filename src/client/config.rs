//! [`ClientConfig`]: what both client flavours are built from, and where it comes from.
//!
//! Owns the defaults (total timeout 30 s, as the peers use, §14), the TOML profile file
//! (`[profiles.<name>]`), the `NUBEFACT_RUTA`/`NUBEFACT_TOKEN` environment, and
//! [`ConfigError`]. Environment reads go through a lookup function so tests never mutate
//! the process environment. Must not open connections, and no message or `Debug` output
//! may contain the route or the token: errors name the file, profile, key or variable.
//!
//! A profile file:
//! ```toml
//! [profiles.staging]
//! ruta = "https://api.nubefact.com/api/v1/…"   # or ruta_env = "VAR"
//! token_env = "NUBEFACT_STAGING_TOKEN"          # or token = "…"
//! timeout_ms = 30000
//! connect_timeout_ms = 5000
//! max_in_flight = 16                          # 0 or absent: no cap
//! rate_per_sec = 50                            # 0 or absent: no limit; burst = rate
//! max_attempts = 4
//! backoff_base_ms = 200
//! backoff_max_ms = 5000
//! seed = 42
//! ```

use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::call_log::CallLogger;
use super::retry::RetryPolicy;
use crate::api::{Endpoint, EndpointError};

/// The environment variable holding the route URL for [`ClientConfig::from_env`].
pub const ENV_RUTA: &str = "NUBEFACT_RUTA";
/// The environment variable holding the token for [`ClientConfig::from_env`].
pub const ENV_TOKEN: &str = "NUBEFACT_TOKEN";

/// The default total timeout per request (the value most peers use, §14).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings shared by [`Client`](super::Client) and [`blocking::Client`](super::blocking::Client).
///
/// `Debug` is safe to print: [`Endpoint`] shows only scheme and host.
///
/// ```
/// use std::time::Duration;
/// use nubefact_harness::api::Endpoint;
/// use nubefact_harness::client::ClientConfig;
/// let ep = Endpoint::new("http://127.0.0.1:8080/api/v1/ROUTE-ID", "TOKEN-X").unwrap();
/// let cfg = ClientConfig::new(ep).with_timeout(Duration::from_secs(5)).with_max_in_flight(8);
/// assert_eq!(cfg.timeout, Duration::from_secs(5));
/// let shown = format!("{cfg:?}");
/// assert!(!shown.contains("ROUTE-ID") && !shown.contains("TOKEN-X"));
/// ```
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where requests go, and the token they carry.
    pub endpoint: Endpoint,
    /// The longest wait for a TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// The longest a whole exchange may take, from sending to the last body byte.
    pub timeout: Duration,
    /// The most requests in flight at once through one client; `None` for no cap.
    pub max_in_flight: Option<NonZeroUsize>,
    /// The most requests started per second through one client; `None` for no limit.
    pub rate_per_sec: Option<NonZeroU32>,
    /// Retries and the safe recovery of `generar_*`.
    pub retry: RetryPolicy,
    /// Where every attempt is logged, if anywhere.
    pub call_log: Option<CallLogger>,
}

impl ClientConfig {
    /// The defaults for `endpoint`: 30 s total, 10 s connect, no cap, no rate limit, the
    /// default [`RetryPolicy`], no call log.
    pub fn new(endpoint: Endpoint) -> Self {
        ClientConfig {
            endpoint,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_in_flight: None,
            rate_per_sec: None,
            retry: RetryPolicy::default(),
            call_log: None,
        }
    }

    /// Sets the total timeout per request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the connect timeout.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Caps the requests in flight; 0 removes the cap.
    pub fn with_max_in_flight(mut self, max: usize) -> Self {
        self.max_in_flight = NonZeroUsize::new(max);
        self
    }

    /// Limits the requests started per second; 0 removes the limit.
    pub fn with_rate_per_sec(mut self, rate: u32) -> Self {
        self.rate_per_sec = NonZeroU32::new(rate);
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Logs every attempt to `log`.
    pub fn with_call_log(mut self, log: CallLogger) -> Self {
        self.call_log = Some(log);
        self
    }

    /// Reads `NUBEFACT_RUTA` and `NUBEFACT_TOKEN` from the process environment.
    ///
    /// # Errors
    /// See [`ClientConfig::from_env_with`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// Reads `NUBEFACT_RUTA` and `NUBEFACT_TOKEN` through `lookup` (a variable name →
    /// its value), everything else at its default.
    ///
    /// # Errors
    /// [`ConfigError::MissingEnv`] naming the variable that is unset or empty, or
    /// [`ConfigError::Endpoint`] if the values do not make an endpoint.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |var: &'static str| {
            lookup(var)
                .filter(|v| !v.trim().is_empty())
                .ok_or(ConfigError::MissingEnv { var: var.to_owned(), needed_by: "the client environment".into() })
        };
        let ruta = get(ENV_RUTA)?;
        let token = get(ENV_TOKEN)?;
        let endpoint = Endpoint::new(ruta, token)
            .map_err(|source| ConfigError::Endpoint { origin: format!("{ENV_RUTA}/{ENV_TOKEN}"), source })?;
        Ok(ClientConfig::new(endpoint))
    }

    /// Loads profile `name` from the TOML file at `path`; `token_env`/`ruta_env` are read
    /// from the process environment.
    ///
    /// # Errors
    /// See [`ClientConfig::from_profile_str`]; also [`ConfigError::Read`] naming the file.
    pub fn from_profile(path: impl AsRef<Path>, name: &str) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        Self::from_profile_str(&text, path, name, |var| std::env::var(var).ok())
    }

    /// Loads profile `name` from `text`, the contents of the file `path` (used in
    /// messages only), reading `*_env` variables through `lookup`.
    ///
    /// # Errors
    /// - [`ConfigError::Parse`]: not TOML, an unknown key or a wrong type (file and line);
    /// - [`ConfigError::MissingProfile`]: no `[profiles.<name>]` (lists those present);
    /// - [`ConfigError::MissingKey`] / [`ConfigError::Conflict`]: neither or both of
    ///   `token`/`token_env` (same for `ruta`);
    /// - [`ConfigError::MissingEnv`]: a `*_env` variable is unset or empty;
    /// - [`ConfigError::Invalid`]: a zero timeout;
    /// - [`ConfigError::Endpoint`]: the route or token is unusable.
    pub fn from_profile_str(
        text: &str,
        path: &Path,
        name: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file: ProfileFile = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(text, s.start)),
            // `message()` omits the source excerpt that `Display` shows, which could be
            // the line holding the token.
            message: e.message().to_owned(),
        })?;
        let profile = file.profiles.get(name).ok_or_else(|| ConfigError::MissingProfile {
            path: path.to_path_buf(),
            profile: name.to_owned(),
            available: file.profiles.keys().cloned().collect(),
        })?;
        let at = |key: &'static str| Location { path: path.to_path_buf(), profile: name.to_owned(), key };
        let secret =
            |value: &Option<String>, env: &Option<String>, key: &'static str, env_key: &'static str| match (value, env)
            {
                (Some(v), None) => Ok(v.clone()),
                (None, Some(var)) => lookup(var)
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| ConfigError::MissingEnv { var: var.clone(), needed_by: at(env_key).to_string() }),
                (None, None) => Err(ConfigError::MissingKey { at: at(key), alternative: env_key }),
                (Some(_), Some(_)) => Err(ConfigError::Conflict { at: at(key), other: env_key }),
            };
        let ruta = secret(&profile.ruta, &profile.ruta_env, "ruta", "ruta_env")?;
        let token = secret(&profile.token, &profile.token_env, "token", "token_env")?;
        let endpoint = Endpoint::new(ruta, token)
            .map_err(|source| ConfigError::Endpoint { origin: at("ruta").to_string(), source })?;
        let mut config = ClientConfig::new(endpoint);
        let millis = |v: Option<u64>, key: &'static str, default: Duration| match v {
            None => Ok(default),
            Some(0) => Err(ConfigError::Invalid { at: at(key), reason: "must be greater than 0".into() }),
            Some(ms) => Ok(Duration::from_millis(ms)),
        };
        config.timeout = millis(profile.timeout_ms, "timeout_ms", DEFAULT_TIMEOUT)?;
        config.connect_timeout = millis(profile.connect_timeout_ms, "connect_timeout_ms", DEFAULT_CONNECT_TIMEOUT)?;
        config.max_in_flight = profile.max_in_flight.and_then(NonZeroUsize::new);
        config.rate_per_sec = profile.rate_per_sec.and_then(NonZeroU32::new);
        let defaults = RetryPolicy::default();
        config.retry = RetryPolicy {
            max_attempts: profile.max_attempts.unwrap_or(defaults.max_attempts),
            base_backoff: profile.backoff_base_ms.map_or(defaults.base_backoff, Duration::from_millis),
            max_backoff: profile.backoff_max_ms.map_or(defaults.max_backoff, Duration::from_millis),
            seed: profile.seed,
        };
        Ok(config)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    ruta: Option<String>,
    ruta_env: Option<String>,
    token: Option<String>,
    token_env: Option<String>,
    timeout_ms: Option<u64>,
    connect_timeout_ms: Option<u64>,
    max_in_flight: Option<usize>,
    rate_per_sec: Option<u32>,
    max_attempts: Option<u32>,
    backoff_base_ms: Option<u64>,
    backoff_max_ms: Option<u64>,
    seed: Option<u64>,
}

/// A key in a profile file, for messages: `file.toml [profiles.staging] token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The profile file.
    pub path: PathBuf,
    /// The profile name.
    pub profile: String,
    /// The key.
    pub key: &'static str,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [profiles.{}] {}", self.path.display(), self.profile, self.key)
    }
}

/// The client configuration could not be loaded. Messages name the file, profile, key or
/// variable, never a secret value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The profile file could not be read.
    #[error("cannot read client profile file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not TOML, has an unknown key or a value of the wrong type.
    #[error("client profile file {}{}: {message}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Parse { path: PathBuf, line: Option<usize>, message: String },
    /// The file has no `[profiles.<name>]` table of that name.
    #[error("no profile {profile:?} in {} (profiles: {available:?})", path.display())]
    MissingProfile { path: PathBuf, profile: String, available: Vec<String> },
    /// Neither the key nor its `*_env` alternative is set.
    #[error("{at} is missing (set it or `{alternative}`)")]
    MissingKey { at: Location, alternative: &'static str },
    /// Both the key and its `*_env` alternative are set.
    #[error("{at} and `{other}` are both set; keep one")]
    Conflict { at: Location, other: &'static str },
    /// A variable the configuration points at is unset or empty.
    #[error("environment variable {var} is not set or empty (needed by {needed_by})")]
    MissingEnv { var: String, needed_by: String },
    /// A value is out of range.
    #[error("{at}: {reason}")]
    Invalid { at: Location, reason: String },
    /// The route or token does not make an [`Endpoint`].
    #[error("invalid endpoint from {origin}")]
    Endpoint {
        origin: String,
        #[source]
        source: EndpointError,
    },
}
