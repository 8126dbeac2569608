//! The admin API under `/__admin/`: stats, reset, documents and live config changes.
//!
//! Owns: `GET stats`, `POST reset`, `GET documents`, `PUT config` and the `ConfigPatch` shape.
//! Must not: be reachable under `/api/v1/` (it never collides with a route) or count as API
//! traffic in the stats.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::{SunatConfig, ValidationConfig};
use crate::engine::{Dynamic, Engine, Reply};
use crate::registry::NEVER;
use crate::spec::{FaultSpec, LatencySpec};

/// A partial configuration for `PUT /__admin/config`; absent fields keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigPatch {
    /// Replace the latency specs (e.g. `["fixed:5ms", "generar_comprobante=uniform:1ms..3ms"]`).
    pub latency: Option<Vec<LatencySpec>>,
    /// Replace the fault rules (e.g. `"error500=0.1"`; `""` clears them). Fault counters restart.
    pub faults: Option<FaultSpec>,
    /// Hang time (e.g. `"30s"`).
    pub hang: Option<String>,
    /// Send errors with HTTP 200.
    pub errors_with_200: Option<bool>,
    /// Replace the lifecycle settings.
    pub sunat: Option<SunatConfig>,
    /// Replace the validation settings.
    pub validation: Option<ValidationConfig>,
}

/// One row of `GET /__admin/documents`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentRow {
    /// The account's route.
    pub route: String,
    /// `tipo_de_comprobante`, or 40 / 20 for percepción / retención.
    pub tipo: u8,
    /// `serie`.
    pub serie: String,
    /// `numero`.
    pub numero: u32,
    /// Engine time of emission, ms.
    pub emitted_ms: u32,
    /// Whether a baja/reversión was generated.
    pub voided: bool,
}

fn json<T: Serialize>(status: u16, value: &T) -> Reply {
    Reply { status, body: serde_json::to_vec(value).unwrap_or_default(), delay: Default::default(), cut: None }
}

fn problem(status: u16, message: &str) -> Reply {
    json(status, &serde_json::json!({ "error": message }))
}

/// Answers `method /__admin/<path>`.
pub(crate) fn handle(engine: &Engine, method: &str, path: &str, body: &[u8]) -> Reply {
    match (method, path.trim_end_matches('/')) {
        ("GET", "stats") => json(200, &engine.stats()),
        ("POST", "reset") => {
            engine.reset();
            json(200, &serde_json::json!({ "ok": true }))
        }
        ("GET", "documents") => {
            let reg = engine.registry();
            // Bounded so a million-document registry cannot produce a gigantic reply.
            let rows: Vec<DocumentRow> = reg
                .iter()
                .take(10_000)
                .map(|(k, r)| DocumentRow {
                    route: engine.accounts.get(usize::from(k.account)).map(|a| a.route.clone()).unwrap_or_default(),
                    tipo: k.tipo,
                    serie: k.serie_str().to_string(),
                    numero: k.numero,
                    emitted_ms: r.emitted_ms,
                    voided: r.voided_ms != NEVER,
                })
                .collect();
            json(200, &serde_json::json!({ "count": reg.len(), "documents": rows }))
        }
        ("PUT", "config") => match serde_json::from_slice::<ConfigPatch>(body) {
            Ok(patch) => match apply(engine, patch) {
                Ok(()) => json(200, &serde_json::json!({ "ok": true })),
                Err(e) => problem(400, &e),
            },
            Err(e) => problem(400, &format!("bad config patch: {e}")),
        },
        (_, "stats" | "reset" | "documents" | "config") => problem(405, "method not allowed"),
        _ => problem(404, &format!("unknown admin path {path:?}")),
    }
}

/// Applies a patch atomically.
///
/// # Errors
/// A lowercase message naming the bad field.
pub(crate) fn apply(engine: &Engine, patch: ConfigPatch) -> Result<(), String> {
    let hang = match patch.hang.as_deref() {
        Some(h) => Some(crate::spec::parse_duration(h).map_err(|e| format!("hang: {e}"))?),
        None => None,
    };
    let mut slot = engine.dynamic.write().unwrap_or_else(|e| e.into_inner());
    let cur = slot.clone();
    *slot = Arc::new(Dynamic::new(
        patch.latency.unwrap_or_else(|| cur.latency.clone()),
        patch.faults.unwrap_or_else(|| cur.faults.clone()),
        hang.unwrap_or(cur.hang),
        patch.errors_with_200.unwrap_or(cur.errors_with_200),
        patch.sunat.unwrap_or_else(|| cur.sunat.clone()),
        patch.validation.unwrap_or_else(|| cur.validation.clone()),
    ));
    Ok(())
}
