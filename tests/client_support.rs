//! The client's non-network parts: configuration (profiles, environment) and the call log
//! writer. No server, no clock: the full-channel test blocks the writer on a gate it
//! reports entering, so the counts are exact.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use nubefact_harness::api::{ApiError, DocumentKey, Endpoint, NubefactCode, Operation, TipoDeComprobante};
use nubefact_harness::client::call_log::{Attempt, CallLogSummary};
use nubefact_harness::client::retry::Payload;
use nubefact_harness::client::{CallLog, CallLogOptions, CallRecord, ClientConfig, ClientError, ConfigError};

const TOKEN: &str = "tok-9Hq2Lw7Pz";
const ROUTE: &str = "https://api.nubefact.com/api/v1/rt-4c1d9e77aa";

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn profile(text: &str, name: &str, vars: &[(&str, &str)]) -> Result<ClientConfig, ConfigError> {
    ClientConfig::from_profile_str(text, Path::new("profiles.toml"), name, lookup(vars))
}

const FILE: &str = r#"
[profiles.staging]
ruta = "https://api.nubefact.com/api/v1/rt-4c1d9e77aa"
token_env = "STAGING_TOKEN"
timeout_ms = 5000
connect_timeout_ms = 1500
max_in_flight = 8
rate_per_sec = 20
max_attempts = 6
backoff_base_ms = 50
backoff_max_ms = 800
seed = 9

[profiles.local]
ruta_env = "LOCAL_RUTA"
token = "tok-9Hq2Lw7Pz"
"#;

#[test]
fn a_toml_profile_parses_into_a_config_with_the_token_from_its_variable() {
    let cfg = profile(FILE, "staging", &[("STAGING_TOKEN", TOKEN)]).expect("parses");
    assert_eq!(cfg.endpoint.expose_route(), ROUTE);
    assert_eq!(cfg.endpoint.expose_token(), TOKEN);
    assert_eq!(cfg.timeout, Duration::from_millis(5000));
    assert_eq!(cfg.connect_timeout, Duration::from_millis(1500));
    assert_eq!(cfg.max_in_flight.map(|n| n.get()), Some(8));
    assert_eq!(cfg.rate_per_sec.map(|n| n.get()), Some(20));
    assert_eq!(cfg.retry.max_attempts, 6);
    assert_eq!(cfg.retry.base_backoff, Duration::from_millis(50));
    assert_eq!(cfg.retry.max_backoff, Duration::from_millis(800));
    assert_eq!(cfg.retry.seed, Some(9));

    let local = profile(FILE, "local", &[("LOCAL_RUTA", "http://127.0.0.1:8000/api/v1/x")]).expect("parses");
    assert!(local.endpoint.is_loopback());
    assert_eq!(local.timeout, Duration::from_secs(30), "the default total timeout");
    assert!(local.max_in_flight.is_none() && local.rate_per_sec.is_none());
}

#[test]
fn a_missing_profile_names_the_file_the_profile_and_those_present() {
    let err = profile(FILE, "prod", &[]).expect_err("no such profile").to_string();
    assert!(err.contains("profiles.toml") && err.contains("\"prod\""), "{err}");
    assert!(err.contains("local") && err.contains("staging"), "{err}");
}

#[test]
fn a_missing_token_variable_names_the_variable_and_the_key() {
    let err = profile(FILE, "staging", &[]).expect_err("STAGING_TOKEN is unset");
    assert!(matches!(&err, ConfigError::MissingEnv { var, .. } if var == "STAGING_TOKEN"), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("STAGING_TOKEN") && text.contains("[profiles.staging] token_env"), "{text}");
}

#[test]
fn neither_or_both_of_token_and_token_env_is_an_error_naming_the_keys() {
    let neither = "[profiles.p]\nruta = \"http://127.0.0.1/api/v1/x\"\n";
    let err = profile(neither, "p", &[]).expect_err("no token").to_string();
    assert!(err.contains("[profiles.p] token") && err.contains("token_env"), "{err}");

    let both = format!("[profiles.p]\nruta = \"http://127.0.0.1/api/v1/x\"\ntoken = \"{TOKEN}\"\ntoken_env = \"T\"\n");
    let err = profile(&both, "p", &[("T", "x")]).expect_err("both");
    assert!(matches!(err, ConfigError::Conflict { .. }), "{err:?}");
    assert!(!err.to_string().contains(TOKEN));
}

#[test]
fn a_syntax_error_names_file_and_line_without_quoting_the_secret() {
    let broken = format!("[profiles.p]\nruta = \"http://127.0.0.1/api/v1/x\"\ntoken = \"{TOKEN}\n");
    let err = profile(&broken, "p", &[]).expect_err("unterminated string");
    let text = err.to_string();
    assert!(matches!(err, ConfigError::Parse { line: Some(3), .. }), "{err:?}");
    assert!(text.contains("profiles.toml") && text.contains("line 3"), "{text}");
    assert!(!text.contains(TOKEN) && !format!("{err:?}").contains(TOKEN), "{text}");
}

#[test]
fn an_unknown_key_and_a_zero_timeout_are_rejected_by_name() {
    let typo = "[profiles.p]\nruta = \"http://127.0.0.1/x\"\ntoken = \"t\"\ntimeout_secs = 3\n";
    let err = profile(typo, "p", &[]).expect_err("unknown key").to_string();
    assert!(err.contains("timeout_secs"), "{err}");
    let zero = "[profiles.p]\nruta = \"http://127.0.0.1/x\"\ntoken = \"t\"\ntimeout_ms = 0\n";
    let err = profile(zero, "p", &[]).expect_err("zero timeout").to_string();
    assert!(err.contains("[profiles.p] timeout_ms"), "{err}");
}

#[test]
fn a_bad_route_in_a_profile_is_reported_without_its_value() {
    let text = format!("[profiles.p]\nruta = \"ftp://h/{TOKEN}\"\ntoken = \"t\"\n");
    let err = profile(&text, "p", &[]).expect_err("ftp is not allowed");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("[profiles.p] ruta"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[test]
fn a_profile_file_that_cannot_be_read_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("absent.toml");
    let err = ClientConfig::from_profile(&path, "p").expect_err("no file").to_string();
    assert!(err.contains("absent.toml"), "{err}");
}

#[test]
fn the_environment_is_read_through_the_lookup_and_a_missing_variable_is_named() {
    let cfg = ClientConfig::from_env_with(lookup(&[("NUBEFACT_RUTA", ROUTE), ("NUBEFACT_TOKEN", TOKEN)])).expect("ok");
    assert_eq!(cfg.endpoint.expose_token(), TOKEN);
    assert!(!format!("{cfg:?}").contains(TOKEN) && !format!("{cfg:?}").contains("rt-4c1d9e77aa"));

    let err = ClientConfig::from_env_with(lookup(&[("NUBEFACT_RUTA", ROUTE)])).expect_err("no token").to_string();
    assert!(err.contains("NUBEFACT_TOKEN"), "{err}");
    let err = ClientConfig::from_env_with(lookup(&[("NUBEFACT_TOKEN", TOKEN), ("NUBEFACT_RUTA", " ")]))
        .expect_err("blank route")
        .to_string();
    assert!(err.contains("NUBEFACT_RUTA") && !err.contains(TOKEN), "{err}");
}

// ---------------------------------------------------------------- call log

fn record(n: u32, endpoint: &Endpoint) -> CallRecord {
    let key = DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", n);
    let facts = Attempt {
        operation: Operation::GenerarComprobante,
        key: &key,
        payload: Payload::Original,
        attempt: 1,
        duration: Duration::from_micros(1234),
    };
    let err = ClientError::Api(ApiError::Nubefact {
        status: 400,
        code: NubefactCode::Duplicate,
        message: format!("ya existe ({})", endpoint.expose_token()),
    });
    let request = format!("{{\"operacion\":\"generar_comprobante\",\"nota\":\"{}\"}}", endpoint.expose_route());
    CallRecord::build(endpoint, facts, Some(400), Some(&err), Some((request.as_bytes(), Some(b"{\"codigo\":23}"))))
}

fn endpoint() -> Endpoint {
    Endpoint::new(ROUTE, TOKEN).expect("endpoint")
}

#[test]
fn records_are_json_lines_with_the_documented_fields_and_no_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("calls.jsonl");
    let log = CallLog::create(&path, CallLogOptions::default()).expect("creates");
    let logger = log.logger();
    let ep = endpoint();
    for n in 1..=3 {
        assert!(logger.record(record(n, &ep)));
    }
    assert_eq!(log.close().expect("closes"), CallLogSummary { written: 3, dropped: 0 });

    let text = std::fs::read_to_string(&path).expect("file");
    assert!(!text.contains(TOKEN) && !text.contains("rt-4c1d9e77aa"), "{text}");
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 3);
    let first = &lines[0];
    assert_eq!(first["operation"], "generar_comprobante");
    assert_eq!(first["key"], "1-F001-1");
    assert_eq!(first["http_status"], 400);
    assert_eq!(first["codigo"], 23);
    assert_eq!(first["duration_us"], 1234);
    assert_eq!(first["attempt"], 1);
    assert_eq!(first["outcome"], "nubefact_23");
    assert_eq!(lines[2]["key"], "1-F001-3");
}

#[test]
fn records_sent_after_close_are_dropped_and_counted() {
    let log = CallLog::to_writer(Vec::new(), "memory", CallLogOptions::default()).expect("starts");
    let logger = log.logger();
    assert_eq!(log.close().expect("closes").written, 0);
    assert!(!logger.record(record(1, &endpoint())));
    assert_eq!(logger.dropped(), 1);
}

/// A writer that reports when it is first written to, then blocks until released.
struct Gate {
    entered: Option<mpsc::Sender<()>>,
    release: mpsc::Receiver<()>,
    bytes: usize,
}

impl Write for Gate {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(entered) = self.entered.take() {
            let _ = entered.send(());
            // Bounded: the test releases the gate; the timeout only stops a broken test
            // from hanging forever.
            let _ = self.release.recv_timeout(Duration::from_secs(30));
        }
        self.bytes += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_full_channel_drops_records_and_counts_them_without_blocking() {
    const CAPACITY: usize = 4;
    let (entered_tx, entered_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel();
    let gate = Gate { entered: Some(entered_tx), release: release_rx, bytes: 0 };
    let log =
        CallLog::to_writer(gate, "gate", CallLogOptions { capacity: CAPACITY, log_bodies: false }).expect("starts");
    let logger = log.logger();
    let ep = endpoint();

    // The first record reaches the writer, which blocks inside its flush.
    assert!(logger.record(record(0, &ep)));
    entered_rx.recv_timeout(Duration::from_secs(30)).expect("the writer reached the gate");
    // Now exactly CAPACITY records fit; the rest are dropped.
    let accepted = (1..=CAPACITY as u32 + 5).filter(|&n| logger.record(record(n, &ep))).count();
    assert_eq!(accepted, CAPACITY);
    assert_eq!(logger.dropped(), 5);
    assert_eq!(log.dropped(), 5);

    release_tx.send(()).expect("writer waits");
    let summary = log.close().expect("closes");
    assert_eq!(summary, CallLogSummary { written: 1 + CAPACITY as u64, dropped: 5 });
}

#[test]
fn flush_waits_until_queued_records_are_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("calls.jsonl");
    let log = CallLog::create(&path, CallLogOptions { capacity: 64, log_bodies: true }).expect("creates");
    let logger = log.logger();
    let ep = endpoint();
    for n in 0..10 {
        assert!(logger.record(record(n, &ep)));
    }
    log.flush().expect("flushes");
    let text = std::fs::read_to_string(&path).expect("file");
    assert_eq!(text.lines().count(), 10);
    let line: serde_json::Value = serde_json::from_str(text.lines().next().expect("a line")).expect("JSON");
    assert!(line["request_body"].as_str().is_some_and(|b| b.contains("<route>")), "{line}");
    assert!(!text.contains(TOKEN) && !text.contains("rt-4c1d9e77aa"), "{text}");
    drop(log);
}
