//! The Markdown summary (`summary.md` in a run directory).
//!
//! Owns [`render_markdown`]. An INVALID run says so in its first line. Must stay pure and
//! deterministic (BTreeMap order, fixed precision, no wall clock).

use std::fmt::Write as _;

use super::summary::{Summary, Verdict};
use super::table::{errors_cell, ms_cell, ratio_cell, verdict_line};

/// Renders the summary as Markdown: verdict, validity, one table per histogram kind and the
/// error classes with their examples. `title` is usually the scenario name.
pub fn render_markdown(s: &Summary, title: &str) -> String {
    let mut out = String::new();
    if let Verdict::Invalid(reasons) = &s.verdict {
        let _ = writeln!(out, "**INVALID: {}**\n", reasons.join("; "));
    }
    let _ = writeln!(out, "# Run summary: {title}\n");
    let _ = writeln!(out, "{}\n", verdict_line(&s.verdict));
    let _ = writeln!(out, "## Validity\n");
    let _ = writeln!(out, "| measure | value |\n|---|---|");
    let _ = writeln!(
        out,
        "| success ratio | {} (bound {:.1}%) |",
        ratio_cell(s.success_ratio),
        s.validity.min_success_ratio * 100.0
    );
    let _ = writeln!(out, "| samples | {} sent, {} ok, {} failed, {} skipped |", s.sent, s.ok, s.failed, s.skipped);
    let _ = writeln!(out, "| duration | {:.2} s |", s.duration.as_secs_f64());
    let _ = writeln!(out, "| achieved rate | {:.1} req/s ({:.1} ok/s) |", s.achieved_rate_per_sec, s.ok_rate_per_sec);
    if let Some(p) = s.planned_rate_per_sec {
        let behind = s.behind_ratio.unwrap_or(0.0) * 100.0;
        let _ = writeln!(
            out,
            "| planned rate | {p:.1} req/s ({behind:.1}% behind, bound {:.1}%) |",
            s.validity.max_behind_ratio * 100.0
        );
    }
    if s.interrupted {
        let _ = writeln!(out, "| interrupted | yes: the figures are partial |");
    }
    for (heading, pick) in
        [("Response time (from the scheduled start)", true), ("Service time (from the actual send)", false)]
    {
        let _ = writeln!(out, "\n## {heading}\n");
        let _ =
            writeln!(out, "| operation | count | ok | rate/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms | errors |");
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        for (op, o) in &s.operations {
            let l = if pick { o.response_time } else { o.service_time };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {} |",
                op.id(),
                o.sent,
                o.ok,
                o.rate_per_sec,
                ms_cell(l.map(|l| l.p50_us)),
                ms_cell(l.map(|l| l.p90_us)),
                ms_cell(l.map(|l| l.p95_us)),
                ms_cell(l.map(|l| l.p99_us)),
                ms_cell(l.map(|l| l.max_us)),
                errors_cell(&o.failed).replace('|', "\\|")
            );
        }
    }
    if !s.errors.is_empty() {
        let _ = writeln!(out, "\n## Errors\n");
        for (class, e) in &s.errors {
            let _ = writeln!(out, "- `{class}`: {}", e.count);
            for ex in &e.examples {
                let _ = writeln!(out, "  - `{}`", ex.replace('`', "'"));
            }
        }
    }
    out
}
