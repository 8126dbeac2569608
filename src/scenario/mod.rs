//! Declarative load scenarios: `scenarios/*.toml` parsed and converted ONCE into a
//! validated, typed [`Scenario`] (low-level file structs → high-level settings).
//!
//! Owns the file format (documented key by key in `scenarios/README.md`), its validation
//! with errors that name the file and the key, numbering, CLI overrides and the scenario
//! hash. Must not do I/O beyond reading the one file in [`Scenario::load`], and must not
//! pace, send or record anything: `run/` does that from a `Scenario`.
//!
//! ```
//! use nubefact_harness::scenario::Scenario;
//! let text = r#"
//! name = "tiny"
//! description = "one factura flow"
//! seed = 1
//! [load]
//! model = "closed"
//! users = 2
//! iterations = 3
//! max_duration = "10s"
//! max_requests = 100
//! [[workload.flows]]
//! kind = "factura_then_consult"
//! "#;
//! let s = Scenario::from_toml("tiny.toml", text.as_bytes()).unwrap();
//! assert_eq!(s.load.concurrency(), 2);
//! assert!(s.hash.starts_with("sha256:"));
//! ```

mod error;
mod file;
mod load;
mod numbering;
mod overrides;
mod target;
mod thresholds;
mod workload;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use error::{Origin, ScenarioError};
pub use file::KNOWN_KEYS;
pub use load::{Caps, Load, Model, PlanStep, Ramp, RateStep, Stop, parse_test_plan};
pub use numbering::{MAX_NUMERO, NumberRange, Numbering, NumberingError, Shard};
pub use overrides::Overrides;
pub use target::{FakeTarget, FaultSpec, Front, LatencySpec, RemoteTarget, Target, TargetError, check_endpoint};
pub use workload::{FlowKind, FlowSpec, Generator, Moneda, Polling, Weighted, Workload};

use crate::report::{Thresholds, Validity};
use error::Ctx;

/// A validated scenario: everything a run needs to know, in typed form.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from, as the caller named it (used in error messages).
    pub path: PathBuf,
    /// Short name (`[a-z0-9-]`, used in the run directory name).
    pub name: String,
    /// One or two sentences for humans.
    pub description: String,
    /// The seed of every random choice (flow picks, document contents).
    pub seed: u64,
    /// Where the load goes.
    pub target: Target,
    /// The load model and caps.
    pub load: Load,
    /// Weighted flows and generator settings.
    pub workload: Workload,
    /// Serie and numero space.
    pub numbering: Numbering,
    /// Threshold limits (a breach exits 1).
    pub thresholds: Thresholds,
    /// Validity bounds (outside: INVALID, exit 3).
    pub validity: Validity,
    /// `sha256:<hex>` of the file's bytes, for the manifest.
    pub hash: String,
}

impl Scenario {
    /// Reads and validates a scenario file.
    ///
    /// # Errors
    /// [`ScenarioError`] naming the file (and the key, for invalid content).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ScenarioError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| ScenarioError::Read { path: path.to_owned(), source })?;
        Self::from_toml(path, &bytes)
    }

    /// Validates scenario text; `path` names it in errors and in [`Scenario::path`].
    ///
    /// # Errors
    /// [`ScenarioError::Syntax`] for bad TOML, [`ScenarioError::Invalid`] naming the key.
    pub fn from_toml(path: impl AsRef<Path>, bytes: &[u8]) -> Result<Self, ScenarioError> {
        let path = path.as_ref().to_owned();
        let ctx = Ctx { file: path.clone() };
        let text = std::str::from_utf8(bytes)
            .map_err(|_| ScenarioError::Syntax { path: path.clone(), message: "file is not utf-8".into() })?;
        let table: toml::Table =
            toml::from_str(text).map_err(|e| ScenarioError::Syntax { path: path.clone(), message: e.to_string() })?;
        let raw: file::FileScenario =
            serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| shape_error(&ctx, e))?;

        let name = raw.name.ok_or_else(|| ctx.missing("name"))?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(ctx.err("name", "must be non-empty lowercase letters, digits and '-'"));
        }
        let description = raw.description.ok_or_else(|| ctx.missing("description"))?;
        let seed = raw.seed.ok_or_else(|| ctx.missing("seed"))?;
        let target = target::convert(&ctx, raw.target)?;
        let load = load::convert(&ctx, raw.load)?;
        let workload = workload::convert(&ctx, raw.workload)?;
        let numbering = numbering::convert(&ctx, raw.numbering)?;
        let thresholds = thresholds::convert_thresholds(&ctx, raw.thresholds)?;
        let validity = thresholds::convert_validity(&ctx, raw.validity)?;
        let scenario = Scenario {
            path,
            name,
            description,
            seed,
            target,
            load,
            workload,
            numbering,
            thresholds,
            validity,
            hash: hash_bytes(bytes),
        };
        // Every user slot of a single-machine run must get a range.
        scenario
            .numbering
            .range_for(0, scenario.load.concurrency(), Shard::SOLO)
            .map_err(|e| ctx.err("numbering", e.to_string()))?;
        Ok(scenario)
    }

    /// Refuses a target that is not loopback unless `allow_remote` (the CLI's
    /// `--allow-remote`). The embedded fake always passes. A remote target whose route comes
    /// from an environment variable or a profile cannot be seen here: the CLI must call
    /// [`check_endpoint`] once it has resolved it.
    ///
    /// # Errors
    /// [`TargetError::NotLoopback`].
    pub fn check_target(&self, allow_remote: bool) -> Result<(), TargetError> {
        match &self.target {
            Target::Remote(RemoteTarget::Url { url, loopback: false, .. }) if !allow_remote => {
                let redacted = crate::api::Endpoint::new(secrecy::ExposeSecret::expose_secret(url).to_owned(), "x")
                    .map(|ep| ep.redacted().to_owned())
                    .unwrap_or_else(|_| "<route>".to_owned());
                Err(TargetError::NotLoopback { redacted })
            }
            _ => Ok(()),
        }
    }

    /// The numbering range of `user` on `shard`, with this scenario's concurrency per shard.
    ///
    /// # Errors
    /// [`NumberingError`] if the user is out of range or the space is too small.
    pub fn number_range(&self, user: u32, shard: Shard) -> Result<NumberRange, NumberingError> {
        self.numbering.range_for(user, self.load.concurrency(), shard)
    }
}

impl Scenario {
    /// The RNG of one flow: a pure function of (seed, shard, user, iteration), so a run is
    /// reproducible and no two flows share a stream whatever the scheduling order.
    pub fn rng_for(&self, shard: Shard, user: u32, iteration: u64) -> rand::rngs::StdRng {
        use rand::SeedableRng;
        let mut x = splitmix64(self.seed);
        for part in [u64::from(shard.index()), u64::from(shard.count()), u64::from(user), iteration] {
            x = splitmix64(x ^ part);
        }
        rand::rngs::StdRng::seed_from_u64(x)
    }
}

/// SplitMix64's finaliser: a cheap, well-mixed bijection on u64.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `sha256:<lowercase hex>` of `bytes`.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Turns a serde error at a path into `file: key: message`, rewriting serde's
/// "unknown field `x`, expected …" as `unknown key "x" in [table]`.
fn shape_error(ctx: &Ctx, e: serde_path_to_error::Error<toml::de::Error>) -> ScenarioError {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let message = e.inner().message().to_owned();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        // serde_path_to_error already ends the path with the unknown key; the table is
        // what comes before it.
        let table = match path.strip_suffix(key) {
            Some("") => String::new(),
            Some(t) => t.trim_end_matches('.').to_owned(),
            None => path.clone(),
        };
        let full = if table.is_empty() { key.to_owned() } else { format!("{table}.{key}") };
        let within = if table.is_empty() { "the top level".to_owned() } else { format!("[{table}]") };
        return ctx.err(full, format!("unknown key {key:?} in {within}"));
    }
    ctx.err(path, message)
}
