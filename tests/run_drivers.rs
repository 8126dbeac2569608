//! The async pacing loop and the blocking driver on a real loopback server: invariants,
//! skipped starts, interruption, the run directory.

mod run_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use nubefact_harness::api::Operation;
use nubefact_harness::results::RunDir;
use nubefact_harness::run::{
    CancellationToken, FixedWorkload, HyperTransport, Plan, Rate, ReqwestBlockingTransport, Session, StopRule,
    Transport, TransportError, Workload, drive, drive_blocking,
};
use run_support::*;

const TIMEOUT: Duration = Duration::from_secs(5);

fn stop(max_requests: u64) -> StopRule {
    StopRule { max_duration: Duration::from_secs(20), max_requests, max_iterations: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_async_run_loses_nothing_and_its_run_dir_reads_back_the_same() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    let recording = Recording::new(IssueThenQuery);
    let workload: Arc<dyn Workload> = recording.clone();
    let tmp = tempfile::tempdir().unwrap();
    let session =
        Session::begin(&workload.operations(), Some(RunDir::create(tmp.path().join("run")).unwrap())).unwrap();
    let plan = Plan { rate: None, concurrency: 4, stop: stop(40) };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    let cancel = CancellationToken::new();
    let outcome = drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &cancel).await.unwrap();
    assert!(!outcome.interrupted);
    let data = session.finish(&manifest("async", "closed", &endpoint), None, outcome.interrupted).unwrap();

    assert_invariants(&data);
    assert_eq!(total_sent(&data), 40, "max_requests bounds the requests");
    assert_eq!(hits.load(Ordering::SeqCst), total_sent(&data), "the server saw exactly what was sent");
    let generar = &data.operations[&Operation::GenerarComprobante];
    let consultar = &data.operations[&Operation::ConsultarComprobante];
    assert_eq!(generar.ok + consultar.ok, 40, "every request succeeded");
    // The budget is shared: flows started near its end may lose their second step.
    assert!(consultar.sent <= generar.sent && consultar.sent > 0);
    assert_eq!(outcome.flows, generar.sent, "every flow sent its first step");
    assert_eq!(recording.assert_unique_starts() as u64, outcome.flows, "(user, iteration) never repeats");
    let loaded = assert_dir_matches(&tmp.path().join("run"), &data);
    assert!(!loaded.manifest.interrupted);
    assert!(loaded.manifest.ended.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_blocking_driver_keeps_the_same_invariants() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    let recording = Recording::new(IssueThenQuery);
    let workload: Arc<dyn Workload> = recording.clone();
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    let recorder = session.recorder();
    let ep = Arc::clone(&endpoint);
    let outcome = tokio::task::spawn_blocking(move || {
        let make = |_user: u32| ReqwestBlockingTransport::new(TIMEOUT).map_err(TransportError::from);
        drive_blocking(make, ep, workload, 3, stop(30), &recorder, &CancellationToken::new())
    })
    .await
    .unwrap()
    .unwrap();
    let data = session.finish(&manifest("blocking", "closed", &endpoint), None, outcome.interrupted).unwrap();
    assert_invariants(&data);
    assert_eq!(total_sent(&data), 30);
    assert_eq!(hits.load(Ordering::SeqCst), 30);
    assert_eq!(recording.assert_unique_starts() as u64, outcome.flows);
    assert_dir_matches(tmp.path(), &data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_run_with_a_saturated_max_in_flight_counts_skipped_starts() {
    let (server, hits) = server(200, OK_BODY, Some(Duration::from_millis(200))).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> =
        Arc::new(FixedWorkload { operation: Operation::GenerarComprobante, body: Bytes::from_static(b"{}") });
    let session = Session::begin(&workload.operations(), None).unwrap();
    let plan = Plan { rate: Some(Rate::fixed(50.0)), concurrency: 1, stop: stop(20) };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    let outcome =
        drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &CancellationToken::new())
            .await
            .unwrap();
    let data = session.finish(&manifest("async", "open", &endpoint), Some(50.0), false).unwrap();
    assert_invariants(&data);
    assert!(data.skipped > 0, "a 200 ms server at 50/s with one slot must skip starts");
    assert_eq!(data.skipped, outcome.skipped);
    assert_eq!(total_sent(&data) + data.skipped, 20, "sent + skipped = planned");
    assert_eq!(hits.load(Ordering::SeqCst), total_sent(&data));
    assert_eq!(data.planned_rate_per_sec, Some(50.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_where_everything_fails_tallies_the_codigo_with_few_examples() {
    let (server, hits) = server(500, FAIL_BODY, None).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    let plan = Plan { rate: None, concurrency: 2, stop: stop(24) };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &CancellationToken::new())
        .await
        .unwrap();
    let data = session.finish(&manifest("async", "closed", &endpoint), None, false).unwrap();
    assert_invariants(&data);
    let ok: u64 = data.operations.values().map(|d| d.ok).sum();
    assert_eq!(ok, 0);
    assert_eq!(data.errors["codigo_40"].count, total_sent(&data));
    assert_eq!(hits.load(Ordering::SeqCst), total_sent(&data));
    assert!(!data.errors["codigo_40"].examples.is_empty() && data.errors["codigo_40"].examples.len() <= 5);
    let errors: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("errors.json")).unwrap()).unwrap();
    assert_eq!(errors["classes"]["codigo_40"]["count"], total_sent(&data));
    assert_dir_matches(tmp.path(), &data);
}

/// Trips the token when the n-th request is sent: an interrupt at a known point, with no
/// timing involved.
struct CancelAfter {
    inner: HyperTransport,
    count: AtomicU64,
    after: u64,
    cancel: CancellationToken,
}

impl Transport for CancelAfter {
    async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        if self.count.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            self.cancel.cancel();
        }
        self.inner.execute(request).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tripping_the_token_mid_run_leaves_a_complete_readable_interrupted_run_dir() {
    let (server, _hits) = server(200, OK_BODY, Some(Duration::from_millis(5))).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    let cancel = CancellationToken::new();
    let transport = Arc::new(CancelAfter {
        inner: HyperTransport::new(TIMEOUT),
        count: AtomicU64::new(0),
        after: 15,
        cancel: cancel.clone(),
    });
    let plan = Plan {
        rate: None,
        concurrency: 2,
        stop: StopRule { max_duration: Duration::from_secs(60), max_requests: 1_000_000, max_iterations: None },
    };
    let outcome = drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &cancel).await.unwrap();
    assert!(outcome.interrupted);
    let data = session.finish(&manifest("async", "closed", &endpoint), None, outcome.interrupted).unwrap();
    assert_invariants(&data);
    assert!(data.interrupted);
    assert!(total_sent(&data) < 15, "requests in flight at the trip are abandoned, none after it go out");
    let loaded = assert_dir_matches(tmp.path(), &data);
    assert!(loaded.manifest.interrupted, "the manifest says interrupted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_failure_is_a_classified_sample_not_an_error() {
    // Bind then drop: nothing listens on this port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = Arc::new(
        nubefact_harness::api::Endpoint::new(format!("http://127.0.0.1:{port}/api/v1/{ROUTE_SECRET}"), TOKEN).unwrap(),
    );
    let workload: Arc<dyn Workload> =
        Arc::new(FixedWorkload { operation: Operation::GenerarComprobante, body: Bytes::from_static(b"{}") });
    let session = Session::begin(&workload.operations(), None).unwrap();
    let plan = Plan { rate: None, concurrency: 1, stop: stop(3) };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &CancellationToken::new())
        .await
        .unwrap();
    let data = session.finish(&manifest("async", "closed", &endpoint), None, false).unwrap();
    assert_invariants(&data);
    let tally = &data.errors["transport_connect"];
    assert_eq!(tally.count, 3);
    for example in &tally.examples {
        assert!(!example.contains(ROUTE_SECRET) && !example.contains(TOKEN), "{example}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_run_over_several_intervals_merges_back_to_the_final_histograms() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    // 60 tickets, two per flow: about 30 flow starts at 20/s, the last one scheduled
    // about 1.45 s after the start, so the run spans at least two 1 s intervals whatever
    // the machine's speed.
    let plan = Plan { rate: Some(Rate::fixed(20.0)), concurrency: 8, stop: stop(60) };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    let outcome =
        drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &CancellationToken::new())
            .await
            .unwrap();
    let data = session.finish(&manifest("async", "open", &endpoint), Some(20.0), false).unwrap();
    assert_invariants(&data);
    assert_eq!(total_sent(&data) + data.skipped, 60, "every ticket was a request sent or a start skipped");
    assert_eq!(data.skipped, outcome.skipped);
    assert_eq!(hits.load(Ordering::SeqCst), total_sent(&data));
    let hlog = std::fs::read_to_string(tmp.path().join("response_time.hlog")).unwrap();
    let generar_intervals = hlog.lines().filter(|l| l.starts_with("Tag=generar_comprobante,")).count();
    assert!(generar_intervals >= 2, "expected several intervals, got {generar_intervals}");
    assert_dir_matches(tmp.path(), &data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_async_runs_exactly_n_requests_and_returns_their_data() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let spec = nubefact_harness::run::bench::BenchSpec {
        operation: Operation::GenerarComprobante,
        body: Bytes::from_static(b"{}"),
        requests: 50,
        concurrency: 5,
        rate_per_sec: None,
        timeout: TIMEOUT,
        max_duration: Duration::from_secs(20),
    };
    let route = format!("{}/api/v1/{ROUTE_SECRET}", server.uri());
    let data = nubefact_harness::run::bench::bench_async(&route, TOKEN, &spec).await.unwrap();
    assert_invariants(&data);
    assert_eq!(data.operations[&Operation::GenerarComprobante].ok, 50);
    assert_eq!(hits.load(Ordering::SeqCst), 50);
}

/// A blocking transport that trips the token when the n-th request is sent.
struct BlockingCancelAfter {
    inner: ReqwestBlockingTransport,
    count: Arc<AtomicU64>,
    after: u64,
    cancel: CancellationToken,
}

impl nubefact_harness::run::BlockingTransport for BlockingCancelAfter {
    fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        if self.count.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            self.cancel.cancel();
        }
        self.inner.execute(request)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_blocking_driver_stops_between_steps_when_the_token_trips() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    let workload: Arc<dyn Workload> = Arc::new(IssueThenQuery);
    let tmp = tempfile::tempdir().unwrap();
    let session = Session::begin(&workload.operations(), Some(RunDir::create(tmp.path()).unwrap())).unwrap();
    let recorder = session.recorder();
    let cancel = CancellationToken::new();
    let (ep, token) = (Arc::clone(&endpoint), cancel.clone());
    let count = Arc::new(AtomicU64::new(0));
    let shared = Arc::clone(&count);
    let outcome = tokio::task::spawn_blocking(move || {
        let make = |_user: u32| {
            Ok(BlockingCancelAfter {
                inner: ReqwestBlockingTransport::new(TIMEOUT)?,
                count: Arc::clone(&shared),
                after: 9,
                cancel: token.clone(),
            })
        };
        let stop = StopRule { max_duration: Duration::from_secs(60), max_requests: 1_000_000, max_iterations: None };
        drive_blocking(make, ep, workload, 2, stop, &recorder, &token)
    })
    .await
    .unwrap()
    .unwrap();
    assert!(outcome.interrupted);
    let data = session.finish(&manifest("blocking", "closed", &endpoint), None, outcome.interrupted).unwrap();
    assert_invariants(&data);
    // Requests in flight when the token tripped complete (one per thread at most).
    assert!(total_sent(&data) <= 9 + 1, "sent {}", total_sent(&data));
    assert_eq!(hits.load(Ordering::SeqCst), total_sent(&data));
    assert!(results_interrupted(tmp.path()));
}

fn results_interrupted(dir: &std::path::Path) -> bool {
    nubefact_harness::results::load(dir).unwrap().manifest.interrupted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_model_iterations_bound_each_user_on_both_drivers_and_end_the_run() {
    let (server, hits) = server(200, OK_BODY, None).await;
    let endpoint = endpoint(&server);
    // Caps far above what 3 users x 4 iterations x 2 steps need: iterations must end it.
    let stop = StopRule { max_duration: Duration::from_secs(60), max_requests: 1_000_000, max_iterations: Some(4) };

    let recording = Recording::new(IssueThenQuery);
    let workload: Arc<dyn Workload> = recording.clone();
    let session = Session::begin(&workload.operations(), None).unwrap();
    let plan = Plan { rate: None, concurrency: 3, stop };
    let transport = Arc::new(HyperTransport::new(TIMEOUT));
    let outcome =
        drive(transport, Arc::clone(&endpoint), workload, &plan, &session.recorder(), &CancellationToken::new())
            .await
            .unwrap();
    let data = session.finish_without_dir(None, outcome.interrupted).unwrap();
    assert_eq!((outcome.flows, total_sent(&data)), (12, 24), "async: 3 users x 4 flows x 2 steps");
    assert_eq!(recording.assert_unique_starts(), 12);

    let recording = Recording::new(IssueThenQuery);
    let workload: Arc<dyn Workload> = recording.clone();
    let session = Session::begin(&workload.operations(), None).unwrap();
    let recorder = session.recorder();
    let ep = Arc::clone(&endpoint);
    let outcome = tokio::task::spawn_blocking(move || {
        let make = |_user: u32| ReqwestBlockingTransport::new(TIMEOUT).map_err(TransportError::from);
        drive_blocking(make, ep, workload, 3, stop, &recorder, &CancellationToken::new())
    })
    .await
    .unwrap()
    .unwrap();
    let data = session.finish_without_dir(None, outcome.interrupted).unwrap();
    assert_eq!((outcome.flows, total_sent(&data)), (12, 24), "blocking: 3 users x 4 flows x 2 steps");
    assert_eq!(hits.load(Ordering::SeqCst), 48);
}
