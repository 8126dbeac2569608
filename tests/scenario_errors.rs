//! Broken scenario files are rejected with the file AND the key in the message.

use std::path::PathBuf;

use nubefact_harness::scenario::{Overrides, Scenario, Shard};

/// A valid closed-model file; tests break one part of it.
const BASE: &str = r#"
name = "base"
description = "a valid file that tests break"
seed = 1

[load]
model = "closed"
users = 2
duration = "5s"
max_duration = "10s"
max_requests = 100

[[workload.flows]]
kind = "factura_then_consult"
weight = 1
"#;

const OPEN: &str = r#"
name = "open"
description = "a valid open-model file"
seed = 1

[load]
model = "open"
rate = 10
duration = "5s"
max_in_flight = 4
max_duration = "10s"
max_requests = 100

[[workload.flows]]
kind = "factura_only"
"#;

/// Writes `text` as `name` in a fresh temp dir and loads it; returns the error text and the path.
fn load_err(name: &str, text: &str) -> (String, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let err = Scenario::load(&path).expect_err("the file should be rejected");
    (err.to_string(), path)
}

fn assert_names(name: &str, text: &str, needles: &[&str]) {
    let (msg, path) = load_err(name, text);
    assert!(msg.contains(&path.display().to_string()), "message does not name the file: {msg}");
    for n in needles {
        assert!(msg.contains(n), "message does not contain {n:?}: {msg}");
    }
}

#[test]
fn the_base_files_used_by_these_tests_are_valid() {
    Scenario::from_toml("base.toml", BASE.as_bytes()).unwrap();
    Scenario::from_toml("open.toml", OPEN.as_bytes()).unwrap();
}

#[test]
fn an_unknown_key_in_a_table_names_the_key_and_the_table() {
    let text = BASE.replace("users = 2", "users = 2\nratee = 5");
    assert_names("typo.toml", &text, &["unknown key \"ratee\" in [load]", "load.ratee"]);
}

#[test]
fn an_unknown_top_level_key_is_rejected() {
    assert_names("top.toml", &format!("colour = \"blue\"\n{BASE}"), &["unknown key \"colour\""]);
}

#[test]
fn an_unknown_key_inside_a_flow_names_its_index() {
    let text = BASE.replace("weight = 1", "weight = 1\nwieght = 2");
    assert_names("flow.toml", &text, &["workload.flows[0]", "wieght"]);
}

#[test]
fn an_unknown_flow_kind_names_the_flow_key() {
    let text = BASE.replace("factura_then_consult", "factura_then_dance");
    assert_names("kind.toml", &text, &["workload.flows[0].kind", "factura_then_dance"]);
}

#[test]
fn an_unknown_operation_in_consult_only_names_the_key() {
    let text =
        BASE.replace("kind = \"factura_then_consult\"", "kind = \"consult_only\"\noperation = \"consultar_factura\"");
    assert_names("op.toml", &text, &["workload.flows[0].operation", "consultar_factura"]);
}

#[test]
fn a_generar_operation_is_refused_for_consult_only() {
    let text = BASE.replace("kind = \"factura_then_consult\"", "kind = \"consult_only\"\noperation = \"generar_guia\"");
    assert_names("gen.toml", &text, &["workload.flows[0].operation", "not a consultar_"]);
}

#[test]
fn an_unknown_operation_in_thresholds_names_the_key() {
    let text = format!("{BASE}\n[thresholds.operations.generar_factura]\np99 = \"1s\"\n");
    assert_names("thr.toml", &text, &["thresholds.operations.generar_factura", "unknown operation"]);
}

#[test]
fn a_missing_duration_cap_is_rejected() {
    let text = BASE.replace("max_duration = \"10s\"\n", "");
    assert_names("cap.toml", &text, &["load.max_duration", "missing required key"]);
}

#[test]
fn a_missing_request_cap_is_rejected() {
    let text = BASE.replace("max_requests = 100\n", "");
    assert_names("cap2.toml", &text, &["load.max_requests", "missing required key"]);
}

#[test]
fn a_duration_in_parsecs_names_the_key() {
    let text = BASE.replace("duration = \"5s\"", "duration = \"10 parsecs\"");
    assert_names("parsecs.toml", &text, &["load.duration", "10 parsecs"]);
}

#[test]
fn a_bad_threshold_duration_names_the_nested_key() {
    let text = format!("{BASE}\n[thresholds.operations.generar_comprobante]\np95 = \"fast\"\n");
    assert_names("p95.toml", &text, &["thresholds.operations.generar_comprobante.p95"]);
}

#[test]
fn a_zero_rate_is_rejected_naming_load_rate() {
    let text = OPEN.replace("rate = 10", "rate = 0");
    assert_names("rate.toml", &text, &["load.rate: must be > 0"]);
}

#[test]
fn a_zero_ramp_rate_names_the_ramp_step() {
    let text = OPEN.replace(
        "rate = 10\n",
        "rate = 10\nramp = [{ rate = 5, duration = \"1s\" }, { rate = 0, duration = \"1s\" }]\n",
    );
    assert_names("ramp.toml", &text, &["load.ramp[1].rate: must be > 0"]);
}

#[test]
fn flow_weights_that_are_all_zero_are_rejected() {
    let text = BASE.replace("weight = 1", "weight = 0");
    assert_names("weights.toml", &text, &["workload.flows", "weight > 0"]);
}

#[test]
fn generator_weights_that_are_all_zero_are_rejected() {
    let text = format!("{BASE}\n[workload.generator]\nmoneda = {{ PEN = 0, USD = 0 }}\n");
    assert_names("moneda.toml", &text, &["workload.generator.moneda", "all zero"]);
}

#[test]
fn a_value_of_the_wrong_type_names_its_key() {
    let text = BASE.replace("max_requests = 100", "max_requests = \"many\"");
    assert_names("type.toml", &text, &["load.max_requests"]);
}

#[test]
fn a_key_of_the_other_model_is_refused() {
    let text = OPEN.replace("max_in_flight = 4", "max_in_flight = 4\nusers = 3");
    assert_names("model.toml", &text, &["load.users", "does not apply"]);
}

#[test]
fn a_planned_duration_past_the_cap_is_refused() {
    let text = BASE.replace("duration = \"5s\"", "duration = \"1m\"");
    assert_names("long.toml", &text, &["load.duration", "exceeds load.max_duration"]);
}

#[test]
fn a_bad_latency_spec_names_the_target_key() {
    let text = format!("{BASE}\n[target]\nlatency = \"uniform:80ms..20ms\"\n");
    assert_names("lat.toml", &text, &["target.latency"]);
}

#[test]
fn an_unknown_operation_in_the_latency_table_names_the_key() {
    let text = format!("{BASE}\n[target.latency_per_operation]\ngenerar_boleta = \"fixed:1ms\"\n");
    assert_names("latop.toml", &text, &["target.latency_per_operation.generar_boleta", "unknown operation"]);
}

#[test]
fn a_bad_fault_spec_names_the_target_key() {
    let text = format!("{BASE}\n[target]\nfaults = \"error500=0.01,explode=1\"\n");
    assert_names("faults.toml", &text, &["target.faults", "explode"]);
}

#[test]
fn invalid_toml_names_the_file() {
    assert_names("syntax.toml", "name = \n", &["not valid toml"]);
}

#[test]
fn a_missing_file_names_the_file() {
    let err = Scenario::load("no/such/scenario.toml").unwrap_err();
    assert!(err.to_string().contains("no/such/scenario.toml"), "{err}");
}

#[test]
fn overrides_replace_values_and_name_the_flag_when_they_do_not_fit() {
    let closed = Scenario::from_toml("base.toml", BASE.as_bytes()).unwrap();
    let bigger = closed.clone().with_overrides(&Overrides { users: Some(7), ..Overrides::default() }).unwrap();
    assert_eq!(bigger.load.concurrency(), 7);
    let err =
        closed.clone().with_overrides(&Overrides { rate_per_sec: Some(5.0), ..Overrides::default() }).unwrap_err();
    assert!(err.to_string().starts_with("--rate"), "{err}");
    let err = closed
        .with_overrides(&Overrides { duration: Some(std::time::Duration::from_secs(60)), ..Overrides::default() })
        .unwrap_err();
    assert!(err.to_string().starts_with("--duration") && err.to_string().contains("max_duration"), "{err}");

    let open = Scenario::from_toml("open.toml", OPEN.as_bytes()).unwrap();
    let err = open.clone().with_overrides(&Overrides { users: Some(3), ..Overrides::default() }).unwrap_err();
    assert!(err.to_string().starts_with("--users"), "{err}");
    let err = open.clone().with_overrides(&Overrides { rate_per_sec: Some(0.0), ..Overrides::default() }).unwrap_err();
    assert!(err.to_string().starts_with("--rate"), "{err}");
    let faster = open.with_overrides(&Overrides { rate_per_sec: Some(20.0), ..Overrides::default() }).unwrap();
    assert_eq!(faster.load.planned_rate_per_sec(), Some(20.0));
}

#[test]
fn a_remote_target_off_loopback_is_refused_unless_allowed_and_never_shows_its_route() {
    let text = format!(
        "{BASE}\n[target]\nkind = \"remote\"\nurl = \"https://api.nubefact.com/api/v1/s3cr3t-route\"\ntoken_env = \"NUBEFACT_TOKEN\"\n"
    );
    let s = Scenario::from_toml("remote.toml", text.as_bytes()).unwrap();
    let err = s.check_target(false).unwrap_err().to_string();
    assert!(err.contains("--allow-remote") && err.contains("api.nubefact.com"), "{err}");
    assert!(!err.contains("s3cr3t"), "{err}");
    assert!(!format!("{s:?}").contains("s3cr3t"));
    s.check_target(true).unwrap();

    let local = text.replace("https://api.nubefact.com", "http://127.0.0.1:8080");
    Scenario::from_toml("local.toml", local.as_bytes()).unwrap().check_target(false).unwrap();
    Scenario::from_toml("base.toml", BASE.as_bytes()).unwrap().check_target(false).unwrap();
}

#[test]
fn a_remote_target_refuses_fake_only_keys() {
    let text = format!("{BASE}\n[target]\nkind = \"remote\"\nurl_env = \"U\"\ntoken_env = \"T\"\nfront = \"hyper\"\n");
    assert_names("mixed.toml", &text, &["target.front", "embedded"]);
}

#[test]
fn shard_flags_parse_one_based_and_errors_name_the_flag() {
    let s: Shard = "2/4".parse().unwrap();
    assert_eq!((s.index(), s.count()), (1, 4));
    assert_eq!(s.to_string(), "2/4");
    for bad in ["0/4", "5/4", "2", "a/4", "1/0", ""] {
        let err = bad.parse::<Shard>().unwrap_err().to_string();
        assert!(err.starts_with("--shard"), "{bad}: {err}");
    }
}

#[test]
fn the_hash_is_the_sha256_of_the_bytes_and_changes_with_them() {
    let a = Scenario::from_toml("a.toml", BASE.as_bytes()).unwrap();
    let b = Scenario::from_toml("b.toml", format!("{BASE}\n# comment\n").as_bytes()).unwrap();
    assert_eq!(a.hash, nubefact_harness::scenario::hash_bytes(BASE.as_bytes()));
    assert_eq!(a.hash.len(), "sha256:".len() + 64);
    assert_ne!(a.hash, b.hash);
}
