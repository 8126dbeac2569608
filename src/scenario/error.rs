//! The one error type of the scenario boundary.
//!
//! Owns [`ScenarioError`]: every message names the file (or the CLI flag) and the key that is
//! wrong, lowercase, e.g. `scenarios/x.toml: load.rate: must be > 0`. Must not hold secrets:
//! values of `target.url` and tokens are never copied into a message.

use std::path::PathBuf;

/// Where a scenario setting came from: a file's key or a command-line flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A key (dotted path, e.g. `load.rate`) in a scenario file.
    Key {
        /// The scenario file, as the caller named it.
        file: PathBuf,
        /// The dotted key path; empty for the whole file.
        key: String,
    },
    /// A command-line flag such as `--shard`.
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Key { file, key } if key.is_empty() => write!(f, "{}", file.display()),
            Origin::Key { file, key } => write!(f, "{}: {key}", file.display()),
            Origin::Flag(flag) => f.write_str(flag),
        }
    }
}

/// A scenario could not be read, parsed, validated or adjusted.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{}: cannot read scenario file", path.display())]
    Read {
        /// The file that failed.
        path: PathBuf,
        /// The I/O cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("{}: not valid toml: {message}", path.display())]
    Syntax {
        /// The file that failed.
        path: PathBuf,
        /// The TOML parser's message (with line and column).
        message: String,
    },
    /// A key is unknown, missing, of the wrong type or holds a bad value.
    #[error("{origin}: {message}")]
    Invalid {
        /// Which file/key or flag.
        origin: Origin,
        /// What is wrong, lowercase.
        message: String,
    },
}

impl ScenarioError {
    /// The origin of an `Invalid` error (for tests and callers that re-label errors).
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            ScenarioError::Invalid { origin, .. } => Some(origin),
            _ => None,
        }
    }
}

/// Builds `Invalid` errors for one file; passed down through the conversion functions so
/// every check can name its key without repeating the file.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) file: PathBuf,
}

impl Ctx {
    /// An error at `key` saying `message`.
    pub(crate) fn err(&self, key: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::Invalid {
            origin: Origin::Key { file: self.file.clone(), key: key.into() },
            message: message.into(),
        }
    }

    /// The "missing required key" error.
    pub(crate) fn missing(&self, key: impl Into<String>) -> ScenarioError {
        self.err(key, "missing required key")
    }
}

/// An error at a CLI flag.
pub(crate) fn flag_err(flag: &'static str, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid { origin: Origin::Flag(flag), message: message.into() }
}
