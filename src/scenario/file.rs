//! The low-level shape of a scenario file: serde structs that mirror the TOML one to one.
//!
//! Owns only the syntax (`deny_unknown_fields` everywhere, optional fields so that the
//! high-level conversion can name a missing key itself). Must not validate values or give
//! them meaning: that happens once, in the conversion to [`super::Scenario`]. Every key here
//! is documented in `scenarios/README.md`; a test keeps the two in sync.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub seed: Option<u64>,
    pub target: Option<FileTarget>,
    pub load: Option<FileLoad>,
    pub workload: Option<FileWorkload>,
    pub numbering: Option<FileNumbering>,
    pub thresholds: Option<FileThresholds>,
    pub validity: Option<FileValidity>,
}

/// `[target]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileTarget {
    pub kind: Option<String>,
    pub front: Option<String>,
    pub latency: Option<String>,
    pub latency_per_operation: Option<BTreeMap<String, String>>,
    pub faults: Option<String>,
    pub url: Option<String>,
    pub url_env: Option<String>,
    pub token_env: Option<String>,
    pub profile: Option<String>,
    pub profile_file: Option<String>,
}

/// `[load]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileLoad {
    pub model: Option<String>,
    pub max_duration: Option<String>,
    pub max_requests: Option<u64>,
    pub timeout: Option<String>,
    // closed
    pub users: Option<u32>,
    pub hatch_rate: Option<f64>,
    pub test_plan: Option<String>,
    pub iterations: Option<u64>,
    // both
    pub duration: Option<String>,
    // open
    pub rate: Option<f64>,
    pub ramp: Option<Vec<FileRampStep>>,
    pub max_in_flight: Option<u32>,
}

/// One `[[load.ramp]]` step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileRampStep {
    pub rate: Option<f64>,
    pub duration: Option<String>,
}

/// `[workload]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileWorkload {
    pub flows: Option<Vec<FileFlow>>,
    pub generator: Option<FileGenerator>,
}

/// One `[[workload.flows]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileFlow {
    pub kind: Option<String>,
    pub weight: Option<u32>,
    pub max_polls: Option<u32>,
    pub poll_interval: Option<String>,
    pub operation: Option<String>,
}

/// `[workload.generator]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileGenerator {
    pub lines_min: Option<u32>,
    pub lines_max: Option<u32>,
    pub quantity_min: Option<u32>,
    pub quantity_max: Option<u32>,
    pub unit_price_min: Option<String>,
    pub unit_price_max: Option<String>,
    pub tipo_de_igv: Option<BTreeMap<String, u32>>,
    pub moneda: Option<BTreeMap<String, u32>>,
}

/// `[numbering]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileNumbering {
    pub serie_from: Option<u16>,
    pub serie_to: Option<u16>,
    pub numero_from: Option<u32>,
    pub numero_to: Option<u32>,
}

/// `[thresholds]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileThresholds {
    pub max_error_rate: Option<f64>,
    pub min_throughput: Option<f64>,
    pub operations: Option<BTreeMap<String, FileOperationThresholds>>,
}

/// `[thresholds.operations.<operation>]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileOperationThresholds {
    pub p95: Option<String>,
    pub p99: Option<String>,
    pub max: Option<String>,
}

/// `[validity]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileValidity {
    pub min_success_ratio: Option<f64>,
    pub max_behind_ratio: Option<f64>,
}

/// Every key path this file format accepts, for the README sync test. `*` stands for a
/// name chosen by the user (an operation id, a tipo_de_igv code, a currency).
pub const KNOWN_KEYS: &[&str] = &[
    "name",
    "description",
    "seed",
    "target.kind",
    "target.front",
    "target.latency",
    "target.latency_per_operation.*",
    "target.faults",
    "target.url",
    "target.url_env",
    "target.token_env",
    "target.profile",
    "target.profile_file",
    "load.model",
    "load.max_duration",
    "load.max_requests",
    "load.timeout",
    "load.users",
    "load.hatch_rate",
    "load.test_plan",
    "load.iterations",
    "load.duration",
    "load.rate",
    "load.ramp[].rate",
    "load.ramp[].duration",
    "load.max_in_flight",
    "workload.flows[].kind",
    "workload.flows[].weight",
    "workload.flows[].max_polls",
    "workload.flows[].poll_interval",
    "workload.flows[].operation",
    "workload.generator.lines_min",
    "workload.generator.lines_max",
    "workload.generator.quantity_min",
    "workload.generator.quantity_max",
    "workload.generator.unit_price_min",
    "workload.generator.unit_price_max",
    "workload.generator.tipo_de_igv.*",
    "workload.generator.moneda.*",
    "numbering.serie_from",
    "numbering.serie_to",
    "numbering.numero_from",
    "numbering.numero_to",
    "thresholds.max_error_rate",
    "thresholds.min_throughput",
    "thresholds.operations.*.p95",
    "thresholds.operations.*.p99",
    "thresholds.operations.*.max",
    "validity.min_success_ratio",
    "validity.max_behind_ratio",
];
