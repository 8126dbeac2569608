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

async fn goose_run(status: u16, body: &'static str) {
    let (server, hits) = server(status, body, None).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
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
    // One after another in one test: goose's killswitch and logger are process-wide.
    goose_run(200, OK_BODY).await;
    // A Nubefact error sent with 200: goose alone would call it a success.
    goose_run(200, FAIL_BODY).await;
}
