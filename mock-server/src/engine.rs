//! The transport-free engine: (state, request) → reply, for every operation of §3.
//!
//! Owns: routing to accounts, lenient auth (§1.2), content type, body parsing, fault and
//! latency decisions, the document registry and the SUNAT lifecycle (§13.1), and the counters.
//! Fronts only move bytes: they hand a [`Request`] in and carry out the [`Reply`] (status,
//! body, delay and an optional connection cut).
//! Must not: do I/O, sleep or spawn. Time comes from an internal monotonic clock that tests can
//! advance with [`Engine::advance_clock`].

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::config::{Account, AccountStatus, Front, MockConfig, SunatConfig, SunatOutcome, ValidationConfig};
use crate::lenient::{Fields, Reject};
use crate::op::Op;
use crate::registry::{CodigoUnico, DocKey, Duplicate, NEVER, Record, Registry, flags};
use crate::reply::{self, Ctx};
use crate::rng;
use crate::spec::{FaultKind, FaultRule, FaultSpec, LatencySpec, Trigger};
use crate::stats::{Counters, MockStats};
use crate::validate::{self, Family, Issued};

/// One HTTP request, as a front saw it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `POST`, `GET`, ...
    pub method: &'a str,
    /// The path, without scheme or host (a query string is ignored).
    pub path: &'a str,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a [u8]>,
    /// The `Authorization` header, if any.
    pub authorization: Option<&'a [u8]>,
    /// The whole body.
    pub body: &'a [u8],
}

/// How the front must end the exchange instead of (or after) answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Close the connection without any response (nothing was executed).
    Reset,
    /// The request was executed; close the connection without a response.
    AfterCommit,
    /// Hold the connection for `Reply::delay`, then close it without a response.
    Hang,
}

/// What the front must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body (empty when `cut` is set).
    pub body: Vec<u8>,
    /// Wait this long before answering (latency profile and server pauses).
    pub delay: Duration,
    /// End the exchange abnormally.
    pub cut: Option<Cut>,
}

/// Settings that `PUT /__admin/config` may change while running.
pub(crate) struct Dynamic {
    pub latency: Vec<LatencySpec>,
    pub faults: FaultSpec,
    pub counters: Vec<AtomicU64>,
    pub hang: Duration,
    pub errors_with_200: bool,
    pub sunat: SunatConfig,
    pub validation: ValidationConfig,
}

impl Dynamic {
    pub(crate) fn new(
        latency: Vec<LatencySpec>,
        faults: FaultSpec,
        hang: Duration,
        errors_with_200: bool,
        sunat: SunatConfig,
        validation: ValidationConfig,
    ) -> Self {
        let counters = faults.rules.iter().map(|_| AtomicU64::new(0)).collect();
        Dynamic { latency, faults, counters, hang, errors_with_200, sunat, validation }
    }
}

/// The engine shared by every front.
pub struct Engine {
    pub(crate) accounts: Vec<Account>,
    pub(crate) registry: Mutex<Registry>,
    pub(crate) dynamic: RwLock<Arc<Dynamic>>,
    pub(crate) counters: Counters,
    pub(crate) front: Front,
    pub(crate) seed: u64,
    link_host: String,
    max_body_bytes: usize,
    start: Instant,
    offset_ms: AtomicU64,
    seq: AtomicU64,
}

fn status_of(codigo: u16) -> u16 {
    match codigo {
        10 | 11 | 50 | 51 => 401,
        40 => 500,
        _ => 400,
    }
}

/// Extracts the token from every `Authorization` form of §1.2.
pub fn parse_token(header: &[u8]) -> Option<&str> {
    let mut s = std::str::from_utf8(header).ok()?.trim();
    for scheme in ["token ", "bearer "] {
        if s.len() >= scheme.len() && s[..scheme.len()].eq_ignore_ascii_case(scheme) {
            s = s[scheme.len()..].trim_start();
            break;
        }
    }
    if s.len() >= 6 && s[..6].eq_ignore_ascii_case("token=") {
        s = s[6..].trim();
    }
    let s = s.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(s);
    (!s.is_empty()).then_some(s)
}

impl Engine {
    /// Builds an engine from a configuration.
    pub fn new(cfg: &MockConfig) -> Self {
        Engine {
            accounts: cfg.accounts.clone(),
            registry: Mutex::new(Registry::new(cfg.max_documents)),
            dynamic: RwLock::new(Arc::new(Dynamic::new(
                cfg.latency.clone(),
                cfg.faults.clone(),
                cfg.hang,
                cfg.errors_with_200,
                cfg.sunat.clone(),
                cfg.validation.clone(),
            ))),
            counters: Counters::default(),
            front: cfg.front,
            seed: cfg.seed,
            link_host: cfg.link_host.clone(),
            max_body_bytes: cfg.max_body_bytes,
            start: Instant::now(),
            offset_ms: AtomicU64::new(0),
            seq: AtomicU64::new(0),
        }
    }

    /// The body size limit in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Engine time in ms since start, including [`Engine::advance_clock`].
    pub fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64 + self.offset_ms.load(Relaxed)
    }

    /// Moves engine time forward (for lifecycle tests without sleeping). Affects SUNAT timers,
    /// pauses and "today".
    pub fn advance_clock(&self, by: Duration) {
        self.offset_ms.fetch_add(by.as_millis() as u64, Relaxed);
    }

    /// Today in Peru (UTC−5), the reference date for code 22.
    pub fn today(&self) -> Date {
        let offset = Duration::from_millis(self.offset_ms.load(Relaxed));
        let peru = UtcOffset::from_hms(-5, 0, 0).unwrap_or(UtcOffset::UTC);
        (OffsetDateTime::now_utc() + offset).to_offset(peru).date()
    }

    pub(crate) fn registry(&self) -> MutexGuard<'_, Registry> {
        // A poisoned lock only means a panic elsewhere; the registry itself stays consistent
        // because every mutation is a single insert or field store.
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn dynamic(&self) -> Arc<Dynamic> {
        self.dynamic.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn error(&self, dynamic: &Dynamic, op: Option<Op>, codigo: u16, message: &str) -> Reply {
        self.counters.outcome(op, Some(codigo));
        let status = if dynamic.errors_with_200 { 200 } else { status_of(codigo) };
        Reply { status, body: reply::error_body(message, codigo), delay: Duration::ZERO, cut: None }
    }

    /// Answers one request: the admin API under `/__admin/`, the Nubefact API elsewhere.
    /// Never panics, whatever the input.
    pub fn handle(&self, req: &Request<'_>) -> Reply {
        let path = req.path.split('?').next().unwrap_or("");
        if let Some(rest) = path.strip_prefix("/__admin/") {
            return crate::admin::handle(self, req.method, rest, req.body);
        }
        let dynamic = self.dynamic();
        let Some(route) = path.strip_prefix("/api/v1/") else {
            self.counters.request(None);
            let mut r = self.error(&dynamic, None, 11, "La ruta no existe: use /api/v1/<ruta>");
            r.status = if dynamic.errors_with_200 { 200 } else { 404 };
            return r;
        };
        let route = route.strip_suffix('/').unwrap_or(route);
        if !req.method.eq_ignore_ascii_case("POST") {
            self.counters.request(None);
            let mut r = self.error(&dynamic, None, 20, "Metodo no permitido: use POST");
            r.status = if dynamic.errors_with_200 { 200 } else { 405 };
            return r;
        }
        let Some((account_idx, account)) = self.accounts.iter().enumerate().find(|(_, a)| a.route == route) else {
            self.counters.request(None);
            return self.error(&dynamic, None, 11, "La ruta o URL no existe");
        };
        let token_ok = req.authorization.and_then(parse_token).is_some_and(|t| account.tokens.iter().any(|k| k == t));
        if !token_ok {
            self.counters.request(None);
            return self.error(&dynamic, None, 10, "El token es incorrecto o ha sido eliminado");
        }
        match account.status {
            AccountStatus::Active => {}
            AccountStatus::Suspended => {
                self.counters.request(None);
                return self.error(&dynamic, None, 50, "La cuenta ha sido suspendida");
            }
            AccountStatus::Unpaid => {
                self.counters.request(None);
                return self.error(&dynamic, None, 51, "La cuenta ha sido suspendida por falta de pago");
            }
        }
        let json_ct = req
            .content_type
            .and_then(|c| std::str::from_utf8(c).ok())
            .is_some_and(|c| c.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"));
        if !json_ct {
            self.counters.request(None);
            return self.error(
                &dynamic,
                None,
                12,
                "La cabecera no contiene un Content-Type correcto: use application/json",
            );
        }
        if req.body.len() > self.max_body_bytes {
            self.counters.request(None);
            let mut r =
                self.error(&dynamic, None, 20, &format!("El cuerpo excede el limite de {} bytes", self.max_body_bytes));
            r.status = if dynamic.errors_with_200 { 200 } else { 413 };
            return r;
        }
        let parsed = std::str::from_utf8(req.body).ok().and_then(|s| serde_json::from_str::<Value>(s).ok());
        let Some(Value::Object(body)) = parsed else {
            self.counters.request(None);
            return self.error(
                &dynamic,
                None,
                20,
                "El archivo no tiene el formato esperado: verifique que sea JSON valido en UTF-8, sin caracteres ocultos ni saltos de linea",
            );
        };
        let op = match body.get("operacion").and_then(Value::as_str).map(str::trim) {
            Some(name) => Op::from_name(name),
            None => {
                self.counters.request(None);
                return self.error(&dynamic, None, 20, "El campo 'operacion' es obligatorio");
            }
        };
        let Some(op) = op else {
            self.counters.request(None);
            return self.error(&dynamic, None, 20, "El campo 'operacion' tiene un valor no permitido");
        };
        self.counters.request(Some(op));
        let seq = self.seq.fetch_add(1, Relaxed);
        let now = self.now_ms();
        let pause = self.pause_remaining(&dynamic, now);
        let latency = self.latency(&dynamic, op, seq);
        let delay = latency + pause;

        match self.fault(&dynamic, op) {
            Some(FaultKind::Error500) => {
                self.counters.fault(Some(op), FaultKind::Error500);
                let mut r = self.error(&dynamic, Some(op), 40, "Error interno desconocido");
                r.delay = delay;
                return r;
            }
            Some(FaultKind::Reset) => {
                self.counters.fault(Some(op), FaultKind::Reset);
                return Reply { status: 0, body: Vec::new(), delay: pause, cut: Some(Cut::Reset) };
            }
            Some(FaultKind::Hang) => {
                self.counters.fault(Some(op), FaultKind::Hang);
                return Reply { status: 0, body: Vec::new(), delay: dynamic.hang + pause, cut: Some(Cut::Hang) };
            }
            Some(FaultKind::DropAfterCommit) => {
                self.counters.fault(Some(op), FaultKind::DropAfterCommit);
                let _ = self.execute(&dynamic, account_idx, account, op, &body, now);
                return Reply { status: 0, body: Vec::new(), delay, cut: Some(Cut::AfterCommit) };
            }
            None => {}
        }
        let mut reply = match self.execute(&dynamic, account_idx, account, op, &body, now) {
            Ok(bytes) => {
                self.counters.outcome(Some(op), None);
                Reply { status: 200, body: bytes, delay: Duration::ZERO, cut: None }
            }
            Err(rej) => self.error(&dynamic, Some(op), rej.codigo, &rej.message),
        };
        reply.delay = delay;
        reply
    }

    fn pause_remaining(&self, dynamic: &Dynamic, now: u64) -> Duration {
        let mut extra = 0u64;
        for rule in &dynamic.faults.rules {
            if let FaultRule::Pause { duration, at } = rule {
                let (at, end) = (at.as_millis() as u64, (*at + *duration).as_millis() as u64);
                if now >= at && now < end {
                    extra = extra.max(end - now);
                }
            }
        }
        if extra > 0 {
            self.counters.paused();
        }
        Duration::from_millis(extra)
    }

    fn latency(&self, dynamic: &Dynamic, op: Op, seq: u64) -> Duration {
        let spec = dynamic
            .latency
            .iter()
            .find(|s| s.op == Some(op))
            .or_else(|| dynamic.latency.iter().find(|s| s.op.is_none()));
        spec.map_or(Duration::ZERO, |s| s.dist.sample(Some(op), self.seed, seq))
    }

    fn fault(&self, dynamic: &Dynamic, op: Op) -> Option<FaultKind> {
        let mut fired = None;
        for (i, rule) in dynamic.faults.rules.iter().enumerate() {
            let FaultRule::Request { kind, op: only, trigger } = rule else { continue };
            if only.is_some_and(|o| o != op) {
                continue;
            }
            let n = dynamic.counters[i].fetch_add(1, Relaxed) + 1;
            let fires = match trigger {
                Trigger::Every(every) => n.is_multiple_of(*every),
                Trigger::Rate(p) => rng::unit(self.seed, 200 + i as u64, n) < *p,
            };
            if fires && fired.is_none() {
                fired = Some(*kind);
            }
        }
        fired
    }

    fn ctx<'a>(&'a self, dynamic: &'a Dynamic, account: &'a Account, now: u64) -> Ctx<'a> {
        Ctx { seed: self.seed, host: &self.link_host, ruc: &account.ruc, sunat: &dynamic.sunat, now_ms: now }
    }

    fn outcome_for(&self, sunat: &SunatConfig, key: &DocKey) -> SunatOutcome {
        if let Some(rule) = sunat.rules.iter().find(|r| {
            r.serie.as_deref().is_none_or(|s| s == key.serie_str()) && r.numero.is_none_or(|n| n == key.numero)
        }) {
            return rule.outcome;
        }
        let h = (u64::from(key.account) << 40) ^ (u64::from(key.tipo) << 32) ^ u64::from(key.numero);
        let u = rng::unit(self.seed, 300 ^ u64::from(u32::from_le_bytes(key.serie)), h);
        if u < sunat.reject_rate {
            SunatOutcome::Rejected
        } else if u < sunat.reject_rate + sunat.observe_rate {
            SunatOutcome::Observed
        } else if u < sunat.reject_rate + sunat.observe_rate + sunat.soap_error_rate {
            SunatOutcome::SoapError
        } else {
            SunatOutcome::Accepted
        }
    }

    fn store(&self, dynamic: &Dynamic, account_idx: usize, op: Op, doc: Issued, now: u64) -> Result<DocKey, Reject> {
        let key = DocKey { account: account_idx as u16, tipo: doc.tipo, serie: doc.serie, numero: doc.numero };
        let mut cliente = [0u8; 15];
        let cb = doc.cliente_numero.as_bytes();
        let n = cb.len().min(15);
        cliente[..n].copy_from_slice(&cb[..n]);
        let cu = doc.codigo_unico.as_deref().and_then(CodigoUnico::new);
        let cents =
            |d: rust_decimal::Decimal| (d * rust_decimal::Decimal::ONE_HUNDRED).round().try_into().unwrap_or(0i64);
        let mut fl = 0;
        if doc.boleta_like {
            fl |= flags::BOLETA_LIKE;
        }
        if doc.observation.is_some() {
            fl |= flags::TOTALS_OBSERVED;
        }
        let record = Record {
            emitted_ms: now.min(u64::from(NEVER - 1)) as u32,
            voided_ms: NEVER,
            fecha_jd: doc.fecha.to_julian_day(),
            igv_cents: cents(doc.total_igv),
            total_cents: cents(doc.total),
            cliente_tipo: doc.cliente_tipo,
            cliente,
            cliente_len: n as u8,
            outcome: self.outcome_for(&dynamic.sunat, &key),
            flags: fl,
            codigo_unico: cu.map_or([0; 20], |c| c.0),
            codigo_unico_len: cu.map_or(0, |c| c.1),
        };
        match self.registry().insert(key, record) {
            Ok(()) => {
                self.counters.stored(op);
                Ok(key)
            }
            Err(Duplicate::Key) => Err(Reject {
                codigo: 23,
                message: format!("Este documento ya existe en NubeFacT: {}-{}", key.serie_str(), key.numero),
            }),
            Err(Duplicate::CodigoUnico) => Err(Reject {
                codigo: 23,
                message: "Este documento ya existe en NubeFacT: el campo 'codigo_unico' ya fue usado".to_string(),
            }),
        }
    }

    fn not_found(key: &DocKey) -> Reject {
        Reject {
            codigo: 24,
            message: format!("El documento {}-{} no existe o no fue enviado a NubeFacT", key.serie_str(), key.numero),
        }
    }

    fn execute(
        &self,
        dynamic: &Dynamic,
        account_idx: usize,
        account: &Account,
        op: Op,
        body: &Map<String, Value>,
        now: u64,
    ) -> Result<Vec<u8>, Reject> {
        let f = Fields::new(body, "");
        // Only emissions and voids look at the calendar; queries skip the clock conversion.
        let today = if op.creates_document()
            || matches!(op, Op::GenerarAnulacion | Op::GenerarReversionPercepcion | Op::GenerarReversionRetencion)
        {
            self.today()
        } else {
            Date::MIN
        };
        let ctx = self.ctx(dynamic, account, now);
        let acc = account_idx as u16;
        let lookup = |tipo: u8, serie: [u8; 4], numero: u32| -> Result<(DocKey, Record), Reject> {
            let key = DocKey { account: acc, tipo, serie, numero };
            self.registry().get(&key).copied().map(|r| (key, r)).ok_or_else(|| Engine::not_found(&key))
        };
        match op {
            Op::GenerarComprobante => {
                let doc = validate::comprobante(body, &dynamic.validation, today)?;
                let key = self.store(dynamic, account_idx, op, doc, now)?;
                let (key, rec) = lookup(key.tipo, key.serie, key.numero)?;
                Ok(reply::comprobante(&ctx, &key, &rec, false))
            }
            Op::ConsultarComprobante => {
                let (t, s, n) = validate::identity(&f, &[1, 2, 3, 4])?;
                let (key, rec) = lookup(t, s, n)?;
                Ok(reply::comprobante(&ctx, &key, &rec, true))
            }
            Op::GenerarAnulacion => {
                let (t, s, n) = validate::identity(&f, &[1, 2, 3, 4, 7, 8])?;
                f.text("motivo", 100)?;
                f.text_opt("codigo_unico", 250)?;
                if t >= 7 {
                    let key = DocKey { account: acc, tipo: t, serie: s, numero: n };
                    return Err(Reject {
                        codigo: 24,
                        message: format!(
                            "El documento {}-{} no existe o no fue enviado: una guia no se anula por la API",
                            key.serie_str(),
                            n
                        ),
                    });
                }
                self.void(dynamic, today, acc, t, s, n, now).map(|(k, r)| reply::baja(&ctx, &k, &r, "anulacion"))
            }
            Op::ConsultarAnulacion => {
                let (t, s, n) = validate::identity(&f, &[1, 2, 3, 4])?;
                let (key, rec) = lookup(t, s, n)?;
                if rec.voided_ms == NEVER {
                    return Err(Reject {
                        codigo: 24,
                        message: format!("No existe una anulacion para {}-{}", key.serie_str(), n),
                    });
                }
                Ok(reply::baja(&ctx, &key, &rec, "anulacion"))
            }
            Op::GenerarGuia => {
                let doc = validate::guia(body, &dynamic.validation, today)?;
                let key = self.store(dynamic, account_idx, op, doc, now)?;
                let (key, rec) = lookup(key.tipo, key.serie, key.numero)?;
                Ok(reply::guia(&ctx, &key, &rec, true))
            }
            Op::ConsultarGuia => {
                let (t, s, n) = validate::identity(&f, &[7, 8])?;
                let key = DocKey { account: acc, tipo: t, serie: s, numero: n };
                let rec = {
                    let mut reg = self.registry();
                    let rec = reg.get_mut(&key).ok_or_else(|| Engine::not_found(&key))?;
                    if now >= u64::from(rec.emitted_ms) + dynamic.sunat.guia_delay.as_millis() as u64 {
                        rec.flags |= flags::GUIA_ACCEPTED;
                    }
                    *rec
                };
                Ok(reply::guia(&ctx, &key, &rec, false))
            }
            Op::GenerarPercepcion | Op::GenerarRetencion => {
                let fam = if op == Op::GenerarPercepcion { Family::Percepcion } else { Family::Retencion };
                let doc = validate::retper(fam, body, &dynamic.validation, today)?;
                let key = self.store(dynamic, account_idx, op, doc, now)?;
                let (key, rec) = lookup(key.tipo, key.serie, key.numero)?;
                Ok(reply::retper(&ctx, &key, &rec))
            }
            Op::ConsultarPercepcion | Op::ConsultarRetencion => {
                let fam = if op == Op::ConsultarPercepcion { Family::Percepcion } else { Family::Retencion };
                let (_, s, n) = validate::identity(&f, &[])?;
                let (key, rec) = lookup(fam.code(), s, n)?;
                Ok(reply::retper(&ctx, &key, &rec))
            }
            Op::GenerarReversionPercepcion | Op::GenerarReversionRetencion => {
                let fam = if op == Op::GenerarReversionPercepcion { Family::Percepcion } else { Family::Retencion };
                let (_, s, n) = validate::identity(&f, &[])?;
                f.text("motivo", 100)?;
                self.void(dynamic, today, acc, fam.code(), s, n, now)
                    .map(|(k, r)| reply::baja(&ctx, &k, &r, "reversion"))
            }
            Op::ConsultarReversionPercepcion | Op::ConsultarReversionRetencion => {
                let fam = if op == Op::ConsultarReversionPercepcion { Family::Percepcion } else { Family::Retencion };
                let (_, s, n) = validate::identity(&f, &[])?;
                let (key, rec) = lookup(fam.code(), s, n)?;
                if rec.voided_ms == NEVER {
                    return Err(Reject {
                        codigo: 24,
                        message: format!("No existe una reversion para {}-{}", key.serie_str(), n),
                    });
                }
                Ok(reply::baja(&ctx, &key, &rec, "reversion"))
            }
        }
    }

    /// Generates a baja/reversión; a second one returns the existing record (§12.3 guess).
    #[allow(clippy::too_many_arguments)]
    fn void(
        &self,
        dynamic: &Dynamic,
        today: Date,
        account: u16,
        tipo: u8,
        serie: [u8; 4],
        numero: u32,
        now: u64,
    ) -> Result<(DocKey, Record), Reject> {
        let key = DocKey { account, tipo, serie, numero };
        let mut reg = self.registry();
        let rec = reg.get_mut(&key).ok_or_else(|| Engine::not_found(&key))?;
        if rec.voided_ms == NEVER {
            let age = today.to_julian_day() - rec.fecha_jd;
            if dynamic.validation.check_dates && age > dynamic.validation.baja_days as i32 {
                return Err(Reject {
                    codigo: 22,
                    message: format!(
                        "El documento {}-{} esta fuera del plazo permitido para la baja",
                        key.serie_str(),
                        numero
                    ),
                });
            }
            rec.voided_ms = now.min(u64::from(NEVER - 1)) as u32;
        }
        Ok((key, *rec))
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> MockStats {
        let (operations, paused_requests) = self.counters.snapshot();
        let reg = self.registry();
        MockStats {
            front: self.front.name().to_string(),
            front_limits: crate::front_limits(self.front).to_string(),
            uptime_ms: self.now_ms(),
            documents: reg.len(),
            documents_evicted: reg.evicted(),
            operations,
            paused_requests,
            seed: self.seed,
        }
    }

    /// Forgets every document and zeroes the counters (fault sequences restart too).
    pub fn reset(&self) {
        self.registry().clear();
        self.counters.reset();
        let mut d = self.dynamic.write().unwrap_or_else(|e| e.into_inner());
        let cur = d.clone();
        *d = Arc::new(Dynamic::new(
            cur.latency.clone(),
            cur.faults.clone(),
            cur.hang,
            cur.errors_with_200,
            cur.sunat.clone(),
            cur.validation.clone(),
        ));
    }
}
