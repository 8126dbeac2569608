//! `nubefact-harness send` against the fake on 127.0.0.1: exit codes, what goes to stdout,
//! and that an invalid document is never sent.

use assert_cmd::Command;
use predicates::prelude::*;

fn today_peru() -> String {
    let peru = time::UtcOffset::from_hms(-5, 0, 0).unwrap();
    let d = time::OffsetDateTime::now_utc().to_offset(peru).date();
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// The shipped factura, dated today (the fake checks the date window).
fn factura(dir: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) -> std::path::PathBuf {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/documents/factura.json").unwrap()).unwrap();
    doc["fecha_de_emision"] = serde_json::json!(today_peru());
    edit(&mut doc);
    let path = dir.join("factura.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    path
}

fn send(file: &std::path::Path, ruta: &str, token: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("nubefact-harness")
        .unwrap()
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("TEST_NUBEFACT_TOKEN", token)
        .arg("send")
        .arg(file)
        .args(["--ruta", ruta, "--token-env", "TEST_NUBEFACT_TOKEN"])
        .assert()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_factura_is_sent_once_and_a_second_send_is_the_duplicate_error_23() {
    let fake = nubefact_mock::FakeNubefact::start(Default::default()).await.unwrap();
    let (url, token) = (fake.url(), fake.token().to_owned());
    let tmp = tempfile::tempdir().unwrap();
    let file = factura(tmp.path(), |_| {});
    let first = send(&file, &url, &token).code(0).get_output().stdout.clone();
    let reply: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(reply["aceptada_por_sunat"], true);
    assert_eq!(reply["numero"], 42);
    send(&file, &url, &token).code(1).stderr(predicate::str::contains("codigo 23"));
    let stats = fake.stats();
    assert_eq!(stats.operations["generar_comprobante"].requests, 2);
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_document_exits_1_and_nothing_reaches_the_server() {
    let fake = nubefact_mock::FakeNubefact::start(Default::default()).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = factura(tmp.path(), |doc| doc["total"] = serde_json::json!(999));
    send(&file, &fake.url(), fake.token()).code(1).stderr(predicate::str::contains("total"));
    assert_eq!(fake.stats().requests(), 0);
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_is_nubefact_error_10_and_the_token_is_never_printed() {
    let fake = nubefact_mock::FakeNubefact::start(Default::default()).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = factura(tmp.path(), |_| {});
    let out = send(&file, &fake.url(), "WRONG-TOKEN-XYZ").code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("codigo 10"), "{stderr}");
    assert!(!stderr.contains("WRONG-TOKEN-XYZ") && !stderr.contains(nubefact_mock::config::DEFAULT_ROUTE), "{stderr}");
    fake.shutdown().await;
}

#[test]
fn an_unreachable_endpoint_is_a_transport_error_exit_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let file = factura(tmp.path(), |_| {});
    send(&file, &format!("http://127.0.0.1:{port}/api/v1/x"), "t")
        .code(2)
        .stderr(predicate::str::contains("transport"));
}
