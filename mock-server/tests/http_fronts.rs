//! HTTP tests: the same bodies against both fronts, through a real client on loopback.
mod common;

use std::time::{Duration, Instant};

use common::*;
use nubefact_mock::{FakeHandle, FakeNubefact, Front, MockConfig, MockStats};
use serde_json::{Value, json};

async fn start(front: Front, edit: impl FnOnce(&mut MockConfig)) -> FakeHandle {
    let mut cfg = MockConfig { front, ..MockConfig::default() };
    cfg.sunat.boleta_delay = Duration::from_secs(30);
    edit(&mut cfg);
    FakeNubefact::start(cfg).await.unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().unwrap()
}

async fn send(fake: &FakeHandle, token: &str, body: &Value) -> Result<(u16, Value), reqwest::Error> {
    let resp = client()
        .post(fake.url())
        .header("Authorization", format!("Token token=\"{token}\""))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let status = resp.status().as_u16();
    let text = resp.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

async fn ok(fake: &FakeHandle, body: &Value) -> (u16, Value) {
    send(fake, fake.token(), body).await.unwrap()
}

fn today() -> time::Date {
    nubefact_mock::Engine::new(&MockConfig::default()).today()
}

async fn issue_query_void_duplicate_bad_token_and_boleta_polling(front: Front) {
    let fake = start(front, |_| {}).await;
    let factura = dated(fixture("factura_4_6"), today());
    let (s, b) = ok(&fake, &factura).await;
    assert_eq!((s, b["aceptada_por_sunat"].clone()), (200, json!(true)), "{front:?}: {b}");
    let (s, b) = ok(&fake, &factura).await;
    assert_eq!((s, b["codigo"].as_u64()), (400, Some(23)), "{front:?}");
    let (s, b) = send(&fake, "wrong", &factura).await.unwrap();
    assert_eq!((s, b["codigo"].as_u64()), (401, Some(10)), "{front:?}");
    let (s, b) = ok(&fake, &query("consultar_comprobante", Some(1), "F001", 42)).await;
    assert_eq!((s, b["anulado"].clone()), (200, json!(false)));
    let mut void = query("generar_anulacion", Some(1), "F001", 42);
    void["motivo"] = "ERROR DEL SISTEMA".into();
    let (s, b) = ok(&fake, &void).await;
    assert_eq!((s, b["aceptada_por_sunat"].clone()), (200, json!(false)));
    fake.engine().advance_clock(Duration::from_secs(3));
    let (_, b) = ok(&fake, &query("consultar_comprobante", Some(1), "F001", 42)).await;
    assert_eq!(b["anulado"], true);

    let boleta = dated(fixture("boleta_strings"), today());
    let (_, b) = ok(&fake, &boleta).await;
    assert_eq!(b["aceptada_por_sunat"], false);
    let q = query("consultar_comprobante", Some(2), "B001", 1);
    let mut polls = 0;
    // Bounded polling: each poll advances the fake's clock by 10 s; acceptance is due at 30 s.
    while polls < 10 {
        polls += 1;
        let (_, b) = ok(&fake, &q).await;
        if b["aceptada_por_sunat"] == true {
            break;
        }
        fake.engine().advance_clock(Duration::from_secs(10));
    }
    assert_eq!(polls, 4, "{front:?}: accepted on the poll after 30 s");

    let stats: MockStats =
        client().get(format!("{}/stats", fake.admin_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(stats.front, front.name());
    assert_eq!(stats.documents, 2);
    assert_eq!(stats, MockStats { uptime_ms: stats.uptime_ms, ..fake.stats() });
    fake.shutdown().await;
}

#[tokio::test]
async fn wiremock_front_issues_queries_voids_and_polls_like_the_real_api() {
    issue_query_void_duplicate_bad_token_and_boleta_polling(Front::Wiremock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_front_issues_queries_voids_and_polls_like_the_real_api() {
    issue_query_void_duplicate_bad_token_and_boleta_polling(Front::Hyper).await;
}

async fn transport_errors(front: Front) {
    let fake = start(front, |c| c.max_body_bytes = 64 * 1024).await;
    let c = client();
    let r = c.post(fake.url()).header("Authorization", fake.token()).body("{}").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "{front:?}: no content type → 12");
    assert_eq!(r.json::<Value>().await.unwrap()["codigo"], 12);
    let r = c
        .post(format!("{}/", fake.url()))
        .header("Authorization", fake.token())
        .header("Content-Type", "application/json")
        .body("{bad")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["codigo"], 20, "{front:?}: trailing slash routes, bad JSON → 20");
    let r = c.get(fake.url()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405, "{front:?}");
    let r = c
        .post(fake.url())
        .header("Authorization", fake.token())
        .header("Content-Type", "application/json")
        .body(vec![b' '; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413, "{front:?}");
    let r = c.post(fake.url().replace(&fake.url()[fake.url().rfind('/').unwrap()..], "/nope")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401, "{front:?}: unknown route → 11");
    fake.shutdown().await;
}

#[tokio::test]
async fn wiremock_front_answers_transport_errors_as_documented() {
    transport_errors(Front::Wiremock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_front_answers_transport_errors_as_documented() {
    transport_errors(Front::Hyper).await;
}

async fn faults(front: Front) {
    let fake = start(front, |c| {
        c.faults = "drop-after-commit[generar_comprobante]=1,reset[consultar_guia]=1".parse().unwrap()
    })
    .await;
    let factura = dated(fixture("factura_4_6"), today());
    let err = send(&fake, fake.token(), &factura).await;
    assert!(err.is_err(), "{front:?}: the connection is cut after commit");
    let (s, b) = ok(&fake, &query("consultar_comprobante", Some(1), "F001", 42)).await;
    assert_eq!((s, b["serie"].clone()), (200, json!("F001")), "{front:?}: committed document is queryable");
    assert!(send(&fake, fake.token(), &query("consultar_guia", Some(7), "TTT1", 1)).await.is_err(), "{front:?}: reset");
    let stats = fake.stats();
    assert_eq!(stats.faults("drop-after-commit"), 1);
    assert_eq!(stats.faults("reset"), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn wiremock_front_cuts_connections_for_injected_faults() {
    faults(Front::Wiremock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_front_cuts_connections_for_injected_faults() {
    faults(Front::Hyper).await;
}

async fn pause_and_admin(front: Front) {
    let fake = start(front, |_| {}).await;
    let c = client();
    let patch = json!({ "faults": "pause:300ms@0s", "latency": ["fixed:1ms"] });
    let r = c.put(format!("{}/config", fake.admin_url())).json(&patch).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "{front:?}");
    let t0 = Instant::now();
    let (s, _) = ok(&fake, &query("consultar_comprobante", Some(1), "F001", 1)).await;
    assert_eq!(s, 400);
    // The pause started at engine time 0 and the server has run less than 300 ms only if the
    // reply was held; either way the reply cannot come before the pause's end.
    let uptime = fake.stats().uptime_ms;
    if uptime < 300 {
        assert!(t0.elapsed() >= Duration::from_millis(300 - uptime), "{front:?}: paused");
    }
    let r = c.put(format!("{}/config", fake.admin_url())).json(&json!({"faults": ""})).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let factura = dated(fixture("factura_4_6"), today());
    ok(&fake, &factura).await;
    let docs: Value = c.get(format!("{}/documents", fake.admin_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(docs["count"], 1);
    assert_eq!(docs["documents"][0]["serie"], "F001");
    let r = c.post(format!("{}/reset", fake.admin_url())).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(fake.stats().documents, 0);
    let bad = c.put(format!("{}/config", fake.admin_url())).json(&json!({"faults": "boom=1"})).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400, "{front:?}: bad patch refused");
    fake.shutdown().await;
}

#[tokio::test]
async fn wiremock_front_serves_the_admin_api_and_pauses() {
    pause_and_admin(Front::Wiremock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_front_serves_the_admin_api_and_pauses() {
    pause_and_admin(Front::Hyper).await;
}

#[tokio::test]
async fn a_non_loopback_address_is_refused_without_allow_remote() {
    let cfg = MockConfig { listen: "0.0.0.0:0".parse().unwrap(), ..MockConfig::default() };
    assert!(matches!(FakeNubefact::start(cfg).await, Err(nubefact_mock::MockError::RemoteNotAllowed(_))));
}
