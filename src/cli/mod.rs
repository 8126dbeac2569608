//! The command line: clap types ("low args"), converted once into typed settings and
//! dispatched to one function per subcommand.
//!
//! Owns argument parsing, exit codes and what goes to stdout (data) versus stderr
//! (progress, logs, problems). `anyhow` is allowed here and in `main.rs` only.

mod endpoint_args;
mod progress;
mod report;
mod run;
mod send;
mod stdout_guard;
mod target;
mod validate;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use endpoint_args::EndpointArgs;
pub use run::{Driver, RunArgs};

/// How the process ends (ARCHITECTURE §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything asked for worked and every check passed.
    Ok,
    /// 1: a check failed (validation, a Nubefact error, a threshold, a contract case).
    CheckFailed,
    /// 2: the harness could not run (bad input, unreachable target).
    CannotRun,
    /// 3: the run is INVALID (success ratio under its bound, open model behind plan).
    Invalid,
    /// 130: stopped by Ctrl-C, after flushing what was recorded.
    Interrupted,
}

impl Exit {
    /// The exit of a run with this verdict.
    pub fn of(verdict: &crate::report::Verdict) -> Exit {
        match verdict {
            crate::report::Verdict::Ok => Exit::Ok,
            crate::report::Verdict::ThresholdFailed(_) => Exit::CheckFailed,
            crate::report::Verdict::Invalid(_) => Exit::Invalid,
        }
    }

    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::CheckFailed => 1,
            Exit::CannotRun => 2,
            Exit::Invalid => 3,
            Exit::Interrupted => 130,
        }
    }
}

/// Load-testing and conformance harness for the Nubefact electronic-invoicing API.
#[derive(Debug, Parser)]
#[command(name = "nubefact-harness", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a request document offline; its `operacion` picks the rules.
    ///
    /// Exits 0 and prints the recomputed totals when valid, 1 with one line per problem
    /// (each starting with the field path) when not, 2 when the file cannot be read.
    Validate {
        /// The JSON document (a request body, as it would be POSTed).
        file: PathBuf,
        /// Also check the "issued today" rules against this date (DD-MM-YYYY), or
        /// `today` for today in Peru (UTC−5).
        #[arg(long, value_name = "DD-MM-YYYY|today")]
        today: Option<String>,
    },
    /// Validate, send one document to a Nubefact endpoint, and print the reply JSON.
    ///
    /// Exits 1 without sending when validation fails, 1 on a Nubefact error (with its
    /// codigo), 2 on a transport error.
    Send {
        /// The JSON document to send.
        file: PathBuf,
        #[command(flatten)]
        endpoint: EndpointArgs,
        /// Send even when validation finds problems.
        #[arg(long)]
        no_validate: bool,
    },
    /// Run a load scenario (by default against the embedded fake) and record it into a
    /// run directory, whose path is the last line on stdout.
    ///
    /// Exits 0 ok, 1 a threshold failed, 2 the harness could not run, 3 INVALID (the
    /// success ratio is under the scenario's bound, or the open model fell behind plan),
    /// 130 interrupted by Ctrl-C (what was recorded is written).
    Run(RunArgs),
    /// Render a recorded run directory again (summary.json, summary.md, the table).
    Report {
        /// The run directory.
        dir: PathBuf,
        /// Judge it with this scenario's thresholds and validity bounds.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
    },
    /// Run the fake Nubefact server (the same server and options as `nubefact-mock`).
    Mock(nubefact_mock::MockArgs),
}

/// Runs the parsed command line.
///
/// # Errors
/// An error the caller prints with `{:#}` and turns into exit 2.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Validate { file, today } => validate::run(&file, today.as_deref()),
        Command::Send { file, endpoint, no_validate } => send::run(&file, &endpoint, no_validate),
        Command::Run(args) => run::run(args),
        Command::Report { dir, scenario } => report::run(&dir, scenario.as_deref()),
        Command::Mock(args) => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let code = runtime.block_on(nubefact_mock::run(args));
            Ok(if code == std::process::ExitCode::SUCCESS { Exit::Ok } else { Exit::CannotRun })
        }
    }
}
