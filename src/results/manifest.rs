//! `manifest.json`: what was asked for and where it ran, filled by the caller.
//!
//! Owns [`Manifest`] and its parts. The target is stored only in its redacted form
//! (`Endpoint::redacted`). Must not hold a secret or read a clock (the caller passes the
//! timestamps).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::hlog::{HIGHEST_US, LOWEST_US, SIGFIG};

/// The version of the run-directory format written by this crate.
pub const RUN_FORMAT_VERSION: u32 = 1;

/// The manifest of one run. The caller fills it; [`super::RunDir::write`] sets
/// `interrupted` from the recorded data as well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`RUN_FORMAT_VERSION`] when written by this crate.
    pub format_version: u32,
    /// The scenario that was run.
    pub scenario: ScenarioInfo,
    /// The seed of the document generator.
    pub seed: u64,
    /// The target, redacted (`Endpoint::redacted`); never the route or the token.
    pub target: String,
    /// `"closed"` or `"open"`.
    pub model: String,
    /// `"async"`, `"blocking"` or `"goose"`.
    pub driver: String,
    /// The load parameters as given (users, rate, ramp, max_in_flight, caps), free form.
    #[serde(default)]
    pub load: BTreeMap<String, String>,
    /// The embedded fake, when it was the target.
    #[serde(default)]
    pub fake: Option<FakeInfo>,
    /// Where it ran.
    pub machine: Machine,
    /// Versions of the harness and the libraries that measure.
    #[serde(default)]
    pub versions: BTreeMap<String, String>,
    /// The histogram settings.
    pub hdr: HdrSettings,
    /// RFC 3339 UTC start of the load.
    pub started: String,
    /// RFC 3339 UTC end, when it ended.
    #[serde(default)]
    pub ended: Option<String>,
    /// Stopped by Ctrl-C before its caps.
    pub interrupted: bool,
}

impl Manifest {
    /// A manifest with this machine, the default versions and HDR settings, not
    /// interrupted and not ended; the caller sets `load`, `fake` and anything else.
    /// `target` must already be redacted (`Endpoint::redacted`).
    pub fn new(
        scenario: ScenarioInfo,
        seed: u64,
        target: impl Into<String>,
        model: impl Into<String>,
        driver: impl Into<String>,
        started: impl Into<String>,
    ) -> Self {
        Manifest {
            format_version: RUN_FORMAT_VERSION,
            scenario,
            seed,
            target: target.into(),
            model: model.into(),
            driver: driver.into(),
            load: BTreeMap::new(),
            fake: None,
            machine: Machine::detect(),
            versions: default_versions(),
            hdr: HdrSettings::default(),
            started: started.into(),
            ended: None,
            interrupted: false,
        }
    }
}

/// The SHA-256 hex digest of a scenario file's bytes (`ScenarioInfo::hash`).
///
/// ```
/// let h = nubefact_harness::results::manifest::scenario_hash(b"name = \"smoke\"\n");
/// assert_eq!(h.len(), 64);
/// ```
pub fn scenario_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The scenario's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Its `name`.
    pub name: String,
    /// SHA-256 hex of the scenario file's bytes.
    pub hash: String,
}

/// The embedded fake's front and limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FakeInfo {
    /// `"hyper"` or `"wiremock"`.
    pub front: String,
    /// Its limits and latency profile, free form (e.g. `"latency_ms" = "20"`).
    #[serde(default)]
    pub limits: BTreeMap<String, String>,
}

/// The machine that ran the load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    /// Available parallelism.
    pub cores: usize,
    /// `std::env::consts::OS`.
    pub os: String,
    /// `std::env::consts::ARCH`.
    pub arch: String,
}

impl Machine {
    /// This machine.
    pub fn detect() -> Self {
        Machine {
            cores: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            os: std::env::consts::OS.to_owned(),
            arch: std::env::consts::ARCH.to_owned(),
        }
    }
}

/// The HDR histogram settings (fixed by the harness).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HdrSettings {
    /// Always `"us"`.
    pub unit: String,
    /// Lowest discernible value.
    pub lowest: u64,
    /// Highest trackable value; larger values are saturated to it.
    pub highest: u64,
    /// Significant figures.
    pub significant_figures: u8,
    /// Interval length of the `.hlog` files, seconds.
    pub interval_s: u64,
}

impl Default for HdrSettings {
    fn default() -> Self {
        HdrSettings {
            unit: "us".to_owned(),
            lowest: LOWEST_US,
            highest: HIGHEST_US,
            significant_figures: SIGFIG,
            interval_s: 1,
        }
    }
}

/// The versions worth recording: the harness, and the measuring libraries.
pub fn default_versions() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("nubefact-harness".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
        ("hdrhistogram".to_owned(), "7.5".to_owned()),
        ("goose".to_owned(), "0.19".to_owned()),
        ("reqwest".to_owned(), "0.13".to_owned()),
    ])
}
