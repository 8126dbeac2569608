//! Every shipped scenario parses and validates, and the README documents exactly the keys
//! the parser accepts.

use std::path::{Path, PathBuf};

use nubefact_harness::api::Operation;
use nubefact_harness::scenario::{KNOWN_KEYS, Model, Scenario, Stop, Target};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn load(name: &str) -> Scenario {
    Scenario::load(scenarios_dir().join(name)).unwrap()
}

#[test]
fn every_shipped_scenario_parses_validates_and_passes_the_target_check() {
    let files = shipped();
    let names: Vec<_> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for expected in ["smoke.toml", "peak-hour.toml", "month-end-batch.toml", "soak.toml", "seed-replay.toml"] {
        assert!(names.iter().any(|n| n == expected), "{expected} is missing from {names:?}");
    }
    for f in &files {
        let s = Scenario::load(f).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{}.toml", s.name), f.file_name().unwrap().to_string_lossy(), "name matches the file");
        s.check_target(false).unwrap();
        s.number_range(s.load.concurrency() - 1, Default::default()).unwrap();
    }
}

#[test]
fn smoke_exercises_all_fourteen_operations_in_a_few_seconds() {
    let s = load("smoke.toml");
    assert_eq!(
        s.workload.operations(),
        Operation::ALL.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>()
    );
    assert!(s.load.caps.max_duration.as_secs() <= 30);
    assert!(matches!(s.target, Target::Embedded(_)));
}

#[test]
fn seed_replay_is_fifty_facturas_through_ten_users() {
    let s = load("seed-replay.toml");
    match s.load.model {
        Model::Closed { users: 10, stop: Stop::Iterations(5), .. } => {}
        ref other => panic!("unexpected model {other:?}"),
    }
    assert_eq!(s.load.caps.max_requests, 50);
    assert_eq!(s.workload.operations(), vec![Operation::GenerarComprobante]);
    assert_eq!(s.validity.min_success_ratio, 0.99);
}

#[test]
fn the_model_of_each_named_scenario_is_the_one_its_purpose_needs() {
    assert!(matches!(
        load("peak-hour.toml").load.model,
        Model::Closed { ramp: nubefact_harness::scenario::Ramp::TestPlan { .. }, .. }
    ));
    assert!(matches!(load("month-end-batch.toml").load.model, Model::Open { .. }));
    let soak = load("soak.toml");
    assert!(soak.load.caps.max_duration.as_secs() >= 3600);
    match soak.target {
        Target::Embedded(f) => assert_eq!(f.front.id(), "hyper"),
        other => panic!("{other:?}"),
    }
}

/// The keys in the README's "## Keys" table: the first `code` span of each row whose first
/// cell is a `code` span.
fn readme_keys() -> Vec<String> {
    let text = std::fs::read_to_string(scenarios_dir().join("README.md")).unwrap();
    text.lines()
        .skip_while(|l| l.trim() != "## Keys")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(k, _)| k.to_owned()))
        .collect()
}

#[test]
fn the_readme_documents_every_key_the_parser_accepts_and_no_other() {
    let documented = readme_keys();
    for k in KNOWN_KEYS {
        assert!(documented.iter().any(|d| d == k), "key {k} is not documented in scenarios/README.md");
    }
    for d in &documented {
        assert!(KNOWN_KEYS.contains(&d.as_str()), "README documents {d}, which the parser does not accept");
    }
}

#[test]
fn flow_rngs_are_reproducible_and_differ_between_flows() {
    use rand::Rng;
    let s = load("smoke.toml");
    let draw = |user, iteration| s.rng_for(Default::default(), user, iteration).random::<u64>();
    assert_eq!(draw(0, 0), draw(0, 0));
    assert_ne!(draw(0, 0), draw(0, 1));
    assert_ne!(draw(0, 1), draw(1, 0));
    let other_shard = s.rng_for("2/2".parse().unwrap(), 0, 0).random::<u64>();
    assert_ne!(other_shard, draw(0, 0));
}
