//! Command-line options (`MockArgs`, flattenable into `nubefact-harness mock`) and `run`.
//!
//! Owns: flag → `MockConfig` conversion (TOML file first, flags override), the ready line on
//! stdout and the signal wait.
//! Must not: install a global logger (the binaries do) or exit the process itself.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::FakeNubefact;
use crate::config::{Account, Front, MockConfig, TotalsMode};
use crate::spec::{FaultSpec, LatencySpec, parse_duration};

/// Every option of the `nubefact-mock` binary.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MockArgs {
    /// Address to listen on (loopback unless --allow-remote).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Allow a non-loopback --listen address.
    #[arg(long)]
    pub allow_remote: bool,
    /// Route id of the (first) account: the URL is /api/v1/<ROUTE>.
    #[arg(long, value_name = "ROUTE")]
    pub route: Option<String>,
    /// Token of the (first) account.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// HTTP front.
    #[arg(long, value_enum)]
    pub front: Option<Front>,
    /// Latency: fixed:50ms | uniform:20ms..80ms | lognormal:median=300ms,sigma=0.5 | nubefact-like,
    /// optionally prefixed OP= (e.g. consultar_comprobante=fixed:5ms). Repeatable.
    #[arg(long, value_name = "SPEC")]
    pub latency: Vec<LatencySpec>,
    /// Faults: comma-separated KIND=P | KIND=every:N | pause:1s@10s; KIND is error500, reset,
    /// drop-after-commit or hang, optionally KIND[operation].
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<FaultSpec>,
    /// Seed for faults, latency draws, SUNAT outcomes and link ids.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// TOML configuration file (the MockConfig shape); flags override it.
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
    /// Send every error with HTTP 200.
    #[arg(long)]
    pub errors_with_200: bool,
    /// Keep at most N documents (oldest evicted; evicted documents answer 24).
    #[arg(long, value_name = "N")]
    pub max_documents: Option<usize>,
    /// Totals comparison mode.
    #[arg(long, value_enum)]
    pub totals: Option<TotalsMode>,
    /// Do not enforce the date windows (code 22).
    #[arg(long)]
    pub no_date_check: bool,
    /// Delay before boletas and B-notes are accepted (e.g. 2s).
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub boleta_delay: Option<std::time::Duration>,
    /// Delay before an anulación is accepted.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub anulacion_delay: Option<std::time::Duration>,
    /// How long a `hang` fault holds a request.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub hang: Option<std::time::Duration>,
}

/// The options could not be turned into a configuration.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The config file could not be read.
    #[error("cannot read config file {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The config file is not valid TOML of the expected shape.
    #[error("invalid config file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

impl MockArgs {
    /// Builds the configuration: the TOML file (if any) first, then each given flag.
    ///
    /// # Errors
    /// [`CliError`] when the config file is unreadable or invalid.
    pub fn into_config(self) -> Result<MockConfig, CliError> {
        let mut cfg = match &self.config {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.clone(), source })?;
                toml::from_str::<MockConfig>(&text)
                    .map_err(|e| CliError::Parse { path: path.clone(), message: e.to_string() })?
            }
            None => MockConfig::default(),
        };
        if cfg.accounts.is_empty() {
            cfg.accounts.push(Account::default());
        }
        if let Some(l) = self.listen {
            cfg.listen = l;
        }
        cfg.allow_remote |= self.allow_remote;
        if let Some(r) = self.route {
            cfg.accounts[0].route = r;
        }
        if let Some(t) = self.token {
            cfg.accounts[0].tokens = vec![t];
        }
        if let Some(f) = self.front {
            cfg.front = f;
        }
        if !self.latency.is_empty() {
            cfg.latency = self.latency;
        }
        if let Some(f) = self.faults {
            cfg.faults = f;
        }
        if let Some(s) = self.seed {
            cfg.seed = s;
        }
        cfg.errors_with_200 |= self.errors_with_200;
        if self.max_documents.is_some() {
            cfg.max_documents = self.max_documents;
        }
        if let Some(t) = self.totals {
            cfg.validation.totals = t;
        }
        if self.no_date_check {
            cfg.validation.check_dates = false;
        }
        if let Some(d) = self.boleta_delay {
            cfg.sunat.boleta_delay = d;
        }
        if let Some(d) = self.anulacion_delay {
            cfg.sunat.anulacion_delay = d;
        }
        if let Some(d) = self.hang {
            cfg.hang = d;
        }
        Ok(cfg)
    }
}

/// The one JSON line printed on stdout when ready.
#[derive(serde::Serialize)]
struct Ready<'a> {
    url: &'a str,
    token: &'a str,
    admin: &'a str,
}

/// Runs the server until SIGINT or SIGTERM. Exit codes: 0 after a signal, 2 when the options,
/// the config file or the bind are bad (with a message on stderr).
pub async fn run(args: MockArgs) -> ExitCode {
    let cfg = match args.into_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("nubefact-mock: {}", error_chain(&e));
            return ExitCode::from(2);
        }
    };
    let handle = match FakeNubefact::start(cfg).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("nubefact-mock: {}", error_chain(&e as &(dyn std::error::Error + 'static)));
            return ExitCode::from(2);
        }
    };
    // Register the signal handlers before announcing readiness, so a signal sent right after
    // the ready line is never lost to the default action.
    let signals = Signals::install();
    let (url, admin) = (handle.url(), handle.admin_url());
    let line = serde_json::to_string(&Ready { url: &url, token: handle.token(), admin: &admin }).unwrap_or_default();
    println!("{line}");
    tracing::info!(front = handle.front().name(), "nubefact-mock ready");
    signals.wait().await;
    tracing::info!("nubefact-mock stopping");
    handle.shutdown().await;
    ExitCode::SUCCESS
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        out.push_str(": ");
        out.push_str(&s.to_string());
        src = s.source();
    }
    out
}

/// SIGINT and SIGTERM, registered up front.
struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Signals { term: signal(SignalKind::terminate()).ok(), int: signal(SignalKind::interrupt()).ok() }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let (Some(mut term), Some(mut int)) = (self.term, self.int) {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
