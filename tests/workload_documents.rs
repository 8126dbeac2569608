//! The Nubefact workload: every document it generates passes the client's validation, its
//! flows emit the operations their kind promises, and keys never collide.

use std::collections::{BTreeSet, HashSet};

use bytes::Bytes;
use nubefact_harness::api::model::AnyRequest;
use nubefact_harness::api::{Operation, ValidationContext};
use nubefact_harness::run::{Flow, Outcome, StepResult, Workload};
use nubefact_harness::scenario::{Scenario, Shard};
use nubefact_harness::workload::NubefactWorkload;

const TODAY: time::Date = time::macros::date!(2026 - 12 - 04);

/// Runs a flow to its end, answering every step with success and "accepted".
fn steps(flow: &mut dyn Flow) -> Vec<(Operation, Bytes)> {
    let mut out = Vec::new();
    let mut previous: Option<StepResult> = None;
    while let Some(step) = flow.next(previous.as_ref()) {
        assert!(out.len() < 50, "a flow must be bounded");
        out.push((step.operation, step.body.clone()));
        previous = Some(StepResult {
            operation: step.operation,
            outcome: Outcome::Ok,
            status: Some(200),
            body: Bytes::from_static(br#"{"aceptada_por_sunat":true}"#),
        });
    }
    out
}

fn workload(file: &str, shard: Shard) -> NubefactWorkload {
    let scenario = Scenario::load(format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    NubefactWorkload::new(scenario, shard, TODAY).unwrap()
}

#[test]
fn every_generated_document_of_every_shipped_scenario_is_valid() {
    let ctx = ValidationContext::with_today(TODAY);
    for file in ["smoke.toml", "peak-hour.toml", "month-end-batch.toml", "soak.toml", "seed-replay.toml"] {
        let w = workload(file, Shard::SOLO);
        for user in 0..2 {
            for iteration in 0..150 {
                for (operation, body) in steps(w.start(user, iteration).as_mut()) {
                    let request = AnyRequest::from_json(&body).unwrap_or_else(|e| panic!("{file}: {operation}: {e}"));
                    assert_eq!(request.operation(), operation);
                    let problems = request.validate(&ctx);
                    assert!(problems.is_empty(), "{file} user {user} iteration {iteration} {operation}: {problems:?}");
                }
            }
        }
    }
}

#[test]
fn the_smoke_workload_emits_all_14_operations() {
    let w = workload("smoke.toml", Shard::SOLO);
    let mut seen = BTreeSet::new();
    for user in 0..2 {
        for iteration in 0..200 {
            seen.extend(steps(w.start(user, iteration).as_mut()).into_iter().map(|(op, _)| op));
        }
    }
    let all: BTreeSet<_> = Operation::ALL.into_iter().collect();
    assert_eq!(seen, all);
    assert_eq!(w.operations().into_iter().collect::<BTreeSet<_>>(), all);
}

#[test]
fn issued_keys_never_collide_across_users_iterations_and_shards() {
    let mut keys = HashSet::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let w = workload("smoke.toml", shard.parse().unwrap());
        for user in 0..2 {
            for iteration in 0..100 {
                for (operation, body) in steps(w.start(user, iteration).as_mut()) {
                    if operation.is_query() || operation == Operation::GenerarAnulacion {
                        continue;
                    }
                    let key = AnyRequest::from_json(&body).unwrap().key();
                    if operation.id().starts_with("generar_reversion") {
                        continue;
                    }
                    assert!(keys.insert(key.clone()), "{key} issued twice");
                }
            }
        }
    }
    assert!(keys.len() > 600, "{}", keys.len());
}

#[test]
fn the_same_seed_gives_the_same_documents() {
    let (a, b) = (workload("smoke.toml", Shard::SOLO), workload("smoke.toml", Shard::SOLO));
    for iteration in 0..20 {
        assert_eq!(steps(a.start(1, iteration).as_mut()), steps(b.start(1, iteration).as_mut()));
    }
}
