//! Per-client-IP limit on accepted submissions, kept in memory: at most `max`
//! in any sliding `window`. A restart forgets the counts, which only errs on
//! the side of the public. Time is passed in, so tests need no sleeping.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked addresses, idle ones are dropped on the next record.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Ok when `ip` may submit now; otherwise how long until it may again.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let Some(q) = hits.get_mut(&ip) else { return Ok(()) };
        self.forget_old(q, now);
        if q.len() < self.max {
            return Ok(());
        }
        let oldest = *q.front().expect("a full queue is not empty");
        Err((oldest + self.window).saturating_duration_since(now))
    }

    /// Counts one accepted submission from `ip`.
    pub fn record(&self, ip: IpAddr, now: Instant) {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > PRUNE_ABOVE {
            hits.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < self.window)
            });
        }
        let q = hits.entry(ip).or_default();
        self.forget_old(q, now);
        q.push_back(now);
    }

    fn forget_old(&self, q: &mut VecDeque<Instant>, now: Instant) {
        while q
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.window)
        {
            q.pop_front();
        }
    }
}

/// The page for a client over its limit: how many minutes to wait, and `Retry-After`.
pub fn too_many(wait: Duration) -> axum::response::Response {
    let minutes = minutes_to_wait(wait);
    let mut r = super::respond::page(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        app::pages::error_page("操作过于频繁", &format!("请 {minutes} 分钟后再试。")),
        None,
    );
    r.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(wait.as_secs().max(1)),
    );
    r
}

/// Whole minutes to tell the user, rounded up (at least 1).
pub fn minutes_to_wait(wait: Duration) -> u64 {
    wait.as_secs().div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN_MINUTES: Duration = Duration::from_secs(600);

    #[test]
    fn the_sixth_within_the_window_waits_for_the_first_to_expire() {
        let limiter = RateLimiter::new(5, TEN_MINUTES);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..5 {
            let t = t0 + Duration::from_secs(60 * i);
            assert_eq!(limiter.check(ip, t), Ok(()));
            limiter.record(ip, t);
        }
        let t = t0 + Duration::from_secs(300);
        assert_eq!(limiter.check(ip, t), Err(Duration::from_secs(300)));
        assert_eq!(minutes_to_wait(Duration::from_secs(300)), 5);
        assert_eq!(minutes_to_wait(Duration::from_secs(301)), 6);
        assert_eq!(minutes_to_wait(Duration::from_secs(1)), 1);
        // Another address is not affected.
        assert_eq!(limiter.check("192.0.2.2".parse().unwrap(), t), Ok(()));
        // Once the first submission is ten minutes old, one more is allowed.
        assert_eq!(limiter.check(ip, t0 + TEN_MINUTES), Ok(()));
        limiter.record(ip, t0 + TEN_MINUTES);
        assert!(limiter.check(ip, t0 + TEN_MINUTES).is_err());
    }
}
