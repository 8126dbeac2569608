//! The goose 0.19 adapter (closed model: users, hatch rate or a goose test plan).
//!
//! Configured in code with `GooseAttack::initialize_with_config` (never the process
//! arguments), telnet and WebSocket controllers off, quiet, goose's own metrics print off
//! (stdout carries data), a low request timeout, and always a bound: `iterations`, a
//! `run_time` or a test plan, plus our own watcher that trips goose's killswitch at
//! `max_duration`, when the request budget is spent, or when the caller's token fires.
//!
//! One goose transaction runs one whole flow of the workload (so a goose "iteration" is
//! a flow; the flow lives in the transaction rather than in goose's session data, and the
//! per-user iteration counters live in the adapter, see `Context::iterations`); each step is sent with the user's request builder carrying the wire's exact
//! headers and body, and is NAMED BY ITS OPERATION ID, never by its path (the path is the
//! secret route). We time the full exchange ourselves (goose stops at the headers),
//! classify with the core, call `set_failure` with the class (`codigo_23`, …) on any
//! failure goose did not see, and record the Sample like every other driver.
//!
//! Process-wide traps (see STACK-NOTES): goose installs a logger and a SIGINT handler on
//! its first `execute()`, and its killswitch is global. Run one attack at a time, and
//! keep goose tests in their own test binary. After a run, `interrupted` is true when
//! the killswitch was tripped by anything but our own stop rule (e.g. Ctrl-C).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use goose::config::{GooseConfiguration, GooseDefault, GooseDefaultType};
use goose::prelude::{GooseMethod, GooseRequest, GooseUser, Scenario, Transaction, TransactionResult};
use goose::{GooseAttack, GooseError};
use tokio_util::sync::CancellationToken;

use super::flow::{StepResult, Workload};
use super::pacing::DriveOutcome;
use super::plan::Budget;
use super::recorder::RecorderHandle;
use super::step::{MAX_STEPS_PER_FLOW, Timing, record_exchange};
use super::transport::TransportError;
use crate::api::Endpoint;

/// How a goose run is bounded besides the caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GooseShape {
    /// `users` users started at `hatch_rate_per_sec`, each running `iterations` flows.
    Iterations { users: usize, hatch_rate_per_sec: u32, iterations: usize },
    /// `users` users started at `hatch_rate_per_sec`, running until `max_duration`.
    Duration { users: usize, hatch_rate_per_sec: u32 },
    /// A goose test plan such as `"10,5s;10,30s;0,1s"` (users, time to reach them).
    TestPlan(String),
}

/// Everything the goose adapter needs.
#[derive(Debug, Clone)]
pub struct GooseSettings {
    /// Users and how they start.
    pub shape: GooseShape,
    /// No request goes out after this long (also goose's `run_time` for
    /// [`GooseShape::Duration`]).
    pub max_duration: Duration,
    /// At most this many requests are sent.
    pub max_requests: u64,
    /// goose's request timeout (also bounds how long users take to finish at the end).
    pub timeout: Duration,
    /// Where goose writes `report.html`, `report.json` and `report.md` (the run
    /// directory's `goose/`); `None` writes no goose report.
    pub report_dir: Option<PathBuf>,
    /// goose threshold rules (`"p99<500ms"`), one per entry.
    pub thresholds: Vec<String>,
}

/// What a goose run did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GooseOutcome {
    /// Flows (goose transactions) started, and interruption.
    pub drive: DriveOutcome,
    /// goose's own threshold rules failed (its metrics are still written).
    pub thresholds_failed: bool,
}

/// The goose run could not happen.
#[derive(Debug, thiserror::Error)]
pub enum GooseDriveError {
    /// goose refused the configuration or failed to run (message from goose).
    #[error("goose: {0}")]
    Goose(String),
    /// The endpoint's origin could not be derived.
    #[error("target has no origin usable as goose host")]
    Host,
}

struct Context {
    cancel: CancellationToken,
    endpoint: Arc<Endpoint>,
    workload: Arc<dyn Workload>,
    recorder: RecorderHandle,
    budget: Budget,
    deadline: Instant,
    /// We tripped the killswitch because a cap was reached (not an interruption).
    capped: AtomicBool,
    flows: AtomicU64,
    /// The next iteration of each user index. Kept here rather than in goose's session
    /// data: a test plan that stops and relaunches users gives a relaunched user fresh
    /// session data under the same index, which would restart its numbering and collide.
    iterations: std::sync::Mutex<std::collections::HashMap<u32, u64>>,
}

impl Context {
    fn cap_reached(&self, why: &str) {
        self.capped.store(true, Ordering::SeqCst);
        goose::trigger_killswitch(why);
    }
}

/// How long a user backs off after it found the run stopped. A transaction that returns
/// at once without awaiting anything makes goose's user loop spin and starve goose's own
/// controller task (measured: the attack never ended and memory grew by GBs), so a
/// stopped user waits a little before goose calls it again.
const STOPPED_BACKOFF: Duration = Duration::from_millis(5);

async fn stopped() -> TransactionResult {
    tokio::time::sleep(STOPPED_BACKOFF).await;
    Ok(())
}

fn goose_err(err: GooseError) -> GooseDriveError {
    GooseDriveError::Goose(err.to_string())
}

/// `scheme://host[:port]` of the endpoint: goose needs a host, and the origin carries no
/// secret (the route path does).
fn origin(endpoint: &Endpoint) -> Result<String, GooseDriveError> {
    let url = url::Url::parse(endpoint.expose_route()).map_err(|_| GooseDriveError::Host)?;
    let host = url.host_str().ok_or(GooseDriveError::Host)?;
    Ok(match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

/// Runs `workload` with goose as `settings` say, recording every step on `recorder`.
/// Must not run while another goose attack runs in the process.
///
/// # Errors
/// [`GooseDriveError`] when goose rejects the configuration or fails to run.
pub async fn drive_goose(
    endpoint: Arc<Endpoint>,
    workload: Arc<dyn Workload>,
    settings: &GooseSettings,
    recorder: &RecorderHandle,
    cancel: &CancellationToken,
) -> Result<GooseOutcome, GooseDriveError> {
    let mut config = GooseConfiguration::default();
    config.host = Some(origin(&endpoint)?);
    config.quiet = 1;
    config.verbose = 0;
    config.no_telnet = true;
    // In goose 0.19 the WebSocket controller is off unless `websocket` is set, and setting
    // `no_websocket` only prints a deprecation warning.
    config.websocket = false;
    config.no_autostart = false;
    config.no_print_metrics = true;
    config.timeout = Some(format!("{:.3}", settings.timeout.as_secs_f64().max(0.001)));
    if let Some(dir) = &settings.report_dir {
        config.report_file = ["report.html", "report.json", "report.md"]
            .iter()
            .map(|f| dir.join(f).to_string_lossy().into_owned())
            .collect();
    }
    match &settings.shape {
        GooseShape::Iterations { users, hatch_rate_per_sec, iterations } => {
            config.users = Some(*users);
            config.increase_rate = Some(hatch_rate_per_sec.to_string());
            config.iterations = Some(*iterations);
        }
        GooseShape::Duration { users, hatch_rate_per_sec } => {
            config.users = Some(*users);
            config.increase_rate = Some(hatch_rate_per_sec.to_string());
            config.run_time = Some(format!("{}", settings.max_duration.as_secs().max(1)));
        }
        GooseShape::TestPlan(_) => {}
    }

    let context = Arc::new(Context {
        cancel: cancel.clone(),
        endpoint,
        workload,
        recorder: recorder.clone(),
        budget: Budget::new(settings.max_requests),
        deadline: Instant::now() + settings.max_duration,
        capped: AtomicBool::new(false),
        flows: AtomicU64::new(0),
        iterations: std::sync::Mutex::default(),
    });
    let ctx = Arc::clone(&context);
    let transaction = Transaction::new(Arc::new(move |user: &mut GooseUser| {
        let ctx = Arc::clone(&ctx);
        Box::pin(async move { run_flow(user, &ctx).await })
    }))
    .set_name("flow");
    let mut attack = Box::new(
        GooseAttack::initialize_with_config(config)
            .map_err(goose_err)?
            .register_scenario(Scenario::new("nubefact").register_transaction(transaction)),
    );
    if let GooseShape::TestPlan(plan) = &settings.shape {
        attack = attack.set_default(GooseDefault::TestPlan, plan.as_str()).map_err(goose_err)?;
    }
    for rule in &settings.thresholds {
        attack = attack.set_default(GooseDefault::Threshold, rule.as_str()).map_err(goose_err)?;
    }

    // The watcher turns our token and our duration cap into goose's killswitch.
    let watcher = {
        let (ctx, cancel) = (Arc::clone(&context), cancel.clone());
        let max_duration = settings.max_duration;
        tokio::spawn(async move {
            tokio::select! {
                () = cancel.cancelled() => goose::trigger_killswitch("interrupted"),
                () = tokio::time::sleep(max_duration) => ctx.cap_reached("max_duration reached"),
            }
        })
    };
    // On a runtime worker, not on the caller's (block_on) thread: goose's controller and
    // its metrics channel would otherwise wake another thread for every request (the same
    // context switches the pacing loop avoids, see `pacing::drive`).
    let Some(result) = super::pacing::on_worker(async move { attack.execute().await }).await else {
        return Err(GooseDriveError::Goose("the goose attack was cancelled".to_owned()));
    };
    watcher.abort();
    let interrupted =
        cancel.is_cancelled() || (goose::is_killswitch_triggered() && !context.capped.load(Ordering::SeqCst));
    let drive = DriveOutcome { flows: context.flows.load(Ordering::SeqCst), skipped: 0, interrupted };
    match result {
        Ok(_) => Ok(GooseOutcome { drive, thresholds_failed: false }),
        Err(GooseError::ThresholdsFailed { .. }) => Ok(GooseOutcome { drive, thresholds_failed: true }),
        Err(err) => Err(goose_err(err)),
    }
}

/// One goose transaction: one whole flow.
async fn run_flow(user: &mut GooseUser, ctx: &Context) -> TransactionResult {
    // Checked at every flow start, not only by the watcher: the killswitch is global and
    // another attack starting would clear it.
    if ctx.cancel.is_cancelled() {
        goose::trigger_killswitch("interrupted");
        return stopped().await;
    }
    if Instant::now() >= ctx.deadline {
        ctx.cap_reached("max_duration reached");
        return stopped().await;
    }
    if !ctx.budget.take() {
        ctx.cap_reached("max_requests reached");
        return stopped().await;
    }
    let uid = u32::try_from(user.weighted_users_index).unwrap_or(u32::MAX);
    let iteration = {
        // A poisoned lock only means another user panicked mid-increment; the map is intact.
        let mut map = ctx.iterations.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let next = map.entry(uid).or_insert(0);
        *next += 1;
        *next - 1
    };
    ctx.flows.fetch_add(1, Ordering::SeqCst);
    let mut flow = ctx.workload.start(uid, iteration);
    let mut previous: Option<StepResult> = None;
    for index in 0..MAX_STEPS_PER_FLOW {
        let Some(step) = flow.next(previous.as_ref()) else { break };
        if index > 0 {
            if ctx.cancel.is_cancelled() || Instant::now() >= ctx.deadline || goose::is_killswitch_triggered() {
                break;
            }
            if !ctx.budget.take() {
                ctx.cap_reached("max_requests reached");
                break;
            }
        }
        if !step.after.is_zero() {
            tokio::select! {
                () = tokio::time::sleep(step.after) => {}
                () = ctx.cancel.cancelled() => break,
            }
        }
        let wire = crate::api::wire::build_raw(&ctx.endpoint, step.body);
        let (parts, body) = wire.into_parts();
        let builder = user
            .get_request_builder(&GooseMethod::Post, ctx.endpoint.expose_route())?
            .headers(parts.headers)
            .body(body);
        let request = GooseRequest::builder()
            .method(GooseMethod::Post)
            .name(step.operation.id())
            .set_request_builder(builder)
            .build();
        let sent = Instant::now();
        let mut goose = user.request(request).await?;
        let answer = match goose.response {
            Ok(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(bytes) => {
                        let mut out = http::Response::new(bytes);
                        *out.status_mut() = status;
                        Ok(out)
                    }
                    Err(err) => Err(TransportError::from_reqwest(err)),
                }
            }
            Err(err) => Err(TransportError::from_reqwest(err)),
        };
        let done = Instant::now();
        let timing = Timing { scheduled: sent, sent, done };
        let result = record_exchange(&ctx.recorder, &ctx.endpoint, step.operation, timing, answer);
        if !result.outcome.is_ok() && goose.request.success {
            // goose judges by status alone; a Nubefact error sent with 200 is a failure too.
            // set_failure returns Err to abort the transaction; the flow decides instead.
            let _ = user.set_failure(&result.outcome.class(), &mut goose.request, None, None);
        }
        previous = Some(result);
    }
    Ok(())
}

/// Clears goose's process-wide killswitch (goose also clears it when an attack starts).
pub fn reset_killswitch() {
    goose::reset_killswitch();
}
