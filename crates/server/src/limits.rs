//! Rate limits: a token bucket per key (client address, or conversation). Each bucket holds up
//! to `per_minute` tokens and refills continuously.
//!
//! Proves (see tests): a burst up to the quota passes, the next request is refused with the
//! wait until a token is back, and buckets are independent.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token buckets by key.
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute per key (0: unlimited).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute as f64,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key` at `now`; `Err(wait)` when the quota is spent.
    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_minute <= 0.0 {
            return Ok(());
        }
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if b.len() > 100_000 {
            // Forget buckets that have refilled completely.
            let full = Duration::from_secs(60);
            b.retain(|_, (_, t)| now.duration_since(*t) < full);
        }
        let rate = self.per_minute / 60.0;
        let entry = b.entry(key.to_string()).or_insert((self.per_minute, now));
        let elapsed = now.saturating_duration_since(entry.1).as_secs_f64();
        entry.0 = (entry.0 + elapsed * rate).min(self.per_minute);
        entry.1 = now;
        if entry.0 >= 1.0 {
            entry.0 -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - entry.0) / rate))
        }
    }

    /// Takes a token for `key` now.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refusal_then_refill() {
        let l = RateLimiter::new(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check_at("a", t0).is_ok());
        }
        let wait = l.check_at("a", t0).unwrap_err();
        assert!(
            wait > Duration::from_secs(19) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(l.check_at("b", t0).is_ok());
        assert!(l.check_at("a", t0 + Duration::from_secs(21)).is_ok());
    }
}
