//! Behaviour of both client flavours against wiremock (and one raw TCP server for the
//! in-flight cap). Every test body is written once and run for `Client` and
//! `blocking::Client` through [`Flavour`]; the blocking one always runs in
//! `spawn_blocking`, because `reqwest::blocking` panics inside an async runtime.
//!
//! No assertion depends on elapsed time: delays only make the client time out, and the
//! checks are on error kinds, counts and shapes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use nubefact_harness::api::{ApiRequest, DocumentKey, Endpoint, NubefactCode, Operation, TipoDeComprobante, wire};
use nubefact_harness::client::{
    CallLog, CallLogOptions, CallStats, Client, ClientConfig, ClientError, RetryPolicy, Sent, TransportKind, blocking,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{body_partial_json, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------- test request types

#[derive(Debug, Clone, Serialize)]
struct TestFactura {
    operacion: Operation,
    tipo_de_comprobante: TipoDeComprobante,
    serie: String,
    numero: u32,
    total: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct TestReply {
    numero: u32,
    enlace: String,
    aceptada_por_sunat: bool,
}

impl ApiRequest for TestFactura {
    type Reply = TestReply;
    fn operation(&self) -> Operation {
        self.operacion
    }
    fn key(&self) -> DocumentKey {
        DocumentKey::comprobante(self.tipo_de_comprobante, self.serie.clone(), self.numero)
    }
}

fn factura(numero: u32) -> TestFactura {
    TestFactura {
        operacion: Operation::GenerarComprobante,
        tipo_de_comprobante: TipoDeComprobante::Factura,
        serie: "F001".into(),
        numero,
        total: "118.00".into(),
    }
}

fn consulta(numero: u32) -> TestFactura {
    TestFactura { operacion: Operation::ConsultarComprobante, ..factura(numero) }
}

fn reply(numero: u32) -> serde_json::Value {
    json!({"numero": numero, "enlace": format!("https://example.test/doc/{numero}"), "aceptada_por_sunat": true})
}

fn nubefact_error(status: u16, codigo: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"errors": format!("error {codigo}"), "codigo": codigo}))
}

fn op(id: &str) -> impl wiremock::Match + 'static {
    body_partial_json(json!({ "operacion": id }))
}

// ---------------------------------------------------------------- flavours

#[derive(Debug, Clone, Copy)]
enum Flavour {
    Async,
    Blocking,
}

#[derive(Clone)]
enum AnyClient {
    Async(Arc<Client>),
    Blocking(Arc<blocking::Client>),
}

impl Flavour {
    async fn client(self, config: ClientConfig) -> AnyClient {
        match self {
            Flavour::Async => AnyClient::Async(Arc::new(Client::new(config).expect("async client builds"))),
            Flavour::Blocking => AnyClient::Blocking(Arc::new(
                tokio::task::spawn_blocking(move || blocking::Client::new(config).expect("blocking client builds"))
                    .await
                    .expect("no panic"),
            )),
        }
    }
}

impl AnyClient {
    async fn send<R>(&self, request: R) -> Result<Sent<R::Reply>, ClientError>
    where
        R: ApiRequest + Send + 'static,
    {
        match self {
            AnyClient::Async(c) => c.send(&request).await,
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.send(&request)).await.expect("no panic")
            }
        }
    }

    async fn send_with_stats<R>(&self, request: R) -> (Result<Sent<R::Reply>, ClientError>, CallStats)
    where
        R: ApiRequest + Send + 'static,
    {
        match self {
            AnyClient::Async(c) => c.send_with_stats(&request).await,
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.send_with_stats(&request)).await.expect("no panic")
            }
        }
    }

    async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, ClientError> {
        match self {
            AnyClient::Async(c) => c.execute(request).await,
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.execute(request)).await.expect("no panic")
            }
        }
    }

    fn debug(&self) -> String {
        match self {
            AnyClient::Async(c) => format!("{c:?}"),
            AnyClient::Blocking(c) => format!("{c:?}"),
        }
    }
}

/// Runs one async test body for each flavour, as two `#[tokio::test]`s.
macro_rules! both_flavours {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn with_the_async_client() {
                super::$name(super::Flavour::Async).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn with_the_blocking_client() {
                super::$name(super::Flavour::Blocking).await;
            }
        }
    };
}

async fn server() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    MockServer::builder().listener(listener).start().await
}

/// The client timeout in tests that must time out. Every answer that must arrive in time
/// is immediate, so it has this whole margin on a loaded machine.
const SHORT_TIMEOUT: Duration = Duration::from_secs(1);
/// A server delay far beyond [`SHORT_TIMEOUT`]: the answer that "gets lost".
const SLOW: Duration = Duration::from_secs(3);

const ROUTE_ID: &str = "r0ute-1d-7f3a9c2e5b";
const TOKEN: &str = "t0ken-Zq8xW4vN2m";

fn config(server: &MockServer) -> ClientConfig {
    let endpoint = Endpoint::new(format!("{}/api/v1/{ROUTE_ID}", server.uri()), TOKEN).expect("valid endpoint");
    ClientConfig::new(endpoint).with_timeout(Duration::from_secs(10)).with_retry(fast_retry(4))
}

fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        seed: Some(11),
    }
}

/// How many recorded requests carried each `operacion`.
async fn count(server: &MockServer, operacion: &str) -> usize {
    bodies(server, operacion).await.len()
}

async fn bodies(server: &MockServer, operacion: &str) -> Vec<Vec<u8>> {
    let requests: Vec<Request> = server.received_requests().await.expect("recording is on");
    requests
        .into_iter()
        .filter(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body)
                .ok()
                .and_then(|v| v["operacion"].as_str().map(String::from))
                == Some(operacion.to_owned())
        })
        .map(|r| r.body)
        .collect()
}

// ---------------------------------------------------------------- timeouts

async fn a_total_timeout_is_reported_as_a_timeout_error(flavour: Flavour) {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(1)).set_delay(SLOW))
        .mount(&server)
        .await;
    let cfg = config(&server).with_timeout(SHORT_TIMEOUT).with_retry(RetryPolicy::none());
    let client = flavour.client(cfg.clone()).await;

    let err = client.send(consulta(1)).await.expect_err("the answer comes after the timeout");
    assert_eq!(err.transport_kind(), Some(TransportKind::Timeout), "{err:?}");

    let raw = wire::build(&cfg.endpoint, &consulta(1)).expect("builds");
    let err = client.execute(raw).await.expect_err("execute times out too");
    assert_eq!(err.transport_kind(), Some(TransportKind::Timeout), "{err:?}");
    assert!(err.to_string().starts_with("consultar_comprobante: timed out"), "{err}");
}
both_flavours!(a_total_timeout_is_reported_as_a_timeout_error);

// ---------------------------------------------------------------- query retries

async fn a_query_is_retried_after_a_40_and_a_bare_500_and_then_succeeds(flavour: Flavour) {
    let server = server().await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(nubefact_error(500, 40))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(5)))
        .with_priority(3)
        .mount(&server)
        .await;
    let client = flavour.client(config(&server)).await;

    let sent = client.send(consulta(5)).await.expect("the third answer is a reply");
    assert_eq!(sent.reply.numero, 5);
    assert_eq!((sent.attempts, sent.recovered, sent.payload_sends, sent.recovery_queries), (3, false, 3, 0));
    assert_eq!(count(&server, "consultar_comprobante").await, 3);
}
both_flavours!(a_query_is_retried_after_a_40_and_a_bare_500_and_then_succeeds);

async fn a_query_that_keeps_failing_stops_after_max_attempts(flavour: Flavour) {
    let server = server().await;
    Mock::given(method("POST")).respond_with(nubefact_error(500, 40)).mount(&server).await;
    let client = flavour.client(config(&server).with_retry(fast_retry(3))).await;

    let (result, stats) = client.send_with_stats(consulta(6)).await;
    let err = result.expect_err("every answer is 40");
    assert!(matches!(err, ClientError::Exhausted { attempts: 3, .. }), "{err:?}");
    assert_eq!(stats, CallStats { attempts: 3, payload_sends: 3, recovery_queries: 0, recovered: false });
    assert_eq!(err.code(), Some(NubefactCode::Internal));
    assert_eq!(count(&server, "consultar_comprobante").await, 3);
}
both_flavours!(a_query_that_keeps_failing_stops_after_max_attempts);

async fn a_24_to_a_query_is_final(flavour: Flavour) {
    let server = server().await;
    Mock::given(method("POST")).respond_with(nubefact_error(400, 24)).mount(&server).await;
    let client = flavour.client(config(&server)).await;

    let err = client.send(consulta(7)).await.expect_err("not found");
    assert_eq!(err.code(), Some(NubefactCode::NotFound));
    assert_eq!(server.received_requests().await.expect("recording").len(), 1);
}
both_flavours!(a_24_to_a_query_is_final);

// ---------------------------------------------------------------- safe recovery of generar

async fn a_generar_whose_answer_is_lost_is_adopted_after_exactly_one_query(flavour: Flavour) {
    let server = server().await;
    // The document is stored, but the answer arrives after the client gave up.
    Mock::given(op("generar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(10)).set_delay(SLOW))
        .mount(&server)
        .await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(10)))
        .mount(&server)
        .await;
    let client = flavour.client(config(&server).with_timeout(SHORT_TIMEOUT)).await;

    let sent = client.send(factura(10)).await.expect("the query finds the document");
    assert!(sent.recovered);
    assert_eq!(sent.reply, serde_json::from_value::<TestReply>(reply(10)).expect("reply shape"));
    assert_eq!((sent.attempts, sent.payload_sends, sent.recovery_queries), (2, 1, 1));
    assert_eq!(count(&server, "generar_comprobante").await, 1);
    assert_eq!(count(&server, "consultar_comprobante").await, 1);
    let query: serde_json::Value =
        serde_json::from_slice(&bodies(&server, "consultar_comprobante").await[0]).expect("json");
    assert_eq!(query, json!({"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":10}));
}
both_flavours!(a_generar_whose_answer_is_lost_is_adopted_after_exactly_one_query);

async fn not_found_after_a_lost_answer_resends_the_same_bytes_and_a_23_is_adopted(flavour: Flavour) {
    let server = server().await;
    Mock::given(op("generar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(11)).set_delay(SLOW))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(op("generar_comprobante")).respond_with(nubefact_error(400, 23)).with_priority(2).mount(&server).await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(nubefact_error(400, 24))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(11)))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = flavour.client(config(&server).with_timeout(SHORT_TIMEOUT)).await;

    let (result, stats) = client.send_with_stats(factura(11)).await;
    let sent = result.expect("adopted after 23");
    assert_eq!(stats, CallStats { attempts: 4, payload_sends: 2, recovery_queries: 2, recovered: true });
    assert!(sent.recovered);
    assert_eq!(sent.reply.numero, 11);
    assert_eq!((sent.attempts, sent.payload_sends, sent.recovery_queries), (4, 2, 2));
    let generar = bodies(&server, "generar_comprobante").await;
    assert_eq!(generar.len(), 2);
    assert_eq!(generar[0], generar[1], "the resend carries the same bytes, never a new number");
    assert_eq!(count(&server, "consultar_comprobante").await, 2);
}
both_flavours!(not_found_after_a_lost_answer_resends_the_same_bytes_and_a_23_is_adopted);

async fn a_21_or_a_23_on_the_first_generar_is_final_after_exactly_one_request(flavour: Flavour) {
    for codigo in [21, 23] {
        let server = server().await;
        Mock::given(method("POST")).respond_with(nubefact_error(400, codigo)).mount(&server).await;
        let client = flavour.client(config(&server)).await;

        let err = client.send(factura(12)).await.expect_err("a final error");
        assert_eq!(err.code(), Some(NubefactCode::from_u16(codigo)), "{err:?}");
        assert!(matches!(err, ClientError::Api(_)), "returned as is: {err:?}");
        assert_eq!(server.received_requests().await.expect("recording").len(), 1, "codigo {codigo}");
    }
}
both_flavours!(a_21_or_a_23_on_the_first_generar_is_final_after_exactly_one_request);

async fn a_generar_answered_with_40_is_recovered_not_resent(flavour: Flavour) {
    let server = server().await;
    Mock::given(op("generar_comprobante")).respond_with(nubefact_error(500, 40)).mount(&server).await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(13)))
        .mount(&server)
        .await;
    let client = flavour.client(config(&server)).await;

    let sent = client.send(factura(13)).await.expect("found by the query");
    assert!(sent.recovered);
    assert_eq!(count(&server, "generar_comprobante").await, 1);
}
both_flavours!(a_generar_answered_with_40_is_recovered_not_resent);

// ---------------------------------------------------------------- secrets

async fn secrets_never_appear_in_debug_display_or_the_call_log(flavour: Flavour) {
    let server = server().await;
    let route = format!("{}/api/v1/{ROUTE_ID}", server.uri());
    // A hostile server echoes both secrets back in the error message.
    let echo = format!("token {TOKEN} is wrong for {route} and /api/v1/{ROUTE_ID}");
    Mock::given(op("generar_comprobante"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"errors": echo, "codigo": 10})))
        .mount(&server)
        .await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(1)).set_delay(SLOW))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("calls.jsonl");
    let log = CallLog::create(&path, CallLogOptions { log_bodies: true, ..CallLogOptions::default() }).expect("log");
    let cfg = config(&server).with_timeout(SHORT_TIMEOUT).with_call_log(log.logger());
    let client = flavour.client(cfg.clone()).await;

    let auth = client.send(factura(1)).await.expect_err("code 10");
    assert_eq!(auth.code(), Some(NubefactCode::Token));
    let timeout = client.send(consulta(1)).await.expect_err("times out");
    assert_eq!(timeout.transport_kind(), Some(TransportKind::Timeout));
    let summary = log.close().expect("log closes");
    assert!(summary.written >= 2, "{summary:?}");
    let file = std::fs::read_to_string(&path).expect("log file");

    let shown = [
        format!("{cfg:?}"),
        client.debug(),
        format!("{auth:?}"),
        auth.to_string(),
        format!("{timeout:?}"),
        timeout.to_string(),
        format!("{:?}", std::error::Error::source(&timeout)),
        file.clone(),
    ];
    for text in &shown {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains(ROUTE_ID), "route id leaked: {text}");
    }
    assert!(file.contains("generar_comprobante") && file.contains("\"outcome\":\"timeout\""), "{file}");
}
both_flavours!(secrets_never_appear_in_debug_display_or_the_call_log);

// ---------------------------------------------------------------- call log from a client

async fn every_attempt_of_a_recovery_is_one_call_log_line(flavour: Flavour) {
    let server = server().await;
    Mock::given(op("generar_comprobante")).respond_with(nubefact_error(500, 40)).mount(&server).await;
    Mock::given(op("consultar_comprobante"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply(3)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("calls.jsonl");
    let log = CallLog::create(&path, CallLogOptions::default()).expect("log");
    let client = flavour.client(config(&server).with_call_log(log.logger())).await;

    client.send(factura(3)).await.expect("recovered");
    assert_eq!(log.close().expect("closes").written, 2);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&path)
        .expect("file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["operation"], "generar_comprobante");
    assert_eq!(lines[0]["payload"], "original");
    assert_eq!(lines[0]["http_status"], 500);
    assert_eq!(lines[0]["codigo"], 40);
    assert_eq!(lines[0]["outcome"], "nubefact_40");
    assert_eq!(lines[1]["operation"], "consultar_comprobante");
    assert_eq!(lines[1]["payload"], "query");
    assert_eq!(lines[1]["attempt"], 2);
    assert_eq!(lines[1]["key"], "1-F001-3");
    assert_eq!(lines[1]["outcome"], "ok");
    assert!(lines[1]["duration_us"].is_u64());
    assert!(lines[1].get("request_body").is_none(), "bodies are off by default");
}
both_flavours!(every_attempt_of_a_recovery_is_one_call_log_line);

// ---------------------------------------------------------------- in-flight cap

/// What the raw server does with one request body.
#[derive(Clone, Copy)]
enum Raw {
    /// Answer 200 with a reply.
    Reply,
    /// Close the connection without answering (after reading the whole request).
    Drop,
}

/// A tiny HTTP/1.1 server: one request per connection (`connection: close`), answered
/// after a short hold or dropped, as `decide(body)` says. It counts how many requests it
/// holds at once. The hold only makes overlap likely; the assertions are on the maximum,
/// which no timing can push above the cap, and on counts.
struct RawServer {
    route: String,
    max_seen: Arc<AtomicUsize>,
    served: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn raw_server(decide: fn(&str) -> Raw) -> RawServer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_seen = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (inf, max, log) = (in_flight.clone(), max_seen.clone(), served.clone());
    let task = tokio::spawn(async move {
        // Bounded by the test: the task is aborted when the server is dropped.
        while let Ok((mut socket, _)) = listener.accept().await {
            let (inf, max, log) = (inf.clone(), max.clone(), log.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let mut body = None;
                // Read the headers, then the declared body; at most 64 reads.
                for _ in 0..64 {
                    let Ok(n) = socket.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                            .unwrap_or(0usize);
                        if buf.len() >= end + 4 + len {
                            body = Some(String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).into_owned());
                            break;
                        }
                    }
                }
                let Some(body) = body else { return };
                let decision = decide(&body);
                log.lock().expect("not poisoned").push(body);
                let now = inf.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(40)).await;
                inf.fetch_sub(1, Ordering::SeqCst);
                if let Raw::Reply = decision {
                    let body = reply(1).to_string();
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                    let _ = socket.shutdown().await;
                }
                // Raw::Drop: the socket is dropped here, unanswered.
            });
        }
    });
    RawServer { route: format!("http://{addr}/api/v1/{ROUTE_ID}"), max_seen, served, task }
}

impl RawServer {
    fn count(&self, operacion: &str) -> usize {
        let needle = format!("\"operacion\":\"{operacion}\"");
        self.served.lock().expect("not poisoned").iter().filter(|b| b.contains(&needle)).count()
    }
}

async fn the_in_flight_cap_is_never_exceeded(flavour: Flavour) {
    const CAP: usize = 3;
    const CALLS: u32 = 12;
    let server = raw_server(|_| Raw::Reply).await;
    let cfg = ClientConfig::new(Endpoint::new(server.route.clone(), TOKEN).expect("endpoint"))
        .with_max_in_flight(CAP)
        .with_retry(RetryPolicy::none());
    let client = flavour.client(cfg).await;

    let calls: Vec<_> = (0..CALLS)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.send(consulta(n)).await })
        })
        .collect();
    let mut ok = 0;
    for call in calls {
        if call.await.expect("no panic").is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, CALLS, "every call is answered");
    assert_eq!(server.count("consultar_comprobante"), CALLS as usize);
    let max = server.max_seen.load(Ordering::SeqCst);
    assert!((1..=CAP).contains(&max), "max in flight {max} exceeds the cap {CAP}");
}
both_flavours!(the_in_flight_cap_is_never_exceeded);

async fn a_rate_limited_client_still_sends_every_request_once(flavour: Flavour) {
    let server = server().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(reply(2))).mount(&server).await;
    // The burst equals the rate, so 5 calls at 1000/s never wait long; the assertion is
    // on counts only.
    let client = flavour.client(config(&server).with_rate_per_sec(1000)).await;
    for n in 0..5 {
        assert_eq!(client.send(consulta(n)).await.expect("reply").attempts, 1);
    }
    assert_eq!(count(&server, "consultar_comprobante").await, 5);
}
both_flavours!(a_rate_limited_client_still_sends_every_request_once);

// ---------------------------------------------------------------- resets and refusals

async fn a_connection_closed_before_the_answer_is_a_reset(flavour: Flavour) {
    let server = raw_server(|_| Raw::Drop).await;
    let cfg = ClientConfig::new(Endpoint::new(server.route.clone(), TOKEN).expect("endpoint"))
        .with_retry(RetryPolicy::none());
    let client = flavour.client(cfg).await;

    let err = client.send(consulta(1)).await.expect_err("no answer");
    assert_eq!(err.transport_kind(), Some(TransportKind::Reset), "{err:?}");
    assert!(!format!("{err:?}").contains(ROUTE_ID));
}
both_flavours!(a_connection_closed_before_the_answer_is_a_reset);

async fn a_generar_whose_connection_drops_after_commit_is_adopted_by_one_query(flavour: Flavour) {
    // The raw server "stores" the generar and drops the connection; the query finds it.
    let server = raw_server(|body| if body.contains("generar_comprobante") { Raw::Drop } else { Raw::Reply }).await;
    let cfg =
        ClientConfig::new(Endpoint::new(server.route.clone(), TOKEN).expect("endpoint")).with_retry(fast_retry(4));
    let client = flavour.client(cfg).await;

    let sent = client.send(factura(1)).await.expect("adopted");
    assert!(sent.recovered);
    assert_eq!((server.count("generar_comprobante"), server.count("consultar_comprobante")), (1, 1));
}
both_flavours!(a_generar_whose_connection_drops_after_commit_is_adopted_by_one_query);

async fn a_refused_connection_is_a_connect_error(flavour: Flavour) {
    // Bind and release a port so that nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let endpoint = Endpoint::new(format!("http://127.0.0.1:{port}/api/v1/{ROUTE_ID}"), TOKEN).expect("endpoint");
    let client = flavour.client(ClientConfig::new(endpoint).with_retry(RetryPolicy::none())).await;

    let err = client.send(consulta(1)).await.expect_err("nothing listens");
    assert_eq!(err.transport_kind(), Some(TransportKind::Connect), "{err:?}");
    assert!(!err.to_string().contains(ROUTE_ID), "{err}");
}
both_flavours!(a_refused_connection_is_a_connect_error);
