//! Rate limits: a token bucket per key (client address, or conversation). Each bucket holds up
//! to `per_minute` tokens and refills continuously.
//!
//! Proves (see tests): a burst up to the quota passes, the next request is refused with the
//! wait until a token is back, and buckets are independent; full buckets are forgotten at most
//! once a second, not on every request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A 429 for a spent quota (`what` names it), with `Retry-After`; counted in `/metrics`.
pub(crate) fn limited(st: &crate::AppState, what: &str, wait: Duration) -> crate::error::ApiError {
    st.metrics.rate_limited();
    let secs = wait.as_secs().max(1);
    let mut e = crate::error::ApiError::new(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("You're asking faster than {what} allows. Please wait {secs} s and try again."),
    );
    e.retry_after = Some(secs);
    e
}

/// Token buckets by key.
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<Buckets>,
}

/// The buckets, and when full ones were last forgotten.
struct Buckets {
    by_key: HashMap<String, (f64, Instant)>,
    pruned: Option<Instant>,
}

/// Buckets kept before full ones are forgotten.
const PRUNE_ABOVE: usize = 100_000;

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute per key (0: unlimited).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: per_minute as f64,
            buckets: Mutex::new(Buckets {
                by_key: HashMap::new(),
                pruned: None,
            }),
        }
    }

    /// Takes a token for `key` at `now`; `Err(wait)` when the quota is spent.
    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_minute <= 0.0 {
            return Ok(());
        }
        let mut guard = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let b = &mut *guard;
        let due = b
            .pruned
            .is_none_or(|t| now.saturating_duration_since(t) >= Duration::from_secs(1));
        if b.by_key.len() > PRUNE_ABOVE && due {
            // Forget buckets that have refilled completely; a scan at most once a second, so
            // many clients cannot make every request pay for one.
            let full = Duration::from_secs(60);
            b.by_key
                .retain(|_, (_, t)| now.saturating_duration_since(*t) < full);
            b.pruned = Some(now);
        }
        let rate = self.per_minute / 60.0;
        let entry = b
            .by_key
            .entry(key.to_string())
            .or_insert((self.per_minute, now));
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

    /// The wait until `key` has a token again at `now`, without taking one (`None`: it has
    /// one). For quotas spent only by some outcomes, counted after the fact.
    pub fn spent_at(&self, key: &str, now: Instant) -> Option<Duration> {
        if self.per_minute <= 0.0 {
            return None;
        }
        let guard = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, at) = *guard.by_key.get(key)?;
        let rate = self.per_minute / 60.0;
        let now_tokens =
            (tokens + now.saturating_duration_since(at).as_secs_f64() * rate).min(self.per_minute);
        (now_tokens < 1.0).then(|| Duration::from_secs_f64((1.0 - now_tokens) / rate))
    }

    /// [`RateLimiter::spent_at`] now.
    pub fn spent(&self, key: &str) -> Option<Duration> {
        self.spent_at(key, Instant::now())
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

    #[test]
    fn a_spent_quota_is_seen_without_taking_a_token() {
        let l = RateLimiter::new(2);
        let t0 = Instant::now();
        assert_eq!(l.spent_at("a", t0), None);
        l.check_at("a", t0).unwrap();
        assert_eq!(l.spent_at("a", t0), None, "one token left");
        assert_eq!(l.spent_at("a", t0), None, "looking takes none");
        l.check_at("a", t0).unwrap();
        let wait = l.spent_at("a", t0).expect("spent");
        assert!(
            wait > Duration::from_secs(29) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(l.spent_at("a", t0 + Duration::from_secs(31)), None);
        assert_eq!(RateLimiter::new(0).spent_at("a", t0), None);
    }

    #[test]
    fn full_buckets_are_forgotten_at_most_once_a_second() {
        let l = RateLimiter::new(10);
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE {
            assert!(l.check_at(&i.to_string(), t0).is_ok());
        }
        let len = |l: &RateLimiter| l.buckets.lock().map(|b| b.by_key.len()).unwrap_or(0);
        // A minute later every bucket is full again: the next check forgets them all...
        let later = t0 + Duration::from_secs(61);
        assert!(l.check_at("x", later).is_ok());
        assert_eq!(len(&l), 1);
        // ...and a flood of new keys within the same second is not scanned again.
        for i in 0..=PRUNE_ABOVE {
            assert!(l.check_at(&format!("y{i}"), later).is_ok());
        }
        assert!(l.check_at("z", later + Duration::from_millis(500)).is_ok());
        assert_eq!(len(&l), PRUNE_ABOVE + 3);
    }
}
