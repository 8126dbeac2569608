//! The values that parameterise the one pacing loop: rate, concurrency, stop rule.
//!
//! Owns [`Plan`], [`Rate`] (with ramp steps), [`StopRule`], the arrival [`Schedule`]
//! (request n at start + n/rate, piecewise per ramp step) and the shared request
//! [`Budget`]. Pure values and arithmetic: must not sleep or spawn.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// When a run stops. Both caps are always set; whichever comes first stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopRule {
    /// No new request goes out after this long since the run start.
    pub max_duration: Duration,
    /// At most this many requests are sent (open model: sent + skipped).
    pub max_requests: u64,
    /// Closed model: each user runs at most this many flows (`None`: until the caps).
    pub max_iterations: Option<u64>,
}

/// One ramp step: from `at` after the start, arrivals come at `per_sec`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RampStep {
    /// Offset from the run start.
    pub at: Duration,
    /// Arrivals per second from then on (> 0).
    pub per_sec: f64,
}

/// An open-model arrival rate, optionally ramped.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Arrivals per second from the start (> 0).
    pub per_sec: f64,
    /// Later steps, in increasing `at` order.
    pub ramp: Vec<RampStep>,
}

impl Rate {
    /// A fixed rate.
    pub fn fixed(per_sec: f64) -> Self {
        Rate { per_sec, ramp: Vec::new() }
    }
}

/// Everything the pacing loop needs to know, as values.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// `None`: closed model, `concurrency` workers running flows back to back.
    /// `Some`: open model, flows start on the schedule.
    pub rate: Option<Rate>,
    /// Closed: the number of users. Open: `max_in_flight`; an arrival finding all slots
    /// busy is a Skipped sample.
    pub concurrency: usize,
    /// Caps.
    pub stop: StopRule,
}

/// The invalid plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// Concurrency must be at least 1.
    #[error("concurrency must be at least 1")]
    NoConcurrency,
    /// A rate must be a positive finite number.
    #[error("rate {0} must be a positive number of requests per second")]
    BadRate(f64),
    /// Ramp steps must come in increasing order.
    #[error("ramp step at {0:?} is not after the previous one")]
    RampOrder(Duration),
}

impl Plan {
    /// Checks the values.
    ///
    /// # Errors
    /// [`PlanError`] naming the bad value.
    pub fn validate(&self) -> Result<(), PlanError> {
        if self.concurrency == 0 {
            return Err(PlanError::NoConcurrency);
        }
        if let Some(rate) = &self.rate {
            for per_sec in std::iter::once(rate.per_sec).chain(rate.ramp.iter().map(|s| s.per_sec)) {
                if !(per_sec.is_finite() && per_sec > 0.0) {
                    return Err(PlanError::BadRate(per_sec));
                }
            }
            let mut previous: Option<Duration> = None;
            for step in &rate.ramp {
                if previous.is_some_and(|p| step.at <= p) {
                    return Err(PlanError::RampOrder(step.at));
                }
                previous = Some(step.at);
            }
        }
        Ok(())
    }
}

/// Arrival offsets from the start: within a segment of constant rate r starting at
/// offset t0 with arrival index n0, arrival n is at t0 + (n - n0)/r. Computed from the
/// index, not accumulated, so it does not drift.
#[derive(Debug, Clone)]
pub struct Schedule {
    segments: Vec<(Duration, f64)>,
    current: usize,
    segment_start: Duration,
    segment_first: u64,
    next_index: u64,
}

impl Schedule {
    /// The schedule of `rate` (validated by [`Plan::validate`]).
    pub fn new(rate: &Rate) -> Self {
        let mut segments = vec![(Duration::ZERO, rate.per_sec)];
        segments.extend(rate.ramp.iter().map(|s| (s.at, s.per_sec)));
        Schedule { segments, current: 0, segment_start: Duration::ZERO, segment_first: 0, next_index: 0 }
    }

    /// The offset of the next arrival, and advances.
    pub fn next_offset(&mut self) -> Duration {
        loop {
            let rate = self.segments[self.current].1;
            let k = (self.next_index - self.segment_first) as f64;
            let offset = self.segment_start + Duration::from_secs_f64(k / rate);
            if let Some(&(next_at, _)) = self.segments.get(self.current + 1)
                && offset >= next_at
            {
                // The first arrival at or after the step's start belongs to the new rate.
                self.current += 1;
                self.segment_start = next_at;
                self.segment_first = self.next_index;
                continue;
            }
            self.next_index += 1;
            return offset;
        }
    }

    /// The rate in force `at` after the start.
    pub fn rate_at(&self, at: Duration) -> f64 {
        self.segments.iter().rev().find(|(start, _)| *start <= at).map_or(self.segments[0].1, |s| s.1)
    }
}

/// The shared request budget: one ticket per request sent or start skipped.
#[derive(Debug)]
pub struct Budget {
    taken: AtomicU64,
    max: u64,
}

impl Budget {
    /// A budget of `max` tickets.
    pub fn new(max: u64) -> Self {
        Budget { taken: AtomicU64::new(0), max }
    }

    /// Takes one ticket; `false` when the budget is spent.
    pub fn take(&self) -> bool {
        self.taken.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.max).then_some(n + 1)).is_ok()
    }

    /// Tickets taken so far.
    pub fn taken(&self) -> u64 {
        self.taken.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_rate_schedules_request_n_at_n_over_rate() {
        let mut s = Schedule::new(&Rate::fixed(4.0));
        let offsets: Vec<Duration> = (0..5).map(|_| s.next_offset()).collect();
        assert_eq!(offsets, vec![0, 250, 500, 750, 1000].into_iter().map(Duration::from_millis).collect::<Vec<_>>());
    }

    #[test]
    fn a_ramp_step_switches_the_rate_at_its_offset() {
        let rate = Rate { per_sec: 2.0, ramp: vec![RampStep { at: Duration::from_secs(1), per_sec: 10.0 }] };
        let mut s = Schedule::new(&rate);
        let offsets: Vec<u128> = (0..5).map(|_| s.next_offset().as_millis()).collect();
        assert_eq!(offsets, vec![0, 500, 1000, 1100, 1200]);
        assert!((s.rate_at(Duration::from_millis(1500)) - 10.0).abs() < f64::EPSILON);
    }

    #[test]
    fn the_budget_hands_out_exactly_max_tickets() {
        let b = Budget::new(3);
        let taken = (0..10).filter(|_| b.take()).count();
        assert_eq!((taken, b.taken()), (3, 3));
    }

    #[test]
    fn bad_plans_are_rejected() {
        let stop = StopRule { max_duration: Duration::from_secs(1), max_requests: 1, max_iterations: None };
        let plan = Plan { rate: Some(Rate::fixed(0.0)), concurrency: 1, stop };
        assert_eq!(plan.validate(), Err(PlanError::BadRate(0.0)));
        assert_eq!(Plan { rate: None, concurrency: 0, stop }.validate(), Err(PlanError::NoConcurrency));
    }
}
