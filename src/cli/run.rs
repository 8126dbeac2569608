//! `nubefact-harness run SCENARIO`: the main job. Starts the target (the embedded fake by
//! default), drives the scenario's workload with the driver its model calls for, records
//! everything into a run directory, and says whether the run is valid.
//!
//! stdout carries the end-of-run table and, as its last line, the run directory; progress
//! goes to stderr. Exit codes: 0 ok, 1 a threshold failed, 2 the harness could not run,
//! 3 INVALID, 130 interrupted (after everything recorded so far was written).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::Exit;
use super::progress::Progress;
use super::target::{TargetFlags, resolve};
use crate::report::{analyze, render_json, render_markdown, render_table};
use crate::results::RunDir;
use crate::results::dir::write_atomic;
use crate::results::manifest::{Manifest, ScenarioInfo};
use crate::run::{
    AutoTransport, CancellationToken, DriveOutcome, GooseSettings, GooseShape, Plan, RampStep, Rate,
    ReqwestBlockingTransport, Session, StopRule, Workload, cancel_on_ctrl_c, drive, drive_blocking, drive_goose,
};
use crate::scenario::{Model, Overrides, Ramp, Scenario, Shard, Stop, Target};
use crate::workload::NubefactWorkload;

/// `run`'s flags.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The scenario file (see scenarios/README.md).
    pub scenario: PathBuf,
    /// Send to this route URL instead of the scenario's target (needs --token-env).
    #[arg(long, value_name = "URL", requires = "token_env", conflicts_with = "profile")]
    pub target: Option<String>,
    /// The environment variable holding the token for --target.
    #[arg(long, value_name = "VAR", requires = "target")]
    pub token_env: Option<String>,
    /// Send to a profile's endpoint (`[profiles.NAME]` in --profile-file).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The profile file for --profile.
    #[arg(long, value_name = "FILE", default_value = "nubefact.toml")]
    pub profile_file: PathBuf,
    /// Override the closed model's user count (or the open model's max_in_flight).
    #[arg(long, value_name = "N")]
    pub users: Option<u32>,
    /// Override the open model's steady arrival rate (flows per second).
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,
    /// Override the load duration (e.g. 30s, 2m).
    #[arg(long, value_name = "D", value_parser = humantime::parse_duration)]
    pub duration: Option<Duration>,
    /// The run directory (default `reports/runs/UTC-TIMESTAMP-SCENARIO/`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run shard i of n (1-based): disjoint numbering for runs on several machines.
    #[arg(long, value_name = "i/n", default_value = "1/1")]
    pub shard: String,
    /// Allow a target that is not loopback (a real staging account).
    #[arg(long)]
    pub allow_remote: bool,
    /// Which driver runs the load (default: goose for the closed model, async for the open).
    #[arg(long, value_enum)]
    pub driver: Option<Driver>,
    /// Override the embedded fake's faults (e.g. `error500=1` fails every request).
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
}

/// The drivers of the run module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Driver {
    /// goose users (closed model only).
    Goose,
    /// The async pacing loop (closed or open model).
    Async,
    /// One thread and one blocking client per user (closed model only).
    Blocking,
}

impl Driver {
    fn id(self) -> &'static str {
        match self {
            Driver::Goose => "goose",
            Driver::Async => "async",
            Driver::Blocking => "blocking",
        }
    }
}

/// Runs `args`.
///
/// # Errors
/// Anything that stops the run from happening (exit 2): a bad scenario or flag, an
/// unreachable or refused target, a run directory that cannot be written.
pub fn run(args: RunArgs) -> anyhow::Result<Exit> {
    let scenario = Scenario::load(&args.scenario)?;
    let overrides = Overrides { users: args.users, rate_per_sec: args.rate, duration: args.duration };
    let scenario = scenario.with_overrides(&overrides)?;
    scenario.check_target(args.allow_remote)?;
    let shard: Shard = args.shard.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let open = matches!(scenario.load.model, Model::Open { .. });
    let driver = args.driver.unwrap_or(if open { Driver::Async } else { Driver::Goose });
    if open && driver != Driver::Async {
        bail!("--driver {}: the open model runs on the async driver only", driver.id());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start tokio")?;
    runtime.block_on(run_scenario(scenario, shard, driver, &args))
}

async fn run_scenario(scenario: Scenario, shard: Shard, driver: Driver, args: &RunArgs) -> anyhow::Result<Exit> {
    let flags = TargetFlags {
        target: args.target.clone(),
        token_env: args.token_env.clone(),
        profile: args.profile.clone(),
        profile_file: Some(args.profile_file.clone()),
        faults: args.faults.clone(),
        allow_remote: args.allow_remote,
    };
    let resolved = resolve(&scenario, &flags).await?;
    let endpoint = Arc::new(resolved.endpoint.clone());
    let dir = match &args.out {
        Some(out) => RunDir::create(out.clone()),
        None => RunDir::create_default(std::path::Path::new(""), &scenario.name, SystemTime::now()),
    }
    .context("cannot create the run directory")?;
    let run_path = dir.path().to_path_buf();
    let goose_dir = if driver == Driver::Goose { Some(dir.goose_dir()?) } else { None };
    let concrete = Arc::new(NubefactWorkload::new(scenario.clone(), shard, peru_today()?)?);
    let workload: Arc<dyn Workload> = concrete.clone();
    let session = Session::begin(&workload.operations(), Some(dir))?;
    let recorder = session.recorder();
    let cancel = CancellationToken::new();
    let _ctrl_c = cancel_on_ctrl_c(&cancel);
    eprintln!(
        "running {} ({}, {} driver) against {}{}",
        scenario.name,
        if matches!(scenario.load.model, Model::Open { .. }) { "open model" } else { "closed model" },
        driver.id(),
        endpoint.redacted(),
        if resolved.fake.is_some() { " (embedded fake)" } else { "" }
    );
    let progress = Progress::start(recorder.clone(), scenario.load.caps.max_requests);
    let stop = stop_rule(&scenario);
    let timeout = scenario.load.timeout;
    let outcome: DriveOutcome = match driver {
        Driver::Async => {
            let transport = Arc::new(AutoTransport::for_endpoint(&endpoint, timeout)?);
            drive(transport, endpoint.clone(), workload.clone(), &async_plan(&scenario, stop), &recorder, &cancel)
                .await?
        }
        Driver::Blocking => {
            let (endpoint, workload, recorder, cancel) =
                (endpoint.clone(), workload.clone(), recorder.clone(), cancel.clone());
            let users = scenario.load.concurrency();
            tokio::task::spawn_blocking(move || {
                drive_blocking(
                    |_| ReqwestBlockingTransport::new(timeout).map_err(Into::into),
                    endpoint,
                    workload,
                    users,
                    stop,
                    &recorder,
                    &cancel,
                )
            })
            .await
            .context("the blocking driver panicked")??
        }
        Driver::Goose => {
            let settings = GooseSettings {
                shape: goose_shape(&scenario),
                max_duration: stop.max_duration,
                max_requests: stop.max_requests,
                timeout,
                report_dir: goose_dir,
                thresholds: Vec::new(),
            };
            let _stdout = super::stdout_guard::StdoutToStderr::begin();
            drive_goose(endpoint.clone(), workload.clone(), &settings, &recorder, &cancel).await?.drive
        }
    };
    progress.finish();
    let manifest = manifest(&scenario, &resolved, driver, shard, &session);
    let data = session.finish(&manifest, scenario.load.planned_rate_per_sec(), outcome.interrupted)?;
    if let Some(fake) = &resolved.fake {
        let stats = serde_json::to_vec_pretty(&fake.stats()).context("fake stats")?;
        write_atomic(&run_path, "fake_stats.json", &stats)?;
    }
    let summary = analyze(&data, &scenario.thresholds, &scenario.validity);
    write_atomic(&run_path, "summary.json", render_json(&summary).as_bytes())?;
    write_atomic(&run_path, "summary.md", render_markdown(&summary, &scenario.name).as_bytes())?;
    if concrete.exhausted() > 0 {
        eprintln!("warning: {} flows sent nothing: their numbering range was used up", concrete.exhausted());
    }
    if let Some(fake) = resolved.fake {
        fake.shutdown().await;
    }
    print!("{}", render_table(&summary));
    println!("{}", run_path.display());
    Ok(if outcome.interrupted { Exit::Interrupted } else { Exit::of(&summary.verdict) })
}

/// Today in Peru (UTC−5), the date every generated document carries.
fn peru_today() -> anyhow::Result<time::Date> {
    let peru = time::UtcOffset::from_hms(-5, 0, 0).context("UTC-5 offset")?;
    Ok(time::OffsetDateTime::now_utc().to_offset(peru).date())
}

/// The caps, shortened to the model's own length when it has one.
fn stop_rule(scenario: &Scenario) -> StopRule {
    let caps = scenario.load.caps;
    let max_duration = scenario.load.planned_duration().map_or(caps.max_duration, |d| d.min(caps.max_duration));
    let max_iterations = match &scenario.load.model {
        Model::Closed { stop: Stop::Iterations(n), .. } => Some(*n),
        _ => None,
    };
    StopRule { max_duration, max_requests: caps.max_requests, max_iterations }
}

fn async_plan(scenario: &Scenario, stop: StopRule) -> Plan {
    match &scenario.load.model {
        Model::Open { ramp, rate_per_sec, max_in_flight, .. } => {
            // Ramp steps run first, then the steady rate: as rate changes at offsets.
            let mut rates = ramp.iter().map(|s| (s.rate_per_sec, s.duration)).collect::<Vec<_>>();
            rates.push((*rate_per_sec, Duration::ZERO));
            let mut steps = Vec::new();
            let mut at = Duration::ZERO;
            for window in rates.windows(2) {
                at += window[0].1;
                steps.push(RampStep { at, per_sec: window[1].0 });
            }
            Plan { rate: Some(Rate { per_sec: rates[0].0, ramp: steps }), concurrency: *max_in_flight as usize, stop }
        }
        Model::Closed { users, .. } => Plan { rate: None, concurrency: *users as usize, stop },
    }
}

fn goose_shape(scenario: &Scenario) -> GooseShape {
    let Model::Closed { users, ramp, stop } = &scenario.load.model else {
        return GooseShape::Duration { users: 1, hatch_rate_per_sec: 1 };
    };
    let users_n = *users as usize;
    let hatch = |rate: &Option<f64>| rate.map_or(*users, |r| r.ceil().max(1.0) as u32);
    match (ramp, stop) {
        (Ramp::TestPlan { text, .. }, _) => GooseShape::TestPlan(text.clone()),
        (Ramp::Hatch { hatch_rate_per_sec }, Stop::Iterations(n)) => GooseShape::Iterations {
            users: users_n,
            hatch_rate_per_sec: hatch(hatch_rate_per_sec),
            iterations: usize::try_from(*n).unwrap_or(usize::MAX),
        },
        (Ramp::Hatch { hatch_rate_per_sec }, _) => {
            GooseShape::Duration { users: users_n, hatch_rate_per_sec: hatch(hatch_rate_per_sec) }
        }
    }
}

fn manifest(
    scenario: &Scenario,
    resolved: &super::target::Resolved,
    driver: Driver,
    shard: Shard,
    session: &Session,
) -> Manifest {
    let model = if matches!(scenario.load.model, Model::Open { .. }) { "open" } else { "closed" };
    let mut m = Manifest::new(
        ScenarioInfo { name: scenario.name.clone(), hash: scenario.hash.clone() },
        scenario.seed,
        resolved.endpoint.redacted(),
        model,
        driver.id(),
        crate::run::session::rfc3339(session.started_wall()),
    );
    let load = &scenario.load;
    m.load.insert("concurrency".into(), load.concurrency().to_string());
    m.load.insert("max_duration".into(), humantime::format_duration(load.caps.max_duration).to_string());
    m.load.insert("max_requests".into(), load.caps.max_requests.to_string());
    m.load.insert("timeout".into(), humantime::format_duration(load.timeout).to_string());
    m.load.insert("shard".into(), format!("{}/{}", shard.index() + 1, shard.count()));
    if let Some(rate) = load.planned_rate_per_sec() {
        m.load.insert("planned_rate_per_sec".into(), format!("{rate:.3}"));
    }
    if let Model::Closed { stop: Stop::Iterations(n), .. } = &load.model {
        m.load.insert("iterations".into(), n.to_string());
    }
    let spec = match &scenario.target {
        Target::Embedded(spec) => Some(spec),
        Target::Remote(_) => None,
    };
    m.fake = resolved.fake_info(spec);
    m
}
