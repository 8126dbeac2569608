//! The small files of a run directory as bytes: `counts.csv`, `errors.json`, `totals.json`.
//!
//! Owns their encoding and decoding (pure functions of [`RunData`] parts). Must not touch
//! the file system: [`super::dir`] does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::data::{ErrorTally, RunData, SecondCounts};
use super::error::ResultsError;
use crate::api::Operation;

/// The fixed leading columns of `counts.csv`; one column per failure class follows.
pub const COUNTS_FIXED_COLUMNS: [&str; 4] = ["second", "sent", "ok", "failed"];

/// `counts.csv`: a header row, then one row per second with the failure count per class
/// (classes sorted, the union over the run).
pub fn encode_counts(per_second: &[SecondCounts]) -> String {
    let classes: BTreeSet<&str> = per_second.iter().flat_map(|s| s.failed.keys().map(String::as_str)).collect();
    let mut out = COUNTS_FIXED_COLUMNS.join(",");
    for class in &classes {
        out.push(',');
        out.push_str(class);
    }
    out.push('\n');
    for s in per_second {
        let failed: u64 = s.failed.values().sum();
        out.push_str(&format!("{},{},{},{}", s.second, s.sent, s.ok, failed));
        for class in &classes {
            out.push_str(&format!(",{}", s.failed.get(*class).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    out
}

/// Reads `counts.csv` back.
///
/// # Errors
/// [`ResultsError::Csv`] naming the line when the header or a cell is wrong.
pub fn decode_counts(path: &Path, text: &str) -> Result<Vec<SecondCounts>, ResultsError> {
    let bad = |line: usize, message: String| ResultsError::Csv { path: path.to_owned(), line, message };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().ok_or_else(|| bad(1, "missing header row".to_owned()))?.split(',').collect();
    if header.len() < COUNTS_FIXED_COLUMNS.len() || header[..4] != COUNTS_FIXED_COLUMNS {
        return Err(bad(1, format!("header must start with {}", COUNTS_FIXED_COLUMNS.join(","))));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let number = i + 2;
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            return Err(bad(number, format!("{} cells, header has {}", cells.len(), header.len())));
        }
        let mut values = Vec::with_capacity(cells.len());
        for (cell, column) in cells.iter().zip(&header) {
            values.push(
                cell.parse::<u64>().map_err(|_| bad(number, format!("column {column}: {cell:?} is not a count")))?,
            );
        }
        let failed = header[4..]
            .iter()
            .zip(&values[4..])
            .filter(|(_, n)| **n > 0)
            .map(|(class, n)| ((*class).to_owned(), *n))
            .collect();
        rows.push(SecondCounts { second: values[0], sent: values[1], ok: values[2], failed });
    }
    Ok(rows)
}

/// `errors.json`: class → count and examples.
#[derive(Serialize, Deserialize)]
struct ErrorsFile {
    format_version: u32,
    classes: BTreeMap<String, TallyJson>,
}

#[derive(Serialize, Deserialize)]
struct TallyJson {
    count: u64,
    examples: Vec<String>,
}

/// Encodes the error tally.
pub fn encode_errors(errors: &BTreeMap<String, ErrorTally>) -> Vec<u8> {
    let file = ErrorsFile {
        format_version: super::manifest::RUN_FORMAT_VERSION,
        classes: errors
            .iter()
            .map(|(k, t)| (k.clone(), TallyJson { count: t.count, examples: t.examples.clone() }))
            .collect(),
    };
    // Maps of strings and integers always serialize.
    serde_json::to_vec_pretty(&file).unwrap_or_default()
}

/// Reads `errors.json` back.
///
/// # Errors
/// [`ResultsError::Json`] when it is not the expected shape.
pub fn decode_errors(path: &Path, bytes: &[u8]) -> Result<BTreeMap<String, ErrorTally>, ResultsError> {
    let file: ErrorsFile =
        serde_json::from_slice(bytes).map_err(|source| ResultsError::Json { path: path.to_owned(), source })?;
    Ok(file.classes.into_iter().map(|(k, t)| (k, ErrorTally { count: t.count, examples: t.examples })).collect())
}

/// `totals.json`: the run-level numbers and per-operation counts that the histograms and
/// per-second rows do not carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// [`super::manifest::RUN_FORMAT_VERSION`].
    pub format_version: u32,
    /// Start of load to last response, seconds.
    pub duration_s: f64,
    /// Open model only.
    pub planned_rate_per_sec: Option<f64>,
    /// Open-model starts that could not go out.
    pub skipped: u64,
    /// Stopped by Ctrl-C.
    pub interrupted: bool,
    /// Per operation id.
    pub operations: BTreeMap<String, OperationTotals>,
}

/// One operation's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationTotals {
    /// Requests sent.
    pub sent: u64,
    /// Answered ok.
    pub ok: u64,
    /// Failures per class.
    pub failed: BTreeMap<String, u64>,
}

/// The totals of `data`.
pub fn totals_of(data: &RunData) -> Totals {
    Totals {
        format_version: super::manifest::RUN_FORMAT_VERSION,
        duration_s: data.duration.as_secs_f64(),
        planned_rate_per_sec: data.planned_rate_per_sec,
        skipped: data.skipped,
        interrupted: data.interrupted,
        operations: data
            .operations
            .iter()
            .map(|(op, d)| (op.id().to_owned(), OperationTotals { sent: d.sent, ok: d.ok, failed: d.failed.clone() }))
            .collect(),
    }
}

/// Parses an operation id found in a file.
///
/// # Errors
/// [`ResultsError::UnknownOperation`].
pub fn operation_named(path: &Path, name: &str) -> Result<Operation, ResultsError> {
    name.parse().map_err(|_| ResultsError::UnknownOperation { path: path.to_owned(), name: name.to_owned() })
}

/// `duration_s` back to a `Duration` (negative or NaN read as zero).
pub fn duration_from_secs(secs: f64) -> Duration {
    Duration::try_from_secs_f64(secs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip_through_csv_with_a_header() {
        let rows = vec![
            SecondCounts { second: 0, sent: 3, ok: 2, failed: BTreeMap::from([("codigo_23".to_owned(), 1)]) },
            SecondCounts { second: 1, sent: 1, ok: 0, failed: BTreeMap::from([("http_502".to_owned(), 1)]) },
        ];
        let text = encode_counts(&rows);
        assert!(text.starts_with("second,sent,ok,failed,codigo_23,http_502\n"));
        assert_eq!(decode_counts(Path::new("counts.csv"), &text).unwrap(), rows);
    }

    #[test]
    fn a_bad_cell_names_the_file_line_and_column() {
        let err = decode_counts(Path::new("counts.csv"), "second,sent,ok,failed\n0,x,0,0\n").unwrap_err();
        assert_eq!(err.to_string(), "counts.csv: line 2: column sent: \"x\" is not a count");
    }
}
