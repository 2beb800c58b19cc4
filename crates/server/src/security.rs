//! Browser-facing protections: security headers on every response, which origin is the
//! server's own, which address a request comes from, and which browser origins CORS admits.
//!
//! - **Headers.** Every response: `X-Content-Type-Options: nosniff` and a `Referrer-Policy`.
//!   Every HTML page: a Content-Security-Policy with no inline or external scripts but the
//!   server's own files (`script-src 'self'`), `object-src 'none'`, `base-uri 'none'`,
//!   `frame-ancestors 'self'` (`'none'` and `no-referrer` for `/author` and `/lead`, which hold
//!   keys), and the matching `X-Frame-Options`. The widget needs no exception: it runs in the
//!   host page's shadow root, not in a frame of Docent's.
//! - **Own origin.** `[server] public_url` names it. Without one, only a `Host` that is an IP
//!   literal or `localhost` counts as the server's own origin: a domain name in `Host` can be
//!   an attacker's, rebound to this address (DNS rebinding).
//! - **Client address.** The peer's address, or, when the peer is one of `[server]
//!   trusted_proxies`, the right-most address of `X-Forwarded-For` that is not a trusted proxy
//!   itself. Rate limits key on it.
//! - **CORS.** Admits `[server] cors_origins`, the origins of configured keys and of active
//!   keys stored in the database (re-read every few seconds, never waited for), and the own origin.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use docent_state::db::Db;

use crate::AppState;

/// The policy of public HTML pages (the demo, docs).
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// The policy of pages that hold keys (`/author`, `/lead`): never framed, no outside images.
pub const PRIVATE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Marks `resp` as a page holding keys: the strict policy, never framed, no referrer.
pub fn private_page(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PRIVATE_CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// Whether a request names a key, in `X-Docent-Key` or as `?key=`.
pub fn names_key(req: &Request) -> bool {
    // Names as the query extractor reads them: `%6Bey` and `k%65y` are `key` too, or the
    // unknown-key limit and the no-store header would miss a key the route then reads.
    req.headers().contains_key("x-docent-key")
        || req
            .uri()
            .query()
            .is_some_and(|q| form_urlencoded::parse(q.as_bytes()).any(|(name, _)| name == "key"))
}

/// Adds the security headers to every response (middleware).
pub async fn headers(req: Request, next: Next) -> Response {
    // A response to a request that names a key is that key's (a gap report, a quiz, search
    // results, an answer within its audience): no shared cache may keep it for the next
    // request, whatever its URL, and no browser keeps it on disk.
    let keyed = names_key(&req);
    let mut resp = next.run(req).await;
    if keyed {
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.append(header::VARY, HeaderValue::from_static("X-Docent-Key"));
    }
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    if is_html {
        h.entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(PAGE_CSP));
        h.entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("SAMEORIGIN"));
    }
    resp
}

/// The origin (`scheme://host[:port]`) of a configured public URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty() && matches!(scheme, "http" | "https")).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// True when `host` (a `Host` header) cannot be an attacker's name: an IP literal or localhost.
fn host_is_literal(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => {
            return v6
                .split(']')
                .next()
                .is_some_and(|a| a.parse::<IpAddr>().is_ok())
        }
        None => host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
}

/// True when a browser at `origin` is on the server's own origin.
pub fn same_origin(public_url: &str, origin: &str, headers: &HeaderMap) -> bool {
    if let Some(own) = origin_of(public_url) {
        return origin.eq_ignore_ascii_case(&own);
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    host_is_literal(host)
        && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// An address or a network (`10.0.0.0/8`, `::1`) from `[server] trusted_proxies`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    /// Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or network.
    pub fn parse(s: &str) -> Option<Net> {
        let (a, p) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = p.unwrap_or(max);
        (prefix <= max).then_some(Net { addr, prefix })
    }

    /// True when `ip` is in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// The client's address: the peer's, or through trusted proxies the first untrusted address
/// of `X-Forwarded-For` counted from the right (the left part is the client's to write).
pub fn client_ip(trusted: &[Net], peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = peer.ip();
    if !is_trusted(client) {
        return client;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// What a client's requests are counted under: an IPv4 address, or an IPv6 address's /64
/// network (one subscriber holds a whole /64 and could take a new address for every
/// request). IPv4 addresses mapped into IPv6 count as IPv4.
pub fn client_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Origins of active stored keys, re-read from the database every `ttl` (by the server's
/// refresh loop, or by the first request that finds them older): the CORS check runs in a
/// synchronous predicate, so it reads only what was loaded and never waits on the database.
pub struct StoredOrigins {
    ttl: Duration,
    cached: Mutex<Option<(Instant, Vec<String>)>>,
    refreshing: AtomicBool,
}

impl StoredOrigins {
    /// A cache that re-reads after `ttl`.
    pub fn new(ttl: Duration) -> Self {
        StoredOrigins {
            ttl,
            cached: Mutex::new(None),
            refreshing: AtomicBool::new(false),
        }
    }

    /// How often the origins are re-read.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Re-reads the origins (a database error allows nothing until the next read).
    pub async fn refresh(&self, db: &Db) {
        let origins = db.key_origins().await.unwrap_or_default();
        *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), origins));
    }

    /// True when an active stored key allows `origin`, as last read.
    pub fn allows(&self, st: &Arc<AppState>, origin: &str) -> bool {
        let c = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = c.as_ref().is_some_and(|(at, _)| at.elapsed() < self.ttl);
        if !fresh && !self.refreshing.swap(true, Ordering::AcqRel) {
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                let st = st.clone();
                rt.spawn(async move {
                    st.stored_origins.refresh(&st.db).await;
                    st.stored_origins.refreshing.store(false, Ordering::Release);
                });
            } else {
                self.refreshing.store(false, Ordering::Release);
            }
        }
        c.as_ref()
            .is_some_and(|(_, o)| o.iter().any(|a| a == "*" || a == origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Seventh probe, finding 5: `?%6Bey=` authenticated a search, but the request was not
    // read as keyed: no no-store header, and wrong guesses never counted.
    #[test]
    fn a_percent_encoded_key_parameter_names_a_key() {
        let req = |uri: &str| {
            Request::builder()
                .uri(uri)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        for uri in [
            "/v1/search?q=a&%6Bey=x",
            "/v1/search?k%65y=x",
            "/v1/search?key=x",
        ] {
            assert!(names_key(&req(uri)), "{uri}");
        }
        for uri in [
            "/v1/search?q=key",
            "/v1/search?keys=x",
            "/v1/search?%6Bey2=x",
        ] {
            assert!(!names_key(&req(uri)), "{uri}");
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn own_origin_comes_from_configuration_or_a_literal_host() {
        let h = headers(&[("host", "evil.example")]);
        assert!(
            !same_origin("", "http://evil.example", &h),
            "a name in Host is not trusted"
        );
        assert!(!same_origin(
            "https://docent.example.com",
            "http://evil.example",
            &h
        ));
        assert!(same_origin(
            "https://Docent.example.com/",
            "https://docent.example.com",
            &h
        ));
        let h = headers(&[("host", "127.0.0.1:8080")]);
        assert!(same_origin("", "http://127.0.0.1:8080", &h));
        let h = headers(&[("host", "localhost:3000")]);
        assert!(same_origin("", "http://localhost:3000", &h));
        let h = headers(&[("host", "[::1]:8080")]);
        assert!(same_origin("", "http://[::1]:8080", &h));
    }

    #[test]
    fn forwarded_for_counts_only_through_trusted_proxies() {
        let trusted = vec![
            Net::parse("10.0.0.0/8").unwrap(),
            Net::parse("::1").unwrap(),
        ];
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.1.1")]);
        let untrusted: SocketAddr = "198.51.100.7:5000".parse().unwrap();
        assert_eq!(client_ip(&trusted, untrusted, &h), untrusted.ip());
        let proxy: SocketAddr = "10.0.0.2:5000".parse().unwrap();
        assert_eq!(
            client_ip(&trusted, proxy, &h),
            "203.0.113.9".parse::<IpAddr>().unwrap(),
            "the spoofable left part is ignored"
        );
        let garbage = headers(&[("x-forwarded-for", "not-an-ip")]);
        assert_eq!(client_ip(&trusted, proxy, &garbage), proxy.ip());
        assert!(Net::parse("10.0.0.0/33").is_none());
        assert!(Net::parse("::ffff:0:0/96").is_some());
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1"
            .parse()
            .unwrap_or(IpAddr::from([0; 4]));
        let b: IpAddr = "2001:db8:1:2:bbbb::9"
            .parse()
            .unwrap_or(IpAddr::from([0; 4]));
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap_or(IpAddr::from([0; 4]));
        assert_eq!(client_bucket(a), client_bucket(b));
        assert_ne!(client_bucket(a), client_bucket(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap_or(IpAddr::from([0; 4]));
        assert_eq!(client_bucket(mapped), "192.0.2.7");
        assert_ne!(
            client_bucket(IpAddr::from([192, 0, 2, 7])),
            client_bucket(IpAddr::from([192, 0, 2, 8]))
        );
    }
}
