//! Live progress on stderr (indicatif): elapsed time, requests, errors, current rate.
//!
//! Reads the recorder's relaxed counters a few times a second; never touches the request
//! path. Hidden when stderr is not a terminal, so CI logs stay clean.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::run::RecorderHandle;

/// A running progress display.
pub struct Progress {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// Starts updating a bar out of `max_requests` from `recorder` (inside a tokio runtime).
    pub fn start(recorder: RecorderHandle, max_requests: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(max_requests), ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} {bar:30} {pos}/{len} requests  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let done = Arc::new(AtomicBool::new(false));
        let task = {
            let (bar, done) = (bar.clone(), done.clone());
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_millis(250));
                let mut last = (0u64, std::time::Instant::now());
                while !done.load(Ordering::Relaxed) {
                    tick.tick().await;
                    let p = recorder.progress();
                    let sent = p.sent.load(Ordering::Relaxed);
                    let now = std::time::Instant::now();
                    let rate = (sent - last.0.min(sent)) as f64 / now.duration_since(last.1).as_secs_f64().max(1e-3);
                    last = (sent, now);
                    bar.set_position(sent);
                    bar.set_message(format!(
                        "ok {}  failed {}  skipped {}  {rate:.0} req/s",
                        p.ok.load(Ordering::Relaxed),
                        p.failed.load(Ordering::Relaxed),
                        p.skipped.load(Ordering::Relaxed),
                    ));
                }
            })
        };
        Progress { bar, done, task: Some(task) }
    }

    /// Stops the display and clears it.
    pub fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(task) = self.task.take() {
            task.abort();
        }
        self.bar.finish_and_clear();
    }
}
