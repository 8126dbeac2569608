//! The run directory on disk: creating it, writing it atomically, loading it back.
//!
//! Owns the file names, the atomic write (temp file in the same directory, fsync,
//! rename), the interval logs written while the run goes ([`IntervalLogs`]) and [`load`].
//! Must not keep a clock: timestamps are passed in.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use hdrhistogram::Histogram;

use super::data::{OperationData, RunData};
use super::error::ResultsError;
use super::files::{self, Totals};
use super::hlog::{self, HlogWriter};
use super::manifest::Manifest;
use crate::api::Operation;

/// `manifest.json`.
pub const MANIFEST: &str = "manifest.json";
/// Response time (from the scheduled start) interval log.
pub const RESPONSE_TIME_HLOG: &str = "response_time.hlog";
/// Service time (from the actual send) interval log.
pub const SERVICE_TIME_HLOG: &str = "service_time.hlog";
/// Per-second counts.
pub const COUNTS_CSV: &str = "counts.csv";
/// The error tally.
pub const ERRORS_JSON: &str = "errors.json";
/// Run-level totals and per-operation counts.
pub const TOTALS_JSON: &str = "totals.json";
/// goose's own reports.
pub const GOOSE_DIR: &str = "goose";

/// A run directory that exists on disk.
#[derive(Debug, Clone)]
pub struct RunDir {
    path: PathBuf,
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Write { path: path.to_owned(), source }
}

fn read_err(path: &Path) -> impl FnOnce(std::io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Read { path: path.to_owned(), source }
}

/// The temp name of `final_name` in the same directory (hidden, so a reader of the
/// directory never mistakes it for a result).
fn temp_path(dir: &Path, final_name: &str) -> PathBuf {
    dir.join(format!(".{final_name}.tmp-{}", std::process::id()))
}

/// Writes `bytes` to `dir/name` atomically: temp file, fsync, rename, fsync of the dir.
///
/// # Errors
/// [`ResultsError::Write`] naming the file.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), ResultsError> {
    let temp = temp_path(dir, name);
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&temp);
        return Err(ResultsError::Write { path: dir.join(name), source });
    }
    commit(dir, &temp, name)
}

fn commit(dir: &Path, temp: &Path, name: &str) -> Result<(), ResultsError> {
    let target = dir.join(name);
    fs::rename(temp, &target).map_err(write_err(&target))?;
    // Persist the rename itself; not every platform can open a directory, so best effort.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `<UTC yyyymmddThhmmssZ>-<scenario>` with the scenario reduced to `[A-Za-z0-9_-]`.
pub fn default_name(scenario: &str, now: SystemTime) -> String {
    let t = time::OffsetDateTime::from(now);
    let safe: String =
        scenario.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z-{safe}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl RunDir {
    /// Creates (or reuses) `path` as the run directory.
    ///
    /// # Errors
    /// [`ResultsError::Write`] if it cannot be created.
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, ResultsError> {
        let path = path.into();
        fs::create_dir_all(&path).map_err(write_err(&path))?;
        Ok(RunDir { path })
    }

    /// Creates `<base>/reports/runs/<UTC timestamp>-<scenario>/`.
    ///
    /// # Errors
    /// [`ResultsError::Write`] if it cannot be created.
    pub fn create_default(base: &Path, scenario: &str, now: SystemTime) -> Result<Self, ResultsError> {
        Self::create(base.join("reports").join("runs").join(default_name(scenario, now)))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `<dir>/goose/`, created, for goose's own reports.
    ///
    /// # Errors
    /// [`ResultsError::Write`] if it cannot be created.
    pub fn goose_dir(&self) -> Result<PathBuf, ResultsError> {
        let dir = self.path.join(GOOSE_DIR);
        fs::create_dir_all(&dir).map_err(write_err(&dir))?;
        Ok(dir)
    }

    /// Opens the two interval logs (as temp files, renamed by [`RunDir::write`]) with their
    /// header; `start` is the wall-clock run start.
    ///
    /// # Errors
    /// [`ResultsError::Write`] if they cannot be created.
    pub fn interval_logs(&self, start: SystemTime) -> Result<IntervalLogs, ResultsError> {
        let open = |name: &'static str, what: &str| -> Result<HlogFile, ResultsError> {
            let temp = temp_path(&self.path, name);
            let file = File::create(&temp).map_err(write_err(&temp))?;
            let writer = HlogWriter::new(BufWriter::new(file), start, what).map_err(write_err(&temp))?;
            Ok(HlogFile { name, temp, writer })
        };
        Ok(IntervalLogs {
            dir: self.path.clone(),
            response: open(RESPONSE_TIME_HLOG, "response time from the scheduled start")?,
            service: open(SERVICE_TIME_HLOG, "service time from the actual send")?,
            intervals: 0,
        })
    }

    /// Writes everything of a finished (or interrupted) run: the interval logs (when
    /// `logs` is `None`, one interval covering the whole run is written from the final
    /// histograms), `counts.csv`, `errors.json`, `totals.json` and, last, `manifest.json`
    /// (with `interrupted` set when the data says so). A directory with a manifest is
    /// complete.
    ///
    /// # Errors
    /// The first [`ResultsError`] met.
    pub fn write(
        &self,
        manifest: &Manifest,
        data: &RunData,
        logs: Option<IntervalLogs>,
        start: SystemTime,
    ) -> Result<(), ResultsError> {
        let logs = match logs {
            Some(logs) => logs,
            None => {
                let mut logs = self.interval_logs(start)?;
                for (op, d) in &data.operations {
                    logs.write_interval(*op, Duration::ZERO, data.duration, &d.response_time_us, &d.service_time_us)?;
                }
                logs
            }
        };
        logs.commit()?;
        write_atomic(&self.path, COUNTS_CSV, files::encode_counts(&data.per_second).as_bytes())?;
        write_atomic(&self.path, ERRORS_JSON, &files::encode_errors(&data.errors))?;
        let totals = files::totals_of(data);
        let json = |path: &str, v: &dyn erased::Json| v.to_json(&self.path.join(path));
        write_atomic(&self.path, TOTALS_JSON, &json(TOTALS_JSON, &totals)?)?;
        let mut manifest = manifest.clone();
        manifest.interrupted |= data.interrupted;
        write_atomic(&self.path, MANIFEST, &json(MANIFEST, &manifest)?)?;
        Ok(())
    }
}

mod erased {
    //! A tiny object-safe "to pretty JSON" so `write` can share one closure.
    use std::path::Path;

    use super::ResultsError;

    pub trait Json {
        fn to_json(&self, path: &Path) -> Result<Vec<u8>, ResultsError>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self, path: &Path) -> Result<Vec<u8>, ResultsError> {
            serde_json::to_vec_pretty(self).map_err(|source| ResultsError::Json { path: path.to_owned(), source })
        }
    }
}

struct HlogFile {
    name: &'static str,
    temp: PathBuf,
    writer: HlogWriter<BufWriter<File>>,
}

impl HlogFile {
    fn finish(self, dir: &Path) -> Result<(), ResultsError> {
        let buffered = self.writer.into_inner().map_err(write_err(&self.temp))?;
        let file = buffered
            .into_inner()
            .map_err(|e| ResultsError::Write { path: self.temp.clone(), source: e.into_error() })?;
        file.sync_all().map_err(write_err(&self.temp))?;
        commit(dir, &self.temp, self.name)
    }
}

/// The two interval logs of a run, written while it goes (by the recorder).
pub struct IntervalLogs {
    dir: PathBuf,
    response: HlogFile,
    service: HlogFile,
    intervals: usize,
}

impl std::fmt::Debug for IntervalLogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntervalLogs").field("dir", &self.dir).field("intervals", &self.intervals).finish()
    }
}

impl IntervalLogs {
    /// Appends one interval of `operation` to both logs.
    ///
    /// # Errors
    /// [`ResultsError::Write`] or [`ResultsError::Serialize`].
    pub fn write_interval(
        &mut self,
        operation: Operation,
        offset: Duration,
        length: Duration,
        response_time_us: &Histogram<u64>,
        service_time_us: &Histogram<u64>,
    ) -> Result<(), ResultsError> {
        let tag = operation.id();
        let path = self.dir.join(self.response.name);
        self.response.writer.write_interval(&path, tag, offset, length, response_time_us)?;
        let path = self.dir.join(self.service.name);
        self.service.writer.write_interval(&path, tag, offset, length, service_time_us)?;
        self.intervals += 1;
        Ok(())
    }

    /// How many intervals were written (per log).
    pub fn intervals(&self) -> usize {
        self.intervals
    }

    /// Flushes, fsyncs and renames both logs into place.
    ///
    /// # Errors
    /// [`ResultsError::Write`].
    pub fn commit(self) -> Result<(), ResultsError> {
        self.response.finish(&self.dir)?;
        self.service.finish(&self.dir)
    }
}

/// A run directory read back.
#[derive(Debug, Clone)]
pub struct LoadedRun {
    /// `manifest.json`.
    pub manifest: Manifest,
    /// Everything else, as the recorder produced it (histograms merged from the intervals).
    pub data: RunData,
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, ResultsError> {
    let path = dir.join(name);
    fs::read(&path).map_err(read_err(&path))
}

/// Loads a run directory back into [`RunData`]: histograms are the merge of every interval
/// of each tag of the `.hlog` files.
///
/// # Errors
/// The first [`ResultsError`] met, naming the file.
pub fn load(dir: &Path) -> Result<LoadedRun, ResultsError> {
    let json_err = |name: &str| {
        let path = dir.join(name);
        move |source| ResultsError::Json { path, source }
    };
    let manifest: Manifest = serde_json::from_slice(&read(dir, MANIFEST)?).map_err(json_err(MANIFEST))?;
    let totals: Totals = serde_json::from_slice(&read(dir, TOTALS_JSON)?).map_err(json_err(TOTALS_JSON))?;
    let response = hlog::read_merged(&dir.join(RESPONSE_TIME_HLOG), &read(dir, RESPONSE_TIME_HLOG)?)?;
    let service = hlog::read_merged(&dir.join(SERVICE_TIME_HLOG), &read(dir, SERVICE_TIME_HLOG)?)?;
    let counts_path = dir.join(COUNTS_CSV);
    let counts = String::from_utf8_lossy(&read(dir, COUNTS_CSV)?).into_owned();
    let per_second = files::decode_counts(&counts_path, &counts)?;
    let errors = files::decode_errors(&dir.join(ERRORS_JSON), &read(dir, ERRORS_JSON)?)?;

    let mut operations = BTreeMap::new();
    let totals_path = dir.join(TOTALS_JSON);
    for (name, t) in &totals.operations {
        let op = files::operation_named(&totals_path, name)?;
        operations.insert(
            op,
            OperationData {
                response_time_us: response.by_tag.get(name).cloned().unwrap_or_else(hlog::new_histogram),
                service_time_us: service.by_tag.get(name).cloned().unwrap_or_else(hlog::new_histogram),
                sent: t.sent,
                ok: t.ok,
                failed: t.failed.clone(),
            },
        );
    }
    for tag in response.by_tag.keys() {
        files::operation_named(&dir.join(RESPONSE_TIME_HLOG), tag)?;
    }
    let data = RunData {
        operations,
        per_second,
        errors,
        planned_rate_per_sec: totals.planned_rate_per_sec,
        duration: files::duration_from_secs(totals.duration_s),
        skipped: totals.skipped,
        interrupted: totals.interrupted,
    };
    Ok(LoadedRun { manifest, data })
}
