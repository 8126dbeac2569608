//! A run's recording session: the recorder, its interval logs and, at the end, the run
//! directory.
//!
//! Owns the order of things: open the logs, start the recorder, (the caller drives the
//! load), stop the recorder, write the directory with the manifest last. Works the same
//! for a finished and an interrupted run: everything recorded so far is written and the
//! manifest says `interrupted`. Must not drive load itself.

use std::time::{Instant, SystemTime};

use super::recorder::{Recorder, RecorderError, RecorderHandle};
use crate::api::Operation;
use crate::results::{Manifest, ResultsError, RunData, RunDir};

/// The session failed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The recorder failed.
    #[error(transparent)]
    Recorder(#[from] RecorderError),
    /// The run directory could not be written.
    #[error(transparent)]
    Results(#[from] ResultsError),
}

/// A recording in progress.
pub struct Session {
    recorder: Recorder,
    dir: Option<RunDir>,
    started_wall: SystemTime,
}

/// The RFC 3339 UTC form of `t`, as the manifest stores it.
pub fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

impl Session {
    /// Starts recording now. With `dir`, the interval logs are written into it as the run
    /// goes and [`Session::finish`] writes the rest.
    ///
    /// # Errors
    /// [`SessionError`] when the logs cannot be opened or the recorder cannot start.
    pub fn begin(operations: &[Operation], dir: Option<RunDir>) -> Result<Self, SessionError> {
        let started_wall = SystemTime::now();
        let start = Instant::now();
        let logs = dir.as_ref().map(|d| d.interval_logs(started_wall)).transpose()?;
        let recorder = Recorder::spawn(start, operations, logs)?;
        Ok(Session { recorder, dir, started_wall })
    }

    /// A handle for the drivers (its `start()` is the run start).
    pub fn recorder(&self) -> RecorderHandle {
        self.recorder.handle()
    }

    /// The wall-clock run start (for `manifest.started`).
    pub fn started_wall(&self) -> SystemTime {
        self.started_wall
    }

    /// The run directory, when there is one.
    pub fn dir(&self) -> Option<&RunDir> {
        self.dir.as_ref()
    }

    /// Stops the recorder and, with a run directory, writes it with `manifest` (its
    /// `ended` is set to now when empty, `interrupted` is or-ed with `interrupted`).
    ///
    /// # Errors
    /// [`SessionError`] when recording or writing failed.
    pub fn finish(
        self,
        manifest: &Manifest,
        planned_rate_per_sec: Option<f64>,
        interrupted: bool,
    ) -> Result<RunData, SessionError> {
        let (data, logs) = self.recorder.finish(planned_rate_per_sec, interrupted)?;
        if let Some(dir) = &self.dir {
            let mut manifest = manifest.clone();
            if manifest.ended.is_none() {
                manifest.ended = Some(rfc3339(SystemTime::now()));
            }
            manifest.interrupted |= interrupted;
            dir.write(&manifest, &data, logs, self.started_wall)?;
        }
        Ok(data)
    }

    /// Stops the recorder and returns the data, writing nothing (for sessions begun
    /// without a run directory; with one, the directory is left without its small files
    /// and manifest, i.e. incomplete).
    ///
    /// # Errors
    /// [`SessionError::Recorder`].
    pub fn finish_without_dir(
        self,
        planned_rate_per_sec: Option<f64>,
        interrupted: bool,
    ) -> Result<RunData, SessionError> {
        let (data, _logs) = self.recorder.finish(planned_rate_per_sec, interrupted)?;
        Ok(data)
    }
}
