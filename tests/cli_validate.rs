//! `nubefact-harness validate`: exit codes and output shape on the shipped documents.

use assert_cmd::Command;
use predicates::prelude::*;

fn harness() -> Command {
    Command::cargo_bin("nubefact-harness").expect("binary is built")
}

#[test]
fn every_shipped_valid_document_validates_with_exit_0() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/documents");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.contains("invalida") {
            continue;
        }
        harness().arg("validate").arg(&path).assert().code(0).stdout(predicate::str::contains("\"valid\": true"));
        seen += 1;
    }
    assert!(seen >= 7, "only {seen} documents found");
}

#[test]
fn a_valid_factura_prints_its_recomputed_totals() {
    let out = harness().args(["validate", "examples/documents/factura.json"]).assert().code(0).get_output().clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["totals"]["total"].to_string(), "158.00");
    assert_eq!(json["totals"]["total_igv"].to_string(), "18.00");
    assert_eq!(json["lines"][0]["precio_unitario"].to_string(), "29.50");
}

#[test]
fn an_invalid_factura_exits_1_with_one_line_per_problem_each_starting_with_its_path() {
    let out =
        harness().args(["validate", "examples/documents/factura-invalida.json"]).assert().code(1).get_output().clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 3, "{stdout}");
    for line in &lines {
        let path = line.split(':').next().unwrap();
        assert!(!path.is_empty() && !path.contains(' '), "line does not start with a field path: {line}");
    }
    assert!(lines.iter().any(|l| l.starts_with("serie:")), "{stdout}");
}

#[test]
fn a_wrongly_typed_field_is_reported_with_its_path_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/documents/factura.json").unwrap()).unwrap();
    doc["items"][1]["cantidad"] = serde_json::json!("muchos");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    harness().arg("validate").arg(&file).assert().code(1).stdout(predicate::str::starts_with("items[1].cantidad:"));
}

#[test]
fn a_missing_operacion_is_a_problem_named_operacion() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, br#"{"serie":"F001"}"#).unwrap();
    harness().arg("validate").arg(&file).assert().code(1).stdout(predicate::str::starts_with("operacion:"));
}

#[test]
fn unreadable_or_non_json_input_exits_2_naming_the_file() {
    harness()
        .args(["validate", "no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.json"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.html");
    std::fs::write(&file, "<html>not json</html>").unwrap();
    harness().arg("validate").arg(&file).assert().code(2).stderr(predicate::str::contains("page.html: not JSON"));
}

#[test]
fn the_today_flag_turns_on_the_date_window_and_rejects_a_bad_date() {
    harness()
        .args(["validate", "examples/documents/factura.json", "--today", "01-01-2030"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fecha_de_emision"));
    harness()
        .args(["validate", "examples/documents/factura.json", "--today", "2030-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--today"));
}
