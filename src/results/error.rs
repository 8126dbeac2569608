//! The error of reading or writing a run directory.

use std::path::PathBuf;

/// Reading or writing the run directory failed. Paths name the file; they never carry a
/// secret (the run directory is chosen by the user, not by the target).
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// A file or directory could not be written.
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A histogram could not be serialized into an interval log.
    #[error("cannot serialize the histogram of tag {tag}")]
    Serialize {
        tag: String,
        #[source]
        source: hdrhistogram::serialization::V2DeflateSerializeError,
    },
    /// An interval log line could not be parsed.
    #[error("{path}: interval log does not parse at byte {offset}")]
    HlogParse { path: PathBuf, offset: usize },
    /// An interval's payload could not be decoded.
    #[error("{path}: histogram payload of tag {tag} does not decode: {reason}")]
    HlogDecode { path: PathBuf, tag: String, reason: String },
    /// A JSON file could not be read or written.
    #[error("{path}: invalid json")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// `counts.csv` has a bad line.
    #[error("{path}: line {line}: {message}")]
    Csv { path: PathBuf, line: usize, message: String },
    /// A tag or key names no known operation.
    #[error("{path}: unknown operation {name:?}")]
    UnknownOperation { path: PathBuf, name: String },
}
