//! The `nubefact-harness` binary: parse the command line, run, map to an exit code.
//! Everything else lives in the library (`nubefact_harness::cli`).

use std::process::ExitCode;

use clap::Parser;
use nubefact_harness::cli::{self, Cli, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("NUBEFACT_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    match cli::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(Exit::CannotRun.code())
        }
    }
}
