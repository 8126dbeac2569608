//! `nubefact-harness mock` runs the same fake as `nubefact-mock`: it prints one JSON line
//! with its URL, token and admin URL, and serves on loopback until SIGINT.

use std::io::BufRead;

#[test]
fn mock_prints_its_ready_line_serves_and_stops_on_sigint() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("nubefact-harness"))
        .args(["mock", "--front", "hyper"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let ready: serde_json::Value = serde_json::from_str(&line).unwrap();
    let url = ready["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    let answer: serde_json::Value = client
        .post(url)
        .header("Authorization", format!("Token token=\"{}\"", ready["token"].as_str().unwrap()))
        .header("Content-Type", "application/json")
        .body(r#"{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":99999999}"#)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(answer["codigo"], 24);
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
