//! Typed settings of the fake: accounts, front, lifecycle timers, validation modes, latency, faults.
//!
//! Owns: `MockConfig` and its parts, their defaults (§15 of the reference) and TOML shape.
//! Must not: parse command lines (see `cli`) or hold runtime state.

use std::net::SocketAddr;
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::spec::{FaultSpec, LatencySpec};

/// The default route id of the default account.
pub const DEFAULT_ROUTE: &str = "9f8e7d6c-0000-4000-8000-0123456789ab";
/// The default token of the default account.
pub const DEFAULT_TOKEN: &str = "mock-token-0123456789abcdef";

/// Which HTTP front serves the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Front {
    /// wiremock 0.6.5: the default; one thread, memory grows per request (see crate docs).
    #[default]
    Wiremock,
    /// A multi-threaded hyper 1 server: flat memory, for soaks and high rates.
    Hyper,
}

impl Front {
    /// `"wiremock"` or `"hyper"`.
    pub fn name(self) -> &'static str {
        match self {
            Front::Wiremock => "wiremock",
            Front::Hyper => "hyper",
        }
    }
}

/// An account's standing (§12.2 codes 50 and 51).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    /// Normal.
    #[default]
    Active,
    /// Every request answers 401/50.
    Suspended,
    /// Every request answers 401/51.
    Unpaid,
}

/// One Nubefact account: a route, its tokens, its status and its issuer RUC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The route id: the last path segment of `/api/v1/<route>`.
    pub route: String,
    /// Accepted tokens (at least one).
    pub tokens: Vec<String>,
    /// Standing.
    #[serde(default)]
    pub status: AccountStatus,
    /// Issuer RUC printed in `cadena_para_codigo_qr`.
    #[serde(default = "default_ruc")]
    pub ruc: String,
}

fn default_ruc() -> String {
    "20111111111".to_string()
}

impl Default for Account {
    fn default() -> Self {
        Account {
            route: DEFAULT_ROUTE.to_string(),
            tokens: vec![DEFAULT_TOKEN.to_string()],
            status: AccountStatus::Active,
            ruc: default_ruc(),
        }
    }
}

/// A SUNAT outcome that can be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SunatOutcome {
    /// Accepted (`sunat_responsecode` "0").
    Accepted,
    /// Rejected: `aceptada_por_sunat` false, code "2800".
    Rejected,
    /// Accepted with an observation: code "4287" and a `sunat_note`.
    Observed,
    /// SUNAT unreachable: not accepted, `sunat_soap_error` text. It stays so (the fake never retries).
    SoapError,
}

/// A deterministic SUNAT outcome for matching documents (checked before probabilities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SunatRule {
    /// Match this serie (exact); `None` = any.
    #[serde(default)]
    pub serie: Option<String>,
    /// Match this numero; `None` = any.
    #[serde(default)]
    pub numero: Option<u32>,
    /// The outcome.
    pub outcome: SunatOutcome,
}

/// The simulated SUNAT lifecycle (§13.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SunatConfig {
    /// Boletas and B-notes become accepted this long after emission.
    #[serde(with = "duration_text")]
    pub boleta_delay: Duration,
    /// An anulación becomes accepted (and the document `anulado`) this long after it is generated.
    #[serde(with = "duration_text")]
    pub anulacion_delay: Duration,
    /// A GRE is accepted by the first `consultar_guia` at least this long after emission.
    #[serde(with = "duration_text")]
    pub guia_delay: Duration,
    /// Probability of a rejection, drawn per document from the seed.
    pub reject_rate: f64,
    /// Probability of an observation.
    pub observe_rate: f64,
    /// Probability of a SOAP error.
    pub soap_error_rate: f64,
    /// Deterministic outcomes by serie/numero.
    pub rules: Vec<SunatRule>,
}

impl Default for SunatConfig {
    fn default() -> Self {
        SunatConfig {
            boleta_delay: Duration::from_secs(2),
            anulacion_delay: Duration::from_secs(2),
            guia_delay: Duration::ZERO,
            reject_rate: 0.0,
            observe_rate: 0.0,
            soap_error_rate: 0.0,
            rules: Vec::new(),
        }
    }
}

/// How document totals are compared with the §10 recomputation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum TotalsMode {
    /// |Δ| ≤ 0.01 per figure, else 21.
    #[default]
    Strict,
    /// |Δ| ≤ 0.01 accepted; ≤ 1.00 accepted with a SUNAT observation; beyond, 21.
    SunatLike,
    /// Totals are not compared.
    Off,
}

/// Validation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValidationConfig {
    /// Totals comparison.
    pub totals: TotalsMode,
    /// Enforce the date windows of §15 (code 22).
    pub check_dates: bool,
    /// Days before today a GRE's `fecha_de_emision` may be (reference: 1).
    pub guia_days_back: u32,
    /// Days after emission a baja may be communicated (reference: about 7).
    pub baja_days: u32,
    /// Accepted `porcentaje_de_igv` values.
    pub igv_rates: Vec<Decimal>,
    /// Units accepted besides `NIU` and `ZZ` (§9.13).
    pub extra_units: Vec<String>,
}

impl Default for ValidationConfig {
    fn default() -> Self {
        ValidationConfig {
            totals: TotalsMode::Strict,
            check_dates: true,
            guia_days_back: 1,
            baja_days: 7,
            igv_rates: vec![Decimal::new(18, 0), Decimal::new(10, 0), Decimal::new(105, 1), Decimal::new(4, 0)],
            extra_units: [
                "KGM", "GRM", "TNE", "LTR", "MTR", "MTK", "MTQ", "GLL", "BX", "DZN", "PK", "SET", "BG", "BO", "CA",
                "HUR", "DAY", "MON",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

/// The whole configuration of one fake server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MockConfig {
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Allow a non-loopback `listen` address (prints a warning).
    pub allow_remote: bool,
    /// Which front serves the engine.
    pub front: Front,
    /// Accounts; the first one is what the handle's `url()`/`token()` report.
    pub accounts: Vec<Account>,
    /// Seed for faults, latency draws, SUNAT outcomes and link ids.
    pub seed: u64,
    /// Latency specs; an operation-specific spec wins over a general one.
    pub latency: Vec<LatencySpec>,
    /// Fault rules.
    pub faults: FaultSpec,
    /// How long a `hang` fault holds a request before cutting it.
    #[serde(with = "duration_text")]
    pub hang: Duration,
    /// Send every error with HTTP 200 (§12.2 conflicting evidence).
    pub errors_with_200: bool,
    /// Larger bodies answer 413 with codigo 20.
    pub max_body_bytes: usize,
    /// Keep at most this many documents; the oldest are evicted and then answer 24.
    pub max_documents: Option<usize>,
    /// Lifecycle.
    pub sunat: SunatConfig,
    /// Validation.
    pub validation: ValidationConfig,
    /// Public host used in links (`https://<host>/cpe/<uuid>`).
    pub link_host: String,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_remote: false,
            front: Front::Wiremock,
            accounts: vec![Account::default()],
            seed: 0,
            latency: Vec::new(),
            faults: FaultSpec::default(),
            hang: Duration::from_secs(120),
            errors_with_200: false,
            max_body_bytes: 1024 * 1024,
            max_documents: None,
            sunat: SunatConfig::default(),
            validation: ValidationConfig::default(),
            link_host: "www.nubefact.com".to_string(),
        }
    }
}

/// Durations as text (`"2s"`, `"150ms"`) in TOML and JSON.
pub(crate) mod duration_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}ms", d.as_millis()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        crate::spec::parse_duration(&text).map_err(serde::de::Error::custom)
    }
}
