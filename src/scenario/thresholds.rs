//! Conversion of `[thresholds]` and `[validity]` into the report's judging criteria.
//!
//! Owns only the file-to-criteria checks (unknown operations, ratios out of 0..=1, bad
//! durations). Must not judge runs: `report::analyze` does.

use super::error::{Ctx, ScenarioError};
use super::file::{FileThresholds, FileValidity};
use super::target::parse_duration;
use crate::api::Operation;
use crate::report::{OperationThresholds, Thresholds, Validity};

fn ratio(ctx: &Ctx, key: &str, v: f64) -> Result<f64, ScenarioError> {
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(ctx.err(key, "must be between 0 and 1")) }
}

pub(crate) fn convert_thresholds(ctx: &Ctx, file: Option<FileThresholds>) -> Result<Thresholds, ScenarioError> {
    let f = file.unwrap_or_default();
    let mut t = Thresholds {
        max_error_rate: f.max_error_rate.map(|v| ratio(ctx, "thresholds.max_error_rate", v)).transpose()?,
        min_throughput_per_sec: None,
        ..Thresholds::default()
    };
    if let Some(v) = f.min_throughput {
        if !(v.is_finite() && v >= 0.0) {
            return Err(ctx.err("thresholds.min_throughput", "must be >= 0"));
        }
        t.min_throughput_per_sec = Some(v);
    }
    for (op, limits) in f.operations.unwrap_or_default() {
        let base = format!("thresholds.operations.{op}");
        let operation: Operation = op.parse().map_err(|_| ctx.err(&base, format!("unknown operation {op:?}")))?;
        let d = |k: &str, v: &Option<String>| {
            v.as_deref().map(|s| parse_duration(s).map_err(|e| ctx.err(format!("{base}.{k}"), e))).transpose()
        };
        let limits = OperationThresholds {
            p95: d("p95", &limits.p95)?,
            p99: d("p99", &limits.p99)?,
            max: d("max", &limits.max)?,
        };
        t.operations.insert(operation, limits);
    }
    Ok(t)
}

pub(crate) fn convert_validity(ctx: &Ctx, file: Option<FileValidity>) -> Result<Validity, ScenarioError> {
    let f = file.unwrap_or_default();
    let d = Validity::default();
    Ok(Validity {
        min_success_ratio: ratio(
            ctx,
            "validity.min_success_ratio",
            f.min_success_ratio.unwrap_or(d.min_success_ratio),
        )?,
        max_behind_ratio: ratio(ctx, "validity.max_behind_ratio", f.max_behind_ratio.unwrap_or(d.max_behind_ratio))?,
    })
}
