//! The workload of a scenario: weighted flow kinds and the seeded document generator's
//! settings.
//!
//! Owns [`FlowKind`] (which operations each kind emits), [`FlowSpec`], [`Weighted`] and
//! [`Generator`]. Must not build documents or requests: the Nubefact `Workload` (in `run/`)
//! turns these settings into flows with the API core's builders.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::Rng;
use rust_decimal::Decimal;

use super::error::{Ctx, ScenarioError};
use super::file::{FileFlow, FileGenerator, FileWorkload};
use super::target::parse_duration;
use crate::api::Operation;

/// A kind of flow: a short, bounded sequence of operations on one or two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowKind {
    /// Issue a factura (`generar_comprobante`) and nothing else: one request per flow.
    FacturaOnly,
    /// Issue a factura (`generar_comprobante`), then `consultar_comprobante` it once.
    FacturaThenConsult,
    /// Issue a boleta, then `consultar_comprobante` until SUNAT accepted it (≤ max_polls).
    BoletaPollUntilAccepted,
    /// Issue a factura, then a nota de crédito on it (tipo 3), then consult the note.
    FacturaThenNotaDeCredito,
    /// Issue a factura, void it (`generar_anulacion`), then poll `consultar_anulacion`.
    VoidAndPollTicket,
    /// Issue a guía (`generar_guia`), then poll `consultar_guia`.
    GuiaPoll,
    /// Issue, consult, revert and consult the reversion of a percepción.
    Percepcion,
    /// Issue, consult, revert and consult the reversion of a retención.
    Retencion,
    /// One query (`operation`, default `consultar_comprobante`) on a document this flow's
    /// numbering range names; the fake answers "does not exist" unless it was issued.
    ConsultOnly,
}

impl FlowKind {
    /// Every kind, in file-id order.
    pub const ALL: [FlowKind; 9] = [
        FlowKind::BoletaPollUntilAccepted,
        FlowKind::ConsultOnly,
        FlowKind::FacturaOnly,
        FlowKind::FacturaThenConsult,
        FlowKind::FacturaThenNotaDeCredito,
        FlowKind::GuiaPoll,
        FlowKind::Percepcion,
        FlowKind::Retencion,
        FlowKind::VoidAndPollTicket,
    ];

    /// The id used in scenario files.
    pub const fn id(self) -> &'static str {
        match self {
            FlowKind::FacturaOnly => "factura_only",
            FlowKind::FacturaThenConsult => "factura_then_consult",
            FlowKind::BoletaPollUntilAccepted => "boleta_poll_until_accepted",
            FlowKind::FacturaThenNotaDeCredito => "factura_then_nota_de_credito",
            FlowKind::VoidAndPollTicket => "void_and_poll_ticket",
            FlowKind::GuiaPoll => "guia_poll",
            FlowKind::Percepcion => "percepcion",
            FlowKind::Retencion => "retencion",
            FlowKind::ConsultOnly => "consult_only",
        }
    }

    /// `true` for kinds that poll (they take `max_polls` and `poll_interval`).
    pub const fn polls(self) -> bool {
        matches!(self, FlowKind::BoletaPollUntilAccepted | FlowKind::VoidAndPollTicket | FlowKind::GuiaPoll)
    }

    /// The operations a flow of this kind may emit (for consult_only: the default query).
    pub fn operations(self) -> Vec<Operation> {
        use Operation as O;
        match self {
            FlowKind::FacturaOnly => vec![O::GenerarComprobante],
            FlowKind::FacturaThenConsult | FlowKind::BoletaPollUntilAccepted | FlowKind::FacturaThenNotaDeCredito => {
                vec![O::GenerarComprobante, O::ConsultarComprobante]
            }
            FlowKind::VoidAndPollTicket => vec![O::GenerarComprobante, O::GenerarAnulacion, O::ConsultarAnulacion],
            FlowKind::GuiaPoll => vec![O::GenerarGuia, O::ConsultarGuia],
            FlowKind::Percepcion => vec![
                O::GenerarPercepcion,
                O::ConsultarPercepcion,
                O::GenerarReversionPercepcion,
                O::ConsultarReversionPercepcion,
            ],
            FlowKind::Retencion => vec![
                O::GenerarRetencion,
                O::ConsultarRetencion,
                O::GenerarReversionRetencion,
                O::ConsultarReversionRetencion,
            ],
            FlowKind::ConsultOnly => vec![O::ConsultarComprobante],
        }
    }
}

impl std::str::FromStr for FlowKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FlowKind::ALL.into_iter().find(|k| k.id() == s).ok_or_else(|| {
            let ids: Vec<_> = FlowKind::ALL.iter().map(|k| k.id()).collect();
            format!("unknown flow kind {s:?}; expected one of {}", ids.join(", "))
        })
    }
}

/// Polling settings of a polling flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// At most this many polls (≥ 1); the flow ends then whatever the status.
    pub max_polls: u32,
    /// Pause between polls.
    pub interval: Duration,
}

/// One weighted flow of the workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSpec {
    /// The kind.
    pub kind: FlowKind,
    /// Relative weight (> 0; zero-weight entries are dropped at parse time).
    pub weight: u32,
    /// For polling kinds: how to poll.
    pub polling: Option<Polling>,
    /// For consult_only: the query to send.
    pub query: Option<Operation>,
}

impl FlowSpec {
    /// The operations this flow may emit.
    pub fn operations(&self) -> Vec<Operation> {
        match self.query {
            Some(q) => vec![q],
            None => self.kind.operations(),
        }
    }
}

/// Items with integer weights, picked with a caller-supplied RNG (seeded by the scenario).
///
/// ```
/// use nubefact_harness::scenario::Weighted;
/// use rand::SeedableRng;
/// let w = Weighted::new(vec![("a", 1), ("b", 0), ("c", 3)]).unwrap();
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// assert_ne!(*w.pick(&mut rng), "b");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weighted<T> {
    items: Vec<(T, u32)>,
    total: u64,
}

impl<T> Weighted<T> {
    /// Keeps the items with a weight > 0; `None` when none is left.
    pub fn new(items: Vec<(T, u32)>) -> Option<Self> {
        let items: Vec<_> = items.into_iter().filter(|(_, w)| *w > 0).collect();
        let total = items.iter().map(|(_, w)| u64::from(*w)).sum();
        if total == 0 { None } else { Some(Weighted { items, total }) }
    }

    /// One item, with probability weight / total.
    pub fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> &T {
        let mut ticket = rng.random_range(0..self.total);
        for (item, w) in &self.items {
            if ticket < u64::from(*w) {
                return item;
            }
            ticket -= u64::from(*w);
        }
        // Unreachable: ticket < total = Σ weights. Return the last item rather than panic.
        &self.items[self.items.len() - 1].0
    }

    /// The items and their weights.
    pub fn items(&self) -> &[(T, u32)] {
        &self.items
    }
}

/// `moneda` (reference §9.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Moneda {
    /// 1, soles.
    Pen = 1,
    /// 2, US dollars.
    Usd = 2,
    /// 3, euros.
    Eur = 3,
    /// 4, pounds sterling.
    Gbp = 4,
}

impl Moneda {
    /// The Nubefact integer code.
    pub const fn code(self) -> u8 {
        self as u8
    }
}

/// Settings of the seeded document generator. Ranges are inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generator {
    /// Lines per document, min..=max (1..=max, default 1..=3).
    pub lines: (u32, u32),
    /// Quantity per line, min..=max (default 1..=10).
    pub quantity: (u32, u32),
    /// Unit price (without IGV) per line, min..=max, 2 decimals (default 1.00..=500.00).
    pub unit_price: (Decimal, Decimal),
    /// `tipo_de_igv` codes (§9.4) and their weights (default: 1 only).
    pub tipo_de_igv: Weighted<u8>,
    /// Currencies and their weights (default: PEN only).
    pub moneda: Weighted<Moneda>,
}

impl Generator {
    /// A number of lines in `lines`.
    pub fn pick_lines<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        rng.random_range(self.lines.0..=self.lines.1)
    }

    /// A quantity in `quantity`.
    pub fn pick_quantity<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        rng.random_range(self.quantity.0..=self.quantity.1)
    }

    /// A unit price in `unit_price`, a whole number of cents (scale 2).
    pub fn pick_unit_price<R: Rng + ?Sized>(&self, rng: &mut R) -> Decimal {
        let cents = |d: Decimal| {
            let mut d = d;
            d.rescale(2);
            d.mantissa()
        };
        let (lo, hi) = (cents(self.unit_price.0), cents(self.unit_price.1));
        // Validated: 0 < lo <= hi, and prices this small fit in i64 cents.
        let lo = i64::try_from(lo).unwrap_or(1);
        let hi = i64::try_from(hi).unwrap_or(lo).max(lo);
        Decimal::new(rng.random_range(lo..=hi), 2)
    }
}

/// The workload, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// The flows and their weights (pick with [`Weighted::pick`]).
    pub flows: Weighted<FlowSpec>,
    /// Document generator settings.
    pub generator: Generator,
}

impl Workload {
    /// Every operation some flow of this workload may emit, sorted, without duplicates.
    pub fn operations(&self) -> Vec<Operation> {
        let mut ops: Vec<_> = self.flows.items().iter().flat_map(|(f, _)| f.operations()).collect();
        ops.sort();
        ops.dedup();
        ops
    }
}

pub(crate) fn convert(ctx: &Ctx, file: Option<FileWorkload>) -> Result<Workload, ScenarioError> {
    let w = file.ok_or_else(|| ctx.missing("workload"))?;
    let files = w.flows.ok_or_else(|| ctx.missing("workload.flows"))?;
    let mut flows = Vec::new();
    for (i, f) in files.into_iter().enumerate() {
        flows.push(flow(ctx, i, f)?);
    }
    let flows = Weighted::new(flows.into_iter().map(|f| (f.clone(), f.weight)).collect())
        .ok_or_else(|| ctx.err("workload.flows", "needs at least one flow with weight > 0"))?;
    let generator = generator(ctx, w.generator.unwrap_or_default())?;
    Ok(Workload { flows, generator })
}

fn flow(ctx: &Ctx, i: usize, f: FileFlow) -> Result<FlowSpec, ScenarioError> {
    let key = |k: &str| format!("workload.flows[{i}].{k}");
    let kind: FlowKind = f
        .kind
        .as_deref()
        .ok_or_else(|| ctx.missing(key("kind")))?
        .parse()
        .map_err(|e: String| ctx.err(key("kind"), e))?;
    let weight = f.weight.unwrap_or(1);
    let polling = if kind.polls() {
        let max_polls = f.max_polls.unwrap_or(5);
        if max_polls == 0 {
            return Err(ctx.err(key("max_polls"), "must be > 0"));
        }
        let interval = match f.poll_interval.as_deref() {
            Some(s) => parse_duration(s).map_err(|e| ctx.err(key("poll_interval"), e))?,
            None => Duration::from_millis(500),
        };
        Some(Polling { max_polls, interval })
    } else {
        for (k, set) in [("max_polls", f.max_polls.is_some()), ("poll_interval", f.poll_interval.is_some())] {
            if set {
                return Err(ctx.err(key(k), format!("flow kind {:?} does not poll", kind.id())));
            }
        }
        None
    };
    let query = match (&f.operation, kind) {
        (None, FlowKind::ConsultOnly) => Some(Operation::ConsultarComprobante),
        (Some(op), FlowKind::ConsultOnly) => {
            let op: Operation =
                op.parse().map_err(|_| ctx.err(key("operation"), format!("unknown operation {op:?}")))?;
            if !op.is_query() {
                return Err(ctx.err(key("operation"), format!("{op} is not a consultar_* operation")));
            }
            Some(op)
        }
        (Some(_), _) => return Err(ctx.err(key("operation"), "only applies to kind = \"consult_only\"")),
        (None, _) => None,
    };
    Ok(FlowSpec { kind, weight, polling, query })
}

fn range<T: PartialOrd + Copy>(ctx: &Ctx, key: &str, min: T, max: T) -> Result<(T, T), ScenarioError> {
    if min > max { Err(ctx.err(key, "min must not exceed max")) } else { Ok((min, max)) }
}

fn generator(ctx: &Ctx, g: FileGenerator) -> Result<Generator, ScenarioError> {
    let lines = range(ctx, "workload.generator.lines_max", g.lines_min.unwrap_or(1), g.lines_max.unwrap_or(3))?;
    if lines.0 == 0 {
        return Err(ctx.err("workload.generator.lines_min", "must be > 0"));
    }
    let quantity =
        range(ctx, "workload.generator.quantity_max", g.quantity_min.unwrap_or(1), g.quantity_max.unwrap_or(10))?;
    if quantity.0 == 0 {
        return Err(ctx.err("workload.generator.quantity_min", "must be > 0"));
    }
    let price = |key: &str, v: Option<&str>, default: Decimal| -> Result<Decimal, ScenarioError> {
        let Some(s) = v else { return Ok(default) };
        let d: Decimal = s.trim().parse().map_err(|_| ctx.err(key, format!("not a decimal amount: {s:?}")))?;
        if d <= Decimal::ZERO || d.scale() > 2 {
            return Err(ctx.err(key, "must be > 0 with at most 2 decimals"));
        }
        Ok(d)
    };
    let lo = price("workload.generator.unit_price_min", g.unit_price_min.as_deref(), Decimal::new(100, 2))?;
    let hi = price("workload.generator.unit_price_max", g.unit_price_max.as_deref(), Decimal::new(50000, 2))?;
    let unit_price = range(ctx, "workload.generator.unit_price_max", lo, hi)?;

    let mut igv = Vec::new();
    for (code, w) in g.tipo_de_igv.unwrap_or_else(|| BTreeMap::from([("1".to_owned(), 1)])) {
        let key = format!("workload.generator.tipo_de_igv.{code}");
        match code.parse::<u8>() {
            Ok(c @ (1..=17 | 20)) => igv.push((c, w)),
            _ => return Err(ctx.err(key, "not a tipo_de_igv code (1..17 or 20)")),
        }
    }
    let tipo_de_igv =
        Weighted::new(igv).ok_or_else(|| ctx.err("workload.generator.tipo_de_igv", "weights are all zero"))?;

    let mut monedas = Vec::new();
    for (name, w) in g.moneda.unwrap_or_else(|| BTreeMap::from([("PEN".to_owned(), 1)])) {
        let m = match name.as_str() {
            "PEN" => Moneda::Pen,
            "USD" => Moneda::Usd,
            "EUR" => Moneda::Eur,
            "GBP" => Moneda::Gbp,
            _ => {
                return Err(ctx.err(
                    format!("workload.generator.moneda.{name}"),
                    "unknown currency; expected PEN, USD, EUR or GBP",
                ));
            }
        };
        monedas.push((m, w));
    }
    let moneda = Weighted::new(monedas).ok_or_else(|| ctx.err("workload.generator.moneda", "weights are all zero"))?;
    Ok(Generator { lines, quantity, unit_price, tipo_de_igv, moneda })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn generator() -> Generator {
        Generator {
            lines: (2, 4),
            quantity: (1, 3),
            unit_price: (Decimal::new(150, 2), Decimal::new(1000, 2)),
            tipo_de_igv: Weighted::new(vec![(1, 1)]).unwrap(),
            moneda: Weighted::new(vec![(Moneda::Pen, 1)]).unwrap(),
        }
    }

    #[test]
    fn generated_values_stay_inside_their_ranges_with_two_decimals() {
        let g = generator();
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for _ in 0..2000 {
            assert!((2..=4).contains(&g.pick_lines(&mut rng)));
            assert!((1..=3).contains(&g.pick_quantity(&mut rng)));
            let p = g.pick_unit_price(&mut rng);
            assert!(p >= Decimal::new(150, 2) && p <= Decimal::new(1000, 2) && p.scale() == 2, "{p}");
        }
    }

    #[test]
    fn flow_kinds_together_cover_all_fourteen_operations() {
        let mut ops: Vec<_> = FlowKind::ALL.iter().flat_map(|k| k.operations()).collect();
        ops.sort();
        ops.dedup();
        assert_eq!(ops.len(), 14);
    }

    #[test]
    fn weighted_pick_follows_the_weights_roughly_and_never_picks_zero_weight() {
        let w = Weighted::new(vec![(0u8, 1), (1, 0), (2, 9)]).unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let mut counts = [0u32; 3];
        for _ in 0..10_000 {
            counts[usize::from(*w.pick(&mut rng))] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(counts[2] > counts[0] * 4, "{counts:?}");
        assert!(Weighted::new(vec![("x", 0)]).is_none());
    }
}
