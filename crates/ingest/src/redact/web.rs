//! Email addresses, public IPv4 addresses, and the text number detectors must leave alone:
//! URLs, UUIDs, long hex strings, `0x` codes and dates.

use std::sync::OnceLock;

use regex::Regex;

use super::spans::{line_before, standalone, Spans};
use super::Pii;

struct Patterns {
    email: Regex,
    odd_email: Regex,
    ipv4: Regex,
    url: Regex,
    uuid: Regex,
    hex: Regex,
    date: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("static regex");
        let label = r"[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}\-]*[\p{L}\p{M}\p{N}])?";
        Patterns {
            email: re(&format!(
                r"[\p{{L}}\p{{M}}\p{{N}}._%+'’\-]+(?:@|%40){label}(?:\.{label})*\.\p{{L}}[\p{{L}}\p{{M}}]+"
            )),
            odd_email: re(&format!(
                concat!(
                    r#""[^"\n@]{{1,64}}"@{label}(?:\.{label})*\.\p{{L}}{{2,}}"#,
                    r"|[\p{{L}}\p{{N}}._%+\-]+[ \t]*[(\[{{][ \t]*at[ \t]*[)\]}}][ \t]*[\p{{L}}\p{{N}}\-]+",
                    r"(?:[ \t]*[(\[{{][ \t]*dot[ \t]*[)\]}}][ \t]*[\p{{L}}\p{{N}}\-]+)+"
                ),
                label = label
            )),
            ipv4: re(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),
            url: re(r#"\b(?:https?|ftp|wss?)://[^\s<>"'`]+"#),
            uuid: re(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
            hex: re(r"\b(?:0x[0-9a-fA-F]+|[0-9a-fA-F]{16,})\b"),
            date: re(concat!(
                r"\b(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?",
                r"|\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})",
                r"|\d{4}[./]\d{1,2}[./]\d{1,2})\b"
            )),
        }
    })
}

/// Claims email addresses (Unicode, `%40`-encoded, quoted and `(at)`/`(dot)` ones included).
pub(super) fn find_emails(spans: &mut Spans<'_>) {
    let text = spans.text();
    for m in patterns().odd_email.find_iter(text) {
        spans.claim(m.start(), m.end(), Pii::Email);
    }
    for m in patterns().email.find_iter(text) {
        let value = m.as_str();
        let trimmed = value.trim_start_matches(['.', '%', '+', '\'', '’', '-']);
        let start = m.start() + (value.len() - trimmed.len());
        let at = trimmed
            .find('@')
            .or_else(|| trimmed.find("%40"))
            .unwrap_or(0);
        let domain = &trimmed[at + if trimmed[at..].starts_with('@') { 1 } else { 3 }..];
        if at == 0 || is_retina_asset(domain) {
            continue;
        }
        spans.claim(start, m.end(), Pii::Email);
    }
}

/// `icon@2x.png` names an image, not a mailbox.
fn is_retina_asset(domain: &str) -> bool {
    let digits = domain.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && domain[digits..].starts_with("x.")
}

/// Whether `v` is a UUID, whole.
pub(super) fn is_uuid(v: &str) -> bool {
    patterns()
        .uuid
        .find(v)
        .is_some_and(|m| m.start() == 0 && m.end() == v.len())
}

/// Protects URLs (outside the secrets already found in them), UUIDs, hex ids and dates.
pub(super) fn protect(spans: &mut Spans<'_>) {
    let p = patterns();
    let text = spans.text();
    for m in p.url.find_iter(text) {
        protect_gaps(spans, m.start(), m.end());
    }
    for re in [&p.uuid, &p.date] {
        for m in re.find_iter(text) {
            if standalone(text, m.start(), m.end()) {
                spans.protect(m.start(), m.end());
            }
        }
    }
    for m in p.hex.find_iter(text) {
        let has_letter = m.as_str().bytes().any(|b| b.is_ascii_alphabetic());
        if has_letter {
            spans.protect(m.start(), m.end());
        }
    }
}

/// Protects the parts of `start..end` nothing has claimed.
fn protect_gaps(spans: &mut Spans<'_>, start: usize, end: usize) {
    let text = spans.text();
    let mut from = start;
    for (i, _) in text[start..end].char_indices() {
        let at = start + i;
        if !spans.is_free(at, at + 1) {
            spans.protect(from, at);
            from = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        }
    }
    spans.protect(from, end);
}

/// Claims public IPv4 addresses. Private, loopback, link-local, shared and multicast
/// addresses, network (`.0`) and broadcast (`.255`) addresses, and dotted numbers after
/// "version", "build", "firmware" or "release" are kept.
pub(super) fn find_ips(spans: &mut Spans<'_>) {
    let text = spans.text();
    for m in patterns().ipv4.find_iter(text) {
        let Some(octets) = parse_octets(m.as_str()) else {
            continue;
        };
        if !standalone(text, m.start(), m.end()) || !is_public(octets) {
            continue;
        }
        let before = line_before(text, m.start(), 24);
        let versioned = [
            "version", "versión", "versão", "versione", "versie", "ver.", "build", "firmware",
            "release", "v.",
        ]
        .iter()
        .any(|w| before.contains(w));
        if !versioned {
            spans.claim(m.start(), m.end(), Pii::Ip);
        }
    }
}

fn parse_octets(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for o in &mut out {
        let part = parts.next()?;
        if part.len() > 1 && part.starts_with('0') {
            return None;
        }
        *o = part.parse().ok()?;
    }
    Some(out)
}

fn is_public([a, b, _, d]: [u8; 4]) -> bool {
    let private = a == 10
        || a == 127
        || a == 0
        || (a == 169 && b == 254)
        || (a == 172 && (16..=31).contains(&b))
        || (a == 192 && b == 168)
        || (a == 100 && (64..=127).contains(&b));
    !private && a < 224 && d != 0 && d != 255
}
