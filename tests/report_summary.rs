//! The verdict, the end-of-run table and the JSON summary, from hand-built run data.
//!
//! A run whose requests failed is never a speed-up: these tests pin that down.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use hdrhistogram::Histogram;
use nubefact_harness::api::Operation;
use nubefact_harness::report::{
    OperationThresholds, Thresholds, Validity, Verdict, analyze, render_json, render_markdown, render_table,
};
use nubefact_harness::results::data::{ErrorTally, OperationData, RunData, SecondCounts};

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).unwrap()
}

/// One operation's data: `ok` successes and `failed` failures of `class`, all with the same
/// latency (µs).
fn op_data(ok: u64, failed: u64, class: &str, latency_us: u64) -> OperationData {
    let mut rt = histogram();
    let mut st = histogram();
    rt.record_n(latency_us, ok + failed).unwrap();
    st.record_n(latency_us, ok + failed).unwrap();
    let mut f = BTreeMap::new();
    if failed > 0 {
        f.insert(class.to_owned(), failed);
    }
    OperationData { response_time_us: rt, service_time_us: st, sent: ok + failed, ok, failed: f }
}

fn run(ops: Vec<(Operation, OperationData)>, duration: Duration, planned: Option<f64>, skipped: u64) -> RunData {
    let mut errors = BTreeMap::new();
    for (_, d) in &ops {
        for (class, n) in &d.failed {
            let e = errors.entry(class.clone()).or_insert(ErrorTally { count: 0, examples: Vec::new() });
            e.count += n;
            if e.examples.is_empty() {
                e.examples.push(format!("{class}: example message"));
            }
        }
    }
    let sent = ops.iter().map(|(_, d)| d.sent).sum();
    let ok = ops.iter().map(|(_, d)| d.ok).sum();
    RunData {
        operations: ops.into_iter().collect(),
        per_second: vec![SecondCounts { second: 0, sent, ok, failed: BTreeMap::new() }],
        errors,
        planned_rate_per_sec: planned,
        duration,
        skipped,
        interrupted: false,
    }
}

fn judge(data: &RunData, t: &Thresholds) -> nubefact_harness::report::Summary {
    analyze(data, t, &Validity::default())
}

#[test]
fn fifty_failed_requests_at_a_high_rate_are_invalid_not_a_speed_up() {
    // The old system's case: 50 facturas, 0 ok, finished in 0.47 s → "107 req/s".
    let data = run(
        vec![(Operation::GenerarComprobante, op_data(0, 50, "codigo_23", 900))],
        Duration::from_millis(467),
        None,
        0,
    );
    let s = judge(&data, &Thresholds::default());
    assert_eq!(s.verdict.exit_code(), 3);
    let Verdict::Invalid(reasons) = &s.verdict else { panic!("{:?}", s.verdict) };
    assert!(reasons[0].contains("0 of 50 ok"), "{reasons:?}");
    let table = render_table(&s);
    let first = table.lines().next().unwrap();
    assert!(first.starts_with("INVALID: "), "{table}");
    assert!(first.contains("success ratio 0.0%"), "{first}");
    assert!(render_markdown(&s, "seed-replay").starts_with("**INVALID: "));
}

#[test]
fn an_all_failed_run_of_several_operations_is_invalid_and_says_so_first() {
    let data = run(
        vec![
            (Operation::GenerarComprobante, op_data(0, 10, "http_500", 1000)),
            (Operation::ConsultarComprobante, op_data(0, 10, "transport_reset", 1000)),
        ],
        Duration::from_secs(1),
        None,
        0,
    );
    let s = judge(&data, &Thresholds::default());
    assert!(matches!(s.verdict, Verdict::Invalid(_)));
    assert!(render_table(&s).starts_with("INVALID"));
}

#[test]
fn a_run_with_no_request_at_all_is_invalid() {
    let s = judge(&run(vec![], Duration::from_secs(1), None, 0), &Thresholds::default());
    assert_eq!(s.verdict, Verdict::Invalid(vec!["no requests were sent".to_owned()]));
    assert_eq!(s.success_ratio, None);
}

#[test]
fn an_open_model_more_than_ten_percent_behind_plan_is_invalid_even_when_all_succeed() {
    // Planned 100/s for 10 s, but only 850 went out in 10 s: 15 % behind.
    let data =
        run(vec![(Operation::GenerarComprobante, op_data(850, 0, "", 2000))], Duration::from_secs(10), Some(100.0), 0);
    let s = judge(&data, &Thresholds::default());
    let Verdict::Invalid(reasons) = &s.verdict else { panic!("{:?}", s.verdict) };
    assert!(reasons[0].contains("15.0% behind its planned 100.0/s"), "{reasons:?}");
    // 5 % behind is within the bound.
    let data =
        run(vec![(Operation::GenerarComprobante, op_data(950, 0, "", 2000))], Duration::from_secs(10), Some(100.0), 0);
    assert_eq!(judge(&data, &Thresholds::default()).verdict, Verdict::Ok);
}

#[test]
fn multi_request_flows_cannot_hide_skipped_starts_behind_a_high_request_rate() {
    // Planned 10 flows/s for 10 s; each flow is 3 requests, so 240 requests from 80 flows
    // is 24 req/s, "above" the plan, yet 20 of 100 starts were skipped.
    let data = run(vec![(Operation::GenerarGuia, op_data(240, 0, "", 2000))], Duration::from_secs(10), Some(10.0), 20);
    let s = analyze(&data, &Thresholds::default(), &Validity { min_success_ratio: 0.5, ..Validity::default() });
    assert_eq!(s.behind_ratio, Some(0.2));
    let Verdict::Invalid(reasons) = &s.verdict else { panic!("{:?}", s.verdict) };
    assert!(reasons[0].contains("20 starts skipped"), "{reasons:?}");
}

#[test]
fn an_interrupted_run_says_its_figures_are_partial() {
    let mut data =
        run(vec![(Operation::GenerarComprobante, op_data(10, 0, "", 2000))], Duration::from_secs(1), None, 0);
    data.interrupted = true;
    let s = judge(&data, &Thresholds::default());
    assert!(s.interrupted);
    assert!(render_table(&s).lines().next().unwrap().starts_with("interrupted"), "{}", render_table(&s));
    assert!(render_json(&s).contains("\"interrupted\": true"));
}

#[test]
fn skipped_starts_count_against_the_success_ratio() {
    let data = run(vec![(Operation::GenerarComprobante, op_data(95, 0, "", 2000))], Duration::from_secs(1), None, 5);
    let s = judge(&data, &Thresholds::default());
    assert_eq!(s.success_ratio, Some(0.95));
    assert!(matches!(s.verdict, Verdict::Invalid(_)));
}

#[test]
fn a_latency_breach_is_a_threshold_failure_naming_the_operation() {
    let data = run(vec![(Operation::ConsultarGuia, op_data(1000, 0, "", 120_000))], Duration::from_secs(10), None, 0);
    let mut t = Thresholds::default();
    t.operations.insert(
        Operation::ConsultarGuia,
        OperationThresholds { p99: Some(Duration::from_millis(100)), ..OperationThresholds::default() },
    );
    let s = judge(&data, &t);
    assert_eq!(s.verdict.exit_code(), 1);
    let Verdict::ThresholdFailed(reasons) = &s.verdict else { panic!("{:?}", s.verdict) };
    assert!(reasons[0].starts_with("consultar_guia: p99"), "{reasons:?}");
    assert!(!render_table(&s).starts_with("INVALID"));
}

#[test]
fn error_rate_and_throughput_thresholds_fail_when_breached() {
    // 995 ok of 1000 is valid (99.5 %) but breaches a 0.1 % error-rate threshold.
    let data = run(
        vec![(Operation::GenerarComprobante, op_data(995, 5, "codigo_23", 1000))],
        Duration::from_secs(10),
        None,
        0,
    );
    let t = Thresholds { max_error_rate: Some(0.001), min_throughput_per_sec: Some(500.0), ..Thresholds::default() };
    let Verdict::ThresholdFailed(reasons) = judge(&data, &t).verdict else { panic!() };
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].starts_with("error rate") && reasons[1].starts_with("throughput"), "{reasons:?}");
}

#[test]
fn a_healthy_run_is_ok_and_its_table_shows_every_operation_and_its_errors() {
    let data = run(
        vec![
            (Operation::GenerarComprobante, op_data(1000, 2, "codigo_23", 20_000)),
            (Operation::ConsultarComprobante, op_data(1000, 0, "", 5_000)),
        ],
        Duration::from_secs(10),
        None,
        0,
    );
    let mut t = Thresholds::default();
    t.operations.insert(
        Operation::GenerarComprobante,
        OperationThresholds { p95: Some(Duration::from_millis(50)), ..OperationThresholds::default() },
    );
    let s = judge(&data, &t);
    assert_eq!(s.verdict, Verdict::Ok);
    assert_eq!(s.verdict.exit_code(), 0);
    assert_eq!((s.sent, s.ok, s.failed), (2002, 2000, 2));
    let table = render_table(&s);
    assert!(table.lines().next().unwrap().starts_with("operation"), "{table}");
    let row = table.lines().find(|l| l.starts_with("generar_comprobante")).unwrap();
    assert!(row.contains("codigo_23:2") && row.contains("1002") && row.contains("20.0"), "{row}");
    assert!(table.lines().last().unwrap().starts_with("verdict: OK"), "{table}");
}

#[test]
fn renderers_are_deterministic() {
    let make = || {
        let data =
            run(vec![(Operation::GenerarGuia, op_data(10, 1, "http_502", 3_333))], Duration::from_secs(3), None, 0);
        judge(&data, &Thresholds::default())
    };
    assert_eq!(render_json(&make()), render_json(&make()));
    assert_eq!(render_table(&make()), render_table(&make()));
    assert_eq!(render_markdown(&make(), "x"), render_markdown(&make(), "x"));
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/schema/summary.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, json: &str) {
    let instance: serde_json::Value = serde_json::from_str(json).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{json}");
}

#[test]
fn the_json_summary_validates_against_its_schema_for_every_verdict() {
    let v = schema();
    let healthy = run(
        vec![
            (Operation::GenerarComprobante, op_data(100, 0, "", 20_000)),
            (Operation::ConsultarReversionRetencion, op_data(0, 0, "", 0)),
        ],
        Duration::from_secs(1),
        Some(100.0),
        0,
    );
    let failed = run(
        vec![(Operation::GenerarComprobante, op_data(0, 50, "codigo_23", 900))],
        Duration::from_millis(467),
        None,
        0,
    );
    let empty = run(vec![], Duration::ZERO, None, 0);
    let t = Thresholds { max_error_rate: Some(0.0), ..Thresholds::default() };
    let slow =
        run(vec![(Operation::GenerarGuia, op_data(990, 10, "transport_timeout", 1))], Duration::from_secs(1), None, 0);
    for (data, verdict) in [(&healthy, "ok"), (&failed, "invalid"), (&empty, "invalid"), (&slow, "threshold_failed")] {
        let s = analyze(data, &t, &Validity::default());
        let json = render_json(&s);
        assert_valid(&v, &json);
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["verdict"], verdict, "{json}");
    }
}

#[test]
fn the_schema_rejects_a_summary_with_an_unknown_operation() {
    let v = schema();
    let s = judge(
        &run(vec![(Operation::GenerarGuia, op_data(1, 0, "", 10))], Duration::from_secs(1), None, 0),
        &Thresholds::default(),
    );
    let json = render_json(&s).replace("generar_guia", "generar_factura");
    let instance: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(!v.is_valid(&instance));
}
