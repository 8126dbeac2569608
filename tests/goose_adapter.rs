//! The goose adapter, in its own test binary: goose installs a process-wide logger and
//! SIGINT handler and its killswitch is global, so its runs go one after another here.

mod run_support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use nubefact_harness::api::Operation;
use nubefact_harness::results::RunDir;
use nubefact_harness::run::{CancellationToken, GooseSettings, GooseShape, Session, Workload, drive_goose};
use run_support::*;

/// goose's killswitch is process-wide: attacks in this binary run one at a time.
static ONE_ATTACK_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn goose_run(status: u16, body: &'static str) {
    let (server, hits) = server(status, body, None).await;
    let endpoint = endpoint(&server);
    let recording = Recording::new(IssueThenQuery);
    let workload: Arc<dyn Workload> = recording.clone();
    let tmp = tempfile::tempdir().unwrap();
    let dir = RunDir::create(tmp.path()).unwrap();
    let goose_dir = dir.goose_dir().unwrap();
    let session = Session::begin(&workload.operations(), Some(dir)).unwrap();
    let settings = GooseSettings {
        shape: GooseShape::Iterations { users: 2, hatch_rate_per_sec: 100, iterations: 3 },
        max_duration: Duration::from_secs(30),
        max_requests: 1_000,
        timeout: Duration::from_secs(5),
        report_dir: Some(goose_dir.clone()),
        thresholds: Vec::new(),
    };
    let outcome =
        drive_goose(Arc::clone(&endpoint), workload, &settings, &session.recorder(), &CancellationToken::new())
            .await
            .unwrap();
    assert!(!outcome.drive.interrupted);
    let data = session.finish(&manifest("goose", "closed", &endpoint), None, outcome.drive.interrupted).unwrap();

    assert_invariants(&data);
    // 2 users × 3 iterations × 2 steps, every sample named by its operation.
    assert_eq!(outcome.drive.flows, 6);
    assert_eq!(recording.assert_unique_starts(), 6);
    assert_eq!(data.operations[&Operation::GenerarComprobante].sent, 6);
    assert_eq!(data.operations[&Operation::ConsultarComprobante].sent, 6);
    assert_eq!(hits.load(Ordering::SeqCst), 12, "the server saw exactly what was sent");
    assert_dir_matches(tmp.path(), &data);

    for report in ["report.html", "report.json", "report.md"] {
        let path = goose_dir.join(report);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{report}: {e}"));
        assert!(text.contains("generar_comprobante"), "{report} names requests by operation id");
        assert!(!text.contains(ROUTE_SECRET) && !text.contains(TOKEN), "{report} leaks the secret route or token");
    }
    if status != 200 || body.contains("codigo") {
        assert_eq!(data.errors["codigo_40"].count, 12);
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(goose_dir.join("report.json")).unwrap()).unwrap();
        let aggregated = json["raw_request_metrics"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["name"] == "Aggregated"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(aggregated["number_of_failures"], 12, "set_failure made goose count a 200 with codigo as failed");
        assert!(json["errors"].to_string().contains("codigo_40"), "goose's error summary carries the class");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goose_runs_are_named_by_operation_and_write_goose_reports() {
    let _one = ONE_ATTACK_AT_A_TIME.lock().await;
    // One after another in one test: goose's killswitch and logger are process-wide.
    goose_run(200, OK_BODY).await;
    // A Nubefact error sent with 200: goose alone would call it a success.
    goose_run(200, FAIL_BODY).await;
}

/// Trips the token when its `after`-th flow starts.
struct CancelOnStart {
    inner: IssueThenQuery,
    starts: std::sync::atomic::AtomicU64,
    after: u64,
    cancel: CancellationToken,
}

impl Workload for CancelOnStart {
    fn start(&self, user: u32, iteration: u64) -> Box<dyn nubefact_harness::run::Flow> {
        if self.starts.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            self.cancel.cancel();
        }
        self.inner.start(user, iteration)
    }

    fn operations(&self) -> Vec<Operation> {
        self.inner.operations()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tripping_the_token_stops_goose_and_marks_the_run_interrupted() {
    let _one = ONE_ATTACK_AT_A_TIME.lock().await;
    let (server, _hits) = server(200, OK_BODY, Some(Duration::from_millis(2))).await;
    let endpoint = endpoint(&server);
    let cancel = CancellationToken::new();
    let workload: Arc<dyn Workload> = Arc::new(CancelOnStart {
        inner: IssueThenQuery,
        starts: std::sync::atomic::AtomicU64::new(0),
        after: 5,
        cancel: cancel.clone(),
    });
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    let settings = GooseSettings {
        shape: GooseShape::Duration { users: 2, hatch_rate_per_sec: 100 },
        max_duration: Duration::from_secs(60),
        max_requests: 1_000_000,
        timeout: Duration::from_secs(5),
        report_dir: None,
        thresholds: Vec::new(),
    };
    let outcome = drive_goose(Arc::clone(&endpoint), workload, &settings, &session.recorder(), &cancel).await.unwrap();
    assert!(outcome.drive.interrupted);
    let data = session.finish(&manifest("goose", "closed", &endpoint), None, outcome.drive.interrupted).unwrap();
    assert_invariants(&data);
    let loaded = assert_dir_matches(tmp.path(), &data);
    assert!(loaded.manifest.interrupted);
    nubefact_harness::run::goose::reset_killswitch();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_goose_test_plan_stops_at_the_request_cap_without_being_interrupted() {
    let _one = ONE_ATTACK_AT_A_TIME.lock().await;
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
    let session = Session::begin(&workload.operations(), None).unwrap();
    let settings = GooseSettings {
        // Would hold 2 users for 30 s; the request cap ends it long before.
        shape: GooseShape::TestPlan("2,0s;2,30s;0,0s".to_owned()),
        max_duration: Duration::from_secs(60),
        max_requests: 10,
        timeout: Duration::from_secs(5),
        report_dir: None,
        thresholds: Vec::new(),
    };
    let outcome =
        drive_goose(Arc::clone(&endpoint), workload, &settings, &session.recorder(), &CancellationToken::new())
            .await
            .unwrap();
    assert!(!outcome.drive.interrupted, "reaching a cap is not an interruption");
    let data = session.finish_without_dir(None, false).unwrap();
    assert_invariants(&data);
    assert_eq!(total_sent(&data), 10, "every ticket of the budget was one request sent");
    assert_eq!(hits.load(Ordering::SeqCst), 10);
}
