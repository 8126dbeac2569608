//! The fire-and-forget API call log: one JSON line per request attempt.
//!
//! Owns [`CallLog`] (the background writer thread and its file), [`CallLogger`] (the cheap
//! handle clients hold) and [`CallRecord`] (one line, built sans-IO by both flavours).
//! Recording never blocks the caller: records go through a bounded
//! `std::sync::mpsc::sync_channel` with `try_send`, and when it is full the record is
//! dropped and counted ([`CallLogger::dropped`]). The route and token never appear: keys
//! are document keys, and bodies — only when asked for — pass through
//! [`scrub`]. Must not be used for measurement: the timed span belongs to the
//! drivers.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use super::ClientError;
use super::error::scrub;
use super::retry::Payload;
use crate::api::{DocumentKey, Endpoint, Operation};

/// The default channel capacity, in records.
pub const DEFAULT_CAPACITY: usize = 8192;

/// How a [`CallLog`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallLogOptions {
    /// Records the channel holds before new ones are dropped (at least 1).
    pub capacity: usize,
    /// Also log request and response bodies (scrubbed). Off by default: bodies carry
    /// customer data and make the log large.
    pub log_bodies: bool,
}

impl Default for CallLogOptions {
    fn default() -> Self {
        CallLogOptions { capacity: DEFAULT_CAPACITY, log_bodies: false }
    }
}

/// The call log could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum CallLogError {
    /// The log file could not be created.
    #[error("cannot create call log {}", path.display())]
    Create {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The writer thread could not be started.
    #[error("cannot start the call log writer thread")]
    Spawn(#[source] io::Error),
    /// A write or flush failed; later records were not written.
    #[error("writing call log {target} failed")]
    Write {
        target: String,
        #[source]
        source: io::Error,
    },
    /// The writer thread has stopped (closed, or it panicked).
    #[error("the call log writer thread is gone")]
    WriterGone,
}

/// One line of the call log: one request attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    /// The operation id of the request actually sent (a recovery query has its own id).
    pub operation: &'static str,
    /// The document key, `tipo-serie-numero`.
    pub key: String,
    /// Original send, resend or query.
    pub payload: Payload,
    /// 1-based request number within the call.
    pub attempt: u32,
    /// The HTTP status, when an answer arrived.
    pub http_status: Option<u16>,
    /// The Nubefact `codigo`, when the answer carried one.
    pub codigo: Option<u16>,
    /// From sending the request to the last body byte (or the failure), in µs.
    pub duration_us: u64,
    /// `ok`, or [`ClientError::label`].
    pub outcome: String,
    /// The scrubbed error message, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The scrubbed request body, when bodies are logged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    /// The scrubbed response body, when bodies are logged and one arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
}

/// The facts of one attempt a [`CallRecord`] is built from.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The operation of the request sent.
    pub operation: Operation,
    /// The document key of the call.
    pub key: &'a DocumentKey,
    /// Which body was sent.
    pub payload: Payload,
    /// 1-based request number within the call.
    pub attempt: u32,
    /// The timed span of the exchange.
    pub duration: Duration,
}

impl CallRecord {
    /// Builds the record of an attempt. `error` is the attempt's error, if any; bodies are
    /// included (scrubbed with `endpoint`) only when given.
    pub fn build(
        endpoint: &Endpoint,
        facts: Attempt<'_>,
        http_status: Option<u16>,
        error: Option<&ClientError>,
        bodies: Option<(&[u8], Option<&[u8]>)>,
    ) -> Self {
        let text = |b: &[u8]| scrub(endpoint, &String::from_utf8_lossy(b));
        CallRecord {
            operation: facts.operation.id(),
            key: facts.key.to_string(),
            payload: facts.payload,
            attempt: facts.attempt,
            http_status: http_status.or_else(|| error.and_then(ClientError::status)),
            codigo: error.and_then(ClientError::code).map(|c| c.as_u16()),
            duration_us: u64::try_from(facts.duration.as_micros()).unwrap_or(u64::MAX),
            outcome: error.map_or_else(|| "ok".to_owned(), ClientError::label),
            // Error messages are already scrubbed where they are made; scrub again since
            // this line goes to a file.
            error: error.map(|e| scrub(endpoint, &e.to_string())),
            request_body: bodies.map(|(req, _)| text(req)),
            response_body: bodies.and_then(|(_, resp)| resp.map(text)),
        }
    }
}

enum Message {
    Record(Box<CallRecord>),
    Flush(mpsc::Sender<Result<(), String>>),
    Close,
}

#[derive(Debug, Default)]
struct Counters {
    dropped: AtomicU64,
}

/// The handle clients hold to record attempts. Cloning is cheap; recording never blocks.
#[derive(Clone)]
pub struct CallLogger {
    tx: SyncSender<Message>,
    counters: Arc<Counters>,
    log_bodies: bool,
}

impl std::fmt::Debug for CallLogger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallLogger")
            .field("dropped", &self.dropped())
            .field("log_bodies", &self.log_bodies)
            .finish_non_exhaustive()
    }
}

impl CallLogger {
    /// Queues `record` for the writer. Returns `false` (and counts it) when the channel is
    /// full or the log is closed.
    pub fn record(&self, record: CallRecord) -> bool {
        match self.tx.try_send(Message::Record(Box::new(record))) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.counters.dropped.fetch_add(1, Ordering::Relaxed);
                false
            }
        }
    }

    /// Records dropped so far because the channel was full or the log closed.
    pub fn dropped(&self) -> u64 {
        self.counters.dropped.load(Ordering::Relaxed)
    }

    /// Whether the log wants request and response bodies.
    pub fn wants_bodies(&self) -> bool {
        self.log_bodies
    }
}

/// What a closed call log wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLogSummary {
    /// Lines written.
    pub written: u64,
    /// Records dropped (channel full or log closed).
    pub dropped: u64,
}

/// The call log: a background thread writing JSON lines. Create it, hand
/// [`CallLog::logger`] to clients, and [`CallLog::close`] it at the end of the run.
///
/// ```
/// use nubefact_harness::client::call_log::{CallLog, CallLogOptions};
/// let dir = std::env::temp_dir().join(format!("calllog-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let log = CallLog::create(dir.join("calls.jsonl"), CallLogOptions::default()).unwrap();
/// let logger = log.logger();
/// assert_eq!(logger.dropped(), 0);
/// let summary = log.close().unwrap();
/// assert_eq!(summary.written, 0);
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub struct CallLog {
    logger: CallLogger,
    writer: Option<JoinHandle<Result<u64, io::Error>>>,
    target: String,
}

impl std::fmt::Debug for CallLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallLog").field("target", &self.target).field("logger", &self.logger).finish()
    }
}

impl CallLog {
    /// Creates (truncates) the file at `path` and starts the writer.
    ///
    /// # Errors
    /// [`CallLogError::Create`] naming the path, or [`CallLogError::Spawn`].
    pub fn create(path: impl AsRef<Path>, options: CallLogOptions) -> Result<Self, CallLogError> {
        let path = path.as_ref();
        let file = File::create(path).map_err(|source| CallLogError::Create { path: path.to_path_buf(), source })?;
        Self::to_writer(file, path.display().to_string(), options)
    }

    /// Starts a writer on any `Write` (tests, stderr); `target` names it in errors.
    ///
    /// # Errors
    /// [`CallLogError::Spawn`] if the thread cannot be started.
    pub fn to_writer<W: Write + Send + 'static>(
        out: W,
        target: impl Into<String>,
        options: CallLogOptions,
    ) -> Result<Self, CallLogError> {
        let (tx, rx) = mpsc::sync_channel(options.capacity.max(1));
        let writer = std::thread::Builder::new()
            .name("nubefact-call-log".into())
            .spawn(move || write_lines(rx, BufWriter::new(out)))
            .map_err(CallLogError::Spawn)?;
        Ok(CallLog {
            logger: CallLogger { tx, counters: Arc::default(), log_bodies: options.log_bodies },
            writer: Some(writer),
            target: target.into(),
        })
    }

    /// A handle for clients.
    pub fn logger(&self) -> CallLogger {
        self.logger.clone()
    }

    /// Records dropped so far.
    pub fn dropped(&self) -> u64 {
        self.logger.dropped()
    }

    /// Waits until every record queued before this call is written and flushed.
    ///
    /// # Errors
    /// [`CallLogError::Write`] if writing failed, [`CallLogError::WriterGone`] if the
    /// writer has stopped.
    pub fn flush(&self) -> Result<(), CallLogError> {
        let (done_tx, done_rx) = mpsc::channel();
        // A blocking send: waiting for room is what a flush is for.
        self.logger.tx.send(Message::Flush(done_tx)).map_err(|_| CallLogError::WriterGone)?;
        match done_rx.recv() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => {
                Err(CallLogError::Write { target: self.target.clone(), source: io::Error::other(message) })
            }
            Err(_) => Err(CallLogError::WriterGone),
        }
    }

    /// Writes everything queued, stops the writer and waits for it. Records sent after
    /// this are dropped and counted.
    ///
    /// # Errors
    /// [`CallLogError::Write`] if any write failed.
    pub fn close(mut self) -> Result<CallLogSummary, CallLogError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<CallLogSummary, CallLogError> {
        let Some(writer) = self.writer.take() else {
            return Err(CallLogError::WriterGone);
        };
        // If the writer already died, the send fails and join reports why.
        let _ = self.logger.tx.send(Message::Close);
        match writer.join() {
            Ok(Ok(written)) => Ok(CallLogSummary { written, dropped: self.dropped() }),
            Ok(Err(source)) => Err(CallLogError::Write { target: self.target.clone(), source }),
            Err(_) => Err(CallLogError::WriterGone),
        }
    }
}

impl Drop for CallLog {
    /// Closes the log as [`CallLog::close`] does, waiting for the writer (briefly
    /// blocking the dropping thread); errors are lost, so prefer `close`.
    fn drop(&mut self) {
        // Best effort: a log dropped without `close` still gets its lines written.
        if self.writer.is_some() {
            let _ = self.shutdown();
        }
    }
}

/// The writer loop: ends on `Close` or when every sender is gone. Flushes whenever the
/// channel runs empty, so lines reach the file promptly without a write per line.
fn write_lines<W: Write>(rx: Receiver<Message>, mut out: BufWriter<W>) -> Result<u64, io::Error> {
    let mut written = 0u64;
    let mut failure: Option<io::Error> = None;
    let mut write = |out: &mut BufWriter<W>, record: &CallRecord, failure: &mut Option<io::Error>| {
        if failure.is_some() {
            return;
        }
        let result =
            serde_json::to_writer(&mut *out, record).map_err(io::Error::other).and_then(|()| out.write_all(b"\n"));
        match result {
            Ok(()) => written += 1,
            Err(e) => *failure = Some(e),
        }
    };
    loop {
        let message = match rx.try_recv() {
            Ok(m) => m,
            Err(mpsc::TryRecvError::Empty) => {
                if failure.is_none()
                    && let Err(e) = out.flush()
                {
                    failure = Some(e);
                }
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => break,
        };
        match message {
            Message::Record(record) => write(&mut out, &record, &mut failure),
            Message::Flush(done) => {
                if failure.is_none()
                    && let Err(e) = out.flush()
                {
                    failure = Some(e);
                }
                let _ = done.send(failure.as_ref().map_or(Ok(()), |e| Err(e.to_string())));
            }
            Message::Close => break,
        }
    }
    if failure.is_none()
        && let Err(e) = out.flush()
    {
        failure = Some(e);
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(written),
    }
}
