//! `nubefact-harness report DIR`: renders a recorded run again from its files.
//!
//! Results are data: the summary, table and Markdown are pure functions of the run
//! directory, so this gives the same verdict as the run did when given the same scenario
//! (its thresholds and validity bounds are not stored in the run directory; without
//! `--scenario` the default bounds apply and no thresholds are checked).

use std::path::Path;

use anyhow::Context;

use super::Exit;
use crate::report::{Thresholds, Validity, analyze, render_json, render_markdown, render_table};
use crate::results::dir::write_atomic;
use crate::scenario::Scenario;

/// Re-renders `dir`, writing `summary.json` and `summary.md` again and printing the table.
///
/// # Errors
/// The directory or the scenario cannot be read (exit 2).
pub fn run(dir: &Path, scenario: Option<&Path>) -> anyhow::Result<Exit> {
    let loaded =
        crate::results::load(dir).with_context(|| format!("{}: not a readable run directory", dir.display()))?;
    let (thresholds, validity, title) = match scenario {
        Some(path) => {
            let s = Scenario::load(path)?;
            (s.thresholds, s.validity, s.name)
        }
        None => (Thresholds::default(), Validity::default(), loaded.manifest.scenario.name.clone()),
    };
    let summary = analyze(&loaded.data, &thresholds, &validity);
    write_atomic(dir, "summary.json", render_json(&summary).as_bytes())?;
    write_atomic(dir, "summary.md", render_markdown(&summary, &title).as_bytes())?;
    print!("{}", render_table(&summary));
    Ok(Exit::of(&summary.verdict))
}
