//! The analysis of a run: per-operation figures, validity and the verdict.
//!
//! Owns [`analyze`], [`Summary`] and [`Verdict`]. A run whose requests failed is never
//! presented as a speed-up: with a success ratio under the bound, an open model more than
//! the allowed ratio behind its plan, or no request at all, the verdict is INVALID and the
//! renderers lead with it. Must stay pure (no clock, no I/O).

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

use super::criteria::{Thresholds, Validity};
use crate::api::Operation;
use crate::results::data::RunData;

/// Percentiles of one histogram, in µs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latency {
    /// Number of recorded values.
    pub count: u64,
    /// Median.
    pub p50_us: u64,
    /// 90th percentile.
    pub p90_us: u64,
    /// 95th percentile.
    pub p95_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// Maximum.
    pub max_us: u64,
}

impl Latency {
    /// The percentiles of `h`, `None` when it is empty.
    pub fn of(h: &Histogram<u64>) -> Option<Self> {
        if h.is_empty() {
            return None;
        }
        Some(Latency {
            count: h.len(),
            p50_us: h.value_at_quantile(0.50),
            p90_us: h.value_at_quantile(0.90),
            p95_us: h.value_at_quantile(0.95),
            p99_us: h.value_at_quantile(0.99),
            max_us: h.max(),
        })
    }
}

/// One operation's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSummary {
    /// Requests sent.
    pub sent: u64,
    /// Successful responses.
    pub ok: u64,
    /// Failures by class (`codigo_23`, `http_502`, `transport_timeout`, …).
    pub failed: BTreeMap<String, u64>,
    /// Sent per second over the run's duration.
    pub rate_per_sec: f64,
    /// Response time (from the scheduled start); `None` without samples.
    pub response_time: Option<Latency>,
    /// Service time (from the actual send); `None` without samples.
    pub service_time: Option<Latency>,
}

/// One error class over the whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummary {
    /// How many.
    pub count: u64,
    /// Up to 5 example messages (already scrubbed by the recorder).
    pub examples: Vec<String>,
}

/// The judgement of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid, and every threshold held (exit 0).
    Ok,
    /// Valid, but these thresholds failed (exit 1).
    ThresholdFailed(Vec<String>),
    /// The figures mean nothing, for these reasons (exit 3).
    Invalid(Vec<String>),
}

impl Verdict {
    /// The process exit code: 0 ok, 1 a threshold failed, 3 INVALID.
    pub fn exit_code(&self) -> u8 {
        match self {
            Verdict::Ok => 0,
            Verdict::ThresholdFailed(_) => 1,
            Verdict::Invalid(_) => 3,
        }
    }

    /// `ok`, `threshold_failed` or `invalid`.
    pub fn id(&self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::ThresholdFailed(_) => "threshold_failed",
            Verdict::Invalid(_) => "invalid",
        }
    }

    /// The reasons (empty for `Ok`).
    pub fn reasons(&self) -> &[String] {
        match self {
            Verdict::Ok => &[],
            Verdict::ThresholdFailed(r) | Verdict::Invalid(r) => r,
        }
    }
}

/// Everything the renderers show.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Per operation, in id order.
    pub operations: BTreeMap<Operation, OperationSummary>,
    /// Σ sent.
    pub sent: u64,
    /// Σ ok.
    pub ok: u64,
    /// Σ failed (every class).
    pub failed: u64,
    /// Open-model starts that could not go out.
    pub skipped: u64,
    /// ok / (sent + skipped); `None` with no request at all.
    pub success_ratio: Option<f64>,
    /// Measured length of the load phase.
    pub duration: Duration,
    /// Σ sent per second.
    pub achieved_rate_per_sec: f64,
    /// Σ ok per second.
    pub ok_rate_per_sec: f64,
    /// The open model's planned rate.
    pub planned_rate_per_sec: Option<f64>,
    /// How far behind plan the open model fell, 0..=1 (0 = on plan): the worse of the request
    /// rate under the planned rate and the skipped share of planned starts.
    pub behind_ratio: Option<f64>,
    /// Stopped by Ctrl-C: the figures are partial.
    pub interrupted: bool,
    /// Error classes over the whole run.
    pub errors: BTreeMap<String, ErrorSummary>,
    /// The validity bounds applied.
    pub validity: Validity,
    /// The verdict.
    pub verdict: Verdict,
}

fn per_sec(count: u64, duration: Duration) -> f64 {
    let s = duration.as_secs_f64();
    if s > 0.0 { count as f64 / s } else { 0.0 }
}

fn ms(us: u64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

fn ms_d(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Analyzes a run against its thresholds and validity bounds.
pub fn analyze(data: &RunData, thresholds: &Thresholds, validity: &Validity) -> Summary {
    let mut operations = BTreeMap::new();
    let (mut sent, mut ok, mut failed) = (0u64, 0u64, 0u64);
    for (op, d) in &data.operations {
        sent += d.sent;
        ok += d.ok;
        failed += d.failed.values().sum::<u64>();
        operations.insert(
            *op,
            OperationSummary {
                sent: d.sent,
                ok: d.ok,
                failed: d.failed.clone(),
                rate_per_sec: per_sec(d.sent, data.duration),
                response_time: Latency::of(&d.response_time_us),
                service_time: Latency::of(&d.service_time_us),
            },
        );
    }
    let attempted = sent + data.skipped;
    let success_ratio = (attempted > 0).then(|| ok as f64 / attempted as f64);
    let achieved_rate_per_sec = per_sec(sent, data.duration);
    // Two views of falling behind, the worse one counts: requests per second under the plan
    // (exact when every flow is one request), and the share of planned starts that were
    // skipped (still right when a flow holds several requests, which lifts the request rate
    // above the arrival rate).
    let behind_ratio = data.planned_rate_per_sec.filter(|p| *p > 0.0).map(|planned| {
        let by_rate = 1.0 - achieved_rate_per_sec / planned;
        let planned_starts = planned * data.duration.as_secs_f64();
        let by_skips = if planned_starts > 0.0 { data.skipped as f64 / planned_starts } else { 0.0 };
        by_rate.max(by_skips).clamp(0.0, 1.0)
    });

    let mut invalid = Vec::new();
    match success_ratio {
        None => invalid.push("no requests were sent".to_owned()),
        Some(r) if r < validity.min_success_ratio => invalid.push(format!(
            "success ratio {:.1}% ({ok} of {attempted} ok) is under the bound {:.1}%",
            r * 100.0,
            validity.min_success_ratio * 100.0
        )),
        Some(_) => {}
    }
    if let (Some(behind), Some(planned)) = (behind_ratio, data.planned_rate_per_sec)
        && behind > validity.max_behind_ratio
    {
        invalid.push(format!(
            "the open model fell {:.1}% behind its planned {planned:.1}/s (achieved {achieved_rate_per_sec:.1} req/s, {} starts skipped; bound {:.1}%)",
            behind * 100.0,
            data.skipped,
            validity.max_behind_ratio * 100.0
        ));
    }
    let verdict = if !invalid.is_empty() {
        Verdict::Invalid(invalid)
    } else {
        let failures = threshold_failures(&operations, thresholds, sent, failed, per_sec(ok, data.duration));
        if failures.is_empty() { Verdict::Ok } else { Verdict::ThresholdFailed(failures) }
    };

    Summary {
        operations,
        sent,
        ok,
        failed,
        skipped: data.skipped,
        success_ratio,
        duration: data.duration,
        achieved_rate_per_sec,
        ok_rate_per_sec: per_sec(ok, data.duration),
        planned_rate_per_sec: data.planned_rate_per_sec,
        behind_ratio,
        interrupted: data.interrupted,
        errors: data
            .errors
            .iter()
            .map(|(class, t)| (class.clone(), ErrorSummary { count: t.count, examples: t.examples.clone() }))
            .collect(),
        validity: *validity,
        verdict,
    }
}

fn threshold_failures(
    operations: &BTreeMap<Operation, OperationSummary>,
    t: &Thresholds,
    sent: u64,
    failed: u64,
    ok_rate_per_sec: f64,
) -> Vec<String> {
    let mut out = Vec::new();
    for (op, limits) in &t.operations {
        let Some(lat) = operations.get(op).and_then(|s| s.response_time) else {
            if limits.p95.is_some() || limits.p99.is_some() || limits.max.is_some() {
                out.push(format!("{op}: no samples to check its latency thresholds"));
            }
            continue;
        };
        for (name, limit, value) in
            [("p95", limits.p95, lat.p95_us), ("p99", limits.p99, lat.p99_us), ("max", limits.max, lat.max_us)]
        {
            if let Some(limit) = limit
                && u128::from(value) > limit.as_micros()
            {
                out.push(format!("{op}: {name} {} > {}", ms(value), ms_d(limit)));
            }
        }
    }
    if let Some(max) = t.max_error_rate
        && sent > 0
    {
        let rate = failed as f64 / sent as f64;
        if rate > max {
            out.push(format!("error rate {:.2}% > {:.2}%", rate * 100.0, max * 100.0));
        }
    }
    if let Some(min) = t.min_throughput_per_sec
        && ok_rate_per_sec < min
    {
        out.push(format!("throughput {ok_rate_per_sec:.1} ok/s < {min:.1} ok/s"));
    }
    out
}
