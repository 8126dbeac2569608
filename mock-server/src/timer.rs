//! Sub-millisecond sleeps on tokio, for the fake's latency profiles and the harness's
//! open-model pacing.
//!
//! tokio's timer has 1 ms ticks and rounds every deadline up to the next tick, and its
//! reactor waits in epoll with a timeout rounded up to a whole millisecond again, so a
//! `tokio::time::sleep(20 ms)` ends 20 to 22 ms later. Measured at 1,000 req/s with a fixed
//! 20 ms fake: the fake's own sleep added 1.4 ms at the median and the driver's pacing
//! sleep another 1.1 ms. [`PreciseTimer`] is a Linux timerfd (an hrtimer, precise to the
//! kernel's 50 µs timer slack) registered with tokio's reactor, so its expiry wakes the
//! task through epoll readiness with no rounding. Elsewhere it falls back to tokio's sleep.
//!
//! It lives in the fake because the harness already depends on the fake and the fake must
//! not depend on the harness; it carries no Nubefact semantics.

use std::time::{Duration, Instant};

/// A re-armable one-shot timer; one per task that sleeps repeatedly.
pub struct PreciseTimer {
    #[cfg(target_os = "linux")]
    fd: Option<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>>,
}

impl PreciseTimer {
    /// A timer; must be created inside a tokio runtime with I/O enabled. When the kernel
    /// refuses a timerfd (descriptors exhausted), it quietly uses tokio's sleep instead.
    pub fn new() -> Self {
        #[cfg(target_os = "linux")]
        {
            use rustix::time::{TimerfdClockId, TimerfdFlags, timerfd_create};
            let fd = timerfd_create(TimerfdClockId::Monotonic, TimerfdFlags::NONBLOCK | TimerfdFlags::CLOEXEC)
                .ok()
                .and_then(|fd| {
                    // SAFETY: the OwnedFd is a timerfd we just created; the AsyncFd owns it and
                    // nothing else closes or replaces it while it is registered.
                    unsafe { tokio::io::unix::AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE) }.ok()
                });
            PreciseTimer { fd }
        }
        #[cfg(not(target_os = "linux"))]
        PreciseTimer {}
    }

    /// Returns at `deadline` (at once when it has passed).
    pub async fn sleep_until(&mut self, deadline: Instant) {
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
            return;
        };
        #[cfg(target_os = "linux")]
        if let Some(fd) = &self.fd
            && arm(fd.get_ref(), left).is_ok()
        {
            loop {
                let Ok(mut ready) = fd.readable().await else { break };
                let mut expirations = [0_u8; 8];
                // EAGAIN: the readiness was stale (a previous arming); wait again.
                match rustix::io::read(fd.get_ref(), &mut expirations) {
                    Ok(_) => return,
                    Err(rustix::io::Errno::AGAIN) => ready.clear_ready(),
                    Err(_) => break,
                }
            }
        }
        tokio::time::sleep_until(deadline.into()).await;
    }

    /// Returns after `duration`.
    pub async fn sleep(&mut self, duration: Duration) {
        self.sleep_until(Instant::now() + duration).await;
    }
}

impl Default for PreciseTimer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for PreciseTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreciseTimer")
    }
}

#[cfg(target_os = "linux")]
fn arm(fd: &std::os::fd::OwnedFd, after: Duration) -> rustix::io::Result<()> {
    use rustix::time::{Itimerspec, TimerfdTimerFlags, Timespec, timerfd_settime};
    let value =
        Timespec { tv_sec: after.as_secs().try_into().unwrap_or(i64::MAX), tv_nsec: after.subsec_nanos().into() };
    let spec = Itimerspec { it_interval: Timespec { tv_sec: 0, tv_nsec: 0 }, it_value: value };
    timerfd_settime(fd, TimerfdTimerFlags::empty(), &spec).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn it_never_returns_before_its_deadline_and_can_be_rearmed() {
        let mut timer = PreciseTimer::new();
        for _ in 0..20 {
            let deadline = Instant::now() + Duration::from_micros(300);
            timer.sleep_until(deadline).await;
            assert!(Instant::now() >= deadline);
        }
    }

    #[tokio::test]
    async fn a_past_deadline_returns_at_once_and_leaves_the_timer_usable() {
        let mut timer = PreciseTimer::new();
        timer.sleep_until(Instant::now()).await;
        let deadline = Instant::now() + Duration::from_millis(2);
        timer.sleep_until(deadline).await;
        assert!(Instant::now() >= deadline);
    }

    #[tokio::test]
    async fn a_timer_abandoned_mid_sleep_still_works_next_time() {
        let mut timer = PreciseTimer::new();
        let abandoned = tokio::time::timeout(Duration::from_millis(1), timer.sleep(Duration::from_secs(5))).await;
        assert!(abandoned.is_err());
        let deadline = Instant::now() + Duration::from_millis(1);
        timer.sleep_until(deadline).await;
        assert!(Instant::now() >= deadline);
    }
}
