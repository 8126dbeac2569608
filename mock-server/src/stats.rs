//! Request, outcome, document and fault counters, and their serializable snapshot.
//!
//! Owns: lock-free counters the engine bumps per request, and `MockStats`, the shape that
//! `GET /__admin/stats` and `FakeHandle::stats()` return for the harness to compare with its
//! own counts.
//! Must not: decide outcomes.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use serde::{Deserialize, Serialize};

use crate::op::Op;
use crate::spec::FaultKind;

/// The codes a reply can carry (§12.2); anything else is counted as "other".
const CODES: [u16; 11] = [10, 11, 12, 20, 21, 22, 23, 24, 40, 50, 51];
/// Slot 0 = ok, 1..=11 = CODES, 12 = other.
const OUTCOMES: usize = CODES.len() + 2;
/// 14 operations + 1 for requests whose operation could not be identified.
const SLOTS: usize = Op::ALL.len() + 1;

#[derive(Default)]
struct OpCounters {
    requests: AtomicU64,
    outcomes: [AtomicU64; OUTCOMES],
    stored: AtomicU64,
    faults: [AtomicU64; 4],
}

/// The live counters.
#[derive(Default)]
pub(crate) struct Counters {
    ops: [OpCounters; SLOTS],
    paused: AtomicU64,
}

fn slot(op: Option<Op>) -> usize {
    op.map_or(Op::ALL.len(), Op::index)
}

impl Counters {
    pub(crate) fn request(&self, op: Option<Op>) {
        self.ops[slot(op)].requests.fetch_add(1, Relaxed);
    }
    /// `codigo` None = ok.
    pub(crate) fn outcome(&self, op: Option<Op>, codigo: Option<u16>) {
        let i = match codigo {
            None => 0,
            Some(c) => CODES.iter().position(|k| *k == c).map_or(OUTCOMES - 1, |p| p + 1),
        };
        self.ops[slot(op)].outcomes[i].fetch_add(1, Relaxed);
    }
    pub(crate) fn stored(&self, op: Op) {
        self.ops[op.index()].stored.fetch_add(1, Relaxed);
    }
    pub(crate) fn fault(&self, op: Option<Op>, kind: FaultKind) {
        let i = FaultKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.ops[slot(op)].faults[i].fetch_add(1, Relaxed);
    }
    pub(crate) fn paused(&self) {
        self.paused.fetch_add(1, Relaxed);
    }
    pub(crate) fn reset(&self) {
        for op in &self.ops {
            op.requests.store(0, Relaxed);
            op.stored.store(0, Relaxed);
            op.outcomes.iter().chain(op.faults.iter()).for_each(|c| c.store(0, Relaxed));
        }
        self.paused.store(0, Relaxed);
    }

    pub(crate) fn snapshot(&self) -> (BTreeMap<String, OperationStats>, u64) {
        let mut out = BTreeMap::new();
        for (i, c) in self.ops.iter().enumerate() {
            let requests = c.requests.load(Relaxed);
            if requests == 0 {
                continue;
            }
            let name = Op::ALL.get(i).map_or("unidentified", |op| op.name()).to_string();
            let mut outcomes = BTreeMap::new();
            for (j, n) in c.outcomes.iter().enumerate() {
                let n = n.load(Relaxed);
                if n == 0 {
                    continue;
                }
                let label = match j {
                    0 => "ok".to_string(),
                    j if j <= CODES.len() => format!("codigo_{}", CODES[j - 1]),
                    _ => "other".to_string(),
                };
                outcomes.insert(label, n);
            }
            let mut faults = BTreeMap::new();
            for (k, n) in FaultKind::ALL.iter().zip(c.faults.iter()) {
                let n = n.load(Relaxed);
                if n > 0 {
                    faults.insert(k.name().to_string(), n);
                }
            }
            out.insert(name, OperationStats { requests, outcomes, documents_stored: c.stored.load(Relaxed), faults });
        }
        (out, self.paused.load(Relaxed))
    }
}

/// Counts for one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OperationStats {
    /// Requests that reached the engine for this operation.
    pub requests: u64,
    /// Replies actually sent, by outcome: `"ok"` or `"codigo_N"`. A request cut by a fault
    /// (reset, drop-after-commit, hang) has no outcome here; it is counted under `faults`.
    pub outcomes: BTreeMap<String, u64>,
    /// Documents this operation stored (including those whose reply was then dropped).
    pub documents_stored: u64,
    /// Faults injected, by kind (`error500`, `reset`, `drop-after-commit`, `hang`).
    pub faults: BTreeMap<String, u64>,
}

/// What the server reports about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockStats {
    /// `"wiremock"` or `"hyper"`.
    pub front: String,
    /// The front's known limits, measured (see the crate docs).
    pub front_limits: String,
    /// Milliseconds since start (engine time, including any test clock advance).
    pub uptime_ms: u64,
    /// Documents currently stored.
    pub documents: usize,
    /// Documents evicted by `max_documents`.
    pub documents_evicted: u64,
    /// Per operation (`"unidentified"` for requests refused before `operacion` was read).
    pub operations: BTreeMap<String, OperationStats>,
    /// Requests whose reply a server pause delayed.
    pub paused_requests: u64,
    /// The seed in use.
    pub seed: u64,
}

impl MockStats {
    /// Total requests over all operations.
    pub fn requests(&self) -> u64 {
        self.operations.values().map(|o| o.requests).sum()
    }
    /// Total faults of `kind` (its SPEC name) over all operations.
    pub fn faults(&self, kind: &str) -> u64 {
        self.operations.values().filter_map(|o| o.faults.get(kind)).sum()
    }
    /// Replies with `outcome` (`"ok"` or `"codigo_N"`) over all operations.
    pub fn outcomes(&self, outcome: &str) -> u64 {
        self.operations.values().filter_map(|o| o.outcomes.get(outcome)).sum()
    }
}
