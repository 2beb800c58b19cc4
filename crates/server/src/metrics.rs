//! Prometheus metrics, kept by hand: request counts by route and status, `/v1/ask` latency as
//! a histogram, answers by outcome, feedback by vote and refusals by rate limits.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, u16), u64>,
    ask_buckets: [u64; BUCKETS.len()],
    ask_count: u64,
    ask_sum: f64,
    answers: BTreeMap<&'static str, u64>,
    feedback: BTreeMap<&'static str, u64>,
    rate_limited: u64,
}

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    in_flight: std::sync::atomic::AtomicI64,
}

impl Metrics {
    /// A request started (`+1`) or finished (`-1`).
    pub fn in_flight_add(&self, d: i64) {
        self.in_flight
            .fetch_add(d, std::sync::atomic::Ordering::SeqCst);
    }

    /// Requests being served now.
    pub fn in_flight(&self) -> i64 {
        self.in_flight.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn with(&self, f: impl FnOnce(&mut Inner)) {
        f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// Counts a finished request.
    pub fn request(&self, route: &str, status: u16) {
        self.with(|m| *m.requests.entry((route.to_string(), status)).or_default() += 1);
    }

    /// Observes one answer: its latency and whether the tutor answered.
    pub fn ask(&self, seconds: f64, answered: bool) {
        self.with(|m| {
            m.ask_count += 1;
            m.ask_sum += seconds;
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    m.ask_buckets[i] += 1;
                }
            }
            let key = if answered { "answered" } else { "abstained" };
            *m.answers.entry(key).or_default() += 1;
        });
    }

    /// Counts a feedback vote received; a changed vote counts again (the state database keeps
    /// each turn's last, which analytics count).
    pub fn feedback(&self, helpful: bool) {
        self.with(|m| {
            *m.feedback
                .entry(if helpful { "helpful" } else { "not_helpful" })
                .or_default() += 1
        });
    }

    /// Counts a request refused by a rate limit.
    pub fn rate_limited(&self) {
        self.with(|m| m.rate_limited += 1);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let m = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP docent_http_in_flight Requests being served.\n# TYPE docent_http_in_flight gauge\ndocent_http_in_flight {}",
            self.in_flight()
        );
        let _ = writeln!(
            out,
            "# HELP docent_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE docent_http_requests_total counter");
        for ((route, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "docent_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(out, "# HELP docent_ask_seconds Time to answer a question.");
        let _ = writeln!(out, "# TYPE docent_ask_seconds histogram");
        for (i, b) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "docent_ask_seconds_bucket{{le=\"{b}\"}} {}",
                m.ask_buckets[i]
            );
        }
        let _ = writeln!(
            out,
            "docent_ask_seconds_bucket{{le=\"+Inf\"}} {}",
            m.ask_count
        );
        let _ = writeln!(out, "docent_ask_seconds_sum {}", m.ask_sum);
        let _ = writeln!(out, "docent_ask_seconds_count {}", m.ask_count);
        let _ = writeln!(out, "# HELP docent_answers_total Answers by outcome.");
        let _ = writeln!(out, "# TYPE docent_answers_total counter");
        for (k, n) in &m.answers {
            let _ = writeln!(out, "docent_answers_total{{outcome=\"{k}\"}} {n}");
        }
        let _ = writeln!(out, "# HELP docent_feedback_total Feedback votes received (a turn holds one vote: a changed vote is counted again here, and GET /v1/analytics counts each turn's last).");
        let _ = writeln!(out, "# TYPE docent_feedback_total counter");
        for (k, n) in &m.feedback {
            let _ = writeln!(out, "docent_feedback_total{{vote=\"{k}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP docent_rate_limited_total Requests refused by a rate limit."
        );
        let _ = writeln!(out, "# TYPE docent_rate_limited_total counter");
        let _ = writeln!(out, "docent_rate_limited_total {}", m.rate_limited);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.request("/v1/ask", 200);
        m.request("/v1/ask", 200);
        m.ask(0.02, true);
        m.ask(0.3, false);
        let t = m.render();
        assert!(
            t.contains("docent_http_requests_total{route=\"/v1/ask\",status=\"200\"} 2"),
            "{t}"
        );
        assert!(
            t.contains("docent_ask_seconds_bucket{le=\"0.025\"} 1"),
            "{t}"
        );
        assert!(t.contains("docent_ask_seconds_bucket{le=\"0.5\"} 2"), "{t}");
        assert!(
            t.contains("docent_answers_total{outcome=\"abstained\"} 1"),
            "{t}"
        );
    }
}
