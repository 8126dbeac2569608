//! The JSON summary (`summary.json`), described by `reports/schema/summary.schema.json`.
//!
//! Owns [`render_json`] and the serialized shape (structs with a fixed field order, maps
//! as BTreeMap, ratios and rates rounded to 4 decimals, latencies as integer µs), so the
//! output is byte-for-byte deterministic. Must not add wall-clock or host data: the
//! manifest carries those.

use std::collections::BTreeMap;

use serde::Serialize;

use super::summary::{Latency, Summary};

/// The `schema_version` written into every summary.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonSummary<'a> {
    schema_version: u32,
    verdict: &'a str,
    exit_code: u8,
    reasons: &'a [String],
    validity: JsonValidity,
    totals: JsonTotals,
    operations: BTreeMap<&'static str, JsonOperation<'a>>,
    errors: BTreeMap<&'a str, JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonValidity {
    success_ratio: Option<f64>,
    min_success_ratio: f64,
    planned_rate_per_sec: Option<f64>,
    behind_ratio: Option<f64>,
    max_behind_ratio: f64,
    interrupted: bool,
}

#[derive(Serialize)]
struct JsonTotals {
    sent: u64,
    ok: u64,
    failed: u64,
    skipped: u64,
    duration_s: f64,
    rate_per_sec: f64,
    ok_rate_per_sec: f64,
}

#[derive(Serialize)]
struct JsonOperation<'a> {
    sent: u64,
    ok: u64,
    failed: &'a BTreeMap<String, u64>,
    rate_per_sec: f64,
    response_time_us: Option<JsonLatency>,
    service_time_us: Option<JsonLatency>,
}

#[derive(Serialize)]
struct JsonLatency {
    count: u64,
    p50: u64,
    p90: u64,
    p95: u64,
    p99: u64,
    max: u64,
}

#[derive(Serialize)]
struct JsonError<'a> {
    count: u64,
    examples: &'a [String],
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn lat(l: Option<Latency>) -> Option<JsonLatency> {
    l.map(|l| JsonLatency { count: l.count, p50: l.p50_us, p90: l.p90_us, p95: l.p95_us, p99: l.p99_us, max: l.max_us })
}

/// Renders the summary as pretty-printed JSON (with a trailing newline).
pub fn render_json(s: &Summary) -> String {
    let doc = JsonSummary {
        schema_version: SCHEMA_VERSION,
        verdict: s.verdict.id(),
        exit_code: s.verdict.exit_code(),
        reasons: s.verdict.reasons(),
        validity: JsonValidity {
            success_ratio: s.success_ratio.map(round4),
            min_success_ratio: round4(s.validity.min_success_ratio),
            planned_rate_per_sec: s.planned_rate_per_sec.map(round4),
            behind_ratio: s.behind_ratio.map(round4),
            max_behind_ratio: round4(s.validity.max_behind_ratio),
            interrupted: s.interrupted,
        },
        totals: JsonTotals {
            sent: s.sent,
            ok: s.ok,
            failed: s.failed,
            skipped: s.skipped,
            duration_s: round4(s.duration.as_secs_f64()),
            rate_per_sec: round4(s.achieved_rate_per_sec),
            ok_rate_per_sec: round4(s.ok_rate_per_sec),
        },
        operations: s
            .operations
            .iter()
            .map(|(op, o)| {
                (
                    op.id(),
                    JsonOperation {
                        sent: o.sent,
                        ok: o.ok,
                        failed: &o.failed,
                        rate_per_sec: round4(o.rate_per_sec),
                        response_time_us: lat(o.response_time),
                        service_time_us: lat(o.service_time),
                    },
                )
            })
            .collect(),
        errors: s
            .errors
            .iter()
            .map(|(c, e)| (c.as_str(), JsonError { count: e.count, examples: &e.examples }))
            .collect(),
    };
    // Serializing plain structs, maps with string keys and finite floats cannot fail; a NaN
    // cannot occur (every ratio divides by a non-zero count). Fall back to a marker anyway.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
