//! The retry policy as a sans-IO state machine, shared by both client flavours.
//!
//! Owns [`RetryPolicy`] (attempt budget, bounded exponential backoff with jitter), the
//! classification of one attempt's result into an [`Outcome`], the decision table
//! ([`RetryState::next`]) and [`Plan`], which holds the results of a whole call and turns
//! them into the final `Result<Sent<T>, ClientError>`. It must not do I/O, sleep or read a
//! clock: the flavours perform the [`Step`]s it returns, so that the async and blocking
//! clients differ only in how they send and sleep.
//!
//! The rule (reference §12.3, §14; ARCHITECTURE §4):
//! - a query (`consultar_*`) is idempotent: it is resent after a transport error, a 5xx
//!   or code 40, with backoff;
//! - a `generar_*` is never resent blindly. After an uncertain failure (transport error,
//!   5xx, 40) the same key is queried first. Found → adopt it (`recovered`). 24 (not found)
//!   → resend the SAME payload; if that resend answers 23, the earlier send landed after
//!   all, so query again and adopt. A new number is never taken;
//! - every other Nubefact error (10, 11, 20, 21, 23 on the first send…) is final.

use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::{CallStats, ClientError, Sent};
use crate::api::{ApiError, DocumentKey, NubefactCode, Operation};

/// The hard ceiling on [`RetryPolicy::max_attempts`], so that a mistyped configuration
/// cannot make a call loop for hours.
pub const MAX_ATTEMPTS_CEILING: u32 = 32;

/// How many requests one call may make, and how long to wait between them.
///
/// The wait before retry `n` (1-based) is `base · 2^(n-1)` capped at `max_backoff`, of
/// which the upper half is jittered ("equal jitter"): it lies in `[d/2, d]`.
///
/// ```
/// use std::time::Duration;
/// use nubefact_harness::client::RetryPolicy;
/// let p = RetryPolicy::default();
/// assert_eq!(p.max_attempts, 4);
/// assert!(p.backoff(1, 0.0) >= p.base_backoff / 2 && p.backoff(1, 1.0) <= p.base_backoff);
/// assert!(p.backoff(30, 1.0) <= p.max_backoff);
/// assert_eq!(RetryPolicy::none().max_attempts, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Requests one call may make in total, the first one included (sends, resends and
    /// recovery queries all count). Clamped to `1..=MAX_ATTEMPTS_CEILING`.
    pub max_attempts: u32,
    /// The wait before the first retry, before jitter.
    pub base_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// Seed for the jitter; `None` draws one from the OS per client. Set it for
    /// reproducible runs and tests.
    pub seed: Option<u64>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            seed: None,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry and no recovery: what a load driver that wants raw outcomes
    /// uses.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The budget actually applied: `max_attempts` clamped to `1..=MAX_ATTEMPTS_CEILING`.
    pub fn attempt_budget(&self) -> u32 {
        self.max_attempts.clamp(1, MAX_ATTEMPTS_CEILING)
    }

    /// The wait before retry number `retry` (1-based), with `unit` in `[0, 1]` the jitter
    /// sample. Never more than `max_backoff`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let full = self.base_backoff.saturating_mul(1u32 << exponent).min(self.max_backoff);
        let half = full / 2;
        half + (full - half).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// What one attempt's result means to the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A reply was parsed.
    Reply,
    /// It is unknown whether the server acted: a transport error, a 5xx or code 40.
    Uncertain,
    /// Code 23: the document already exists.
    Duplicate,
    /// Code 24: the document does not exist.
    NotFound,
    /// Any other error: retrying would not change the answer.
    Final,
}

impl Outcome {
    /// Classifies the result of one attempt.
    pub fn of<T>(result: &Result<T, ClientError>) -> Outcome {
        match result {
            Ok(_) => Outcome::Reply,
            Err(ClientError::Transport { .. }) => Outcome::Uncertain,
            Err(ClientError::Api(api)) => Outcome::of_api(api),
            Err(_) => Outcome::Final,
        }
    }

    fn of_api(error: &ApiError) -> Outcome {
        match error {
            ApiError::Nubefact { code: NubefactCode::Duplicate, .. } => Outcome::Duplicate,
            ApiError::Nubefact { code: NubefactCode::NotFound, .. } => Outcome::NotFound,
            ApiError::Nubefact { code, .. } if code.is_server_failure() => Outcome::Uncertain,
            // A Nubefact error other than 40 says what went wrong, whatever the status.
            ApiError::Nubefact { .. } => Outcome::Final,
            // A 5xx without a Nubefact body (a proxy's 502/503/504 page, a bare 500).
            other if other.status().is_some_and(|s| s >= 500) => Outcome::Uncertain,
            _ => Outcome::Final,
        }
    }
}

/// Which body the next request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// The caller's request, first send.
    Original,
    /// The caller's request again, byte for byte (never a new number).
    Resend,
    /// The recovery query of the same key (`Operation::recovery_query`), or the caller's
    /// own query resent.
    Query,
}

/// What the state machine decides after an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Wait this long, then send this payload.
    SleepThen(Duration, Payload),
    /// The last result is the answer; `recovered` when it came from a recovery query.
    Done { recovered: bool },
    /// The last result is an error and is final.
    Fail,
    /// The attempt budget ran out while the outcome was still uncertain.
    Exhausted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A query, sent (or resent) as the caller asked.
    Query,
    /// A `generar_*`: the original payload is out.
    Sent,
    /// A `generar_*`: after an uncertain send, querying the key.
    Recovering,
    /// A `generar_*`: the query said 24, the same payload was resent.
    Resent,
    /// A `generar_*`: the resend said 23, querying to adopt.
    Confirming,
}

/// The pure decision table of one call. Start with [`RetryState::new`] (the original
/// payload is sent first), then feed every outcome to [`RetryState::next`].
#[derive(Debug, Clone)]
pub struct RetryState {
    policy: RetryPolicy,
    phase: Phase,
    attempts: u32,
    retries: u32,
    rng: SmallRng,
}

impl RetryState {
    /// The state of a call of `operation`; the jitter comes from `seed`.
    pub fn new(policy: &RetryPolicy, operation: Operation, seed: u64) -> Self {
        let phase = if operation.recovery_query().is_some() { Phase::Sent } else { Phase::Query };
        RetryState { policy: policy.clone(), phase, attempts: 1, retries: 0, rng: SmallRng::seed_from_u64(seed) }
    }

    /// Requests made so far (1 after the original send).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The next action after the last attempt's `outcome`. After a `SleepThen`, the
    /// caller sends the payload and calls `next` again with its outcome.
    pub fn next(&mut self, outcome: Outcome) -> Action {
        use Outcome as O;
        use Phase as P;
        let (phase, payload, backoff) = match (self.phase, outcome) {
            (P::Query, O::Reply) | (P::Sent, O::Reply) | (P::Resent, O::Reply) => {
                return Action::Done { recovered: false };
            }
            (P::Recovering, O::Reply) | (P::Confirming, O::Reply) => return Action::Done { recovered: true },
            (P::Query, O::Uncertain) => (P::Query, Payload::Query, true),
            (P::Sent | P::Recovering | P::Resent | P::Confirming, O::Uncertain) => {
                // Whatever was in flight, the document may or may not exist: ask first.
                let next = if self.phase == P::Confirming { P::Confirming } else { P::Recovering };
                (next, Payload::Query, true)
            }
            // Not found after an uncertain send: it never landed, so send the same bytes.
            (P::Recovering, O::NotFound) => (P::Resent, Payload::Resend, false),
            // The resend found the document: an earlier send landed. Read it back.
            (P::Resent, O::Duplicate) => (P::Confirming, Payload::Query, false),
            // 23 on the first send, 24 to a caller's query, 24 after a 23, and every other
            // error are the answer.
            _ => return Action::Fail,
        };
        if self.attempts >= self.policy.attempt_budget() {
            return Action::Exhausted;
        }
        self.phase = phase;
        self.attempts += 1;
        let wait = if backoff {
            self.retries += 1;
            let unit: f64 = self.rng.random();
            self.policy.backoff(self.retries, unit)
        } else {
            Duration::ZERO
        };
        Action::SleepThen(wait, payload)
    }
}

/// What a flavour must do next for one call.
#[derive(Debug)]
pub enum Step<T> {
    /// Wait `after`, then send `payload` as request number `attempt` (1-based).
    Send { after: Duration, payload: Payload, attempt: u32 },
    /// The call is over.
    Finished(Result<Sent<T>, ClientError>),
}

/// One call in progress: a [`RetryState`] plus the bookkeeping of [`Sent`].
///
/// ```
/// use nubefact_harness::client::retry::{Plan, Payload, Step};
/// use nubefact_harness::client::RetryPolicy;
/// use nubefact_harness::api::{DocumentKey, Operation, TipoDeComprobante};
/// let key = DocumentKey::comprobante(TipoDeComprobante::GuiaRemitente, "T001", 5);
/// let mut plan = Plan::<u32>::new(&RetryPolicy::none(), Operation::ConsultarGuia, key, 1);
/// assert!(matches!(plan.first(), Step::Send { payload: Payload::Original, attempt: 1, .. }));
/// match plan.observe(Ok(7)) {
///     Step::Finished(Ok(sent)) => assert_eq!((sent.reply, sent.attempts, sent.recovered), (7, 1, false)),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug)]
pub struct Plan<T> {
    state: RetryState,
    operation: Operation,
    key: DocumentKey,
    payload_sends: u32,
    recovery_queries: u32,
    recovered: bool,
    _reply: std::marker::PhantomData<fn() -> T>,
}

impl<T> Plan<T> {
    /// A call of `operation` on the document `key` under `policy`, jitter seeded by `seed`.
    pub fn new(policy: &RetryPolicy, operation: Operation, key: DocumentKey, seed: u64) -> Self {
        Plan {
            state: RetryState::new(policy, operation, seed),
            operation,
            key,
            payload_sends: 0,
            recovery_queries: 0,
            recovered: false,
            _reply: std::marker::PhantomData,
        }
    }

    /// The first step: send the original payload now.
    pub fn first(&mut self) -> Step<T> {
        self.count(Payload::Original);
        Step::Send { after: Duration::ZERO, payload: Payload::Original, attempt: 1 }
    }

    /// Feeds the result of the last request and returns what to do next.
    pub fn observe(&mut self, result: Result<T, ClientError>) -> Step<T> {
        match self.state.next(Outcome::of(&result)) {
            Action::SleepThen(after, payload) => {
                self.count(payload);
                Step::Send { after, payload, attempt: self.state.attempts() }
            }
            Action::Done { recovered } => {
                self.recovered = recovered;
                Step::Finished(result.map(|reply| Sent {
                    reply,
                    attempts: self.state.attempts(),
                    recovered,
                    payload_sends: self.payload_sends,
                    recovery_queries: self.recovery_queries,
                }))
            }
            Action::Fail => Step::Finished(result.map(|reply| Sent {
                // `Fail` never follows a reply; keep the bookkeeping honest if it ever did.
                reply,
                attempts: self.state.attempts(),
                recovered: false,
                payload_sends: self.payload_sends,
                recovery_queries: self.recovery_queries,
            })),
            // With a budget of one request nothing was retried: the error is the answer.
            Action::Exhausted if self.state.attempts() <= 1 => Step::Finished(result.map(|reply| Sent {
                // Exhausted is only decided on an error outcome.
                reply,
                attempts: 1,
                recovered: false,
                payload_sends: self.payload_sends,
                recovery_queries: self.recovery_queries,
            })),
            Action::Exhausted => Step::Finished(Err(ClientError::Exhausted {
                operation: self.operation,
                key: self.key.clone(),
                attempts: self.state.attempts(),
                last: Box::new(match result {
                    Err(e) => e,
                    // Exhausted is only decided on an error outcome.
                    Ok(_) => ClientError::Setup { message: "retry budget exhausted after a reply".into() },
                }),
            })),
        }
    }

    /// The bookkeeping so far (final once [`Step::Finished`] was returned).
    pub fn stats(&self) -> CallStats {
        CallStats {
            attempts: self.state.attempts(),
            payload_sends: self.payload_sends,
            recovery_queries: self.recovery_queries,
            recovered: self.recovered,
        }
    }

    fn count(&mut self, payload: Payload) {
        match payload {
            Payload::Original | Payload::Resend => self.payload_sends += 1,
            // A caller's own query resent counts as a send of the payload, not a recovery.
            Payload::Query if self.operation.is_query() => self.payload_sends += 1,
            Payload::Query => self.recovery_queries += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max_attempts: u32) -> RetryPolicy {
        RetryPolicy { max_attempts, seed: Some(7), ..RetryPolicy::default() }
    }

    fn payloads(op: Operation, budget: u32, outcomes: &[Outcome]) -> (Vec<Payload>, Action) {
        let mut state = RetryState::new(&policy(budget), op, 1);
        let mut sent = vec![Payload::Original];
        let mut last = Action::Fail;
        for &o in outcomes {
            last = state.next(o);
            match last {
                Action::SleepThen(_, p) => sent.push(p),
                _ => break,
            }
        }
        (sent, last)
    }

    #[test]
    fn a_generar_after_a_timeout_queries_and_adopts_without_resending() {
        let (sent, last) = payloads(Operation::GenerarComprobante, 4, &[Outcome::Uncertain, Outcome::Reply]);
        assert_eq!(sent, [Payload::Original, Payload::Query]);
        assert_eq!(last, Action::Done { recovered: true });
    }

    #[test]
    fn not_found_resends_the_same_payload_and_a_23_then_is_confirmed_by_a_query() {
        let outcomes = [Outcome::Uncertain, Outcome::NotFound, Outcome::Duplicate, Outcome::Reply];
        let (sent, last) = payloads(Operation::GenerarGuia, 8, &outcomes);
        assert_eq!(sent, [Payload::Original, Payload::Query, Payload::Resend, Payload::Query]);
        assert_eq!(last, Action::Done { recovered: true });
    }

    #[test]
    fn errors_on_the_first_generar_are_final_including_23() {
        for o in [Outcome::Duplicate, Outcome::NotFound, Outcome::Final] {
            let (sent, last) = payloads(Operation::GenerarComprobante, 8, &[o]);
            assert_eq!((sent.len(), last), (1, Action::Fail), "{o:?}");
        }
    }

    #[test]
    fn a_query_is_resent_on_uncertain_outcomes_until_the_budget_runs_out() {
        let (sent, last) = payloads(Operation::ConsultarComprobante, 3, &[Outcome::Uncertain; 5]);
        assert_eq!(sent, [Payload::Original, Payload::Query, Payload::Query]);
        assert_eq!(last, Action::Exhausted);
        let (_, last) = payloads(Operation::ConsultarComprobante, 3, &[Outcome::NotFound]);
        assert_eq!(last, Action::Fail);
    }

    #[test]
    fn a_resend_that_fails_uncertainly_goes_back_to_querying() {
        let outcomes = [Outcome::Uncertain, Outcome::NotFound, Outcome::Uncertain, Outcome::Reply];
        let (sent, last) = payloads(Operation::GenerarComprobante, 8, &outcomes);
        assert_eq!(sent, [Payload::Original, Payload::Query, Payload::Resend, Payload::Query]);
        assert_eq!(last, Action::Done { recovered: true });
    }

    #[test]
    fn backoff_doubles_is_capped_and_jitter_is_deterministic_for_a_seed() {
        let p = RetryPolicy {
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..policy(10)
        };
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(350));
        assert_eq!(p.backoff(3, 0.0), Duration::from_millis(175));
        let waits = |seed| {
            let mut s = RetryState::new(&p, Operation::ConsultarGuia, seed);
            (0..5)
                .map(|_| match s.next(Outcome::Uncertain) {
                    Action::SleepThen(d, _) => d,
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(waits(3), waits(3));
        assert!(waits(3).iter().all(|d| *d <= p.max_backoff));
    }

    #[test]
    fn a_single_attempt_budget_returns_the_error_itself_and_a_larger_one_wraps_it() {
        use crate::api::{DocumentKey, TipoDeComprobante};
        use crate::client::TransportKind;
        let key = DocumentKey::comprobante(TipoDeComprobante::Factura, "F001", 1);
        let timeout = || -> Result<u8, ClientError> {
            Err(ClientError::Transport {
                operation: "generar_comprobante",
                kind: TransportKind::Timeout,
                message: "t".into(),
            })
        };
        let mut plan = Plan::<u8>::new(&RetryPolicy::none(), Operation::GenerarComprobante, key.clone(), 1);
        plan.first();
        match plan.observe(timeout()) {
            Step::Finished(Err(ClientError::Transport { kind: TransportKind::Timeout, .. })) => {}
            other => panic!("{other:?}"),
        }
        let mut plan = Plan::<u8>::new(&policy(2), Operation::GenerarComprobante, key, 1);
        plan.first();
        assert!(matches!(plan.observe(timeout()), Step::Send { payload: Payload::Query, attempt: 2, .. }));
        match plan.observe(timeout()) {
            Step::Finished(Err(err @ ClientError::Exhausted { attempts: 2, .. })) => {
                assert_eq!(err.transport_kind(), Some(TransportKind::Timeout));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(plan.stats().recovery_queries, 1);
    }

    #[test]
    fn the_budget_is_clamped_to_at_least_one_and_at_most_the_ceiling() {
        assert_eq!(policy(0).attempt_budget(), 1);
        assert_eq!(policy(1000).attempt_budget(), MAX_ATTEMPTS_CEILING);
    }
}
