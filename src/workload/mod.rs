//! The Nubefact workload: a validated scenario's weighted flows turned into [`Flow`]s of
//! real, valid documents, for every driver.
//!
//! Owns the mapping from a flow kind to its script of operations, and the keys each flow
//! uses: user `u`'s `k`-th flow issues at most one document per tipo or family, numbered
//! `range(u).numero(k)` in the serie of its letter (`F007`, `B007`, `T007`, `P007`,
//! `R007`), so concurrent users and shards never collide on (tipo, serie, numero). Must not
//! do I/O or read a clock: "today" comes in with [`NubefactWorkload::new`].

pub mod documents;
pub mod flows;

use std::sync::atomic::{AtomicU64, Ordering};

use crate::api::model::{
    ConsultarAnulacion, ConsultarComprobante, ConsultarGuia, ConsultarPercepcion, ConsultarRetencion,
    ConsultarReversionPercepcion, ConsultarReversionRetencion, ReversionPercepcion, ReversionRetencion,
};
use crate::api::{DocumentKey, Family, Operation, TipoDeComprobante};
use crate::run::{Flow, Workload};
use crate::scenario::{FlowKind, FlowSpec, NumberRange, NumberingError, Polling, Scenario, Shard};

pub use documents::Documents;
pub use flows::{Phase, Script};

/// A scenario's workload, ready for the drivers.
#[derive(Debug)]
pub struct NubefactWorkload {
    scenario: Scenario,
    shard: Shard,
    ranges: Vec<NumberRange>,
    documents: Documents,
    exhausted: AtomicU64,
}

impl NubefactWorkload {
    /// The workload of `scenario` on `shard`, issuing documents dated `today`.
    ///
    /// # Errors
    /// [`NumberingError`] when the scenario's numbering cannot give every user its range.
    pub fn new(scenario: Scenario, shard: Shard, today: time::Date) -> Result<Self, NumberingError> {
        let users = scenario.load.concurrency();
        let ranges = (0..users).map(|u| scenario.number_range(u, shard)).collect::<Result<Vec<_>, _>>()?;
        let documents = Documents::new(scenario.workload.generator.clone(), today);
        Ok(NubefactWorkload { scenario, shard, ranges, documents, exhausted: AtomicU64::new(0) })
    }

    /// Flows that sent nothing because their user's numero range was used up.
    pub fn exhausted(&self) -> u64 {
        self.exhausted.load(Ordering::Relaxed)
    }

    /// The script of one flow: its phases with their documents, or `None` when the user's
    /// range has no numero left for this iteration.
    pub fn script(&self, user: u32, iteration: u64) -> Option<Script> {
        let range = self.ranges.get(usize::try_from(user).ok()?)?;
        let numero = range.numero(iteration)?;
        let mut rng = self.scenario.rng_for(self.shard, user, iteration);
        let spec = self.scenario.workload.flows.pick(&mut rng).clone();
        let key = |letter: char, tipo: TipoDeComprobante| DocumentKey::comprobante(tipo, range.serie(letter), numero);
        let untyped = |letter: char, family: Family| DocumentKey::untyped(family, range.serie(letter), numero);
        let factura = key('F', TipoDeComprobante::Factura);
        let d = &self.documents;
        let phases = match spec.kind {
            FlowKind::FacturaOnly => {
                vec![Phase::once(Operation::GenerarComprobante, &d.comprobante(&mut rng, &factura))]
            }
            FlowKind::FacturaThenConsult => vec![
                Phase::once(Operation::GenerarComprobante, &d.comprobante(&mut rng, &factura)),
                Phase::once(Operation::ConsultarComprobante, &consultar(&factura)),
            ],
            FlowKind::BoletaPollUntilAccepted => {
                let boleta = key('B', TipoDeComprobante::Boleta);
                vec![
                    Phase::once(Operation::GenerarComprobante, &d.comprobante(&mut rng, &boleta)),
                    poll(&spec, Operation::ConsultarComprobante, &consultar(&boleta)),
                ]
            }
            FlowKind::FacturaThenNotaDeCredito => {
                let nota = key('F', TipoDeComprobante::NotaDeCredito);
                vec![
                    Phase::once(Operation::GenerarComprobante, &d.comprobante(&mut rng, &factura)),
                    Phase::once(Operation::GenerarComprobante, &d.nota_de_credito(&mut rng, &nota, &factura)),
                    Phase::once(Operation::ConsultarComprobante, &consultar(&nota)),
                ]
            }
            FlowKind::VoidAndPollTicket => vec![
                Phase::once(Operation::GenerarComprobante, &d.comprobante(&mut rng, &factura)),
                Phase::once(Operation::GenerarAnulacion, &d.anulacion(&factura)),
                poll(&spec, Operation::ConsultarAnulacion, &ConsultarAnulacion::new(&factura)),
            ],
            FlowKind::GuiaPoll => {
                let guia = key('T', TipoDeComprobante::GuiaRemitente);
                vec![
                    Phase::once(Operation::GenerarGuia, &d.guia(&mut rng, &guia)),
                    poll(
                        &spec,
                        Operation::ConsultarGuia,
                        &ConsultarGuia::new(TipoDeComprobante::GuiaRemitente, &guia.serie, numero),
                    ),
                ]
            }
            FlowKind::Percepcion => {
                let p = untyped('P', Family::Percepcion);
                vec![
                    Phase::once(Operation::GenerarPercepcion, &d.percepcion(&mut rng, &p, &factura)),
                    Phase::once(Operation::ConsultarPercepcion, &ConsultarPercepcion::new(&p.serie, numero)),
                    Phase::once(
                        Operation::GenerarReversionPercepcion,
                        &ReversionPercepcion::new(&p.serie, numero, "ERROR DEL SISTEMA"),
                    ),
                    Phase::once(
                        Operation::ConsultarReversionPercepcion,
                        &ConsultarReversionPercepcion::new(&p.serie, numero),
                    ),
                ]
            }
            FlowKind::Retencion => {
                let r = untyped('R', Family::Retencion);
                vec![
                    Phase::once(Operation::GenerarRetencion, &d.retencion(&mut rng, &r, &factura)),
                    Phase::once(Operation::ConsultarRetencion, &ConsultarRetencion::new(&r.serie, numero)),
                    Phase::once(
                        Operation::GenerarReversionRetencion,
                        &ReversionRetencion::new(&r.serie, numero, "ERROR DEL SISTEMA"),
                    ),
                    Phase::once(
                        Operation::ConsultarReversionRetencion,
                        &ConsultarReversionRetencion::new(&r.serie, numero),
                    ),
                ]
            }
            FlowKind::ConsultOnly => {
                vec![query(spec.query.unwrap_or(Operation::ConsultarComprobante), &factura, range)]
            }
        };
        Some(Script::new(phases))
    }
}

impl Workload for NubefactWorkload {
    fn start(&self, user: u32, iteration: u64) -> Box<dyn Flow> {
        match self.script(user, iteration) {
            Some(script) => Box::new(script),
            None => {
                self.exhausted.fetch_add(1, Ordering::Relaxed);
                Box::new(Script::new(Vec::new()))
            }
        }
    }

    fn operations(&self) -> Vec<Operation> {
        self.scenario.workload.operations()
    }
}

fn consultar(key: &DocumentKey) -> ConsultarComprobante {
    ConsultarComprobante::new(key.tipo.unwrap_or(TipoDeComprobante::Factura), &key.serie, key.numero)
}

fn poll<R: serde::Serialize>(spec: &FlowSpec, operation: Operation, body: &R) -> Phase {
    let Polling { max_polls, interval } =
        spec.polling.unwrap_or(Polling { max_polls: 1, interval: Default::default() });
    Phase::poll(operation, body, max_polls, interval)
}

/// The one query of a `consult_only` flow, on the key its slot would have issued.
fn query(operation: Operation, factura: &DocumentKey, range: &NumberRange) -> Phase {
    let numero = factura.numero;
    match operation.family() {
        Family::Guia => {
            Phase::once(operation, &ConsultarGuia::new(TipoDeComprobante::GuiaRemitente, range.serie('T'), numero))
        }
        Family::Percepcion if operation == Operation::ConsultarReversionPercepcion => {
            Phase::once(operation, &ConsultarReversionPercepcion::new(range.serie('P'), numero))
        }
        Family::Percepcion => Phase::once(operation, &ConsultarPercepcion::new(range.serie('P'), numero)),
        Family::Retencion if operation == Operation::ConsultarReversionRetencion => {
            Phase::once(operation, &ConsultarReversionRetencion::new(range.serie('R'), numero))
        }
        Family::Retencion => Phase::once(operation, &ConsultarRetencion::new(range.serie('R'), numero)),
        Family::Comprobante if operation == Operation::ConsultarAnulacion => {
            Phase::once(operation, &ConsultarAnulacion::new(factura))
        }
        Family::Comprobante => Phase::once(operation, &consultar(factura)),
    }
}
