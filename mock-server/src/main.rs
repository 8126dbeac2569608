//! The `nubefact-mock` binary: parse flags, log to stderr, run until a signal.
use std::process::ExitCode;

use clap::Parser;

/// A fake Nubefact server (independent oracle of the Nubefact JSON API).
#[derive(Parser)]
#[command(name = "nubefact-mock", version, about)]
struct Cli {
    #[command(flatten)]
    args: nubefact_mock::MockArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nubefact-mock: cannot start the tokio runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(nubefact_mock::run(cli.args))
}
