//! The compact end-of-run table printed to stdout.
//!
//! Owns [`render_table`]. If the run is INVALID, the FIRST line says `INVALID: <why>`, so
//! nobody reads a rate off a run whose requests failed. Must stay pure and deterministic.

use std::fmt::Write as _;

use super::summary::{Latency, Summary, Verdict};

/// `1234` µs → `1.2` (ms, one decimal); `-` without samples.
pub(crate) fn ms_cell(us: Option<u64>) -> String {
    us.map_or_else(|| "-".to_owned(), |us| format!("{:.1}", us as f64 / 1000.0))
}

/// `codigo_23:3 http_502:1`, or `-` when there is none.
pub(crate) fn errors_cell(failed: &std::collections::BTreeMap<String, u64>) -> String {
    let parts: Vec<_> = failed.iter().filter(|(_, n)| **n > 0).map(|(c, n)| format!("{c}:{n}")).collect();
    if parts.is_empty() { "-".to_owned() } else { parts.join(" ") }
}

/// The percentage text of a success ratio, `-` without requests.
pub(crate) fn ratio_cell(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The verdict line: `verdict: OK (exit 0)` etc.
pub(crate) fn verdict_line(v: &Verdict) -> String {
    match v {
        Verdict::Ok => "verdict: OK (exit 0)".to_owned(),
        Verdict::ThresholdFailed(r) => format!("verdict: THRESHOLD FAILED (exit 1): {}", r.join("; ")),
        Verdict::Invalid(r) => format!("verdict: INVALID (exit 3): {}", r.join("; ")),
    }
}

/// The end-of-run table: one row per operation (count, ok, rate, p50/p90/p99/max of the
/// response time in ms, errors by class), a total row, a validity line and the verdict.
pub fn render_table(s: &Summary) -> String {
    let mut out = String::new();
    if let Verdict::Invalid(reasons) = &s.verdict {
        let _ = writeln!(out, "INVALID: {}", reasons.join("; "));
    }
    if s.interrupted {
        let _ = writeln!(out, "interrupted: the figures below are partial");
    }
    let _ = writeln!(
        out,
        "{:<32} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}  errors",
        "operation", "count", "ok", "rate/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for (op, o) in &s.operations {
        let l: Option<Latency> = o.response_time;
        let _ = writeln!(
            out,
            "{:<32} {:>9} {:>9} {:>9.1} {:>9} {:>9} {:>9} {:>9}  {}",
            op.id(),
            o.sent,
            o.ok,
            o.rate_per_sec,
            ms_cell(l.map(|l| l.p50_us)),
            ms_cell(l.map(|l| l.p90_us)),
            ms_cell(l.map(|l| l.p99_us)),
            ms_cell(l.map(|l| l.max_us)),
            errors_cell(&o.failed)
        );
    }
    let _ = writeln!(
        out,
        "{:<32} {:>9} {:>9} {:>9.1} {:>9} {:>9} {:>9} {:>9}  {}",
        "total",
        s.sent,
        s.ok,
        s.achieved_rate_per_sec,
        "",
        "",
        "",
        "",
        if s.failed > 0 { format!("failed:{}", s.failed) } else { "-".to_owned() }
    );
    let planned = s.planned_rate_per_sec.map_or_else(String::new, |p| format!(" of {p:.1} planned"));
    let _ = writeln!(
        out,
        "validity: success {} (bound {:.1}%), {} samples, {} skipped, {:.2} s, {:.1} req/s{planned}",
        ratio_cell(s.success_ratio),
        s.validity.min_success_ratio * 100.0,
        s.sent,
        s.skipped,
        s.duration.as_secs_f64(),
        s.achieved_rate_per_sec,
    );
    let _ = writeln!(out, "{}", verdict_line(&s.verdict));
    out
}
