//! Shared helpers of the driver tests: a counting loopback server, test workloads, a
//! manifest, and the run-directory invariants.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use nubefact_harness::api::{Endpoint, Operation};
use nubefact_harness::results::{self, HdrSettings, Machine, Manifest, RunData, ScenarioInfo};
use nubefact_harness::run::{Flow, Step, StepResult, Workload};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

pub const TOKEN: &str = "secret-token-abc";
pub const ROUTE_SECRET: &str = "route-secret-xyz";

/// Answers every request with a fixed status and body, counting them.
pub struct Counting {
    pub hits: Arc<AtomicU64>,
    pub status: u16,
    pub body: &'static str,
    pub delay: Option<Duration>,
}

impl Respond for Counting {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.hits.fetch_add(1, Ordering::SeqCst);
        let t = ResponseTemplate::new(self.status).set_body_raw(self.body.as_bytes().to_vec(), "application/json");
        match self.delay {
            Some(d) => t.set_delay(d),
            None => t,
        }
    }
}

pub const OK_BODY: &str = r#"{"tipo_de_comprobante":1,"serie":"F001","numero":1,"aceptada_por_sunat":true}"#;
pub const FAIL_BODY: &str = r#"{"errors":"x","codigo":40}"#;

/// A loopback server on 127.0.0.1:0 and its hit counter.
pub async fn server(status: u16, body: &'static str, delay: Option<Duration>) -> (MockServer, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
    let hits = Arc::new(AtomicU64::new(0));
    Mock::given(any()).respond_with(Counting { hits: Arc::clone(&hits), status, body, delay }).mount(&server).await;
    (server, hits)
}

pub fn endpoint(server: &MockServer) -> Arc<Endpoint> {
    Arc::new(Endpoint::new(format!("{}/api/v1/{ROUTE_SECRET}", server.uri()), TOKEN).expect("endpoint"))
}

/// generar_comprobante, then consultar_comprobante of the same document.
pub struct IssueThenQuery;

struct IssueThenQueryFlow {
    user: u32,
    iteration: u64,
    step: u8,
}

impl Flow for IssueThenQueryFlow {
    fn next(&mut self, _previous: Option<&StepResult>) -> Option<Step> {
        self.step += 1;
        let numero = u64::from(self.user) * 1_000_000 + self.iteration;
        let operation = match self.step {
            1 => Operation::GenerarComprobante,
            2 => Operation::ConsultarComprobante,
            _ => return None,
        };
        let body = format!(r#"{{"operacion":"{}","serie":"F001","numero":{numero}}}"#, operation.id());
        Some(Step { operation, body: Bytes::from(body), after: std::time::Duration::ZERO })
    }
}

impl Workload for IssueThenQuery {
    fn start(&self, user: u32, iteration: u64) -> Box<dyn Flow> {
        Box::new(IssueThenQueryFlow { user, iteration, step: 0 })
    }

    fn operations(&self) -> Vec<Operation> {
        vec![Operation::GenerarComprobante, Operation::ConsultarComprobante]
    }
}

pub fn manifest(driver: &str, model: &str, target: &Endpoint) -> Manifest {
    Manifest {
        format_version: results::RUN_FORMAT_VERSION,
        scenario: ScenarioInfo { name: "test".to_owned(), hash: "0".repeat(64) },
        seed: 7,
        target: target.redacted().to_owned(),
        model: model.to_owned(),
        driver: driver.to_owned(),
        load: BTreeMap::new(),
        fake: None,
        machine: Machine::detect(),
        versions: results::manifest::default_versions(),
        hdr: HdrSettings::default(),
        started: "2026-01-01T00:00:00Z".to_owned(),
        ended: None,
        interrupted: false,
    }
}

pub fn total_sent(data: &RunData) -> u64 {
    data.operations.values().map(|d| d.sent).sum()
}

/// The invariants every recorded run must keep, whatever happened.
pub fn assert_invariants(data: &RunData) {
    for (op, d) in &data.operations {
        let failed: u64 = d.failed.values().sum();
        assert_eq!(d.sent, d.ok + failed, "{op}: sent = ok + failed");
        assert_eq!(d.response_time_us.len(), d.sent, "{op}: one response time per response");
        assert_eq!(d.service_time_us.len(), d.sent, "{op}: one service time per response");
    }
    let sent: u64 = data.per_second.iter().map(|s| s.sent).sum();
    let ok: u64 = data.per_second.iter().map(|s| s.ok).sum();
    let failed: u64 = data.per_second.iter().flat_map(|s| s.failed.values()).sum();
    assert_eq!(sent, total_sent(data), "per-second sent adds up to the operations' sent");
    assert_eq!(sent, ok + failed, "per-second: sent = ok + failed");
    let tallied: u64 = data.errors.values().map(|t| t.count).sum();
    assert_eq!(tallied, failed, "the error tally counts every failure");
    for (class, t) in &data.errors {
        assert!(t.examples.len() <= 5, "{class}: at most 5 examples");
    }
}

/// Reads `dir` back and checks it says what `data` says: the merge of every `.hlog`
/// interval equals the final histograms; counts and tallies round-trip; no temp file is
/// left; no secret is in any file.
pub fn assert_dir_matches(dir: &Path, data: &RunData) -> results::LoadedRun {
    let loaded = results::load(dir).expect("run dir loads back");
    assert_eq!(loaded.data.operations.keys().collect::<Vec<_>>(), data.operations.keys().collect::<Vec<_>>());
    for (op, d) in &data.operations {
        let l = &loaded.data.operations[op];
        for (mine, theirs) in [(&d.response_time_us, &l.response_time_us), (&d.service_time_us, &l.service_time_us)] {
            assert_eq!(theirs.len(), mine.len(), "{op}: merged intervals have the same count");
            assert_eq!(theirs.max(), mine.max(), "{op}: same max");
            assert_eq!(theirs.min(), mine.min(), "{op}: same min");
            for q in [0.5, 0.9, 0.99, 0.999] {
                assert_eq!(theirs.value_at_quantile(q), mine.value_at_quantile(q), "{op}: same value at {q}");
            }
        }
        assert_eq!((l.sent, l.ok, &l.failed), (d.sent, d.ok, &d.failed));
    }
    assert_eq!(loaded.data.per_second, data.per_second);
    assert_eq!(loaded.data.errors, data.errors);
    assert_eq!((loaded.data.skipped, loaded.data.interrupted), (data.skipped, data.interrupted));

    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list run dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with('.') && !name.contains(".tmp"), "temp file left behind: {name}");
        if entry.file_type().expect("file type").is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
            assert!(!text.contains(TOKEN) && !text.contains(ROUTE_SECRET), "secret in {name}");
        }
        names.push(name);
    }
    for expected in ["manifest.json", "response_time.hlog", "service_time.hlog", "counts.csv", "errors.json"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing in {names:?}");
    }
    let csv = std::fs::read_to_string(dir.join("counts.csv")).expect("counts.csv");
    assert!(csv.starts_with("second,sent,ok,failed"), "counts.csv has its header");
    let hlog = std::fs::read_to_string(dir.join("response_time.hlog")).expect("hlog");
    assert!(hlog.contains("#[Histogram log format version 1.3]"));
    assert!(hlog.contains("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\""));
    loaded
}

/// Wraps a workload and remembers every (user, iteration) it was asked to start.
pub struct Recording<W> {
    pub inner: W,
    pub seen: std::sync::Mutex<Vec<(u32, u64)>>,
}

impl<W: Workload> Workload for Recording<W> {
    fn start(&self, user: u32, iteration: u64) -> Box<dyn Flow> {
        self.seen.lock().expect("not poisoned").push((user, iteration));
        self.inner.start(user, iteration)
    }

    fn operations(&self) -> Vec<Operation> {
        self.inner.operations()
    }
}

impl<W> Recording<W> {
    pub fn new(inner: W) -> Arc<Self> {
        Arc::new(Recording { inner, seen: std::sync::Mutex::new(Vec::new()) })
    }

    /// Every (user, iteration) was started once: numbering cannot collide.
    pub fn assert_unique_starts(&self) -> usize {
        let seen = self.seen.lock().expect("not poisoned");
        let unique: std::collections::BTreeSet<_> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "a (user, iteration) was started twice: {seen:?}");
        seen.len()
    }
}
